/**
 * @module @occhealth/core/testing
 * Test helpers for adapter authors: the store conformance suite (built on vitest, an optional
 * peer dependency) and deterministic fixtures (valid credit codes, a small region tree with
 * employers, facts and data values).
 */

export type { AggregateConformanceOptions } from './testing/aggregate.js';
export {
  aggregateFixture,
  aggregateIndicators,
  describeAggregateConformance,
  registerAggregateConformance,
} from './testing/aggregate.js';
export type {
  RawStoreAccess,
  StoreConformanceContext,
  StoreConformanceOptions,
  StoreState,
} from './testing/context.js';
export {
  captureState,
  expectConflictError,
  expectUnchanged,
  expectValidationError,
  issueLike,
  rejectionOf,
  withStore,
} from './testing/context.js';
export type { FixtureCodes, StoreFixture } from './testing/fixtures.js';
export {
  buildStoreFixture,
  institutionsFor,
  makeCreditCode,
  withWrongCheckCharacter,
} from './testing/fixtures.js';
export type { PushdownPropertyOptions } from './testing/pushdown-property.js';
export { describePushdownProperty } from './testing/pushdown-property.js';
export type { ReportedValues } from './testing/reconcile-fixture.js';
export {
  RECON_CODES,
  RECON_OBLIGATION,
  RECON_PLAN_INPUT,
  reconcilePlan,
  reconcileScenario,
  reportOf as reconcileReport,
} from './testing/reconcile-fixture.js';
export { describeStoreConformance } from './testing/store-conformance.js';
export type { TableSnapshot } from './testing/tables.js';
export { snapshotTables, storeTables } from './testing/tables.js';
