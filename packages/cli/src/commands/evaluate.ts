/**
 * @module commands/evaluate
 * `occhealth evaluate <db> --plan --region --period`: every indicator of a plan for a region's
 * subtree against its targets, as a table, JSON, CSV, XLSX, HTML or Markdown.
 */
import {
  type Evaluation,
  evaluate,
  type Plan,
  REGION_LEVELS,
  type RegionLevel,
} from '@occhealth/core';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { renderTables, tableFormatOf } from '../render.js';
import { emit, oneOf, printJson, regionOf, required, resolvePlan, withStore } from '../shared.js';

/** Options of {@link evaluateCommand}. */
export interface EvaluateCommandOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
  /** A pack id or a JSON plan file. */
  readonly plan?: string;
  /** Root region code of the evaluation. */
  readonly region?: string;
  /** Period id, e.g. `2025`, `2025Q2`. */
  readonly period?: string;
  /** Comma-separated region levels to keep, e.g. `province,prefecture`. */
  readonly levels?: string;
  /** Evaluate as of this day (`YYYY-MM-DD`). */
  readonly asOf?: string;
  /** `table` (default), `json`, `csv`, `xlsx`, `html` or `md`. */
  readonly format?: string;
  /** Output file (required for xlsx). */
  readonly out?: string;
}

/**
 * Parse `--levels`.
 * @throws UsageError for an unknown level.
 * @example parseLevels('province, county') // ['province', 'county']
 */
export function parseLevels(value: string | undefined): RegionLevel[] | undefined {
  if (value === undefined) return undefined;
  const levels = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const l of levels) oneOf('--levels', l, REGION_LEVELS, 'county');
  return levels as RegionLevel[];
}

/**
 * Evaluate as the options say (shared with `report` and `demo`).
 * @internal
 */
export async function runEvaluation(
  ctx: CommandContext,
  options: EvaluateCommandOptions,
): Promise<{ plan: Plan; evaluation: Evaluation }> {
  const plan = resolvePlan(ctx, options.plan);
  const period = required('--period', options.period);
  const levels = parseLevels(options.levels);
  const evaluation = await withStore(ctx, options.db, async (store) => {
    const region = await regionOf(store, options.region);
    return evaluate({
      plan,
      region: region.code,
      period,
      store,
      ...(levels ? { levels } : {}),
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
  });
  return { plan, evaluation };
}

/**
 * Evaluate a plan and print (or write with `--out`) the evaluation table.
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await evaluateCommand(ctx, { db: 'occhealth.db', plan: 'yunnan-sme-assistance', region: '530000', period: '2025' });
 * ```
 */
export async function evaluateCommand(
  ctx: CommandContext,
  options: EvaluateCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const format = tableFormatOf(options);
  const { plan, evaluation } = await runEvaluation(ctx, options);
  if (format === 'json') {
    const body = JSON.stringify(evaluation);
    const path = emit(ctx, options.out, body);
    if (path && options.json) printJson(ctx, { out: path });
    return EXIT.ok;
  }
  const { evaluationTable } = await import('@occhealth/reports');
  const table = evaluationTable(evaluation, plan, { names: lang, lang });
  const content = await renderTables([table], format, lang, plan.label[lang] ?? plan.label.zh);
  const path = emit(ctx, options.out, content);
  if (path) {
    if (options.json) printJson(ctx, { out: path, results: evaluation.results.length });
    else ctx.stdout.write(say(lang, `已写入 ${path}\n`, `wrote ${path}\n`));
  }
  return EXIT.ok;
}
