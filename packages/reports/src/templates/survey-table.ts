/**
 * @module templates/survey-table
 * Seed 003 附件1 附表 河北职业病防治规划(2021-2025年)定量指标调查表: 序号, 评估指标, 数据来源, 结果;
 * the ten rows in the seed's order, each followed by its sub-item rows in the printed order
 * (rows 3, 4 and 10 list a denominator first), row 1 followed by one row per year 2020–2025.
 */
import {
  type Evaluation,
  type IndicatorResult,
  type Plan,
  SURVEY_TABLE,
  yongqingFinalEvaluation,
} from '@occhealth/core';
import { type CellValue, defineTable, type Lang, type Row, type Table, textIn } from '../model.js';
import { valueCell } from './evaluation.js';

/** Options of {@link surveyTable}. */
export interface SurveyTableOptions {
  /** Language of the row labels and data sources in the cells (default `zh`, as printed). */
  readonly lang?: Lang;
  /** The year whose evaluation fills rows 2–10 (default 2025, the year the data sources name). */
  readonly year?: number;
  /** Row 7's reported text (上报数据), when the caller has it; blank otherwise. */
  readonly narrative?: string;
  /** The pack (default the Yongqing final-evaluation pack): its indicators' decimals and rounding. */
  readonly plan?: Plan;
}

/**
 * The survey table from one `evaluate()` evaluation per year (keyed by year, e.g. `{ 2025: e }`),
 * each of the same region. Row 1 has a result for each year 2020–2025; rows 2–10 show the
 * numerator and denominator of each sub-item (by role, in the printed order) and the rate on
 * the row itself, from the evaluation of `year`. A year with no evaluation, and a result with no
 * data, is blank and a footnote says which.
 * @example
 * ```ts check
 * declare const store: Store; // with 永清县 (131023) and its records
 * const table = surveyTable({ 2025: await evaluate({ plan: yongqingFinalEvaluation, region: '131023', period: '2025', store }) });
 * ```
 */
export function surveyTable(
  evaluations: Readonly<Record<number, Evaluation | undefined>>,
  options: SurveyTableOptions = {},
): Table {
  const lang = options.lang ?? 'zh';
  const year = options.year ?? 2025;
  const plan = options.plan ?? yongqingFinalEvaluation;
  const missingYears = new Set<number>();
  let noData = false;
  const resultOf = (y: number, indicator: string): IndicatorResult | undefined => {
    const evaluation = evaluations[y];
    if (!evaluation) {
      missingYears.add(y);
      return undefined;
    }
    const result = evaluation.results.find(
      (r) => r.indicator === indicator && r.region === evaluation.region,
    );
    if (!result || result.status === 'no-data') noData = true;
    return result;
  };
  const count = (value: IndicatorResult['numerator'] | undefined): CellValue =>
    value == null ? null : { value, type: { kind: 'count' } };

  const rows: Row[] = [];
  for (const row of SURVEY_TABLE) {
    const main = {
      no: `${row.no}${row.provincialStatistic ? '*' : ''}`,
      indicator: textIn(row.title, lang),
      dataSource: textIn(row.dataSource, lang),
    };
    if (row.result === 'yearly-values') {
      rows.push({ cells: main });
      for (const y of row.years ?? []) {
        const r = resultOf(y, row.indicators[0]!);
        rows.push({
          indent: 1,
          cells: { indicator: textIn({ zh: `${y}年`, en: `${y}` }, lang), result: count(r?.value) },
        });
      }
      continue;
    }
    if (row.result === 'narrative') {
      rows.push({ cells: { ...main, result: options.narrative ?? null } });
      continue;
    }
    const only = row.indicators.length === 1 ? resultOf(year, row.indicators[0]!) : undefined;
    rows.push({
      cells: {
        ...main,
        result: only?.value != null ? valueCell(only, only.value) : null,
      },
    });
    for (const s of row.subItems) {
      const r = resultOf(year, s.indicator);
      rows.push({
        indent: 1,
        cells: {
          indicator: `${s.code} ${textIn(s.label, lang)}`,
          result: count(s.role === 'numerator' ? r?.numerator : r?.denominator),
        },
      });
    }
  }

  const footnotes = [
    {
      zh: '注：标注“*”项为省级可统计数据，有关数据可与各地分享。评估指标1：工伤保险参保人数请县人力资源和社会保障局填写。',
      en: 'Note: items marked “*” are provincial-level statistics and may be shared with localities. Indicator 1 (work-injury insurance enrolment) is filled in by the county HR & social-security bureau.',
    },
    {
      zh: `第2—10项为${year}年数据；比率按分子/分母×100计算。`,
      en: `Rows 2–10 are ${year} figures; each rate is numerator / denominator × 100.`,
    },
  ];
  if (missingYears.size > 0) {
    const years = [...missingYears].sort((a, b) => a - b).join('、');
    footnotes.push({
      zh: `${years}年无评估结果，相应单元格为空。`,
      en: `No evaluation for ${years.replaceAll('、', ', ')}: those cells are blank.`,
    });
  }
  if (noData) {
    footnotes.push({ zh: '无数据的单元格为空。', en: 'Cells with no data are blank.' });
  }
  const region = Object.values(evaluations).find((e) => e)?.region ?? plan.region ?? '';
  return defineTable({
    id: `survey-table.${region}.${year}`,
    title: {
      zh: '河北职业病防治规划(2021-2025年)定量指标调查表',
      en: 'Hebei occupational-disease prevention plan (2021–2025) quantitative indicator survey table',
    },
    formNumber: '附表',
    columns: [
      { id: 'no', label: { zh: '序号', en: 'No.' }, type: { kind: 'text' } },
      { id: 'indicator', label: { zh: '评估指标', en: 'Indicator' }, type: { kind: 'text' } },
      { id: 'dataSource', label: { zh: '数据来源', en: 'Data source' }, type: { kind: 'text' } },
      { id: 'result', label: { zh: '结果', en: 'Result' }, type: { kind: 'text' }, align: 'right' },
    ],
    rows,
    footnotes,
    source: { doc: plan.source.doc, clause: '附件1 附表' },
  });
}
