/**
 * @module commands/check
 * `occhealth check`: for testers comparing against a spreadsheet. Given a numerator and a
 * denominator (with a plan's indicator, or a factor, decimals and rounding), or files of records
 * and a plan, print the computed figure, its rounding, its target status and its explanation.
 */
import {
  COMPARATORS,
  type Comparator,
  evaluate,
  formatValue,
  gapTo,
  indicatorDecimals,
  indicatorFactor,
  judge,
  MemoryStore,
  NotFoundError,
  type Plan,
  REGION_LEVELS,
  ROUNDING_MODES,
  type RoundingMode,
  ratio,
  roundValue,
  selectTarget,
} from '@occhealth/core';
import { Decimal } from 'decimal.js';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { explainLines } from '../explain-text.js';
import { UsageError } from '../failure.js';
import { oneOf, pathIn, printJson, regionOf, required, resolvePlan } from '../shared.js';

/** Options of {@link checkCommand}. */
export interface CheckCommandOptions extends GlobalOptions {
  /** Numerator (a decimal number). */
  readonly numerator?: string;
  /** Denominator (absent for a count: value = numerator × factor). */
  readonly denominator?: string;
  /** A pack id or a JSON plan file (gives factor, decimals, rounding and the target). */
  readonly plan?: string;
  /** Indicator id of the plan. */
  readonly indicator?: string;
  /** Factor (default 100 for a ratio, 1 for a count; the indicator's with `--plan`). */
  readonly factor?: string;
  /** Published decimals (default 1; the indicator's with `--plan`). */
  readonly decimals?: string;
  /** `half-up` (default), `half-even` or `floor`. */
  readonly rounding?: string;
  /** Target such as `>=95` (default: the plan's target for `--period` and `--level`). */
  readonly target?: string;
  /** Period of the target (and of the evaluation with record files). */
  readonly period?: string;
  /** Level of the target's region (default county). */
  readonly level?: string;
  /** Region (with record files: the region to evaluate). */
  readonly region?: string;
  /** Regions file (CSV, JSON or NDJSON). */
  readonly regions?: string;
  /** Institutions file (the institutions the facts name: a fact's `institution` must exist). */
  readonly institutions?: string;
  /** Employers file. */
  readonly employers?: string;
  /** Facts file. */
  readonly facts?: string;
  /** Data-values file. */
  readonly dataValues?: string;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function decimal(option: string, value: string): Decimal {
  if (!NUMBER.test(value)) {
    throw new UsageError(
      option,
      value,
      `${option} must be a decimal number such as 1953 or 86.5`,
      `${option} 应为十进制数，如 1953 或 86.5`,
    );
  }
  return new Decimal(value);
}

function parseTarget(value: string): { comparator: Comparator; value: string } {
  const m = /^\s*(>=|<=|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  if (!m || !(COMPARATORS as readonly string[]).includes(m[1]!)) {
    throw new UsageError(
      '--target',
      value,
      '--target must look like ">=95" or "<=5"',
      '--target 应形如 ">=95" 或 "<=5"',
    );
  }
  return { comparator: m[1] as Comparator, value: m[2]! };
}

function indicatorOf(plan: Plan, id: string | undefined) {
  const indicator = plan.indicators.find((i) => i.id === required('--indicator', id));
  if (!indicator) throw new NotFoundError('indicator', id!, '指标');
  return indicator;
}

/** Numbers mode: the figure of a numerator and denominator. */
async function checkNumbers(ctx: CommandContext, options: CheckCommandOptions): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const numerator = decimal('--numerator', options.numerator!);
  const denominator =
    options.denominator === undefined ? undefined : decimal('--denominator', options.denominator);
  const plan = options.plan === undefined ? undefined : resolvePlan(ctx, options.plan);
  const indicator = plan ? indicatorOf(plan, options.indicator) : undefined;
  const factor =
    options.factor !== undefined
      ? decimal('--factor', options.factor)
      : indicator
        ? indicatorFactor(indicator)
        : new Decimal(denominator === undefined ? 1 : 100);
  const decimals =
    options.decimals !== undefined
      ? Number(decimal('--decimals', options.decimals).toFixed(0))
      : indicator
        ? indicatorDecimals(indicator)
        : 1;
  const rounding: RoundingMode = oneOf(
    '--rounding',
    options.rounding,
    ROUNDING_MODES,
    indicator?.rounding ?? 'half-up',
  );
  let target:
    | { comparator: Comparator; value: string; compareOn?: 'unrounded' | 'rounded' }
    | undefined;
  if (options.target !== undefined) target = parseTarget(options.target);
  else if (plan && indicator) {
    const level = oneOf('--level', options.level, REGION_LEVELS, 'county');
    const found = selectTarget(
      plan.targets,
      indicator.id,
      { code: options.region ?? '000000', name: { zh: '' }, level, parent: null },
      required('--period', options.period),
    );
    if (found) target = found;
  }
  if (denominator?.isZero()) {
    const out = {
      numerator: numerator.toString(),
      denominator: '0',
      value: null,
      status: 'no-data',
    };
    if (options.json) printJson(ctx, out);
    else
      ctx.stdout.write(say(lang, '分母为 0：无数据（no-data）\n', 'denominator is 0: no data\n'));
    return EXIT.ok;
  }
  const value =
    denominator === undefined ? numerator.times(factor) : ratio(numerator, denominator, factor);
  const rounded = roundValue(value, decimals, rounding);
  const formatted = formatValue(value, decimals, rounding);
  const judgement = target ? judge(value, target, decimals, rounding) : undefined;
  const integral = numerator.isInteger();
  const gap = target
    ? gapTo({
        numerator,
        ...(denominator ? { denominator } : {}),
        factor,
        decimals,
        rounding,
        integral,
        target,
      })
    : undefined;
  const status = judgement ? (judgement.met ? 'met' : 'not-met') : 'not-applicable';
  const result = {
    numerator: numerator.toString(),
    denominator: denominator?.toString() ?? null,
    factor: factor.toString(),
    unrounded: value.toString(),
    rounded: rounded.toFixed(decimals),
    formatted,
    rounding: { mode: rounding, decimals },
    target: target ? `${target.comparator} ${target.value}` : null,
    compared: judgement ? { on: judgement.on, value: judgement.compared.toString() } : null,
    status,
    gap: gap ? { action: gap.action, units: gap.units.toString() } : null,
  };
  if (options.json) {
    printJson(ctx, result);
    return EXIT.ok;
  }
  // The terminal shows 12 significant digits (JSON keeps every digit).
  const short = value.toSignificantDigits(12);
  const shown = short.equals(value) ? value.toString() : `${short.toString()}…`;
  const formula =
    denominator === undefined
      ? `${numerator} × ${factor}`
      : `${numerator} ÷ ${denominator} × ${factor}`;
  const statusText = {
    met: say(lang, '达标', 'met'),
    'not-met': say(lang, '未达标', 'not met'),
    'not-applicable': say(lang, '无目标', 'no target'),
  }[status];
  const lines = [
    `${say(lang, '公式', 'formula')}: ${formula} = ${shown}`,
    `${say(lang, '修约', 'rounding')}: ${shown} → ${formatted} (${rounding}, ${decimals} ${say(lang, '位小数', decimals === 1 ? 'decimal' : 'decimals')})`,
    `${say(lang, '目标', 'target')}: ${result.target ?? '—'}${judgement ? ` (${say(lang, judgement.on === 'unrounded' ? '按未修约值比较' : '按修约值比较', `compared on the ${judgement.on} value`)} ${judgement.on === 'unrounded' ? shown : judgement.compared.toString()})` : ''}`,
    `${say(lang, '状态', 'status')}: ${statusText}`,
  ];
  if (gap && gap.action !== 'none')
    lines.push(
      `${say(lang, '差距', 'gap')}: ${gap.action === 'add' ? '+' : '−'}${gap.units.toString()}`,
    );
  ctx.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/**
 * Records mode: import the files into memory (regions, then institutions and employers, which
 * facts refer to, then facts and data values) and evaluate one indicator at one region.
 */
async function checkRecords(ctx: CommandContext, options: CheckCommandOptions): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const plan = resolvePlan(ctx, options.plan);
  const indicator = indicatorOf(plan, options.indicator);
  const period = required('--period', options.period);
  const { importFile } = await import('@occhealth/import');
  const store = new MemoryStore();
  for (const [kind, file] of [
    ['regions', options.regions],
    ['institutions', options.institutions],
    ['employers', options.employers],
    ['facts', options.facts],
    ['dataValues', options.dataValues],
  ] as const) {
    if (file !== undefined) await importFile(store, { kind, path: pathIn(ctx, file) });
  }
  const region = await regionOf(store, options.region);
  const evaluation = await evaluate({
    plan,
    region: region.code,
    period,
    store,
    indicators: [indicator.id],
    explain: { regions: [region.code] },
  });
  const result = evaluation.results.find((r) => r.region === region.code)!;
  if (options.json) printJson(ctx, result);
  else ctx.stdout.write(`${explainLines(result, lang, 50).join('\n')}\n`);
  return EXIT.ok;
}

/**
 * Check a figure by hand: numbers mode with `--numerator`, records mode with `--regions`.
 * @example
 * ```ts
 * let printed = '';
 * const ctx = { cwd: '.', stdout: { write: (c: string | Uint8Array) => (printed += String(c)) }, stderr: { write: () => true }, env: { LANG: 'en_US.UTF-8' } };
 * const code = await checkCommand(ctx, { numerator: '1953', denominator: '2257', target: '>=90', json: true });
 * const figure = JSON.parse(printed); // 1953 ÷ 2257 = 86.53 %; 90 % of 2257 is 2031.3, so 2032 − 1953 = 79 short
 * console.log(code, figure.formatted, figure.status, figure.gap.units);
 * // → 0 86.5 not-met 79
 * ```
 */
export async function checkCommand(
  ctx: CommandContext,
  options: CheckCommandOptions,
): Promise<ExitCode> {
  if (options.numerator !== undefined) return checkNumbers(ctx, options);
  if (options.regions !== undefined) return checkRecords(ctx, options);
  throw new UsageError(
    '--numerator',
    undefined,
    'give --numerator [--denominator], or record files (--regions, --institutions, --employers, --facts) with --plan, --indicator, --region and --period',
    '请给出 --numerator [--denominator]，或记录文件（--regions、--institutions、--employers、--facts）及 --plan、--indicator、--region、--period',
  );
}
