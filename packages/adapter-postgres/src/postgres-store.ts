/**
 * @module postgres-store
 * `openPostgresStore`: the core `Store` port over PostgreSQL (node-postgres). Every write is
 * planned by the core (`parseBatch` → `planWrite`) against the stored rows, read `FOR UPDATE` in
 * the same transaction, and applied by one function ({@link PostgresStore} `#apply`) — by
 * `unnest` arrays for a write, by `COPY … FROM STDIN` for the inserts of a bulk session. A
 * concurrent writer that got there first (serialization failure, deadlock, the same new key) makes
 * the write plan again from fresh rows, so a stale `expectedVersion` is still a `ConflictError`.
 * `aggregate()` runs the shared SQL compiler in one `REPEATABLE READ` snapshot.
 */
import { pipeline } from 'node:stream/promises';
import {
  type AggregateRequest,
  type AggregateResult,
  type BulkSession,
  batchLookups,
  type DataValue,
  type DataValueQuery,
  type Employer,
  type EmployerQuery,
  type ExistingRecords,
  type Fact,
  type FactQuery,
  parseBatch,
  parseWriteOptions,
  planWrite,
  type Region,
  RegionTree,
  type Store,
  type Stored,
  StoreError,
  type WriteBatch,
  type WriteMode,
  type WriteOptions,
  type WritePlan,
  type WriteResult,
} from '@occhealth/core';
import { aggregateSteps, postgresDialect, runAsync } from '@occhealth/sql';
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
) & {
  /** Schema holding the tables (created when missing). Default `occhealth`. */
  readonly schema?: string;
  /** Milliseconds a statement waits for a row or table lock (`lock_timeout`). Default 10000. */
  readonly lockTimeout?: number;
  /** How many times a write is planned again after a concurrent writer got there first. Default 5. */
  readonly retries?: number;
};

type Row = { record: unknown; version: number; key?: string };

/**
 * Open a PostgreSQL store: create the schema (and apply pending migrations) when needed.
 * @throws StoreError when the server cannot be reached or the schema was written by a newer
 * release (left untouched), or the schema name is not a plain lower-case identifier.
 * @example
 * const store = await openPostgresStore({ connectionString: 'postgres://occh@127.0.0.1:5432/occh', schema: 'yunnan' });
 * await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 * await store.close();
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const quoted = quoteSchema(options.schema ?? 'occhealth');
  let pool: PgPool;
  let owned = false;
  if (options.pool !== undefined) pool = options.pool;
  else {
    const pg = await import('pg');
    const Pool = pg.default?.Pool ?? (pg as unknown as { Pool: typeof pg.default.Pool }).Pool;
    pool = new Pool({ connectionString: options.connectionString }) as unknown as PgPool;
    owned = true;
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
    throw wrap(error);
  }
  return new PostgresStore(
    pool,
    quoted,
    owned,
    options.lockTimeout ?? 10_000,
    options.retries ?? 5,
  );
}

/** The PostgreSQL implementation of the core `Store` port. Create it with {@link openPostgresStore}. */
export class PostgresStore implements Store {
  /** Adapter name, used in errors. */
  readonly name = 'postgres';
  readonly #pool: PgPool;
  readonly #schema: string;
  readonly #owned: boolean;
  readonly #lockTimeout: number;
  readonly #retries: number;
  #closed = false;

  /** @internal Use {@link openPostgresStore}. */
  constructor(pool: PgPool, schema: string, owned: boolean, lockTimeout: number, retries: number) {
    this.#pool = pool;
    this.#schema = schema;
    this.#owned = owned;
    this.#lockTimeout = Math.max(0, Math.trunc(lockTimeout));
    this.#retries = Math.max(0, Math.trunc(retries));
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
    const mode = parseWriteOptions(options);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#transaction('write', (c) => this.#writeIn(c, batch, mode, false));
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
    let open = true;
    let queue: Promise<unknown> = Promise.resolve();
    // One statement at a time on the session's connection, in call order.
    const serial = <T>(fn: () => Promise<T>): Promise<T> => {
      const next = queue.then(fn, fn);
      queue = next.catch(() => {});
      return next;
    };
    const live = () => {
      if (!open)
        throw new StoreError('postgres', 'the bulk session has ended', {
          messageZh: '批量导入会话已结束',
        });
      this.#assertOpen();
    };
    const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      let broken: Error | undefined;
      try {
        await client.query(sql);
      } catch (error) {
        broken = error as Error;
        await client.query('ROLLBACK').catch(() => {});
        throw wrap(error);
      } finally {
        client.release(broken);
      }
    };
    return {
      write: (batch, options = {}) =>
        serial(async () => {
          live();
          const mode = options.mode ?? 'all-or-nothing';
          await client.query('SAVEPOINT batch');
          try {
            const result = await this.#writeIn(client, batch, mode, true);
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
    return this.#transaction('snapshot', (client) =>
      runAsync(
        aggregateSteps(request, postgresDialect),
        async (s) => (await client.query(s.text, s.values)).rows,
      ),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.#pool.end();
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new StoreError('postgres', 'the store is closed', { messageZh: '存储已关闭' });
  }

  async #rows(text: string, values: readonly unknown[] = []): Promise<Row[]> {
    return this.#transaction('read', async (c) => (await c.query(text, values)).rows as Row[]);
  }

  /** Plan and apply a batch on `client`, which holds the transaction. */
  async #writeIn(
    client: PgClient,
    batch: WriteBatch,
    mode: WriteMode,
    copy: boolean,
  ): Promise<WriteResult> {
    const parsed = parseBatch(batch);
    const lookups = batchLookups(parsed);
    const fetch = async <T>(table: string, key: string, keys: readonly string[]) => {
      const out = new Map<string, Stored<T>>();
      if (keys.length === 0) return out;
      const { rows } = await client.query(
        `SELECT ${key} AS key, record, version FROM ${table} WHERE ${key} = ANY($1::text[]) FOR UPDATE`,
        [keys],
      );
      for (const r of rows as Row[]) out.set(r.key!, revive<T>(r)!);
      return out;
    };
    const regions = lookups.needsAllRegions
      ? new Map(
          (
            (
              await client.query(
                'SELECT code AS key, record, version FROM regions ORDER BY seq FOR UPDATE',
              )
            ).rows as Row[]
          ).map((r) => [r.key!, revive<Region>(r)!] as const),
        )
      : await fetch<Region>('regions', 'code', lookups.regions);
    const existing: ExistingRecords = {
      regions,
      employers: await fetch('employers', 'credit_code', lookups.employers),
      facts: await fetch('facts', 'id', lookups.facts),
      dataValues: await fetch('data_values', 'key', lookups.dataValues),
    };
    const plan = planWrite(parsed, existing, mode);
    await this.#apply(client, plan, copy);
    return plan.result;
  }

  /** The one place rows are written: inserts (by COPY in a bulk session) and updates of a plan. */
  async #apply(client: PgClient, plan: WritePlan, copy: boolean): Promise<void> {
    const split = <T extends { op: string }>(ops: readonly T[]) => ({
      insert: ops.filter((o) => o.op === 'insert'),
      update: ops.filter((o) => o.op !== 'insert'),
    });
    const body = (record: { version: number }) => {
      const { version: _v, ...rest } = record;
      return JSON.stringify(rest);
    };
    const tables = [
      {
        table: 'regions',
        key: 'code',
        columns: ['code', 'parent', 'level', 'version', 'record'],
        types: ['text', 'text', 'text', 'integer', 'jsonb'],
        rows: plan.regions.map(({ op, record }) => ({
          op,
          values: [record.code, record.parent, record.level, record.version, body(record)],
        })),
      },
      {
        table: 'employers',
        key: 'credit_code',
        columns: ['credit_code', 'region', 'version', 'record'],
        types: ['text', 'text', 'integer', 'jsonb'],
        rows: plan.employers.map(({ op, record }) => ({
          op,
          values: [record.creditCode, record.region, record.version, body(record)],
        })),
      },
      {
        table: 'facts',
        key: 'id',
        columns: ['id', 'kind', 'region', 'employer', 'date', 'version', 'record'],
        types: ['text', 'text', 'text', 'text', 'date', 'integer', 'jsonb'],
        rows: plan.facts.map(({ op, record }) => ({
          op,
          values: [
            record.id,
            record.kind,
            record.region,
            'employer' in record ? (record.employer ?? null) : null,
            record.date,
            record.version,
            body(record),
          ],
        })),
      },
      {
        table: 'data_values',
        key: 'key',
        columns: ['key', 'data_element', 'region', 'period', 'version', 'record'],
        types: ['text', 'text', 'text', 'text', 'integer', 'jsonb'],
        rows: plan.dataValues.map(({ op, key, record }) => ({
          op,
          values: [
            key,
            record.dataElement,
            record.region,
            record.period,
            record.version,
            body(record),
          ],
        })),
      },
    ];
    for (const t of tables) {
      const { insert, update } = split(t.rows);
      if (insert.length > 0) {
        if (copy && t.table !== 'regions') {
          await pipeline(
            copyRows(insert.map((r) => r.values)),
            client.query(copyFromStdin(`COPY ${t.table}(${t.columns.join(', ')}) FROM STDIN`)),
          );
        } else {
          const arrays = t.columns.map((_, i) => insert.map((r) => r.values[i]));
          await client.query(
            `INSERT INTO ${t.table}(${t.columns.join(', ')}) SELECT * FROM unnest(${t.types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ')})`,
            arrays,
          );
        }
      }
      if (update.length > 0) {
        const arrays = t.columns.map((_, i) => update.map((r) => r.values[i]));
        const set = t.columns.filter((c) => c !== t.key).map((c) => `${c} = u.${c}`);
        await client.query(
          `UPDATE ${t.table} AS x SET ${set.join(', ')} FROM unnest(${t.types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ')}) AS u(${t.columns.join(', ')}) WHERE x.${t.key} = u.${t.key}`,
          arrays,
        );
      }
    }
    if (plan.regions.length > 0) await client.query(REBUILD_CLOSURE);
  }
}

function revive<T>(row: Row | undefined): Stored<T> | undefined {
  if (row === undefined) return undefined;
  const record = typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
  return { ...(record as T), version: row.version };
}
