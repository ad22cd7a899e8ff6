/**
 * @module templates/evaluation
 * The evaluation table (the demo's): region tree indented, indicator, numerator, denominator,
 * value, target, status, gap and rank, one row per result of `evaluate()`.
 */
import {
  type Evaluation,
  type IndicatorResult,
  indicatorDecimals,
  type Plan,
} from '@occhealth/core';
import {
  type CellValue,
  type ColumnType,
  defineTable,
  type Lang,
  type Table,
  type Text,
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

/** @internal The cell type of a value of this result's indicator: its own decimals and rounding. */
export function valueType(result: IndicatorResult, plan: Plan): ColumnType {
  const indicator = plan.indicators.find((i) => i.id === result.indicator);
  const decimals = indicator
    ? indicatorDecimals(indicator)
    : (result.formatted?.split('.')[1]?.length ?? 0);
  const rounding = indicator?.rounding ?? 'half-up';
  if (result.unit.en === '%') return { kind: 'percent', decimals, rounding };
  if (decimals === 0 && result.value?.isInteger()) return { kind: 'count' };
  return { kind: 'number', decimals, rounding };
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
 * @example renderText(evaluationTable(await evaluate({ plan, region: '530000', period: '2025', store }), plan))
 */
export function evaluationTable(
  evaluation: Evaluation,
  plan: Plan,
  options: EvaluationTableOptions = {},
): Table {
  const names = options.names ?? 'zh';
  const lang = options.lang ?? 'both';
  const parents = new Map(evaluation.results.map((r) => [r.region, r.parent]));
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
    ],
    rows: evaluation.results.map((r) => ({
      indent: depth(r.region),
      cells: {
        region: textIn(r.regionName, names),
        indicator: textIn(r.label, names),
        numerator: amount(r.numerator),
        denominator: amount(r.denominator),
        value: { value: r.value, type: valueType(r, plan) },
        target: r.target ? `${r.target.comparator} ${r.target.value}` : null,
        status: textIn(STATUS_TEXT[r.status], lang),
        gap: gapCell(r.gap),
        rank: r.rank !== undefined ? `${r.rank}/${r.rankOf}` : null,
      },
    })),
    footnotes: [
      {
        zh: `参考日期 ${evaluation.referenceDate}；差距为达到目标需增加（+）或减少（−）的分子数。`,
        en: `Reference date ${evaluation.referenceDate}; the gap is the numerator units to add (+) or remove (−) to meet the target.`,
      },
    ],
    source: { doc: plan.source.doc },
  });
}
