/**
 * @module plans/yongqing-final-evaluation/rules
 * What the survey table (seed 003 附件1 附表) implies for reconciliation and data quality: each
 * row's sub-items carry its indicator's reported numerator and denominator; a numerator sub-item
 * never exceeds its denominator (2-1 申报的工业企业数 ≤ 2-2 存在职业病危害的工业企业数, 3-2 检测合格岗位数
 * ≤ 3-1 检测岗位数, …); for the rows marked `*` (省级可统计数据，有关数据可与各地分享) a level's
 * figure is the sum of the figures below it.
 */
import type { PlanInput, QualityRuleInput, ReportedAs } from '../../indicator/schema.js';
import { SURVEY_TABLE, yongqingSource } from './indicators.js';

/** Each sub-item row's indicator mapped to its sub-items' data elements (no obligation: any report). */
export const surveyReportedAs: readonly ReportedAs[] = SURVEY_TABLE.filter(
  (row) => row.result === 'sub-items',
).flatMap((row) =>
  row.indicators.flatMap((indicator) => {
    const num = row.subItems.find((s) => s.indicator === indicator && s.role === 'numerator');
    const den = row.subItems.find((s) => s.indicator === indicator && s.role === 'denominator');
    if (!num || !den) return [];
    return [
      {
        indicator,
        numerator: num.dataElement,
        denominator: den.dataElement,
        source: yongqingSource(`附件1 附表 第${row.no}行`, `${num.code} / ${den.code}`),
      },
    ];
  }),
);

/**
 * The rules the survey table implies: numerator sub-item ≤ denominator sub-item in every report
 * (high importance: a rate above 100 % cannot be published), and, for the `*` rows, a prefecture's
 * or province's reported sub-item = the sum of its children's reports (medium importance; checked
 * only where both are reported).
 */
export const surveyRules: readonly QualityRuleInput[] = SURVEY_TABLE.filter(
  (row) => row.result === 'sub-items',
).flatMap((row) =>
  row.indicators.flatMap((indicator): QualityRuleInput[] => {
    const num = row.subItems.find((s) => s.indicator === indicator && s.role === 'numerator');
    const den = row.subItems.find((s) => s.indicator === indicator && s.role === 'denominator');
    if (!num || !den) return [];
    const clause = `附件1 附表 第${row.no}行`;
    const rules: QualityRuleInput[] = [
      {
        type: 'compare',
        id: `survey.${indicator}.part-of-whole`,
        label: {
          zh: `${num.code} ${num.label.zh} ≤ ${den.code} ${den.label.zh}`,
          en: `${num.code} ${num.label.en} ≤ ${den.code} ${den.label.en}`,
        },
        left: { reported: num.dataElement },
        operator: '<=',
        right: { reported: den.dataElement },
        importance: 'high',
        source: yongqingSource(clause, `${num.code} / ${den.code}`),
      },
    ];
    if (row.provincialStatistic) {
      for (const item of [num, den]) {
        rules.push({
          type: 'compare',
          id: `survey.${item.dataElement}.sum-of-children`,
          label: {
            zh: `上报的 ${item.code} ${item.label.zh} = 下级上报之和`,
            en: `Reported ${item.code} ${item.label.en} = sum of the children's reports`,
          },
          left: { reported: item.dataElement },
          operator: '=',
          right: { childrenReported: item.dataElement },
          levels: ['prefecture', 'province'],
          source: yongqingSource(`${clause}（*：省级可统计数据，有关数据可与各地分享）`),
        });
      }
    }
    return rules;
  }),
);

/** The pack parts, for the Yongqing and national packs. */
export const surveyQuality: Pick<PlanInput, 'reportedAs' | 'rules'> = {
  reportedAs: [...surveyReportedAs],
  rules: [...surveyRules],
};
