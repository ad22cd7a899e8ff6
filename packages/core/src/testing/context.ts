/**
 * @module testing/context
 * What every part of the conformance suite receives, and the small assertions they share.
 * Errors are recognised by their stable `code`, not by `instanceof`, so the suite works when the
 * adapter and the suite load two copies of the core (ESM and CJS builds).
 */
import { expect } from 'vitest';
import type { ConflictError, ValidationError, ValidationIssue } from '../errors/index.js';
import { BATCH_KINDS, type BatchKind, type Store } from '../store/index.js';

/** Direct reads of an adapter's database, so the suite checks what really landed. */
export interface RawStoreAccess {
  /**
   * Number of rows of one kind physically stored by `store` (bypassing its read methods).
   * @param kind the record kind
   * @param store the store under test (the one `makeStore` returned for this test)
   */
  count(kind: BatchKind, store: Store): Promise<number>;
}

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /** Name shown in the test report (defaults to the store's own `name`-less label `store`). */
  readonly name?: string;
  /**
   * The store implements the optional `aggregate()` pushdown: the suite then also runs the
   * aggregate conformance tests (`testing/aggregate`), which compare its figures with the core's
   * in-memory evaluation to the last digit.
   */
  readonly supportsAggregate?: boolean;
  /**
   * The store implements the optional `bulk()` sessions: the suite then also runs the bulk
   * conformance tests (`testing/bulk`).
   */
  readonly supportsBulk?: boolean;
  /**
   * The store implements the optional `restore()` sessions (a `copyStore` target): the suite then
   * also runs the restore conformance tests (`testing/restore`).
   */
  readonly supportsRestore?: boolean;
  /**
   * The store has the `idempotency` capability (`store/idempotency`): its part of the suite
   * (put and get by principal and key, first writer wins, expiry by the store's clock) runs.
   */
  readonly supportsIdempotency?: boolean;
  /**
   * The store implements the optional `changeMarker()`: the suite then checks that the marker
   * moves with every change and only with a change (`testing/change-marker`).
   */
  readonly supportsChangeMarker?: boolean;
  /** Raw access to the adapter's database (counts after failed batches, …). */
  readonly raw?: RawStoreAccess;
  /** Adapter-specific tests, registered inside the suite's `describe`. */
  readonly additionalTests?: (ctx: StoreConformanceContext) => void;
}

/** What the parts of the suite (and `additionalTests`) receive. */
export interface StoreConformanceContext {
  /** A fresh, empty store (one per test). */
  readonly makeStore: () => Promise<Store>;
  /** Raw access, when the adapter gave it. */
  readonly raw?: RawStoreAccess;
  /** The suite's options. */
  readonly options: StoreConformanceOptions;
}

/**
 * Run `fn` with a fresh store and close the store afterwards, even when `fn` fails.
 * @example
 * ```ts check
 * import type { StoreConformanceContext } from '@occhealth/core/testing';
 * declare const ctx: StoreConformanceContext;
 * await withStore(ctx, async (store) => {
 *   await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 * });
 * ```
 */
export async function withStore<T>(
  ctx: Pick<StoreConformanceContext, 'makeStore'>,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await ctx.makeStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * The error a promise rejects with; fails the test when it resolves.
 * @example
 * ```ts
 * const store = new MemoryStore(); // empty: the parent 530000 is unknown
 * const error = await rejectionOf(store.write({ regions: [{ code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' }] }));
 * console.log(isOccHealthError(error, 'VALIDATION_FAILED'));
 * // → true
 * ```
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.unreachable('expected the promise to reject');
}

/**
 * Await a rejection, assert it is a ValidationError (by code) and return its issues.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * const issues = await expectValidationError(store.write({ regions: [{ code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' }] }));
 * console.log(issues.length > 0, issues.every((i) => i.rule !== '' && i.messageZh !== ''));
 * // → true true
 * ```
 */
export async function expectValidationError(
  promise: Promise<unknown>,
): Promise<readonly ValidationIssue[]> {
  const error = await rejectionOf(promise);
  expect(error, String(error)).toMatchObject({ code: 'VALIDATION_FAILED' });
  const issues = (error as ValidationError).issues;
  expect(Array.isArray(issues)).toBe(true);
  expect(issues.length).toBeGreaterThan(0);
  return issues;
}

/**
 * Await a rejection and assert it is a ConflictError (by code); returns it.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * const yunnan = { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null } as const;
 * await store.write({ regions: [yunnan] });
 * const error = await expectConflictError(store.write({ regions: [{ ...yunnan, expectedVersion: 0 }] }));
 * console.log(error.details.actualVersion);
 * // → 1
 * ```
 */
export async function expectConflictError(promise: Promise<unknown>): Promise<ConflictError> {
  const error = await rejectionOf(promise);
  expect(error, String(error)).toMatchObject({ code: 'CONFLICT' });
  return error as ConflictError;
}

/**
 * An issue matcher: the given fields must match (path, rule, row, value, …).
 * @example
 * ```ts check
 * import { expect } from 'vitest';
 * declare const issues: readonly ValidationIssue[];
 * expect(issues).toContainEqual(issueLike({ path: 'employers.1.creditCode', rule: 'credit-code.check-digit', row: 1 }));
 * ```
 */
export function issueLike(expected: Partial<ValidationIssue>): ValidationIssue {
  return expect.objectContaining(expected) as ValidationIssue;
}

/** A snapshot of everything a store exposes through its read methods (to prove nothing changed). */
export async function snapshotStore(store: Store): Promise<unknown> {
  const tree = await store.regionTree();
  return {
    regions: tree ? tree.all() : [],
    versions: tree
      ? await Promise.all(tree.all().map(async (r) => (await store.getRegion(r.code))?.version))
      : [],
    employers: await store.listEmployers(),
    facts: await store.listFacts(),
    dataValues: await store.listDataValues(),
    institutions: (await store.page('institutions', { limit: 1000 })).items,
    departments: (await store.page('departments', { limit: 1000 })).items,
    contacts: (await store.page('contacts', { limit: 1000 })).items,
    audit: (await store.listAudit({ limit: 10_000 })).items,
  };
}

/** Raw counts of every kind (undefined without raw access). */
export async function rawCounts(
  ctx: Pick<StoreConformanceContext, 'raw'>,
  store: Store,
): Promise<Record<BatchKind, number> | undefined> {
  const raw = ctx.raw;
  if (!raw) return undefined;
  const out = {} as Record<BatchKind, number>;
  for (const kind of BATCH_KINDS) out[kind] = await raw.count(kind, store);
  return out;
}

/**
 * Assert a failed write left the store exactly as it was: same reads, same raw counts.
 * @param before the result of {@link captureState} taken before the write
 * @example
 * ```ts check
 * declare const ctx: StoreConformanceContext;
 * declare const store: Store;
 * const before = await captureState(ctx, store);
 * await expectValidationError(store.write({ regions: [{ code: '530000', name: { zh: '' }, level: 'province', parent: null }] }));
 * await expectUnchanged(ctx, store, before);
 * ```
 */
export async function expectUnchanged(
  ctx: Pick<StoreConformanceContext, 'raw'>,
  store: Store,
  before: StoreState,
): Promise<void> {
  const after = await captureState(ctx, store);
  expect(after.reads).toEqual(before.reads);
  expect(after.counts).toEqual(before.counts);
}

/** Reads and raw counts of a store at one moment. */
export interface StoreState {
  /** What the store's read methods returned. */
  readonly reads: unknown;
  /** Raw row counts by kind; undefined without raw access. */
  readonly counts: Record<BatchKind, number> | undefined;
}

/**
 * Capture reads and raw counts, to compare with {@link expectUnchanged} (see its example).
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch);
 * const state = await captureState({}, store); // no raw access: counts are undefined
 * console.log(state.counts);
 * // → undefined
 * ```
 */
export async function captureState(
  ctx: Pick<StoreConformanceContext, 'raw'>,
  store: Store,
): Promise<StoreState> {
  return { reads: await snapshotStore(store), counts: await rawCounts(ctx, store) };
}
