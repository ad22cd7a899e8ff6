/**
 * @module plans
 * The registry of occhealth's policy packs: one per source document, each validated by
 * `definePlan()` when loaded.
 */
import type { Plan } from '../indicator/schema.js';
import { henanThreeActions } from './henan-three-actions/index.js';
import { national14thFyp } from './national-14th-fyp/index.js';
import { yaohai2025 } from './yaohai-2025/index.js';
import { yongqingFinalEvaluation } from './yongqing-final-evaluation/index.js';
import { yunnanSmeAssistance } from './yunnan-sme-assistance/index.js';

export { henanThreeActions } from './henan-three-actions/index.js';
export { national14thFyp } from './national-14th-fyp/index.js';
export { yaohai2025 } from './yaohai-2025/index.js';
export { yongqingFinalEvaluation } from './yongqing-final-evaluation/index.js';
export { yunnanSmeAssistance } from './yunnan-sme-assistance/index.js';

/** Every built-in pack, in a stable order (national first, then by seed). */
export const PLANS: readonly Plan[] = [
  national14thFyp,
  henanThreeActions,
  yunnanSmeAssistance,
  yongqingFinalEvaluation,
  yaohai2025,
];

/** Ids of the built-in packs. */
export const PLAN_IDS = [
  'national-14th-fyp',
  'henan-three-actions',
  'yunnan-sme-assistance',
  'yongqing-final-evaluation',
  'yaohai-2025',
] as const;
/** A built-in pack id. */
export type PlanId = (typeof PLAN_IDS)[number];

/**
 * A built-in pack by id, or `undefined`.
 * @example getPlan('yunnan-sme-assistance')?.allocations.length // 2
 */
export function getPlan(id: string): Plan | undefined {
  return PLANS.find((p) => p.id === id);
}
