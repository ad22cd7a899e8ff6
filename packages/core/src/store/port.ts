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
import type { Actor } from './actor.js';
import type { AggregateRequest, AggregateResult } from './aggregate.js';
import type { AuditEntry, AuditQuery } from './audit.js';
import type { IdempotencyStore } from './idempotency.js';
import type { BatchKind, RecordOf } from './kinds.js';
import type { Page, PageRequest } from './page.js';
import type { RestoreSession } from './restore.js';

/** A stored record with its change version (1 on insert, +1 on every real change). */
export type Stored<T> = T & { readonly version: number };

/**
 * Records to write in one atomic batch. Rows are validated by the core schemas; any row may carry
 * `expectedVersion` (0: must not exist yet) for optimistic concurrency.
 */
export type WriteBatch = { readonly [K in BatchKind]?: readonly unknown[] };

/**
 * `all-or-nothing` (default): one bad row and nothing is written (a ValidationError lists every bad
 * row). `valid-rows`: every valid row is written atomically and every rejected row is reported.
 */
export type WriteMode = 'all-or-nothing' | 'valid-rows';

/** Options of {@link Store.write}. */
export interface WriteOptions {
  /** `all-or-nothing` (default): any bad row refuses the batch; `valid-rows`: bad rows are left out and reported. */
  readonly mode?: WriteMode;
  /** Who writes; defaults to {@link SYSTEM_ACTOR}. A `viewer` may not write. */
  readonly actor?: Actor;
  /** How the write is audited. */
  readonly audit?: WriteAuditOptions;
}

/** Audit options of a write. */
export interface WriteAuditOptions {
  /**
   * `per-row` (default): one entry per inserted row. `per-batch`: one summary entry per kind and
   * chain for the batch's inserts (counts and keys); updates always get one entry each. The
   * importer uses `per-batch` so auditing does not dominate an import.
   */
  readonly inserts?: 'per-row' | 'per-batch';
  /** SHA-256 (64 lower-case hex digits) of the source file, recorded in batch summaries. */
  readonly fileHash?: string;
}

/** Options of a store's constructor or `open…` function shared by every adapter. */
export interface StoreClockOptions {
  /**
   * The clock: the current instant. It stamps audit entries and decides, in China time, whether a
   * period has expired. Default `() => new Date()`.
   */
  readonly now?: () => Date;
}

/** Counts of one kind in a write. */
export interface KindCounts {
  /** New rows written. */
  readonly inserted: number;
  /** Stored rows changed (each gets a new version). */
  readonly updated: number;
  /** Rows identical to what was stored: no change, no new version (re-imports are idempotent). */
  readonly unchanged: number;
}

/** What a write did. */
export type WriteResult = { readonly [K in BatchKind]: KindCounts } & {
  /** Rows rejected in `valid-rows` mode (always empty in `all-or-nothing` mode). */
  readonly rejected: readonly ValidationIssue[];
};

/** Filter of {@link Store.listEmployers}. */
export interface EmployerQuery {
  /** Only employers in this region's subtree. */
  readonly region?: string;
}

/** Filter of {@link Store.searchEmployers}. */
export interface EmployerSearch extends EmployerQuery, PageRequest {
  /** Only employers whose name contains this text. */
  readonly name?: string;
  /** Only employers whose credit code starts with this text. */
  readonly creditCodePrefix?: string;
  /** Only employers of this industry code or its sub-codes (prefix match, e.g. `B` or `B06`). */
  readonly industry?: string;
  /** Only employers of this hazard level. */
  readonly hazardLevel?: string;
}

/** Filter of {@link Store.page}: a region subtree and equality on the kind's indexed fields. */
export interface RecordQuery extends PageRequest {
  /** Only records of this region's subtree. */
  readonly region?: string;
  /** Only records whose indexed columns (see the kind's `columns`) equal these values. */
  readonly where?: Readonly<Record<string, string>>;
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
   * Validate and write a batch atomically, kinds in the registry's write order (regions,
   * employers, facts, data values, submissions, lock exceptions). Upserts by key. Appends, in the
   * same transaction, one audit entry per changed row. A crash mid-write leaves the store as it was.
   * @throws ValidationError (all-or-nothing mode) listing every bad row; ConflictError on a stale
   * `expectedVersion`; PeriodLockedError for data of an approved or expired report without a
   * covering lock exception; ForbiddenError for a `viewer`, or a lock exception not written by an admin.
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
  /** One record of any kind by its key (see the kind's `keyOf` in `store/kinds`). */
  get<K extends BatchKind>(kind: K, key: string): Promise<Stored<RecordOf<K>> | undefined>;
  /**
   * Records of one kind, one page at a time, in the kind's list order (its sort columns, then
   * its key); the cursor is stable while rows are inserted between pages.
   * @throws ValidationError for a bad cursor, limit or `where` column.
   */
  page<K extends BatchKind>(kind: K, query?: RecordQuery): Promise<Page<Stored<RecordOf<K>>>>;
  /** Employers by name substring, credit-code prefix, industry and hazard level, paginated. */
  searchEmployers(query?: EmployerSearch): Promise<Page<Stored<Employer>>>;
  /** The audit trail, in write order, paginated (see `store/audit`). */
  listAudit(query?: AuditQuery): Promise<Page<AuditEntry>>;
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
  /**
   * Optional restore capability, used by `copyStore`: open one session that puts records and
   * sealed audit entries verbatim (versions, `seq` and hashes kept) into this store, which must be
   * empty. Other calls on the store wait until the session ends.
   * @throws StoreError when the store holds any row or audit entry, or the session cannot start.
   */
  restore?(): Promise<RestoreSession>;
  /**
   * The store's audit secret: 64 hex digits generated when the store is created and kept with
   * it, the key of the HMAC that stands for a personal value in audit entries
   * (`personalAuditValue`). Read by `copyStore`, so a copy's later entries hash a phone number as
   * the source's did, and by layers that show personal fields hashed to readers who may not see
   * them (`readableRecord`); never logged, never in an error or an export of records.
   */
  auditSecret?(): Promise<string>;
  /**
   * Optional capability: responses of `Idempotency-Key` requests kept per (principal, key) until
   * they expire (see `store/idempotency`). The HTTP adapter keeps its keys here when present.
   */
  readonly idempotency?: IdempotencyStore;
  /**
   * Optional capability: an opaque marker of the store's contents that changes whenever a write
   * (from this process or any other sharing the database) changes a record, and stays the same
   * otherwise — the `seq` of the audit trail's last entry, as a string (`'0'` for an empty store),
   * since every change appends an audit entry in the same transaction. Caches of derived data
   * (the HTTP dashboard's) key on it.
   */
  changeMarker?(): Promise<string>;
  /** Release resources. */
  close(): Promise<void>;
}
