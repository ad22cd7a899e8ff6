/**
 * @module driver
 * The structural types of the node-postgres objects the store uses (so the driver stays a peer
 * dependency and any `pg`-compatible pool fits), and the mapping of driver failures to the core's
 * typed errors: one condition, one error, whichever path raised it.
 */
import { OccHealthError, StoreError } from '@occhealth/core';

/** What a query returns (the subset of `pg`'s `QueryResult` the store reads). */
export interface PgResult {
  /** The rows, one object per row keyed by column name. */
  readonly rows: Record<string, unknown>[];
  /** Rows the statement inserted, updated, deleted or returned (null when the server gives none). */
  readonly rowCount: number | null;
}

/** A checked-out connection (`pg.PoolClient`). */
export interface PgClient {
  /** Run one statement with bound values (or several, without values). */
  query(text: string, values?: readonly unknown[]): Promise<PgResult>;
  /** `pg`'s submittable form, used for `COPY … FROM STDIN` streams. */
  query<T extends object>(submittable: T): T;
  /** Give the connection back to the pool (an error destroys it). */
  release(error?: Error | boolean): void;
}

/** A connection pool (`pg.Pool`, or anything with the same two methods). */
export interface PgPool {
  /** Check a connection out. */
  connect(): Promise<PgClient>;
  /** Close every connection (the store calls it only on a pool it opened itself). */
  end(): Promise<void>;
}

/** SQLSTATE codes after which the whole write is planned and tried again. */
export const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '23505', // unique_violation: a concurrent writer inserted the same key first
]);

/** The SQLSTATE of a driver error, if any. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const FAILURES: Record<string, [string, string]> = {
  '40001': [
    'concurrent writes kept conflicting (serialization failure); try again',
    '并发写入持续冲突（序列化失败），请重试',
  ],
  '40P01': ['concurrent writes deadlocked; try again', '并发写入发生死锁，请重试'],
  '23505': [
    'concurrent writes kept inserting the same keys; try again',
    '并发写入持续插入相同的键，请重试',
  ],
  '55P03': [
    'another transaction holds the rows or tables needed (lock timeout)',
    '所需的行或表被其他事务锁定（锁等待超时）',
  ],
  '57014': ['the statement was cancelled (statement timeout)', '语句被取消（语句超时）'],
  '53100': ['the database server disk is full', '数据库服务器磁盘已满'],
  '28P01': ['the password was refused', '密码验证失败'],
  '3D000': ['the database does not exist', '数据库不存在'],
  '25006': ['the server is read-only (a standby)', '服务器为只读（备用库）'],
};

/** The typed error for a driver failure (a core error passes through unchanged). */
export function wrap(error: unknown): unknown {
  if (error instanceof OccHealthError) return error;
  const state = sqlState(error);
  if (state !== undefined) {
    const known = FAILURES[state] ?? FAILURES[`${state.slice(0, 2)}000`];
    const message = (error as Error).message;
    return new StoreError(
      'postgres',
      known ? `${known[0]} (${state}: ${message})` : `${message} (${state})`,
      { cause: error, messageZh: known ? `${known[1]}（${state}）` : `${message}（${state}）` },
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new StoreError('postgres', `cannot reach the database server (${code})`, {
      cause: error,
      messageZh: `无法连接数据库服务器（${code}）`,
    });
  }
  return error;
}

/** A quoted identifier (`"occhealth"`), for the schema name; refuses anything but `[a-z_][a-z0-9_]*`. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(
      'postgres',
      `schema must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters): ${JSON.stringify(schema)}`,
      {
        messageZh: `schema 须为小写标识符（[a-z_][a-z0-9_]*，最多 63 个字符）：${JSON.stringify(schema)}`,
      },
    );
  }
  return `"${schema}"`;
}
