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
export type {
  Forecast,
  ForecastExplainedInput,
  ForecastExplanation,
  ForecastInput,
  ForecastVerdict,
  LastYearFigures,
} from './forecast.js';
export {
  DEFAULT_AT_RISK_SHARE,
  DEFAULT_FORECAST_METHODS,
  elapsedShare,
  FORECAST_METHOD_LABELS,
  FORECAST_VERDICT_LABELS,
  forecastApplies,
  forecastMethods,
  forecastOf,
} from './forecast.js';
export type { ExclusionReason, RecordDecision, Snapshot } from './memory.js';
export { matchesCondition } from './memory.js';
