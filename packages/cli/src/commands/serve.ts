/**
 * @module commands/serve
 * `occhealth serve <db> [--port] [--host] [--tokens] [--period] [--session-secret-file]`: the REST API of
 * `@occhealth/adapter-http` and its server-rendered dashboard over an existing store file. Binds
 * loopback by default; a non-loopback host needs a tokens file. Without one it makes a one-time
 * admin token for the tree's root and prints the login link. Runs until the context's
 * `untilStopped()` resolves (SIGINT or SIGTERM at the binary), then closes the server and store.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isPeriodId, NotFoundError, ValidationError } from '@occhealth/core';
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
import { openExisting, pathIn, printJson } from '../shared.js';

/** Options of {@link serveCommand}. */
export interface ServeCommandOptions extends GlobalOptions {
  /** The store file. */
  readonly db: string;
  /** TCP port (default 8787; 0: any free port). */
  readonly port?: string;
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** A static-token config file (`{ "tokens": [{ id, sha256, region, role }] }`). */
  readonly tokens?: string;
  /** Period the dashboard shows when a request names none (default: the year of today). */
  readonly period?: string;
  /**
   * A file holding the secret the dashboard's session cookies are sealed under (≥ 32 characters;
   * default: the `OCCHEALTH_SESSION_SECRET` environment variable, else a random secret per run,
   * so logins end with the process). Never printed.
   */
  readonly sessionSecretFile?: string;
}

/** The environment variable `serve` reads the session secret from without `--session-secret-file`. */
export const SESSION_SECRET_ENV = 'OCCHEALTH_SESSION_SECRET';

/**
 * The dashboard's session secret: `--session-secret-file` (its text, one trailing line break
 * dropped), else `OCCHEALTH_SESSION_SECRET`, else none (a random one per run). The secret itself is
 * never in an error: only its source and length.
 * @throws NotFoundError for a missing file; UsageError for a secret under 32 characters.
 */
function sessionSecretOf(ctx: CommandContext, options: ServeCommandOptions): string | undefined {
  let secret: string | undefined;
  let source: string;
  let from: string;
  if (options.sessionSecretFile !== undefined) {
    const path = pathIn(ctx, options.sessionSecretFile);
    if (!existsSync(path)) {
      throw new NotFoundError('session secret file', options.sessionSecretFile, '会话密钥文件');
    }
    secret = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    source = '--session-secret-file';
    from = options.sessionSecretFile;
  } else {
    secret = ctx.env[SESSION_SECRET_ENV];
    if (secret === undefined || secret === '') return undefined;
    source = SESSION_SECRET_ENV;
    from = SESSION_SECRET_ENV;
  }
  if (secret.length < MIN_SECRET) {
    throw new UsageError(
      source,
      from,
      `the session secret of ${from} has ${secret.length} characters: it needs at least ${MIN_SECRET}`,
      `${from} 中的会话密钥只有 ${secret.length} 个字符，至少需要 ${MIN_SECRET} 个`,
    );
  }
  return secret;
}

/** Shortest session secret (the dashboard's own rule). */
const MIN_SECRET = 32;

/** Default port of `serve` and `demo`. */
export const DEFAULT_PORT = 8787;

/** Whether `host` is a loopback interface (only this machine can connect). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new UsageError(
      '--port',
      value,
      '--port must be a whole number from 0 to 65535',
      '--port 应为 0 至 65535 的整数',
    );
  }
  return Number(value);
}

/** The tokens file, checked (missing: NotFoundError; malformed: ValidationError). */
function readTokens(ctx: CommandContext, file: string): unknown {
  const path = pathIn(ctx, file);
  if (!existsSync(path)) throw new NotFoundError('tokens file', file, '令牌文件');
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError([
      {
        path: '--tokens',
        value: file,
        rule: 'cli.tokens.json',
        message: `the tokens file is not valid JSON: ${(error as Error).message}`,
        messageZh: `令牌文件不是有效的 JSON：${(error as Error).message}`,
      },
    ]);
  }
}

/**
 * Check the options of serving before any work (so `demo` refuses a bad host before generating).
 * @throws UsageError for a bad port or period, or a non-loopback host without a tokens file.
 */
export function checkServeOptions(options: Omit<ServeCommandOptions, 'db'>): {
  host: string;
  port: number;
} {
  const host = options.host ?? '127.0.0.1';
  const port = portOf(options.port);
  if (options.tokens === undefined && !isLoopback(host)) {
    throw new UsageError(
      '--host',
      host,
      `refusing to listen on ${host} without --tokens: only loopback (127.0.0.1, ::1, localhost) is served with a generated token`,
      `未提供 --tokens 时拒绝监听 ${host}：自动生成的令牌只用于本机回环地址（127.0.0.1、::1、localhost）`,
    );
  }
  if (options.period !== undefined && !isPeriodId(options.period)) {
    throw new UsageError(
      '--period',
      options.period,
      '--period must be a period id such as 2025 or 2025Q2',
      '--period 应为期间标识，如 2025、2025Q2',
    );
  }
  return { host, port };
}

/**
 * Serve `db` until stopped; shared by `serve` and `demo`. Validates everything before it listens.
 * @returns 0 once stopped cleanly.
 */
export async function serveStore(
  ctx: CommandContext,
  lang: CliLang,
  options: ServeCommandOptions,
): Promise<ExitCode> {
  const { host, port } = checkServeOptions(options);
  const http = await import('@occhealth/adapter-http');
  const tokens = options.tokens === undefined ? undefined : readTokens(ctx, options.tokens);
  const configured = tokens === undefined ? undefined : http.staticTokens(tokens);
  const sessionSecret = sessionSecretOf(ctx, options);
  const store = openExisting(ctx, options.db);
  let server: Awaited<ReturnType<typeof http.serve>> | undefined;
  try {
    const tree = await store.regionTree();
    if (!tree) {
      throw new ValidationError([
        {
          path: 'db',
          value: options.db,
          rule: 'cli.serve.regions',
          message: 'the store holds no region tree: import regions first',
          messageZh: '存储中没有行政区划：请先导入区划',
        },
      ]);
    }
    const root = tree.all().find((r) => r.parent === null || !tree.has(r.parent))!;
    let login: string | undefined;
    let auth = configured;
    if (!auth) {
      login = randomBytes(24).toString('base64url');
      auth = http.staticTokens({
        tokens: [
          {
            id: 'serve-admin',
            sha256: await http.hashToken(login),
            region: root.code,
            role: 'admin',
          },
        ],
      });
    }
    const app = http.createApp({
      store,
      auth,
      clock: () => todayOf(ctx),
      dashboard: {
        ...(options.period === undefined ? {} : { period: options.period }),
        ...(sessionSecret === undefined ? {} : { sessionSecret }),
      },
    });
    server = await http.serve({ app, port, host });
    const url = server.url;
    const loginUrl = login === undefined ? undefined : `${url}/login?token=${login}`;
    if (options.json) {
      printJson(ctx, {
        url,
        login: loginUrl ?? null,
        root: root.code,
        db: pathIn(ctx, options.db),
      });
    } else {
      ctx.stdout.write(
        say(
          lang,
          `正在服务 ${pathIn(ctx, options.db)}：${url}\n` +
            (loginUrl
              ? `看板（本次运行的一次性管理员令牌，区划 ${root.code}）：${loginUrl}\n`
              : `看板：${url}/login?token=<令牌文件中的令牌>\n`) +
            `接口文档：${url}/docs\n按 Ctrl-C 停止\n`,
          `serving ${pathIn(ctx, options.db)} at ${url}\n` +
            (loginUrl
              ? `dashboard (a one-time admin token for this run, region ${root.code}): ${loginUrl}\n`
              : `dashboard: ${url}/login?token=<a token of the tokens file>\n`) +
            `API reference: ${url}/docs\npress Ctrl-C to stop\n`,
        ),
      );
    }
    await (ctx.untilStopped ? ctx.untilStopped() : new Promise<never>(() => undefined));
    ctx.stderr.write(say(lang, '正在停止…\n', 'stopping…\n'));
  } finally {
    await server?.close();
    await store.close();
  }
  return EXIT.ok;
}

/**
 * Serve the API and dashboard over a store file until stopped.
 * @example
 * ```ts fragment
 * await serveCommand(ctx, { db: 'occhealth.db', port: '0' })
 * ```
 */
export async function serveCommand(
  ctx: CommandContext,
  options: ServeCommandOptions,
): Promise<ExitCode> {
  return serveStore(ctx, langOf(ctx.env, options.lang), options);
}
