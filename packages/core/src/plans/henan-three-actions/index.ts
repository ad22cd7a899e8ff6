/**
 * @module plans/henan-three-actions
 * Policy pack: 河南省职业病防治“三项行动”实施方案 (豫卫职健〔2024〕7号, 2024-07-01, seed 001) —
 * Annex 1 declaration expansion, Annex 2 SME assistance (六个一; average ≥ 20 per county per year
 * computed per prefecture; four core rates 100 % by end-2025), Annex 3 institution quality and
 * compliance.
 */
import type { Plan } from '../../indicator/schema.js';
import { definePlan } from '../define.js';
import { partOfWholeRules } from '../shared/quality.js';
import { henanObligations } from './calendar.js';
import { checklists } from './checklists.js';
import { forms } from './forms.js';
import { dataElements, HENAN_DOC, henanSource, indicators } from './indicators.js';
import { targets } from './targets.js';

export { henanCalendarNotes, henanObligations, henanPhases } from './calendar.js';
export { doubleDelivery, sixOnes } from './checklists.js';
export type { InstitutionGuidance } from './guidance.js';
export {
  HENAN_GUIDANCE_QUOTA,
  HENAN_GUIDANCE_SOURCE,
  henanGuidanceByInstitution,
} from './guidance.js';
export { HENAN_PROGRAMME } from './indicators.js';
export type {
  DetectionRate,
  QcCandidate,
  QcCandidateGround,
  QcCandidateOptions,
  QcCandidateReason,
  QcCandidates,
} from './qc-candidates.js';
export {
  HENAN_QC_CANDIDATE_SOURCE,
  henanQcCandidates,
  QC_CANDIDATE_REASON_LABELS,
  QC_CANDIDATE_REASONS,
} from './qc-candidates.js';
export { HENAN_FUNCTIONAL_ZONES, HENAN_SME_UNITS } from './unit-data.js';
export type { HenanUnitRule } from './units.js';
export {
  AIRPORT_ZONE,
  HENAN_UNIT_RULES,
  henanObligationsOf,
  henanReportingUnits,
  JIYUAN,
} from './units.js';
/** The Henan three-actions pack. */
export const henanThreeActions: Plan = definePlan({
  // 3.0.0: the SME rules count the notice's 19 units — 航空港区 and 济源示范区 are units of their
  // own, functional zones and 419000 are not (changeset pack-henan-own-units); forecast methods.
  // 2.1.0: 一(三)/一(四) read their own institutions' records, rolling two-year QC coverage,
  // 能力比对 apart from 质量监测 (changeset registry-henan-institution-rules).
  // 2.0.0: the figure fixes of issue 9 (see the changeset); 1.x were the unversioned packs before.
  version: '3.0.0',
  id: 'henan-three-actions',
  label: {
    zh: '河南省职业病防治“三项行动”（2024—2025年）',
    en: 'Henan occupational-disease prevention "three actions" 2024–2025',
  },
  source: {
    doc: HENAN_DOC,
    title: '关于印发河南省职业病防治“三项行动”实施方案的通知',
    issuer: '河南省卫生健康委员会、河南省疾病预防控制局',
    date: '2024-07-01',
    seed: '001',
  },
  period: '2024/2025',
  region: '410000',
  dataElements,
  indicators,
  targets,
  obligations: [...henanObligations],
  checklists,
  forms,
  rules: [
    ...partOfWholeRules(indicators, henanSource('附件2 一')),
    {
      // 职业健康检查开展率 (附件2 一): of the workers due an examination, those examined.
      type: 'compare',
      id: 'healthExam.examinedWithinDue',
      label: { zh: '受检人数 ≤ 应检人数', en: 'Workers examined ≤ workers due' },
      left: {
        records: {
          op: 'sum-field',
          kind: 'health-exam',
          field: 'workersExamined',
          where: [{ field: 'workersDue', op: 'exists' }],
        },
      },
      operator: '<=',
      right: { records: { op: 'sum-field', kind: 'health-exam', field: 'workersDue' } },
      importance: 'medium',
      source: henanSource('附件2 一', '职业健康检查开展率'),
    },
  ],
});
