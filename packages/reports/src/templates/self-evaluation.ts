/**
 * @module templates/self-evaluation
 * A draft 县级自评估报告 following seed 003 附件1 二 (报告框架): the six body sections and the two
 * annexes, with section 2 (主要目标指标完成情况) filled in from an evaluation — each indicator's
 * figure, target, status, gap and year-end forecast (003 二(一): 对年底能否达到目标值作出预判,
 * 对预计难以完成指标的最终进度和滞后原因进行分析说明) — and the narrative sections left as headed
 * placeholders.
 */
import type { Evaluation, IndicatorResult, Plan } from '@occhealth/core';
import type { DocumentSection, ReportDocument } from '../document.js';
import { displayCell } from '../format.js';
import { defineTable, type Lang, type Table, type Text, textIn } from '../model.js';
import { forecastFootnote, gapCell, STATUS_TEXT, VERDICT_TEXT, valueCell } from './evaluation.js';
import { type SurveyTableOptions, surveyTable } from './survey-table.js';

/** Options of {@link selfEvaluationReport}. */
export interface SelfEvaluationOptions {
  /** The county reported on (default the evaluation's root region). */
  readonly region?: string;
  /** Language of statuses and verdicts in the table cells (default `zh`). */
  readonly lang?: Lang;
  /**
   * Evaluations by year for 附件1 定量指标调查表 (see `surveyTable`); without them the annex is a
   * placeholder.
   */
  readonly survey?: Readonly<Record<number, Evaluation | undefined>>;
  /** Options of the survey table. */
  readonly surveyOptions?: SurveyTableOptions;
}

function figure(r: IndicatorResult, value: IndicatorResult['value']): Text {
  if (value === null) return { zh: '无数据', en: 'no data' };
  const zh = displayCell(valueCell(r, value), 'zh');
  const percent = r.unit.en === '%';
  return {
    zh: percent ? zh : `${zh}${r.unit.zh}`,
    en: percent ? zh : `${zh} ${r.unit.en}`,
  };
}

const COMPARATOR_SIGN = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=' } as const;

function target(r: IndicatorResult): Text {
  if (!r.target) return { zh: '无目标', en: 'no target' };
  const sign = COMPARATOR_SIGN[r.target.comparator];
  const unit = r.unit.en === '%' ? '%' : r.unit.zh;
  return {
    zh: `${sign}${r.target.value}${unit}`,
    en: `${sign} ${r.target.value}${r.unit.en === '%' ? '%' : ` ${r.unit.en}`}`,
  };
}

function indicatorTable(
  results: readonly IndicatorResult[],
  evaluation: Evaluation,
  lang: Lang,
): Table {
  const forecasts = results.some((r) => r.forecast);
  return defineTable({
    id: `self-evaluation.indicators.${evaluation.region}.${evaluation.period}`,
    title: { zh: '主要目标指标完成情况', en: 'Main target indicators' },
    columns: [
      { id: 'no', label: { zh: '序号', en: 'No.' }, type: { kind: 'count' } },
      { id: 'indicator', label: { zh: '指标', en: 'Indicator' }, type: { kind: 'text' } },
      { id: 'value', label: { zh: '实际进度', en: 'Actual' }, type: { kind: 'count' } },
      { id: 'target', label: { zh: '目标值', en: 'Target' }, type: { kind: 'text' } },
      { id: 'status', label: { zh: '状态', en: 'Status' }, type: { kind: 'text' } },
      { id: 'gap', label: { zh: '差距', en: 'Gap' }, type: { kind: 'count', signed: true } },
      ...(forecasts
        ? [
            {
              label: { zh: '年底预判', en: 'Year-end forecast' },
              children: [
                {
                  id: 'projected',
                  label: { zh: '预计年底值', en: 'Projected' },
                  type: { kind: 'count' as const },
                },
                {
                  id: 'verdict',
                  label: { zh: '预判', en: 'Verdict' },
                  type: { kind: 'text' as const },
                },
                {
                  id: 'lag',
                  label: { zh: '年底前还需', en: 'Still needed' },
                  type: { kind: 'text' as const },
                },
              ],
            },
          ]
        : []),
    ],
    rows: results.map((r, i) => ({
      cells: {
        no: i + 1,
        indicator: r.label.zh,
        value: valueCell(r, r.value),
        target: r.target ? textIn(target(r), lang) : null,
        status: textIn(STATUS_TEXT[r.status], lang),
        gap: gapCell(r.gap),
        ...(r.forecast
          ? {
              projected: valueCell(r, r.forecast.projected),
              verdict: textIn(VERDICT_TEXT[r.forecast.verdict], lang),
              lag: textIn(r.forecast.lagText, lang),
            }
          : {}),
      },
    })),
    footnotes: [
      {
        zh: `数据截至${evaluation.referenceDate}；差距为达到目标需增加（+）或减少（−）的分子数。`,
        en: `Data as of ${evaluation.referenceDate}; the gap is the numerator units to add (+) or remove (−) to meet the target.`,
      },
      ...(forecasts ? [forecastFootnote(evaluation)] : []),
    ],
    source: { doc: evaluation.plan },
  });
}

/** One sentence per indicator: figure, target, status, and the forecast when there is one. */
function progressText(r: IndicatorResult, referenceDate: string): Text {
  const v = figure(r, r.value);
  const t = target(r);
  const status = STATUS_TEXT[r.status];
  const f = r.forecast;
  return {
    zh: `${r.label.zh}：截至${referenceDate}为${v.zh}，目标${t.zh}，${status.zh}${f ? `；预计年底${figure(r, f.projected).zh}（${f.methodLabel.zh}），${f.verdictLabel.zh}，${f.lagText.zh}` : ''}。`,
    en: `${r.label.en}: ${v.en} on ${referenceDate}, target ${t.en}, ${status.en}${f ? `; projected ${figure(r, f.projected).en} at year end (${f.methodLabel.en}), ${f.verdictLabel.en}, ${f.lagText.en}` : ''}.`,
  };
}

/**
 * The draft self-evaluation report of one county from an evaluation (typically evaluated part-way
 * through 2025, so each yearly target carries a forecast). Section 2 lists every indicator with a
 * target at the county — figure, target, status, gap, forecast — and, for each one not met, at risk
 * or unlikely, a sub-section giving its final progress with a placeholder for the reasons for the
 * lag. Sections 1 and 3–6 and annex 2 are placeholders; annex 1 is the survey table when
 * `options.survey` is given. Render with `renderDocumentMarkdown` or `renderDocumentHtml`.
 * @example
 * ```ts check
 * declare const store: Store; // with 永清县 (131023) and its records
 * const evaluation = await evaluate({ plan: yongqingFinalEvaluation, region: '131023', period: '2025', store, asOf: '2025-05-31' });
 * console.log(renderDocumentMarkdown(selfEvaluationReport(evaluation, yongqingFinalEvaluation)));
 * ```
 */
export function selfEvaluationReport(
  evaluation: Evaluation,
  plan: Plan,
  options: SelfEvaluationOptions = {},
): ReportDocument {
  const lang = options.lang ?? 'zh';
  const region = options.region ?? evaluation.region;
  const here = evaluation.results.filter((r) => r.region === region);
  const name = here[0]?.regionName.zh ?? region;
  const withTarget = here.filter((r) => r.target !== undefined);
  const count = (pred: (r: IndicatorResult) => boolean) => withTarget.filter(pred).length;
  const met = count((r) => r.status === 'met');
  const notMet = count((r) => r.status === 'not-met');
  const noData = count((r) => r.status === 'no-data');
  const forecasts = withTarget.filter((r) => r.forecast);
  const verdicts = (v: string) => forecasts.filter((r) => r.forecast!.verdict === v).length;
  const lagging = withTarget.filter(
    (r) => r.status !== 'met' || (r.forecast !== undefined && r.forecast.verdict !== 'likely-met'),
  );
  const version = evaluation.planVersion ? `（版本 ${evaluation.planVersion}）` : '';
  const summary: Text[] = [
    {
      zh: `截至${evaluation.referenceDate}，按《${plan.label.zh}》${version}评估，有目标的${withTarget.length}项指标中，达标${met}项，未达标${notMet}项，无数据${noData}项。`,
      en: `As of ${evaluation.referenceDate}, under ${plan.label.en}${evaluation.planVersion ? ` (version ${evaluation.planVersion})` : ''}: of ${withTarget.length} indicators with a target, ${met} met, ${notMet} not met, ${noData} without data.`,
    },
  ];
  if (forecasts.length > 0)
    summary.push({
      zh: `对年底能否达到目标值的预判：预计达标${verdicts('likely-met')}项，有风险${verdicts('at-risk')}项，预计难以达标${verdicts('unlikely')}项。`,
      en: `Year-end forecast: ${verdicts('likely-met')} likely met, ${verdicts('at-risk')} at risk, ${verdicts('unlikely')} unlikely.`,
    });
  const laggingSections: DocumentSection[] = lagging.map((r) => ({
    heading: {
      zh: `${r.label.zh}：最终进度和滞后原因`,
      en: `${r.label.en}: final progress and reasons for the lag`,
    },
    paragraphs: [progressText(r, evaluation.referenceDate)],
    placeholder: {
      zh: '滞后原因分析及拟采取的措施。',
      en: 'Reasons for the lag and the measures planned.',
    },
  }));
  const surveyAnnex: DocumentSection = options.survey
    ? {
        heading: {
          zh: '附件1　定量指标调查表（附表）',
          en: 'Annex 1: quantitative indicator survey table',
        },
        tables: [surveyTable(options.survey, options.surveyOptions)],
      }
    : {
        heading: {
          zh: '附件1　定量指标调查表（附表）',
          en: 'Annex 1: quantitative indicator survey table',
        },
        placeholder: {
          zh: '附定量指标调查表（可由 surveyTable 生成）。',
          en: 'Attach the survey table (surveyTable builds it).',
        },
      };
  return {
    id: `self-evaluation.${region}.${evaluation.period}`,
    title: {
      zh: `${name}职业病防治规划实施情况自评估报告（草稿）`,
      en: `${here[0]?.regionName.en ?? name}: self-evaluation report on the occupational-disease prevention plan (draft)`,
    },
    lines: [
      {
        zh: `数据截至${evaluation.referenceDate}；标注【待填写】处由编写单位补充。`,
        en: `Data as of ${evaluation.referenceDate}; sections marked [to be written] are completed by the author.`,
      },
    ],
    sections: [
      {
        heading: { zh: '一、评估工作总体情况', en: '1. The evaluation work overall' },
        placeholder: {
          zh: '评估工作的组织、部门评估、资料收集和现场核查情况。',
          en: 'How the evaluation was organised: department evaluations, material collected, field checks.',
        },
      },
      {
        heading: { zh: '二、主要目标指标完成情况', en: '2. Main target indicators' },
        paragraphs: summary,
        items: withTarget.map((r) => progressText(r, evaluation.referenceDate)),
        tables: [indicatorTable(withTarget, evaluation, lang)],
        sections: laggingSections,
      },
      {
        heading: { zh: '三、主要任务完成情况', en: '3. Main tasks' },
        placeholder: {
          zh: '逐项说明《规划》8项主要任务及相关专栏的完成情况和成效。',
          en: 'Each of the plan’s 8 main tasks and boxes: what was done and its effect.',
        },
      },
      {
        heading: { zh: '四、存在问题和困难', en: '4. Problems and difficulties' },
        ...(lagging.length > 0
          ? {
              items: lagging.map((r) => ({
                zh: `${r.label.zh}：${STATUS_TEXT[r.status].zh}${r.forecast ? `，${r.forecast.verdictLabel.zh}` : ''}`,
                en: `${r.label.en}: ${STATUS_TEXT[r.status].en}${r.forecast ? `, ${r.forecast.verdictLabel.en}` : ''}`,
              })),
            }
          : {}),
        placeholder: {
          zh: '突出问题和困难的原因分析及针对性措施。',
          en: 'The main problems and difficulties, their causes and the measures proposed.',
        },
      },
      {
        heading: { zh: '五、工作创新情况', en: '5. Innovations' },
        placeholder: {
          zh: '创新性工作及成效，可用案例说明。',
          en: 'Innovative work and its results, with cases.',
        },
      },
      {
        heading: {
          zh: '六、对“十五五”《规划》编制的意见建议',
          en: '6. Suggestions for the 15th five-year plan',
        },
        placeholder: {
          zh: '对“十五五”规划主要指标、工作任务的意见和下一步工作建议。',
          en: 'Suggestions on the next plan’s main indicators and tasks, and next steps.',
        },
      },
      {
        heading: { zh: '附件', en: 'Annexes' },
        sections: [
          surveyAnnex,
          {
            heading: {
              zh: '附件2　反映《规划》落实成效的相关文件、工作记录等材料',
              en: 'Annex 2: documents and work records showing the plan’s implementation',
            },
            placeholder: {
              zh: '附相关文件、工作记录清单。',
              en: 'List the documents and records attached.',
            },
          },
        ],
      },
    ],
    source: { doc: '003', clause: '附件1 县级自评估报告编制要求' },
  };
}
