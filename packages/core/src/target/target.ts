/**
 * @module target/target
 * Targets: which one applies to a region and period, whether a value meets it, how far it is
 * (the gap in numerator units), and time progress (时序进度) of yearly targets.
 */
import { Decimal } from 'decimal.js';
import { dateParts, type IsoDate } from '../date/index.js';
import { parseWith } from '../errors/index.js';
import { compareWith, ratio, roundValue } from '../indicator/rounding.js';
import type { Comparator, RoundingMode, Target, TargetInput } from '../indicator/schema.js';
import { targetSchema } from '../indicator/schema.js';
import { type Period, parsePeriod, periodContains } from '../period/index.js';
import type { Region } from '../region/index.js';

/**
 * Validate a target.
 * @example defineTarget({ indicator: 'declarationRate', comparator: '>=', value: '90', period: '2024', milestone: true, source: { doc: '云卫职健发〔2024〕3号', clause: '二' } })
 */
export function defineTarget(input: TargetInput): Target {
  return parseWith(targetSchema, input);
}

function lengthDays(p: Period): number {
  return (Date.parse(p.end) - Date.parse(p.start)) / 86_400_000;
}

function specificity(t: Target, region: Region): number {
  if (t.scope.region !== undefined) return t.scope.region === region.code ? 3 : -1;
  if (t.scope.level !== undefined) return t.scope.level === region.level ? 2 : -1;
  return 1;
}

/**
 * The target of `indicator` that applies to `region` for `period`: among targets whose period
 * contains the evaluated period and whose scope matches the region, the one with the shortest
 * period, then the most specific scope (region, then level, then none), then the first listed.
 * @example selectTarget(yunnanSmeAssistance.targets, 'declarationRate', { code: '530102', name: { zh: '五华区' }, level: 'county', parent: '530100' }, '2024')?.value // '90'
 */
export function selectTarget(
  targets: readonly Target[],
  indicator: string,
  region: Region,
  period: Period | string,
): Target | undefined {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  let best: { t: Target; len: number; spec: number } | undefined;
  for (const t of targets) {
    if (t.indicator !== indicator) continue;
    const spec = specificity(t, region);
    if (spec < 0) continue;
    const tp = parsePeriod(t.period);
    if (!periodContains(tp, p)) continue;
    const len = lengthDays(tp);
    if (!best || len < best.len || (len === best.len && spec > best.spec)) best = { t, len, spec };
  }
  return best?.t;
}

/** The part of a target a judgement needs (`compareOn` defaults to `unrounded`). */
export interface TargetRule {
  /** How the value must compare with the target (`>=`, `>`, `<=`, `<`, `=`). */
  readonly comparator: Comparator;
  /** The target value, a decimal string in the indicator's unit. */
  readonly value: string;
  /** Judge the unrounded value (default) or the published, rounded one. */
  readonly compareOn?: 'unrounded' | 'rounded';
}

/** What a judgement compared. */
export interface Judgement {
  /** Whether the target is met. */
  readonly met: boolean;
  /** The value compared: unrounded, or rounded when the target says `compareOn: 'rounded'`. */
  readonly compared: Decimal;
  /** Which value was compared: `unrounded` or `rounded`. */
  readonly on: 'unrounded' | 'rounded';
}

/**
 * Judge a value against a target: on the unrounded value by default (94.96 is not ≥ 95 even though
 * it is published as "95.0"), on the rounded value when the target says `compareOn: 'rounded'`.
 * @example judge(new Decimal('94.96'), { comparator: '>=', value: '95' }, 1, 'half-up').met // false
 */
export function judge(
  value: Decimal,
  target: TargetRule,
  decimals: number,
  rounding: RoundingMode,
): Judgement {
  const on = target.compareOn ?? 'unrounded';
  const compared = on === 'rounded' ? roundValue(value, decimals, rounding) : value;
  return { met: compareWith(compared, target.comparator, target.value), compared, on };
}

/** How far a value is from its target, in numerator units. */
export interface Gap {
  /** Units of the numerator to add (`>=`, `>`) or remove (`<=`, `<`), or to move by (`=`). */
  readonly units: Decimal;
  /** `add` or `remove` numerator units to meet the target, `none` when it is met. */
  readonly action: 'add' | 'remove' | 'none';
}

/** Inputs of {@link gapTo}. */
export interface GapInput {
  /** The current numerator. */
  readonly numerator: Decimal;
  /** Absent for count indicators (the value is numerator × factor). */
  readonly denominator?: Decimal;
  /** The indicator's factor (100 for a percentage). */
  readonly factor: Decimal;
  /** Published decimals of the indicator. */
  readonly decimals: number;
  /** Rounding mode of the indicator. */
  readonly rounding: RoundingMode;
  /** Is the numerator a whole count (gap rounded up to whole units)? */
  readonly integral: boolean;
  /** The target to reach. */
  readonly target: TargetRule;
}

function valueAt(num: Decimal, input: GapInput): Decimal {
  return input.denominator === undefined
    ? num.times(input.factor)
    : ratio(num, input.denominator, input.factor);
}

/** An integral Decimal as an exact BigInt (toFixed never switches to exponent notation). */
function wholeOf(d: Decimal): bigint {
  return BigInt(d.toFixed(0));
}

function meets(num: Decimal, input: GapInput): boolean {
  return judge(valueAt(num, input), input.target, input.decimals, input.rounding).met;
}

/**
 * The smallest change of the numerator, with the denominator fixed, that meets the target (zero
 * when met). Whole counts move by whole units, found by search so that a target judged on the
 * rounded value is honoured too; fractional numerators move by the exact difference. Undefined
 * when no change can meet it (e.g. `=` a value no whole count reaches, removing more units than
 * there are, or a zero denominator).
 * @example gapTo({ numerator: new Decimal(1953), denominator: new Decimal(2257), factor: new Decimal(100), decimals: 1, rounding: 'half-up', integral: true, target: { comparator: '>=', value: '95' } })?.units.toString() // '192'
 */
export function gapTo(input: GapInput): Gap | undefined {
  const { numerator: num, target } = input;
  if (input.denominator !== undefined && input.denominator.isZero()) return undefined;
  if (meets(num, input)) return { units: new Decimal(0), action: 'none' };
  const T = new Decimal(target.value);
  // numerator at which the unrounded value equals the target
  const exact =
    input.denominator === undefined
      ? T.div(input.factor)
      : ratio(T, input.factor, input.denominator);
  const c: Comparator = target.comparator;
  if (!input.integral) {
    if (c === '=' || target.compareOn === 'rounded') {
      return exact.gte(num)
        ? { units: exact.minus(num), action: 'add' }
        : { units: num.minus(exact), action: 'remove' };
    }
    return c === '>=' || c === '>'
      ? { units: exact.minus(num), action: 'add' }
      : { units: num.minus(exact), action: 'remove' };
  }
  if (c === '=') {
    if (meets(exact.ceil(), input) && exact.ceil().eq(exact.floor())) {
      return exact.gte(num)
        ? { units: exact.minus(num), action: 'add' }
        : { units: num.minus(exact), action: 'remove' };
    }
    return undefined;
  }
  const up = c === '>=' || c === '>';
  // Whole units are searched as BigInt, so the search is exact at any magnitude: Decimal's default
  // precision (20 digits) rounds `lo + hi` once counts pass ~1e20 and a Decimal search never ends.
  if (!num.isFinite() || !exact.isFinite()) return undefined;
  const n0 = wholeOf(num.floor());
  const e = wholeOf(up ? exact.floor() : exact.ceil());
  // An upper bound on the units needed: enough to pass the unrounded threshold (+1 for strictness).
  let bound = up ? e + 1n - n0 : n0 - e + 1n;
  if (bound < 1n) bound = 1n;
  const candidate = (k: bigint) => new Decimal((up ? n0 + k : n0 - k).toString());
  const met = (k: bigint) => meets(candidate(k), input);
  // A numerator cannot go below zero; judged on the rounded value, the threshold may lie a little
  // further than the unrounded one, so widen the bound (at most 11 doublings) until it meets.
  const limit = up ? bound * 1024n + 1024n : n0;
  if (!up && bound > limit) bound = limit;
  while (!met(bound)) {
    if (bound >= limit) return undefined;
    bound = bound * 2n < limit ? bound * 2n : limit;
  }
  // Binary search: at most log2(limit) steps, each halving an exact integer interval.
  let lo = 0n; // not met
  let hi = bound; // met
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (met(mid)) hi = mid;
    else lo = mid;
  }
  return { units: new Decimal(hi.toString()), action: up ? 'add' : 'remove' };
}

/** Time progress (时序进度) of a yearly target at a reference date. */
export interface TimeProgress {
  /** Months elapsed, counting the reference date's month (1–12). */
  readonly month: number;
  /** month / 12. */
  readonly expectedShare: Decimal;
  /** Target value × expectedShare: what should be reached by now. */
  readonly expected: Decimal;
  /** The value reached. */
  readonly actual: Decimal;
  /** Does the value meet the pro-rated target (same comparator)? */
  readonly onTrack: boolean;
}

/**
 * 时序进度: by month m of a yearly target, m/12 of it is expected. Applies when the target period
 * is one calendar year, the evaluated window starts on 1 January of that year, and the reference
 * date lies in that year; the reference date's month counts as elapsed.
 * @example timeProgress({ comparator: '>=', value: '60', period: '2025' }, parsePeriod('2025'), '2025-06-30', new Decimal(27))?.expected.toString() // '30' (month 6 of 12: 60 × 6/12)
 */
export function timeProgress(
  target: Pick<Target, 'comparator' | 'value' | 'period'>,
  period: Period,
  referenceDate: IsoDate,
  actual: Decimal,
): TimeProgress | undefined {
  const tp = parsePeriod(target.period);
  if (
    tp.type !== 'year' ||
    period.start !== tp.start ||
    referenceDate < tp.start ||
    referenceDate > tp.end
  )
    return undefined;
  const month = dateParts(referenceDate).month;
  const expectedShare = new Decimal(month).div(12);
  const expected = new Decimal(target.value).times(month).div(12);
  return {
    month,
    expectedShare,
    expected,
    actual,
    onTrack: compareWith(actual, target.comparator, expected),
  };
}
