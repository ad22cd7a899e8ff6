/**
 * @module context
 * What every command receives instead of the process: the working directory, the output streams,
 * the environment and a China-time clock. Only the binary's entry point touches `process`.
 * Nothing here loads the core, so `occhealth --help` stays fast.
 */

/** A stream a command writes to (`process.stdout`, or a buffer in tests). */
export interface Output {
  /** Write text or bytes. */
  write(chunk: string | Uint8Array): unknown;
  /** True on a terminal: progress bars are drawn only there. */
  readonly isTTY?: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** The environment of one command run. */
export interface CommandContext {
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Results (tables, JSON, file paths). */
  readonly stdout: Output;
  /** Progress, warnings and errors. */
  readonly stderr: Output;
  /** Environment variables (`LANG`, `LC_ALL` choose the default language). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Today in China (`YYYY-MM-DD`); default `todayInChina()` of `@occhealth/core`. Tests inject a fixed day. */
  readonly today?: () => string;
  /**
   * Resolves when the run is asked to stop (the binary: SIGINT or SIGTERM). Long-running commands
   * (`serve`, `demo` while serving) wait on it; without it they run until the process ends.
   */
  readonly untilStopped?: () => Promise<unknown>;
}

/** Language of messages: `zh` (中文) or `en`. */
export type CliLang = 'zh' | 'en';

/** Options every command takes. */
export interface GlobalOptions {
  /** Machine-readable JSON on stdout instead of tables. */
  readonly json?: boolean;
  /** Message language (default from `LC_ALL` / `LC_MESSAGES` / `LANG`). */
  readonly lang?: CliLang;
}

/** Exit codes of every command, documented in `occhealth --help`. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Failure: storage or an unexpected error. */
  failure: 1,
  /** Bad usage: unknown command or option, missing argument, bad option value. */
  usage: 2,
  /** Validation errors in the input: rejected rows, an invalid plan file. */
  invalid: 3,
  /** Not found: a missing file, an unknown plan, region or indicator. */
  notFound: 4,
} as const;

/** One of {@link EXIT}'s codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The language of a run: `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`; `zh*` gives
 * Chinese), else English.
 * @example langOf({ LANG: 'zh_CN.UTF-8' }) // 'zh'
 */
export function langOf(env: CommandContext['env'], option?: string): CliLang {
  if (option === 'zh' || option === 'en') return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * Pick the text of a language.
 * @example say('zh', '完成', 'done') // '完成'
 */
export function say(lang: CliLang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}
