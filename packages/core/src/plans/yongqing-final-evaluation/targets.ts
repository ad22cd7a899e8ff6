/**
 * @module plans/yongqing-final-evaluation/targets
 * The Yongqing survey table collects results only: seed 003 gives **no target values** (the county
 * plan's own targets are not in the seeds). The indicators are the same as `national-14th-fyp`'s,
 * so to judge the figures against the (unverified) national values, or a province's own, give
 * this pack those targets: `definePlan({ ...yongqingFinalEvaluation, targets: national14thFyp.targets })`.
 */
import type { PlanInput } from '../../indicator/schema.js';

/** Targets of the Yongqing pack: none in the seed. */
export const targets: NonNullable<PlanInput['targets']> = [];
