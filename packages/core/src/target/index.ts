/**
 * @module target
 * Targets, milestones, allocations and time progress.
 */

export type {
  Allocation,
  AllocationInput,
  AllocationRow,
  Target,
  TargetInput,
  TargetScope,
} from '../indicator/schema.js';
export {
  allocationRowSchema,
  allocationSchema,
  targetSchema,
  targetScopeSchema,
} from '../indicator/schema.js';
export type { AllocationCheck, AllocationRowCheck } from './allocation.js';
export { allocationTargets, checkAllocation, defineAllocation } from './allocation.js';
export type { Gap, GapInput, Judgement, TargetRule, TimeProgress } from './target.js';
export { defineTarget, gapTo, judge, selectTarget, timeProgress } from './target.js';
