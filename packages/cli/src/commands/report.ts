/**
 * @module commands/report
 * `occhealth report <db> <template> --plan --region --period --format --out`: one of the reports
 * package's templates as a file (or on stdout).
 */
import { dirname } from 'node:path';
import { NotFoundError } from '@occhealth/core';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { todayOf } from '../failure.js';
import { assertOutForXlsx, renderTables, TABLE_FORMATS, type TableFormat } from '../render.js';
import {
  emit,
  oneOf,
  pathIn,
  printJson,
  regionOf,
  required,
  resolvePlan,
  withStore,
} from '../shared.js';
import { deadlinesOf } from './calendar.js';
import { buildDashboard } from './demo.js';
import { parseLevels } from './evaluate.js';

/** The templates `report` renders. */
export const REPORT_TEMPLATES = ['evaluation', 'ranking', 'deadlines', 'dashboard'] as const;

/** Options of {@link reportCommand}. */
export interface ReportCommandOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
  /** One of {@link REPORT_TEMPLATES}. */
  readonly template: string;
  /** A pack id or a JSON plan file. */
  readonly plan?: string;
  /** Root region code. */
  readonly region?: string;
  /** Period id (evaluation, ranking, dashboard) or year (deadlines). */
  readonly period?: string;
  /** Indicator ranked (ranking; default every percent indicator). */
  readonly indicator?: string;
  /** Level ranked (ranking; default county). */
  readonly level?: string;
  /** Comma-separated levels kept (evaluation). */
  readonly levels?: string;
  /** `table`, `csv`, `xlsx` (default), `html` or `md`; the dashboard is always HTML. */
  readonly format?: string;
  /** Output file (the dashboard: its directory receives the linked reports too). */
  readonly out?: string;
}

/**
 * Render a report template.
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await reportCommand(ctx, { db: 'occhealth.db', template: 'ranking', plan: 'yunnan-sme-assistance', region: '530000', period: '2025', out: 'ranking.xlsx' });
 * ```
 */
export async function reportCommand(
  ctx: CommandContext,
  options: ReportCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const template = oneOf('<template>', options.template, REPORT_TEMPLATES, 'evaluation');
  const formats = TABLE_FORMATS.filter((f) => f !== 'json');
  const format = oneOf('--format', options.format, formats, 'xlsx') as Exclude<TableFormat, 'json'>;
  if (template !== 'dashboard') assertOutForXlsx(format, options.out);
  const plan = resolvePlan(ctx, options.plan);
  const period = required('--period', options.period);
  const reports = await import('@occhealth/reports');
  const { evaluate } = await import('@occhealth/core');
  const done = (path: string | undefined) => {
    if (path === undefined) return EXIT.ok;
    if (options.json) printJson(ctx, { out: path });
    else ctx.stdout.write(say(lang, `已写入 ${path}\n`, `wrote ${path}\n`));
    return EXIT.ok;
  };
  return withStore(ctx, options.db, async (store) => {
    const region = await regionOf(store, options.region);
    if (template === 'dashboard') {
      const out = pathIn(ctx, required('--out', options.out));
      const files = await buildDashboard(store, [plan], region, period, dirname(out), () =>
        todayOf(ctx),
      );
      return done(files.dashboard);
    }
    if (template === 'deadlines') {
      const year = period.slice(0, 4);
      const rows = deadlinesOf([plan], region, `${year}-01-01`, `${year}-12-31`, todayOf(ctx));
      const table = reports.obligationsTable(
        rows.map((r) => r.instance),
        { today: todayOf(ctx), lang },
      );
      return done(emit(ctx, options.out, await renderTables([table], format, lang)));
    }
    const levels = parseLevels(options.levels);
    const evaluation = await evaluate({
      plan,
      region: region.code,
      period,
      store,
      ...(levels ? { levels } : {}),
    });
    if (template === 'evaluation') {
      const table = reports.evaluationTable(evaluation, plan, { names: lang, lang });
      return done(
        emit(ctx, options.out, await renderTables([table], format, lang, plan.label[lang])),
      );
    }
    let ids = plan.indicators
      .filter((i) => i.kind === 'proportion' || i.kind === 'rate')
      .map((i) => i.id);
    if (options.indicator !== undefined) {
      if (!plan.indicators.some((i) => i.id === options.indicator)) {
        throw new NotFoundError('indicator', options.indicator, '指标');
      }
      ids = [options.indicator];
    }
    const level = oneOf(
      '--level',
      options.level,
      ['province', 'prefecture', 'county'] as const,
      'county',
    );
    const tables = ids.map((id) => reports.rankingTable(evaluation, plan, id, { level, lang }));
    return done(emit(ctx, options.out, await renderTables(tables, format, lang, plan.label[lang])));
  });
}
