/**
 * @module evaluate
 * Evaluation of a plan over a store: values, targets, status, gaps, ranks, time progress and
 * explanations.
 */

export type {
  EvaluateOptions,
  Evaluation,
  IndicatorResult,
  Status,
  StatusReason,
  Warning,
} from './evaluate.js';
export { aggregateInMemory, aggregateRequestFor, evaluate } from './evaluate.js';
export type { ExplainedInput, ExplainedRecord, Explanation } from './explain.js';
export { aggregationText, EXCLUSION_REASON_LABELS } from './explain.js';
export type { ExclusionReason, RecordDecision, Snapshot } from './memory.js';
export { matchesCondition } from './memory.js';
