/**
 * @module sqlite-store
 * `openSqliteStore`: the core `Store` port over one SQLite file (better-sqlite3). Writes go
 * through the core planner, driven by the shared write glue of `@occhealth/sql` (this module
 * answers its reads), inside one synchronous transaction; reads return fresh objects.
 */

import { statSync } from 'node:fs';
import {
  type Actor,
  type AuditEntry,
  type AuditQuery,
  assertBatchKind,
  BATCH_KINDS,
  type BatchKind,
  type BulkSession,
  type ChainHead,
  checkAuditSecret,
  checkHeldIdempotencyClaim,
  checkIdempotencyClaimRequest,
  checkIdempotencyRecord,
  checkRestoredAudit,
  claimExpiry,
  type DataValue,
  type DataValueQuery,
  decodeCursor,
  type Employer,
  type EmployerQuery,
  type EmployerSearch,
  encodeCursor,
  type Fact,
  type FactQuery,
  fail,
  type IdempotencyClaim,
  type IdempotencyRecord,
  type IdempotencyStore,
  newIdempotencyClaimToken,
  type Page,
  type PageRequest,
  pageLimit,
  parseWriteContext,
  RECORD_KINDS,
  type RecordOf,
  type RecordQuery,
  type Region,
  RegionTree,
  type RestoreSession,
  restorePlan,
  restoreRows,
  type Store,
  type StoreClockOptions,
  type Stored,
  StoreError,
  sealAudit,
  type WriteBatch,
  type WriteOptions,
  type WritePlan,
  type WriteResult,
} from '@occhealth/core';
import {
  type KeyedRow,
  recordColumns,
  recordValues,
  restoreTargetEmpty,
  revive,
  runSync,
  type WriteRead,
  writeSteps,
} from '@occhealth/sql';
import Database from 'better-sqlite3';
import { aggregateSql } from './aggregate/index.js';
import type { AggregateRequest, AggregateResult } from './aggregate/types.js';
import { migrate, rebuildClosure, refuseUnlessOurs } from './migrations.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions extends StoreClockOptions {
  /** Milliseconds to wait for another connection's write lock (`PRAGMA busy_timeout`). Default 5000. */
  readonly busyTimeout?: number;
  /**
   * Bytes of the file read through memory-mapped I/O (`PRAGMA mmap_size`): reads skip a copy into
   * the page cache, about a fifth off a national evaluation. Default 1 GiB; 0 turns it off.
   */
  readonly mmapSize?: number;
  /** KiB of page cache (`PRAGMA cache_size = -N`). Default 65 536 (64 MiB). */
  readonly cacheKiB?: number;
}

/**
 * Default `mmap_size` (1 GiB) and page cache (64 MiB, in KiB) of a store's connection.
 * @example
 * ```ts fragment
 * db.pragma(`mmap_size = ${SQLITE_PRAGMAS.mmapSize}`);
 * ```
 */
export const SQLITE_PRAGMAS = { mmapSize: 2 ** 30, cacheKiB: 65_536 } as const;

/**
 * Apply the read pragmas of a store's connection (memory-mapped I/O and page cache size), the same
 * for every connection that reads the store's file (the benchmark's hand SQL sets the same).
 */
export function applyReadPragmas(
  db: Database.Database,
  options: Pick<SqliteStoreOptions, 'mmapSize' | 'cacheKiB'> = {},
): void {
  const mmap = Math.max(0, Math.trunc(options.mmapSize ?? SQLITE_PRAGMAS.mmapSize));
  const cache = Math.max(0, Math.trunc(options.cacheKiB ?? SQLITE_PRAGMAS.cacheKiB));
  db.pragma(`mmap_size = ${mmap}`);
  if (cache > 0) db.pragma(`cache_size = -${cache}`);
}

/** Largest number of `?` placeholders in one `IN (…)` list (SQLite allows 32 766). */
const CHUNK = 500;

type Row = { record: string; version: number };

/**
 * A bulk session's knowledge of keys not stored: given a kind and the keys a write writes, a test
 * of the keys known to be absent from the table, or undefined when nothing is known.
 */
type AbsentKeys = (
  kind: BatchKind,
  written: ReadonlySet<string>,
) => ((key: string) => boolean) | undefined;

/**
 * Open (creating or migrating as needed) a SQLite store. Files use WAL mode; `':memory:'` gives a
 * private in-memory database.
 * @throws SchemaVersionError when the file was written by a newer release; StoreError when the file
 * is not a SQLite database or belongs to another program.
 * @example
 * ```ts
 * const store = openSqliteStore(':memory:'); // or a file: openSqliteStore('occhealth.db')
 * await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 * console.log((await store.get('regions', '530000'))?.version);
 * // → 1
 * await store.close();
 * ```
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  // Check the file on a read-only connection first: a refused file must not be touched (not even
  // switched to WAL mode). A missing or empty file is a new store.
  if (path !== ':memory:' && path !== '') checkBeforeWrite(path);
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeout ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    if (path !== ':memory:' && path !== '') db.pragma('journal_mode = WAL');
    applyReadPragmas(db, options);
    migrate(db, path);
  } catch (error) {
    db.close();
    throw openFailure(path, error);
  }
  return new SqliteStore(db, options.now);
}

/** The typed error for a file that could not be opened: not SQLite, refused, or unreadable. */
function openFailure(path: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
    return new StoreError('sqlite', `${path} is not a SQLite database`, {
      cause: error,
      messageZh: `${path} 不是 SQLite 数据库文件`,
    });
  }
  return new StoreError('sqlite', `cannot open ${path}: ${(error as Error).message}`, {
    cause: error,
    messageZh: `无法打开 ${path}：${(error as Error).message}`,
  });
}

function checkBeforeWrite(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      throw new StoreError('sqlite', `${path} is a directory, not a SQLite database`, {
        messageZh: `${path} 是目录，不是 SQLite 数据库文件`,
      });
    }
    size = st.size;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw openFailure(path, error);
  }
  if (size === 0) return;
  let ro: Database.Database | undefined;
  try {
    ro = new Database(path, { readonly: true, fileMustExist: true });
    refuseUnlessOurs(ro, path);
  } catch (error) {
    throw openFailure(path, error);
  } finally {
    ro?.close();
  }
}

/** A row of `idempotency_keys`. */
interface IdempotencyRow {
  principal: string;
  key: string;
  request_hash: string;
  status: number;
  content_type: string;
  body: string;
  expires_at: string;
}

/** A row of `idempotency_claims` (schema version 9), without its token. */
interface IdempotencyClaimRow {
  principal: string;
  key: string;
  request_hash: string;
  claimed_at: string;
  claim_expires_at: string;
}

const idempotencyClaimOf = (row: IdempotencyClaimRow): IdempotencyClaim => ({
  principal: row.principal,
  key: row.key,
  requestHash: row.request_hash,
  claimedAt: row.claimed_at,
  claimExpiresAt: row.claim_expires_at,
});

const idempotencyRecordOf = (row: IdempotencyRow): IdempotencyRecord => ({
  principal: row.principal,
  key: row.key,
  requestHash: row.request_hash,
  status: row.status,
  contentType: row.content_type,
  body: row.body,
  expiresAt: row.expires_at,
});

/**
 * The SQLite implementation of the core `Store` port. Create it with {@link openSqliteStore}.
 * @example
 * ```ts
 * import { isOccHealthError } from '@occhealth/core';
 * const store = openSqliteStore(':memory:');
 * try {
 *   await store.write({ regions: [{ code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' }] });
 * } catch (error) {
 *   if (isOccHealthError(error, 'VALIDATION_FAILED')) console.log('refused, nothing written:', (await store.page('regions')).items.length);
 * }
 * // → refused, nothing written: 0
 * await store.close();
 * ```
 */
export class SqliteStore implements Store {
  /** Adapter name, used in errors. */
  readonly name = 'sqlite';
  readonly #db: Database.Database;
  readonly #stmts: ReturnType<typeof prepare>;
  #tree: RegionTree | undefined;
  #treeStale = true;
  #busy: Promise<void> = Promise.resolve();
  readonly #now: () => Date;

  /** @internal Use {@link openSqliteStore}. */
  constructor(db: Database.Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#stmts = prepare(db);
    this.#now = now;
  }

  /** The audit secret (schema version 8), read at each write (a restore may replace it). */
  #auditSecretValue(): string {
    return this.#db.prepare('SELECT secret FROM audit_secret WHERE id = 1').pluck().get() as string;
  }

  /** The store's audit secret (see the core port's `auditSecret`): read by `copyStore` only. */
  async auditSecret(): Promise<string> {
    return this.#exclusive(() => this.#auditSecretValue());
  }

  /**
   * The core port's idempotency capability: records in the `idempotency_keys` table (schema
   * version 7), expired by the store's clock; a `put` deletes expired rows and keeps the first
   * live record of a (principal, key) in one transaction. Claims live in `idempotency_claims`
   * (schema version 9); `claim` and `complete` each run as one `BEGIN IMMEDIATE` transaction, so
   * of the connections (and processes) sharing the file exactly one takes a key.
   */
  readonly idempotency: IdempotencyStore = {
    get: (principal, key) =>
      this.#exclusive(() => {
        const row = this.#cached(
          'idempotency:get',
          () =>
            'SELECT principal, key, request_hash, status, content_type, body, expires_at FROM idempotency_keys WHERE principal = ? AND key = ? AND expires_at > ?',
        ).get(principal, key, this.#now().toISOString()) as IdempotencyRow | undefined;
        return row ? idempotencyRecordOf(row) : undefined;
      }),
    put: async (record) => {
      const r = checkIdempotencyRecord(record);
      return this.#exclusive(() =>
        this.#db
          .transaction(() => {
            const now = this.#now().toISOString();
            this.#cached(
              'idempotency:sweep',
              () => 'DELETE FROM idempotency_keys WHERE expires_at <= ?',
            ).run(now);
            this.#cached(
              'idempotency:put',
              () =>
                'INSERT INTO idempotency_keys (principal, key, request_hash, status, content_type, body, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (principal, key) DO NOTHING',
            ).run(r.principal, r.key, r.requestHash, r.status, r.contentType, r.body, r.expiresAt);
            const kept = this.#cached(
              'idempotency:get',
              () =>
                'SELECT principal, key, request_hash, status, content_type, body, expires_at FROM idempotency_keys WHERE principal = ? AND key = ? AND expires_at > ?',
            ).get(r.principal, r.key, now) as IdempotencyRow;
            return idempotencyRecordOf(kept);
          })
          .immediate(),
      );
    },
    claim: async (request) => {
      const r = checkIdempotencyClaimRequest(request);
      return this.#exclusive(() =>
        this.#db
          .transaction((): Awaited<ReturnType<IdempotencyStore['claim']>> => {
            const now = this.#now();
            const at = now.toISOString();
            const kept = this.#cached(
              'idempotency:get',
              () =>
                'SELECT principal, key, request_hash, status, content_type, body, expires_at FROM idempotency_keys WHERE principal = ? AND key = ? AND expires_at > ?',
            ).get(r.principal, r.key, at) as IdempotencyRow | undefined;
            if (kept) return { outcome: 'done', record: idempotencyRecordOf(kept) };
            this.#cached(
              'idempotency:claim-sweep',
              () => 'DELETE FROM idempotency_claims WHERE claim_expires_at <= ?',
            ).run(at);
            const token = newIdempotencyClaimToken();
            const claimExpiresAt = claimExpiry(now, r.claimMs);
            const taken = this.#cached(
              'idempotency:claim',
              () =>
                'INSERT INTO idempotency_claims (principal, key, request_hash, token, claimed_at, claim_expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (principal, key) DO NOTHING',
            ).run(r.principal, r.key, r.requestHash, token, at, claimExpiresAt);
            if (taken.changes === 1) {
              return {
                outcome: 'claimed',
                claim: {
                  principal: r.principal,
                  key: r.key,
                  requestHash: r.requestHash,
                  claimedAt: at,
                  claimExpiresAt,
                  token,
                },
              };
            }
            const pending = this.#cached(
              'idempotency:claim-get',
              () =>
                'SELECT principal, key, request_hash, claimed_at, claim_expires_at FROM idempotency_claims WHERE principal = ? AND key = ?',
            ).get(r.principal, r.key) as IdempotencyClaimRow;
            return { outcome: 'pending', claim: idempotencyClaimOf(pending) };
          })
          .immediate(),
      );
    },
    complete: async (claim, response) => {
      const c = checkHeldIdempotencyClaim(claim);
      const r = checkIdempotencyRecord({
        principal: c.principal,
        key: c.key,
        requestHash: c.requestHash,
        status: response?.status,
        contentType: response?.contentType,
        body: response?.body,
        expiresAt: response?.expiresAt,
      });
      return this.#exclusive(() =>
        this.#db
          .transaction(() => {
            this.#cached(
              'idempotency:release',
              () => 'DELETE FROM idempotency_claims WHERE principal = ? AND key = ? AND token = ?',
            ).run(c.principal, c.key, c.token);
            const now = this.#now().toISOString();
            this.#cached(
              'idempotency:sweep',
              () => 'DELETE FROM idempotency_keys WHERE expires_at <= ?',
            ).run(now);
            this.#cached(
              'idempotency:put',
              () =>
                'INSERT INTO idempotency_keys (principal, key, request_hash, status, content_type, body, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (principal, key) DO NOTHING',
            ).run(r.principal, r.key, r.requestHash, r.status, r.contentType, r.body, r.expiresAt);
            const kept = this.#cached(
              'idempotency:get',
              () =>
                'SELECT principal, key, request_hash, status, content_type, body, expires_at FROM idempotency_keys WHERE principal = ? AND key = ? AND expires_at > ?',
            ).get(r.principal, r.key, now) as IdempotencyRow | undefined;
            return kept ? idempotencyRecordOf(kept) : r;
          })
          .immediate(),
      );
    },
    release: async (claim) => {
      const c = checkHeldIdempotencyClaim(claim);
      return this.#exclusive(
        () =>
          this.#cached(
            'idempotency:release',
            () => 'DELETE FROM idempotency_claims WHERE principal = ? AND key = ? AND token = ?',
          ).run(c.principal, c.key, c.token).changes === 1,
      );
    },
  };

  /**
   * The underlying better-sqlite3 connection, for read-only inspection (tests, ad-hoc SQL). Writing
   * through it bypasses validation and versions.
   */
  get database(): Database.Database {
    return this.#db;
  }

  async write(batch: WriteBatch, options: WriteOptions = {}): Promise<WriteResult> {
    parseWriteContext(options);
    return this.#exclusive(
      () => this.#db.transaction(() => this.#writeSync(batch, options)).immediate(), // take the write lock up front: no deferred-upgrade SQLITE_BUSY
    );
  }

  /**
   * The core port's bulk capability: one open `BEGIN IMMEDIATE` transaction that many batches
   * are written into, so an import of any size commits at once (or not at all: a crash leaves the
   * file as it was). Keys claimed by the importer live in a temporary table of this connection,
   * not in the process's memory. Other calls on this store wait until the session ends.
   */
  async bulk(): Promise<BulkSession> {
    const release = await this.#beginSession(() =>
      this.#db.exec(
        'CREATE TEMP TABLE IF NOT EXISTS bulk_keys(kind TEXT NOT NULL, key TEXT NOT NULL, tag INTEGER NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID',
      ),
    );
    // One statement claims a whole list (a JSON array of [key, tag] pairs, in order) and returns
    // the keys it inserted: the others were claimed before (or earlier in the same list).
    const claim = this.#db
      .prepare(
        'INSERT INTO temp.bulk_keys(kind, key, tag) SELECT ?, value ->> 0, value ->> 1 FROM json_each(?) WHERE true ON CONFLICT DO NOTHING RETURNING key',
      )
      .pluck();
    const firstTag = this.#db
      .prepare('SELECT tag FROM temp.bulk_keys WHERE kind = ? AND key = ?')
      .pluck();
    // A table empty when the session began holds only the session's own rows. While every row the
    // session wrote into it had been claimed fresh just before (checked on the parsed keys of each
    // write), a key claimed fresh and not yet written cannot be stored there: its existence lookup
    // is skipped. A write of any other row turns this off for that kind (lookups as in `write`).
    // Regions are read whole by a region write, so they are always looked up.
    const trusted = new Set<BatchKind>(
      BATCH_KINDS.filter(
        (kind) =>
          kind !== 'regions' &&
          this.#db.prepare(`SELECT 1 FROM ${RECORD_KINDS[kind].table} LIMIT 1`).get() === undefined,
      ),
    );
    const fresh = new Map<BatchKind, Set<string>>();
    const absentKeys: AbsentKeys = (kind, written) => {
      if (!trusted.has(kind)) return undefined;
      const claimed = fresh.get(kind);
      for (const key of written) {
        if (claimed?.has(key) !== true) {
          trusted.delete(kind);
          return undefined;
        }
      }
      return (key) => claimed?.has(key) === true;
    };
    // A table still empty when the session first writes to it is loaded without its secondary
    // (non-unique) indexes, built again once at commit — inside the same transaction, so a crash
    // or a rollback leaves the file with its indexes as it was.
    const deferred: string[] = [];
    const visited = new Set<string>();
    const deferIndexes = (batch: WriteBatch) => {
      for (const kind of BATCH_KINDS) {
        const rows = (batch as Record<string, unknown>)[kind];
        if (kind === 'regions' || !Array.isArray(rows) || rows.length === 0) continue;
        const table = RECORD_KINDS[kind].table;
        if (visited.has(table)) continue;
        visited.add(table);
        if (this.#db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined) continue;
        const indexes = this.#db
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
          )
          .all(table) as { name: string; sql: string }[];
        for (const { name, sql } of indexes) {
          this.#db.exec(`DROP INDEX "${name}"`);
          deferred.push(sql);
        }
      }
    };
    let open = true;
    const end = (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      try {
        if (sql === 'COMMIT' && this.#db.open && this.#db.inTransaction)
          for (const index of deferred) this.#db.exec(index);
        if (this.#db.open && this.#db.inTransaction) this.#db.exec(sql);
      } catch (error) {
        if (sql === 'COMMIT' && this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw wrap(error);
      } finally {
        try {
          if (this.#db.open) this.#db.exec('DROP TABLE IF EXISTS temp.bulk_keys');
        } catch {
          // The temporary table goes with the connection anyway.
        }
        this.#treeStale = true;
        release();
      }
    };
    const live = () => {
      if (!open)
        throw new StoreError('sqlite', 'the bulk session has ended', {
          messageZh: '批量导入会话已结束',
        });
      this.#assertOpen();
    };
    return {
      write: async (batch, options = {}) => {
        live();
        try {
          deferIndexes(batch);
          // A savepoint per batch: a batch that fails leaves the session's earlier batches intact.
          return this.#db.transaction(() => this.#writeSync(batch, options, absentKeys))();
        } catch (error) {
          throw wrap(error);
        } finally {
          // Written (or failed): none of the claimed keys is known absent any more.
          fresh.clear();
        }
      },
      claimKeys: async (kind, keys) => {
        live();
        const seen = new Map<string, number>();
        if (keys.length === 0) return seen;
        try {
          const inserted = new Set(
            claim.all(kind, JSON.stringify(keys.map((k) => [k.key, k.tag]))) as string[],
          );
          const claimed = fresh.get(kind) ?? new Set<string>();
          fresh.set(kind, claimed);
          const first = new Set<string>();
          for (const { key } of keys) {
            if (inserted.has(key) && !first.has(key)) {
              first.add(key);
              claimed.add(key);
            } else seen.set(key, firstTag.get(kind, key) as number);
          }
        } catch (error) {
          throw wrap(error);
        }
        return seen;
      },
      commit: async () => end('COMMIT'),
      rollback: async () => end('ROLLBACK'),
    };
  }

  /**
   * The core port's restore capability (a `copyStore` target): one `BEGIN IMMEDIATE` transaction
   * into an empty file, records and sealed audit entries inserted as given; the region closure is
   * rebuilt on commit. Other calls on this store wait until the session ends.
   */
  async restore(): Promise<RestoreSession> {
    const release = await this.#beginSession(() =>
      runSync(restoreTargetEmpty(this.name), (s) => this.#db.prepare(s.text).all(...s.values)),
    );
    const counts = Object.fromEntries(BATCH_KINDS.map((k) => [k, 0])) as Record<BatchKind, number>;
    let lastSeq = 0;
    let open = true;
    const live = () => {
      if (!open)
        throw new StoreError('sqlite', 'the restore session has ended', {
          messageZh: '恢复会话已结束',
        });
      this.#assertOpen();
    };
    const end = (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      try {
        if (this.#db.open && this.#db.inTransaction) {
          if (sql === 'COMMIT' && counts.regions > 0) rebuildClosure(this.#db);
          this.#db.exec(sql);
        }
      } catch (error) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw wrap(error);
      } finally {
        this.#treeStale = true;
        release();
      }
    };
    return {
      put: async (kind, records) => {
        live();
        const rows = restoreRows(kind, records, counts[kind]);
        counts[kind] += rows.length;
        try {
          // Regions in any order: the closure rows written here are rebuilt on commit.
          this.#apply(restorePlan(kind, rows), new Map());
        } catch (error) {
          throw wrap(error);
        }
      },
      putAudit: async (entries) => {
        live();
        lastSeq = checkRestoredAudit(entries, lastSeq);
        try {
          for (const e of entries) this.#insertAudit(e);
        } catch (error) {
          throw wrap(error);
        }
      },
      putAuditSecret: async (secret) => {
        live();
        const checked = checkAuditSecret(secret);
        try {
          this.#db.prepare('UPDATE audit_secret SET secret = ? WHERE id = 1').run(checked);
        } catch (error) {
          throw wrap(error);
        }
      },
      commit: async () => end('COMMIT'),
      rollback: async () => end('ROLLBACK'),
    };
  }

  async regionTree(): Promise<RegionTree | undefined> {
    return this.#exclusive(() => this.#currentTree());
  }

  async getRegion(code: string): Promise<Stored<Region> | undefined> {
    return this.#exclusive(() => revive(this.#stmts.getRegion.get(code) as Row | undefined));
  }

  async getEmployer(creditCode: string): Promise<Stored<Employer> | undefined> {
    return this.#exclusive(() =>
      revive(this.#stmts.getEmployer.get(creditCode) as Row | undefined),
    );
  }

  async listEmployers(query: EmployerQuery = {}): Promise<Stored<Employer>[]> {
    return this.#exclusive(() => {
      const rows =
        query.region === undefined
          ? this.#stmts.allEmployers.all()
          : this.#stmts.employersIn.all(query.region);
      return (rows as Row[]).map((r) => revive<Employer>(r)!);
    });
  }

  async getFact(id: string): Promise<Stored<Fact> | undefined> {
    return this.#exclusive(() => revive(this.#stmts.getFact.get(id) as Row | undefined));
  }

  async listFacts(query: FactQuery = {}): Promise<Stored<Fact>[]> {
    return this.#exclusive(() => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.region !== undefined) {
        where.push('region IN (SELECT descendant FROM region_closure WHERE ancestor = ?)');
        params.push(query.region);
      }
      if (query.from !== undefined) {
        where.push('date >= ?');
        params.push(query.from);
      }
      if (query.to !== undefined) {
        where.push('date <= ?');
        params.push(query.to);
      }
      if (query.kinds !== undefined) {
        if (query.kinds.length === 0) return [];
        where.push(`kind IN (${placeholders(query.kinds.length)})`);
        params.push(...query.kinds);
      }
      if (query.employer !== undefined) {
        where.push('employer = ?');
        params.push(query.employer);
      }
      const sql = `SELECT record, version FROM facts${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY date, id`;
      return (this.#db.prepare(sql).all(...params) as Row[]).map((r) => revive<Fact>(r)!);
    });
  }

  async listDataValues(query: DataValueQuery = {}): Promise<Stored<DataValue>[]> {
    return this.#exclusive(() => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.region !== undefined) {
        where.push('region IN (SELECT descendant FROM region_closure WHERE ancestor = ?)');
        params.push(query.region);
      }
      if (query.periods !== undefined) {
        if (query.periods.length === 0) return [];
        where.push(`period IN (${placeholders(query.periods.length)})`);
        params.push(...query.periods);
      }
      if (query.dataElements !== undefined) {
        if (query.dataElements.length === 0) return [];
        where.push(`data_element IN (${placeholders(query.dataElements.length)})`);
        params.push(...query.dataElements);
      }
      // Ordered by the tuple (not the joined key): `a` sorts before `a.b` whatever follows.
      const sql = `SELECT record, version FROM data_values${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY data_element, region, period`;
      return (this.#db.prepare(sql).all(...params) as Row[]).map((r) => revive<DataValue>(r)!);
    });
  }

  async get<K extends BatchKind>(kind: K, key: string): Promise<Stored<RecordOf<K>> | undefined> {
    assertBatchKind(kind);
    return this.#exclusive(() => {
      const spec = RECORD_KINDS[kind];
      return revive<RecordOf<K>>(
        this.#cached(
          `get:${kind}`,
          () => `SELECT record, version FROM ${spec.table} WHERE ${spec.keyColumn} = ?`,
        ).get(key) as Row | undefined,
      );
    });
  }

  async page<K extends BatchKind>(
    kind: K,
    query: RecordQuery = {},
  ): Promise<Page<Stored<RecordOf<K>>>> {
    assertBatchKind(kind);
    const spec = RECORD_KINDS[kind];
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of Object.entries(query.where ?? {})) {
      if (!spec.columns.some((c) => c.column === column)) {
        fail(
          `where.${column}`,
          value,
          'page.where-column',
          `${kind} has no indexed column ${column} (columns: ${spec.columns.map((x) => x.column).join(', ')})`,
          `${spec.label.zh}没有可筛选的列 ${column}（可用：${spec.columns.map((x) => x.column).join('、')}）`,
        );
      }
      where.push(`${column} = ?`); // a column name from the registry, never from the caller
      params.push(value);
    }
    if (query.region !== undefined) {
      where.push(
        `${spec.regionColumn} IN (SELECT descendant FROM region_closure WHERE ancestor = ?)`,
      );
      params.push(query.region);
    }
    const order = [...spec.sortColumns, spec.keyColumn];
    return this.#exclusive(() =>
      this.#pageSql(spec.table, order, where, params, query, (r) => revive<RecordOf<K>>(r)!),
    );
  }

  async searchEmployers(query: EmployerSearch = {}): Promise<Page<Stored<Employer>>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.region !== undefined) {
      where.push('region IN (SELECT descendant FROM region_closure WHERE ancestor = ?)');
      params.push(query.region);
    }
    if (query.name !== undefined) {
      where.push("instr(json_extract(record, '$.name'), ?) > 0");
      params.push(query.name);
    }
    if (query.creditCodePrefix !== undefined) {
      where.push('substr(credit_code, 1, length(?)) = ?');
      params.push(query.creditCodePrefix, query.creditCodePrefix);
    }
    if (query.industry !== undefined) {
      where.push("substr(coalesce(json_extract(record, '$.industry'), ''), 1, length(?)) = ?");
      params.push(query.industry, query.industry);
    }
    if (query.hazardLevel !== undefined) {
      where.push("json_extract(record, '$.hazardLevel') = ?");
      params.push(query.hazardLevel);
    }
    return this.#exclusive(() =>
      this.#pageSql(
        'employers',
        ['credit_code'],
        where,
        params,
        query,
        (r) => revive<Employer>(r)!,
      ),
    );
  }

  /** The last audit entry's `seq` (see `Store.changeMarker`): one index lookup. */
  async changeMarker(): Promise<string> {
    return this.#exclusive(() =>
      String(
        this.#cached('audit:last', () => 'SELECT coalesce(max(seq), 0) FROM audit')
          .pluck()
          .get() as number,
      ),
    );
  }

  async listAudit(query: AuditQuery = {}): Promise<Page<AuditEntry>> {
    if (query.kind !== undefined) assertBatchKind(query.kind);
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.region !== undefined) {
      where.push('region IN (SELECT descendant FROM region_closure WHERE ancestor = ?)');
      params.push(query.region);
    }
    for (const [column, value] of [
      ['kind', query.kind],
      ['key', query.key],
      ['actor', query.actor],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    if (query.from !== undefined) {
      where.push("date(at, '+8 hours') >= ?");
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push("date(at, '+8 hours') <= ?");
      params.push(query.to);
    }
    return this.#exclusive(() =>
      this.#pageSql(
        'audit',
        ['seq'],
        where,
        params,
        query,
        (r) => JSON.parse((r as unknown as { entry: string }).entry) as AuditEntry,
        'entry, seq',
      ),
    );
  }

  /** One keyset page: rows after the cursor's tuple, in `order`, one more than asked to see if a next page exists. */
  #pageSql<T>(
    table: string,
    order: readonly string[],
    where: string[],
    params: unknown[],
    request: PageRequest,
    map: (row: Row) => T,
    select = 'record, version',
  ): Page<T> {
    const limit = pageLimit(request);
    if (request.after !== undefined) {
      const tuple = decodeCursor(request.after, order.length);
      where.push(`(${order.join(', ')}) > (${placeholders(order.length)})`);
      params.push(...tuple);
    }
    const sql = `SELECT ${select}, ${order.map((c, i) => `${c} AS c${i}`).join(', ')} FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order.join(', ')} LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, limit + 1) as (Row &
      Record<string, string | number>)[];
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const out = items.map(map);
    return rows.length > limit && last
      ? { items: out, next: encodeCursor(order.map((_c, i) => last[`c${i}`]!)) }
      : { items: out };
  }

  readonly #statements = new Map<string, Database.Statement>();
  /** A prepared statement built once from registry names (never from caller values). */
  #cached(id: string, sql: () => string): Database.Statement {
    let stmt = this.#statements.get(id);
    if (!stmt) {
      stmt = this.#db.prepare(sql());
      this.#statements.set(id, stmt);
    }
    return stmt;
  }

  /** The `aggregate()` pushdown: leaf expressions computed in SQL (see `aggregate/`). */
  async aggregate(request: AggregateRequest): Promise<AggregateResult> {
    return this.#exclusive(() => aggregateSql(this.#db, request));
  }

  async close(): Promise<void> {
    await this.#busy;
    if (this.#db.open) this.#db.close();
  }

  /**
   * Start a session that holds the connection (bulk or restore): wait for the one before it,
   * `BEGIN IMMEDIATE`, then `prepare` inside the transaction. Returns the release to call when the
   * session ends; on a failure the transaction is rolled back and the connection released.
   */
  async #beginSession(prepare: () => void): Promise<() => void> {
    let release!: () => void;
    const previous = this.#busy;
    this.#busy = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      this.#assertOpen();
      this.#db.exec('BEGIN IMMEDIATE');
      prepare();
      return release;
    } catch (error) {
      if (this.#db.open && this.#db.inTransaction) this.#db.exec('ROLLBACK');
      release();
      throw wrap(error);
    }
  }

  /** Run `fn` once no bulk session holds the connection. */
  async #exclusive<T>(fn: () => T): Promise<T> {
    for (;;) {
      const busy = this.#busy;
      await busy;
      if (busy === this.#busy) break;
    }
    this.#assertOpen();
    try {
      return fn();
    } catch (error) {
      throw wrap(error);
    }
  }

  #assertOpen(): void {
    if (!this.#db.open)
      throw new StoreError('sqlite', 'the store is closed', { messageZh: '存储已关闭' });
  }

  #currentTree(): RegionTree | undefined {
    if (this.#treeStale) {
      const rows = this.#stmts.allRegions.all() as Row[];
      this.#tree =
        rows.length === 0 ? undefined : RegionTree.build(rows.map((r) => JSON.parse(r.record)));
      this.#treeStale = false;
    }
    return this.#tree;
  }

  /** Plan and apply a batch. The caller holds the transaction. */
  #writeSync(batch: WriteBatch, options: WriteOptions, absentKeys?: AbsentKeys): WriteResult {
    const { plan, existing, now, actor } = runSync(
      writeSteps(batch, options, () => this.#now(), this.#auditSecretValue()),
      (read) => this.#read(read, absentKeys),
    );
    this.#apply(plan, existing.regions as unknown as ReadonlyMap<string, Stored<Region>>);
    this.#appendAudit(plan, now, actor);
    return plan.result;
  }

  /**
   * Answer one read of the write glue. The write transaction (`BEGIN IMMEDIATE`) already excludes
   * every other writer of the file: no row locks, and report scopes need no lock of their own.
   */
  #read(read: WriteRead, absentKeys?: AbsentKeys): readonly KeyedRow[] {
    switch (read.read) {
      case 'allRegions':
        return this.#stmts.allRegions.all() as KeyedRow[];
      case 'keys': {
        const absent = absentKeys?.(read.kind, read.written);
        return this.#fetch(read.kind, absent ? read.keys.filter((k) => !absent(k)) : read.keys);
      }
      case 'lockScopes':
        return [];
      case 'scopes': {
        const spec = RECORD_KINDS[read.kind];
        const stmt = this.#cached(
          `scope:${read.kind}`,
          () =>
            `SELECT ${spec.keyColumn} AS key, record, version FROM ${spec.table} WHERE region = ? AND period = ?`,
        );
        return read.scopes.flatMap((s) => stmt.all(s.region, s.period) as KeyedRow[]);
      }
      case 'children': {
        const stmt = this.#cached(
          'children',
          () =>
            'SELECT s.key AS key, s.record, s.version FROM submissions s JOIN regions r ON r.code = s.region WHERE s.obligation = ? AND s.period = ? AND r.parent = ?',
        );
        return read.scopes.flatMap(
          (c) => stmt.all(c.obligationId, c.period, c.parent) as KeyedRow[],
        );
      }
    }
  }

  /** Seal the plan's audit drafts onto their chains and insert them (same transaction). */
  #appendAudit(plan: WritePlan, now: Date, actor: Actor): void {
    if (plan.audit.length === 0) return;
    const heads = new Map<string, ChainHead>();
    const head = this.#cached(
      'audit:head',
      () =>
        'SELECT chain_seq AS chainSeq, hash FROM audit WHERE chain = ? ORDER BY chain_seq DESC LIMIT 1',
    );
    for (const chain of new Set(plan.audit.map((d) => d.chain))) {
      const row = head.get(chain) as ChainHead | undefined;
      if (row) heads.set(chain, row);
    }
    const next = this.#cached('audit:next', () => 'SELECT coalesce(max(seq), 0) + 1 FROM audit')
      .pluck()
      .get() as number;
    for (const e of sealAudit(plan.audit, { actor, at: now.toISOString() }, heads, next)) {
      this.#insertAudit(e);
    }
  }

  /** Insert one sealed audit entry. */
  #insertAudit(e: AuditEntry): void {
    this.#cached(
      'audit:insert',
      () =>
        'INSERT INTO audit(seq, chain, chain_seq, at, actor, kind, key, region, hash, entry) VALUES (@seq, @chain, @chainSeq, @at, @actor, @kind, @key, @region, @hash, @entry)',
    ).run({
      seq: e.seq,
      chain: e.chain,
      chainSeq: e.chainSeq,
      at: e.at,
      actor: e.actor.id,
      kind: e.kind,
      key: e.key,
      region: e.region,
      hash: e.hash,
      entry: JSON.stringify(e),
    });
  }

  /** Stored rows of `kind` whose key is in `keys`, by chunked `IN (?, …)` lookups. */
  #fetch(kind: BatchKind, keys: readonly string[]): KeyedRow[] {
    const spec = RECORD_KINDS[kind];
    const out: KeyedRow[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const slice = keys.slice(i, i + CHUNK);
      const stmt = this.#cached(
        `lookup:${kind}:${slice.length}`,
        () =>
          `SELECT ${spec.keyColumn} AS key, record, version FROM ${spec.table} WHERE ${spec.keyColumn} IN (${placeholders(slice.length)})`,
      );
      out.push(...(stmt.all(...slice) as KeyedRow[]));
    }
    return out;
  }

  #apply(plan: WritePlan, storedRegions: ReadonlyMap<string, Stored<Region>>): void {
    const s = this.#stmts;
    let moved = false;
    for (const { op, record } of plan.regions) {
      const { version, ...body } = record;
      const args = {
        code: record.code,
        parent: record.parent,
        level: record.level,
        version,
        record: JSON.stringify(body),
      };
      if (op === 'insert') {
        s.insertRegion.run(args);
      } else {
        if (storedRegions.get(record.code)?.parent !== record.parent) moved = true;
        s.updateRegion.run(args);
      }
    }
    if (plan.regions.length > 0) {
      if (moved) rebuildClosure(this.#db);
      else {
        // New regions come parents first: each copies its parent's ancestors, one level deeper.
        for (const { op, record } of plan.regions) {
          if (op !== 'insert') continue;
          s.closureSelf.run({ code: record.code });
          if (record.parent !== null) {
            s.closureFromParent.run({ code: record.code, parent: record.parent });
          }
        }
      }
      this.#treeStale = true;
    }
    // Every other kind: key, indexed columns, version and the JSON record, as the registry says.
    for (const kind of BATCH_KINDS) {
      if (kind === 'regions') continue;
      const spec = RECORD_KINDS[kind];
      const columns = recordColumns(kind);
      const insert = this.#cached(
        `insert:${kind}`,
        () =>
          `INSERT INTO ${spec.table}(${columns.join(', ')}) VALUES (${placeholders(columns.length)})`,
      );
      const update = this.#cached(
        `update:${kind}`,
        () =>
          `UPDATE ${spec.table} SET ${columns
            .slice(1)
            .map((c) => `${c} = ?`)
            .join(', ')} WHERE ${spec.keyColumn} = ?`,
      );
      for (const { op, key, record } of plan[kind] as {
        op: string;
        key: string;
        record: Stored<unknown>;
      }[]) {
        const [, ...values] = recordValues(kind, key, record);
        if (op === 'insert') insert.run(key, ...values);
        else update.run(...values, key);
      }
    }
  }
}

function prepare(db: Database.Database) {
  return {
    getRegion: db.prepare('SELECT record, version FROM regions WHERE code = ?'),
    allRegions: db.prepare('SELECT code AS key, record, version FROM regions ORDER BY rowid'),
    insertRegion: db.prepare(
      'INSERT INTO regions(code, parent, level, version, record) VALUES (@code, @parent, @level, @version, @record)',
    ),
    updateRegion: db.prepare(
      'UPDATE regions SET parent = @parent, level = @level, version = @version, record = @record WHERE code = @code',
    ),
    closureSelf: db.prepare(
      'INSERT INTO region_closure(ancestor, descendant, depth) VALUES (@code, @code, 0)',
    ),
    closureFromParent: db.prepare(
      'INSERT INTO region_closure(ancestor, descendant, depth) SELECT ancestor, @code, depth + 1 FROM region_closure WHERE descendant = @parent',
    ),
    getEmployer: db.prepare('SELECT record, version FROM employers WHERE credit_code = ?'),
    allEmployers: db.prepare('SELECT record, version FROM employers ORDER BY credit_code'),
    employersIn: db.prepare(
      'SELECT record, version FROM employers WHERE region IN (SELECT descendant FROM region_closure WHERE ancestor = ?) ORDER BY credit_code',
    ),
    getFact: db.prepare('SELECT record, version FROM facts WHERE id = ?'),
  };
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** What each storage failure means, in both languages (a file the caller may fix). */
const FAILURES: Record<string, [string, string]> = {
  SQLITE_FULL: ['the disk is full', '磁盘已满'],
  SQLITE_READONLY: ['the database file is read-only', '数据库文件为只读'],
  SQLITE_CORRUPT: ['the database file is corrupt', '数据库文件已损坏'],
  SQLITE_NOTADB: ['the file is not a SQLite database', '该文件不是 SQLite 数据库'],
  SQLITE_IOERR: ['a disk read or write failed', '磁盘读写失败'],
  SQLITE_CANTOPEN: ['the database file cannot be opened', '无法打开数据库文件'],
  SQLITE_BUSY: ['another connection holds the write lock', '另一连接持有写锁'],
};

function wrap(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_')) {
    const known = FAILURES[code] ?? FAILURES[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
    if (known) {
      return new StoreError('sqlite', `${known[0]} (${code}: ${error.message})`, {
        cause: error,
        messageZh: `${known[1]}（${code}）`,
      });
    }
    return new StoreError('sqlite', error.message, { cause: error });
  }
  return error;
}
