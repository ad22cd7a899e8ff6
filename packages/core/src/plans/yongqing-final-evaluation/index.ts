/**
 * @module plans/yongqing-final-evaluation
 * Policy pack: 永清县“十四五”职业病防治规划终期评估 2025 (seed 003) — the 10-row quantitative
 * indicator survey table (sub-items by role, data sources, `*` provincial-statistics flag, row 1
 * as six yearly values, row 7 narrative), the 16 joint-meeting member departments and the 12 joint
 * tasks for 2025 as checklists, and the evaluation forms. No targets: the seed gives none.
 */
import type { Plan } from '../../indicator/schema.js';
import { definePlan } from '../define.js';
import { yongqingObligations } from './calendar.js';
import { checklists } from './checklists.js';
import { forms } from './forms.js';
import { dataElements, indicators, YONGQING_DOC } from './indicators.js';
import { surveyQuality } from './rules.js';
import { targets } from './targets.js';

export { yongqingCalendarNotes, yongqingObligations, yongqingPhases } from './calendar.js';
export type { JointMeetingMember, JointTask } from './checklists.js';
export {
  JOINT_MEETING_MEMBERS,
  JOINT_TASKS_2025,
  jointMeetingMembers,
  jointTasks2025,
} from './checklists.js';
export type { SurveyRow, SurveySubItem } from './indicators.js';
export { SURVEY_TABLE } from './indicators.js';
/** The Yongqing final-evaluation pack. */
export const yongqingFinalEvaluation: Plan = definePlan({
  // 2.1.0: the pack chooses its year-end forecast methods (changeset pack-forecast-methods).
  // 2.0.0: the figure fixes of issue 9 (see the changeset); 1.x were the unversioned packs before.
  version: '2.1.0',
  id: 'yongqing-final-evaluation',
  label: {
    zh: '永清县“十四五”职业病防治规划终期评估（2025年）',
    en: 'Yongqing county 14th-FYP occupational-disease plan final evaluation (2025)',
  },
  source: {
    doc: YONGQING_DOC,
    title: '永清县职业病防治规划(2021-2025年)终期评估方案（首页缺失）',
    seed: '003',
  },
  period: '2021/2025',
  region: '131023',
  dataElements,
  indicators,
  targets,
  obligations: [...yongqingObligations],
  checklists,
  forms,
  ...surveyQuality,
});
