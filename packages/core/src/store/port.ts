/**
 * @module store/port
 * The storage port. The core owns this interface; each adapter is a thin translation of it to one
 * database and passes `describeStoreConformance` from `@occhealth/core/testing` unchanged.
 */
import type { DataValue } from '../data/index.js';
import type { IsoDate } from '../date/index.js';
import type { Employer } from '../employer/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { Fact, FactKind } from '../facts/index.js';
import type { Region, RegionTree } from '../region/index.js';
import type { AggregateRequest, AggregateResult } from './aggregate.js';

/** A stored record with its change version (1 on insert, +1 on every real change). */
export type Stored<T> = T & { readonly version: number };

/**
 * Records to write in one atomic batch. Rows are validated by the core schemas; any row may carry
 * `expectedVersion` (0: must not exist yet) for optimistic concurrency.
 */
export interface WriteBatch {
  readonly regions?: readonly unknown[];
  readonly employers?: readonly unknown[];
  readonly facts?: readonly unknown[];
  readonly dataValues?: readonly unknown[];
}

/** The record kinds a batch holds, in the order they are applied. */
export const BATCH_KINDS = ['regions', 'employers', 'facts', 'dataValues'] as const;
/** A record kind of a batch. */
export type BatchKind = (typeof BATCH_KINDS)[number];

/**
 * `all-or-nothing` (default): one bad row and nothing is written (a ValidationError lists every bad
 * row). `valid-rows`: every valid row is written atomically and every rejected row is reported.
 */
export type WriteMode = 'all-or-nothing' | 'valid-rows';

/** Options of {@link Store.write}. */
export interface WriteOptions {
  readonly mode?: WriteMode;
}

/** Counts of one kind in a write. */
export interface KindCounts {
  readonly inserted: number;
  readonly updated: number;
  /** Rows identical to what was stored: no change, no new version (re-imports are idempotent). */
  readonly unchanged: number;
}

/** What a write did. */
export interface WriteResult {
  readonly regions: KindCounts;
  readonly employers: KindCounts;
  readonly facts: KindCounts;
  readonly dataValues: KindCounts;
  /** Rows rejected in `valid-rows` mode (always empty in `all-or-nothing` mode). */
  readonly rejected: readonly ValidationIssue[];
}

/** Filter of {@link Store.listEmployers}. */
export interface EmployerQuery {
  /** Only employers in this region's subtree. */
  readonly region?: string;
}

/** Filter of {@link Store.listFacts}. */
export interface FactQuery {
  /** Only facts in this region's subtree. */
  readonly region?: string;
  /** Only facts dated on or after this day. */
  readonly from?: IsoDate;
  /** Only facts dated on or before this day. */
  readonly to?: IsoDate;
  /** Only facts of these kinds. */
  readonly kinds?: readonly FactKind[];
  /** Only facts about this employer. */
  readonly employer?: string;
}

/** Filter of {@link Store.listDataValues}. */
export interface DataValueQuery {
  /** Only values of regions in this region's subtree. */
  readonly region?: string;
  /** Only values of these period ids. */
  readonly periods?: readonly string[];
  /** Only values of these data elements. */
  readonly dataElements?: readonly string[];
}

/**
 * One bulk session of {@link Store.bulk}: batches written into one open transaction, then
 * committed or rolled back at once (a crash leaves the store as it was before the session).
 */
export interface BulkSession {
  /**
   * Plan and apply one batch inside the session, as {@link Store.write} would (rows keep their
   * batch row numbers in `rejected`). Rows written earlier in the session count as stored.
   * @throws ValidationError / ConflictError as {@link Store.write}; StoreError on a storage failure.
   */
  write(batch: WriteBatch, options?: WriteOptions): Promise<WriteResult>;
  /**
   * Remember `keys` of `kind` as seen in this session, held by the store (not in the caller's
   * memory), and return the tag each key was first remembered with, for the keys seen before.
   * The importer tags keys with their file line to report duplicate rows of one file.
   */
  claimKeys(
    kind: BatchKind,
    keys: readonly { readonly key: string; readonly tag: number }[],
  ): Promise<ReadonlyMap<string, number>>;
  /** Commit everything written in the session and end it. */
  commit(): Promise<void>;
  /** Discard everything written in the session and end it (a no-op once ended). */
  rollback(): Promise<void>;
}

/**
 * The storage port. Every method is async so a remote store can implement it. Reads return
 * fresh copies: mutating a returned record never changes the store.
 */
export interface Store {
  /** Adapter name, used in errors (`memory`, `sqlite`, …). */
  readonly name: string;
  /**
   * Validate and write a batch atomically: regions, then employers, facts and data values.
   * Upserts by key (region code, credit code, fact id, data-value key). A crash mid-write leaves
   * the store as it was.
   * @throws ValidationError (all-or-nothing mode) listing every bad row; ConflictError on a stale
   * `expectedVersion`.
   */
  write(batch: WriteBatch, options?: WriteOptions): Promise<WriteResult>;
  /** The region tree, or undefined while the store holds no region. */
  regionTree(): Promise<RegionTree | undefined>;
  /** One region with its version. */
  getRegion(code: string): Promise<Stored<Region> | undefined>;
  /** One employer with its version. */
  getEmployer(creditCode: string): Promise<Stored<Employer> | undefined>;
  /** Employers, ordered by credit code. */
  listEmployers(query?: EmployerQuery): Promise<Stored<Employer>[]>;
  /** One fact with its version. */
  getFact(id: string): Promise<Stored<Fact> | undefined>;
  /** Facts, ordered by date then id. */
  listFacts(query?: FactQuery): Promise<Stored<Fact>[]>;
  /** Data values, ordered by data element, region, period. */
  listDataValues(query?: DataValueQuery): Promise<Stored<DataValue>[]>;
  /**
   * Optional pushdown: compute a plan's leaf expressions for every region of a subtree at once
   * (see `store/aggregate` for the exact semantics). `evaluate()` falls back to its in-memory path
   * when a store lacks it; the conformance suite proves both give the same figures.
   */
  aggregate?(request: AggregateRequest): Promise<AggregateResult>;
  /**
   * Optional bulk capability, used by `@occhealth/import` for speed and bounded memory: open one
   * session whose many batches commit together or not at all. A store without it is imported into
   * with one {@link Store.write} of the whole file. Other calls on the store wait until the
   * session ends.
   * @throws StoreError when the store is closed or the session cannot start.
   */
  bulk?(): Promise<BulkSession>;
  /** Release resources. */
  close(): Promise<void>;
}
