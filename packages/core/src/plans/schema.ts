/**
 * @module plans/schema
 * The plan schema (defined with the indicator schemas in `indicator/schema.ts`, re-exported here).
 */

export type { Checklist, Form, Plan, PlanInput, PlanSource } from '../indicator/schema.js';
export { checklistSchema, formSchema, planSchema, planSourceSchema } from '../indicator/schema.js';
