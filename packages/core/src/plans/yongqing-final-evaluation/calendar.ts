/**
 * @module plans/yongqing-final-evaluation/calendar
 * Calendar of Yongqing County's 14th-FYP final evaluation (seed 003): department
 * self-evaluations by 2025-06-10, provincial spot checks (late May – late July 2025), national
 * field research (June – September 2025), the final-evaluation report by mid-October 2025 and
 * the 15th-FYP first draft by end-2025 (the joint meeting's 2025 tasks), each citing its clause.
 */
import type { CalendarNote, Obligation, Phase } from '../../calendar/index.js';
import { JOINT_MEETING_MEMBERS, JOINT_MEETING_RULES_DOC, JOINT_TASKS_DOC } from './checklists.js';
import { yongqingSource } from './indicators.js';

const src = yongqingSource;
/** The 2025 joint tasks (附件2 of the 2025-04-07 notice), not the evaluation scheme. */
const tasksSrc = (clause: string, quote: string) => ({
  doc: JOINT_TASKS_DOC,
  clause,
  seed: '003',
  quote,
});
/** The joint meeting's work rules (附件1 of the 2025-04-07 notice). */
const rulesSrc = (clause: string, quote: string) => ({
  doc: JOINT_MEETING_RULES_DOC,
  clause,
  seed: '003',
  quote,
});

/**
 * The 17 parties owing a self-evaluation (三(一)): the 16 member departments of the joint meeting
 * and 县行政审批局, each its own obligation.
 */
const selfEvaluators = [
  ...JOINT_MEETING_MEMBERS.map((x) => ({ id: x.id, name: x.name })),
  {
    id: 'administrative-approval',
    name: { zh: '县行政审批局', en: 'County Administrative-Approval Bureau' },
  },
] as const;
const countyHealth = {
  level: 'county',
  actor: { zh: '县卫生健康局', en: 'County Health Bureau' },
} as const;
const prefectureHealth = {
  level: 'prefecture',
  actor: { zh: '市卫生健康委', en: 'Prefectural Health Commission' },
} as const;
const jointMeeting = {
  level: 'county',
  actor: { zh: '联席会议各成员单位', en: 'All joint-meeting members' },
} as const;

/** Reporting obligations and milestones of seed 003. */
export const yongqingObligations: readonly Obligation[] = [
  ...selfEvaluators.map(
    (party): Obligation => ({
      // Obligation ids are lower-case: camelCase member ids become kebab-case.
      id: `yongqing.department-self-evaluation.${party.id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      label: {
        zh: `部门自评估材料（${party.name.zh}）`,
        en: `Department self-evaluation material (${party.name.en})`,
      },
      what: 'yongqing.department-self-evaluation',
      who: { level: 'county', actor: party.name },
      toWhom: countyHealth,
      periodType: 'year',
      periods: { from: '2025', to: '2025' },
      rule: { type: 'fixed-date', date: '2025-06-10' },
      source: src('三(一)', '形成评估材料(要求见附件2),于2025年6月10日前提供给县卫生健康局'),
    }),
  ),
  {
    id: 'yongqing.final-evaluation-report',
    label: {
      zh: '编制完成终期评估报告（十月中旬）',
      en: 'Final-evaluation report completed (mid-October)',
    },
    what: 'yongqing.final-evaluation-report',
    who: jointMeeting,
    // 三(二): the county's summary evaluation report goes to 市卫生健康委.
    toWhom: prefectureHealth,
    periodType: 'year',
    periods: { from: '2025', to: '2025' },
    // 中旬 = days 11–20; "by mid-October" is read as by its last day, 10-20.
    rule: { type: 'mid-month', month: 10 },
    source: tasksSrc('一', '2025 年十月中旬编制完成终期评估报告'),
  },
  {
    id: 'yongqing.fyp15-first-draft',
    label: { zh: '完成“十五五”规划编制工作初稿', en: '15th-FYP county plan first draft' },
    what: 'yongqing.fyp15.first-draft',
    who: jointMeeting,
    toWhom: countyHealth,
    periodType: 'year',
    periods: { from: '2025', to: '2025' },
    rule: { type: 'end-of-month', month: 12 },
    source: tasksSrc('二', '2025 年底前完成“十五五”规划编制工作初稿'),
  },
  {
    id: 'yongqing.injury-prevention-training',
    label: {
      zh: '工伤预防能力提升培训基本实现全覆盖',
      en: 'Work-injury-prevention training basically full coverage',
    },
    what: 'yongqing.injury-prevention-training',
    who: {
      level: 'county',
      actor: {
        zh: '县人力资源和社会保障局、县卫生健康局、县应急管理局',
        en: 'County HR & social security, health, and emergency-management bureaus',
      },
    },
    toWhom: countyHealth,
    periodType: 'year',
    periods: { from: '2025', to: '2025' },
    rule: { type: 'end-of-month', month: 12 },
    source: tasksSrc('五', '2025 年底前基本实现培训全覆盖'),
  },
];

/** Review windows of seed 003. */
export const yongqingPhases: readonly Phase[] = [
  {
    id: 'yongqing.provincial-spot-check',
    label: { zh: '省级抽查复核（实地调研）', en: 'Provincial spot checks (field research)' },
    action: 'hebei.fyp14.final-evaluation',
    windows: [{ start: '2025-05-late', end: '2025-07-late' }],
    source: src('三(三)', '将于2025年5月下旬至7月下旬赴部分市县开展实地调研'),
  },
  {
    id: 'yongqing.national-review',
    label: { zh: '国家实地调研、复核数据', en: 'National field research and data review' },
    action: 'national.fyp14.final-evaluation',
    windows: [{ start: '2025-06', end: '2025-09' }],
    source: src('三(三)', '于2025年6月至9月开展实地调研、座谈走访等活动'),
  },
];

/** Duties of seed 003 without a computable date. */
export const yongqingCalendarNotes: readonly CalendarNote[] = [
  {
    id: 'yongqing.county-summary-report',
    label: {
      zh: '县卫生健康局形成总结评估报告，连同部门自评报告报市卫生健康委',
      en: 'County summary evaluation report with department self-reports to the prefecture',
    },
    when: {
      zh: '各部门自评估之后（未规定日期）',
      en: 'After the department self-evaluations (no date given)',
    },
    source: src('三(二)', '在各部门自评估基础上，县卫生健康局牵头形成规划实施总结评估报告'),
  },
  {
    id: 'yongqing.law-week-2025',
    label: { zh: '第23个全国《职业病防治法》宣传周活动', en: '23rd national Law Publicity Week' },
    when: { zh: '2025年', en: '2025' },
    source: tasksSrc('三', '开展第 23 个全国《职业病防治法》宣传周活动'),
  },
  {
    id: 'yongqing.plenary-meetings',
    label: { zh: '联席会议全体会议', en: 'Joint-meeting plenary meetings' },
    when: { zh: '定期或不定期', en: 'Regularly or ad hoc' },
    source: rulesSrc('四(一)1', '全体会议根据工作需要定期或不定期召开'),
  },
  {
    id: 'yongqing.joint-meeting-rules-issued',
    label: {
      zh: '县卫生健康局印发联席会议工作规则等文件（部门职责依据）',
      en: 'County health bureau issued the joint-meeting work rules (basis of department duties)',
    },
    when: { zh: '2025年4月7日', en: '2025-04-07' },
    source: src(
      '附件2 一',
      '按照2025年4月7日永清县卫生健康局《关于印发<永清县职业病防治工作局际联席会议工作规则>等文件的通知》',
    ),
  },
];
