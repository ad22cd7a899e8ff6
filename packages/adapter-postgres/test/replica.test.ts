/**
 * @module test/replica
 * The read-replica option against a real streaming standby (`OCCHEALTH_PG_STANDBY_URL`, a
 * `pg_basebackup -R` copy of the primary that `.ci/run` starts): evaluations are answered by the
 * standby with the same figures as the core's in-memory evaluation, a write is seen by the next
 * evaluation (read-your-writes), a standby whose replay is paused or that cannot be reached
 * leaves the answer to the primary. Skipped visibly without a standby; required in CI.
 */
import {
  definePlan,
  type Evaluation,
  evaluate,
  MemoryStore,
  type WriteBatch,
} from '@occhealth/core';
import { aggregateFixture, aggregateIndicators } from '@occhealth/core/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../src/index.js';
import { PG_URL } from './pg.js';

const STANDBY_URL = process.env.OCCHEALTH_PG_STANDBY_URL;
const required = process.env.CI === 'true' || process.env.OCCHEALTH_PG_STANDBY_REQUIRED === '1';
if (required && (!STANDBY_URL || !PG_URL)) {
  throw new Error(
    'the read-replica tests are required here (CI=true or OCCHEALTH_PG_STANDBY_REQUIRED=1) but OCCHEALTH_PG_URL or OCCHEALTH_PG_STANDBY_URL is not set',
  );
}

/** The aggregate conformance plan (every kind of leaf expression) over its fixture. */
const plan = definePlan({
  id: 'replica',
  label: { zh: '只读副本', en: 'Read replica' },
  source: { doc: 'occhealth test' },
  dataElements: [
    'awareWorkers',
    'healthExamInstitutions',
    'insuredWorkers',
    'prefecturePlans',
    'surveyedWorkers',
  ].map((id) => ({ id, label: { zh: id }, valueType: 'decimal' as const })),
  indicators: aggregateIndicators(),
});

function figures(e: Evaluation): string[] {
  return e.results.map(
    (r) =>
      `${r.indicator}@${r.region}=${r.numerator?.toFixed() ?? 'null'}/${r.denominator?.toFixed() ?? 'null'}`,
  );
}

/** The same evaluation by the core's in-memory path, from the same batches written to a MemoryStore. */
async function inMemory(batches: readonly WriteBatch[]): Promise<string[]> {
  const store = new MemoryStore();
  for (const b of batches) await store.write(b);
  const e = await evaluate({ plan, store, region: '530000', period: '2025' });
  expect(e.via).toBe('memory');
  return figures(e);
}

if (!STANDBY_URL || !PG_URL) {
  it.skip('read replica (set OCCHEALTH_PG_URL and OCCHEALTH_PG_STANDBY_URL to run it)', () => {});
} else {
  // Asynchronous commit on the primary (as many servers run): COMMIT returns before its WAL record
  // is written, so read-your-writes must wait for the insert position, not the write position.
  const primary = new pg.Pool({
    connectionString: PG_URL,
    max: 4,
    options: '-c synchronous_commit=off',
  });
  const standby = new pg.Pool({ connectionString: STANDBY_URL, max: 4 });
  const schema = `replica_${process.pid}`;
  const stores: PostgresStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    await standby.query('SELECT pg_wal_replay_resume()').catch(() => {});
    await primary.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await primary.end();
    await standby.end();
  });

  describe('PostgreSQL read replica', () => {
    it('the servers are a primary and its streaming standby', async () => {
      expect((await primary.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(false);
      expect((await standby.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);
    });

    it('evaluations go to the standby and see the write just made; a paused or missing standby leaves them to the primary', async () => {
      await primary.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      const store = await openPostgresStore({
        pool: primary,
        schema,
        replica: { pool: standby, maxWait: 5000 },
      });
      stores.push(store);
      const { regions, employers, ...rest } = aggregateFixture();
      const first: WriteBatch = { regions, employers };
      const second: WriteBatch = rest;

      await store.write(first);
      const before = await evaluate({ plan, store, region: '530000', period: '2025' });
      expect(before.via).toBe('aggregate');
      expect(store.replicaReads).toEqual({ replica: 1, primary: 0 });
      expect(figures(before)).toEqual(await inMemory([first]));

      // Read-your-writes: the facts written now count in the very next evaluation.
      await store.write(second);
      const after = await evaluate({ plan, store, region: '530000', period: '2025' });
      expect(store.replicaReads).toEqual({ replica: 2, primary: 0 });
      const expected = await inMemory([first, second]);
      expect(figures(after)).toEqual(expected);
      expect(expected).not.toEqual(figures(before));

      // Replay paused: the standby never catches up with the next write, the primary answers.
      const quick = await openPostgresStore({
        pool: primary,
        schema,
        replica: { pool: standby, maxWait: 300 },
      });
      stores.push(quick);
      await standby.query('SELECT pg_wal_replay_pause()');
      try {
        const change = { ...(employers![0] as { creditCode: string }), employees: 4321 };
        await quick.write({ employers: [change] });
        const paused = await evaluate({ plan, store: quick, region: '530000', period: '2025' });
        expect(quick.replicaReads).toEqual({ replica: 0, primary: 1 });
        expect(figures(paused)).toEqual(await inMemory([first, second, { employers: [change] }]));
        const onStandby = await standby.query(
          `SELECT (record->>'employees')::integer AS n FROM ${schema}.employers WHERE credit_code = $1`,
          [change.creditCode],
        );
        expect(onStandby.rows[0].n).not.toBe(4321);
      } finally {
        await standby.query('SELECT pg_wal_replay_resume()');
      }

      // A standby that cannot be reached: the primary answers.
      const unreachable = await openPostgresStore({
        pool: primary,
        schema,
        replica: { connectionString: 'postgres://occh@127.0.0.1:1/postgres' },
      });
      stores.push(unreachable);
      const fallback = await evaluate({
        plan,
        store: unreachable,
        region: '530000',
        period: '2025',
      });
      expect(unreachable.replicaReads).toEqual({ replica: 0, primary: 1 });
      expect(figures(fallback)).toEqual(
        figures(await evaluate({ plan, store: quick, region: '530000', period: '2025' })),
      );
    });
  });
}
