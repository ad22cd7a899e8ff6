/**
 * @module release/postgres
 * The PostgreSQL server that the documentation's PostgreSQL snippets and `@example`s run against:
 * `OCCHEALTH_PG_URL` (and, for the read-replica snippet, `OCCHEALTH_PG_STANDBY_URL` when set).
 * Snippets read their connection strings as an application does, from `DATABASE_URL` and
 * `DATABASE_REPLICA_URL`; {@link withDatabase} points both at a database of their own for one run.
 * Without a server those snippets are skipped locally, never in CI: with `CI=true` or
 * `OCCHEALTH_PG_REQUIRED=1` a missing `OCCHEALTH_PG_URL` fails the run.
 */
import pg from 'pg';
import type { Snippet } from './snippets.js';

/** The connection string of the test server, if any. */
export const PG_URL = process.env.OCCHEALTH_PG_URL;
const STANDBY_URL = process.env.OCCHEALTH_PG_STANDBY_URL;

/** True when a missing server must fail the run rather than skip the PostgreSQL snippets. */
export const PG_REQUIRED = process.env.CI === 'true' || process.env.OCCHEALTH_PG_REQUIRED === '1';

/** Throws when PostgreSQL snippets must run here but no server is configured. */
export function assertPostgresAvailable(): void {
  if (!PG_URL && PG_REQUIRED) {
    throw new Error(
      'the PostgreSQL snippets are required here (CI=true or OCCHEALTH_PG_REQUIRED=1) but OCCHEALTH_PG_URL is not set',
    );
  }
}

/** A snippet that opens a PostgreSQL store (it reads `DATABASE_URL`). */
export function usesPostgres(s: Snippet): boolean {
  return /\bprocess\.env\.DATABASE_URL\b/.test(s.code);
}

/** The same server and credentials as `url`, another database. */
function onDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

let n = 0;

/**
 * Wait until no session is connected to `database` (a pool's `end()` resolves before its sockets
 * close); a snippet that leaves one open after 5 s did not close its store.
 */
async function closed(admin: pg.Client, database: string): Promise<void> {
  for (const deadline = Date.now() + 5000; ; ) {
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`the snippet left ${rows[0]!.n} connection(s) to PostgreSQL open`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Run `fn` with `DATABASE_URL` (and `DATABASE_REPLICA_URL`: the standby when one is configured,
 * else the primary itself) naming a fresh, empty database, dropped afterwards.
 */
export async function withDatabase<T>(fn: () => Promise<T>): Promise<T> {
  if (!PG_URL) throw new Error('OCCHEALTH_PG_URL is not set');
  const database = `occh_snippet_${process.pid}_${++n}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const saved = { url: process.env.DATABASE_URL, replica: process.env.DATABASE_REPLICA_URL };
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    process.env.DATABASE_URL = onDatabase(PG_URL, database);
    process.env.DATABASE_REPLICA_URL = onDatabase(STANDBY_URL ?? PG_URL, database);
    const result = await fn();
    await closed(admin, database);
    return result;
  } finally {
    for (const [key, value] of [
      ['DATABASE_URL', saved.url],
      ['DATABASE_REPLICA_URL', saved.replica],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
