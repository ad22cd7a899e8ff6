/**
 * @module idempotency
 * `Idempotency-Key` on bulk imports: the first response to a key is kept (24 hours by default) and
 * replayed for a retry with the same request; the same key with another request is a 422
 * (`idempotency.reused`), and a retry while the first request still runs in this process is a 429
 * with `Retry-After`. A request that failed is not kept (nothing was written), so its retry runs
 * again. Keys are per principal.
 *
 * Where the store has the port's optional `idempotency` capability (MemoryStore, SQLite,
 * PostgreSQL), the responses are kept **in the store** — they survive a restart and are shared by
 * every process serving that database ({@link storeIdempotencyCache}, the default of `createApp`).
 * Otherwise they live in the app's memory ({@link memoryIdempotencyCache}, bounded).
 */
import { type IdempotencyStore, ValidationError } from '@occhealth/core';
import { HttpError } from './problem.js';

/** A stored response. */
export interface StoredResponse {
  /** HTTP status of the first answer. */
  readonly status: number;
  /** Its body, as sent. */
  readonly body: string;
  /** Its `Content-Type` header. */
  readonly contentType: string;
}

/** Whose key: a principal id and the client's `Idempotency-Key`. */
export interface IdempotencyScope {
  /** The id of the principal that sent the request. */
  readonly principal: string;
  /** The client's `Idempotency-Key` header. */
  readonly key: string;
}

/** Where idempotency keys and their responses are kept. */
export interface IdempotencyCache {
  /**
   * Run `work` once per (principal, key): a retry with the same fingerprint (lower-case hex
   * SHA-256 of the request) gets the stored response, another fingerprint a 422, a concurrent
   * retry a 429.
   */
  once(
    scope: IdempotencyScope,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
  ): Promise<{ response: StoredResponse; replayed: boolean }>;
}

/** Default time a key is kept: 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

function reused(key: string): ValidationError {
  return ValidationError.of({
    path: 'header.Idempotency-Key',
    value: key,
    rule: 'idempotency.reused',
    message: 'this Idempotency-Key was already used with a different request',
    messageZh: '该 Idempotency-Key 已用于内容不同的请求',
  });
}

function stillRunning(): HttpError {
  return new HttpError(
    'RATE_LIMITED',
    'a request with this Idempotency-Key is still running; retry later',
    '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
    { headers: { 'Retry-After': '1' } },
  );
}

/**
 * An in-memory {@link IdempotencyCache} holding at most `maxEntries` keys for `ttlMs`.
 * @example
 * ```ts
 * const cache = memoryIdempotencyCache({ ttlMs: 60_000 });
 * const scope = { principal: 'km-reporter', key: 'facts-2025-06-01' };
 * const fingerprint = await hashToken('POST /facts {"facts":[…]}');
 * let runs = 0;
 * const work = async () => ({ status: 201, body: `{"run":${++runs}}`, contentType: 'application/json' });
 * const first = await cache.once(scope, fingerprint, work);
 * const retry = await cache.once(scope, fingerprint, work);
 * console.log(first.replayed, retry.replayed, retry.response.body, runs);
 * // → false true {"run":1} 1
 * ```
 */
export function memoryIdempotencyCache(
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): IdempotencyCache {
  const ttl = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const max = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<
    string,
    { fingerprint: string; at: number; response?: StoredResponse; running?: Promise<unknown> }
  >();
  const sweep = () => {
    const t = now();
    for (const [k, e] of entries) if (!e.running && t - e.at >= ttl) entries.delete(k);
    while (entries.size >= max) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };
  return {
    async once(scope, fingerprint, work) {
      const id = JSON.stringify([scope.principal, scope.key]);
      const existing = entries.get(id);
      if (existing && (existing.running || now() - existing.at < ttl)) {
        if (existing.fingerprint !== fingerprint) throw reused(scope.key);
        if (existing.running || !existing.response) throw stillRunning();
        return { response: existing.response, replayed: true };
      }
      sweep();
      const entry: {
        fingerprint: string;
        at: number;
        response?: StoredResponse;
        running?: Promise<unknown>;
      } = { fingerprint, at: now() };
      entries.set(id, entry);
      const running = work();
      entry.running = running;
      try {
        const response = await running;
        entry.response = response;
        entry.at = now();
        return { response, replayed: false };
      } catch (error) {
        entries.delete(id);
        throw error;
      } finally {
        delete entry.running;
      }
    },
  };
}

/**
 * An {@link IdempotencyCache} over a store's `idempotency` capability: responses kept in the
 * store for `ttlMs` (default 24 hours; the store's clock decides expiry). Retries racing within
 * this process are refused with a 429 while the first runs; two processes racing on one key may
 * both run the request (imports are upserts, so the data is the same), and the store keeps the
 * first response.
 * @example
 * ```ts
 * const store = openSqliteStore(':memory:');
 * const cache = storeIdempotencyCache(store.idempotency!, { ttlMs: 3_600_000 });
 * // createApp({ store, auth, idempotency: cache }) — the default when the store has the capability
 * const scope = { principal: 'km-reporter', key: 'facts-2025-06-01' };
 * const work = async () => ({ status: 201, body: '{"written":3}', contentType: 'application/json' });
 * await cache.once(scope, await hashToken('request A'), work);
 * const retry = await cache.once(scope, await hashToken('request A'), work);
 * console.log(retry.replayed, retry.response.status);
 * // → true 201
 * await cache.once(scope, await hashToken('request B'), work).catch((e) => console.log(e.code));
 * // → VALIDATION_FAILED
 * await store.close();
 * ```
 */
export function storeIdempotencyCache(
  kept: IdempotencyStore,
  options: { ttlMs?: number; now?: () => number } = {},
): IdempotencyCache {
  const ttl = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, string>();
  return {
    async once(scope, fingerprint, work) {
      const id = JSON.stringify([scope.principal, scope.key]);
      const flying = inFlight.get(id);
      if (flying !== undefined) {
        if (flying !== fingerprint) throw reused(scope.key);
        throw stillRunning();
      }
      inFlight.set(id, fingerprint);
      try {
        const found = await kept.get(scope.principal, scope.key);
        if (found) {
          if (found.requestHash !== fingerprint) throw reused(scope.key);
          return {
            response: { status: found.status, body: found.body, contentType: found.contentType },
            replayed: true,
          };
        }
        const response = await work();
        await kept.put({
          principal: scope.principal,
          key: scope.key,
          requestHash: fingerprint,
          status: response.status,
          contentType: response.contentType,
          body: response.body,
          expiresAt: new Date(now() + ttl).toISOString(),
        });
        return { response, replayed: false };
      } finally {
        inFlight.delete(id);
      }
    },
  };
}
