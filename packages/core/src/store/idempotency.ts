/**
 * @module store/idempotency
 * The optional idempotency capability of a store: responses of requests sent with an
 * `Idempotency-Key`, kept per (principal, key) until they expire, so a retried request is
 * answered from the store instead of being applied twice — across restarts and across the
 * processes that share the store. The HTTP adapter uses it when the store has it.
 */
import { ValidationError, type ValidationIssue } from '../errors/index.js';

/** One kept response of an `Idempotency-Key`. */
export interface IdempotencyRecord {
  /** Who sent the request (a principal id): keys of different principals never meet. */
  readonly principal: string;
  /** The client's key (printable ASCII, at most {@link MAX_IDEMPOTENCY_KEY_LENGTH} characters). */
  readonly key: string;
  /** Lower-case hex SHA-256 of the request, to tell a retry from another request with the key. */
  readonly requestHash: string;
  /** HTTP status of the kept response. */
  readonly status: number;
  /** Content type of the kept response. */
  readonly contentType: string;
  /** Body of the kept response. */
  readonly body: string;
  /** The instant (ISO 8601 UTC, e.g. `2025-06-16T04:00:00.000Z`) after which it is forgotten. */
  readonly expiresAt: string;
}

/**
 * Idempotency records kept in a store (`Store.idempotency`). Expiry is decided by the store's
 * clock; an expired record reads as absent and is deleted by the next `put`.
 */
export interface IdempotencyStore {
  /** The live record of (principal, key), or undefined. */
  get(principal: string, key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Keep `record` unless a live record of the same (principal, key) exists, and return the
   * record kept: the first writer wins, so two processes racing on one key agree.
   * @throws ValidationError naming the bad field; StoreError when the store fails.
   */
  put(record: IdempotencyRecord): Promise<IdempotencyRecord>;
}

/** Longest idempotency key and principal id accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;
/** Largest kept body, in characters (16 MiB). */
export const MAX_IDEMPOTENCY_BODY_LENGTH = 16 * 1024 * 1024;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Check a record before a store keeps it; returns a plain copy.
 * @example checkIdempotencyRecord({ key: '' }) // throws ValidationError
 * @throws ValidationError (`idempotency.*`) naming every bad field.
 */
export function checkIdempotencyRecord(record: unknown): IdempotencyRecord {
  const r = (record ?? {}) as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const bad = (path: string, rule: string, message: string, messageZh: string) =>
    issues.push({
      path,
      value: typeof r[path] === 'string' ? (r[path] as string).slice(0, 200) : r[path],
      rule: `idempotency.${rule}`,
      message,
      messageZh,
    });
  for (const field of ['principal', 'key'] as const) {
    const v = r[field];
    if (
      typeof v !== 'string' ||
      !/^[\x20-\x7e]+$/.test(v) ||
      v.length > MAX_IDEMPOTENCY_KEY_LENGTH
    ) {
      bad(
        field,
        field,
        `must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`,
        `须为 1–${MAX_IDEMPOTENCY_KEY_LENGTH} 个可打印 ASCII 字符`,
      );
    }
  }
  if (typeof r.requestHash !== 'string' || !/^[0-9a-f]{64}$/.test(r.requestHash)) {
    bad(
      'requestHash',
      'request-hash',
      'must be 64 lower-case hex digits',
      '须为 64 位小写十六进制',
    );
  }
  if (!Number.isInteger(r.status) || (r.status as number) < 100 || (r.status as number) > 599) {
    bad('status', 'status', 'must be an HTTP status (100–599)', '须为 HTTP 状态码（100–599）');
  }
  if (typeof r.contentType !== 'string' || r.contentType.length > 256) {
    bad('contentType', 'content-type', 'must be a content type', '须为内容类型');
  }
  if (typeof r.body !== 'string' || r.body.length > MAX_IDEMPOTENCY_BODY_LENGTH) {
    bad(
      'body',
      'body',
      `must be text of at most ${MAX_IDEMPOTENCY_BODY_LENGTH} characters`,
      `须为不超过 ${MAX_IDEMPOTENCY_BODY_LENGTH} 个字符的文本`,
    );
  }
  if (
    typeof r.expiresAt !== 'string' ||
    !ISO_INSTANT.test(r.expiresAt) ||
    Number.isNaN(Date.parse(r.expiresAt))
  ) {
    bad('expiresAt', 'expires-at', 'must be an ISO 8601 UTC instant', '须为 ISO 8601 UTC 时刻');
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    principal: r.principal as string,
    key: r.key as string,
    requestHash: r.requestHash as string,
    status: r.status as number,
    contentType: r.contentType as string,
    body: r.body as string,
    expiresAt: new Date(r.expiresAt as string).toISOString(),
  };
}
