/**
 * @module errors
 */

export {
  boundedText,
  isBoundedDecimal,
  isRecordId,
  MAX_CODE_LENGTH,
  MAX_DECIMAL_DIGITS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  RECORD_ID_RULE,
} from './bounds.js';
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
