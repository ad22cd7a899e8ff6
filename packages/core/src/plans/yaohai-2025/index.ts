/**
 * @module plans/yaohai-2025
 * Policy pack: 瑶海区2025年职业健康工作要点 (seed 000) — 4 three-simultaneities projects, 5 status
 * evaluations, 20 testing evaluations, the four core rates of assisted SMEs at 100 %, ≥ 1
 * municipal Healthy Enterprise, ≥ 5 OH champions, ≥ 60 enterprises inspected, every complaint
 * investigated and answered.
 */
import type { Plan } from '../../indicator/schema.js';
import { definePlan } from '../define.js';
import { yaohaiObligations } from './calendar.js';
import { checklists } from './checklists.js';
import { indicators, YAOHAI_DOC, YAOHAI_REGION } from './indicators.js';
import { targets } from './targets.js';

export { yaohaiCalendarNotes, yaohaiObligations, yaohaiPhases } from './calendar.js';
export { YAOHAI_PROGRAMME } from './indicators.js';
/** The Yaohai 2025 pack. */
export const yaohai2025: Plan = definePlan({
  // 2.0.0: the figure fixes of issue 9 (see the changeset); 1.x were the unversioned packs before.
  version: '2.0.0',
  id: 'yaohai-2025',
  label: {
    zh: '瑶海区2025年职业健康工作要点',
    en: 'Yaohai District 2025 occupational-health key points',
  },
  source: {
    doc: YAOHAI_DOC,
    title: '《瑶海区2025年职业健康工作要点》起草说明',
    seed: '000',
  },
  period: '2025',
  region: YAOHAI_REGION,
  indicators,
  targets,
  obligations: [...yaohaiObligations],
  checklists,
  forms: [],
});
