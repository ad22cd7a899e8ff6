/**
 * @module bench/run
 * `pnpm bench [--quick] [--size tiny|default|national] [--employers N --facts N --seed N]
 * [--reps 5] [--import-reps 3] [--year 2025] [--memory | --no-memory] [--no-http] [--no-rss]
 * [--http-seconds 5] [--http-baseline <checkout>] [--http-only] [--import-only]`
 * (`--import-only`: phase 1 alone, written to `results-import.json`),
 * `pnpm bench --store postgres [--pg-url URL]` (the PostgreSQL phase of `postgres.ts`, beside SQLite),
 * `pnpm bench --scaling [--scaling-employers 50000,200000,1000000]`, `pnpm bench --rss-only`.
 * Generates the dataset if missing, then, each phase in its own child process:
 *
 * 1. import: our importer vs the minimal better-sqlite3 loader (`loader.ts`, same schema), in
 *    interleaved rounds (which goes first alternates), the ratio paired within a round; the
 *    `sqlite3` shell's plain-table `.import` only as an informational figure where installed;
 * 2. evaluation of every indicator of the bench plan for every region and level (`eval` phase):
 *    the fastest hand SQL, the original hand SQL, `store.aggregate()` and `evaluate()`, each warmed
 *    up once, then `--reps` interleaved rounds (rotated order), medians with min–max and ratios to
 *    the fastest hand SQL paired within each round; the in-memory evaluation in its own process;
 * 3. reports and the REST API (full mode);
 * 4. correctness: numerators, denominators, rounded values and statuses of the ways compared;
 * 5. the importer's memory bound (full mode; `--rss-rows 1000000,5000000`).
 *
 * It ends with a goals table (met / not met beside each figure), also written with every timing
 * and the machine load to `bench/.data/<size>/results.json`. `--quick` uses 50 k employers, one
 * import round and skips phases 3 and 5.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DATA_ROOT,
  EMPLOYER_COLUMNS,
  FACT_COLUMNS,
  GENERATOR_VERSION,
  type GenerateSummary,
  generate,
  parseArgs,
  printRates,
  REGION_COLUMNS,
  resolveSize,
} from './generate.js';
import type { EvalWay, FigureJson } from './phases.js';

const PHASES = fileURLToPath(new URL('./phases.js', import.meta.url)).replace(/\.js$/, '.ts');

interface PhaseReport {
  readonly phase: string;
  readonly maxRssMiB: number;
  readonly seconds?: number[];
  readonly aggregateSeconds?: number[];
  readonly loadSeconds?: number;
  readonly via?: string;
  readonly results?: number;
  readonly files?: Record<string, { rows: number; seconds: number }>;
  readonly rows?: number;
  readonly importSeconds?: number;
  readonly peakRssAnonMiB?: number;
  /** CPU seconds (user + system) of the phase's child process. */
  readonly cpuSeconds?: number;
  /** The machine load when the phase started (set by the runner). */
  readonly load?: string;
}

/** Write a facts CSV of `rows` declarations for the import-memory phase (streamed, not held). */
function writeRssCsv(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'id,kind,region,date,employer,note\n');
    const employers = ['91530102100000000Y', '91530102100023757N'];
    let buffer = '';
    for (let i = 0; i < rows; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      buffer += `m-${i},declaration,530102,2025-03-${day},${employers[i % 2]},第${i}条\n`;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

/** Phase 4: peak RssAnon of importing each size; prints them and whether they are within 10 %. */
function importMemory(args: Record<string, string>, timeout: number): void {
  const sizes = (args['rss-rows'] ?? '1000000,5000000').split(',').map(Number);
  const dir = join(DATA_ROOT, 'import-rss');
  mkdirSync(dir, { recursive: true });
  console.log('\n== Import memory: peak RssAnon per import (memory-mapped pages excluded)');
  const peaks: number[] = [];
  for (const rows of sizes) {
    const csv = join(dir, `facts-${rows}.csv`);
    if (!existsSync(csv)) writeRssCsv(csv, rows);
    const report = runPhase(['import-rss', csv, join(dir, 'rss.db')], timeout);
    if (!report) continue;
    peaks.push(report.peakRssAnonMiB!);
    console.log(
      `  ${String(rows).padStart(9)} rows: peak RssAnon ${report.peakRssAnonMiB} MiB, ${fmt(report.importSeconds!, 1)} s, ${rate(report.rows!, report.importSeconds!)} rows/s`,
    );
  }
  if (peaks.length >= 2) {
    const spread = (Math.max(...peaks) - Math.min(...peaks)) / Math.min(...peaks);
    console.log(
      `  largest vs smallest: +${fmt(spread * 100, 1)} % (goal ≤ 10 %: ${spread <= 0.1 ? 'met' : 'NOT met'})`,
    );
  }
}

/**
 * Run one phase in a child Node process with the same loader (tsx) and conditions. Returns
 * undefined when it does not finish within `timeoutSeconds` (the phase is killed).
 */
function runPhase(
  args: string[],
  timeoutSeconds: number,
  extraNodeArgs: string[] = [],
): PhaseReport | undefined {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, ...extraNodeArgs, PHASES, ...args],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: timeoutSeconds * 1000,
      killSignal: 'SIGKILL',
    },
  );
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    console.log(
      `  phase ${args[0]} did not finish within ${timeoutSeconds} s: killed (raise --phase-timeout)`,
    );
    return undefined;
  }
  if (child.status !== 0) {
    throw new Error(`phase ${args[0]} failed (exit ${child.status ?? child.signal})`);
  }
  const line = child.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as PhaseReport;
}

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

interface ShellImport {
  readonly files: Record<string, { rows: number; seconds: number; maxRssMiB: number | null }>;
}

/** `.import --csv --skip 1` each CSV into a plain table with the same columns (one transaction each). */
function shellImport(
  sqlite3: string,
  dataDir: string,
  db: string,
  rows: Record<string, number>,
): ShellImport {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const columns = { regions: REGION_COLUMNS, employers: EMPLOYER_COLUMNS, facts: FACT_COLUMNS };
  const create = Object.entries(columns)
    .map(([table, cols]) => `CREATE TABLE ${table} (${cols.map((c) => `"${c}" TEXT`).join(', ')});`)
    .join('\n');
  spawnSync(sqlite3, [db], { input: create, encoding: 'utf8' });
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const files: ShellImport['files'] = {};
  for (const table of Object.keys(columns)) {
    const script = `.import --csv --skip 1 ${join(dataDir, `${table}.csv`)} ${table}\n`;
    const t0 = performance.now();
    const run = time
      ? spawnSync(time, ['-f', '%M', sqlite3, db], { input: script, encoding: 'utf8' })
      : spawnSync(sqlite3, [db], { input: script, encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (run.status !== 0) throw new Error(`sqlite3 .import of ${table} failed: ${run.stderr}`);
    const rss = time ? Number(run.stderr.trim().split('\n').pop()) : Number.NaN;
    files[table] = {
      rows: rows[table] ?? 0,
      seconds,
      maxRssMiB: Number.isFinite(rss) ? Math.round(rss / 1024) : null,
    };
  }
  const counted = spawnSync(
    sqlite3,
    [
      db,
      'SELECT (SELECT count(*) FROM regions), (SELECT count(*) FROM employers), (SELECT count(*) FROM facts);',
    ],
    {
      encoding: 'utf8',
    },
  );
  const [r, e, f] = counted.stdout.trim().split('|').map(Number);
  if (r !== rows.regions || e !== rows.employers || f !== rows.facts) {
    throw new Error(
      `sqlite3 .import loaded ${r}/${e}/${f} rows, expected ${rows.regions}/${rows.employers}/${rows.facts}`,
    );
  }
  return { files };
}

/**
 * Compare two figure sets: numerator, denominator (a null one as zero), rounded value and status
 * of every indicator at every region; a region on one side only is a mismatch.
 */
function compareFigures(a: FigureJson, b: FigureJson): { compared: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let compared = 0;
  const z = (x: string | null | undefined) => x ?? '0';
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const ra = a[id] ?? {};
    const rb = b[id] ?? {};
    for (const region of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      compared++;
      const fa = ra[region];
      const fb = rb[region];
      if (!fa || !fb) {
        mismatches.push(`${id} @ ${region}: missing on one side`);
        continue;
      }
      const [na, da, va, sa] = fa;
      const [nb, db, vb, sb] = fb;
      if (z(na) !== z(nb) || z(da) !== z(db) || va !== vb || sa !== sb) {
        mismatches.push(
          `${id} @ ${region}: ${z(na)}/${z(da)} = ${va} (${sa}) vs ${z(nb)}/${z(db)} = ${vb} (${sb})`,
        );
      }
    }
  }
  return { compared, mismatches };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, d = 2) => n.toFixed(d);
const rate = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString('en-US');

interface HttpLoad {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
  readonly serverCpuUs?: number;
  readonly clientCpuUs?: number;
}

/** Print the http phase: throughput and latency per route, and the goals. */
function httpReport(report: PhaseReport | undefined, line: (...cells: string[]) => void): void {
  console.log(
    '\n== HTTP: @occhealth/adapter-http on loopback (autocannon), bare Hono hello as baseline',
  );
  if (!report) {
    line('  http', 'timed out', '-', '-', '');
    return;
  }
  const r = report as unknown as {
    county: string;
    province: string;
    seconds: number;
    connections?: number;
    evaluateRounds: number;
    overhead: Record<
      'county' | 'province',
      {
        inProcessMs: number;
        httpMs: number;
        addedMs: number[];
        ratios: number[];
        excessMs: number[];
      }
    >;
    loads: Record<'hello' | 'region' | 'evaluateCounty' | 'evaluateProvince', HttpLoad> & {
      before?: HttpLoad;
    };
    /** Read route / hello per paired round, sorted. */
    readRatios?: number[];
    /** Server CPU per request, hello ÷ read route, per round, sorted. */
    cpuRatios?: number[];
    fixedRate?: number;
    cpuUs?: Record<string, { server: number; client: number; rate: number }>;
    baseline?: string;
    beforeRatios?: number[];
    afterOverBefore?: number[];
    beforeCpuRatios?: number[];
    machineLoad?: { before: number[]; after: number[] };
  };
  const c = r.connections ?? 10;
  line('route', 'req/s', 'p50 ms', 'p99 ms', 'requests (errors)', 'server µs/req', 'client µs/req');
  const rows: [string, HttpLoad][] = [
    [`  GET /hello (bare Hono, c=${c})`, r.loads.hello],
    [`  GET /regions/${r.county} (c=${c})`, r.loads.region],
    ...(r.loads.before
      ? [[`  same, baseline build (c=${c})`, r.loads.before] as [string, HttpLoad]]
      : []),
    [`  GET /evaluate county ${r.county} (c=1)`, r.loads.evaluateCounty],
    [`  GET /evaluate province ${r.province} (c=1)`, r.loads.evaluateProvince],
  ];
  for (const [label, l] of rows) {
    line(
      label,
      fmt(l.requestsPerSecond, 0),
      fmt(l.p50, 1),
      fmt(l.p99, 1),
      `${l.requests} (${l.errors})`,
      l.serverCpuUs === undefined ? '' : fmt(l.serverCpuUs, 0),
      l.clientCpuUs === undefined ? '' : fmt(l.clientCpuUs, 0),
    );
  }
  const ratios = r.readRatios ?? [
    r.loads.region.requestsPerSecond / r.loads.hello.requestsPerSecond,
  ];
  const mid = (xs: readonly number[]) => xs[Math.floor(xs.length / 2)]!;
  const span = (xs: readonly number[]) =>
    `${fmt(mid(xs))}× median of ${xs.length} paired rounds (${fmt(xs[0]!)}–${fmt(xs.at(-1)!)}×)`;
  const readRatio = mid(ratios);
  if (r.machineLoad) {
    const la = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
    console.log(
      `  machine load (1, 5, 15 min) at the first round ${la(r.machineLoad.before)}, after the last ${la(r.machineLoad.after)}`,
    );
  }
  console.log(
    `  read route vs bare Hono: ${span(ratios)}; goal ≥ 0.50×: ${readRatio >= 0.5 ? 'met' : 'NOT met'}`,
  );
  if (r.cpuRatios && r.cpuUs) {
    const at = (name: string) =>
      `${name} ${fmt(r.cpuUs![name]!.server, 0)} µs (client ${fmt(r.cpuUs![name]!.client, 0)} µs) at ${fmt(r.cpuUs![name]!.rate, 0)} req/s`;
    console.log(
      `  server CPU per request at a fixed ${r.fixedRate} req/s, hello ÷ read route: ${span(r.cpuRatios)}; medians ${at('hello')}, ${at('region')}${r.cpuUs.before ? `, ${at('before')}` : ''}`,
    );
  }
  if (r.beforeRatios && r.afterOverBefore && r.beforeCpuRatios) {
    console.log(
      `  baseline build (${r.baseline}): read route vs bare Hono ${span(r.beforeRatios)}; server CPU hello ÷ read at the fixed rate ${span(r.beforeCpuRatios)}; this build ÷ baseline req/s ${span(r.afterOverBefore)}`,
    );
  }
  for (const level of ['county', 'province'] as const) {
    const o = r.overhead[level];
    const n = o.addedMs.length;
    const excess = mid(o.excessMs);
    console.log(
      `  /evaluate ${level}, ${n} paired rounds at c=1: in process ${fmt(o.inProcessMs, 1)} ms, over HTTP ${fmt(o.httpMs, 1)} ms (medians); HTTP ÷ in process ${span(o.ratios)}, added ${fmt(mid(o.addedMs), 1)} ms (${fmt(o.addedMs[0]!, 1)}–${fmt(o.addedMs.at(-1)!, 1)}); goal ≤ +max(10 %, 5 ms) = +${fmt(Math.max(o.inProcessMs * 0.1, 5), 1)} ms: ${excess <= 0 ? 'met' : 'NOT met'}`,
    );
  }
}

/** One line of the goals table. */
interface Goal {
  readonly goal: string;
  readonly figure: string;
  readonly met: boolean | null;
}

/** The machine a run was measured on. */
function machine(): Record<string, unknown> {
  return {
    cpus: availableParallelism(),
    model: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** The machine load beside a measurement (1, 5 and 15 minute load averages, cores). */
function load(): string {
  return `load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`;
}

const minMax = (xs: readonly number[]) =>
  `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;

interface EvalReport extends PhaseReport {
  readonly warmup: Record<EvalWay, number>;
  readonly rounds: Record<EvalWay, number>[];
}

/** Generate the dataset of `size` unless its files are there with the same options. */
function dataset(size: ReturnType<typeof resolveSize>): GenerateSummary {
  const metaPath = join(size.outDir, 'meta.json');
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GenerateSummary;
    const same =
      meta.options.employers === size.employers &&
      meta.options.facts === size.facts &&
      meta.options.seed === size.seed &&
      meta.options.version === GENERATOR_VERSION;
    if (same && existsSync(join(size.outDir, 'facts.csv'))) return meta;
  }
  console.log(
    `Generating ${size.label}: ${size.employers} employers, ~${size.facts} facts, seed ${size.seed} …`,
  );
  const t0 = performance.now();
  const summary = generate({ ...size, verbose: true });
  console.log(`  generated in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  return summary;
}

/**
 * Import: `importReps` rounds, each importing the dataset with our importer and with the minimal
 * better-sqlite3 loader (`loader.ts`), alternating which goes first; every import in a fresh child
 * process into a fresh file (the same cold start for both). The ratio is paired within a round.
 */
function importPhase(
  dataDir: string,
  db: string,
  importReps: number,
  timeout: number,
  line: (...cells: string[]) => void,
): { ours: PhaseReport[]; loader: PhaseReport[]; ratios: number[]; rowsPerSecond: number[] } {
  const ours: PhaseReport[] = [];
  const loader: PhaseReport[] = [];
  const loaderDb = join(dataDir, 'loader.db');
  console.log(
    `\n== Import: ours vs the minimal better-sqlite3 loader, ${importReps} interleaved round(s) (${load()})`,
  );
  for (let r = 0; r < importReps; r++) {
    const pair = (which: 'ours' | 'loader') => {
      const before = load();
      const report =
        which === 'ours'
          ? runPhase(['import', dataDir, db], timeout)
          : runPhase(['loader', dataDir, loaderDb], timeout);
      if (!report) throw new Error(`the ${which} import did not finish`);
      (which === 'ours' ? ours : loader).push({ ...report, load: before });
    };
    if (r % 2 === 0) {
      pair('ours');
      pair('loader');
    } else {
      pair('loader');
      pair('ours');
    }
  }
  const total = (p: PhaseReport) =>
    ['regions', 'employers', 'facts'].reduce(
      (acc, k) => ({
        rows: acc.rows + p.files![k]!.rows,
        seconds: acc.seconds + p.files![k]!.seconds,
      }),
      { rows: 0, seconds: 0 },
    );
  const ratios = ours.map((o, i) => total(loader[i]!).seconds / total(o).seconds);
  const rowsPerSecond = ours.map((o) => total(o).rows / total(o).seconds);
  line('file', 'rows', 'ours rows/s', 'loader rows/s', 'ours/loader');
  for (const kind of ['regions', 'employers', 'facts']) {
    const o = ours.map((p) => p.files![kind]!);
    const l = loader.map((p) => p.files![kind]!);
    line(
      `  ${kind}`,
      String(o[0]!.rows),
      rate(o[0]!.rows, median(o.map((x) => x.seconds))),
      rate(l[0]!.rows, median(l.map((x) => x.seconds))),
      `${fmt(median(o.map((x, i) => l[i]!.seconds / x.seconds)))}×`,
    );
  }
  const rows = total(ours[0]!).rows;
  line(
    '  total',
    String(rows),
    Math.round(median(rowsPerSecond)).toLocaleString('en-US'),
    rate(rows, median(loader.map((p) => total(p).seconds))),
    `${fmt(median(ratios))}×`,
  );
  line(
    '  time (s)',
    '',
    minMax(ours.map((p) => total(p).seconds)),
    minMax(loader.map((p) => total(p).seconds)),
    `${ratios.map((x) => fmt(x)).join(' ')}`,
  );
  line(
    '  CPU (s)',
    '',
    minMax(ours.map((p) => p.cpuSeconds ?? Number.NaN)),
    minMax(loader.map((p) => p.cpuSeconds ?? Number.NaN)),
    `${fmt(median(ours.map((o, i) => (loader[i]!.cpuSeconds ?? Number.NaN) / (o.cpuSeconds ?? Number.NaN))))}× CPU`,
  );
  for (let r = 0; r < ours.length; r++)
    console.log(
      `  round ${r + 1}: ours ${fmt(total(ours[r]!).seconds, 1)} s (${ours[r]!.cpuSeconds} s CPU, ${ours[r]!.load}), loader ${fmt(total(loader[r]!).seconds, 1)} s (${loader[r]!.cpuSeconds} s CPU, ${loader[r]!.load})`,
    );
  line(
    '  peak RSS (MiB)',
    '',
    String(Math.max(...ours.map((p) => p.maxRssMiB))),
    String(Math.max(...loader.map((p) => p.maxRssMiB))),
    '',
  );
  return { ours, loader, ratios, rowsPerSecond };
}

/** Evaluation: the interleaved phase (`eval` in `phases.ts`); medians, min–max, paired ratios. */
function evalTable(
  report: EvalReport,
  reps: number,
  line: (...cells: string[]) => void,
): Record<string, number[]> {
  console.log(
    `\n== Evaluation: plan bench-national, ${report.results} results (every indicator × every region and level), ${reps} interleaved rounds after one warm-up of every way (${load()})`,
  );
  const labels: Record<EvalWay, string> = {
    handFast: '  hand SQL, fastest (baseline)',
    handCurrent: '  hand SQL, original form',
    aggregate: '  store.aggregate() alone',
    evaluate: '  evaluate() via pushdown',
  };
  line('way', 'median (min–max)', '÷ fastest hand', 'warm-up (s)', 'runs (s)');
  const ratios: Record<string, number[]> = {};
  for (const way of Object.keys(labels) as EvalWay[]) {
    const xs = report.rounds.map((r) => r[way]);
    const paired = report.rounds.map((r) => r[way] / r.handFast);
    ratios[way] = paired;
    line(
      labels[way],
      minMax(xs),
      `${fmt(median(paired))}×`,
      fmt(report.warmup[way]),
      xs.map((x) => fmt(x)).join(' '),
    );
  }
  console.log(`  peak RSS of the phase: ${report.maxRssMiB} MiB; via: ${report.via}`);
  return ratios;
}

/** One size of the scaling run, as printed and written to `scaling/results.json`. */
interface ScalingRow {
  readonly employers: number;
  readonly facts: number;
  /** Rows imported: regions + employers + facts. */
  readonly rows: number;
  readonly importSeconds: number | null;
  readonly importRowsPerSecond: number | null;
  readonly importRssMiB: number | null;
  /** Medians of the rounds (each way warmed up once first, as in the `eval` phase). */
  readonly evaluateSeconds: number | null;
  readonly handSeconds: number | null;
  readonly evalRssMiB: number | null;
  /** Pushdown = fastest hand SQL on numerators, denominators, rounded values and statuses. */
  readonly equal: { compared: number; differ: number } | null;
  readonly started: string;
  readonly finished: string;
  readonly load: string;
}

/**
 * Growth from one size to the next: the time (or RSS) factor against the size factor, and the
 * exponent k of time ∝ size^k (1 = linear). Verdict "linear" up to k ≤ 1.15 (the machine's noise
 * between runs is larger than that margin), "worse than linear" above.
 */
function growth(
  from: number,
  to: number,
  a: number | null,
  b: number | null,
): { factor: number; exponent: number; verdict: string } | null {
  if (a === null || b === null || !(a > 0) || !(b > 0)) return null;
  const factor = b / a;
  const exponent = Math.log(factor) / Math.log(to / from);
  const verdict =
    exponent <= 1.15 ? (exponent < 0.85 ? 'sublinear' : 'linear') : 'worse than linear';
  return { factor, exponent, verdict };
}

/**
 * `--scaling`: 50 k, 200 k and 1 M employers in one command — import time, rows/s and peak RSS,
 * evaluation time (`evaluate()` and the fastest hand SQL, medians of `--reps` rounds) and peak
 * RSS for each size, pushdown = hand SQL checked on every figure, then the growth of each figure
 * per step beside the size factor with a linear / worse-than-linear verdict. Each size is written
 * to `bench/.data/scaling/results.json` as soon as it is done.
 */
function scaling(args: Record<string, string>, timeout: number): void {
  const sizes = (args['scaling-employers'] ?? '50000,200000,1000000').split(',').map(Number);
  const reps = Number(args.reps ?? 3);
  const year = args.year ?? '2025';
  const rows: ScalingRow[] = [];
  const started = new Date().toISOString();
  const resultsPath = join(DATA_ROOT, 'scaling', 'results.json');
  mkdirSync(join(DATA_ROOT, 'scaling'), { recursive: true });
  const save = (extra: Record<string, unknown> = {}) =>
    writeFileSync(
      resultsPath,
      `${JSON.stringify({ started, reps, year, machine: machine(), sizes: rows, ...extra }, null, 2)}\n`,
    );
  console.log(`== Scaling: ${sizes.join(', ')} employers (5 facts each), ${reps} rounds each`);
  const line = (...cells: string[]) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(10) : c.padStart(14))).join(''));
  const header = () =>
    line(
      'employers',
      'rows',
      'import s',
      'import rows/s',
      'import RSS',
      'evaluate() s',
      'hand SQL s',
      'eval RSS',
      'equal',
    );
  const num = (n: number | null, d: number) => (n === null ? '-' : fmt(n, d));
  for (const employers of sizes) {
    const t0 = new Date().toISOString();
    const size = resolveSize({ employers: String(employers), facts: String(employers * 5) });
    const { counts } = dataset(size);
    const db = join(size.outDir, 'occhealth.db');
    for (const name of ['hand', 'hand-current', 'pushdown'])
      rmSync(join(size.outDir, `figures-${name}.json`), { force: true });
    const imported = runPhase(['import', size.outDir, db], timeout);
    const ev = imported
      ? (runPhase(['eval', db, year, String(reps), size.outDir], timeout) as EvalReport | undefined)
      : undefined;
    const files = imported ? Object.values(imported.files!) : [];
    const importS = imported ? files.reduce((a, f) => a + f.seconds, 0) : null;
    const total = counts.regions + counts.employers + counts.facts;
    let equal: ScalingRow['equal'] = null;
    if (ev) {
      const read = (name: string) =>
        JSON.parse(readFileSync(join(size.outDir, `figures-${name}.json`), 'utf8')) as FigureJson;
      const c = compareFigures(read('pushdown'), read('hand'));
      equal = { compared: c.compared, differ: c.mismatches.length };
      for (const m of c.mismatches.slice(0, 10)) console.log(`    ${m}`);
    }
    const row: ScalingRow = {
      employers,
      facts: counts.facts,
      rows: total,
      importSeconds: importS,
      importRowsPerSecond: importS === null ? null : Math.round(total / importS),
      importRssMiB: imported?.maxRssMiB ?? null,
      evaluateSeconds: ev ? median(ev.rounds.map((r) => r.evaluate)) : null,
      handSeconds: ev ? median(ev.rounds.map((r) => r.handFast)) : null,
      evalRssMiB: ev?.maxRssMiB ?? null,
      equal,
      started: t0,
      finished: new Date().toISOString(),
      load: load(),
    };
    rows.push(row);
    save();
    header();
    line(
      String(employers),
      String(total),
      num(row.importSeconds, 1),
      row.importRowsPerSecond === null ? '-' : row.importRowsPerSecond.toLocaleString('en-US'),
      row.importRssMiB === null ? '-' : `${row.importRssMiB} MiB`,
      num(row.evaluateSeconds, 2),
      num(row.handSeconds, 2),
      row.evalRssMiB === null ? '-' : `${row.evalRssMiB} MiB`,
      equal === null
        ? '-'
        : equal.differ === 0
          ? `yes (${equal.compared})`
          : `NO (${equal.differ})`,
    );
    console.log(`  (${row.load}, ${row.started} → ${row.finished})`);
  }
  const steps = scalingSteps(rows);
  save({ finished: new Date().toISOString(), steps });
  console.log(`\n== Scaling: growth per step (time ∝ size^k; k = 1 is linear; ${load()})`);
  for (const s of steps) {
    console.log(`  ${s.from} → ${s.to} employers: size ×${fmt(s.sizeFactor, 2)}`);
    for (const [name, g] of Object.entries(s.figures))
      console.log(
        `    ${name.padEnd(18)} ${g === null ? '-' : `×${fmt(g.factor, 2)}  k = ${fmt(g.exponent, 2)}  ${g.verdict}`}`,
      );
  }
  console.log(
    '  (the machine is shared: absolute times, and so the factors, move with the load printed above)',
  );
  console.log(`  written to ${resultsPath}`);
}

/** The growth of every figure from each size to the next (see {@link growth}). */
function scalingSteps(rows: readonly ScalingRow[]) {
  const steps = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const g = (x: number | null, y: number | null) => growth(a.rows, b.rows, x, y);
    steps.push({
      from: a.employers,
      to: b.employers,
      sizeFactor: b.rows / a.rows,
      figures: {
        'import time': g(a.importSeconds, b.importSeconds),
        'import RSS': g(a.importRssMiB, b.importRssMiB),
        'evaluate() time': g(a.evaluateSeconds, b.evaluateSeconds),
        'hand SQL time': g(a.handSeconds, b.handSeconds),
        'eval RSS': g(a.evalRssMiB, b.evalRssMiB),
      },
    });
  }
  return steps;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const timeout = Number(args['phase-timeout'] ?? 1800);
  if (args['rss-only'] === 'true') {
    importMemory(args, timeout);
    return;
  }
  if (args.scaling === 'true') {
    scaling(args, timeout);
    return;
  }
  // Quick mode: a 50 k-employer dataset, one import round, no reports / HTTP / import-memory
  // phases (each can be asked for); full mode: the default size and every phase.
  const quick = args.quick === 'true';
  if (quick && !args.size && !args.employers) {
    args.employers = '50000';
    args.facts = '250000';
  }
  const size = resolveSize(args);
  const year = args.year ?? '2025';
  const reps = Math.max(Number(args.reps ?? 5), 1);
  const importReps = Math.max(Number(args['import-reps'] ?? (quick ? 1 : 3)), 1);
  const summary = dataset(size);
  const { counts } = summary;
  console.log(
    `\nDataset ${size.label} (${size.outDir}): ${counts.regions} regions (${counts.counties} counties), ${counts.employers} employers, ${counts.facts} facts, seed ${size.seed}; ${quick ? 'quick' : 'full'} mode`,
  );
  printRates(summary);
  if (args.store === 'postgres') {
    const url = args['pg-url'] ?? process.env.OCCHEALTH_PG_URL;
    if (!url) throw new Error('--store postgres needs --pg-url or OCCHEALTH_PG_URL');
    const { postgresBench } = await import('./postgres.js');
    if (!(await postgresBench({ dataDir: size.outDir, url, reps, year, rows: counts })))
      process.exitCode = 1;
    return;
  }
  const line = (...cells: string[]) =>
    // A cell wider than its column still gets a space before it (the list of runs).
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(32) : ` ${c}`.padStart(20))).join(''));
  const db = join(size.outDir, 'occhealth.db');
  const http = () =>
    httpReport(
      runPhase(
        [
          'http',
          db,
          year,
          args['http-seconds'] ?? '5',
          ...(args['http-baseline'] ? [args['http-baseline']] : []),
        ],
        timeout,
      ),
      line,
    );
  if (args['http-only'] === 'true') {
    // Only the HTTP phase, over the store file of an earlier run (imported here when missing).
    if (!existsSync(db) && !runPhase(['import', size.outDir, db], timeout)) {
      throw new Error('the import did not finish');
    }
    http();
    return;
  }
  const goals: Goal[] = [];
  const started = new Date().toISOString();

  // 1. Import (ours vs the minimal loader; the sqlite3 shell's plain .import where installed).
  const imp = importPhase(size.outDir, db, importReps, timeout, line);
  const importRatio = median(imp.ratios);
  const importRate = median(imp.rowsPerSecond);
  goals.push({
    goal: 'import ≥ 0.80× the minimal better-sqlite3 loader',
    figure: `${fmt(importRatio)}× (${imp.ratios.map((x) => fmt(x)).join(' ')})`,
    met: importRatio >= 0.8,
  });
  goals.push({
    goal: 'import ≥ 100,000 rows/s',
    figure: `${Math.round(importRate).toLocaleString('en-US')} rows/s`,
    met: importRate >= 100_000,
  });
  if (args['import-only'] === 'true') {
    // Only phase 1 (`--import-only`): its goals, and the results file with the import alone.
    console.log(`\n== Goals (${size.label}, import only, ${load()})`);
    for (const g of goals)
      console.log(`  ${(g.met ? ' met ' : ' NOT ').padEnd(6)} ${g.goal.padEnd(58)} ${g.figure}`);
    const file = join(size.outDir, 'results-import.json');
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          started,
          finished: new Date().toISOString(),
          machine: { cpus: availableParallelism(), load: loadavg(), node: process.version },
          mode: 'import-only',
          dataset: counts,
          importReps,
          goals,
          import: imp,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`  written to ${file}`);
    return;
  }
  const sqlite3 = which('sqlite3');
  let shell: ShellImport | undefined;
  if (sqlite3) {
    shell = shellImport(sqlite3, size.outDir, join(size.outDir, 'shell.db'), {
      regions: counts.regions,
      employers: counts.employers,
      facts: counts.facts,
    });
    const shellS = Object.values(shell.files).reduce((a, f) => a + f.seconds, 0);
    console.log(
      `  (informational) ${sqlite3} .import --csv into plain TEXT tables without keys, indexes or the JSON record: ${fmt(shellS, 1)} s — not the same work`,
    );
  } else {
    console.log('  (the sqlite3 shell is not installed: its informational .import is skipped)');
  }

  // 2. Evaluation: interleaved in one process; the in-memory way in its own (its heap).
  for (const name of ['hand', 'hand-current', 'pushdown', 'memory'])
    rmSync(join(size.outDir, `figures-${name}.json`), { force: true });
  const ev = runPhase(['eval', db, year, String(reps), size.outDir], timeout) as
    | EvalReport
    | undefined;
  let ratios: Record<string, number[]> | undefined;
  if (ev) {
    ratios = evalTable(ev, reps, line);
    const r = median(ratios.evaluate!);
    goals.push({
      goal: 'evaluate() ≤ 0.80× the fastest hand SQL (paired median)',
      figure: `${fmt(r)}× (${ratios.evaluate!.map((x) => fmt(x)).join(' ')})`,
      met: r <= 0.8,
    });
    goals.push({
      goal: '(informational) store.aggregate() ÷ fastest hand SQL',
      figure: `${fmt(median(ratios.aggregate!))}×`,
      met: null,
    });
    goals.push({
      goal: '(reported, not gated) evaluate() seconds',
      figure: minMax(ev.rounds.map((x) => x.evaluate)),
      met: null,
    });
  } else goals.push({ goal: 'evaluation', figure: 'timed out', met: false });
  const memoryWanted =
    args.memory === 'true' || (args['no-memory'] !== 'true' && counts.facts <= 2_000_000);
  let memory: PhaseReport | undefined;
  const out = (name: string) => join(size.outDir, `figures-${name}.json`);
  if (memoryWanted) {
    memory = runPhase(['memory', size.outDir, year, String(reps), out('memory')], timeout, [
      '--max-old-space-size=16384',
    ]);
    if (memory)
      line(
        '  evaluate() in memory',
        minMax(memory.seconds!),
        '',
        '',
        `load ${fmt(memory.loadSeconds!, 1)} s, ${memory.maxRssMiB} MiB`,
      );
  } else {
    console.log(
      `In-memory evaluation skipped: ${counts.facts} facts would need several GB of JS heap in a MemoryStore (force with --memory).`,
    );
  }

  // 3. Reports and 3b. HTTP (full mode, or asked for).
  let reports: PhaseReport | undefined;
  if (!quick || args.reports === 'true') {
    console.log('\n== Reports: the evaluation table rendered (one row per result)');
    reports = runPhase(['reports', db, year, size.outDir], timeout);
    if (reports) {
      const r = reports as unknown as {
        rows: number;
        seconds: Record<string, number>;
        bytes: Record<string, number>;
      };
      line('format', 'seconds', 'MiB', 'rows', '');
      for (const f of ['xlsx', 'csv', 'html'])
        line(`  ${f}`, fmt(r.seconds[f]!), fmt(r.bytes[f]! / 2 ** 20, 1), String(r.rows), '');
      line('  peak RSS (MiB)', String(reports.maxRssMiB), '', '', 'evaluation + all three renders');
    } else line('  reports', 'timed out', '-', '-', '');
  }
  if ((!quick || args.http === 'true') && args['no-http'] !== 'true') http();

  // 4. Correctness: numerators, denominators, rounded values and statuses.
  console.log(
    '\n== Correctness: numerator, denominator, rounded value and status, every indicator × region',
  );
  const figures = (name: string) =>
    existsSync(out(name)) ? (JSON.parse(readFileSync(out(name), 'utf8')) as FigureJson) : undefined;
  const [fh, fc, fp, fm] = ['hand', 'hand-current', 'pushdown', 'memory'].map(figures);
  let mismatched = false;
  const verdict = (a: string, b: string, x: FigureJson | undefined, y: FigureJson | undefined) => {
    if (!x || !y) {
      console.log(`  ${a} = ${b}: not checked (a phase did not finish)`);
      goals.push({ goal: `${a} = ${b}`, figure: 'not checked', met: false });
      return;
    }
    const c = compareFigures(x, y);
    if (c.mismatches.length > 0) mismatched = true;
    console.log(
      `  ${a} = ${b}: ${c.mismatches.length === 0 ? 'yes' : 'NO'} (${c.compared} compared, ${c.mismatches.length} differ)`,
    );
    for (const m of c.mismatches.slice(0, 10)) console.log(`    ${m}`);
    goals.push({
      goal: `${a} = ${b}, every digit`,
      figure: `${c.compared} compared, ${c.mismatches.length} differ`,
      met: c.mismatches.length === 0,
    });
  };
  verdict('pushdown', 'fastest hand SQL', fp, fh);
  verdict('fastest hand SQL', 'original hand SQL', fh, fc);
  if (memoryWanted) verdict('pushdown', 'in-memory', fp, fm);

  // 5. Import memory (full mode, or asked for).
  if ((!quick || args['rss-rows']) && args['no-rss'] !== 'true') importMemory(args, timeout);

  console.log(`\n== Goals (${size.label}, ${quick ? 'quick' : 'full'} mode, ${load()})`);
  for (const g of goals)
    console.log(
      `  ${(g.met === null ? '  —  ' : g.met ? ' met ' : ' NOT ').padEnd(6)} ${g.goal.padEnd(58)} ${g.figure}`,
    );
  writeFileSync(
    join(size.outDir, 'results.json'),
    `${JSON.stringify(
      {
        started,
        finished: new Date().toISOString(),
        machine: { cpus: availableParallelism(), load: loadavg(), node: process.version },
        mode: quick ? 'quick' : 'full',
        dataset: counts,
        year,
        reps,
        importReps,
        goals,
        import: imp,
        shell,
        evaluation: ev,
        ratios,
        memory,
        reports,
        mismatched,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`  written to ${join(size.outDir, 'results.json')}`);
  if (mismatched) process.exitCode = 1;
}

await main();
