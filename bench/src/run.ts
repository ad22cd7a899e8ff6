/**
 * @module bench/run
 * `pnpm bench [--size tiny|default|national] [--employers N --facts N --seed N] [--reps 3]
 * [--year 2025] [--memory | --no-memory] [--store postgres [--pg-url URL]]` (`--store postgres`: the
 * PostgreSQL phase of `postgres.ts` instead, beside SQLite): generates the dataset if missing, then measures in one
 * run, each phase in its own child process:
 *
 * 1. import throughput (rows/s) of our importer into a fresh SQLite file vs the `sqlite3` shell's
 *    `.import --csv --skip 1` of the same CSVs into plain tables with the same columns;
 * 2. evaluation of every indicator of the bench plan for every region and level for one year: the
 *    SQLite pushdown (`evaluate()` over the store's `aggregate()`), a hand-written SQL `GROUP BY`
 *    over the same file, and the core's in-memory evaluation (MemoryStore) — and checks that all
 *    three give the same numerators and denominators everywhere;
 * 3. the peak RSS of each phase;
 * 3b. the REST API on loopback (`--http-seconds 5` per load, `--no-http` to skip; see `http.ts`);
 * 4. the importer's memory bound: 1 M and 5 M generated fact rows (`--rss-rows 1000000,5000000`)
 *    imported in a child process each, printing the peak RssAnon of each (goal: within 10 %).
 *    `--rss-only` runs this phase alone.
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
import type { FigureJson } from './phases.js';

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

/** Compare two figure sets; a missing region or a null figure counts as zero. */
function compareFigures(a: FigureJson, b: FigureJson): { compared: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let compared = 0;
  const z = (x: string | null | undefined) => x ?? '0';
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const ra = a[id] ?? {};
    const rb = b[id] ?? {};
    for (const region of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      compared++;
      const [na, da] = ra[region] ?? [null, null];
      const [nb, db] = rb[region] ?? [null, null];
      if (z(na) !== z(nb) || z(da) !== z(db)) {
        mismatches.push(`${id} @ ${region}: ${z(na)}/${z(da)} vs ${z(nb)}/${z(db)}`);
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
    inProcessMs: Record<'county' | 'province', number>;
    loads: Record<'hello' | 'region' | 'evaluateCounty' | 'evaluateProvince', HttpLoad>;
  };
  line('route', 'req/s', 'p50 ms', 'p99 ms', 'requests (errors)');
  const rows: [string, HttpLoad][] = [
    ['  GET /hello (bare Hono, c=10)', r.loads.hello],
    [`  GET /regions/${r.county} (c=10)`, r.loads.region],
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
    );
  }
  const readRatio = r.loads.region.requestsPerSecond / r.loads.hello.requestsPerSecond;
  console.log(
    `  read route vs bare Hono: ${fmt(readRatio)}× (goal ≥ 0.50×: ${readRatio >= 0.5 ? 'met' : 'NOT met'})`,
  );
  for (const level of ['county', 'province'] as const) {
    const inProc = r.inProcessMs[level];
    const http = (level === 'county' ? r.loads.evaluateCounty : r.loads.evaluateProvince).p50;
    const allowed = Math.max(inProc * 0.1, 5);
    console.log(
      `  /evaluate ${level}: in process ${fmt(inProc, 1)} ms, over HTTP p50 ${fmt(http, 1)} ms = ${fmt(http / inProc)}× (+${fmt(http - inProc, 1)} ms; goal ≤ +max(10 %, 5 ms) = +${fmt(allowed, 1)} ms: ${http - inProc <= allowed ? 'met' : 'NOT met'})`,
    );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args['rss-only'] === 'true') {
    importMemory(args, Number(args['phase-timeout'] ?? 900));
    return;
  }
  const size = resolveSize(args);
  const year = args.year ?? '2025';
  const reps = Number(args.reps ?? 3);
  const metaPath = join(size.outDir, 'meta.json');
  let summary: GenerateSummary | undefined;
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GenerateSummary;
    const same =
      meta.options.employers === size.employers &&
      meta.options.facts === size.facts &&
      meta.options.seed === size.seed &&
      meta.options.version === GENERATOR_VERSION;
    if (same && existsSync(join(size.outDir, 'facts.csv'))) summary = meta;
  }
  if (!summary) {
    console.log(
      `Generating ${size.label}: ${size.employers} employers, ~${size.facts} facts, seed ${size.seed} …`,
    );
    const t0 = performance.now();
    summary = generate({ ...size, verbose: true });
    console.log(`  generated in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  }
  const { counts } = summary;
  console.log(
    `\nDataset ${size.label} (${size.outDir}): ${counts.regions} regions (${counts.counties} counties), ${counts.employers} employers, ${counts.facts} facts, seed ${size.seed}`,
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

  // 1. Import.
  const timeout = Number(args['phase-timeout'] ?? 900);
  const db = join(size.outDir, 'occhealth.db');
  console.log('\nImporting with @occhealth/import importFile() …');
  const ours = runPhase(['import', size.outDir, db], timeout);
  if (!ours) throw new Error('the import did not finish: nothing to evaluate');
  const rows = { regions: counts.regions, employers: counts.employers, facts: counts.facts };
  const sqlite3 = which('sqlite3');
  let shell: ShellImport | undefined;
  if (sqlite3) {
    console.log(`Importing with ${sqlite3} .import --csv --skip 1 …`);
    shell = shellImport(sqlite3, size.outDir, join(size.outDir, 'shell.db'), rows);
  } else {
    console.log(
      'sqlite3 shell not found (apt-get install -y sqlite3): the .import baseline is skipped.',
    );
  }
  const line = (...cells: string[]) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(16))).join(''));
  console.log(
    `\n== Import: rows/s (one transaction per file)${shell ? '' : ' — sqlite3 baseline skipped'}`,
  );
  line('file', 'rows', 'ours rows/s', 'sqlite3 rows/s', 'ours/sqlite3');
  let oursRows = 0;
  let oursSec = 0;
  let shellSec = 0;
  for (const kind of ['regions', 'employers', 'facts']) {
    const o = ours.files![kind]!;
    const s = shell?.files[kind];
    oursRows += o.rows;
    oursSec += o.seconds;
    shellSec += s?.seconds ?? 0;
    line(
      `  ${kind}`,
      String(o.rows),
      rate(o.rows, o.seconds),
      s ? rate(s.rows, s.seconds) : '-',
      s ? `${fmt(s.seconds / o.seconds)}×` : '-',
    );
  }
  line(
    '  total',
    String(oursRows),
    rate(oursRows, oursSec),
    shell ? rate(oursRows, shellSec) : '-',
    shell ? `${fmt(shellSec / oursSec)}×` : '-',
  );
  line('  time (s)', '', fmt(oursSec, 1), shell ? fmt(shellSec, 1) : '-', 'goal ≥ 0.50×');
  const shellRss = shell
    ? Math.max(...Object.values(shell.files).map((f) => f.maxRssMiB ?? 0))
    : undefined;
  line('  peak RSS (MiB)', '', String(ours.maxRssMiB), shellRss ? String(shellRss) : '-', '');

  // 2. Evaluation.
  const out = (name: string) => join(size.outDir, `figures-${name}.json`);
  for (const name of ['hand', 'pushdown', 'memory']) rmSync(out(name), { force: true });
  console.log(`\nEvaluating (${reps} repetitions each, phase timeout ${timeout} s) …`);
  const hand = runPhase(['hand', db, year, String(reps), out('hand')], timeout);
  const pushdown = runPhase(['pushdown', db, year, String(reps), out('pushdown')], timeout);
  const memoryWanted =
    args.memory === 'true' || (args['no-memory'] !== 'true' && counts.facts <= 2_000_000);
  let memory: PhaseReport | undefined;
  if (memoryWanted) {
    memory = runPhase(['memory', size.outDir, year, String(reps), out('memory')], timeout, [
      '--max-old-space-size=16384',
    ]);
  } else {
    console.log(
      `In-memory evaluation skipped: ${counts.facts} facts would need several GB of JS heap in a MemoryStore (force with --memory).`,
    );
  }
  const handS = hand ? median(hand.seconds!) : Number.NaN;
  const results = pushdown?.results ?? memory?.results;
  console.log(
    `\n== Evaluation: plan bench-national, ${results ?? '?'} results (every indicator × every region and level), year ${year}, median of ${reps}`,
  );
  line('way', 'seconds', 'vs hand SQL', 'peak RSS (MiB)', 'runs (s)');
  const row = (
    label: string,
    report: PhaseReport | undefined,
    seconds: number[] | undefined,
    rss = true,
  ) => {
    if (!report || !seconds) return line(label, 'timed out', '-', '-', '');
    const m = median(seconds);
    line(
      label,
      fmt(m),
      `${fmt(m / handS)}×`,
      rss ? String(report.maxRssMiB) : '',
      seconds.map((x) => fmt(x)).join(' '),
    );
  };
  row('  hand-written SQL GROUP BY', hand, hand?.seconds);
  row('  evaluate() via pushdown', pushdown, pushdown?.seconds);
  row('    of which store.aggregate()', pushdown, pushdown?.aggregateSeconds, false);
  if (memoryWanted) {
    row('  evaluate() in memory', memory, memory?.seconds);
    if (memory) line('    (MemoryStore load, s)', fmt(memory.loadSeconds!, 1), '', '', '');
  }
  if (pushdown) {
    const pushS = median(pushdown.seconds!);
    console.log(
      `  goals: pushdown ≤ 1.5× hand SQL (${pushS <= 1.5 * handS ? 'met' : 'NOT met'}), < 3 s (${pushS < 3 ? 'met' : 'NOT met'})`,
    );
    console.log(`  via: ${pushdown.via} (pushdown)${memory ? `, ${memory.via} (in-memory)` : ''}`);
  }

  // 3. Reports: the national evaluation rendered by @occhealth/reports.
  console.log('\n== Reports: the evaluation table rendered (one row per result)');
  const reports = runPhase(['reports', db, year, size.outDir], timeout);
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

  // 3b. HTTP: the REST API on loopback vs bare Hono and vs evaluate() in process.
  if (args['no-http'] !== 'true')
    httpReport(runPhase(['http', db, year, args['http-seconds'] ?? '5'], timeout), line);

  // 4. Correctness.
  console.log('\n== Correctness: numerators and denominators, every indicator × region');
  const figures = (name: string) =>
    existsSync(out(name)) ? (JSON.parse(readFileSync(out(name), 'utf8')) as FigureJson) : undefined;
  const [fh, fp, fm] = [figures('hand'), figures('pushdown'), figures('memory')];
  let mismatched = false;
  const verdict = (a: string, b: string, x: FigureJson | undefined, y: FigureJson | undefined) => {
    if (!x || !y) return console.log(`  ${a} = ${b}: not checked (a phase did not finish)`);
    const c = compareFigures(x, y);
    if (c.mismatches.length > 0) mismatched = true;
    console.log(
      `  ${a} = ${b}: ${c.mismatches.length === 0 ? 'yes' : 'NO'} (${c.compared} compared, ${c.mismatches.length} differ)`,
    );
    for (const m of c.mismatches.slice(0, 10)) console.log(`    ${m}`);
  };
  verdict('pushdown', 'hand SQL', fp, fh);
  if (memoryWanted) verdict(fp ? 'pushdown' : 'hand SQL', 'in-memory', fp ?? fh, fm);

  // 4. Import memory.
  importMemory(args, timeout);

  writeFileSync(
    join(size.outDir, 'results.json'),
    `${JSON.stringify({ dataset: counts, year, reps, ours, shell, hand, pushdown, memory, reports, mismatched }, null, 2)}\n`,
  );
  if (mismatched) process.exitCode = 1;
}

await main();
