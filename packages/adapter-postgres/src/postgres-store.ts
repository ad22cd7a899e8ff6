/**
 * @module postgres-store
 * `openPostgresStore`: the core `Store` port over PostgreSQL (node-postgres). Every write is
 * planned by the core (`parseBatch` → `planWrite`, driven by the shared write glue of
 * `@occhealth/sql`) against the stored rows, read `FOR UPDATE` in the same transaction (this
 * module answers the glue's reads), and applied by one function ({@link PostgresStore} `#apply`) — by
 * `unnest` arrays for a write, by `COPY … FROM STDIN` for the inserts of a bulk session. A
 * concurrent writer that got there first (serialization failure, deadlock, the same new key) makes
 * the write plan again from fresh rows, so a stale `expectedVersion` is still a `ConflictError`.
 * `aggregate()` runs the shared SQL compiler in one `REPEATABLE READ` snapshot.
 */
import { pipeline } from 'node:stream/promises';
import {
  type Actor,
  type AggregateRequest,
  type AggregateResult,
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
  OccHealthError,
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
  sha256Hex,
  type WriteBatch,
  type WriteOptions,
  type WritePlan,
  type WriteResult,
} from '@occhealth/core';
import {
  aggregateSteps,
  type KeyedRow,
  postgresDialect,
  recordColumns,
  recordValues,
  restoreTargetEmpty,
  revive,
  runAsync,
  type WriteRead,
  writeSteps,
} from '@occhealth/sql';
import { copyFromStdin, copyRows } from './copy.js';
import { type PgClient, type PgPool, quoteSchema, RETRYABLE, sqlState, wrap } from './driver.js';
import { migrate, REBUILD_CLOSURE } from './migrations.js';

/** Options of {@link openPostgresStore}: a pool, or a connection string the store opens a pool for. */
export type PostgresStoreOptions = (
  | {
      /** A `pg.Pool` (or any pool of the same shape); the caller owns it and ends it. */
      readonly pool: PgPool;
      readonly connectionString?: undefined;
    }
  | {
      /** `postgres://user@host:port/db`; the store opens a `pg.Pool` and ends it on `close()`. */
      readonly connectionString: string;
      readonly pool?: undefined;
    }
) &
  StoreClockOptions & {
    /** Schema holding the tables (created when missing). Default `occhealth`. */
    readonly schema?: string;
    /** Milliseconds a statement waits for a row or table lock (`lock_timeout`). Default 10000. */
    readonly lockTimeout?: number;
    /** How many times a write is planned again after a concurrent writer got there first. Default 5. */
    readonly retries?: number;
    /**
     * A hot standby of the same cluster (streaming replication) that `aggregate()` — the reads
     * of evaluations and reports — is sent to, while writes and every other read stay on the
     * primary. Read-your-writes: after this store wrote, an aggregate waits until the standby has
     * replayed that write (at most `maxWait` ms, default 2000), else it runs on the primary.
     */
    readonly replica?: PostgresReplicaOptions;
  };

/** Where the `replica` option of {@link PostgresStoreOptions} is: a pool, or a connection string the store opens a pool for. */
export type PostgresReplicaOptions = (
  | {
      /** A pool of connections to the standby; the caller owns it and ends it. */
      readonly pool: PgPool;
      readonly connectionString?: undefined;
    }
  | {
      /** `postgres://user@standby:port/db`; the store opens a pool and ends it on `close()`. */
      readonly connectionString: string;
      readonly pool?: undefined;
    }
) & {
  /** Milliseconds an aggregate waits for the standby to replay this store's last write. Default 2000. */
  readonly maxWait?: number;
};

/** How many `aggregate()` calls each server answered (see the `replica` option of {@link PostgresStoreOptions}). */
export interface ReplicaReads {
  /** Answered by the standby. */
  readonly replica: number;
  /** Answered by the primary although a replica is configured (it lagged or was unreachable). */
  readonly primary: number;
}

type Row = { record: unknown; version: number; key?: string };

/** The standby of the `replica` option of {@link PostgresStoreOptions}, opened. */
interface Replica {
  readonly pool: PgPool;
  readonly owned: boolean;
  readonly maxWait: number;
}

/**
 * Open a PostgreSQL store: create the schema (and apply pending migrations) when needed.
 * @throws StoreError when the server cannot be reached or the schema was written by a newer
 * release (left untouched), or the schema name is not a plain lower-case identifier.
 * @example
 * ```ts
 * // DATABASE_URL: e.g. postgres://occh@127.0.0.1:5432/occh
 * const store = await openPostgresStore({ connectionString: process.env.DATABASE_URL!, schema: 'yunnan' });
 * await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 * console.log((await store.get('regions', '530000'))?.version);
 * // → 1
 * await store.close(); // ends the pool it opened
 * ```
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const quoted = quoteSchema(options.schema ?? 'occhealth');
  let pool: PgPool;
  let owned = false;
  const openPool = async (connectionString: string): Promise<PgPool> => {
    const pg = await import('pg');
    const Pool = pg.default?.Pool ?? (pg as unknown as { Pool: typeof pg.default.Pool }).Pool;
    return new Pool({ connectionString }) as unknown as PgPool;
  };
  if (options.pool !== undefined) pool = options.pool;
  else {
    pool = await openPool(options.connectionString);
    owned = true;
  }
  let replica: Replica | undefined;
  if (options.replica !== undefined) {
    const r = options.replica;
    replica = {
      pool: r.pool ?? (await openPool(r.connectionString!)),
      owned: r.pool === undefined,
      maxWait: Math.max(0, Math.trunc(r.maxWait ?? 2000)),
    };
  }
  try {
    const client = await pool.connect();
    try {
      await migrate(client, quoted);
    } finally {
      client.release();
    }
  } catch (error) {
    if (owned) await pool.end().catch(() => {});
    if (replica?.owned) await replica.pool.end().catch(() => {});
    throw wrap(error);
  }
  return new PostgresStore(
    pool,
    quoted,
    owned,
    options.lockTimeout ?? 10_000,
    options.retries ?? 5,
    options.now,
    replica,
  );
}

/** A row of `idempotency_keys` as {@link IDEMPOTENCY_SELECT} reads it. */
interface IdempotencyRow {
  principal: string;
  key: string;
  request_hash: string;
  status: number;
  content_type: string;
  body: string;
  expires_at: string;
}

/** One record of (principal $1, key $2), its instant as the ISO text the core writes. */
const IDEMPOTENCY_SELECT = `SELECT principal, key, request_hash, status, content_type, body,
  to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at
  FROM idempotency_keys WHERE principal = $1 AND key = $2`;

/** The claim of (principal $1, key $2), without its token, instants as ISO text. */
const CLAIM_SELECT = `SELECT principal, key, request_hash,
  to_char(claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS claimed_at,
  to_char(claim_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS claim_expires_at
  FROM idempotency_claims WHERE principal = $1 AND key = $2`;

const idempotencyClaimOf = (row: Record<string, string>): IdempotencyClaim => ({
  principal: row.principal!,
  key: row.key!,
  requestHash: row.request_hash!,
  claimedAt: row.claimed_at!,
  claimExpiresAt: row.claim_expires_at!,
});

/** The first key of the advisory lock of one (principal, key) of `Idempotency-Key`: "OCHI". */
export const IDEMPOTENCY_LOCK_CLASS = 0x4f434849;

const idempotencyRecordOf = (row: IdempotencyRow): IdempotencyRecord => ({
  principal: row.principal,
  key: row.key,
  requestHash: row.request_hash,
  status: Number(row.status),
  contentType: row.content_type,
  body: row.body,
  expiresAt: row.expires_at,
});

/**
 * The PostgreSQL implementation of the core `Store` port. Create it with {@link openPostgresStore}.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { isOccHealthError } from '@occhealth/core';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = await openPostgresStore({ pool, schema: 'yunnan' });
 * try {
 *   // A prefecture whose province is not in the store: the whole batch is refused.
 *   await store.write({ regions: [{ code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' }] });
 * } catch (error) {
 *   if (isOccHealthError(error, 'VALIDATION_FAILED')) console.log('refused, nothing written:', (await store.page('regions')).items.length);
 * }
 * // → refused, nothing written: 0
 * await store.close(); // a pool passed in stays open…
 * await pool.end(); // …for its owner to end
 * ```
 */
export class PostgresStore implements Store {
  /** Adapter name, used in errors. */
  readonly name = 'postgres';
  readonly #pool: PgPool;
  readonly #schema: string;
  readonly #owned: boolean;
  readonly #lockTimeout: number;
  readonly #retries: number;
  readonly #now: () => Date;
  readonly #replica: Replica | undefined;
  /** The primary's WAL position after this store's last commit (read-your-writes on the replica). */
  #lastWrite: string | undefined;
  #reads = { replica: 0, primary: 0 };
  #closed = false;

  /** @internal Use {@link openPostgresStore}. */
  constructor(
    pool: PgPool,
    schema: string,
    owned: boolean,
    lockTimeout: number,
    retries: number,
    now: () => Date = () => new Date(),
    replica?: Replica,
  ) {
    this.#replica = replica;
    this.#pool = pool;
    this.#now = now;
    this.#schema = schema;
    this.#owned = owned;
    this.#lockTimeout = Math.max(0, Math.trunc(lockTimeout));
    this.#retries = Math.max(0, Math.trunc(retries));
  }

  /**
   * The core port's idempotency capability: records in the \`idempotency_keys\` table (schema
   * version 4), expired by the store's clock; a \`put\` deletes expired rows and keeps the first
   * live record of a (principal, key) in one transaction (a racing writer waits on the key and
   * then reads the winner's record).
   */
  readonly idempotency: IdempotencyStore = {
    get: (principal, key) =>
      this.#transaction('read', async (c) => {
        const { rows } = await c.query(`${IDEMPOTENCY_SELECT} AND expires_at > $3`, [
          principal,
          key,
          this.#now().toISOString(),
        ]);
        return rows[0] ? idempotencyRecordOf(rows[0] as unknown as IdempotencyRow) : undefined;
      }),
    put: async (record) => {
      const r = checkIdempotencyRecord(record);
      return this.#transaction('write', async (c) => {
        const now = this.#now().toISOString();
        await c.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
        await c.query(
          `INSERT INTO idempotency_keys (principal, key, request_hash, status, content_type, body, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (principal, key) DO NOTHING`,
          [r.principal, r.key, r.requestHash, r.status, r.contentType, r.body, r.expiresAt],
        );
        const { rows } = await c.query(`${IDEMPOTENCY_SELECT} AND expires_at > $3`, [
          r.principal,
          r.key,
          now,
        ]);
        return idempotencyRecordOf(rows[0] as unknown as IdempotencyRow);
      });
    },
    // claim and complete of one (principal, key) serialise on a transaction-scoped advisory lock,
    // so a claim never slips between another holder's completion and the removal of its claim.
    claim: async (request) => {
      const r = checkIdempotencyClaimRequest(request);
      return this.#transaction('write', async (c): ReturnType<IdempotencyStore['claim']> => {
        await this.#lockIdempotency(c, r.principal, r.key);
        const now = this.#now();
        const at = now.toISOString();
        const kept = await c.query(`${IDEMPOTENCY_SELECT} AND expires_at > $3`, [
          r.principal,
          r.key,
          at,
        ]);
        if (kept.rows[0]) {
          return {
            outcome: 'done',
            record: idempotencyRecordOf(kept.rows[0] as unknown as IdempotencyRow),
          };
        }
        await c.query('DELETE FROM idempotency_claims WHERE claim_expires_at <= $1', [at]);
        const token = newIdempotencyClaimToken();
        const claimExpiresAt = claimExpiry(now, r.claimMs);
        const taken = await c.query(
          `INSERT INTO idempotency_claims (principal, key, request_hash, token, claimed_at, claim_expires_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (principal, key) DO NOTHING RETURNING key`,
          [r.principal, r.key, r.requestHash, token, at, claimExpiresAt],
        );
        if (taken.rowCount === 1) {
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
        const { rows } = await c.query(CLAIM_SELECT, [r.principal, r.key]);
        return {
          outcome: 'pending',
          claim: idempotencyClaimOf(rows[0] as unknown as Record<string, string>),
        };
      });
    },
    complete: async (claim, response) => {
      const h = checkHeldIdempotencyClaim(claim);
      const r = checkIdempotencyRecord({
        principal: h.principal,
        key: h.key,
        requestHash: h.requestHash,
        status: response?.status,
        contentType: response?.contentType,
        body: response?.body,
        expiresAt: response?.expiresAt,
      });
      return this.#transaction('write', async (c) => {
        await this.#lockIdempotency(c, r.principal, r.key);
        await c.query(
          'DELETE FROM idempotency_claims WHERE principal = $1 AND key = $2 AND token = $3',
          [h.principal, h.key, h.token],
        );
        const now = this.#now().toISOString();
        await c.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
        await c.query(
          `INSERT INTO idempotency_keys (principal, key, request_hash, status, content_type, body, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (principal, key) DO NOTHING`,
          [r.principal, r.key, r.requestHash, r.status, r.contentType, r.body, r.expiresAt],
        );
        const { rows } = await c.query(`${IDEMPOTENCY_SELECT} AND expires_at > $3`, [
          r.principal,
          r.key,
          now,
        ]);
        return rows[0] ? idempotencyRecordOf(rows[0] as unknown as IdempotencyRow) : r;
      });
    },
    release: async (claim) => {
      const h = checkHeldIdempotencyClaim(claim);
      return this.#transaction('write', async (c) => {
        const { rowCount } = await c.query(
          'DELETE FROM idempotency_claims WHERE principal = $1 AND key = $2 AND token = $3',
          [h.principal, h.key, h.token],
        );
        return rowCount === 1;
      });
    },
  };

  /** Take the transaction-scoped advisory lock of one (principal, key) of `Idempotency-Key`. */
  async #lockIdempotency(c: PgClient, principal: string, key: string): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock($1::integer, $2::integer)', [
      IDEMPOTENCY_LOCK_CLASS,
      scopeLockKey(this.#schema, JSON.stringify([principal, key])),
    ]);
  }

  /** The quoted schema name the tables live in (for read-only inspection with hand SQL). */
  get schema(): string {
    return this.#schema;
  }

  /** Run `fn` in one transaction on one connection, with the schema on the search path. */
  async #transaction<T>(
    mode: 'write' | 'read' | 'snapshot',
    fn: (client: PgClient) => Promise<T>,
  ): Promise<T> {
    this.#assertOpen();
    let client: PgClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw wrap(error);
    }
    let broken: Error | undefined;
    try {
      const begin =
        mode === 'write'
          ? 'BEGIN'
          : mode === 'snapshot'
            ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'
            : 'BEGIN READ ONLY';
      await client.query(
        `${begin}; SET LOCAL search_path TO ${this.#schema}; SET LOCAL lock_timeout = ${this.#lockTimeout}`,
      );
      const result = await fn(client);
      await client.query('COMMIT');
      if (mode === 'write') await this.#noteWrite(client);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw wrap(error);
    } finally {
      client.release(broken);
    }
  }

  async write(batch: WriteBatch, options: WriteOptions = {}): Promise<WriteResult> {
    parseWriteContext(options);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#transaction('write', (c) => this.#writeIn(c, batch, options, false));
      } catch (error) {
        const state = sqlState((error as { cause?: unknown }).cause);
        if (state === undefined || !RETRYABLE.has(state) || attempt >= this.#retries) throw error;
      }
    }
  }

  /**
   * The core port's bulk capability: one open transaction on one connection that many batches are
   * written into (each batch inside a savepoint, so a rejected batch leaves the session usable);
   * inserted rows go in by `COPY … FROM STDIN`. Keys claimed by the importer live in a temporary
   * table of that connection, dropped at the end.
   */
  async bulk(): Promise<BulkSession> {
    this.#assertOpen();
    let client: PgClient;
    try {
      client = await this.#pool.connect();
      await client.query(
        `BEGIN; SET LOCAL search_path TO ${this.#schema}; SET LOCAL lock_timeout = ${this.#lockTimeout};
         CREATE TEMP TABLE bulk_keys (kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, tag integer NOT NULL, PRIMARY KEY (kind, key)) ON COMMIT DROP`,
      );
    } catch (error) {
      throw wrap(error);
    }
    const { serial, live, end } = this.#session(client, {
      en: 'the bulk session has ended',
      zh: '批量导入会话已结束',
    });
    return {
      write: (batch, options = {}) =>
        serial(async () => {
          live();
          parseWriteContext(options);
          await client.query('SAVEPOINT batch');
          try {
            const result = await this.#writeIn(client, batch, options, true);
            await client.query('RELEASE SAVEPOINT batch');
            return result;
          } catch (error) {
            await client.query('ROLLBACK TO SAVEPOINT batch').catch(() => {});
            throw wrap(error);
          }
        }),
      claimKeys: (kind, keys) =>
        serial(async () => {
          live();
          const seen = new Map<string, number>();
          if (keys.length === 0) return seen;
          try {
            const { rows } = await client.query(
              'INSERT INTO bulk_keys(kind, key, tag) SELECT $1, k, t FROM unnest($2::text[], $3::integer[]) AS u(k, t) ON CONFLICT DO NOTHING RETURNING key, tag',
              [kind, keys.map((k) => k.key), keys.map((k) => k.tag)],
            );
            const inserted = new Map(rows.map((r) => [r.key as string, r.tag as number]));
            const before = [...new Set(keys.map((k) => k.key).filter((k) => !inserted.has(k)))];
            const earlier = new Map<string, number>();
            if (before.length > 0) {
              const old = await client.query(
                'SELECT key, tag FROM bulk_keys WHERE kind = $1 AND key = ANY($2::text[])',
                [kind, before],
              );
              for (const r of old.rows) earlier.set(r.key as string, r.tag as number);
            }
            const firstHere = new Set<string>();
            for (const { key } of keys) {
              if (inserted.has(key) && !firstHere.has(key)) {
                firstHere.add(key);
                continue;
              }
              seen.set(key, earlier.get(key) ?? inserted.get(key)!);
            }
          } catch (error) {
            throw wrap(error);
          }
          return seen;
        }),
      commit: () => serial(() => end('COMMIT')),
      rollback: () => serial(() => end('ROLLBACK')),
    };
  }

  /**
   * The core port's restore capability (a `copyStore` target): one transaction on one connection
   * into an empty schema, holding the audit table's lock; records go in by `COPY … FROM STDIN`
   * (regions by `INSERT`, the closure rebuilt), sealed audit entries as given.
   */
  async restore(): Promise<RestoreSession> {
    this.#assertOpen();
    let client: PgClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw wrap(error);
    }
    try {
      await client.query(
        `BEGIN; SET LOCAL search_path TO ${this.#schema}; SET LOCAL lock_timeout = ${this.#lockTimeout}; LOCK TABLE audit IN EXCLUSIVE MODE`,
      );
      await runAsync(restoreTargetEmpty(this.name), async (s) => (await client.query(s.text)).rows);
    } catch (error) {
      let broken: Error | undefined;
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      client.release(broken);
      throw wrap(error);
    }
    const counts = Object.fromEntries(BATCH_KINDS.map((k) => [k, 0])) as Record<BatchKind, number>;
    let lastSeq = 0;
    const { serial, live, end } = this.#session(client, {
      en: 'the restore session has ended',
      zh: '恢复会话已结束',
    });
    return {
      put: (kind, records) =>
        serial(async () => {
          live();
          const rows = restoreRows(kind, records, counts[kind]);
          counts[kind] += rows.length;
          try {
            await this.#apply(client, restorePlan(kind, rows), true);
          } catch (error) {
            throw wrap(error);
          }
        }),
      putAudit: (entries) =>
        serial(async () => {
          live();
          lastSeq = checkRestoredAudit(entries, lastSeq);
          try {
            await this.#insertAudit(client, entries);
          } catch (error) {
            throw wrap(error);
          }
        }),
      putAuditSecret: (secret) =>
        serial(async () => {
          live();
          const checked = checkAuditSecret(secret);
          try {
            await client.query('UPDATE audit_secret SET secret = $1 WHERE id = 1', [checked]);
          } catch (error) {
            throw wrap(error);
          }
        }),
      commit: () => serial(() => end('COMMIT')),
      rollback: () => serial(() => end('ROLLBACK')),
    };
  }

  async regionTree(): Promise<RegionTree | undefined> {
    const rows = await this.#rows('SELECT record, version FROM regions ORDER BY seq');
    return rows.length === 0 ? undefined : RegionTree.build(rows.map((r) => r.record as Region));
  }

  async getRegion(code: string): Promise<Stored<Region> | undefined> {
    return revive(
      (await this.#rows('SELECT record, version FROM regions WHERE code = $1', [code]))[0],
    );
  }

  async getEmployer(creditCode: string): Promise<Stored<Employer> | undefined> {
    return revive(
      (
        await this.#rows('SELECT record, version FROM employers WHERE credit_code = $1', [
          creditCode,
        ])
      )[0],
    );
  }

  async listEmployers(query: EmployerQuery = {}): Promise<Stored<Employer>[]> {
    const rows =
      query.region === undefined
        ? await this.#rows('SELECT record, version FROM employers ORDER BY credit_code')
        : await this.#rows(
            'SELECT record, version FROM employers WHERE region IN (SELECT descendant FROM region_closure WHERE ancestor = $1) ORDER BY credit_code',
            [query.region],
          );
    return rows.map((r) => revive<Employer>(r)!);
  }

  async getFact(id: string): Promise<Stored<Fact> | undefined> {
    return revive((await this.#rows('SELECT record, version FROM facts WHERE id = $1', [id]))[0]);
  }

  async listFacts(query: FactQuery = {}): Promise<Stored<Fact>[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (v: unknown, type: string) => `$${params.push(v)}::${type}`;
    if (query.region !== undefined)
      where.push(
        `region IN (SELECT descendant FROM region_closure WHERE ancestor = ${bind(query.region, 'text')})`,
      );
    if (query.from !== undefined) where.push(`date >= ${bind(query.from, 'date')}`);
    if (query.to !== undefined) where.push(`date <= ${bind(query.to, 'date')}`);
    if (query.kinds !== undefined) {
      if (query.kinds.length === 0) return [];
      where.push(`kind = ANY(${bind(query.kinds, 'text[]')})`);
    }
    if (query.employer !== undefined) where.push(`employer = ${bind(query.employer, 'text')}`);
    const rows = await this.#rows(
      `SELECT record, version FROM facts${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY date, id`,
      params,
    );
    return rows.map((r) => revive<Fact>(r)!);
  }

  async listDataValues(query: DataValueQuery = {}): Promise<Stored<DataValue>[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (v: unknown, type: string) => `$${params.push(v)}::${type}`;
    if (query.region !== undefined)
      where.push(
        `region IN (SELECT descendant FROM region_closure WHERE ancestor = ${bind(query.region, 'text')})`,
      );
    if (query.periods !== undefined) {
      if (query.periods.length === 0) return [];
      where.push(`period = ANY(${bind(query.periods, 'text[]')})`);
    }
    if (query.dataElements !== undefined) {
      if (query.dataElements.length === 0) return [];
      where.push(`data_element = ANY(${bind(query.dataElements, 'text[]')})`);
    }
    const rows = await this.#rows(
      `SELECT record, version FROM data_values${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY data_element, region, period`,
      params,
    );
    return rows.map((r) => revive<DataValue>(r)!);
  }

  /** The `aggregate()` pushdown: the shared SQL compiler, PostgreSQL dialect, in one snapshot. */
  async aggregate(request: AggregateRequest): Promise<AggregateResult> {
    const steps = (client: PgClient) =>
      runAsync(
        aggregateSteps(request, postgresDialect),
        async (s) => (await client.query(s.text, s.values)).rows,
      );
    if (this.#replica !== undefined) {
      const answered = await this.#onReplica(this.#replica, steps);
      if (answered !== undefined) {
        this.#reads.replica++;
        return answered.result;
      }
      this.#reads.primary++;
    }
    return this.#transaction('snapshot', steps);
  }

  /** How many `aggregate()` calls the standby and the primary answered since the store opened. */
  get replicaReads(): ReplicaReads {
    return { ...this.#reads };
  }

  /**
   * The plumbing of a session that holds one connection in an open transaction (bulk, restore):
   * `serial` runs its calls one at a time in call order, `live` refuses a call once it has ended
   * (with the `ended` message) or the store is closed, and `end` commits or rolls back once and
   * releases the connection.
   */
  #session(client: PgClient, ended: { readonly en: string; readonly zh: string }) {
    let open = true;
    let queue: Promise<unknown> = Promise.resolve();
    const serial = <T>(fn: () => Promise<T>): Promise<T> => {
      const next = queue.then(fn, fn);
      queue = next.catch(() => {});
      return next;
    };
    const live = () => {
      if (!open) throw new StoreError('postgres', ended.en, { messageZh: ended.zh });
      this.#assertOpen();
    };
    const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      let broken: Error | undefined;
      try {
        await client.query(sql);
        if (sql === 'COMMIT') await this.#noteWrite(client);
      } catch (error) {
        broken = error as Error;
        await client.query('ROLLBACK').catch(() => {});
        throw wrap(error);
      } finally {
        client.release(broken);
      }
    };
    return { serial, live, end };
  }

  /** Remember the primary's WAL position after a commit of this store (only with a replica). */
  async #noteWrite(client: PgClient): Promise<void> {
    if (this.#replica === undefined) return;
    try {
      // The insert position, not the write position: with `synchronous_commit = off` COMMIT returns
      // before its record is written, so only the insert position is sure to lie past it.
      const { rows } = await client.query('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      this.#lastWrite = rows[0]!.lsn as string;
    } catch {
      // The write committed; its position is unknown, so no standby counts as caught up.
      this.#lastWrite = 'FFFFFFFF/FFFFFFFF';
    }
  }

  /**
   * Run `fn` in a read-only snapshot on the standby once it has replayed this store's last write;
   * undefined (the caller uses the primary) when it is unreachable, not a standby while a write
   * is pending, or still behind after `maxWait` ms.
   */
  async #onReplica<T>(
    replica: Replica,
    fn: (client: PgClient) => Promise<T>,
  ): Promise<{ result: T } | undefined> {
    this.#assertOpen();
    let client: PgClient;
    try {
      client = await replica.pool.connect();
    } catch {
      return undefined;
    }
    let broken: Error | undefined;
    try {
      const wanted = this.#lastWrite;
      if (wanted !== undefined) {
        const deadline = performance.now() + replica.maxWait;
        for (;;) {
          // Checked before the snapshot is taken: the snapshot then holds everything replayed.
          const { rows } = await client.query(
            'SELECT pg_is_in_recovery() AS standby, coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS replayed',
            [wanted],
          );
          if (rows[0]!.replayed === true) break;
          if (rows[0]!.standby !== true || performance.now() >= deadline) return undefined;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      await client.query(
        `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path TO ${this.#schema}`,
      );
      try {
        const result = await fn(client);
        await client.query('COMMIT');
        return { result };
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        throw wrap(error);
      }
    } catch (error) {
      // A standby that cancels the query for replay (a recovery conflict) or drops the
      // connection: answer from the primary. Input errors are the caller's, whichever server.
      if (error instanceof OccHealthError && !(error instanceof StoreError)) throw error;
      broken ??= error as Error;
      return undefined;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.#pool.end();
    if (this.#replica?.owned) await this.#replica.pool.end();
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new StoreError('postgres', 'the store is closed', { messageZh: '存储已关闭' });
  }

  /** The store's audit secret (see the core port's `auditSecret`): read by `copyStore` only. */
  async auditSecret(): Promise<string> {
    return this.#transaction('read', (client) => this.#auditSecretOn(client));
  }

  /** The audit secret (schema version 5), read on the primary in the caller's transaction. */
  async #auditSecretOn(client: PgClient): Promise<string> {
    const { rows } = await client.query('SELECT secret FROM audit_secret WHERE id = 1');
    return (rows[0] as { secret: string }).secret;
  }

  async #rows(text: string, values: readonly unknown[] = []): Promise<Row[]> {
    return this.#transaction('read', async (c) => (await c.query(text, values)).rows as Row[]);
  }

  async get<K extends BatchKind>(kind: K, key: string): Promise<Stored<RecordOf<K>> | undefined> {
    assertBatchKind(kind);
    const spec = RECORD_KINDS[kind];
    return revive(
      (
        await this.#rows(`SELECT record, version FROM ${spec.table} WHERE ${spec.keyColumn} = $1`, [
          key,
        ])
      )[0],
    );
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
      // A column name from the registry, never from the caller; compared as text.
      where.push(`${column}::text = $${params.push(value)}::text`);
    }
    if (query.region !== undefined) {
      where.push(
        `${spec.regionColumn} IN (SELECT descendant FROM region_closure WHERE ancestor = $${params.push(query.region)}::text)`,
      );
    }
    return this.#pageSql(
      spec.table,
      [...spec.sortColumns, spec.keyColumn],
      where,
      params,
      query,
      (r) => revive<RecordOf<K>>(r as Row)!,
    );
  }

  async searchEmployers(query: EmployerSearch = {}): Promise<Page<Stored<Employer>>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (v: unknown) => `$${params.push(v)}::text`;
    if (query.region !== undefined) {
      where.push(
        `region IN (SELECT descendant FROM region_closure WHERE ancestor = ${bind(query.region)})`,
      );
    }
    if (query.name !== undefined) {
      where.push(`strpos(record ->> 'name', ${bind(query.name)}) > 0`);
    }
    if (query.creditCodePrefix !== undefined) {
      where.push(`starts_with(credit_code, ${bind(query.creditCodePrefix)})`);
    }
    if (query.industry !== undefined) {
      where.push(`starts_with(coalesce(record ->> 'industry', ''), ${bind(query.industry)})`);
    }
    if (query.hazardLevel !== undefined) {
      where.push(`record ->> 'hazardLevel' = ${bind(query.hazardLevel)}`);
    }
    return this.#pageSql(
      'employers',
      ['credit_code'],
      where,
      params,
      query,
      (r) => revive<Employer>(r as Row)!,
    );
  }

  /** The last audit entry's `seq` (see `Store.changeMarker`): one index lookup. */
  async changeMarker(): Promise<string> {
    const rows = await this.#rows('SELECT coalesce(max(seq), 0)::text AS n FROM audit');
    return (rows[0] as unknown as { n: string }).n;
  }

  async listAudit(query: AuditQuery = {}): Promise<Page<AuditEntry>> {
    if (query.kind !== undefined) assertBatchKind(query.kind);
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (v: unknown, type = 'text') => `$${params.push(v)}::${type}`;
    if (query.region !== undefined) {
      where.push(
        `region IN (SELECT descendant FROM region_closure WHERE ancestor = ${bind(query.region)})`,
      );
    }
    for (const [column, value] of [
      ['kind', query.kind],
      ['key', query.key],
      ['actor', query.actor],
    ] as const) {
      if (value !== undefined) where.push(`${column} = ${bind(value)}`);
    }
    // Days of the audit trail are China calendar days, whatever the server's time zone.
    if (query.from !== undefined) {
      where.push(`(at AT TIME ZONE 'Asia/Shanghai')::date >= ${bind(query.from, 'date')}`);
    }
    if (query.to !== undefined) {
      where.push(`(at AT TIME ZONE 'Asia/Shanghai')::date <= ${bind(query.to, 'date')}`);
    }
    return this.#pageSql(
      'audit',
      ['seq'],
      where,
      params,
      query,
      (r) => JSON.parse(r.entry as string) as AuditEntry,
      'entry',
      true,
    );
  }

  /**
   * One keyset page: rows after the cursor's tuple, in `order`, one more than asked to see if a
   * next page exists. The cursor holds the sort values as text (`seq` of the audit as a number).
   */
  async #pageSql<T>(
    table: string,
    order: readonly string[],
    where: string[],
    params: unknown[],
    request: PageRequest,
    map: (row: Record<string, unknown>) => T,
    select = 'record, version',
    numeric = false,
  ): Promise<Page<T>> {
    const limit = pageLimit(request);
    if (request.after !== undefined) {
      const tuple = decodeCursor(request.after, order.length);
      const ok = tuple.every((v) =>
        numeric ? typeof v === 'number' && Number.isSafeInteger(v) : typeof v === 'string',
      );
      if (!ok) {
        fail(
          'after',
          request.after,
          'page.cursor',
          'not a cursor of this list (pass the `next` of the previous page)',
          '不是本列表的游标（请传入上一页返回的 next）',
        );
      }
      // Untyped parameters: the server reads each as its column's type (text, date, bigint).
      where.push(
        `(${order.join(', ')}) > (${tuple.map((v) => `$${params.push(String(v))}`).join(', ')})`,
      );
    }
    // Dates as YYYY-MM-DD whatever the session's DateStyle (the server reads that form back in any).
    const text = (c: string) =>
      columnType(table, c) === 'date' ? `to_char(${c}, 'YYYY-MM-DD')` : `${c}::text`;
    const sql = `SELECT ${select}, ${order.map((c, i) => `${text(c)} AS c${i}`).join(', ')} FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order.join(', ')} LIMIT ${limit + 1}`;
    const rows = (await this.#rows(sql, params)) as unknown as Record<string, string>[];
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const out = items.map(map);
    return rows.length > limit && last
      ? {
          items: out,
          next: encodeCursor(
            order.map((_c, i) => (numeric ? Number(last[`c${i}`]) : last[`c${i}`]!)),
          ),
        }
      : { items: out };
  }

  /** Plan and apply a batch on `client`, which holds the transaction. */
  async #writeIn(
    client: PgClient,
    batch: WriteBatch,
    options: WriteOptions,
    copy: boolean,
  ): Promise<WriteResult> {
    const auditSecret = await this.#auditSecretOn(client);
    const { plan, now, actor } = await runAsync(
      writeSteps(batch, options, () => this.#now(), auditSecret),
      (read) => this.#read(client, read),
    );
    await this.#apply(client, plan, copy);
    await this.#appendAudit(client, plan, now, actor);
    return plan.result;
  }

  /**
   * Answer one read of the write glue on `client`. Rows the batch writes are locked FOR UPDATE;
   * rows it only refers to FOR SHARE, so writers referring to one region or employer do not wait
   * for each other. Report scopes that have no row yet lock nothing `FOR UPDATE`: writers of one
   * (region, period) are serialised by a transaction-scoped advisory lock instead, taken before
   * those reads.
   */
  async #read(client: PgClient, read: WriteRead): Promise<readonly KeyedRow[]> {
    const rows = async (sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as unknown as KeyedRow[];
    switch (read.read) {
      case 'allRegions':
        return rows('SELECT code AS key, record, version FROM regions ORDER BY seq FOR UPDATE');
      case 'keys': {
        const spec = RECORD_KINDS[read.kind];
        const out: KeyedRow[] = [];
        for (const [keys, lock] of [
          [[...read.written], 'UPDATE'],
          [read.keys.filter((k) => !read.written.has(k)), 'SHARE'],
        ] as const) {
          if (keys.length === 0) continue;
          out.push(
            ...(await rows(
              `SELECT ${spec.keyColumn} AS key, record, version FROM ${spec.table} WHERE ${spec.keyColumn} = ANY($1::text[]) FOR ${lock}`,
              [keys],
            )),
          );
        }
        return out;
      }
      case 'lockScopes':
        await client.query(
          'SELECT pg_advisory_xact_lock($1::integer, k) FROM (SELECT DISTINCT k FROM unnest($2::integer[]) AS u(k) ORDER BY k) AS s',
          [SCOPE_LOCK_CLASS, read.scopes.map((s) => scopeLockKey(this.#schema, s))],
        );
        return [];
      case 'scopes': {
        const spec = RECORD_KINDS[read.kind];
        return rows(
          `SELECT ${spec.keyColumn} AS key, record, version FROM ${spec.table} WHERE (region, period) IN (SELECT * FROM unnest($1::text[], $2::text[])) FOR UPDATE`,
          [read.scopes.map((s) => s.region), read.scopes.map((s) => s.period)],
        );
      }
      case 'children':
        return rows(
          `SELECT s.key AS key, s.record, s.version FROM submissions s JOIN regions r ON r.code = s.region
             WHERE (s.obligation, s.period, r.parent) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[])) FOR UPDATE OF s`,
          [
            read.scopes.map((c) => c.obligationId),
            read.scopes.map((c) => c.period),
            read.scopes.map((c) => c.parent),
          ],
        );
    }
  }

  /**
   * Seal the plan's audit drafts onto their chains and insert them, in the write's transaction.
   * Appenders take the audit table's lock first (plain reads are not blocked), so two writers
   * never seal onto the same chain head or take the same `seq`.
   */
  async #appendAudit(client: PgClient, plan: WritePlan, now: Date, actor: Actor): Promise<void> {
    if (plan.audit.length === 0) return;
    await client.query('LOCK TABLE audit IN EXCLUSIVE MODE');
    const chains = [...new Set(plan.audit.map((d) => d.chain))];
    const { rows } = await client.query(
      `SELECT DISTINCT ON (chain) chain, chain_seq, hash FROM audit WHERE chain = ANY($1::text[]) ORDER BY chain, chain_seq DESC`,
      [chains],
    );
    const heads = new Map<string, ChainHead>(
      rows.map((r) => [
        r.chain as string,
        { chainSeq: Number(r.chain_seq), hash: r.hash as string },
      ]),
    );
    const next = Number(
      (await client.query('SELECT coalesce(max(seq), 0) + 1 AS n FROM audit')).rows[0]!.n,
    );
    const entries = sealAudit(plan.audit, { actor, at: now.toISOString() }, heads, next);
    await this.#insertAudit(client, entries);
  }

  /** Insert sealed audit entries (the caller holds the audit table's lock). */
  async #insertAudit(client: PgClient, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(f: (e: AuditEntry) => T) => entries.map(f);
    await client.query(
      `INSERT INTO audit(seq, chain, chain_seq, at, actor, kind, key, region, hash, entry)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [
        column((e) => e.seq),
        column((e) => e.chain),
        column((e) => e.chainSeq),
        column((e) => e.at),
        column((e) => e.actor.id),
        column((e) => e.kind),
        column((e) => e.key ?? null),
        column((e) => e.region ?? null),
        column((e) => e.hash),
        column((e) => JSON.stringify(e)),
      ],
    );
  }

  /**
   * The one place rows are written: inserts (by COPY in a bulk session) and updates of a plan,
   * for every kind as the registry says (key, indexed columns, version, the JSON record).
   */
  async #apply(client: PgClient, plan: WritePlan, copy: boolean): Promise<void> {
    for (const kind of BATCH_KINDS) {
      const spec = RECORD_KINDS[kind];
      const ops = plan[kind] as { op: string; key: string; record: Stored<unknown> }[];
      if (ops.length === 0) continue;
      const columns = recordColumns(kind);
      const types = columns.map((c) => (c === 'version' ? 'integer' : columnType(spec.table, c)));
      const rowsOf = (op: 'insert' | 'update') =>
        ops
          .filter((o) => (o.op === 'insert') === (op === 'insert'))
          .map(({ key, record }) => recordValues(kind, key, record));
      const arrays = (rows: unknown[][]) => columns.map((_, i) => rows.map((r) => r[i]));
      const unnest = types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ');
      const insert = rowsOf('insert');
      if (insert.length > 0) {
        if (copy && kind !== 'regions') {
          await pipeline(
            copyRows(insert),
            client.query(copyFromStdin(`COPY ${spec.table}(${columns.join(', ')}) FROM STDIN`)),
          );
        } else {
          await client.query(
            `INSERT INTO ${spec.table}(${columns.join(', ')}) SELECT * FROM unnest(${unnest})`,
            arrays(insert),
          );
        }
      }
      const update = rowsOf('update');
      if (update.length > 0) {
        const set = columns.slice(1).map((c) => `${c} = u.${c}`);
        await client.query(
          `UPDATE ${spec.table} AS x SET ${set.join(', ')} FROM unnest(${unnest}) AS u(${columns.join(', ')}) WHERE x.${spec.keyColumn} = u.${spec.keyColumn}`,
          arrays(update),
        );
      }
    }
    if (plan.regions.length > 0) await client.query(REBUILD_CLOSURE);
  }
}

/** The first key of the store's advisory locks (`pg_advisory_xact_lock(int, int)`): "OCCH". */
export const SCOPE_LOCK_CLASS = 0x4f434348;

/**
 * The second key of the advisory lock of one report scope (`region|period`) of a schema: the
 * first 32 bits of its SHA-256, as a signed integer. Two scopes sharing a key only wait for each
 * other; no input ever enters SQL text.
 */
export function scopeLockKey(schema: string, scope: string): number {
  return Number.parseInt(sha256Hex(`${schema}|${scope}`).slice(0, 8), 16) | 0;
}

/** The SQL type of a column besides `version` (see the migrations). */
function columnType(table: string, column: string): string {
  if (column === 'record') {
    return table === 'submissions' || table === 'lock_exceptions' ? 'json' : 'jsonb';
  }
  return table === 'facts' && column === 'date' ? 'date' : 'text';
}
