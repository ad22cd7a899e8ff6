/**
 * @module plans/yaohai-2025/calendar
 * Calendar of Yaohai District's 2025 occupational-health key points (seed 000, the drafting
 * note): the three drafting phases (Dec 2024 – early Feb 2025) and the 2025 final-evaluation
 * milestones (target review by end of June, final-evaluation report by end of August).
 */
import type { CalendarNote, Obligation, Phase } from '../../calendar/index.js';
import { yaohaiSource } from './indicators.js';

const src = yaohaiSource;

const district = {
  level: 'county',
  actor: { zh: '瑶海区卫生健康委', en: 'Yaohai District Health Commission' },
} as const;

/** Milestones of seed 000 (work milestones the district sets itself). */
export const yaohaiObligations: readonly Obligation[] = [
  {
    id: 'yaohai.fyp14-target-review',
    label: {
      zh: '完成“十四五”规划目标任务梳理',
      en: 'Review of the 14th-FYP target tasks completed',
    },
    what: 'yaohai.fyp14.target-review',
    who: district,
    toWhom: district,
    periodType: 'year',
    periods: { from: '2025', to: '2025' },
    rule: { type: 'end-of-month', month: 6 },
    source: src('三 第一板块 一', '6月底前完成目标任务梳理'),
  },
  {
    id: 'yaohai.final-evaluation-report',
    label: { zh: '完成终期评估报告', en: 'Final-evaluation report completed' },
    what: 'yaohai.fyp14.final-evaluation-report',
    who: district,
    toWhom: district,
    periodType: 'year',
    periods: { from: '2025', to: '2025' },
    rule: { type: 'end-of-month', month: 8 },
    source: src('三 第一板块 一', '8月底前完成终期评估报告，并启动“十五五”规划编制工作'),
  },
];

/** The drafting phases of the 2025 key points (二 起草过程). */
export const yaohaiPhases: readonly Phase[] = [
  {
    id: 'yaohai.drafting.preparation',
    label: { zh: '前期筹备与调研阶段', en: 'Preparation and research' },
    action: 'yaohai.key-points-2025.drafting',
    windows: [{ start: '2024-12', end: '2025-01' }],
    source: src('二 一是', '前期筹备与调研阶段（2024年12月-2025年1月）'),
  },
  {
    id: 'yaohai.drafting.writing',
    label: { zh: '起草撰写与内部审核阶段', en: 'Drafting and internal review' },
    action: 'yaohai.key-points-2025.drafting',
    windows: [{ start: '2025-01-mid', end: '2025-01-late' }],
    source: src('二 二是', '起草撰写与内部审核阶段（2025年1月中旬-1月下旬）'),
  },
  {
    id: 'yaohai.drafting.consultation',
    label: { zh: '征求意见与完善定稿阶段', en: 'Consultation and finalisation' },
    action: 'yaohai.key-points-2025.drafting',
    windows: [{ start: '2025-01-late', end: '2025-02-early' }],
    source: src('二 三是', '征求意见与完善定稿阶段（2025年1月下旬-2月上旬）'),
  },
];

/** Duties of seed 000 without a computable date. */
export const yaohaiCalendarNotes: readonly CalendarNote[] = [
  {
    id: 'yaohai.fyp15-drafting-start',
    label: { zh: '启动“十五五”规划编制工作', en: '15th-FYP plan drafting starts' },
    when: {
      zh: '终期评估报告完成后（8月底后）',
      en: 'After the final-evaluation report (after end-August)',
    },
    source: src('三 第一板块 一', '并启动“十五五”规划编制工作'),
  },
  {
    id: 'yaohai.law-week-2025',
    label: {
      zh: '组织开展《职业病防治法》宣传周、专题讲座等活动',
      en: 'Law Publicity Week and lectures',
    },
    when: { zh: '2025年内', en: 'During 2025' },
    source: src('三 第三板块 二', '组织开展《职业病防治法》宣传周、专题讲座等活动'),
  },
  {
    id: 'yaohai.five-entries-2025',
    label: { zh: '开展职业健康“五进”活动', en: '“Five Entries” activities' },
    when: { zh: '2025年内', en: 'During 2025' },
    source: src('三 第三板块 三', '推进职业健康保护专项行动，开展“五进”活动'),
  },
];
