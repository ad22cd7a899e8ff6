/**
 * @module templates/evaluation
 * The evaluation table (the demo's): region tree indented, indicator, numerator, denominator,
 * value, target, status, gap and rank, one row per result of `evaluate()`.
 */
import type { Evaluation, Forecast, IndicatorResult, Plan } from '@occhealth/core';
import {
  type CellValue,
  type ColumnNode,
  type ColumnType,
  defineTable,
  type Lang,
  type Table,
  type Text,
  type TypedCell,
  textIn,
} from '../model.js';

/** Labels of a result's status. */
export const STATUS_TEXT: Record<IndicatorResult['status'], Text> = {
  met: { zh: '达标', en: 'met' },
  'not-met': { zh: '未达标', en: 'not met' },
  'no-data': { zh: '无数据', en: 'no data' },
  'not-applicable': { zh: '不适用', en: 'n/a' },
};

/** Options of {@link evaluationTable}. */
export interface EvaluationTableOptions {
  /** Language of region and indicator names in the cells (default `zh`, the official names). */
  readonly names?: Lang;
  /** Language of statuses in the cells (default `both`). */
  readonly lang?: Lang;
}

/** Labels of a forecast's verdict. */
export const VERDICT_TEXT: Record<Forecast['verdict'], Text> = {
  'likely-met': { zh: '预计达标', en: 'likely met' },
  'at-risk': { zh: '有风险', en: 'at risk' },
  unlikely: { zh: '预计难以达标', en: 'unlikely' },
};

/**
 * @internal The cell type of a value of this result's indicator: the decimals and rounding the
 * result carries (the indicator's own), never a default.
 */
export function valueType(
  result: Pick<IndicatorResult, 'unit' | 'decimals' | 'rounding'>,
  value: IndicatorResult['value'] = null,
): ColumnType {
  const { decimals, rounding } = result;
  if (result.unit.en === '%') return { kind: 'percent', decimals, rounding };
  if (decimals === 0 && (value === null || value.isInteger())) return { kind: 'count' };
  return { kind: 'number', decimals, rounding };
}

/** @internal A value cell of a result: the unrounded Decimal typed with the indicator's rounding. */
export function valueCell(
  result: Pick<IndicatorResult, 'unit' | 'decimals' | 'rounding'>,
  value: IndicatorResult['value'],
): TypedCell {
  return { value, type: valueType(result, value) };
}

/** @internal A gap as a signed count: units to add positive, to remove negative; none blank. */
export function gapCell(gap: IndicatorResult['gap']): CellValue {
  if (!gap || gap.action === 'none') return null;
  const units = gap.action === 'add' ? gap.units : gap.units.neg();
  return units.isInteger()
    ? units
    : {
        value: units,
        type: { kind: 'number', decimals: units.decimalPlaces(), rounding: 'half-up' },
      };
}

function amount(value: IndicatorResult['numerator']): CellValue {
  if (value === null) return null;
  return value.isInteger()
    ? { value, type: { kind: 'count' } }
    : { value, type: { kind: 'number', decimals: value.decimalPlaces(), rounding: 'half-up' } };
}

/**
 * The evaluation table of `evaluate()`'s results, in their order; each region is indented under
 * its nearest ancestor present in the results. The value cell holds the unrounded Decimal with
 * the indicator's decimals and rounding, so a renderer rounds it once.
 * @example
 * ```ts check
 * declare const store: Store;
 * const plan = yunnanSmeAssistance;
 * console.log(renderText(evaluationTable(await evaluate({ plan, region: '530000', period: '2025', store }), plan)));
 * ```
 */
export function evaluationTable(
  evaluation: Evaluation,
  plan: Plan,
  options: EvaluationTableOptions = {},
): Table {
  const names = options.names ?? 'zh';
  const lang = options.lang ?? 'both';
  const parents = new Map(evaluation.results.map((r) => [r.region, r.parent]));
  const forecasts = evaluation.results.some((r) => r.forecast !== undefined);
  const forecastColumns: ColumnNode[] = forecasts
    ? [
        {
          label: { zh: '年底预判', en: 'year-end forecast' },
          children: [
            {
              id: 'projected',
              label: { zh: '预计年底值', en: 'projected' },
              type: { kind: 'count' },
            },
            { id: 'verdict', label: { zh: '预判', en: 'verdict' }, type: { kind: 'text' } },
            {
              id: 'lag',
              label: { zh: '年底前还需', en: 'still needed' },
              type: { kind: 'count', signed: true },
            },
          ],
        },
      ]
    : [];
  const depth = (code: string): number => {
    let d = 0;
    for (let p = parents.get(code); p != null && parents.has(p); p = parents.get(p)) d++;
    return d;
  };
  return defineTable({
    id: `evaluation.${evaluation.plan}.${evaluation.region}.${evaluation.period}`,
    title: {
      zh: `${plan.label.zh} 评估结果（${evaluation.period}）`,
      en: `${plan.label.en}: evaluation ${evaluation.period}`,
    },
    columns: [
      { id: 'region', label: { zh: '区划', en: 'region' }, type: { kind: 'text' } },
      { id: 'indicator', label: { zh: '指标', en: 'indicator' }, type: { kind: 'text' } },
      { id: 'numerator', label: { zh: '分子', en: 'numerator' }, type: { kind: 'count' } },
      { id: 'denominator', label: { zh: '分母', en: 'denominator' }, type: { kind: 'count' } },
      { id: 'value', label: { zh: '值', en: 'value' }, type: { kind: 'count' } },
      { id: 'target', label: { zh: '目标', en: 'target' }, type: { kind: 'text' } },
      { id: 'status', label: { zh: '状态', en: 'status' }, type: { kind: 'text' } },
      { id: 'gap', label: { zh: '差距', en: 'gap' }, type: { kind: 'count', signed: true } },
      { id: 'rank', label: { zh: '排名', en: 'rank' }, type: { kind: 'text' }, align: 'right' },
      ...forecastColumns,
    ],
    rows: evaluation.results.map((r) => ({
      indent: depth(r.region),
      cells: {
        region: textIn(r.regionName, names),
        indicator: textIn(r.label, names),
        numerator: amount(r.numerator),
        denominator: amount(r.denominator),
        value: valueCell(r, r.value),
        target: r.target ? `${r.target.comparator} ${r.target.value}` : null,
        status: textIn(STATUS_TEXT[r.status], lang),
        gap: gapCell(r.gap),
        rank: r.rank !== undefined ? `${r.rank}/${r.rankOf}` : null,
        ...(forecasts && r.forecast
          ? {
              projected: valueCell(r, r.forecast.projected),
              verdict: textIn(VERDICT_TEXT[r.forecast.verdict], lang),
              lag: gapCell(r.forecast.lag),
            }
          : {}),
      },
    })),
    footnotes: [
      {
        zh: `参考日期 ${evaluation.referenceDate}；差距为达到目标需增加（+）或减少（−）的分子数。`,
        en: `Reference date ${evaluation.referenceDate}; the gap is the numerator units to add (+) or remove (−) to meet the target.`,
      },
      ...(forecasts ? [forecastFootnote(evaluation)] : []),
    ],
    source: { doc: plan.source.doc },
  });
}

/** @internal The footnote that says how the year-end forecast of a table was made. */
export function forecastFootnote(evaluation: Evaluation): Text {
  const methods = new Map<string, Text>();
  for (const r of evaluation.results)
    if (r.forecast) methods.set(r.forecast.method, r.forecast.methodLabel);
  const f = evaluation.results.find((r) => r.forecast)?.forecast;
  const list = [...methods.values()];
  return {
    zh: `年底预判：截至${evaluation.referenceDate}（全年第${f?.elapsedDays}天，共${f?.daysInYear}天），${list.map((m) => m.zh).join('；')}；预计值未达目标但差距在目标值10%以内（或指标另定的比例）为“有风险”；“年底前还需”为到12月31日须增加（+）或减少（−）的分子数（分母不变）。`,
    en: `Year-end forecast: as of ${evaluation.referenceDate} (day ${f?.elapsedDays} of ${f?.daysInYear}), ${list.map((m) => m.en ?? m.zh).join('; ')}; a projection short of the target by at most 10 % of it (or the indicator's own share) is "at risk"; "still needed" is the numerator units to add (+) or remove (−) by 12-31, the denominator fixed.`,
  };
}
