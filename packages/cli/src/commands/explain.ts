/**
 * @module commands/explain
 * `occhealth explain <db> --plan --indicator --region --period`: one figure back to its records.
 */
import { evaluate, NotFoundError } from '@occhealth/core';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
} from '../context.js';
import { explainLines } from '../explain-text.js';
import { printJson, regionOf, required, resolvePlan, withStore } from '../shared.js';

/** Options of {@link explainCommand}. */
export interface ExplainCommandOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
  /** A pack id or a JSON plan file. */
  readonly plan?: string;
  /** Indicator id of the plan. */
  readonly indicator?: string;
  /** Region code. */
  readonly region?: string;
  /** Period id. */
  readonly period?: string;
  /** Evaluate as of this day. */
  readonly asOf?: string;
  /** Record ids listed per input (default 10). */
  readonly records?: number;
}

/**
 * Explain one figure: formula, inputs, the records counted and excluded with reasons, rounding,
 * and the comparison with the target.
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await explainCommand(ctx, { db: 'occhealth.db', plan: 'yunnan-sme-assistance', indicator: 'declarationRate', region: '530381', period: '2025' });
 * ```
 */
export async function explainCommand(
  ctx: CommandContext,
  options: ExplainCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const plan = resolvePlan(ctx, options.plan);
  const indicator = required('--indicator', options.indicator);
  if (!plan.indicators.some((i) => i.id === indicator))
    throw new NotFoundError('indicator', indicator, '指标');
  const period = required('--period', options.period);
  const result = await withStore(ctx, options.db, async (store) => {
    const region = await regionOf(store, options.region);
    const evaluation = await evaluate({
      plan,
      region: region.code,
      period,
      store,
      indicators: [indicator],
      explain: { regions: [region.code] },
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
    return evaluation.results.find((r) => r.region === region.code)!;
  });
  if (options.json) printJson(ctx, result);
  else ctx.stdout.write(`${explainLines(result, lang, options.records ?? 10).join('\n')}\n`);
  return EXIT.ok;
}
