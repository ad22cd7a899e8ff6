/**
 * @module plans/yunnan-sme-assistance
 * Policy pack: 云南省中小微企业职业健康帮扶行动（2024-2025年）实施方案 (seed 004) — the 五个一
 * assistance package, ≥ 20 SMEs per county per year, the four core rates of the assisted cohort
 * (≥ 90 % end-2024, 100 % end-2025), 附表1 task table as allocations, 附表2 and 附表3 forms.
 */
import type { Plan } from '../../indicator/schema.js';
import { definePlan } from '../define.js';
import { partOfWholeRules } from '../shared/quality.js';
import { yunnanObligations } from './calendar.js';
import { checklists } from './checklists.js';
import { forms } from './forms.js';
import { indicators, YUNNAN_DOC } from './indicators.js';
import { allocations, targets } from './targets.js';

export { yunnanObligations, yunnanPhases } from './calendar.js';
export { fiveOnes } from './checklists.js';
export { YUNNAN_PROGRAMME } from './indicators.js';
export type { YunnanTaskRow } from './targets.js';
export { YUNNAN_TASK_TABLE, YUNNAN_TASK_TABLE_TOTAL } from './targets.js';
/** The Yunnan SME assistance pack. */
export const yunnanSmeAssistance: Plan = definePlan({
  // 2.1.0: the pack chooses its year-end forecast methods (changeset pack-forecast-methods).
  // 2.0.0: the figure fixes of issue 9 (see the changeset); 1.x were the unversioned packs before.
  version: '2.1.0',
  id: 'yunnan-sme-assistance',
  label: {
    zh: '云南省中小微企业职业健康帮扶行动（2024-2025年）',
    en: 'Yunnan SME occupational-health assistance action 2024–2025',
  },
  source: {
    doc: YUNNAN_DOC,
    title: '云南省中小微企业职业健康帮扶行动（2024-2025年）实施方案（附件3）',
    seed: '004',
  },
  period: '2024/2025',
  region: '530000',
  indicators,
  targets,
  allocations,
  obligations: [...yunnanObligations],
  checklists,
  forms,
  rules: partOfWholeRules(indicators, { doc: YUNNAN_DOC, clause: '一', seed: '004' }),
});
