/**
 * @module bench/http
 * The `http` phase: the REST API (`@occhealth/adapter-http`) over the bench SQLite file, measured
 * with autocannon on loopback against a bare Hono `hello` app started in the same server process,
 * in the same run. The servers run in their own child process (`http-serve`), so the load
 * generator does not share their event loop. Bounded: every load lasts `seconds` and at most
 * `maxRequests` requests.
 *
 * Measured: requests/s and p50/p99 latency of `GET /hello` (bare Hono), `GET /regions/:code` (a
 * cached read), and `GET /evaluate` for a county and for a province at concurrency 1; and the
 * in-process `evaluate()` of the same county and province, so the HTTP overhead is a ratio. The
 * hello and read loads run in paired rounds (order rotated); their ratio is the rounds' median.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { serve as nodeServe } from '@hono/node-server';
import { createApp, hashToken, serve, staticTokens } from '@occhealth/adapter-http';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { evaluate, type RegionTree } from '@occhealth/core';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { benchPlan } from './plan.js';

const TOKEN = 'bench-national-admin';
/** Paired rounds of bare Hono hello and the read route (odd, for a median). */
const READ_ROUNDS = 5;

/** The county with the most employers and its province: the heaviest of each level. */
async function targets(tree: RegionTree, store: Awaited<ReturnType<typeof openSqliteStore>>) {
  const counts = new Map<string, number>();
  for (const e of await store.listEmployers())
    counts.set(e.region, (counts.get(e.region) ?? 0) + 1);
  let county = '';
  let best = -1;
  for (const [code, n] of counts) {
    if (tree.get(code)?.level === 'county' && n > best) {
      best = n;
      county = code;
    }
  }
  const province = tree.ancestorAt(county, 'province')!.code;
  return { county, province };
}

/**
 * `http-serve <db> <year>`: time the in-process evaluations, start both servers, print their
 * ports and the timings, exit when stdin closes.
 */
export async function httpServe(db: string, year: string): Promise<void> {
  const store = openSqliteStore(db);
  const tree = (await store.regionTree())!;
  const { county, province } = await targets(tree, store);
  // In process, in this same (warmed) process: the evaluations the API will serve, median of 7.
  const inProcessMs: Record<string, number> = {};
  for (const [name, region] of [
    ['county', county],
    ['province', province],
  ] as const) {
    const runs: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      await evaluate({ plan: benchPlan, region, period: year, store, asOf: `${year}-12-31` });
      if (i > 0) runs.push(performance.now() - t0); // the first run warms up
    }
    runs.sort((x, y) => x - y);
    inProcessMs[name] = runs[3]!;
  }
  const app = createApp({
    store,
    plans: [benchPlan],
    auth: staticTokens({
      tokens: [{ id: 'bench', sha256: await hashToken(TOKEN), region: '000000', role: 'admin' }],
    }),
    rateLimit: false,
    clock: () => '2025-12-31',
  });
  const api = await serve({ app, port: 0 });
  const hello = new Hono().get('/hello', (c) => c.text('hello'));
  const helloPort = await new Promise<number>((resolve) => {
    nodeServe({ fetch: hello.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
  process.stdout.write(
    `${JSON.stringify({ api: api.url, hello: `http://127.0.0.1:${helloPort}`, county, province, inProcessMs })}\n`,
  );
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
  await api.close();
  await store.close();
  process.exit(0);
}

interface Load {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
}

async function load(
  url: string,
  connections: number,
  seconds: number,
  maxRequests: number,
): Promise<Load> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

/** `http <db> <year> <seconds>`: the whole phase; returns its report. */
export async function httpPhase(
  phasesFile: string,
  db: string,
  year: string,
  seconds: number,
): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [...process.execArgv, phasesFile, 'http-serve', db, year], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`http-serve exited ${code}`)));
  });
  const { api, hello, county, province, inProcessMs } = JSON.parse(first) as {
    api: string;
    hello: string;
    county: string;
    province: string;
    inProcessMs: Record<string, number>;
  };
  try {
    const evaluateUrl = (region: string) =>
      `${api}/evaluate?plan=${benchPlan.id}&region=${region}&period=${year}&asOf=${year}-12-31`;
    // Warm up the API (region cache, prepared statements) before measuring.
    await load(`${api}/regions/${county}`, 1, 1, 50);
    // Paired rounds, order rotated: hello and the read route back to back, so a burst of load
    // from elsewhere on the machine hits both of a round; the ratio is the median of the rounds'.
    const rounds: { hello: Load; region: Load }[] = [];
    for (let round = 0; round < READ_ROUNDS; round++) {
      const helloFirst = round % 2 === 0;
      const a = await load(
        helloFirst ? `${hello}/hello` : `${api}/regions/${county}`,
        10,
        seconds,
        200_000,
      );
      const b = await load(
        helloFirst ? `${api}/regions/${county}` : `${hello}/hello`,
        10,
        seconds,
        200_000,
      );
      rounds.push(helloFirst ? { hello: a, region: b } : { hello: b, region: a });
    }
    const readRatios = rounds
      .map((r) => r.region.requestsPerSecond / r.hello.requestsPerSecond)
      .sort((x, y) => x - y);
    const median = (f: (r: { hello: Load; region: Load }) => Load) =>
      [...rounds].sort((x, y) => f(x).requestsPerSecond - f(y).requestsPerSecond)[
        Math.floor(rounds.length / 2)
      ]!;
    const loads = {
      hello: median((r) => r.hello).hello,
      region: median((r) => r.region).region,
      evaluateCounty: await load(evaluateUrl(county), 1, seconds, 10_000),
      evaluateProvince: await load(evaluateUrl(province), 1, seconds, 1_000),
    };
    return { county, province, seconds, inProcessMs, loads, readRatios };
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
