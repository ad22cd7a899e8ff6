/**
 * @module plans/define
 * `definePlan()`: validate a policy pack (a vendor's own or one of occhealth's) with clear errors.
 */
import { assertAcyclicAndShallow, parseWith } from '../errors/index.js';
import { type Plan, type PlanInput, planSchema } from '../indicator/schema.js';

/**
 * Validate a plan: every indicator, target, allocation, checklist and form, unique indicator ids,
 * targets and allocations that name known indicators, data elements that are declared, and no
 * self-referencing or over-deep (> 64 levels) structure. Errors carry the field path (e.g.
 * `indicators.2.numerator.where.0.field`), the value, a stable rule id and a Chinese message.
 * Obligations are kept as given; the calendar module validates them.
 * @example
 * ```ts
 * const rectificationRate = defineIndicator({
 *   id: 'rectificationRate', kind: 'proportion',
 *   label: { zh: '整改率', en: 'Rectification rate' }, unit: { zh: '%', en: '%' },
 *   numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
 *   denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
 * });
 * const plan = definePlan({
 *   id: 'myPlan', label: { zh: '本单位计划', en: 'Our plan' }, source: { doc: 'internal' },
 *   indicators: [rectificationRate],
 *   targets: [{ indicator: 'rectificationRate', comparator: '>=', value: '95', period: '2025', source: { doc: 'internal' } }],
 * });
 * console.log(plan.indicators.length, plan.targets[0]?.comparator);
 * // → 1 >=
 * ```
 * @throws ValidationError listing every problem.
 */
export function definePlan(input: PlanInput): Plan {
  assertAcyclicAndShallow(input, 'plan');
  return parseWith(planSchema, input);
}

/**
 * Compose plans into one (e.g. a national pack plus a provincial one). Ids must stay unique; later
 * plans' entries follow earlier ones. The result is validated again.
 * @example
 * ```ts
 * const plan = composePlans('one', { zh: '合并', en: 'Composed' }, [reconcilePlan()]);
 * console.log(plan.id, plan.indicators.length === reconcilePlan().indicators.length);
 * // → one true
 * ```
 */
export function composePlans(id: string, label: Plan['label'], plans: readonly Plan[]): Plan {
  const first = plans[0];
  return definePlan({
    id,
    label,
    source: first ? first.source : { doc: id },
    dataElements: plans.flatMap((p) => p.dataElements),
    indicators: plans.flatMap((p) => p.indicators),
    targets: plans.flatMap((p) => p.targets),
    allocations: plans.flatMap((p) => p.allocations),
    obligations: plans.flatMap((p) => p.obligations),
    checklists: plans.flatMap((p) => p.checklists),
    forms: plans.flatMap((p) => p.forms),
    reportedAs: plans.flatMap((p) => p.reportedAs),
    rules: plans.flatMap((p) => p.rules),
  });
}

export type { Checklist, Form, Plan, PlanInput, PlanSource } from '../indicator/schema.js';
export { checklistSchema, formSchema, planSchema, planSourceSchema } from '../indicator/schema.js';
