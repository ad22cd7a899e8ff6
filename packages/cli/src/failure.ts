/**
 * @module failure
 * Errors of the CLI and their exit codes; the clock of a run.
 */
import { isOccHealthError, NotFoundError, todayInChina, ValidationError } from '@occhealth/core';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from './context.js';

/**
 * Bad usage of a command (a missing or malformed option): a {@link ValidationError} whose exit
 * code is 2, not 3.
 * @example exitCodeOf(new UsageError('--format', 'pdf', 'unknown format', '未知格式')) // 2 (bad usage; a bad input row is 3)
 */
export class UsageError extends ValidationError {
  /**
   * @param path the option, e.g. `--format`
   * @param value what was given
   * @param message English description
   * @param messageZh Chinese description
   */
  constructor(path: string, value: unknown, message: string, messageZh: string) {
    super([{ path, value, rule: 'cli.usage', message, messageZh }]);
  }
}

/**
 * Today in China for a run (the injected clock, else `todayInChina()`).
 * @example todayOf({ cwd: '.', stdout: process.stdout, stderr: process.stderr, env: {}, today: () => '2025-06-15' }) // '2025-06-15'
 */
export function todayOf(ctx: CommandContext): string {
  return ctx.today ? ctx.today() : todayInChina();
}

/**
 * The exit code of an error: usage 2, validation 3, not found 4, anything else 1.
 * @example exitCodeOf(new NotFoundError('plan', 'x')) // 4
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof ValidationError) return EXIT.invalid;
  if (error instanceof NotFoundError) return EXIT.notFound;
  return EXIT.failure;
}

/**
 * Write an error to stderr in the run's language (as JSON with `--json`); returns its exit code.
 * @example
 * ```ts
 * let written = '';
 * const ctx = { cwd: '.', stdout: process.stdout, stderr: { write: (c: string | Uint8Array) => (written += String(c)) }, env: {} };
 * const code = reportError(ctx, new NotFoundError('plan', 'hainan-2030', '政策包'), { lang: 'zh' });
 * console.log(code, written.trim());
 * // → 4 错误 [NOT_FOUND]: 未找到政策包 hainan-2030
 * ```
 */
export function reportError(ctx: CommandContext, error: unknown, options: GlobalOptions): ExitCode {
  const code = exitCodeOf(error);
  const lang = langOf(ctx.env, options.lang);
  if (options.json) {
    const body = isOccHealthError(error)
      ? {
          ...error.toJSON(),
          ...(error instanceof ValidationError ? { issues: error.issues } : {}),
        }
      : { name: 'Error', message: String((error as Error)?.message ?? error) };
    ctx.stderr.write(`${JSON.stringify({ error: body, exitCode: code })}\n`);
    return code;
  }
  const head = say(lang, '错误', 'error');
  if (error instanceof ValidationError && !(error instanceof UsageError)) {
    ctx.stderr.write(`${head} [${error.code}]: ${say(lang, error.messageZh, error.message)}\n`);
    for (const i of error.issues.slice(0, 20)) {
      const where = i.row === undefined ? '' : say(lang, `第 ${i.row} 行 `, `line ${i.row} `);
      ctx.stderr.write(
        `  ${where}${i.path} = ${JSON.stringify(i.value) ?? 'undefined'}: ${say(lang, i.messageZh, i.message)} [${i.rule}]\n`,
      );
    }
    if (error.issues.length > 20) {
      ctx.stderr.write(
        say(
          lang,
          `  另有 ${error.issues.length - 20} 处\n`,
          `  and ${error.issues.length - 20} more\n`,
        ),
      );
    }
  } else if (isOccHealthError(error)) {
    ctx.stderr.write(`${head} [${error.code}]: ${say(lang, error.messageZh, error.message)}\n`);
  } else {
    ctx.stderr.write(`${head}: ${String((error as Error)?.stack ?? error)}\n`);
  }
  return code;
}
