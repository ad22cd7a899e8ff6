/**
 * @module sql/write
 * The write glue shared by the SQL stores: a batch is parsed, the stored rows it needs are read
 * (by the adapter, in its own transaction), and the core plans the write against them. What is
 * read and in which order is decided once here; each adapter only answers the reads — with its
 * own statements, chunking and row locks — and then applies the plan and seals its audit
 * entries. The restore capability's "the target is empty" check is written once here too.
 *
 * Like the aggregate compiler, the glue is a generator (it yields each read and receives its rows)
 * so one text serves the synchronous SQLite driver and the asynchronous PostgreSQL one: drive it
 * with {@link runSync} or {@link runAsync}.
 */
import {
  type Actor,
  BATCH_KINDS,
  type BatchKind,
  batchLookups,
  type ChildScope,
  type ExistingRecords,
  parseBatch,
  parseWriteContext,
  planWrite,
  RECORD_KINDS,
  type Region,
  type ReportScope,
  type Stored,
  targetNotEmpty,
  todayInChina,
  type WriteBatch,
  type WriteOptions,
  type WritePlan,
} from '@occhealth/core';
import type { Rendered } from './query.js';

/** A stored row as the drivers read it: the JSON `record` (text or parsed) and its `version`. */
export interface StoredRow {
  readonly record: unknown;
  readonly version: number;
}

/** A stored row read back with its key (`SELECT <key column> AS key, record, version …`). */
export interface KeyedRow extends StoredRow {
  readonly key: string;
}

/**
 * One read a write needs before the core can plan it. The adapter answers each with the stored
 * rows found (`key`, `record`, `version`); `lockScopes` asks for no rows.
 */
export type WriteRead =
  /** Every region, in insertion order (a region write, or a submission needing its children). */
  | { readonly read: 'allRegions' }
  /**
   * The rows of `kind` whose key is in `keys`. The batch writes the rows of `written` (the
   * adapter may lock them for update) and only refers to the others (for share).
   */
  | {
      readonly read: 'keys';
      readonly kind: BatchKind;
      readonly keys: readonly string[];
      readonly written: ReadonlySet<string>;
    }
  /**
   * The report scopes (`region|period`) the write changes, each once, so that writers of one
   * scope take turns even where no row exists yet (PostgreSQL: an advisory lock; a store whose
   * write transaction already excludes every other writer answers nothing).
   */
  | { readonly read: 'lockScopes'; readonly scopes: readonly string[] }
  /** The rows of `kind` (locked for update) of every `(region, period)` in `scopes`. */
  | {
      readonly read: 'scopes';
      readonly kind: 'submissions' | 'lockExceptions';
      readonly scopes: readonly ReportScope[];
    }
  /** The submissions (locked for update) of the children of each `(obligation, parent, period)`. */
  | { readonly read: 'children'; readonly scopes: readonly ChildScope[] };

/** What {@link writeSteps} returns: the plan to apply, with what it was planned against. */
export interface PlannedWrite {
  /** The core's plan: the row operations, the audit drafts and the caller's result. */
  readonly plan: WritePlan;
  /** The stored rows read for the plan, per kind (`regions` tells a moved region). */
  readonly existing: { readonly [K in BatchKind]: ReadonlyMap<string, Stored<unknown>> };
  /** The write's instant (the audit entries' time; its China date is the plan's today). */
  readonly now: Date;
  /** Who writes. */
  readonly actor: Actor;
}

/**
 * The steps of one write: parse the batch and its context, yield each read it needs, plan it.
 * The adapter applies the returned plan in the same transaction. `auditSecret` is the store's key for
 * the audit entries' keyed hashes of personal fields (see `Store.auditSecret`).
 * @throws ValidationError for a bad batch or context; ConflictError and the core's other write
 * errors from the planner.
 */
export function* writeSteps(
  batch: WriteBatch,
  options: WriteOptions,
  clock: () => Date,
  auditSecret?: string,
): Generator<WriteRead, PlannedWrite, readonly KeyedRow[]> {
  const context = parseWriteContext(options);
  const parsed = parseBatch(batch);
  const lookups = batchLookups(parsed);
  const existing = Object.fromEntries(BATCH_KINDS.map((k) => [k, new Map()])) as {
    [K in BatchKind]: Map<string, Stored<unknown>>;
  };
  const into = (kind: BatchKind, rows: readonly KeyedRow[]) => {
    for (const row of rows) existing[kind].set(row.key, revive(row)!);
  };
  for (const kind of BATCH_KINDS) {
    if (kind === 'regions' && lookups.needsAllRegions) {
      into(kind, yield { read: 'allRegions' });
      continue;
    }
    if (lookups[kind].length === 0) continue;
    const written = new Set((parsed[kind] as readonly { key: string }[]).map((r) => r.key));
    into(kind, yield { read: 'keys', kind, keys: lookups[kind], written });
  }
  // The scopes written, and those of the children a submission needs (siblings under its parent).
  const scopes = lookups.reportScopes.map((s) => `${s.region}|${s.period}`);
  for (const c of lookups.childScopes) {
    for (const r of existing.regions.values()) {
      const region = r as unknown as Region;
      if (region.parent === c.parent) scopes.push(`${region.code}|${c.period}`);
    }
  }
  if (scopes.length > 0) yield { read: 'lockScopes', scopes };
  if (lookups.reportScopes.length > 0) {
    for (const kind of ['submissions', 'lockExceptions'] as const) {
      into(kind, yield { read: 'scopes', kind, scopes: lookups.reportScopes });
    }
  }
  if (lookups.childScopes.length > 0) {
    into('submissions', yield { read: 'children', scopes: lookups.childScopes });
  }
  const now = clock();
  const plan = planWrite(parsed, existing as unknown as ExistingRecords, context.mode, {
    today: todayInChina(now),
    actor: context.actor,
    audit: context.audit,
    ...(auditSecret === undefined ? {} : { auditSecret }),
  });
  return { plan, existing, now, actor: context.actor };
}

/**
 * The restore capability's first step: every table a restore writes (each record kind and the
 * audit trail) must be empty. Yields one `SELECT 1 … LIMIT 1` per table (no bound values).
 * @throws StoreError (`targetNotEmpty`) naming the first kind that holds a row.
 */
export function* restoreTargetEmpty(store: string): Generator<Rendered, void, readonly unknown[]> {
  for (const kind of [...BATCH_KINDS, 'audit'] as const) {
    const table = kind === 'audit' ? 'audit' : RECORD_KINDS[kind].table;
    const rows = yield { text: `SELECT 1 FROM ${table} LIMIT 1`, values: [] };
    if (rows.length > 0) throw targetNotEmpty(store, kind);
  }
}

/**
 * The columns of a kind's table an insert writes, in order: the key, the registry's indexed
 * columns, `version` and the JSON `record`.
 */
export function recordColumns(kind: BatchKind): string[] {
  const spec = RECORD_KINDS[kind];
  return [spec.keyColumn, ...spec.columns.map((c) => c.column), 'version', 'record'];
}

/**
 * The values of {@link recordColumns} for one stored record: its key, the indexed columns'
 * values, its version and the record without the version as JSON text.
 */
export function recordValues(kind: BatchKind, key: string, record: Stored<unknown>): unknown[] {
  const { version, ...body } = record as Stored<Record<string, unknown>>;
  return [
    key,
    ...RECORD_KINDS[kind].columns.map((c) => (c.value as (r: unknown) => unknown)(body)),
    version,
    JSON.stringify(body),
  ];
}

/** A stored row as the record it holds, with its version (`record` as JSON text or parsed). */
export function revive<T>(row: StoredRow | undefined): Stored<T> | undefined {
  if (row === undefined) return undefined;
  const record = typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
  return { ...(record as T), version: row.version };
}
