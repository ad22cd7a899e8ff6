/**
 * @module evaluate/evaluate
 * `evaluate({ plan, region, period, store })`: every indicator of a plan at every region of a
 * subtree, with value, target, status, gap, rank, time progress, warnings and an explanation.
 */
import { Decimal } from 'decimal.js';
import type { IsoDate } from '../date/index.js';
import { fail, NotFoundError, parseWith } from '../errors/index.js';
import { describeExpression, formulaOf } from '../indicator/describe.js';
import { indicatorDecimals, indicatorFactor } from '../indicator/indicator.js';
import { compareWith, ratio, roundValue } from '../indicator/rounding.js';
import type {
  Bilingual,
  CountRegionsExpr,
  Expression,
  Indicator,
  LeafExpression,
  Plan,
  RoundingMode,
  Target,
} from '../indicator/schema.js';
import { parsePeriod } from '../period/index.js';
import {
  type Label,
  levelRank,
  type Region,
  type RegionLevel,
  type RegionTree,
} from '../region/index.js';
import {
  type AggregateRequest,
  expressionKey,
  leavesOf,
  normaliseExpression,
} from '../store/aggregate.js';
import type { Store } from '../store/port.js';
import { allocationTargets } from '../target/allocation.js';
import {
  type Gap,
  gapTo,
  type Judgement,
  judge,
  selectTarget,
  type TimeProgress,
  timeProgress,
} from '../target/target.js';
import {
  aggregationText,
  EXCLUSION_REASON_LABELS,
  type ExplainedInput,
  type ExplainedRecord,
  type Explanation,
} from './explain.js';
import { type Forecast, withForecasts } from './forecast.js';
import {
  decide,
  decisionsWithin,
  figuresOf,
  type RecordDecision,
  readSnapshot,
  type Snapshot,
} from './memory.js';
import { evaluateOptionsSchema } from './options.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The plan (from `definePlan()` or a policy pack). */
  readonly plan: Plan;
  /** Root of the subtree to evaluate. */
  readonly region: string;
  /** Period id, e.g. `2025`, `2025Q2`. */
  readonly period: string;
  /** The store the records are read from (its `aggregate()` when it has one). */
  readonly store: Store;
  /** Only regions of these levels (default: every region of the subtree). */
  readonly levels?: readonly RegionLevel[];
  /** Only these indicators (default: all of the plan). */
  readonly indicators?: readonly string[];
  /** Evaluate as of this day (within the period): the registry snapshot and last fact day. */
  readonly asOf?: IsoDate;
  /**
   * List the records counted and excluded in each explanation: `true` for every region, or only
   * the given regions. Record lists come from the in-memory path, so the store's `aggregate()` is
   * not used when records are asked for.
   */
  readonly explain?: boolean | { readonly regions: readonly string[] };
  /** Use the store's `aggregate()` when it has one (default true). */
  readonly pushdown?: boolean;
}

/** Status of an indicator at a region. */
export type Status = 'met' | 'not-met' | 'no-data' | 'not-applicable';

/** Why a status is `no-data` or `not-applicable`. */
export interface StatusReason {
  /** Stable code to switch on. */
  readonly code: 'zero-denominator' | 'no-values' | 'no-target';
  /** The reason in Chinese and English, for display. */
  readonly message: Bilingual;
}

/** A data-quality warning. */
export interface Warning {
  /** Stable code to switch on: a proportion above 100 %, or records counted over no base. */
  readonly code: 'above-100' | 'numerator-without-denominator';
  /** The warning in Chinese and English, for display. */
  readonly message: Bilingual;
}

/** One indicator at one region. */
export interface IndicatorResult {
  /** The indicator's id in the plan. */
  readonly indicator: string;
  /** The indicator's name, e.g. 职业病危害项目申报率. */
  readonly label: Bilingual;
  /** Code of the region this figure is for. */
  readonly region: string;
  /** The region's name. */
  readonly regionName: Label;
  /** The region's level. */
  readonly level: RegionLevel;
  /** Code of the parent region; null at the root of the store's tree. */
  readonly parent: string | null;
  /** Sum of the numerator over the region's subtree; null when there is no data. */
  readonly numerator: Decimal | null;
  /** Null for count indicators and when no data. */
  readonly denominator: Decimal | null;
  /** Unrounded value (numerator ÷ denominator × factor, or numerator × factor). */
  readonly value: Decimal | null;
  /** Value rounded once in the indicator's mode. */
  readonly rounded: Decimal | null;
  /** Published string, e.g. `"86.5"`. */
  readonly formatted: string | null;
  /** The indicator's published decimal places (what `rounded` and `formatted` carry). */
  readonly decimals: number;
  /** The indicator's rounding mode, applied once to `value` to give `rounded`. */
  readonly rounding: RoundingMode;
  /** The unit the value is published in (`%`, `家`…). */
  readonly unit: Bilingual;
  /** Against the target: met, not met, no data, or not applicable (no target). */
  readonly status: Status;
  /** Why the status is `no-data` or `not-applicable`. */
  readonly reason?: StatusReason;
  /** The plan's target that applies to this region and period, if any. */
  readonly target?: Target;
  /** How the target's rule judged the value (which value was compared, on which date). */
  readonly judgement?: Judgement;
  /** Numerator units to add (or remove) to meet the target, denominator fixed. */
  readonly gap?: Gap;
  /** Rank among sibling regions in the result (1 = best; ties share a rank). */
  readonly rank?: number;
  /** Number of ranked siblings (including this region). */
  readonly rankOf?: number;
  /** 时序进度 of a yearly target. */
  readonly progress?: TimeProgress;
  /**
   * The year-end forecast, when a yearly target is evaluated part-way through its year (the
   * reference date before 31 December).
   */
  readonly forecast?: Forecast;
  /** Data-quality warnings about the figure (empty when none). */
  readonly warnings: readonly Warning[];
  /** How the figure was computed: formula, inputs, aggregation, rounding and comparison. */
  readonly explanation: Explanation;
}

/** The result of {@link evaluate}. */
export interface Evaluation {
  /** The plan's id. */
  readonly plan: string;
  /** The plan's version (a pack's rules version), when it has one. */
  readonly planVersion?: string;
  /** The root region evaluated. */
  readonly region: string;
  /** The period evaluated (`2025`, `2025Q1`…). */
  readonly period: string;
  /** The day the figures are as of: `asOf`, else the period's end. */
  readonly referenceDate: IsoDate;
  /** Where the figures came from: the store's `aggregate()` or the core's in-memory path. */
  readonly via: 'aggregate' | 'memory';
  /** One result per indicator and region, the root region's first. */
  readonly results: readonly IndicatorResult[];
}

type Figures = Map<string, Map<string, Decimal | null>>;

const DECIMAL_FIELDS = new Set(['totalInvestment', 'penalty']);

function isIntegral(expr: Expression, plan: Plan): boolean {
  switch (expr.op) {
    case 'count-employers':
    case 'count-facts':
    case 'count-regions':
      return true;
    case 'sum-field':
      return !DECIMAL_FIELDS.has(expr.field.split('.')[0]!);
    case 'data-element':
      return plan.dataElements.find((d) => d.id === expr.id)?.valueType === 'count';
    case 'add':
      return expr.terms.every((t) => isIntegral(t, plan));
  }
}

/**
 * An indicator's `units` resolved for evaluation: its own units with their declared rank, and the
 * regions it does not count.
 */
interface Units {
  /** Discriminates memoised values (the indicator id). */
  readonly key: string;
  readonly own: ReadonlyMap<string, RegionLevel>;
  readonly notCounted: ReadonlySet<string>;
}

function unitsOf(ind: Indicator): Units | undefined {
  if (!ind.units) return undefined;
  return {
    key: ind.id,
    own: new Map((ind.units.own ?? []).map((u) => [u.region, u.level])),
    notCounted: new Set(ind.units.notCounted ?? []),
  };
}

/** The level a region is evaluated at under `units` (its declared rank when an own unit). */
function levelUnder(region: Region, units: Units | undefined): RegionLevel {
  return units?.own.get(region.code) ?? region.level;
}

/**
 * The own units strictly below `code` that `code` leaves out: those whose declared rank is
 * `code`'s rank or coarser (郑州, a prefecture, leaves out 航空港区 evaluated as a prefecture; the
 * province keeps it).
 */
function detachedUnder(code: string, tree: RegionTree, units: Units | undefined): string[] {
  if (!units || units.own.size === 0) return [];
  const self = tree.get(code);
  if (!self) return [];
  const rank = levelRank(levelUnder(self, units));
  const out: string[] = [];
  for (const [unit, level] of units.own)
    if (unit !== code && tree.isWithin(unit, code) && rank >= levelRank(level)) out.push(unit);
  return out;
}

/** The regions a `count-regions` expression looks at under `code`. */
function regionsCounted(
  expr: CountRegionsExpr,
  tree: RegionTree,
  code: string,
  units: Units | undefined,
): readonly Region[] {
  const all = tree.atLevel(expr.level, code);
  if (!units) return all;
  const detached = detachedUnder(code, tree, units);
  return all.filter(
    (r) => !units.notCounted.has(r.code) && !detached.some((u) => tree.isWithin(r.code, u)),
  );
}

/** Zero, shared: Decimals are immutable. */
const ZERO = new Decimal(0);

/** Value of an expression at a region from leaf figures (null: no data). */
function valueAt(
  expr: Expression,
  code: string,
  figures: Figures,
  tree: RegionTree,
  memo: Map<string, Decimal | null>,
  units?: Units,
): Decimal | null {
  if (expr.op !== 'add' && expr.op !== 'count-regions') {
    const leaf = figures.get(expressionKey(expr));
    const at = (c: string) => {
      const v = leaf?.get(c);
      if (v !== undefined) return v;
      return expr.op === 'data-element' ? null : ZERO;
    };
    let v = at(code);
    // An own unit's figures are its own, not its tree ancestor's (additive leaves only).
    for (const unit of detachedUnder(code, tree, units)) {
      if (v === null) break;
      const w = at(unit);
      if (w !== null) v = v.minus(w);
    }
    return v;
  }
  const memoKey = `${code}|${units?.key ?? ''}|${expressionKey(expr)}`;
  const cached = memo.get(memoKey);
  if (cached !== undefined) return cached;
  let out: Decimal | null;
  if (expr.op === 'add') {
    out = ZERO;
    for (const t of expr.terms) {
      const v = valueAt(t, code, figures, tree, memo, units);
      if (v === null) {
        out = null;
        break;
      }
      out = out.plus(v);
    }
  } else {
    let n = 0;
    for (const r of regionsCounted(expr, tree, code, units)) {
      if (!expr.where) n++;
      else {
        const v = valueAt(expr.where.expr, r.code, figures, tree, memo, units);
        if (v !== null && compareWith(v, expr.where.comparator, expr.where.value)) n++;
      }
    }
    out = new Decimal(n);
  }
  memo.set(memoKey, out);
  return out;
}

function leafList(expr: Expression): LeafExpression[] {
  return [...leavesOf(expr).values()];
}

function toRecord(d: RecordDecision, term: number): ExplainedRecord {
  return {
    type: d.type,
    id: d.id,
    region: d.region,
    term,
    ...(d.value !== undefined && d.reason === undefined ? { value: d.value.toFixed() } : {}),
    ...(d.reason !== undefined
      ? { reason: d.reason, message: EXCLUSION_REASON_LABELS[d.reason] }
      : {}),
    ...(d.detail !== undefined ? { detail: d.detail } : {}),
  };
}

interface Context {
  readonly plan: Plan;
  readonly tree: RegionTree;
  readonly figures: Figures;
  readonly memo: Map<string, Decimal | null>;
  readonly decisions?: Map<string, RecordDecision[]>;
  readonly snapshot?: Snapshot;
  /** The evaluated indicator's units, when it names any. */
  readonly units?: Units;
}

function recordsOf(
  expr: Expression,
  code: string,
  ctx: Context,
): { counted: ExplainedRecord[]; excluded: ExplainedRecord[] } {
  const counted: ExplainedRecord[] = [];
  const excluded: ExplainedRecord[] = [];
  if (expr.op === 'count-regions') {
    for (const r of regionsCounted(expr, ctx.tree, code, ctx.units)) {
      const v = expr.where
        ? valueAt(expr.where.expr, r.code, ctx.figures, ctx.tree, ctx.memo, ctx.units)
        : null;
      const base = { type: 'region' as const, id: r.code, region: r.code, term: 0 };
      if (!expr.where) counted.push({ ...base, value: '1' });
      else if (v === null)
        excluded.push({ ...base, reason: 'no-data', message: EXCLUSION_REASON_LABELS['no-data'] });
      else if (compareWith(v, expr.where.comparator, expr.where.value))
        counted.push({ ...base, value: '1', detail: v.toFixed() });
      else
        excluded.push({
          ...base,
          reason: 'condition-not-met',
          message: EXCLUSION_REASON_LABELS['condition-not-met'],
          detail: v.toFixed(),
        });
    }
    return { counted, excluded };
  }
  const detached = detachedUnder(code, ctx.tree, ctx.units);
  leafList(expr).forEach((leaf, term) => {
    const all = ctx.decisions?.get(expressionKey(leaf)) ?? [];
    for (const d of decisionsWithin(leaf, all, ctx.tree, code)) {
      if (detached.some((u) => ctx.tree.isWithin(d.region, u))) continue;
      (d.reason === undefined ? counted : excluded).push(toRecord(d, term));
    }
  });
  return { counted, excluded };
}

function wantsRecords(explain: EvaluateOptions['explain'], code: string): boolean {
  if (explain === true) return true;
  if (!explain) return false;
  return explain.regions.includes(code);
}

// Formula texts depend only on the (immutable) indicator or expression: computed once, not once
// per region.
const FORMULAS = new WeakMap<Indicator, Bilingual>();
const DESCRIPTIONS = new WeakMap<Expression, Bilingual>();
function cached<K extends object, V>(cache: WeakMap<K, V>, key: K, make: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    cache.set(key, value);
  }
  return value;
}

const PLAN_REFS = new WeakMap<Plan, { readonly id: string; readonly version?: string }>();

/** The `{ id, version }` an explanation names, one shared object per plan. */
function planRef(plan: Plan): { readonly id: string; readonly version?: string } {
  let ref = PLAN_REFS.get(plan);
  if (!ref) {
    ref = plan.version === undefined ? { id: plan.id } : { id: plan.id, version: plan.version };
    PLAN_REFS.set(plan, ref);
  }
  return ref;
}

/** What every result of one indicator shares: computed once per indicator, not once per region. */
interface IndicatorParts {
  readonly ind: Indicator;
  readonly num: Expression;
  readonly den: Expression | undefined;
  readonly factor: Decimal;
  readonly factorText: string;
  readonly decimals: number;
  readonly integral: boolean;
  /** The plan's targets of this indicator (every other target is skipped by selectTarget). */
  readonly targets: readonly Target[];
  readonly aggregation: Explanation['aggregation'];
  /**
   * Value, rounded value and its text per (numerator, denominator) pair, by identity: the
   * aggregate path shares one `Decimal` per distinct figure, and most pairs repeat across
   * thousands of counties, so each is divided and rounded once (Decimals are immutable).
   */
  readonly values: Map<Decimal, Map<Decimal | null, Computed>>;
}

/** A computed value of one indicator: unrounded, rounded and formatted. */
interface Computed {
  readonly value: Decimal;
  readonly unrounded: string;
  readonly rounded: Decimal;
  readonly formatted: string;
}

/** The value of `n` (÷ `d`) × factor, rounded, computed once per pair of figures. */
function computed(parts: IndicatorParts, n: Decimal, d: Decimal | null): Computed {
  let byN = parts.values.get(n);
  if (!byN) {
    byN = new Map();
    parts.values.set(n, byN);
  }
  let hit = byN.get(d);
  if (!hit) {
    const value = d === null ? n.times(parts.factor) : ratio(n, d, parts.factor);
    const rounded = roundValue(value, parts.decimals, parts.ind.rounding);
    hit = {
      value,
      unrounded: value.toFixed(),
      rounded,
      formatted: rounded.toFixed(parts.decimals),
    };
    byN.set(d, hit);
  }
  return hit;
}

/** `Decimal#toFixed()` of a figure, once per (shared) figure. */
const TEXTS = new WeakMap<Decimal, string>();
function textOf(v: Decimal): string {
  let t = TEXTS.get(v);
  if (t === undefined) {
    t = v.toFixed();
    TEXTS.set(v, t);
  }
  return t;
}

function indicatorParts(ind: Indicator, plan: Plan, targets: readonly Target[]): IndicatorParts {
  const num = normaliseExpression(ind.numerator, ind.aggregation);
  const factor = indicatorFactor(ind);
  return {
    ind,
    num,
    den: ind.denominator ? normaliseExpression(ind.denominator, ind.aggregation) : undefined,
    factor,
    factorText: factor.toFixed(),
    decimals: indicatorDecimals(ind),
    integral: isIntegral(num, plan),
    targets: targets.filter((t) => t.indicator === ind.id),
    aggregation: { rule: ind.aggregation, text: aggregationText(ind.aggregation) },
    values: new Map(),
  };
}

// Reasons and their texts are the same for every figure: one shared (read-only) object each.
const NO_VALUES: StatusReason = {
  code: 'no-values',
  message: { zh: '无数据（未报送数值）', en: 'no data (no values reported)' },
};
const ZERO_DENOMINATOR: StatusReason = {
  code: 'zero-denominator',
  message: { zh: '分母为0，无法计算', en: 'the denominator is zero' },
};
const NO_TARGET: StatusReason = {
  code: 'no-target',
  message: { zh: '本期本地区无目标', en: 'no target for this region and period' },
};

/** What an explanation is built from (everything else comes from the indicator's parts). */
interface ExplanationInputs {
  readonly parts: IndicatorParts;
  readonly region: Region;
  readonly n: Decimal | null;
  readonly d: Decimal | null;
  readonly value: Decimal | null;
  readonly unrounded: string | null;
  readonly formatted: string | null;
  readonly judgement: Judgement | undefined;
  readonly target: Target | undefined;
  readonly records: boolean;
  readonly via: 'aggregate' | 'memory';
}

function explanationOf(x: ExplanationInputs, ctx: Context): Explanation {
  const { parts, judgement, target } = x;
  const { ind, num, den } = parts;
  const inputs: ExplainedInput[] = [];
  for (const [role, expr, v, label] of [
    ['numerator', num, x.n, ind.numeratorLabel],
    ...(den ? [['denominator', den, x.d, ind.denominatorLabel] as const] : []),
  ] as const) {
    inputs.push({
      role,
      label: label ?? cached(DESCRIPTIONS, expr, describeExpression),
      expression: expr,
      value: v === null ? null : textOf(v),
      ...(x.records ? recordsOf(expr, x.region.code, ctx) : {}),
    });
  }
  const unrounded = x.unrounded;
  // The compared value is the unrounded one unless the target compares the rounded value.
  const compared =
    judgement === undefined
      ? undefined
      : judgement.compared === x.value
        ? unrounded!
        : judgement.compared.toFixed();
  return {
    formula: cached(FORMULAS, ind, formulaOf),
    factor: parts.factorText,
    aggregation: parts.aggregation,
    inputs,
    rounding: { mode: ind.rounding, decimals: parts.decimals, unrounded, rounded: x.formatted },
    ...(judgement && target
      ? {
          comparison: {
            comparator: target.comparator,
            target: target.value,
            on: judgement.on,
            compared: compared!,
            met: judgement.met,
            text: {
              zh: `${judgement.on === 'rounded' ? '修约后' : '未修约'}值 ${compared} ${target.comparator} ${target.value}：${judgement.met ? '达标' : '未达标'}`,
              en: `${judgement.on} value ${compared} ${target.comparator} ${target.value}: ${judgement.met ? 'met' : 'not met'}`,
            },
          },
        }
      : {}),
    via: x.via,
    plan: planRef(ctx.plan),
  };
}

function resultFor(
  parts: IndicatorParts,
  region: Region,
  ctx: Context,
  options: EvaluateOptions,
  period: ReturnType<typeof parsePeriod>,
  referenceDate: IsoDate,
  via: 'aggregate' | 'memory',
): IndicatorResult {
  const { ind, num, den, factor, decimals } = parts;
  const n = valueAt(num, region.code, ctx.figures, ctx.tree, ctx.memo, ctx.units);
  const d = den ? valueAt(den, region.code, ctx.figures, ctx.tree, ctx.memo, ctx.units) : null;
  let value: Decimal | null = null;
  let done: Computed | undefined;
  let reason: StatusReason | undefined;
  const warnings: Warning[] = [];
  if (n === null || (den && d === null)) {
    reason = NO_VALUES;
  } else if (!den) {
    done = computed(parts, n, null);
    value = done.value;
  } else if (d!.isZero()) {
    reason = ZERO_DENOMINATOR;
    if (n.gt(0))
      warnings.push({
        code: 'numerator-without-denominator',
        message: {
          zh: `分子为 ${n.toFixed()}，但分母为0`,
          en: `numerator ${n.toFixed()} with a zero denominator`,
        },
      });
  } else {
    done = computed(parts, n, d!);
    value = done.value;
    if (ind.kind === 'proportion' && n.gt(d!)) {
      warnings.push({
        code: 'above-100',
        message: {
          zh: `分子（${n.toFixed()}）大于分母（${d!.toFixed()}），比例超过100%，请核查数据`,
          en: `numerator (${n.toFixed()}) exceeds denominator (${d!.toFixed()}): above 100 %, check the data`,
        },
      });
    }
  }
  const rounded = done === undefined ? null : done.rounded;
  const formatted = done === undefined ? null : done.formatted;
  const target = selectTarget(parts.targets, ind.id, region, period);
  let status: Status;
  let judgement: Judgement | undefined;
  let gap: Gap | undefined;
  let progress: TimeProgress | undefined;
  if (value === null) status = 'no-data';
  else if (!target) {
    status = 'not-applicable';
    reason = NO_TARGET;
  } else {
    judgement = judge(value, target, decimals, ind.rounding);
    status = judgement.met ? 'met' : 'not-met';
    gap = gapTo({
      numerator: n!,
      ...(den ? { denominator: d! } : {}),
      factor,
      decimals,
      rounding: ind.rounding,
      integral: parts.integral,
      target,
    });
    if (target.timeProgress ?? ind.kind === 'count')
      progress = timeProgress(target, period, referenceDate, value);
  }
  // Built field by field (not with conditional spreads) in the published key order.
  const result: Record<string, unknown> = {
    indicator: ind.id,
    label: ind.label,
    region: region.code,
    regionName: region.name,
    level: region.level,
    parent: region.parent,
    numerator: n,
    denominator: den ? d : null,
    value,
    rounded,
    formatted,
    decimals,
    rounding: ind.rounding,
    unit: ind.unit,
    status,
  };
  if (reason) result.reason = reason;
  if (target) result.target = target;
  if (judgement) result.judgement = judgement;
  if (gap) result.gap = gap;
  if (progress) result.progress = progress;
  result.warnings = warnings;
  const records = wantsRecords(options.explain, region.code) && ctx.decisions !== undefined;
  result.explanation = explanationOf(
    {
      parts,
      region,
      n,
      d,
      value,
      unrounded: done === undefined ? null : done.unrounded,
      formatted,
      judgement,
      target,
      records,
      via,
    },
    ctx,
  );
  return result as unknown as IndicatorResult;
}

/**
 * The regions an indicator gives rows to: its `notCounted` regions left out, each own unit at its
 * declared level with, as parent, its nearest tree ancestor of a coarser rank (航空港区 ranks
 * among the prefectures of 河南省).
 */
function unitRegions(
  subtree: readonly Region[],
  tree: RegionTree,
  units: Units | undefined,
): readonly Region[] {
  if (!units) return subtree;
  const out: Region[] = [];
  for (const r of subtree) {
    if (units.notCounted.has(r.code)) continue;
    const level = units.own.get(r.code);
    if (level === undefined) {
      out.push(r);
      continue;
    }
    const parent = tree.ancestors(r.code).find((a) => levelRank(a.level) < levelRank(level));
    out.push({ ...r, level, parent: parent?.code ?? null });
  }
  return out;
}

/**
 * Competition ranking (1, 1, 3) among the siblings of one indicator (results with a value and the
 * same parent), by the indicator's direction. The results were built by this evaluation and are
 * not shared yet: they are ranked in place rather than copying 50,000 objects.
 */
function rankSiblings(siblings: IndicatorResult[], lower: boolean): void {
  siblings.sort((a, b) => (lower ? a.value!.comparedTo(b.value!) : b.value!.comparedTo(a.value!)));
  let rk = 0;
  siblings.forEach((r, i) => {
    if (i === 0 || !siblings[i - 1]!.value!.eq(r.value!)) rk = i + 1;
    const ranked = r as { rank?: number; rankOf?: number };
    ranked.rank = rk;
    ranked.rankOf = siblings.length;
  });
}

/**
 * Build the aggregate request of a plan's indicators for a subtree and period (the leaf expressions,
 * normalised, with their keys).
 * @example
 * ```ts
 * const indicators = aggregateIndicators().map(defineIndicator);
 * const request = aggregateRequestFor(indicators, '530000', '2025', '2025-12-31');
 * console.log(request.periodStart, request.periodEnd, request.expressions.length > 0);
 * // → 2025-01-01 2025-12-31 true
 * ```
 */
export function aggregateRequestFor(
  indicators: readonly Indicator[],
  region: string,
  period: string,
  referenceDate: IsoDate,
): AggregateRequest {
  const leaves = new Map<string, LeafExpression>();
  for (const ind of indicators) {
    leavesOf(normaliseExpression(ind.numerator, ind.aggregation), leaves);
    if (ind.denominator) leavesOf(normaliseExpression(ind.denominator, ind.aggregation), leaves);
  }
  const p = parsePeriod(period);
  return {
    expressions: [...leaves].map(([id, expression]) => ({ id, expression })),
    region,
    period: p.id,
    periodStart: p.start,
    periodEnd: p.end,
    referenceDate,
  };
}

/**
 * Compute the leaf figures of a request in memory (the reference semantics of `aggregate()`),
 * returning them in the `AggregateResult` shape.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(aggregateFixture());
 * const request = aggregateRequestFor(aggregateIndicators().map(defineIndicator), '530000', '2025', '2025-12-31');
 * const { figures } = await aggregateInMemory(store, request);
 * console.log(Object.keys(figures['530000']!).length === request.expressions.length);
 * // → true
 * ```
 */
export async function aggregateInMemory(
  store: Store,
  request: AggregateRequest,
): Promise<{ figures: Record<string, Record<string, string | null>> }> {
  const tree = await store.regionTree();
  if (!tree?.has(request.region)) throw new NotFoundError('region', request.region, '区划');
  const snap = await readSnapshot(store, tree, request);
  const out: Record<string, Record<string, string | null>> = {};
  for (const code of tree.subtreeCodes(request.region)) out[code] = {};
  for (const { id, expression } of request.expressions) {
    const f = figuresOf(expression, decide(expression, snap), snap);
    for (const [code, v] of f) out[code]![id] = v === null ? null : v.toFixed();
  }
  return { figures: out };
}

/**
 * Evaluate a plan's indicators for every region of a subtree (optionally only some levels) and a
 * period: numerator, denominator, value (unrounded, rounded, formatted), the applicable target,
 * status, gap, rank among siblings, time progress and an explanation. Rates roll up as ratios of
 * sums. Uses the store's `aggregate()` when present (unless records are to be explained).
 * @example
 * ```ts
 * const rectificationRate = defineIndicator({
 *   id: 'rectificationRate', kind: 'proportion',
 *   label: { zh: '整改率', en: 'Rectification rate' }, unit: { zh: '%', en: '%' },
 *   numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
 *   denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
 * });
 * const plan = definePlan({
 *   id: 'myPlan', label: { zh: '本单位计划', en: 'Our plan' }, source: { doc: 'internal' },
 *   indicators: [rectificationRate],
 *   targets: [{ indicator: 'rectificationRate', comparator: '>=', value: '95', period: '2025', source: { doc: 'internal' } }],
 * });
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch); // 曲靖市 (530300): 534 of 542 problems rectified
 * const { results } = await evaluate({ plan, region: '530000', period: '2025', store, levels: ['prefecture'] });
 * for (const r of results) console.log(r.region, r.formatted, r.status);
 * // → 530100 null no-data
 * // → 530300 98.5 met
 * ```
 * @throws NotFoundError when the region is not in the store; ValidationError naming the option for
 * a missing or malformed plan or store, an unknown option or level, an impossible `asOf` date
 * (`2025-02-30`) or one outside the period, or a bad period.
 */
export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  // Validate at the boundary; the parsed copy is discarded so the caller's plan and store are used as given.
  parseWith(evaluateOptionsSchema, options);
  return evaluateValidated(options, true);
}

async function evaluateValidated(options: EvaluateOptions, forecast: boolean): Promise<Evaluation> {
  const { plan, store } = options;
  const period = parsePeriod(options.period);
  const tree = await store.regionTree();
  if (!tree?.has(options.region)) throw new NotFoundError('region', options.region, '区划');
  if (options.asOf !== undefined && (options.asOf < period.start || options.asOf > period.end)) {
    fail(
      'asOf',
      options.asOf,
      'evaluate.as-of-in-period',
      `asOf must lie within ${period.id} (${period.start}–${period.end})`,
      `基准日须在 ${period.id}（${period.start}至${period.end}）之内`,
    );
  }
  const referenceDate = options.asOf ?? period.end;
  const indicators = options.indicators
    ? options.indicators.map((id) => {
        const ind = plan.indicators.find((i) => i.id === id);
        if (!ind) throw new NotFoundError('indicator', id, '指标');
        return ind;
      })
    : plan.indicators;
  const request = aggregateRequestFor(indicators, options.region, period.id, referenceDate);
  const useAggregate =
    options.pushdown !== false && !options.explain && typeof store.aggregate === 'function';
  const figures: Figures = new Map();
  let decisions: Map<string, RecordDecision[]> | undefined;
  let snapshot: Snapshot | undefined;
  if (useAggregate) {
    const result = await store.aggregate!(request);
    const codes = tree.subtreeCodes(options.region);
    // Decimals are immutable: one per distinct figure (most are small counts that repeat across
    // thousands of counties), not one per region and leaf.
    const decimals = new Map<string, Decimal>();
    const decimalOf = (text: string): Decimal => {
      let v = decimals.get(text);
      if (v === undefined) {
        v = new Decimal(text);
        decimals.set(text, v);
      }
      return v;
    };
    for (const { id, expression } of request.expressions) {
      const m = new Map<string, Decimal | null>();
      const missing = expression.op === 'data-element' ? null : decimalOf('0');
      for (const code of codes) {
        const v = result.figures[code]?.[id];
        m.set(code, v === undefined ? missing : v === null ? null : decimalOf(v));
      }
      figures.set(id, m);
    }
  } else {
    snapshot = await readSnapshot(store, tree, request, { allHistory: Boolean(options.explain) });
    decisions = new Map();
    for (const { id, expression } of request.expressions) {
      const d = decide(expression, snapshot);
      decisions.set(id, d);
      figures.set(id, figuresOf(expression, d, snapshot));
    }
  }
  const via = useAggregate ? 'aggregate' : 'memory';
  const ctx: Context = {
    plan,
    tree,
    figures,
    memo: new Map(),
    ...(decisions ? { decisions } : {}),
    ...(snapshot ? { snapshot } : {}),
  };
  const targets = [...plan.targets, ...plan.allocations.flatMap(allocationTargets)];
  const subtree = tree.subtree(options.region);
  const results: IndicatorResult[] = [];
  // Siblings by indicator id (an indicator asked for twice is ranked as one group) and parent.
  const siblings = new Map<string, Map<string | null, IndicatorResult[]>>();
  for (const ind of indicators) {
    const parts = indicatorParts(ind, plan, targets);
    const units = unitsOf(ind);
    const indCtx = units ? { ...ctx, units } : ctx;
    let byParent = siblings.get(ind.id);
    if (!byParent) {
      byParent = new Map();
      siblings.set(ind.id, byParent);
    }
    for (const region of unitRegions(subtree, tree, units)) {
      if (options.levels && !options.levels.includes(region.level)) continue;
      const r = resultFor(parts, region, indCtx, options, period, referenceDate, via);
      results.push(r);
      if (r.value === null) continue;
      const group = byParent.get(r.parent);
      if (group) group.push(r);
      else byParent.set(r.parent, [r]);
    }
  }
  for (const [id, byParent] of siblings) {
    const lower = indicators.find((i) => i.id === id)?.direction === 'lower';
    for (const group of byParent.values()) rankSiblings(group, lower);
  }
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const ranked = results;
  return {
    plan: plan.id,
    ...(plan.version === undefined ? {} : { planVersion: plan.version }),
    region: options.region,
    period: period.id,
    referenceDate,
    via,
    results: forecast
      ? await withForecasts(ranked, {
          period,
          referenceDate,
          indicators: byId,
          integral: (ind) => isIntegral(normaliseExpression(ind.numerator, ind.aggregation), plan),
          lastYear: async (ids, lastPeriod, asOf) => {
            // Last year's numerators, read like this year's (same store, subtree, levels, path).
            const last = await evaluateValidated(
              {
                plan,
                store,
                region: options.region,
                period: lastPeriod,
                indicators: ids,
                ...(options.levels ? { levels: options.levels } : {}),
                ...(options.pushdown === undefined ? {} : { pushdown: options.pushdown }),
                ...(asOf === undefined ? {} : { asOf }),
              },
              false,
            );
            return new Map(last.results.map((r) => [`${r.indicator}|${r.region}`, r.numerator]));
          },
        })
      : ranked,
  };
}
