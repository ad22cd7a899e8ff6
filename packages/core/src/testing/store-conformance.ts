/**
 * @module testing/store-conformance
 * `describeStoreConformance`: the shared test suite every `Store` adapter must pass unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { Store, StoreClockOptions } from '../store/index.js';
import { registerAggregateConformance } from './aggregate.js';
import { describeAudit } from './audit.js';
import { describeBatches } from './batches.js';
import { describeBulk } from './bulk.js';
import { describeChangeMarker } from './change-marker.js';
import {
  type StoreConformanceContext,
  type StoreConformanceOptions,
  withStore,
} from './context.js';
import { describeIdempotency } from './idempotency.js';
import { describePagination } from './pagination.js';
import { describeParties } from './parties.js';
import { describeQueries } from './queries.js';
import { describeReconcile } from './reconcile.js';
import { describeRestore } from './restore.js';
import { describeRoundTrips } from './round-trip.js';
import { describeValidation } from './validation.js';
import { describeVersions } from './versions.js';
import { describeWorkflow } from './workflow.js';
import { describeWorkflowProperty } from './workflow-property.js';

/**
 * Register the store conformance suite with vitest. Call it at the top level of a test file;
 * `makeStore` must return a fresh, empty store for every test (the suite closes it), and use the
 * clock it is given (`{ now }`): the workflow and audit parts set the time.
 *
 * Parts: round trips, versions and `expectedVersion`, queries and orders, atomic batches
 * (referential integrity, region tree, `valid-rows` mode), bad input, institutions, departments
 * and contacts (checked references, personal fields), the reporting workflow
 * (submissions, period locks, lock exceptions, approval order, reporting rates), the audit trail,
 * cursor pagination, and reconciliation and data-quality rules over the store. Capabilities a store
 * claims (`supportsAggregate`, `supportsBulk`, `supportsRestore`, `supportsIdempotency`,
 * `supportsChangeMarker`) plug in their own parts; `additionalTests` adds adapter-specific
 * cases inside the same `describe`.
 * @example
 * ```ts check
 * // packages/adapter-sqlite/test/conformance.test.ts: `raw.count` reads the table behind the store
 * import { RECORD_KINDS } from '@occhealth/core';
 * import { openSqliteStore, type SqliteStore } from '@occhealth/adapter-sqlite';
 * import { describeStoreConformance } from '@occhealth/core/testing';
 * describeStoreConformance((clock) => openSqliteStore(':memory:', clock), {
 *   name: 'sqlite',
 *   supportsAggregate: true,
 *   raw: {
 *     count: async (kind, store) =>
 *       ((store as SqliteStore).database.prepare(`SELECT count(*) AS n FROM ${RECORD_KINDS[kind].table}`).get() as { n: number }).n,
 *   },
 * });
 * ```
 */
export function describeStoreConformance(
  makeStore: (clock: StoreClockOptions) => Store | Promise<Store>,
  options: StoreConformanceOptions = {},
): void {
  const ctx: StoreConformanceContext = {
    makeStore: async () => makeStore({}),
    options,
    ...(options.raw ? { raw: options.raw } : {}),
  };
  describe(`Store conformance: ${options.name ?? 'store'}`, () => {
    describeRoundTrips(ctx);
    describeVersions(ctx);
    describeQueries(ctx);
    describeBatches(ctx);
    describeValidation(ctx);
    describeParties(ctx);
    const clocked = { ...ctx, makeStoreWithClock: async (now: () => Date) => makeStore({ now }) };
    describeWorkflow(clocked);
    describeAudit(clocked);
    describeWorkflowProperty(clocked);
    describePagination(ctx);
    describeReconcile(ctx);

    describe('capabilities', () => {
      it.skipIf(!options.supportsAggregate)('exposes aggregate() as it claims', async () => {
        await withStore(ctx, async (store) => {
          expect(typeof store.aggregate).toBe('function');
        });
      });
      // The aggregate conformance tests (`testing/aggregate`) run when the store claims them.
      if (options.supportsAggregate) {
        describe('aggregate()', () => registerAggregateConformance(ctx));
      }
      it.skipIf(!options.supportsBulk)('exposes bulk() as it claims', async () => {
        await withStore(ctx, async (store) => {
          expect(typeof store.bulk).toBe('function');
        });
      });
      if (options.supportsBulk) describeBulk(ctx);
      it.skipIf(!options.supportsRestore)('exposes restore() as it claims', async () => {
        await withStore(ctx, async (store) => {
          expect(typeof store.restore).toBe('function');
        });
      });
      if (options.supportsRestore) describeRestore(clocked);
      it.skipIf(!options.supportsIdempotency)('exposes idempotency as it claims', async () => {
        await withStore(ctx, async (store) => {
          expect(typeof store.idempotency?.put).toBe('function');
          expect(typeof store.idempotency?.get).toBe('function');
          expect(typeof store.idempotency?.claim).toBe('function');
          expect(typeof store.idempotency?.complete).toBe('function');
          expect(typeof store.idempotency?.release).toBe('function');
        });
      });
      if (options.supportsIdempotency) describeIdempotency(clocked);
      it.skipIf(!options.supportsChangeMarker)('exposes changeMarker() as it claims', async () => {
        await withStore(ctx, async (store) => {
          expect(typeof store.changeMarker).toBe('function');
        });
      });
      if (options.supportsChangeMarker) describeChangeMarker(ctx);
    });

    options.additionalTests?.(ctx);
  });
}
