/**
 * @module reconcile/reconcile
 * `reconcile({ plan, region, period, store })`: for every indicator a plan maps to reported data
 * elements and every region of a subtree, the figure the region reported, the figure recomputed
 * from the records, and the sum of its children's reported figures, with every difference
 * classified and, for record-level differences, the records themselves.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { type IsoDate, isoDateSchema } from '../date/index.js';
import { fail, parseWith } from '../errors/index.js';
import { evaluate, type IndicatorResult } from '../evaluate/evaluate.js';
import type { ExplainedRecord } from '../evaluate/explain.js';
import type { ExclusionReason } from '../expression/ir.js';
import type { Bilingual, Expression, Plan, ReportedAs } from '../indicator/schema.js';
import { parsePeriod } from '../period/index.js';
import {
  type Label,
  type RegionLevel,
  type RegionTree,
  regionCodeSchema,
} from '../region/index.js';
import { leavesOf } from '../store/aggregate.js';
import type { Store } from '../store/port.js';
import { storedTreeWith } from '../store/stored-tree.js';
import { type ReportIndex, readReports } from './reported.js';

/**
 * Classes of a difference between a reported figure and what it is compared with:
 * - `missing-from-store`: the region reported more than the store's records give, and no record
 *   the rule excludes accounts for it (records the region counted are not in the store; the
 *   records listed are those the rule left out for a missing required record);
 * - `excluded-by-rule`: the region reported more, and the store holds records the rule excludes
 *   for a reason a region easily overlooks (deregistered, large enterprise, outside the period…),
 *   listed with the explanation's exclusion reasons;
 * - `children-not-in-sum`: a parent's figure is not the sum of its children's reports (a child
 *   that reported is left out, or counted twice), the children listed;
 * - `numerator-changed` / `denominator-changed`: the store's records now give more than was
 *   reported (records added or corrected since, or not counted by the region);
 * - `rounding-only`: numerator and denominator agree, the reported value differs from the
 *   published one by less than one unit of its last decimal place;
 * - `value-inconsistent`: numerator and denominator agree, the reported value is further off.
 */
export const DIFFERENCE_CLASSES = [
  'missing-from-store',
  'excluded-by-rule',
  'children-not-in-sum',
  'numerator-changed',
  'denominator-changed',
  'rounding-only',
  'value-inconsistent',
] as const;
/** A difference class (see {@link DIFFERENCE_CLASSES}). */
export type DifferenceClass = (typeof DIFFERENCE_CLASSES)[number];

/** Chinese and English label of each difference class. */
export const DIFFERENCE_CLASS_LABELS: Readonly<Record<DifferenceClass, Bilingual>> = {
  'missing-from-store': {
    zh: '库中缺少上报所计的记录',
    en: 'records missing from the store',
  },
  'excluded-by-rule': {
    zh: '上报计入了口径排除的记录',
    en: 'records counted by the region but excluded by the rule',
  },
  'children-not-in-sum': {
    zh: '上报数不等于下级上报数之和',
    en: 'children that reported are not in the sum',
  },
  'numerator-changed': {
    zh: '分子变动（库中记录多于上报数）',
    en: 'numerator changed (the records give more than was reported)',
  },
  'denominator-changed': {
    zh: '分母变动（库中记录多于上报数）',
    en: 'denominator changed (the records give more than was reported)',
  },
  'rounding-only': { zh: '仅修约差异', en: 'rounding only' },
  'value-inconsistent': {
    zh: '上报比率与分子分母不符',
    en: 'reported value does not follow from its numerator and denominator',
  },
};

/**
 * Exclusion reasons a region easily overlooks when it counts by hand: the record exists and looks
 * like it belongs, but the rule leaves it out. A reported surplus is put down to these records
 * first (`excluded-by-rule`); the rest is `missing-from-store`.
 */
export const OVERLOOKED_EXCLUSIONS: readonly ExclusionReason[] = [
  'inactive',
  'size',
  'employees',
  'excluded-by-fact',
  'outside-period',
  'after-reference-date',
  'duplicate',
  'superseded',
  'missing-field',
  'employer-excluded',
];

/** A record or report involved in a difference or a rule violation. */
export interface InvolvedRecord {
  /** What kind of record or report it is. */
  readonly type: 'employer' | 'fact' | 'data-value' | 'region' | 'submission';
  /** Credit code, fact id, data-value key, region code or report key. */
  readonly id: string;
  /** The region the record belongs to. */
  readonly region: string;
  /** What it contributes (a count of 1, a summed field, a child's reported figure). */
  readonly value?: string;
  /** Why the rule excludes it, for an excluded record. */
  readonly reason?: ExclusionReason;
  /** The exclusion reason in words. */
  readonly message?: Bilingual;
  /** Further detail (a field, a date), without personal data. */
  readonly detail?: string;
}

/** One classified difference. */
export interface Difference {
  /** The classification of the difference. */
  readonly class: DifferenceClass;
  /** The class in words. */
  readonly label: Bilingual;
  /** Which figure differs: the numerator, the denominator or the printed value. */
  readonly role: 'numerator' | 'denominator' | 'value';
  /** The reported figure. */
  readonly reported: Decimal;
  /** What it is compared with: the recomputed figure, or the children's sum plus records no child reported. */
  readonly compared: Decimal;
  /** The part of `reported − compared` this class accounts for. */
  readonly amount: Decimal;
  /** The records or reports that make the difference (record-level classes). */
  readonly records: readonly InvolvedRecord[];
}

/** Figures of one side of a row. */
export interface RowFigures {
  /** The numerator (a count's figure for counts), or null when absent. */
  readonly numerator: Decimal | null;
  /** The denominator of a rate; null for counts or when absent. */
  readonly denominator: Decimal | null;
  /** The value (reported as printed; recomputed unrounded). */
  readonly value: Decimal | null;
}

/** One indicator at one region. */
export interface ReconciliationRow {
  /** The indicator id. */
  readonly indicator: string;
  /** The indicator's name. */
  readonly label: Bilingual;
  /** The region code. */
  readonly region: string;
  /** The region's name. */
  readonly regionName: Label;
  /** The region's level. */
  readonly level: RegionLevel;
  /** The parent region code (null at the root of the tree). */
  readonly parent: string | null;
  /** The report the figures were read from, when the region reported. */
  readonly submission?: {
    readonly key: string;
    readonly obligationId: string;
    readonly state: 'submitted' | 'approved';
  };
  /** The region's reported figures, or null when it has no submitted or approved report. */
  readonly reported: RowFigures | null;
  /** Recomputed from the store's records, as `evaluate` gives them. */
  readonly recomputed: RowFigures & {
    readonly rounded: Decimal | null;
    readonly formatted: string | null;
  };
  /**
   * Sums of the direct children's reported numerators and denominators (never a sum of rates),
   * or null when no child reported.
   */
  readonly childrenSum: {
    readonly numerator: Decimal | null;
    readonly denominator: Decimal | null;
    /** Children that reported. */
    readonly reporting: readonly string[];
    /** Children that did not. */
    readonly notReporting: readonly string[];
  } | null;
  /** The classified differences (empty when the figures agree). */
  readonly differences: readonly Difference[];
}

/** The result of {@link reconcile}. */
export interface Reconciliation {
  /** The plan id and the pack version used. */
  readonly plan: { readonly id: string; readonly version?: string };
  /** Root of the reconciled subtree. */
  readonly region: string;
  /** The period id. */
  readonly period: string;
  /** The day the records were recomputed as of. */
  readonly referenceDate: IsoDate;
  /** The obligation the reports were read from, when one was chosen. */
  readonly obligation?: string;
  /** One row per indicator and region of the subtree. */
  readonly rows: readonly ReconciliationRow[];
}

/** Options of {@link reconcile}. */
export interface ReconcileOptions {
  /** The plan: its indicators and `reportedAs` mappings. */
  readonly plan: Plan;
  /** Root of the subtree. */
  readonly region: string;
  /** The period id (`2025`, `2025Q3`, …). */
  readonly period: string;
  /** The store holding the records and the reports. */
  readonly store: Store;
  /** Only this obligation's reports and mappings (default: every mapping of the plan). */
  readonly obligation?: string;
  /** Recompute as of this day (within the period). */
  readonly asOf?: IsoDate;
}

const optionsSchema = z
  .object({
    plan: z.custom<Plan>(
      (p) => typeof p === 'object' && p !== null && Array.isArray((p as Plan).reportedAs ?? null),
      {
        message: 'must be a plan from definePlan() or a policy pack',
        params: { rule: 'reconcile.plan', messageZh: '必须是 definePlan() 或政策包给出的计划' },
      },
    ),
    region: regionCodeSchema,
    period: z.string().min(1).max(32),
    store: z.custom<Store>((s) => typeof s === 'object' && s !== null, {
      message: 'must be a Store',
      params: { rule: 'reconcile.store', messageZh: '必须是存储对象' },
    }),
    obligation: z.string().min(1).max(128).optional(),
    asOf: isoDateSchema.optional(),
  })
  .strict();

type Role = 'numerator' | 'denominator';

const ZERO = new Decimal(0);

function sum(values: readonly (Decimal | null | undefined)[]): Decimal | null {
  let total: Decimal | null = null;
  for (const v of values) if (v) total = (total ?? ZERO).plus(v);
  return total;
}

function leafList(expr: Expression): Expression[] {
  return [...leavesOf(expr).values()];
}

function fieldValue(record: unknown, path: string): Decimal | undefined {
  let v: unknown = record;
  for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)))
    return new Decimal(v);
  return undefined;
}

function involved(r: ExplainedRecord, value?: Decimal): InvolvedRecord {
  return {
    type: r.type,
    id: r.id,
    region: r.region,
    ...(value !== undefined ? { value: value.toFixed() } : r.value ? { value: r.value } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.message ? { message: r.message } : {}),
    ...(r.detail ? { detail: r.detail } : {}),
  };
}

function difference(
  cls: DifferenceClass,
  role: Difference['role'],
  reported: Decimal,
  compared: Decimal,
  amount: Decimal,
  records: readonly InvolvedRecord[] = [],
): Difference {
  return {
    class: cls,
    label: DIFFERENCE_CLASS_LABELS[cls],
    role,
    reported,
    compared,
    amount,
    records,
  };
}

interface Pending {
  readonly row: number;
  readonly role: Role;
  readonly reported: Decimal;
  readonly compared: Decimal;
}

/**
 * Reconcile reported figures with the records: per indicator mapped in the plan's `reportedAs`
 * and per region of the subtree, the reported figures (from the region's approved, else
 * submitted, report of the period), the figures recomputed from the store (`evaluate`), and the
 * sum of the direct children's reported numerators and denominators. Differences:
 * - a region none of whose children reported is compared with its records: a surplus is
 *   `excluded-by-rule` as far as records the rule excludes for an overlooked reason account for
 *   it, the rest `missing-from-store`; a shortfall is `numerator-changed` / `denominator-changed`;
 * - a region whose children reported is compared with their sum plus the records of the parts no
 *   child reported for; a difference is `children-not-in-sum` (its gap to its own records then
 *   comes from its children's rows, where it is classified);
 * - when numerator and denominator agree and the report printed the value, `rounding-only` or
 *   `value-inconsistent`.
 * Indicators aggregated `none` are compared with their own records only.
 * @throws ValidationError for bad options, an unknown region, or a plan with no `reportedAs`
 *   mapping (for the obligation).
 * @example
 * ```ts fragment
 * const result = await reconcile({ plan, region: '530000', period: '2025', store });
 * result.rows.filter((r) => r.differences.length > 0).map((r) => [r.region, r.differences[0]?.class]);
 * ```
 */
export async function reconcile(options: ReconcileOptions): Promise<Reconciliation> {
  parseWith(optionsSchema, options);
  const { plan, store } = options;
  const period = parsePeriod(options.period);
  const mappings = plan.reportedAs.filter(
    (m) =>
      options.obligation === undefined ||
      m.obligation === undefined ||
      m.obligation === options.obligation,
  );
  if (mappings.length === 0) {
    fail(
      'plan.reportedAs',
      options.obligation ?? null,
      'reconcile.no-mapping',
      `plan ${plan.id} maps no indicator to reported data elements${options.obligation ? ` for ${options.obligation}` : ''}`,
      `计划 ${plan.id}${options.obligation ? ` 对 ${options.obligation}` : ''} 未把任何指标映射到上报数据元（reportedAs）`,
    );
  }
  const tree = await storedTreeWith(store, options.region);
  const reports = await readReports(store, { region: options.region, period: period.id });
  const indicatorIds = [...new Set(mappings.map((m) => m.indicator))];
  const base = {
    plan,
    region: options.region,
    period: period.id,
    store,
    indicators: indicatorIds,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  };
  const evaluation = await evaluate(base);
  const results = new Map(evaluation.results.map((r) => [`${r.indicator}|${r.region}`, r]));
  const rows: MutableRow[] = [];
  const pending: Pending[] = [];
  for (const mapping of mappings) {
    const indicator = plan.indicators.find((i) => i.id === mapping.indicator)!;
    for (const code of tree.subtreeCodes(options.region)) {
      const result = results.get(`${indicator.id}|${code}`);
      if (!result) continue;
      const row = rowOf(mapping, result, code, tree, reports, results, options.obligation);
      const index = rows.length;
      rows.push(row);
      for (const p of row.toClassify) pending.push({ ...p, row: index });
    }
  }
  // Record lists only where a region reported more than its records give.
  const explainRegions = [
    ...new Set(pending.filter((p) => p.reported.gt(p.compared)).map((p) => rows[p.row]!.region)),
  ];
  const explained =
    explainRegions.length === 0
      ? new Map<string, IndicatorResult>()
      : new Map(
          (await evaluate({ ...base, explain: { regions: explainRegions } })).results.map((r) => [
            `${r.indicator}|${r.region}`,
            r,
          ]),
        );
  for (const p of pending) {
    const row = rows[p.row]!;
    const diff = p.reported.minus(p.compared);
    if (diff.isNegative()) {
      row.differences.push(difference(`${p.role}-changed`, p.role, p.reported, p.compared, diff));
      continue;
    }
    const result = explained.get(`${row.indicator}|${row.region}`);
    const input = result?.explanation.inputs.find((i) => i.role === p.role);
    const indicator = plan.indicators.find((i) => i.id === row.indicator)!;
    const expr = p.role === 'numerator' ? indicator.numerator : indicator.denominator!;
    const leaves = leafList(expr);
    const overlooked: InvolvedRecord[] = [];
    let explainedAmount = ZERO;
    for (const r of input?.excluded ?? []) {
      if (!r.reason || !OVERLOOKED_EXCLUSIONS.includes(r.reason)) continue;
      if (explainedAmount.gte(diff)) break;
      const leaf = leaves[r.term];
      let value = new Decimal(1);
      if (leaf?.op === 'sum-field' && r.type === 'fact') {
        const fact = await store.getFact(r.id);
        value = (fact && fieldValue(fact, leaf.field)) ?? ZERO;
        if (value.isZero()) continue;
      }
      overlooked.push(involved(r, value));
      explainedAmount = explainedAmount.plus(value);
    }
    const byRule = Decimal.min(diff, explainedAmount);
    if (byRule.gt(0)) {
      row.differences.push(
        difference('excluded-by-rule', p.role, p.reported, p.compared, byRule, overlooked),
      );
    }
    const rest = diff.minus(byRule);
    if (rest.gt(0)) {
      const missing = (input?.excluded ?? [])
        .filter((r) => r.reason === 'missing-fact')
        .map((r) => involved(r));
      row.differences.push(
        difference('missing-from-store', p.role, p.reported, p.compared, rest, missing),
      );
    }
  }
  return {
    plan: { id: plan.id, ...(plan.version === undefined ? {} : { version: plan.version }) },
    region: options.region,
    period: period.id,
    referenceDate: evaluation.referenceDate,
    ...(options.obligation === undefined ? {} : { obligation: options.obligation }),
    rows: rows.map(({ toClassify: _t, ...row }) => ({
      ...row,
      differences: [...row.differences].sort(
        (a, b) =>
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
          DIFFERENCE_CLASSES.indexOf(a.class) - DIFFERENCE_CLASSES.indexOf(b.class),
      ),
    })),
  };
}

const ROLE_ORDER: Record<Difference['role'], number> = { numerator: 0, denominator: 1, value: 2 };

type MutableRow = Omit<ReconciliationRow, 'differences'> & {
  differences: Difference[];
  toClassify: Omit<Pending, 'row'>[];
};

function rowOf(
  mapping: ReportedAs,
  result: IndicatorResult,
  code: string,
  tree: RegionTree,
  reports: ReportIndex,
  results: ReadonlyMap<string, IndicatorResult>,
  obligation: string | undefined,
): MutableRow {
  const wanted = mapping.obligation ?? obligation;
  const region = tree.get(code)!;
  const read = (at: string, element: string | undefined) =>
    element === undefined ? undefined : reports.valueOf(at, element, wanted);
  const num = read(code, mapping.numerator);
  const den = read(code, mapping.denominator);
  const val = read(code, mapping.value);
  const reportedAny = num ?? den ?? val;
  const reported: RowFigures | null = reportedAny
    ? {
        numerator: num?.value ?? null,
        denominator: den?.value ?? null,
        value: val?.value ?? null,
      }
    : null;
  const roles: Role[] =
    mapping.denominator === undefined ? ['numerator'] : ['numerator', 'denominator'];
  const recomputedOf = (r: IndicatorResult | undefined, role: Role): Decimal =>
    (role === 'numerator' ? r?.numerator : r?.denominator) ?? ZERO;
  const rollsUp = result.explanation.aggregation.rule !== 'none';
  const children = rollsUp ? tree.children(code).map((c) => c.code) : [];
  const reporting = children.filter(
    (c) => read(c, mapping.numerator) !== undefined || read(c, mapping.denominator) !== undefined,
  );
  const childrenSum =
    reporting.length === 0
      ? null
      : {
          numerator: sum(reporting.map((c) => read(c, mapping.numerator)?.value)),
          denominator:
            mapping.denominator === undefined
              ? null
              : sum(reporting.map((c) => read(c, mapping.denominator)?.value)),
          reporting,
          notReporting: children.filter((c) => !reporting.includes(c)),
        };
  const differences: Difference[] = [];
  const toClassify: Omit<Pending, 'row'>[] = [];
  if (reported) {
    const gaps: {
      role: Role;
      rep: Decimal;
      expected: Decimal;
      childValues: { code: string; value: ReturnType<typeof read> }[];
    }[] = [];
    for (const role of roles) {
      const rep = role === 'numerator' ? reported.numerator : reported.denominator;
      if (rep === null) continue;
      const own = recomputedOf(result, role);
      if (!childrenSum) {
        if (!rep.eq(own)) toClassify.push({ role, reported: rep, compared: own });
        continue;
      }
      // Records of the parts of the subtree no child reported for (the region's own records and
      // the subtrees of children without a report).
      const residual = own.minus(
        sum(reporting.map((c) => recomputedOf(results.get(`${result.indicator}|${c}`), role))) ??
          ZERO,
      );
      const childValues = reporting.map((c) => ({
        code: c,
        value: read(c, role === 'numerator' ? mapping.numerator : mapping.denominator),
      }));
      const expected = (sum(childValues.map((c) => c.value?.value)) ?? ZERO).plus(residual);
      if (!rep.eq(expected)) gaps.push({ role, rep, expected, childValues });
    }
    // The child left out (or counted twice) is the one whose reports match every role's gap.
    const matches = (code: string, g: (typeof gaps)[number]) =>
      g.childValues.find((c) => c.code === code)?.value?.value.eq(g.expected.minus(g.rep).abs()) ??
      false;
    const everywhere = reporting.find((code) => gaps.every((g) => matches(code, g)));
    for (const g of gaps) {
      const own = everywhere ?? reporting.find((code) => matches(code, g));
      const listed = g.childValues.filter((c) =>
        own === undefined ? c.value !== undefined : c.code === own,
      );
      differences.push(
        difference(
          'children-not-in-sum',
          g.role,
          g.rep,
          g.expected,
          g.rep.minus(g.expected),
          listed.map((c) => ({
            type: 'submission' as const,
            id: c.value!.submission,
            region: c.code,
            value: c.value!.value.toFixed(),
          })),
        ),
      );
    }
    const agree = roles.every((role) => {
      const rep = role === 'numerator' ? reported.numerator : reported.denominator;
      return rep !== null && rep.eq(recomputedOf(result, role));
    });
    if (agree && reported.value !== null && result.rounded !== null && result.value !== null) {
      if (!reported.value.eq(result.rounded)) {
        const unit = new Decimal(10).pow(-result.decimals);
        const cls = reported.value.minus(result.value).abs().lt(unit)
          ? 'rounding-only'
          : 'value-inconsistent';
        differences.push(
          difference(
            cls,
            'value',
            reported.value,
            result.rounded,
            reported.value.minus(result.rounded),
          ),
        );
      }
    }
  }
  return {
    indicator: result.indicator,
    label: result.label,
    region: code,
    regionName: region.name,
    level: region.level,
    parent: region.parent ?? null,
    ...(reportedAny
      ? {
          submission: {
            key: reportedAny.submission,
            obligationId: reportedAny.obligationId,
            state: reportedAny.state,
          },
        }
      : {}),
    reported,
    recomputed: {
      numerator: result.numerator,
      denominator: result.denominator,
      value: result.value,
      rounded: result.rounded,
      formatted: result.formatted,
    },
    childrenSum,
    differences,
    toClassify,
  };
}
