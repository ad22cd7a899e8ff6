/**
 * @module reconcile
 * Reconciliation: the figures regions reported beside the figures their records give and the sums
 * of their children's reports, every difference classified.
 */

export type { ReportedAs } from '../indicator/schema.js';
export { reportedAsSchema } from '../indicator/schema.js';
export type {
  Difference,
  DifferenceClass,
  InvolvedRecord,
  ReconcileOptions,
  Reconciliation,
  ReconciliationRow,
  RowFigures,
} from './reconcile.js';
export {
  DIFFERENCE_CLASS_LABELS,
  DIFFERENCE_CLASSES,
  OVERLOOKED_EXCLUSIONS,
  reconcile,
} from './reconcile.js';
export type { ReportedValue, ReportIndex } from './reported.js';
export { readReports } from './reported.js';
