/**
 * @module plans/national-14th-fyp
 * Policy pack: 国家职业病防治规划（2021—2025年） (国卫职健发〔2021〕39号). Indicators are the final
 * evaluation survey table's (seed 003); the targets are the widely reported national values of
 * DOMAIN.md §8, **not in the seeds and unverified** (see `targets.ts`).
 */
import type { Plan } from '../../indicator/schema.js';
import { definePlan } from '../define.js';
import { surveyQuality } from '../yongqing-final-evaluation/rules.js';
import { dataElements, indicators, NATIONAL_DOC, NATIONAL_TITLE } from './indicators.js';
import { targets } from './targets.js';

export { DIRECTIONAL_TARGETS, NATIONAL_TARGETS_VERIFIED } from './targets.js';

/** The national 14th-FYP pack. */
export const national14thFyp: Plan = definePlan({
  // 2.1.0: the pack chooses its year-end forecast methods (changeset pack-forecast-methods).
  // 2.0.0: the figure fixes of issue 9 (see the changeset); 1.x were the unversioned packs before.
  version: '2.1.0',
  id: 'national-14th-fyp',
  label: {
    zh: NATIONAL_TITLE,
    en: 'National occupational-disease prevention plan 2021–2025',
  },
  description: {
    zh: '指标采用终期评估定量指标调查表（种子003）的口径；目标值为公开报道值，种子文件未收录规划原文，未经核对。',
    en: 'Indicators follow the final-evaluation survey table (seed 003); target values are widely reported figures, not in the seeds and not verified.',
  },
  source: {
    doc: NATIONAL_DOC,
    title: NATIONAL_TITLE,
    issuer: '国家卫生健康委员会等',
  },
  period: '2021/2025',
  dataElements,
  indicators,
  targets,
  obligations: [],
  checklists: [],
  forms: [],
  // The survey table (seed 003) operationalises the plan's indicators; its sub-items are what
  // localities report, and its part-of-whole and sum-of-children rules hold here too.
  ...surveyQuality,
});
