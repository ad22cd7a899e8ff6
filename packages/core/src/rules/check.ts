/**
 * @module rules/check
 * `checkRules({ plan, region, period, store })`: a plan's data-quality rules at every region of a
 * subtree, over records (recomputed as `evaluate` does) and reported values (the regions'
 * submitted or approved reports), with both sides' values and the records involved.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { SubmissionRecord } from '../calendar/workflow.js';
import { type IsoDate, isoDateSchema } from '../date/index.js';
import { fail, OccHealthError, parseWith } from '../errors/index.js';
import { evaluate } from '../evaluate/evaluate.js';
import type {
  Bilingual,
  IndicatorInput,
  Plan,
  QualityRule,
  RuleImportance,
  RuleOperand,
  RuleOperator,
  SourceRef,
} from '../indicator/schema.js';
import { type Period, parsePeriod, shiftPeriod } from '../period/index.js';
import { definePlan } from '../plans/define.js';
import type { InvolvedRecord } from '../reconcile/reconcile.js';
import { type ReportIndex, readReports } from '../reconcile/reported.js';
import {
  type Label,
  type RegionLevel,
  type RegionTree,
  regionCodeSchema,
} from '../region/index.js';
import type { Store } from '../store/port.js';
import { storedTreeWith } from '../store/stored-tree.js';

/** Chinese and English text of each rule operator. */
export const RULE_OPERATOR_LABELS: Readonly<Record<RuleOperator, Bilingual>> = {
  '<=': { zh: '不大于', en: 'at most' },
  '<': { zh: '小于', en: 'less than' },
  '=': { zh: '等于', en: 'equal to' },
  '>=': { zh: '不小于', en: 'at least' },
  '>': { zh: '大于', en: 'greater than' },
  '!=': { zh: '不等于', en: 'not equal to' },
};

/** One side of a checked rule: its operand, its value at the region and the records behind it. */
export interface RuleSide {
  /** What the side reads (as the rule declares it). */
  readonly operand: RuleOperand;
  /** The value, or null when the side has none (before the missing-value strategy). */
  readonly value: Decimal | null;
  /** Records counted on this side (records operands) or the reports read (reported operands). */
  readonly records: readonly InvolvedRecord[];
}

/** A rule that failed at a region. */
export interface RuleViolation {
  /** The rule id. */
  readonly rule: string;
  /** The rule type (`compare` or `outlier`). */
  readonly type: QualityRule['type'];
  /** The rule's name. */
  readonly label: Bilingual;
  /** How important the rule is. */
  readonly importance: RuleImportance;
  /** Whether this violation refuses approval of the report. */
  readonly blocksApproval: boolean;
  /** The region code. */
  readonly region: string;
  /** The region's name. */
  readonly regionName: Label;
  /** The region's level. */
  readonly level: RegionLevel;
  /** `compare`: the left side; `outlier`: the value of the period. */
  readonly left: RuleSide;
  /** `compare`: the operator; `outlier`: `within-factor`. */
  readonly operator: RuleOperator | 'within-factor';
  /** `compare`: the right side; `outlier`: the same period last year. */
  readonly right: RuleSide;
  /** `outlier`: this period ÷ the same period last year (null when last year is 0). */
  readonly ratio?: Decimal | null;
  /** `outlier`: the pack's factor. */
  readonly factor?: string;
  /** What failed, in words. */
  readonly message: Bilingual;
  /** The clause the rule comes from. */
  readonly source: SourceRef;
}

/** The result of {@link checkRules}. */
export interface RuleCheck {
  /** The plan id and the pack version used. */
  readonly plan: { readonly id: string; readonly version?: string };
  /** Root of the checked subtree. */
  readonly region: string;
  /** The period id. */
  readonly period: string;
  /** Rule × region pairs checked (a pair skipped by its missing-value strategy is not counted). */
  readonly checked: number;
  /** Rule × region pairs skipped for missing values. */
  readonly skipped: number;
  /** The rules that failed, per region. */
  readonly violations: readonly RuleViolation[];
}

/** Options of {@link checkRules}. */
export interface CheckRulesOptions {
  /** The plan whose rules are checked. */
  readonly plan: Plan;
  /** Root of the subtree. */
  readonly region: string;
  /** The period id. */
  readonly period: string;
  /** The store holding the records and the reports. */
  readonly store: Store;
  /** Recompute records as of this day (within the period). */
  readonly asOf?: IsoDate;
  /** Only these rules (default: all of the plan). */
  readonly rules?: readonly string[];
  /** Only the root region itself, not its subtree (default false). */
  readonly rootOnly?: boolean;
  /** Reported operands read only this obligation's reports unless the rule names its own. */
  readonly obligation?: string;
}

const optionsSchema = z
  .object({
    plan: z.custom<Plan>(
      (p) => typeof p === 'object' && p !== null && Array.isArray((p as Plan).rules ?? null),
      {
        message: 'must be a plan from definePlan() or a policy pack',
        params: { rule: 'check-rules.plan', messageZh: '必须是 definePlan() 或政策包给出的计划' },
      },
    ),
    region: regionCodeSchema,
    period: z.string().min(1).max(32),
    store: z.custom<Store>((s) => typeof s === 'object' && s !== null, {
      message: 'must be a Store',
      params: { rule: 'check-rules.store', messageZh: '必须是存储对象' },
    }),
    asOf: isoDateSchema.optional(),
    rules: z.array(z.string().min(1).max(128)).max(10_000).optional(),
    rootOnly: z.boolean().optional(),
    obligation: z.string().min(1).max(128).optional(),
  })
  .strict();

/**
 * A data-quality rule failed where it blocks approval (see {@link assertApprovable}).
 * @example
 * ```ts check
 * import type { RuleViolation } from '@occhealth/core';
 * declare const violations: readonly RuleViolation[]; // from checkRules(), at least one blocking
 * const error = new RuleViolationError('tech-service|530102|2025', violations);
 * console.log(error instanceof OccHealthError, error.violations === violations);
 * ```
 */
export class RuleViolationError extends OccHealthError {
  /** The blocking violations. */
  readonly violations: readonly RuleViolation[];

  constructor(report: string, violations: readonly RuleViolation[]) {
    const first = violations[0]!;
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
    const moreZh = violations.length > 1 ? `（另有 ${violations.length - 1} 条）` : '';
    super(
      'RULE_VIOLATED',
      `report ${report} cannot be approved: rule ${first.rule} fails at ${first.region}: ${first.message.en}${more}`,
      `报送 ${report} 不能审核通过：${first.region} 未通过规则 ${first.rule}：${first.message.zh}${moreZh}`,
      {
        path: 'rules',
        value: first.rule,
        rule: `rule.${first.rule}`,
        region: first.region,
        report,
      },
    );
    this.violations = violations;
  }
}

const ZERO = new Decimal(0);

function operandKey(o: RuleOperand): string {
  return JSON.stringify(o);
}

function compare(left: Decimal, op: RuleOperator, right: Decimal): boolean {
  switch (op) {
    case '<=':
      return left.lte(right);
    case '<':
      return left.lt(right);
    case '=':
      return left.eq(right);
    case '>=':
      return left.gte(right);
    case '>':
      return left.gt(right);
    case '!=':
      return !left.eq(right);
  }
}

/**
 * The same period one year earlier (`2025` → `2024`, `2025Q3` → `2024Q3`, `2025-07` → `2024-07`).
 * @example samePeriodLastYear('2025Q3').id // '2024Q3'
 * @throws ValidationError for weeks and custom spans, which have no same period last year.
 */
export function samePeriodLastYear(period: Period | string): Period {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  const steps: Partial<Record<Period['type'], number>> = {
    year: 1,
    half: 2,
    quarter: 4,
    month: 12,
  };
  const n = steps[p.type];
  if (n === undefined) {
    fail(
      'period',
      p.id,
      'rule.outlier-period',
      `an outlier rule compares with the same period last year, which a ${p.type} period does not have`,
      `离群值规则与上年同期比较，${p.type} 类型的期间没有上年同期`,
    );
  }
  return shiftPeriod(p, -n);
}

/** Values of every operand at every region of the subtree for one period. */
interface Reading {
  value(o: RuleOperand, region: string): Decimal | null;
  records(o: RuleOperand, region: string): Promise<InvolvedRecord[]>;
}

async function readPeriod(
  plan: Plan,
  operands: readonly RuleOperand[],
  input: {
    readonly region: string;
    readonly period: string;
    readonly store: Store;
    readonly tree: RegionTree;
    readonly asOf?: IsoDate;
    readonly obligationOf: (o: RuleOperand) => string | undefined;
  },
): Promise<Reading> {
  const synthetic = new Map<string, { id: string; indicator: IndicatorInput }>();
  for (const o of operands) {
    const key = operandKey(o);
    if (synthetic.has(key)) continue;
    const id = `rule-operand-${synthetic.size}`;
    if ('records' in o) {
      synthetic.set(key, {
        id,
        indicator: {
          id,
          label: { zh: id, en: id },
          kind: 'count',
          numerator: o.records,
          unit: { zh: '项', en: 'items' },
          aggregation: 'sum',
        },
      });
    } else if ('indicator' in o) {
      const ind = plan.indicators.find((i) => i.id === o.indicator)!;
      const expr = o.part === 'numerator' ? ind.numerator : ind.denominator!;
      synthetic.set(key, {
        id,
        indicator: {
          id,
          label: { zh: id, en: id },
          kind: 'count',
          numerator: expr,
          unit: { zh: '项', en: 'items' },
          aggregation: ind.aggregation === 'ratio-of-sums' ? 'sum' : ind.aggregation,
        },
      });
    }
  }
  const figures = new Map<string, Decimal | null>();
  let explainPlan: Plan | undefined;
  if (synthetic.size > 0) {
    explainPlan = definePlan({
      id: `${plan.id}.rules`,
      label: plan.label,
      source: plan.source,
      dataElements: plan.dataElements,
      indicators: [...synthetic.values()].map((s) => s.indicator),
    });
    const evaluation = await evaluate({
      plan: explainPlan,
      region: input.region,
      period: input.period,
      store: input.store,
      ...(input.asOf === undefined ? {} : { asOf: input.asOf }),
    });
    for (const r of evaluation.results) figures.set(`${r.indicator}|${r.region}`, r.numerator);
  }
  const reports: ReportIndex = await readReports(input.store, {
    region: input.region,
    period: input.period,
  });
  const reportedAt = (region: string, element: string, o: RuleOperand) =>
    reports.valueOf(region, element, input.obligationOf(o));
  return {
    value(o, region) {
      if ('reported' in o) return reportedAt(region, o.reported, o)?.value ?? null;
      if ('childrenReported' in o) {
        let total: Decimal | null = null;
        for (const c of input.tree.children(region)) {
          const v = reportedAt(c.code, o.childrenReported, o);
          if (v) total = (total ?? ZERO).plus(v.value);
        }
        return total;
      }
      return figures.get(`${synthetic.get(operandKey(o))!.id}|${region}`) ?? null;
    },
    async records(o, region) {
      if ('reported' in o) {
        const v = reportedAt(region, o.reported, o);
        return v
          ? [{ type: 'submission', id: v.submission, region, value: v.value.toFixed() }]
          : [];
      }
      if ('childrenReported' in o) {
        return input.tree.children(region).flatMap((c) => {
          const v = reportedAt(c.code, o.childrenReported, o);
          return v
            ? [
                {
                  type: 'submission' as const,
                  id: v.submission,
                  region: c.code,
                  value: v.value.toFixed(),
                },
              ]
            : [];
        });
      }
      const id = synthetic.get(operandKey(o))!.id;
      const explained = await evaluate({
        plan: explainPlan!,
        region,
        period: input.period,
        store: input.store,
        indicators: [id],
        levels: [input.tree.get(region)!.level],
        explain: { regions: [region] },
        ...(input.asOf === undefined ? {} : { asOf: input.asOf }),
      });
      const result = explained.results.find((r) => r.region === region);
      return (result?.explanation.inputs[0]?.counted ?? []).map((r) => ({
        type: r.type,
        id: r.id,
        region: r.region,
        ...(r.value === undefined ? {} : { value: r.value }),
      }));
    },
  };
}

function describeOperand(o: RuleOperand, plan: Plan): Bilingual {
  const element = (id: string) => {
    const d = plan.dataElements.find((e) => e.id === id);
    return { zh: d?.label.zh ?? id, en: d?.label.en ?? id };
  };
  if ('reported' in o) {
    const e = element(o.reported);
    return { zh: `上报的${e.zh}`, en: `reported ${e.en}` };
  }
  if ('childrenReported' in o) {
    const e = element(o.childrenReported);
    return { zh: `下级上报的${e.zh}之和`, en: `sum of the children's reported ${e.en}` };
  }
  if ('indicator' in o) {
    const ind = plan.indicators.find((i) => i.id === o.indicator);
    const label = ind?.label ?? { zh: o.indicator, en: o.indicator };
    return o.part === 'numerator'
      ? { zh: `${label.zh}的分子（按记录）`, en: `numerator of ${label.en} (from records)` }
      : { zh: `${label.zh}的分母（按记录）`, en: `denominator of ${label.en} (from records)` };
  }
  return { zh: '按记录计算的值', en: 'the value from records' };
}

/**
 * Check a plan's data-quality rules at every region of a subtree (or only the root with
 * `rootOnly`). A `compare` rule reads both sides, applies its missing-value strategy and compares;
 * an `outlier` rule compares the value with the same period last year
 * (`ratio-to-same-period-last-year`: this ÷ last year above `factor` or below 1 ÷ `factor`; last
 * year 0 and this year not 0 is a violation). Each violation carries both sides' values and the
 * records involved (the records counted, or the reports read).
 * @throws ValidationError for bad options, an unknown region or rule id.
 * @example
 * ```ts fragment
 * const { violations } = await checkRules({ plan, region: '530000', period: '2025', store });
 * violations.map((v) => `${v.region} ${v.rule}: ${v.left.value} ${v.operator} ${v.right.value}`);
 * ```
 */
export async function checkRules(options: CheckRulesOptions): Promise<RuleCheck> {
  parseWith(optionsSchema, options);
  const { plan, store } = options;
  const period = parsePeriod(options.period);
  const tree = await storedTreeWith(store, options.region);
  for (const [i, id] of (options.rules ?? []).entries()) {
    if (!plan.rules.some((r) => r.id === id))
      fail(
        `rules.${i}`,
        id,
        'rule.unknown',
        `plan ${plan.id} has no rule ${id}`,
        `计划 ${plan.id} 没有规则 ${id}`,
      );
  }
  const rules = plan.rules.filter(
    (r) => options.rules === undefined || options.rules.includes(r.id),
  );
  const regions = options.rootOnly ? [options.region] : tree.subtreeCodes(options.region);
  const thisYear: RuleOperand[] = [];
  const lastYear: RuleOperand[] = [];
  for (const r of rules) {
    const operands = r.type === 'compare' ? [r.left, r.right] : [r.value];
    thisYear.push(...operands);
    if (r.type === 'outlier') lastYear.push(r.value);
  }
  const context = {
    region: options.region,
    store,
    tree,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  };
  // A reported operand reads its rule's obligation, else the caller's.
  const obligations = new Map<RuleOperand, string | undefined>();
  for (const r of rules)
    for (const o of r.type === 'compare' ? [r.left, r.right] : [r.value])
      obligations.set(o, r.obligation ?? options.obligation);
  const obligationOf = (o: RuleOperand) => obligations.get(o) ?? options.obligation;
  const now = await readPeriod(plan, thisYear, { ...context, period: period.id, obligationOf });
  const before =
    lastYear.length > 0
      ? await readPeriod(plan, lastYear, {
          ...context,
          period: samePeriodLastYear(period).id,
          obligationOf,
          asOf: undefined,
        })
      : undefined;
  let checked = 0;
  let skipped = 0;
  const violations: RuleViolation[] = [];
  for (const rule of rules) {
    for (const code of regions) {
      const region = tree.get(code)!;
      if (rule.levels && !rule.levels.includes(region.level)) continue;
      const [leftOperand, rightOperand, rightReading] =
        rule.type === 'compare' ? [rule.left, rule.right, now] : [rule.value, rule.value, before!];
      const left = now.value(leftOperand, code);
      const right = rightReading.value(rightOperand, code);
      const skip =
        rule.missing === 'skip-if-any-missing'
          ? left === null || right === null
          : rule.missing === 'skip-if-all-missing'
            ? left === null && right === null
            : false;
      if (skip) {
        skipped += 1;
        continue;
      }
      checked += 1;
      const l = left ?? ZERO;
      const r = right ?? ZERO;
      let failed: boolean;
      let ratio: Decimal | null | undefined;
      let message: Bilingual;
      if (rule.type === 'compare') {
        failed = !compare(l, rule.operator, r);
        const a = describeOperand(rule.left, plan);
        const b = describeOperand(rule.right, plan);
        const op = RULE_OPERATOR_LABELS[rule.operator];
        message = {
          zh: `${a.zh}（${l.toFixed()}）应${op.zh}${b.zh}（${r.toFixed()}）`,
          en: `${a.en} (${l.toFixed()}) must be ${op.en} ${b.en} (${r.toFixed()})`,
        };
      } else {
        const factor = new Decimal(rule.factor);
        ratio = r.isZero() ? null : l.div(r);
        failed =
          ratio === null ? !l.isZero() : ratio.gt(factor) || ratio.lt(new Decimal(1).div(factor));
        const a = describeOperand(rule.value, plan);
        message = {
          zh: `${a.zh}为 ${l.toFixed()}，上年同期为 ${r.toFixed()}，变化超过 ${rule.factor} 倍（方法：与上年同期之比）`,
          en: `${a.en} is ${l.toFixed()} against ${r.toFixed()} in the same period last year, beyond a factor of ${rule.factor} (method: ratio to the same period last year)`,
        };
      }
      if (!failed) continue;
      violations.push({
        rule: rule.id,
        type: rule.type,
        label: rule.label,
        importance: rule.importance,
        blocksApproval: rule.blocksApproval,
        region: code,
        regionName: region.name,
        level: region.level,
        left: { operand: leftOperand, value: left, records: await now.records(leftOperand, code) },
        operator: rule.type === 'compare' ? rule.operator : 'within-factor',
        right: {
          operand: rightOperand,
          value: right,
          records: await rightReading.records(rightOperand, code),
        },
        ...(rule.type === 'outlier' ? { ratio: ratio ?? null, factor: rule.factor } : {}),
        message,
        source: rule.source,
      });
    }
  }
  return {
    plan: { id: plan.id, ...(plan.version === undefined ? {} : { version: plan.version }) },
    region: options.region,
    period: period.id,
    checked,
    skipped,
    violations,
  };
}

/**
 * The blocking violations of a report: the plan's rules with `blocksApproval` that fail at the
 * report's region for its period, reported operands read from the report's obligation (unless a
 * rule names its own).
 * @example
 * ```ts fragment
 * const blocking = await blockingViolations({ plan, store, report });
 * blocking.length; // 0 when it may be approved
 * ```
 */
export async function blockingViolations(input: {
  readonly plan: Plan;
  readonly store: Store;
  readonly report: Pick<SubmissionRecord, 'id' | 'region' | 'period' | 'obligationId'>;
}): Promise<RuleViolation[]> {
  const blocking = input.plan.rules.filter(
    (r) =>
      r.blocksApproval &&
      (r.obligation === undefined || r.obligation === input.report.obligationId),
  );
  if (blocking.length === 0) return [];
  const result = await checkRules({
    plan: input.plan,
    region: input.report.region,
    period: input.report.period,
    store: input.store,
    rules: blocking.map((r) => r.id),
    rootOnly: true,
    obligation: input.report.obligationId,
  });
  return [...result.violations];
}

/**
 * Refuse the approval of a report while a blocking rule fails for it.
 * @throws RuleViolationError (`RULE_VIOLATED`) listing the blocking violations.
 * @example
 * ```ts fragment
 * await assertApprovable({ plan, store, report }); // throws while 合格岗位数 > 检测岗位数
 * ```
 */
export async function assertApprovable(input: {
  readonly plan: Plan;
  readonly store: Store;
  readonly report: Pick<SubmissionRecord, 'id' | 'region' | 'period' | 'obligationId'>;
}): Promise<void> {
  const violations = await blockingViolations(input);
  if (violations.length > 0) throw new RuleViolationError(input.report.id, violations);
}
