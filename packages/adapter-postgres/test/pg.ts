/**
 * @module test/pg
 * The PostgreSQL server the tests use: `OCCHEALTH_PG_URL` (`.ci/run` starts a throwaway cluster and
 * exports it). Without it the PostgreSQL tests are skipped locally, but never silently in CI: with
 * `CI=true` or `OCCHEALTH_PG_REQUIRED=1` a missing server fails the run.
 */

import type { StoreClockOptions } from '@occhealth/core';
import pg from 'pg';
import { afterAll, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../src/index.js';

/** The connection string of the test server, if any. */
export const PG_URL = process.env.OCCHEALTH_PG_URL;

const required = process.env.CI === 'true' || process.env.OCCHEALTH_PG_REQUIRED === '1';
if (!PG_URL && required) {
  throw new Error(
    'PostgreSQL tests are required here (CI=true or OCCHEALTH_PG_REQUIRED=1) but OCCHEALTH_PG_URL is not set',
  );
}

/** Register `fn`'s tests when a server is configured; otherwise one visibly skipped test. */
export function withPostgres(fn: () => void): void {
  if (PG_URL) fn();
  else it.skip('PostgreSQL tests (set OCCHEALTH_PG_URL to run them)', () => {});
}

let pool: pg.Pool | undefined;
const schemas: string[] = [];

/** The shared pool of this test file. */
export function testPool(): pg.Pool {
  if (!pool) {
    pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
    afterAll(async () => {
      for (const s of schemas) await pool!.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await pool!.end();
    });
  }
  return pool;
}

let n = 0;

/** A fresh store in a schema of its own (dropped after the file), on the suite's clock if given. */
export async function freshStore(clock: StoreClockOptions = {}): Promise<PostgresStore> {
  const schema = `t${process.pid}_${++n}`;
  schemas.push(schema);
  return openPostgresStore({ pool: testPool(), schema, ...clock });
}
