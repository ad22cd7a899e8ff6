/**
 * @module bench/postgres-check
 * The bench dataset through the PostgreSQL store: import with `@occhealth/import` (the store's
 * bulk session, rows inserted by `COPY … FROM STDIN`), evaluate the bench plan through the
 * PostgreSQL pushdown, and compare every numerator and denominator of every indicator at every
 * region with the SQLite store built from the same files (exit code 1 if any differs).
 *
 * `tsx --conditions=source src/postgres-check.ts <dataDir> <sqlite.db> <postgres-url> [reps] [year]`
 */
import { join } from 'node:path';
import { openPostgresStore } from '@occhealth/adapter-postgres';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { type Evaluation, evaluate, type Store } from '@occhealth/core';
import { importFile } from '@occhealth/import';
import pg from 'pg';
import { benchPlan } from './plan.js';

const KINDS = ['regions', 'employers', 'facts'] as const;

function figures(e: Evaluation): Map<string, string> {
  return new Map(
    e.results.map((r) => [
      `${r.indicator}@${r.region}`,
      `${r.numerator?.toFixed() ?? 'null'}/${r.denominator?.toFixed() ?? 'null'}`,
    ]),
  );
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

async function main(): Promise<void> {
  const [dataDir, sqlitePath, url, repsArg, yearArg] = process.argv.slice(2);
  if (!dataDir || !sqlitePath || !url)
    throw new RangeError('usage: postgres-check <dataDir> <sqlite.db> <url> [reps] [year]');
  const reps = Number(repsArg ?? 3);
  const year = yearArg ?? '2025';
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await pool.query('DROP SCHEMA IF EXISTS bench CASCADE');
  const store = await openPostgresStore({ pool, schema: 'bench' });
  const importSeconds: Record<string, number> = {};
  for (const kind of KINDS) {
    const [, s] = await timed(() =>
      importFile(store as Store, { kind, path: join(dataDir, `${kind}.csv`), batchSize: 5000 }),
    );
    importSeconds[kind] = s;
  }
  await pool.query('ANALYZE bench.facts; ANALYZE bench.employers; ANALYZE bench.region_closure');
  const run = () => evaluate({ plan: benchPlan, region: '000000', period: year, store });
  let viaPg: Evaluation | undefined;
  const pgSeconds: number[] = [];
  for (let i = 0; i < reps; i++) {
    const [e, s] = await timed(run);
    viaPg = e;
    pgSeconds.push(s);
  }
  const sqlite = openSqliteStore(sqlitePath);
  const [viaSqlite, sqliteSeconds] = await timed(() =>
    evaluate({ plan: benchPlan, region: '000000', period: year, store: sqlite }),
  );
  await sqlite.close();
  const a = figures(viaPg!);
  const b = figures(viaSqlite);
  const differing = [...b].filter(([k, v]) => a.get(k) !== v);
  process.stdout.write(
    `${JSON.stringify({ via: viaPg!.via, importSeconds, pgEvaluateSeconds: pgSeconds, sqliteEvaluateSeconds: sqliteSeconds, figures: b.size, differing: differing.length, sample: differing.slice(0, 5).map(([k, v]) => [k, v, a.get(k)]) })}\n`,
  );
  await store.close();
  await pool.end();
  if (differing.length > 0 || a.size !== b.size) process.exitCode = 1;
}

await main();
