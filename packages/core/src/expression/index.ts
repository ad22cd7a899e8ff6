/**
 * @module expression
 * The expression language, once: normalisation of indicator expressions, and the lowering of each
 * leaf to the closed intermediate form that the in-memory evaluator interprets and the SQL
 * adapters compile. The zod schemas of expressions are in `indicator/schema`.
 */
export type {
  ActiveOnCondition,
  CompareCondition,
  CompareOp,
  Condition,
  DateRangeCondition,
  Detail,
  ExclusionReason,
  Explained,
  FieldCondition as LoweredFieldCondition,
  HasFactCondition,
  LoweredLeaf,
  LoweringDates,
  Measure,
  OneOfCondition,
  Operand,
  PresentCondition,
  Rollup,
  Scalar,
  Source,
} from './ir.js';
export {
  conditionText,
  fieldPath,
  lowerEmployerPredicate,
  lowerFieldCondition,
  lowerLeaf,
} from './lower.js';
export { expressionKey, leavesOf, normaliseExpression, normaliseLeaf } from './normalise.js';
