/**
 * @module evaluate/forecast
 * The year-end forecast (seed 003 二(一): 对年底能否达到目标值作出预判): for a yearly target
 * evaluated part-way through its year, the value to date, the time-progress expectation
 * (时序进度: elapsed days ÷ days in the year, China calendar dates), a projected year-end value by
 * the method the pack chooses, a verdict (likely met / at risk / unlikely) and the lag in
 * numerator units, each explained.
 */
import { Decimal } from 'decimal.js';
import { addYears, dateParts, daysBetween, type IsoDate, makeDate } from '../date/index.js';
import { ratio, roundValue } from '../indicator/rounding.js';
import type {
  Bilingual,
  ForecastMethod,
  Indicator,
  RoundingMode,
  Target,
} from '../indicator/schema.js';
import { type Period, parsePeriod } from '../period/index.js';
import { type Gap, gapTo, judge } from '../target/target.js';
import type { IndicatorResult } from './evaluate.js';

/** The verdict of a forecast. */
export type ForecastVerdict = 'likely-met' | 'at-risk' | 'unlikely';

/** Chinese and English text of each verdict. */
export const FORECAST_VERDICT_LABELS: Readonly<Record<ForecastVerdict, Bilingual>> = {
  'likely-met': { zh: '预计年底能够达到目标', en: 'likely met by year end' },
  'at-risk': { zh: '年底存在不达标风险', en: 'at risk of missing the target' },
  unlikely: { zh: '预计年底难以达到目标', en: 'unlikely to be met by year end' },
};

/** Chinese and English name of each forecast method. */
export const FORECAST_METHOD_LABELS: Readonly<Record<ForecastMethod, Bilingual>> = {
  'same-period-last-year': {
    zh: '按上年同期比例推算（上年全年 ÷ 上年同期）',
    en: 'same-period ratio of last year (last year’s final ÷ last year to the same day)',
  },
  linear: {
    zh: '按时间进度线性推算分子（分母不变）',
    en: 'linear projection of the numerator over the year, denominator fixed',
  },
  hold: { zh: '以当前值作为年底值', en: 'the value to date held to year end' },
};

/** The methods tried when an indicator names none, in order. */
export const DEFAULT_FORECAST_METHODS: readonly ForecastMethod[] = [
  'same-period-last-year',
  'linear',
];

/**
 * The methods of an indicator: its own `forecast.methods`, else `hold` for a stock read as the
 * period's latest value (`aggregation: 'latest'`: it does not accrue through the year), else
 * {@link DEFAULT_FORECAST_METHODS}.
 * @example forecastMethods({ aggregation: 'sum' }) // ['same-period-last-year', 'linear']
 */
export function forecastMethods(
  indicator: Pick<Indicator, 'forecast'> & Partial<Pick<Indicator, 'aggregation'>>,
): readonly ForecastMethod[] {
  return (
    indicator.forecast?.methods ??
    (indicator.aggregation === 'latest' ? ['hold'] : DEFAULT_FORECAST_METHODS)
  );
}

/** The at-risk margin when an indicator names none: 10 % of the target value. */
export const DEFAULT_AT_RISK_SHARE = '10';

/** Last year's numerators at one region, read for the `same-period-last-year` method. */
export interface LastYearFigures {
  /** The same day last year (29 February falls back to 28 February). */
  readonly samePeriodDate: IsoDate;
  /** The numerator from 1 January to `samePeriodDate` (null: no data). */
  readonly samePeriod: Decimal | null;
  /** The numerator of the whole of last year (null: no data). */
  readonly final: Decimal | null;
}

/** Inputs of {@link forecastOf}. */
export interface ForecastInput {
  /** The parts of the indicator a forecast reads: kind, rounding, forecast method and aggregation. */
  readonly indicator: Pick<Indicator, 'kind' | 'rounding' | 'forecast'> &
    Partial<Pick<Indicator, 'aggregation'>>;
  /** Published decimals of the indicator. */
  readonly decimals: number;
  /** The indicator's factor (100 for %). */
  readonly factor: Decimal;
  /** Numerator to date. */
  readonly numerator: Decimal;
  /** Denominator to date (absent for count indicators); held fixed to year end. */
  readonly denominator?: Decimal;
  /** The yearly target. */
  readonly target: Target;
  /** The day evaluated, before 31 December of the target's year. */
  readonly referenceDate: IsoDate;
  /** Is the numerator a whole count (the lag rounded up to whole units)? */
  readonly integral: boolean;
  /** What the numerator counts, for the lag's text. */
  readonly numeratorLabel: Bilingual;
  /** Last year's figures, when they were read. */
  readonly lastYear?: LastYearFigures;
}

/** One input of a forecast's explanation. */
export interface ForecastExplainedInput {
  /** What the input is, in Chinese and English. */
  readonly label: Bilingual;
  /** Canonical decimal string or date. */
  readonly value: string;
}

/** How a forecast was reached, in the shape of the figure's own explanation. */
export interface ForecastExplanation {
  /** The method used, in words. */
  readonly method: Bilingual;
  /** Why the pack chose its methods (the indicator's `forecast.basis`), when it says. */
  readonly basis?: Bilingual;
  /** The projection formula of the method. */
  readonly formula: Bilingual;
  /** Every input of the projection with its value. */
  readonly inputs: readonly ForecastExplainedInput[];
  /** The projected value before and after rounding once in the indicator's mode. */
  readonly rounding: {
    readonly mode: RoundingMode;
    readonly decimals: number;
    readonly unrounded: string;
    readonly rounded: string;
  };
  /** The comparison of the projection with the target, and the verdict it gives. */
  readonly comparison: Bilingual;
  /** Why an earlier method in the pack's list did not apply, when one did not. */
  readonly skipped?: readonly Bilingual[];
}

/** The year-end forecast of one indicator at one region. */
export interface Forecast {
  /** The method used. */
  readonly method: ForecastMethod;
  /** Its name. */
  readonly methodLabel: Bilingual;
  /** The day evaluated. */
  readonly referenceDate: IsoDate;
  /** 31 December of the target's year. */
  readonly yearEnd: IsoDate;
  /** Days from 1 January to the reference date, both counted (1 on 1 January). */
  readonly elapsedDays: number;
  /** Days in the year (365 or 366). */
  readonly daysInYear: number;
  /** 时序进度: elapsedDays ÷ daysInYear. */
  readonly timeShare: Decimal;
  /** The value to date (unrounded). */
  readonly valueToDate: Decimal;
  /** The target value × timeShare: what the pace to the target asks for by now. */
  readonly expectedToDate: Decimal;
  /** Does the value to date meet the expectation (with the target's comparator)? */
  readonly onPace: boolean;
  /** The projected year-end numerator. */
  readonly projectedNumerator: Decimal;
  /** The projected year-end value (unrounded). */
  readonly projected: Decimal;
  /** The projected value rounded once in the indicator's mode. */
  readonly projectedRounded: Decimal;
  /** The projected value as published, e.g. `"86.5"`. */
  readonly projectedFormatted: string;
  /** Likely met, at risk, or unlikely. */
  readonly verdict: ForecastVerdict;
  /** The verdict's text. */
  readonly verdictLabel: Bilingual;
  /**
   * Numerator units to add (or remove) from today's figures by 31 December, the denominator fixed,
   * to meet the target; absent when no change of the numerator meets it.
   */
  readonly lag?: Gap;
  /** The lag as a sentence, e.g. "needs 37 more (declared employers) by 2025-12-31". */
  readonly lagText: Bilingual;
  /** Last year's figures, when the same-period method was used. */
  readonly lastYear?: LastYearFigures;
  /** How it was reached. */
  readonly explanation: ForecastExplanation;
}

/** Days of `year`, from 1 January. */
function daysInYearOf(year: number): number {
  return daysBetween(makeDate(year, 1, 1), makeDate(year, 12, 31)) + 1;
}

/**
 * Does a forecast apply: the target is for one calendar year, the evaluated period is that year,
 * and the reference date lies in it before 31 December?
 * @example forecastApplies({ period: '2025' }, parsePeriod('2025'), '2025-06-30') // true
 */
export function forecastApplies(
  target: Pick<Target, 'period'>,
  period: Period,
  referenceDate: IsoDate,
): boolean {
  const tp = parsePeriod(target.period);
  return (
    tp.type === 'year' && period.id === tp.id && referenceDate >= tp.start && referenceDate < tp.end
  );
}

/**
 * 时序进度 on a calendar date: days elapsed (the reference date counted) and days in its year.
 * @example elapsedShare('2024-12-30') // { elapsedDays: 365, daysInYear: 366 }
 */
export function elapsedShare(referenceDate: IsoDate): {
  elapsedDays: number;
  daysInYear: number;
} {
  const { year } = dateParts(referenceDate);
  return {
    elapsedDays: daysBetween(makeDate(year, 1, 1), referenceDate) + 1,
    daysInYear: daysInYearOf(year),
  };
}

interface Projection {
  readonly method: ForecastMethod;
  readonly numerator: Decimal;
  readonly value: Decimal;
  readonly formula: Bilingual;
  readonly inputs: readonly ForecastExplainedInput[];
}

const text = (d: Decimal) => d.toFixed();

function project(
  method: ForecastMethod,
  input: ForecastInput,
  elapsedDays: number,
  daysInYear: number,
): Projection | Bilingual {
  const { numerator: n, denominator: d, factor } = input;
  const capped = input.indicator.kind === 'proportion' && d !== undefined;
  // One division per value, so a projection that lands on the target exactly is exact.
  const finish = (
    scaledN: Decimal,
    divisor: Decimal,
    formula: Bilingual,
    inputs: ForecastExplainedInput[],
  ): Projection => {
    let numerator = ratio(scaledN, divisor, 1);
    let value =
      d === undefined ? ratio(scaledN, divisor, factor) : ratio(scaledN, divisor.times(d), factor);
    if (capped && numerator.gt(d)) {
      numerator = d;
      value = ratio(d, d, factor);
      inputs.push({
        label: {
          zh: '比例不超过100%：分子以分母为上限',
          en: 'a proportion cannot pass 100 %: numerator capped at the denominator',
        },
        value: text(d),
      });
    }
    return { method, numerator, value, formula, inputs };
  };
  const base: ForecastExplainedInput[] = [
    { label: { zh: '截至基准日分子', en: 'numerator to date' }, value: text(n) },
    ...(d === undefined
      ? []
      : [
          {
            label: { zh: '分母（年底不变）', en: 'denominator (fixed to year end)' },
            value: text(d),
          },
        ]),
    { label: { zh: '系数', en: 'factor' }, value: text(factor) },
  ];
  switch (method) {
    case 'linear':
      return finish(
        n.times(daysInYear),
        new Decimal(elapsedDays),
        {
          zh: '年底分子 = 截至基准日分子 × 全年天数 ÷ 已过天数',
          en: 'year-end numerator = numerator to date × days in year ÷ elapsed days',
        },
        [
          ...base,
          { label: { zh: '已过天数', en: 'elapsed days' }, value: String(elapsedDays) },
          { label: { zh: '全年天数', en: 'days in year' }, value: String(daysInYear) },
        ],
      );
    case 'same-period-last-year': {
      const last = input.lastYear;
      if (!last || last.samePeriod === null || last.final === null)
        return { zh: '上年无同期数据', en: 'no data for last year' };
      if (!last.samePeriod.gt(0))
        return {
          zh: `上年同期（${last.samePeriodDate}）分子为0，无法按比例推算`,
          en: `last year’s numerator to ${last.samePeriodDate} is zero: no ratio`,
        };
      return finish(
        n.times(last.final),
        last.samePeriod,
        {
          zh: '年底分子 = 截至基准日分子 × 上年全年分子 ÷ 上年同期分子',
          en: 'year-end numerator = numerator to date × last year’s final numerator ÷ last year’s numerator to the same day',
        },
        [
          ...base,
          {
            label: {
              zh: `上年同期分子（至${last.samePeriodDate}）`,
              en: `last year to ${last.samePeriodDate}`,
            },
            value: text(last.samePeriod),
          },
          {
            label: { zh: '上年全年分子', en: 'last year’s final numerator' },
            value: text(last.final),
          },
        ],
      );
    }
    case 'hold':
      return finish(
        n,
        new Decimal(1),
        { zh: '年底值 = 截至基准日值', en: 'year-end value = value to date' },
        base,
      );
  }
}

function lagText(lag: Gap | undefined, input: ForecastInput, yearEnd: IsoDate): Bilingual {
  const { year } = dateParts(yearEnd);
  const label = input.numeratorLabel;
  if (lag === undefined)
    return {
      zh: '分母不变时，增减分子均无法达到目标',
      en: 'no change of the numerator meets the target with the denominator fixed',
    };
  if (lag.action === 'none')
    return {
      zh: `截至${input.referenceDate}已达到目标值`,
      en: `the target is met on ${input.referenceDate}`,
    };
  const units = lag.units.toFixed();
  return lag.action === 'add'
    ? {
        zh: `到${year}年12月31日还需增加${units}（${label.zh}）`,
        en: `needs ${units} more (${label.en}) by ${yearEnd}`,
      }
    : {
        zh: `到${year}年12月31日需减少${units}（${label.zh}）`,
        en: `needs ${units} fewer (${label.en}) by ${yearEnd}`,
      };
}

/**
 * The year-end forecast of one figure (pure). Tries the indicator's methods in order (default
 * same-period ratio of last year, then linear) and uses the first that applies; `linear` and `hold`
 * always apply. The verdict judges the projected value like the figure itself (unrounded unless
 * the target compares the rounded value): met → `likely-met`; missing by at most `atRiskShare` %
 * of the target value → `at-risk`; further → `unlikely`. Proportions are capped at 100 %.
 * Returns undefined when the target is not a calendar year or the reference date is 31 December.
 * @example
 * ```ts fragment
 * forecastOf({ ..., numerator: new Decimal(30), target: atLeast60in2025, referenceDate: '2025-06-30' }).projected // ≈ 60.33 (30 × 365 ÷ 181)
 * ```
 */
export function forecastOf(input: ForecastInput): Forecast | undefined {
  const tp = parsePeriod(input.target.period);
  if (tp.type !== 'year' || input.referenceDate < tp.start || input.referenceDate >= tp.end)
    return undefined;
  const { elapsedDays, daysInYear } = elapsedShare(input.referenceDate);
  const { target, decimals, factor } = input;
  const rounding = input.indicator.rounding;
  const methods = forecastMethods(input.indicator);
  const skipped: Bilingual[] = [];
  let projection: Projection | undefined;
  for (const method of methods) {
    const p = project(method, input, elapsedDays, daysInYear);
    if ('method' in p) {
      projection = p;
      break;
    }
    skipped.push({
      zh: `${FORECAST_METHOD_LABELS[method].zh}：不适用（${p.zh}）`,
      en: `${FORECAST_METHOD_LABELS[method].en}: not applicable (${p.en})`,
    });
  }
  if (!projection) projection = project('linear', input, elapsedDays, daysInYear) as Projection;
  const valueToDate =
    input.denominator === undefined
      ? input.numerator.times(factor)
      : ratio(input.numerator, input.denominator, factor);
  const timeShare = ratio(elapsedDays, daysInYear, 1);
  const T = new Decimal(target.value);
  const expectedToDate = ratio(T.times(elapsedDays), daysInYear, 1);
  const onPace = judge(
    valueToDate,
    { ...target, value: expectedToDate.toFixed() },
    decimals,
    rounding,
  );
  const judged = judge(projection.value, target, decimals, rounding);
  const share = new Decimal(input.indicator.forecast?.atRiskShare ?? DEFAULT_AT_RISK_SHARE);
  const miss =
    target.comparator === '>=' || target.comparator === '>'
      ? T.minus(judged.compared)
      : target.comparator === '='
        ? T.minus(judged.compared).abs()
        : judged.compared.minus(T);
  const verdict: ForecastVerdict = judged.met
    ? 'likely-met'
    : miss.lte(T.abs().times(share).div(100))
      ? 'at-risk'
      : 'unlikely';
  const lag = gapTo({
    numerator: input.numerator,
    ...(input.denominator === undefined ? {} : { denominator: input.denominator }),
    factor,
    decimals,
    rounding,
    integral: input.integral,
    target,
  });
  const projectedRounded = roundValue(projection.value, decimals, rounding);
  const projectedFormatted = projectedRounded.toFixed(decimals);
  const yearEnd = tp.end;
  const verdictLabel = FORECAST_VERDICT_LABELS[verdict];
  const on =
    judged.on === 'rounded' ? { zh: '修约后', en: 'rounded' } : { zh: '未修约', en: 'unrounded' };
  return {
    method: projection.method,
    methodLabel: FORECAST_METHOD_LABELS[projection.method],
    referenceDate: input.referenceDate,
    yearEnd,
    elapsedDays,
    daysInYear,
    timeShare,
    valueToDate,
    expectedToDate,
    onPace: onPace.met,
    projectedNumerator: projection.numerator,
    projected: projection.value,
    projectedRounded,
    projectedFormatted,
    verdict,
    verdictLabel,
    ...(lag ? { lag } : {}),
    lagText: lagText(lag, input, yearEnd),
    ...(projection.method === 'same-period-last-year' && input.lastYear
      ? { lastYear: input.lastYear }
      : {}),
    explanation: {
      method: FORECAST_METHOD_LABELS[projection.method],
      ...(input.indicator.forecast?.basis ? { basis: input.indicator.forecast.basis } : {}),
      formula: projection.formula,
      inputs: projection.inputs,
      rounding: {
        mode: rounding,
        decimals,
        unrounded: projection.value.toFixed(),
        rounded: projectedFormatted,
      },
      comparison: {
        zh: `${on.zh}预计年底值 ${judged.compared.toFixed()} ${target.comparator} ${target.value}：${judged.met ? '达标' : `未达标（差距在目标值的${share.toFixed()}%以内为有风险，超出为难以达标）`}，${verdictLabel.zh}`,
        en: `${on.en} projected value ${judged.compared.toFixed()} ${target.comparator} ${target.value}: ${judged.met ? 'met' : `not met (within ${share.toFixed()} % of the target is at risk, further is unlikely)`}, ${verdictLabel.en}`,
      },
      ...(skipped.length > 0 ? { skipped } : {}),
    },
  };
}

/** What the evaluation hook needs from {@link evaluate}. */
export interface ForecastHook {
  /** The evaluated period. */
  readonly period: Period;
  readonly referenceDate: IsoDate;
  /** The evaluated indicators by id. */
  readonly indicators: ReadonlyMap<string, Indicator>;
  /** Is the indicator's numerator a whole count? */
  readonly integral: (indicator: Indicator) => boolean;
  /**
   * Last year's numerators by `indicator|region` for these indicators, to `asOf` (the whole year
   * when absent).
   */
  readonly lastYear: (
    indicators: readonly string[],
    period: string,
    asOf?: IsoDate,
  ) => Promise<ReadonlyMap<string, Decimal | null>>;
}

/**
 * Attach a forecast to every result whose yearly target applies part-way through the year
 * (see {@link forecastApplies}). Last year's figures are read only for indicators whose methods
 * name `same-period-last-year`.
 */
export async function withForecasts(
  results: readonly IndicatorResult[],
  hook: ForecastHook,
): Promise<IndicatorResult[]> {
  const due = results.filter(
    (r) =>
      r.target !== undefined &&
      r.numerator !== null &&
      r.value !== null &&
      forecastApplies(r.target, hook.period, hook.referenceDate),
  );
  if (due.length === 0) return [...results];
  const needLastYear = [
    ...new Set(
      due
        .filter((r) =>
          forecastMethods(hook.indicators.get(r.indicator)!).includes('same-period-last-year'),
        )
        .map((r) => r.indicator),
    ),
  ];
  const { year } = dateParts(hook.referenceDate);
  const samePeriodDate = addYears(hook.referenceDate, -1);
  let same: ReadonlyMap<string, Decimal | null> = new Map();
  let final: ReadonlyMap<string, Decimal | null> = new Map();
  if (needLastYear.length > 0) {
    same = await hook.lastYear(needLastYear, String(year - 1), samePeriodDate);
    final = await hook.lastYear(needLastYear, String(year - 1));
  }
  const forecasts = new Map<IndicatorResult, Forecast>();
  for (const r of due) {
    const indicator = hook.indicators.get(r.indicator)!;
    const key = `${r.indicator}|${r.region}`;
    const lastYear: LastYearFigures | undefined = same.has(key)
      ? { samePeriodDate, samePeriod: same.get(key) ?? null, final: final.get(key) ?? null }
      : undefined;
    const f = forecastOf({
      indicator,
      decimals: r.decimals,
      factor: new Decimal(r.explanation.factor),
      numerator: r.numerator!,
      ...(r.denominator === null ? {} : { denominator: r.denominator }),
      target: r.target!,
      referenceDate: hook.referenceDate,
      integral: hook.integral(indicator),
      numeratorLabel: r.explanation.inputs[0]!.label,
      ...(lastYear ? { lastYear } : {}),
    });
    if (f) forecasts.set(r, f);
  }
  return results.map((r) => {
    const f = forecasts.get(r);
    return f ? { ...r, forecast: f } : r;
  });
}
