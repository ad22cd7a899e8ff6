/**
 * @module bench/compare-builds
 * Interleaved comparison of two builds of the SQLite adapter on one database file: each repetition
 * runs `aggregate()` for the bench plan once with each build (alternating which goes first), and
 * the medians, their ratio and the median of the ratios paired within each repetition are printed. Used to check that a refactor of the pushdown is not
 * slower: build the commit before it in a separate worktree and pass both `dist/index.js` files.
 *
 * `tsx --conditions=source src/compare-builds.ts <db> <before/dist/index.js> <after/dist/index.js> [reps] [year] [before.db]`
 *
 * A build from before a schema migration refuses the newer file (`SchemaVersionError`): give it
 * its own copy of the file as `before.db` (for a migration that only added tables, a byte copy
 * with `PRAGMA user_version` set back to its version holds the same tables, rows and pages).
 */
import { aggregateRequestFor } from '@occhealth/core';
import { benchPlan } from './plan.js';

interface Opened {
  aggregate(request: unknown): Promise<{ figures: Record<string, Record<string, string | null>> }>;
  close(): Promise<void>;
}

async function main(): Promise<void> {
  const [db, before, after, repsArg, yearArg, beforeDb] = process.argv.slice(2);
  if (!db || !before || !after)
    throw new RangeError('usage: compare-builds <db> <before> <after> [reps] [year] [before.db]');
  const reps = Number(repsArg ?? 9);
  const year = yearArg ?? '2025';
  const request = aggregateRequestFor(benchPlan.indicators, '000000', year, `${year}-12-31`);
  const open = async (path: string, file: string): Promise<Opened> =>
    ((await import(path)) as { openSqliteStore: (p: string) => Opened }).openSqliteStore(file);
  const stores = { before: await open(before, beforeDb ?? db), after: await open(after, db) };
  // Warm both (page cache, prepared statements) and check they agree to the last digit.
  const a = await stores.before.aggregate(request);
  const b = await stores.after.aggregate(request);
  const same = JSON.stringify(a) === JSON.stringify(b);
  const times: Record<'before' | 'after', number[]> = { before: [], after: [] };
  for (let i = 0; i < reps; i++) {
    const order: ('before' | 'after')[] = i % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const name of order) {
      const t0 = performance.now();
      await stores[name].aggregate(request);
      times[name].push((performance.now() - t0) / 1000);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const mb = median(times.before);
  const ma = median(times.after);
  const paired = times.after.map((t, i) => t / times.before[i]!);
  process.stdout.write(
    `${JSON.stringify({ reps, identicalFigures: same, medianBeforeSeconds: mb, medianAfterSeconds: ma, ratio: ma / mb, pairedRatio: median(paired), pairedMin: Math.min(...paired), pairedMax: Math.max(...paired), before: times.before, after: times.after })}\n`,
  );
  await stores.before.close();
  await stores.after.close();
  if (!same) process.exitCode = 1;
}

await main();
