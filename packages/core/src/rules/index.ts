/**
 * @module rules
 * Data-quality rules as data (left side, operator, right side, missing-value strategy,
 * importance), checked over records and reported values; blocking rules gate approval.
 */

export type {
  MissingValueStrategy,
  QualityRule,
  QualityRuleInput,
  RuleImportance,
  RuleOperand,
  RuleOperator,
} from '../indicator/schema.js';
export {
  MISSING_VALUE_STRATEGIES,
  qualityRuleSchema,
  RULE_IMPORTANCES,
  RULE_OPERATORS,
  ruleOperandSchema,
} from '../indicator/schema.js';
export type { CheckRulesOptions, RuleCheck, RuleSide, RuleViolation } from './check.js';
export {
  assertApprovable,
  blockingViolations,
  checkRules,
  RULE_OPERATOR_LABELS,
  RuleViolationError,
  samePeriodLastYear,
} from './check.js';
