/**
 * @module store/idempotency
 * The optional idempotency capability of a store: responses of requests sent with an
 * `Idempotency-Key`, kept per (principal, key) until they expire, so a retried request is
 * answered from the store instead of being applied twice — across restarts and across the
 * processes that share the store. The HTTP adapter uses it when the store has it.
 *
 * Before doing the work, the first request **claims** its key with one atomic step of the store
 * ({@link IdempotencyStore.claim}): a pending entry (principal, key, request hash, when it was
 * claimed, when the claim expires). Every other request with the key — in this process or in
 * another one over the same database — then sees the pending claim (or, once the work is done,
 * the kept response) instead of running the work a second time. Completion replaces the claim
 * by the response ({@link IdempotencyStore.complete}); a failed request releases it
 * ({@link IdempotencyStore.release}); a claim whose holder died expires after the bounded time
 * the claimant asked for and is then taken over by the next claim, so no key stays blocked.
 */
import { ValidationError, type ValidationIssue } from '../errors/index.js';
import { newAuditSecret } from './sha256.js';

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

/** What a claimant asks for: its (principal, key), its request's hash and how long to hold. */
export interface IdempotencyClaimRequest {
  /** Who sends the request (a principal id). */
  readonly principal: string;
  /** The client's key. */
  readonly key: string;
  /** Lower-case hex SHA-256 of the request. */
  readonly requestHash: string;
  /**
   * How long the claim holds, in ms (1 to {@link MAX_IDEMPOTENCY_CLAIM_MS}), counted by the
   * store's clock: after it, the claim is stale and the next claimant takes it over. Choose it
   * longer than the slowest request.
   */
  readonly claimMs: number;
}

/** A pending entry: a request with this key is running (or its process died). */
export interface IdempotencyClaim {
  /** Who sent the request. */
  readonly principal: string;
  /** The client's key. */
  readonly key: string;
  /** Lower-case hex SHA-256 of the request that holds the claim. */
  readonly requestHash: string;
  /** When it was claimed (ISO 8601 UTC, the store's clock). */
  readonly claimedAt: string;
  /** When it becomes stale and can be taken over (ISO 8601 UTC). */
  readonly claimExpiresAt: string;
}

/** A claim held by the caller: its `token` (32 lower-case hex digits) completes or releases it. */
export interface HeldIdempotencyClaim extends IdempotencyClaim {
  /** Random id of this holding; a holder whose claim was taken over can no longer remove it. */
  readonly token: string;
}

/**
 * The answer of {@link IdempotencyStore.claim}: `claimed` (the caller runs the work), `pending`
 * (another live claim holds the key; its request hash tells a retry from a reuse) or `done`
 * (the kept response).
 */
export type IdempotencyClaimResult =
  | { readonly outcome: 'claimed'; readonly claim: HeldIdempotencyClaim }
  | { readonly outcome: 'pending'; readonly claim: IdempotencyClaim }
  | { readonly outcome: 'done'; readonly record: IdempotencyRecord };

/** The response a holder keeps when it completes: a record without its (principal, key, hash). */
export type IdempotencyResponse = Pick<
  IdempotencyRecord,
  'status' | 'contentType' | 'body' | 'expiresAt'
>;

/**
 * Idempotency records kept in a store (`Store.idempotency`). Expiry is decided by the store's
 * clock; an expired record reads as absent and is deleted by the next `put`.
 */
export interface IdempotencyStore {
  /**
   * Claim (principal, key) in one atomic step of the store, unless a live record or a live claim
   * holds it: a stale claim (past its `claimExpiresAt` by the store's clock) is taken over.
   * @throws ValidationError naming the bad field; StoreError when the store fails.
   */
  claim(request: IdempotencyClaimRequest): Promise<IdempotencyClaimResult>;
  /**
   * Replace the held claim by its response, in one transaction, and return the record kept (the
   * first writer wins: if the claim was taken over and the other holder completed first, its
   * record). A claim that is no longer held is left to its holder.
   * @throws ValidationError naming the bad field; StoreError when the store fails.
   */
  complete(claim: HeldIdempotencyClaim, response: IdempotencyResponse): Promise<IdempotencyRecord>;
  /**
   * Drop the held claim (its request failed and wrote nothing, so a retry runs again); false when
   * it was no longer held (expired and taken over).
   * @throws ValidationError naming the bad field; StoreError when the store fails.
   */
  release(claim: HeldIdempotencyClaim): Promise<boolean>;
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

/** Longest claim a claimant may ask for: 24 hours. */
export const MAX_IDEMPOTENCY_CLAIM_MS = 24 * 60 * 60 * 1000;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Check a record before a store keeps it; returns a plain copy.
 * @example checkIdempotencyRecord({ key: '' }) // throws ValidationError
 * @throws ValidationError (`idempotency.*`) naming every bad field.
 */
export function checkIdempotencyRecord(record: unknown): IdempotencyRecord {
  const r = (record ?? {}) as Record<string, unknown>;
  const { issues, bad } = checker(r);
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

/** The field checks shared by records, claim requests and held claims. */
function checker(r: Record<string, unknown>) {
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
  return { issues, bad };
}

/**
 * Check a claim request before a store takes the claim; returns a plain copy.
 * @example checkIdempotencyClaimRequest({ principal: 'p', key: 'k', requestHash: 'a'.repeat(64), claimMs: 0 }) // throws ValidationError (claimMs)
 * @throws ValidationError (`idempotency.*`) naming every bad field.
 */
export function checkIdempotencyClaimRequest(request: unknown): IdempotencyClaimRequest {
  const r = (request ?? {}) as Record<string, unknown>;
  const { issues, bad } = checker(r);
  if (
    !Number.isInteger(r.claimMs) ||
    (r.claimMs as number) < 1 ||
    (r.claimMs as number) > MAX_IDEMPOTENCY_CLAIM_MS
  ) {
    bad(
      'claimMs',
      'claim-ms',
      `must be a whole number of milliseconds from 1 to ${MAX_IDEMPOTENCY_CLAIM_MS}`,
      `须为 1 至 ${MAX_IDEMPOTENCY_CLAIM_MS} 之间的整数毫秒`,
    );
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    principal: r.principal as string,
    key: r.key as string,
    requestHash: r.requestHash as string,
    claimMs: r.claimMs as number,
  };
}

/**
 * Check a held claim (as `complete` and `release` receive it): its (principal, key, hash) and
 * its 32-hex-digit token.
 * @example checkHeldIdempotencyClaim({ principal: 'p', key: 'k', requestHash: 'a'.repeat(64), token: 'x' }) // throws ValidationError (token)
 * @throws ValidationError (`idempotency.*`) naming every bad field.
 */
export function checkHeldIdempotencyClaim(
  claim: unknown,
): Pick<HeldIdempotencyClaim, 'principal' | 'key' | 'requestHash' | 'token'> {
  const r = (claim ?? {}) as Record<string, unknown>;
  const { issues, bad } = checker(r);
  if (typeof r.token !== 'string' || !/^[0-9a-f]{32}$/.test(r.token)) {
    bad('token', 'token', 'must be 32 lower-case hex digits', '须为 32 位小写十六进制');
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    principal: r.principal as string,
    key: r.key as string,
    requestHash: r.requestHash as string,
    token: r.token as string,
  };
}

/**
 * A new random claim token: 32 lower-case hex digits from the runtime's cryptographic source.
 * @example newIdempotencyClaimToken().length // 32
 */
export function newIdempotencyClaimToken(): string {
  return newAuditSecret().slice(0, 32);
}

/**
 * The instant `ms` after `now`, as the ISO 8601 UTC text stores keep (millisecond precision).
 * @example claimExpiry(new Date('2025-06-15T04:00:00.000Z'), 60_000) // '2025-06-15T04:01:00.000Z'
 */
export function claimExpiry(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}
