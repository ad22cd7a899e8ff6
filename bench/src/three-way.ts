/**
 * @module bench/three-way
 * The equality check of the three stores on the benchmark dataset after `pnpm bench --store
 * postgres` (which leaves the schema `bench_pg` and the SQLite file `postgres-bench.db` behind):
 * the bench plan evaluated for every region by the PostgreSQL pushdown, the SQLite pushdown and
 * the in-memory evaluator (a `MemoryStore` filled from the SQLite store by `copyStore`, evaluated
 * with `pushdown: false`); every numerator and denominator of every indicator at every region is
 * compared, and also the rounded value and status. Exit code 1 if any differs.
 *
 * `tsx --conditions=source src/three-way.ts <sqlite.db> <postgres-url> [schema] [year]`
 * (the in-memory side needs a large heap: `NODE_OPTIONS=--max-old-space-size=12000`).
 */
import { openPostgresStore } from '@occhealth/adapter-postgres';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { copyStore, type Evaluation, evaluate, MemoryStore } from '@occhealth/core';
import pg from 'pg';
import { benchPlan } from './plan.js';

/** `indicator@region` → `numerator/denominator rounded status`. */
function figures(e: Evaluation): Map<string, string> {
  return new Map(
    e.results.map((r) => [
      `${r.indicator}@${r.region}`,
      `${r.numerator?.toFixed() ?? 'null'}/${r.denominator?.toFixed() ?? 'null'} ${r.rounded?.toFixed() ?? 'null'} ${r.status}`,
    ]),
  );
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

async function main(): Promise<void> {
  const [sqlitePath, url, schemaArg, yearArg] = process.argv.slice(2);
  if (!sqlitePath || !url)
    throw new RangeError('usage: three-way <sqlite.db> <postgres-url> [schema] [year]');
  const schema = schemaArg ?? 'bench_pg';
  const period = yearArg ?? '2025';
  const run = (store: Parameters<typeof evaluate>[0]['store'], pushdown = true) =>
    evaluate({ plan: benchPlan, region: '000000', period, store, pushdown });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const postgres = await openPostgresStore({ pool, schema });
  const sqlite = openSqliteStore(sqlitePath);
  const memory = new MemoryStore();
  try {
    const [viaPg, pgSeconds] = await timed(() => run(postgres));
    const [viaSqlite, sqliteSeconds] = await timed(() => run(sqlite));
    const [copied, copySeconds] = await timed(() =>
      copyStore({ from: sqlite, to: memory, pageSize: 10000 }),
    );
    const [viaMemory, memorySeconds] = await timed(() => run(memory, false));
    const [a, b, c] = [viaPg, viaSqlite, viaMemory].map(figures) as [
      Map<string, string>,
      Map<string, string>,
      Map<string, string>,
    ];
    const keys = new Set([...a.keys(), ...b.keys(), ...c.keys()]);
    const differing = [...keys].filter((k) => a.get(k) !== b.get(k) || b.get(k) !== c.get(k));
    process.stdout.write(
      `${JSON.stringify({
        via: { postgres: viaPg.via, sqlite: viaSqlite.via, memory: viaMemory.via },
        sizes: { postgres: a.size, sqlite: b.size, memory: c.size },
        indicators: new Set(viaPg.results.map((r) => r.indicator)).size,
        regions: new Set(viaPg.results.map((r) => r.region)).size,
        copied: copied.counts,
        seconds: {
          postgres: pgSeconds,
          sqlite: sqliteSeconds,
          copy: copySeconds,
          memory: memorySeconds,
        },
        compared: keys.size,
        differing: differing.length,
        sample: differing.slice(0, 5).map((k) => [k, a.get(k), b.get(k), c.get(k)]),
      })}\n`,
    );
    if (differing.length > 0 || keys.size === 0) process.exitCode = 1;
  } finally {
    await sqlite.close();
    await postgres.close();
    await pool.end();
  }
}

await main();
