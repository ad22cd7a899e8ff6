/**
 * @module commands/demo
 * `occhealth demo [--scale] [--seed] [--dir]`: the main job. Generates the seeded dataset of
 * `@occhealth/core/demo` into a SQLite file (progress bar on a terminal), or reuses the file of an
 * earlier run; evaluates the plans that cover its root region; writes the reports and the HTML
 * dashboard beside it and prints the dashboard's path.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import {
  evaluate,
  obligationsDue,
  type Plan,
  type Region,
  type RegionTree,
  regionsDeadlineStatuses,
  type Store,
} from '@occhealth/core';
import { DEMO_SCALES, type DemoScale, demoDataset, LAST_YEAR } from '@occhealth/core/demo';
import type { DashboardPlan, DashboardReport } from '@occhealth/reports';
import {
  type CliLang,
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { todayOf, UsageError } from '../failure.js';
import { startProgress } from '../progress.js';
import { oneOf, pathIn, printJson } from '../shared.js';
import { plansCovering } from './calendar.js';

/** Options of {@link demoCommand}. */
export interface DemoCommandOptions extends GlobalOptions {
  /** `county`, `province` (default) or `national`. */
  readonly scale?: string;
  /** Seed of the generator (default 1). */
  readonly seed?: string;
  /** Directory of the store file, reports and dashboard (default `occhealth-demo`). */
  readonly dir?: string;
  /** Employers to generate instead of the scale's number. */
  readonly employers?: string;
  /** `false` (`--no-serve`): stop after writing the files instead of serving them. */
  readonly serve?: boolean;
  /** Port of the server (default 8787; 0: any free port). */
  readonly port?: string;
  /** Interface of the server (default `127.0.0.1`). */
  readonly host?: string;
  /** Token config file of the server (needed for a non-loopback host). */
  readonly tokens?: string;
}

/** Bumped when the demo dataset changes, so an older file is regenerated rather than reused. */
const DEMO_VERSION = 1;

interface DemoMeta {
  readonly version: number;
  readonly scale: DemoScale;
  readonly seed: number;
  readonly employers: number;
  readonly facts: number;
  readonly root: string;
}

function integer(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(option, value, `${option} must be a whole number`, `${option} 应为整数`);
  }
  return Number(value);
}

/** Generate the dataset into `path` (a fresh file); returns its metadata. */
async function generateInto(
  ctx: CommandContext,
  lang: CliLang,
  path: string,
  scale: DemoScale,
  seed: number,
  employers: number | undefined,
): Promise<DemoMeta> {
  const { chinaRegions } = await import('@occhealth/core/regions-cn');
  const data = demoDataset({
    scale,
    seed,
    regions: chinaRegions(),
    ...(employers === undefined ? {} : { employers }),
  });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const store = openSqliteStore(path);
  const bar = await startProgress(ctx, lang, data.employers, { zh: '家单位', en: 'employers' });
  let facts = 0;
  let done = 0;
  try {
    const session = await store.bulk();
    try {
      await session.write({ regions: [...data.regions] });
      for (const batch of data.batches(2_000)) {
        await session.write(batch);
        facts += batch.facts.length;
        done += batch.employers.length;
        bar?.update(done);
      }
      await session.commit();
    } catch (error) {
      await session.rollback();
      throw error;
    }
  } finally {
    bar?.stop();
    await store.close();
  }
  return { version: DEMO_VERSION, scale, seed, employers: data.employers, facts, root: data.root };
}

/** The deadlines of the year at every level of the tree, for the plans given (the calendar). */
function yearDeadlines(plans: readonly Plan[], tree: RegionTree, year: number) {
  const levels = [...new Set(tree.all().map((r) => r.level))];
  return plans.flatMap((plan) =>
    levels.flatMap((level) => obligationsDue(plan, level, `${year}-01-01`, `${year}-12-31`)),
  );
}

/** What building the dashboard (the `demo` and `report dashboard` commands) wrote. */
export interface DashboardFiles {
  /** Absolute path of the dashboard page. */
  readonly dashboard: string;
  /** The report files, relative to the dashboard's directory. */
  readonly reports: readonly DashboardReport[];
}

/**
 * Evaluate `plans` at `root` for `period`, write every report into `dir` and the dashboard page
 * linking them (`dashboard.html`). Shared by `demo` and `report dashboard`.
 * @internal
 */
export async function buildDashboard(
  store: Store,
  plans: readonly Plan[],
  root: Region,
  period: string,
  dir: string,
  clock: () => string,
): Promise<DashboardFiles> {
  const reports = await import('@occhealth/reports');
  const tree = (await store.regionTree())!;
  mkdirSync(dir, { recursive: true });
  const evaluated: DashboardPlan[] = [];
  const links: DashboardReport[] = [];
  const write = (file: string, content: string | Uint8Array) =>
    writeFileSync(join(dir, file), content);
  for (const plan of plans) {
    const evaluation = await evaluate({ plan, region: root.code, period, store });
    evaluated.push({ plan, evaluation });
    const table = reports.evaluationTable(evaluation, plan);
    const base = `evaluation-${plan.id}-${period}`;
    write(`${base}.xlsx`, await reports.renderXlsx([table], { lang: 'both' }));
    write(`${base}.csv`, reports.renderCsv(table));
    write(`${base}.md`, reports.renderMarkdown(table));
    write(`${base}.html`, reports.renderHtml([table], { title: plan.label.zh }));
    for (const format of ['xlsx', 'csv', 'md', 'html']) {
      links.push({
        label: { zh: `${plan.label.zh} 指标评估表`, en: `${plan.label.en}: evaluation table` },
        format,
        href: `${base}.${format}`,
      });
    }
    const child = tree.children(root.code)[0]?.level;
    const percent = plan.indicators.filter((i) => i.kind === 'proportion' || i.kind === 'rate');
    if (child && percent.length > 0) {
      const rankings = percent.map((i) =>
        reports.rankingTable(evaluation, plan, i.id, { level: child }),
      );
      write(
        `ranking-${plan.id}-${period}.xlsx`,
        await reports.renderXlsx(rankings, { lang: 'both' }),
      );
      links.push({
        label: { zh: `${plan.label.zh} 排名表`, en: `${plan.label.en}: rankings` },
        format: 'xlsx',
        href: `ranking-${plan.id}-${period}.xlsx`,
      });
    }
  }
  const year = Number(period.slice(0, 4));
  const today = clock();
  const calendar = reports.obligationsTable(yearDeadlines(plans, tree, year), { today });
  const deadlines = await regionsDeadlineStatuses(
    store,
    plans,
    [root, ...tree.children(root.code)],
    `${year}-01-01`,
    `${year}-12-31`,
    today,
  );
  write(`deadlines-${year}.csv`, reports.renderCsv(calendar));
  write(`deadlines-${year}.xlsx`, await reports.renderXlsx([calendar], { lang: 'both' }));
  for (const format of ['csv', 'xlsx']) {
    links.push({
      label: { zh: `${year} 年报送时限`, en: `${year} reporting deadlines` },
      format,
      href: `deadlines-${year}.${format}`,
    });
  }
  const html = reports.dashboardPage({
    title: {
      zh: `${root.name.zh}职业健康工作看板`,
      en: `Occupational-health dashboard: ${root.name.en ?? root.code}`,
    },
    clock: () => today,
    regions: tree.subtree(root.code),
    plans: evaluated,
    deadlines,
    reports: links,
  });
  const dashboard = join(dir, 'dashboard.html');
  writeFileSync(dashboard, html);
  return { dashboard, reports: links };
}

/**
 * Run the main job. A second run with the same scale and seed reuses the store file.
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await demoCommand(ctx, { scale: 'county', seed: '1' }); // serves the dashboard until stopped
 * ```
 */
export async function demoCommand(
  ctx: CommandContext,
  options: DemoCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const scale = oneOf<DemoScale>(
    '--scale',
    options.scale,
    Object.keys(DEMO_SCALES) as DemoScale[],
    'province',
  );
  const seed = integer('--seed', options.seed, 1);
  const employers =
    options.employers === undefined ? undefined : integer('--employers', options.employers, 0);
  const serving = options.serve !== false;
  const { checkServeOptions, serveStore } = await import('./serve.js');
  if (serving) checkServeOptions(options);
  const dir = pathIn(ctx, options.dir ?? 'occhealth-demo');
  mkdirSync(dir, { recursive: true });
  const label = `${scale}-s${seed}${employers === undefined ? '' : `-e${employers}`}`;
  const db = join(dir, `${label}.db`);
  const metaPath = `${db}.json`;
  const started = performance.now();
  let meta: DemoMeta | undefined;
  if (existsSync(db) && existsSync(metaPath)) {
    const saved = JSON.parse(readFileSync(metaPath, 'utf8')) as DemoMeta;
    if (saved.version === DEMO_VERSION && saved.scale === scale && saved.seed === seed)
      meta = saved;
  }
  const reused = meta !== undefined;
  if (meta === undefined) {
    rmSync(metaPath, { force: true });
    ctx.stderr.write(
      say(
        lang,
        `正在生成 ${scale} 规模数据（种子 ${seed}）→ ${db}\n`,
        `generating the ${scale} dataset (seed ${seed}) into ${db}\n`,
      ),
    );
    meta = await generateInto(ctx, lang, db, scale, seed, employers);
    writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  } else {
    ctx.stderr.write(say(lang, `复用已有数据 ${db}\n`, `reusing ${db}\n`));
  }
  const generated = (performance.now() - started) / 1000;
  const store = openSqliteStore(db);
  let files: DashboardFiles;
  try {
    const tree = (await store.regionTree())!;
    const root = tree.get(meta.root)!;
    const plans = plansCovering(tree, root);
    ctx.stderr.write(
      say(
        lang,
        `正在评估 ${plans.map((p) => p.id).join('、')}（${LAST_YEAR} 年）\n`,
        `evaluating ${plans.map((p) => p.id).join(', ')} for ${LAST_YEAR}\n`,
      ),
    );
    files = await buildDashboard(store, plans, root, String(LAST_YEAR), dir, () => todayOf(ctx));
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    printJson(ctx, {
      db,
      reused,
      scale,
      seed,
      employers: meta.employers,
      facts: meta.facts,
      dashboard: files.dashboard,
      reports: files.reports.map((r) => join(dir, r.href)),
      seconds: { data: Number(generated.toFixed(2)), total: Number(seconds.toFixed(2)) },
    });
  } else {
    ctx.stdout.write(
      say(
        lang,
        `${reused ? '复用' : '已生成'} ${db}：${meta.employers} 家用人单位，${meta.facts} 条记录\n报表 ${files.reports.length} 份，用时 ${seconds.toFixed(1)} 秒\n看板：${files.dashboard}\n`,
        `${reused ? 'reused' : 'generated'} ${db}: ${meta.employers} employers, ${meta.facts} records\n${files.reports.length} reports in ${seconds.toFixed(1)} s\ndashboard: ${files.dashboard}\n`,
      ),
    );
  }
  if (!serving) return EXIT.ok;
  return serveStore(ctx, lang, {
    db,
    period: String(LAST_YEAR),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.tokens === undefined ? {} : { tokens: options.tokens }),
    ...(options.json === undefined ? {} : { json: options.json }),
  });
}
