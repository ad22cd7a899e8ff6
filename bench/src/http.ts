/**
 * @module bench/http
 * The `http` phase: the REST API (`@occhealth/adapter-http`) over the bench SQLite file, measured
 * with autocannon on loopback against a bare Hono `hello` app started in the same server process,
 * in the same run. The servers run in their own child process (`http-serve`), so the load
 * generator does not share their event loop. Bounded: every load lasts `seconds` and at most
 * `maxRequests` requests.
 *
 * Measured: requests/s and p50/p99 latency of `GET /hello` (bare Hono), `GET /regions/:code` (a
 * cached read, through the whole pipeline: authentication, the rate limit with a limit no load
 * reaches, scoping, the ETag), and `GET /evaluate` for a county and for a province at
 * concurrency 1; and the overhead of HTTP over the in-process `evaluate()` of the same county and
 * province, in paired rounds in which the server process times its own in-process call right
 * before or after (alternating) the client times the HTTP request. Hello and the read route (and, with a baseline checkout, the read route of
 * that build) run in paired rounds after the same warm-up, with the same autocannon settings, the
 * order rotated each round; their ratio is the median of the rounds'. Each round also runs every
 * one of them at a fixed rate that all sustain: the CPU time per request of the server process
 * (and of the load generator, this process) at equal throughput, which the machine's load
 * disturbs much less than requests/s at full speed.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { serve as nodeServe } from '@hono/node-server';
import { createApp, hashToken, serve, staticTokens } from '@occhealth/adapter-http';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { evaluate, type RegionTree } from '@occhealth/core';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { benchPlan } from './plan.js';

const TOKEN = 'bench-national-admin';
/** Paired rounds of bare Hono hello and the read route (odd, for a median). */
const READ_ROUNDS = 7;
/** Connections of the hello and read loads (and of their warm-up). */
const READ_CONNECTIONS = 10;
/** Paired rounds of `/evaluate` over HTTP and in process, per level (odd, for a median). */
const EVALUATE_ROUNDS = 11;
/**
 * Requests/s of the fixed-rate loads, which every server here sustains even on a loaded machine:
 * their CPU time per request compares the servers at the same throughput (at full speed it
 * falls as throughput rises, so a slower server also looks costlier per request).
 */
const FIXED_RATE = 1000;
/**
 * The request count bound of a load, per second of its duration: far above what one autocannon
 * process can send (its own CPU per request caps it near 60 k/s on this machine), so a load ends
 * by time. A load that reaches it ended early and its rate would be the bound's, not the
 * server's: {@link load} throws rather than report it (a cap of 40 k/s once made bare Hono look
 * slower than it is).
 */
const MAX_REQUESTS_PER_SECOND = 500_000;

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

type CreateApp = typeof createApp;

/** The app of `createApp` (this checkout's or the baseline's) as the bench serves it. */
async function benchApp(make: CreateApp, store: Parameters<CreateApp>[0]['store']) {
  return make({
    store,
    plans: [benchPlan],
    auth: staticTokens({
      tokens: [{ id: 'bench', sha256: await hashToken(TOKEN), region: '000000', role: 'admin' }],
    }),
    // Counted on every request like in production, with a limit no load of the bench reaches.
    rateLimit: { limit: 1_000_000_000, windowSeconds: 60 },
    clock: () => '2025-12-31',
  });
}

/**
 * `http-serve <db> <year> [baseline]`: start the servers (the API, bare Hono, and with `baseline`
 * — the root of another checkout of this repository — the API of that checkout's `adapter-http`
 * source over the same store) and print their ports; answer each `cpu` line on stdin with this
 * process's CPU time in µs, and each `eval <region>` line with the milliseconds of an in-process
 * `evaluate()` of that region, and each `gc` line after a full garbage collection (the phase starts
 * it with `--expose-gc`); exit when stdin closes.
 */
export async function httpServe(db: string, year: string, baseline?: string): Promise<void> {
  const store = openSqliteStore(db);
  const tree = (await store.regionTree())!;
  const { county, province } = await targets(tree, store);
  const api = await serve({ app: await benchApp(createApp, store), port: 0 });
  let before: Awaited<ReturnType<typeof serve>> | undefined;
  if (baseline) {
    const other = (await import(
      pathToFileURL(join(baseline, 'packages/adapter-http/src/index.ts')).href
    )) as { createApp: CreateApp };
    before = await serve({ app: await benchApp(other.createApp, store), port: 0 });
  }
  const hello = new Hono().get('/hello', (c) => c.text('hello'));
  const helloPort = await new Promise<number>((resolve) => {
    nodeServe({ fetch: hello.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
  process.stdout.write(
    `${JSON.stringify({ api: api.url, before: before?.url, hello: `http://127.0.0.1:${helloPort}`, county, province })}\n`,
  );
  const lines = createInterface({ input: process.stdin });
  // One command at a time: the client waits for each answer before it sends the next.
  lines.on('line', (l) => {
    const [command, region] = l.trim().split(' ');
    if (command === 'gc') {
      // Started with --expose-gc by the phase: a full collection, so that no garbage of an
      // earlier call lands on the next timed one.
      (globalThis as { gc?: () => void }).gc?.();
      process.stdout.write('{}\n');
    } else if (command === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.stdout.write(`${JSON.stringify({ cpuUs: user + system })}\n`);
    } else if (command === 'eval' && region) {
      // The in-process call the API's `/evaluate` makes, in this same process over the same
      // store, so both sides share the JIT, the page cache and the prepared statements.
      const t0 = performance.now();
      void evaluate({ plan: benchPlan, region, period: year, store, asOf: `${year}-12-31` }).then(
        () => process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`),
      );
    }
  });
  await new Promise((resolve) => lines.once('close', resolve));
  await api.close();
  await before?.close();
  await store.close();
  process.exit(0);
}

interface Load {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
  /** CPU time of the server process per request, µs (all its threads). */
  readonly serverCpuUs?: number;
  /** CPU time of the load generator (this process) per request, µs. */
  readonly clientCpuUs?: number;
}

/** Sends one command line to the server child over its stdin and reads its JSON answer. */
type Ask = (command: string) => Promise<Record<string, number>>;

function asker(stdin: NodeJS.WritableStream, lines: Interface): Ask {
  return (command) =>
    new Promise((resolve) => {
      lines.once('line', (l) => resolve(JSON.parse(l) as Record<string, number>));
      stdin.write(`${command}\n`);
    });
}

/** Asks the server child for its CPU time (µs). */
type CpuProbe = () => Promise<number>;

/** One paired round of `/evaluate`: in process and over HTTP, back to back. */
export interface EvaluatePair {
  readonly inProcessMs: number;
  readonly httpMs: number;
}

/**
 * `rounds` paired rounds of one region's evaluation at concurrency 1: the in-process `evaluate()`
 * timed in the server process (by `ask`), and `GET url` timed here from the request to the last
 * byte of the answer, one after the other with the order alternating each round, after one
 * warm-up call of each; the server collects its garbage before each timed call. Pairing keeps a burst of load from elsewhere on the machine, or a GC, from
 * landing on one side only.
 */
async function evaluatePairs(
  ask: Ask,
  url: string,
  region: string,
  rounds: number,
): Promise<EvaluatePair[]> {
  const inProcess = async () => {
    await ask('gc');
    return (await ask(`eval ${region}`)).ms!;
  };
  const overHttp = async () => {
    await ask('gc');
    const t0 = performance.now();
    const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  await inProcess();
  await overHttp();
  const pairs: EvaluatePair[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      const inProcessMs = await inProcess();
      pairs.push({ inProcessMs, httpMs: await overHttp() });
    } else {
      const httpMs = await overHttp();
      pairs.push({ inProcessMs: await inProcess(), httpMs });
    }
  }
  return pairs;
}

/** The overhead the goal allows over an in-process call of `ms`: max(10 %, 5 ms). */
export const allowedOverheadMs = (ms: number): number => Math.max(ms * 0.1, 5);

async function load(
  url: string,
  connections: number,
  seconds: number,
  serverCpu?: CpuProbe,
  overallRate?: number,
): Promise<Load> {
  const maxRequests = seconds * MAX_REQUESTS_PER_SECOND;
  const server0 = await serverCpu?.();
  const client0 = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
    headers: { Authorization: `Bearer ${TOKEN}` },
    ...(overallRate ? { overallRate } : {}),
  });
  const client = process.cpuUsage(client0);
  const server1 = await serverCpu?.();
  const requests = result.requests.total;
  if (requests >= maxRequests) {
    throw new Error(
      `${url}: the load reached its bound of ${maxRequests} requests before its time`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    errors: result.errors + result.non2xx,
    ...(server0 !== undefined && server1 !== undefined && requests > 0
      ? { serverCpuUs: (server1 - server0) / requests }
      : {}),
    ...(requests > 0 ? { clientCpuUs: (client.user + client.system) / requests } : {}),
  };
}

/** One paired round of the read loads. */
interface Round {
  readonly hello: Load;
  readonly region: Load;
  /** The read route of the baseline checkout. */
  readonly before?: Load;
  /** The same at {@link FIXED_RATE} requests/s. */
  readonly fixed: Omit<Round, 'fixed'>;
}

type Target = Exclude<keyof Round, 'fixed'>;

const sortedBy = (xs: readonly number[]) => [...xs].sort((x, y) => x - y);
const medianOf = (xs: readonly number[]) => sortedBy(xs)[Math.floor(xs.length / 2)]!;

/**
 * `http <db> <year> <seconds> [baseline]`: the whole phase; returns its report. `baseline`: the
 * root of another checkout whose read route is measured in the same rounds.
 */
export async function httpPhase(
  phasesFile: string,
  db: string,
  year: string,
  seconds: number,
  baseline?: string,
): Promise<Record<string, unknown>> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      '--expose-gc',
      phasesFile,
      'http-serve',
      db,
      year,
      ...(baseline ? [baseline] : []),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`http-serve exited ${code}`)));
  });
  const { api, before, hello, county, province } = JSON.parse(first) as {
    api: string;
    before?: string;
    hello: string;
    county: string;
    province: string;
  };
  const ask = asker(child.stdin!, lines);
  const cpu: CpuProbe = async () => (await ask('cpu')).cpuUs!;
  const loadBefore = loadavg();
  try {
    const evaluateUrl = (region: string) =>
      `${api}/evaluate?plan=${benchPlan.id}&region=${region}&period=${year}&asOf=${year}-12-31`;
    const targets: [Target, string][] = [
      ['hello', `${hello}/hello`],
      ['region', `${api}/regions/${county}`],
      ...(before ? [['before', `${before}/regions/${county}`] as [Target, string]] : []),
    ];
    // The same warm-up for each (JIT, the region cache, prepared statements): one second at the
    // measured concurrency.
    for (const [, url] of targets) await load(url, READ_CONNECTIONS, 1);
    // Paired rounds, order rotated: the loads of a round back to back, so a burst of load from
    // elsewhere on the machine hits all of a round; the ratios are the medians of the rounds'.
    const rounds: Round[] = [];
    for (let round = 0; round < READ_ROUNDS; round++) {
      const got: Partial<Record<Target, Load>> = {};
      const fixed: Partial<Record<Target, Load>> = {};
      for (let k = 0; k < targets.length; k++) {
        const [name, url] = targets[(round + k) % targets.length]!;
        got[name] = await load(url, READ_CONNECTIONS, seconds, cpu);
      }
      for (let k = 0; k < targets.length; k++) {
        const [name, url] = targets[(round + k) % targets.length]!;
        fixed[name] = await load(url, READ_CONNECTIONS, seconds, cpu, FIXED_RATE);
      }
      rounds.push({ ...got, fixed } as Round);
    }
    const loadAfter = loadavg();
    const readRatios = sortedBy(
      rounds.map((r) => r.region.requestsPerSecond / r.hello.requestsPerSecond),
    );
    // Server CPU per request at the same fixed rate, hello ÷ read route: the throughput ratio a
    // server alone on a core would reach; the load generator's share is left out.
    const cpuRatios = sortedBy(
      rounds.map((r) => r.fixed.hello.serverCpuUs! / r.fixed.region.serverCpuUs!),
    );
    const beforeRatios = before
      ? sortedBy(rounds.map((r) => r.before!.requestsPerSecond / r.hello.requestsPerSecond))
      : undefined;
    const afterOverBefore = before
      ? sortedBy(rounds.map((r) => r.region.requestsPerSecond / r.before!.requestsPerSecond))
      : undefined;
    const beforeCpuRatios = before
      ? sortedBy(rounds.map((r) => r.fixed.hello.serverCpuUs! / r.fixed.before!.serverCpuUs!))
      : undefined;
    const median = (f: (r: Round) => Load) =>
      [...rounds].sort((x, y) => f(x).requestsPerSecond - f(y).requestsPerSecond)[
        Math.floor(rounds.length / 2)
      ]!;
    const medianOfRounds = (f: (r: Round) => number) => medianOf(rounds.map(f));
    const loads = {
      hello: median((r) => r.hello).hello,
      region: median((r) => r.region).region,
      ...(before ? { before: median((r) => r.before!).before! } : {}),
      evaluateCounty: await load(evaluateUrl(county), 1, seconds),
      evaluateProvince: await load(evaluateUrl(province), 1, seconds),
    };
    // The overhead of HTTP over the in-process call, pair by pair.
    const evaluate: Record<'county' | 'province', EvaluatePair[]> = {
      county: await evaluatePairs(ask, evaluateUrl(county), county, EVALUATE_ROUNDS),
      province: await evaluatePairs(ask, evaluateUrl(province), province, EVALUATE_ROUNDS),
    };
    const overhead = Object.fromEntries(
      (['county', 'province'] as const).map((level) => {
        const pairs = evaluate[level];
        return [
          level,
          {
            inProcessMs: medianOf(pairs.map((p) => p.inProcessMs)),
            httpMs: medianOf(pairs.map((p) => p.httpMs)),
            /** HTTP − in process, per pair, sorted. */
            addedMs: sortedBy(pairs.map((p) => p.httpMs - p.inProcessMs)),
            /** HTTP ÷ in process, per pair, sorted. */
            ratios: sortedBy(pairs.map((p) => p.httpMs / p.inProcessMs)),
            /** HTTP − in process − the allowed overhead, per pair: met when the median is ≤ 0. */
            excessMs: sortedBy(
              pairs.map((p) => p.httpMs - p.inProcessMs - allowedOverheadMs(p.inProcessMs)),
            ),
          },
        ];
      }),
    );
    const cpuUs = Object.fromEntries(
      targets.map(([name]) => [
        name,
        {
          server: medianOfRounds((r) => r.fixed[name]!.serverCpuUs!),
          client: medianOfRounds((r) => r.fixed[name]!.clientCpuUs!),
          rate: medianOfRounds((r) => r.fixed[name]!.requestsPerSecond),
          serverFullSpeed: medianOfRounds((r) => r[name]!.serverCpuUs!),
        },
      ]),
    );
    return {
      county,
      province,
      seconds,
      connections: READ_CONNECTIONS,
      fixedRate: FIXED_RATE,
      evaluateRounds: EVALUATE_ROUNDS,
      overhead,
      evaluate,
      loads,
      readRatios,
      cpuRatios,
      cpuUs,
      ...(before ? { baseline, beforeRatios, afterOverBefore, beforeCpuRatios } : {}),
      machineLoad: { before: loadBefore, after: loadAfter },
      rounds,
    };
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
