/**
 * @module bench/dashboard
 * `pnpm --filter @occhealth/bench dashboard <db> [--reps 7]`: the served dashboard's province page
 * over a SQLite file (e.g. the one `occhealth demo --scale province` writes), two ways in one
 * process, interleaved, after one warm-up request each:
 * - `evaluated`: the store seen without its `changeMarker()` capability, so every request
 *   evaluates the page (the behaviour before the page cache);
 * - `cached`: the store as it is, so a request with no write since the last one is answered
 *   from the cache keyed by (plan, region, period, China-time day, change marker).
 * Each round requests both once, in an order rotated by the round; medians and their ratio, with
 * the machine load, are printed. A last round writes one changed row and times the recomputation.
 */
import { loadavg } from 'node:os';
import { createApp, hashToken, staticTokens } from '@occhealth/adapter-http';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import type { Store } from '@occhealth/core';

const TOKEN = 'bench-dashboard-admin';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const db = args.find((a) => !a.startsWith('--'));
  if (!db) throw new Error('usage: dashboard <db> [--reps N]');
  const repsAt = args.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 7;
  const store = openSqliteStore(db);
  const tree = (await store.regionTree())!;
  const root = tree.all().find((r) => r.parent === null || !tree.has(r.parent))!;
  const auth = staticTokens({
    tokens: [{ id: 'bench', sha256: await hashToken(TOKEN), region: root.code, role: 'admin' }],
  });
  // The store without the capability: the page cache is off, every request evaluates.
  const unmarked = new Proxy(store, {
    get: (target, key) => {
      if (key === 'changeMarker') return undefined;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Store;
  const clock = () => '2025-12-31' as const;
  const apps = {
    evaluated: createApp({ store: unmarked, auth, clock, dashboard: true, rateLimit: false }),
    cached: createApp({ store, auth, clock, dashboard: true, rateLimit: false }),
  };
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const time = async (name: keyof typeof apps) => {
    const t0 = performance.now();
    const res = await apps[name].request('/', { headers });
    const html = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200 || !html.includes(`id="r-${root.code}"`)) {
      throw new Error(`${name}: status ${res.status}`);
    }
    return ms;
  };
  const names = Object.keys(apps) as (keyof typeof apps)[];
  for (const name of names) await time(name); // warm-up, equal for both
  const runs: Record<string, number[]> = { evaluated: [], cached: [] };
  const ratios: number[] = [];
  for (let round = 0; round < reps; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    const got: Record<string, number> = {};
    for (const name of order) got[name] = await time(name);
    for (const name of names) runs[name]!.push(got[name]!);
    ratios.push(got.cached! / got.evaluated!);
  }
  // One changed row (a region's English name) moves the marker: the next request recomputes.
  const region = (await store.getRegion(root.code))!;
  const { version: _v, ...record } = region;
  await store.write({
    regions: [{ ...record, name: { ...record.name, en: `${record.name.en ?? ''} ` } }],
  });
  const afterWrite = await time('cached');
  const second = await time('cached');
  await store.write({ regions: [record] }); // put the name back
  console.log(
    `dashboard page of ${root.code} (${tree.size} regions), ${reps} rounds, load ${load()}`,
  );
  for (const name of names) {
    console.log(`  ${name.padEnd(9)} median ${median(runs[name]!).toFixed(1)} ms`);
  }
  console.log(`  cached / evaluated, median of paired ratios: ${median(ratios).toFixed(4)}`);
  console.log(
    `  after a write: ${afterWrite.toFixed(1)} ms (recomputed), then ${second.toFixed(1)} ms`,
  );
  await store.close();
}

await main();
