/**
 * @module errors
 */

export type { ErrorCode, ErrorDetails, ValidationIssue } from './errors.js';
export {
  ConflictError,
  ForbiddenError,
  isOccHealthError,
  NotFoundError,
  OccHealthError,
  PeriodLockedError,
  StoreError,
  ValidationError,
} from './errors.js';
export { fail, fromZodIssues, issue, parseWith } from './issue.js';
export { assertAcyclicAndShallow, MAX_INPUT_DEPTH } from './shape.js';
