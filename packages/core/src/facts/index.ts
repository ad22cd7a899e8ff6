/**
 * @module facts
 */

export type { Fact, FactInput, FactKind, FactOf } from './facts.js';
export {
  assistanceFactSchema,
  awardFactSchema,
  caseReportFactSchema,
  complaintFactSchema,
  declarationFactSchema,
  enforcementCaseFactSchema,
  FACT_INSTITUTION_TYPES,
  FACT_KIND_LABELS,
  FACT_KINDS,
  factSchema,
  factSourceSchema,
  guidanceFactSchema,
  hazardEvaluationFactSchema,
  hazardTestingFactSchema,
  healthExamFactSchema,
  inspectionFactSchema,
  leadFactSchema,
  parseFact,
  QC_ACTIVITIES,
  qcActivityFactSchema,
  techServiceReportFactSchema,
  threeSimultaneitiesFactSchema,
  trainingFactSchema,
} from './facts.js';
