/**
 * @module bench/phases
 * One measured phase per child process, so each phase's peak memory (`maxRSS`) is its own:
 * `import <dataDir> <db>`, `pushdown <db> <year> <reps> <out>`, `hand <db> <year> <reps> <out>`,
 * `memory <dataDir> <year> <reps> <out>`, `import-rss <csv> <db>`, `http <db> <year> <seconds> [baseline]` (see
 * `http.ts`; it starts `http-serve <db> <year>`), `reports <db> <year> <outDir>` (the national
 * evaluation rendered to XLSX, written streaming, CSV and HTML). Prints one JSON line with the timings and the peak RSS;
 * evaluation phases also write their figures (per indicator, per region: numerator and
 * denominator) to `<out>` so the runner can check that all ways agree.
 */
import { createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore, SQLITE_PRAGMAS } from '@occhealth/adapter-sqlite';
import {
  aggregateRequestFor,
  Decimal,
  type Evaluation,
  evaluate,
  indicatorDecimals,
  indicatorFactor,
  MemoryStore,
  type Store,
} from '@occhealth/core';
import { importFile } from '@occhealth/import';
import {
  evaluationTable,
  progressChart,
  renderCsv,
  renderHtml,
  writeXlsx,
} from '@occhealth/reports';
import Database from 'better-sqlite3';
import { type Figures, type HandVariant, handFigures } from './hand-sql.js';
import { httpPhase, httpServe } from './http.js';
import { minimalLoad } from './loader.js';
import { benchPlan } from './plan.js';

/** Serialised figures: indicator → region → [numerator, denominator, rounded value, status]. */
export type FigureJson = Record<
  string,
  Record<string, [string | null, string | null, string | null, string]>
>;

const KINDS = ['regions', 'employers', 'facts'] as const;

/** Peak resident set size of this process so far, in MiB. */
function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function figuresOfEvaluation(evaluation: Evaluation): FigureJson {
  const out: FigureJson = {};
  for (const r of evaluation.results) {
    out[r.indicator] ??= {};
    out[r.indicator]![r.region] = [
      r.numerator?.toFixed() ?? null,
      r.denominator?.toFixed() ?? null,
      r.formatted,
      r.status,
    ];
  }
  return out;
}

/**
 * The hand SQL's figures with the rounded value and status computed here, independently of the
 * core's evaluation: value = numerator × factor ÷ denominator, rounded half-up once to the
 * indicator's decimals (the bench plan sets no rounding mode and no targets); no denominator or a
 * zero one is `no-data`, anything else `not-applicable` (no target).
 */
function figuresOfHand(figures: Figures): FigureJson {
  const json: FigureJson = {};
  for (const [id, byRegion] of figures) {
    const ind = benchPlan.indicators.find((i) => i.id === id)!;
    const factor = new Decimal(indicatorFactor(ind).toFixed());
    const decimals = indicatorDecimals(ind);
    json[id] = {};
    for (const [region, f] of byRegion) {
      const n = new Decimal(f.numerator);
      const value =
        f.denominator === null
          ? n.times(factor)
          : new Decimal(f.denominator).isZero()
            ? null
            : n.times(factor).div(f.denominator);
      json[id]![region] = [
        f.numerator,
        f.denominator,
        value === null ? null : value.toFixed(decimals, Decimal.ROUND_HALF_UP),
        value === null ? 'no-data' : 'not-applicable',
      ];
    }
  }
  return json;
}

/** The measured ways of the evaluation phase, in the order of round 0. */
export const EVAL_WAYS = ['handFast', 'handCurrent', 'aggregate', 'evaluate'] as const;
/** One measured way. */
export type EvalWay = (typeof EVAL_WAYS)[number];

/**
 * The evaluation phase: every way once as warm-up (the same for each), then `reps` rounds, each
 * running every way once in an order rotated by the round, so no way is always first or last.
 * One process and one file: the store's connection and the hand SQL's have the same pragmas.
 */
async function evalPhase(
  db: string,
  year: string,
  reps: number,
  outDir: string,
): Promise<Record<string, unknown>> {
  const store = openSqliteStore(db);
  const conn = new Database(db, { readonly: true });
  conn.pragma(`mmap_size = ${SQLITE_PRAGMAS.mmapSize}`);
  conn.pragma(`cache_size = -${SQLITE_PRAGMAS.cacheKiB}`);
  const request = aggregateRequestFor(benchPlan.indicators, '000000', year, `${year}-12-31`);
  let evaluation: Evaluation | undefined;
  const hand: Partial<Record<HandVariant, Figures>> = {};
  const run: Record<EvalWay, () => Promise<unknown>> = {
    handFast: async () => (hand.fast = handFigures(conn, Number(year), 'fast')),
    handCurrent: async () => (hand.current = handFigures(conn, Number(year), 'current')),
    aggregate: () => store.aggregate(request),
    evaluate: async () =>
      (evaluation = await evaluate({ plan: benchPlan, region: '000000', period: year, store })),
  };
  const time = async (way: EvalWay) => {
    const t0 = performance.now();
    await run[way]();
    return (performance.now() - t0) / 1000;
  };
  const warmup: Partial<Record<EvalWay, number>> = {};
  for (const way of EVAL_WAYS) warmup[way] = await time(way);
  const rounds: Record<EvalWay, number>[] = [];
  for (let r = 0; r < reps; r++) {
    const order = EVAL_WAYS.map((_, i) => EVAL_WAYS[(i + r) % EVAL_WAYS.length]!);
    const round: Partial<Record<EvalWay, number>> = {};
    for (const way of order) round[way] = await time(way);
    rounds.push(round as Record<EvalWay, number>);
  }
  await store.close();
  conn.close();
  writeFileSync(
    join(outDir, 'figures-pushdown.json'),
    JSON.stringify(figuresOfEvaluation(evaluation!)),
  );
  writeFileSync(join(outDir, 'figures-hand.json'), JSON.stringify(figuresOfHand(hand.fast!)));
  writeFileSync(
    join(outDir, 'figures-hand-current.json'),
    JSON.stringify(figuresOfHand(hand.current!)),
  );
  return { warmup, rounds, via: evaluation!.via, results: evaluation!.results.length };
}

async function timeEvaluations(
  reps: number,
  run: () => Promise<Evaluation>,
): Promise<{ seconds: number[]; evaluation: Evaluation }> {
  const seconds: number[] = [];
  // One warm-up run, as every way of the evaluation phase gets.
  let evaluation: Evaluation | undefined = await run();
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    evaluation = await run();
    seconds.push((performance.now() - t0) / 1000);
  }
  return { seconds, evaluation: evaluation! };
}

async function importAll(
  store: Store,
  dataDir: string,
): Promise<Record<string, { rows: number; seconds: number }>> {
  const out: Record<string, { rows: number; seconds: number }> = {};
  for (const kind of KINDS) {
    const t0 = performance.now();
    const result = await importFile(store, {
      kind,
      path: join(dataDir, `${kind}.csv`),
      batchSize: 5000,
    });
    const counts = result[kind];
    out[kind] = {
      rows: counts.inserted + counts.updated + counts.unchanged,
      seconds: (performance.now() - t0) / 1000,
    };
  }
  return out;
}

/** Current anonymous resident memory (RssAnon of /proc/self/status), in KiB; 0 off Linux. */
function rssAnonKiB(): number {
  try {
    const m = /^RssAnon:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Credit codes of the two employers the generated import-memory facts refer to. */
export const RSS_EMPLOYERS = ['91530102100000000Y', '91530102100023757N'] as const;

/**
 * Import one generated facts CSV into a fresh SQLite file, sampling RssAnon after every chunk and
 * every 20 ms: memory-mapped database pages (WAL index, page cache of the OS) do not count.
 */
async function importRss(csv: string, db: string): Promise<Record<string, unknown>> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const store = openSqliteStore(db);
  await store.write({
    regions: [
      { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null },
      { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' },
      { code: '530102', name: { zh: '五华区' }, level: 'county', parent: '530100' },
    ],
    employers: RSS_EMPLOYERS.map((creditCode, i) => ({
      creditCode,
      name: `单位${i}`,
      region: '530102',
      size: 'small',
    })),
  });
  let peak = rssAnonKiB();
  const sample = () => {
    peak = Math.max(peak, rssAnonKiB());
  };
  const timer = setInterval(sample, 20);
  const t0 = performance.now();
  const result = await importFile(store, {
    kind: 'facts',
    path: csv,
    batchSize: 5000,
    onProgress: sample,
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  sample();
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  return {
    rows: result.facts.inserted,
    importSeconds: seconds,
    peakRssAnonMiB: Math.round((peak / 1024) * 10) / 10,
  };
}

async function main(): Promise<void> {
  const [phase, ...args] = process.argv.slice(2);
  let report: Record<string, unknown>;
  switch (phase) {
    case 'import-rss': {
      const [csv, db] = args as [string, string];
      report = await importRss(csv, db);
      break;
    }
    case 'eval': {
      const [db, year, reps, outDir] = args as [string, string, string, string];
      report = await evalPhase(db, year, Number(reps), outDir);
      break;
    }
    case 'loader': {
      const [dataDir, db] = args as [string, string];
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
      report = { files: await minimalLoad(dataDir, db) };
      rmSync(db, { force: true });
      for (const suffix of ['-wal', '-shm']) rmSync(db + suffix, { force: true });
      break;
    }
    case 'import': {
      const [dataDir, db] = args as [string, string];
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
      const store = openSqliteStore(db);
      const files = await importAll(store, dataDir);
      await store.close();
      report = { files };
      break;
    }
    case 'pushdown': {
      const [db, year, reps, out] = args as [string, string, string, string];
      const store = openSqliteStore(db);
      const { seconds, evaluation } = await timeEvaluations(Number(reps), () =>
        evaluate({ plan: benchPlan, region: '000000', period: year, store }),
      );
      // The SQL part alone: the store's aggregate() for the same request.
      const request = aggregateRequestFor(benchPlan.indicators, '000000', year, `${year}-12-31`);
      const aggregateSeconds: number[] = [];
      for (let i = 0; i < Number(reps); i++) {
        const t0 = performance.now();
        await store.aggregate(request);
        aggregateSeconds.push((performance.now() - t0) / 1000);
      }
      await store.close();
      writeFileSync(out, JSON.stringify(figuresOfEvaluation(evaluation)));
      report = {
        seconds,
        aggregateSeconds,
        via: evaluation.via,
        results: evaluation.results.length,
      };
      break;
    }
    case 'hand': {
      const [db, year, reps, out] = args as [string, string, string, string];
      const conn = new Database(db, { readonly: true });
      const seconds: number[] = [];
      let figures = handFigures(conn, Number(year));
      for (let i = 0; i < Number(reps); i++) {
        const t0 = performance.now();
        figures = handFigures(conn, Number(year));
        seconds.push((performance.now() - t0) / 1000);
      }
      conn.close();
      writeFileSync(out, JSON.stringify(figuresOfHand(figures)));
      report = { seconds };
      break;
    }
    case 'memory': {
      const [dataDir, year, reps, out] = args as [string, string, string, string];
      const store = new MemoryStore();
      const t0 = performance.now();
      await importAll(store, dataDir);
      const loadSeconds = (performance.now() - t0) / 1000;
      const { seconds, evaluation } = await timeEvaluations(Number(reps), () =>
        evaluate({ plan: benchPlan, region: '000000', period: year, store, pushdown: false }),
      );
      writeFileSync(out, JSON.stringify(figuresOfEvaluation(evaluation)));
      report = { seconds, loadSeconds, via: evaluation.via, results: evaluation.results.length };
      break;
    }
    case 'reports': {
      const [db, year, outDir] = args as [string, string, string];
      const store = openSqliteStore(db);
      const evaluation = await evaluate({ plan: benchPlan, region: '000000', period: year, store });
      await store.close();
      const timed = async (name: string, write: () => Promise<void> | void) => {
        const t0 = performance.now();
        await write();
        return { [name]: (performance.now() - t0) / 1000 };
      };
      const table = evaluationTable(evaluation, benchPlan);
      const xlsxPath = join(outDir, 'evaluation.xlsx');
      const csvPath = join(outDir, 'evaluation.csv');
      const htmlPath = join(outDir, 'evaluation.html');
      const seconds = {
        ...(await timed('xlsx', async () => {
          const out = createWriteStream(xlsxPath);
          const closed = new Promise<void>((resolve) => out.on('close', () => resolve()));
          await writeXlsx([table], out, { lang: 'zh' });
          await closed;
        })),
        ...(await timed('csv', () => writeFileSync(csvPath, renderCsv(table, { lang: 'zh' })))),
        ...(await timed('html', () => {
          const first = evaluation.results.find((r) => r.unit.en === '%');
          const bars = evaluation.results
            .filter((r) => r.indicator === first?.indicator && r.level === 'province' && r.rounded)
            .map((r) => ({
              label: r.regionName.zh,
              value: r.rounded!.toNumber(),
              ...(r.target ? { target: Number(r.target.value) } : {}),
            }));
          const chart = progressChart(first?.label.zh ?? '', bars);
          writeFileSync(htmlPath, renderHtml([table], { lang: 'zh', charts: [chart] }));
        })),
      };
      const bytes = Object.fromEntries(
        [
          ['xlsx', xlsxPath],
          ['csv', csvPath],
          ['html', htmlPath],
        ].map(([k, p]) => [k, statSync(p!).size]),
      );
      report = { rows: table.rows.length, seconds, bytes };
      break;
    }
    case 'http-serve': {
      await httpServe(args[0]!, args[1]!, args[2]);
      return;
    }
    case 'http': {
      const [db, year, seconds, baseline] = args as [string, string, string, string?];
      const self = new URL(import.meta.url).pathname;
      report = await httpPhase(self, db, year, Number(seconds), baseline);
      break;
    }
    default:
      throw new RangeError(`unknown phase ${phase}`);
  }
  // CPU seconds of the whole child (module loading included, the same for every phase).
  const cpu = process.cpuUsage();
  const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e4) / 100;
  process.stdout.write(
    `${JSON.stringify({ phase, ...report, maxRssMiB: peakRssMiB(), cpuSeconds })}\n`,
  );
}

await main();
