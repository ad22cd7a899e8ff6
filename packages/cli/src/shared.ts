/**
 * @module shared
 * Helpers the commands share: paths, plans (a pack id or a JSON plan file), stores, regions,
 * option values and output.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqliteStore, type SqliteStore } from '@occhealth/adapter-sqlite';
import {
  definePlan,
  getPlan,
  NotFoundError,
  PLAN_IDS,
  type Plan,
  type Region,
  type Store,
  ValidationError,
} from '@occhealth/core';
import type { CommandContext } from './context.js';
import { UsageError } from './failure.js';

/** A path resolved against the run's working directory. */
export function pathIn(ctx: CommandContext, path: string): string {
  return resolve(ctx.cwd, path);
}

/**
 * The plan named by `--plan`: a built-in pack id, or the path of a JSON plan file validated by
 * `definePlan()`.
 * @throws NotFoundError for neither; ValidationError for a file that is not a valid plan.
 */
export function resolvePlan(ctx: CommandContext, arg: string | undefined): Plan {
  if (arg === undefined || arg === '') {
    throw new UsageError(
      '--plan',
      arg,
      `--plan is required: a pack id (${PLAN_IDS.join(', ')}) or a JSON plan file`,
      `必须给出 --plan：方案标识（${PLAN_IDS.join('、')}）或 JSON 方案文件`,
    );
  }
  const pack = getPlan(arg);
  if (pack) return pack;
  const path = pathIn(ctx, arg);
  if (!existsSync(path) || statSync(path).isDirectory())
    throw new NotFoundError('plan', arg, '方案');
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw ValidationError.of({
      path: 'plan',
      value: arg,
      rule: 'plan.json',
      message: `${arg} is not valid JSON: ${(error as Error).message}`,
      messageZh: `${arg} 不是有效的 JSON：${(error as Error).message}`,
    });
  }
  return definePlan(input as Parameters<typeof definePlan>[0]);
}

/**
 * Open an existing store file (a missing file is not created: NotFoundError).
 * @throws NotFoundError when the file does not exist; StoreError when it is not an occhealth store.
 */
export function openExisting(ctx: CommandContext, db: string): SqliteStore {
  const path = pathIn(ctx, db);
  if (!existsSync(path)) throw new NotFoundError('database file', db, '数据库文件');
  return openSqliteStore(path);
}

/** Run `body` with an open store, closing it afterwards. */
export async function withStore<T>(
  ctx: CommandContext,
  db: string,
  body: (store: SqliteStore) => Promise<T>,
): Promise<T> {
  const store = openExisting(ctx, db);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** The region `code` of the store's tree. @throws NotFoundError when the store has no such region. */
export async function regionOf(store: Store, code: string | undefined): Promise<Region> {
  if (code === undefined || code === '') {
    throw new UsageError('--region', code, '--region is required', '必须给出 --region（区划代码）');
  }
  const tree = await store.regionTree();
  const region = tree?.get(code);
  if (!region) throw new NotFoundError('region', code, '区划');
  return region;
}

/** Check an option against its allowed values. @throws UsageError naming the allowed values. */
export function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    option,
    value,
    `${option} must be one of ${allowed.join(', ')} (got ${value})`,
    `${option} 应为 ${allowed.join('、')} 之一（实际为 ${value}）`,
  );
}

/** A required option. @throws UsageError when it is missing. */
export function required(option: string, value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new UsageError(option, value, `${option} is required`, `必须给出 ${option}`);
  }
  return value;
}

/** Write `content` to `--out` (returns the absolute path) or, without it, to stdout. */
export function emit(
  ctx: CommandContext,
  out: string | undefined,
  content: string | Uint8Array,
): string | undefined {
  if (out === undefined) {
    ctx.stdout.write(
      typeof content === 'string' && !content.endsWith('\n') ? `${content}\n` : content,
    );
    return undefined;
  }
  const path = pathIn(ctx, out);
  writeFileSync(path, content);
  return path;
}

/** JSON for scripts: Decimals become strings (their `toJSON`), one document per line. */
export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value)}\n`);
}
