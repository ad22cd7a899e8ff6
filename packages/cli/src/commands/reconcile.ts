/**
 * @module commands/reconcile
 * `occhealth reconcile <db> --plan --region --period`: the figures each region reported beside
 * the figures its records give and the sums of its children's reports, every difference
 * classified, as a table, JSON, CSV, XLSX, HTML (differences highlighted) or Markdown.
 */
import { type Reconciliation, reconcile } from '@occhealth/core';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { renderTables, tableFormatOf } from '../render.js';
import { emit, printJson, regionOf, required, resolvePlan, withStore } from '../shared.js';

/** Options of {@link reconcileCommand}. */
export interface ReconcileCommandOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
  /** A pack id or a JSON plan file. */
  readonly plan?: string;
  /** Root region code. */
  readonly region?: string;
  /** Period id, e.g. `2025`. */
  readonly period?: string;
  /** Only this obligation's reports and mappings. */
  readonly obligation?: string;
  /** Recompute the records as of this day (`YYYY-MM-DD`). */
  readonly asOf?: string;
  /** Only rows with a difference. */
  readonly onlyDifferences?: boolean;
  /** Exit with code 3 when any difference is found (for scripts and CI). */
  readonly check?: boolean;
  /** `table` (default), `json`, `csv`, `xlsx`, `html` or `md`. */
  readonly format?: string;
  /** Output file (required for xlsx). */
  readonly out?: string;
}

/**
 * Reconcile and print (or write with `--out`) the reconciliation table. Exit code 0, or 3 with
 * `--check` when a difference is found.
 * @example
 * ```ts fragment
 * await reconcileCommand(ctx, { db: 'occhealth.db', plan: 'yongqing-final-evaluation', region: '131023', period: '2025' });
 * ```
 */
export async function reconcileCommand(
  ctx: CommandContext,
  options: ReconcileCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const format = tableFormatOf(options);
  const plan = resolvePlan(ctx, options.plan);
  const period = required('--period', options.period);
  const result: Reconciliation = await withStore(ctx, options.db, async (store) => {
    const region = await regionOf(store, options.region);
    return reconcile({
      plan,
      region: region.code,
      period,
      store,
      ...(options.obligation ? { obligation: options.obligation } : {}),
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
  });
  const differing = result.rows.filter((r) => r.differences.length > 0);
  const exit = options.check && differing.length > 0 ? EXIT.invalid : EXIT.ok;
  if (format === 'json') {
    const body = JSON.stringify(options.onlyDifferences ? { ...result, rows: differing } : result);
    const path = emit(ctx, options.out, body);
    if (path && options.json) printJson(ctx, { out: path });
    return exit;
  }
  const { reconciliationTable } = await import('@occhealth/reports');
  const table = reconciliationTable(result, plan, {
    lang,
    ...(options.onlyDifferences ? { onlyDifferences: true } : {}),
  });
  const content = await renderTables([table], format, lang, plan.label[lang] ?? plan.label.zh);
  const path = emit(ctx, options.out, content);
  if (path) {
    if (options.json)
      printJson(ctx, { out: path, rows: result.rows.length, differences: differing.length });
    else ctx.stdout.write(say(lang, `已写入 ${path}\n`, `wrote ${path}\n`));
  }
  return exit;
}
