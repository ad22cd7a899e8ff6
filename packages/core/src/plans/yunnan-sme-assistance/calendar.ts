/**
 * @module plans/yunnan-sme-assistance/calendar
 * Reporting calendar of Yunnan's SME occupational-health assistance action 2024–2025 (seed 004,
 * Annex 3): plan and enterprise list (附表2), progress table (附表3) and work summaries, each
 * citing its clause. The seed names no phases; the action's own period 2024–2025 is its window.
 */
import type { Obligation, Phase } from '../../calendar/index.js';
import { yunnanSource } from './indicators.js';

const src = yunnanSource;

const prefecture = {
  level: 'prefecture',
  actor: { zh: '各州（市）卫生健康委', en: 'Prefecture health commissions' },
} as const;
const province = {
  level: 'province',
  actor: { zh: '省卫生健康委', en: 'Provincial Health Commission' },
} as const;

/** Reporting obligations of seed 004. */
export const yunnanObligations: readonly Obligation[] = [
  {
    id: 'yunnan.plan-and-list',
    label: {
      zh: '实施方案及帮扶清单（附表2）',
      en: 'Implementation plan and assistance enterprise list (附表2)',
    },
    what: 'yunnan-sme.enterprise-list',
    who: prefecture,
    toWhom: province,
    periodType: 'year',
    periods: { from: '2024', to: '2025' },
    rule: { type: 'per-period', dates: { '2024': '2024-08-30', '2025': '2025-05-10' } },
    source: src(
      '三(四)；附表2 备注',
      '各州（市）卫生健康委要将实施方案及帮扶清单（见附表2）于2024年8月30日、2025年5月10日前报省卫生健康委',
    ),
  },
  {
    id: 'yunnan.progress-table',
    label: { zh: '当年帮扶进度表（附表3）', en: 'Current-year progress table (附表3)' },
    what: 'yunnan-sme.progress-table',
    who: prefecture,
    toWhom: province,
    periodType: 'year',
    periods: { from: '2025', to: '2025' },
    rule: { type: 'fixed-date', date: '2025-07-10' },
    source: src('三(四)；附表3 备注', '2025年7月10日前报当年帮扶进度表（见附表3）'),
  },
  {
    id: 'yunnan.work-summary',
    label: { zh: '工作总结（含附表3）', en: 'Work summary (with 附表3)' },
    what: 'yunnan-sme.work-summary',
    who: prefecture,
    toWhom: province,
    periodType: 'year',
    periods: { from: '2024', to: '2025' },
    rule: { type: 'yearly', month: 12, day: 15 },
    source: src(
      '三(四)；附表3 备注',
      '分别于2024年12月15日、2025年12月15日前将工作总结（含附表3）报省卫生健康委',
    ),
  },
];

/** The action's window (the seed gives no finer phases). */
export const yunnanPhases: readonly Phase[] = [
  {
    id: 'yunnan.sme.action',
    label: { zh: '帮扶行动期（2024-2025年）', en: 'Assistance action period (2024–2025)' },
    action: 'yunnan.sme-assistance',
    windows: [{ start: '2024-01', end: '2025-12' }],
    source: src('标题；一', '2024-2025年，每个县（市、区）每年帮扶中小微企业数量不少于20家'),
  },
];
