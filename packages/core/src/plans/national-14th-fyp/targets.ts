/**
 * @module plans/national-14th-fyp/targets
 * The national plan's widely reported target values (DOMAIN.md §8). **They are not in the seeds**
 * and have not been verified against the plan text: each target's source has no `seed`, its id
 * ends in `.unverified`, and its note says so. Load a province's or county's own plan values to
 * replace them; nothing in a formula depends on these numbers.
 */
import type { PlanInput } from '../../indicator/schema.js';
import { nationalSource } from './indicators.js';

/** A target as written in a pack. */
type PackTarget = NonNullable<PlanInput['targets']>[number];

/** false: the national targets below are reported values not checked against the plan text. */
export const NATIONAL_TARGETS_VERIFIED = false;

const UNVERIFIED_NOTE = {
  zh: '种子文件未收录规划原文；此为公开报道的数值，使用前须与《国家职业病防治规划（2021—2025年）》原文核对。',
  en: 'Not in the seeds; a widely reported value — verify against the text of the national plan 2021–2025 before relying on it.',
};

function unverified(indicator: string, value: string, wording: string): PackTarget {
  return {
    id: `${indicator}.2025.unverified`,
    indicator,
    comparator: '>=',
    value,
    period: '2025',
    source: nationalSource(`主要指标（${wording}；未核对原文）`),
    note: UNVERIFIED_NOTE,
  };
}

/** Targets of the national pack (all unverified). */
export const targets: PackTarget[] = [
  unverified('industrialDeclarationRate', '90', '工业企业职业病危害项目申报率≥90%'),
  unverified('monitoringPassRate', '85', '工作场所职业病危害因素监测合格率≥85%'),
  unverified('personalDoseMonitoringRate', '90', '非医疗放射工作人员个人剂量监测率≥90%'),
  unverified('knowledgeAwarenessRate', '85', '重点人群职业健康知识知晓率≥85%'),
  unverified('caseHandlingRate', '100', '职业卫生违法案件查处率100%'),
];

/**
 * Targets the schema cannot express as `indicator comparator value`: a direction, not a number.
 * Kept as data for reports.
 */
export const DIRECTIONAL_TARGETS = [
  {
    indicator: 'workInjuryInsuredCount',
    direction: 'rising',
    wording: {
      zh: '工伤保险参保人数稳步提升',
      en: 'Work-injury insurance enrolment rising steadily',
    },
    source: nationalSource('主要指标（工伤保险参保人数稳步提升；未核对原文）'),
    note: UNVERIFIED_NOTE,
  },
] as const;
