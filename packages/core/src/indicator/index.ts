/**
 * @module indicator
 * Indicators as data: schemas, the expression language, rounding and formatting, descriptions.
 */
export { describeExpression, describePredicate, formulaOf } from './describe.js';
export { defineIndicator, indicatorDecimals, indicatorFactor } from './indicator.js';
export type { DecimalLike } from './rounding.js';
export { compareWith, formatValue, ratio, roundValue } from './rounding.js';
export type {
  AddExpr,
  Aggregation,
  Bilingual,
  Comparator,
  CountEmployersExpr,
  CountFactsExpr,
  CountRegionsExpr,
  DataElementExpr,
  DateRef,
  Direction,
  EmployerPredicate,
  Expression,
  FactTest,
  FactWindow,
  FieldCondition,
  FieldOp,
  ForecastMethod,
  ForecastRule,
  Indicator,
  IndicatorInput,
  IndicatorKind,
  LeafExpression,
  RoundingMode,
  SourceRef,
  SumFieldExpr,
} from './schema.js';
export {
  AGGREGATIONS,
  addExprSchema,
  bilingualSchema,
  COMPARATORS,
  countEmployersSchema,
  countFactsSchema,
  countRegionsExprSchema,
  DIRECTIONS,
  dataElementExprSchema,
  dateRefSchema,
  decimalStringSchema,
  employerPredicateSchema,
  expressionSchema,
  FACT_WINDOWS,
  FIELD_OPS,
  FORECAST_METHODS,
  factFields,
  factTestSchema,
  fieldConditionSchema,
  forecastRuleSchema,
  INDICATOR_KINDS,
  idSchema,
  indicatorSchema,
  leafExpressionSchema,
  ROUNDING_MODES,
  sourceRefSchema,
  sumFieldSchema,
} from './schema.js';
