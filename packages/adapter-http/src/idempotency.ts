/**
 * @module idempotency
 * `Idempotency-Key` on bulk imports: the first response to a key is kept (24 hours by default) and
 * replayed for a retry with the same request; the same key with another request is a 422
 * (`idempotency.reused`). While the first request still runs, a retry with the same key gets a
 * **409 Conflict** (`urn:occhealth:problem:idempotency-in-progress`, `Retry-After: 1`) at once —
 * no call waits for another — and is answered from the kept response once the first finishes. A
 * request that failed is not kept (nothing was written): its claim is released and its retry runs
 * again. Keys are per principal.
 *
 * Where the store has the port's optional `idempotency` capability (MemoryStore, SQLite,
 * PostgreSQL), keys are **claimed in the store** before the work runs ({@link storeIdempotencyCache},
 * the default of `createApp`): one atomic step of the store, so of all the processes serving one
 * database exactly one runs a key's request; the responses survive a restart. A claim whose
 * process died mid-request expires after `claimMs` (5 minutes by default, {@link
 * IDEMPOTENCY_CLAIM_MS}) by the store's clock and is then taken over by the next retry, so no key
 * stays blocked. Otherwise keys live in the app's memory ({@link memoryIdempotencyCache},
 * bounded, one process only).
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
   * SHA-256 of the request) gets the stored response, another fingerprint a 422, a retry while
   * the first still runs a 409 with `Retry-After`.
   */
  once(
    scope: IdempotencyScope,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
  ): Promise<{ response: StoredResponse; replayed: boolean }>;
}

/** Default time a key is kept: 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Default time a claim holds before it counts as stale (its process died) and the next retry
 * takes it over: 5 minutes. Choose `claimMs` longer than the slowest import.
 */
export const IDEMPOTENCY_CLAIM_MS = 5 * 60 * 1000;

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
    'IDEMPOTENCY_IN_PROGRESS',
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
 * An {@link IdempotencyCache} over a store's `idempotency` capability: before the work runs, the
 * key is claimed in the store in one atomic step, so of every process sharing the store exactly
 * one runs it; the others get a 409 (`idempotency-in-progress`, `Retry-After`) while it runs and
 * the kept response after. Responses are kept for `ttlMs` (default 24 hours); a claim left by a
 * process that died is taken over after `claimMs` (default 5 minutes); both by the store's clock.
 * A failed request releases its claim, so its retry runs again.
 * @example
 * ```ts
 * const store = openSqliteStore(':memory:');
 * const cache = storeIdempotencyCache(store.idempotency!, { ttlMs: 3_600_000, claimMs: 60_000 });
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
  options: { ttlMs?: number; claimMs?: number; now?: () => number } = {},
): IdempotencyCache {
  const ttl = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const claimMs = options.claimMs ?? IDEMPOTENCY_CLAIM_MS;
  const now = options.now ?? Date.now;
  return {
    async once(scope, fingerprint, work) {
      const taken = await kept.claim({
        principal: scope.principal,
        key: scope.key,
        requestHash: fingerprint,
        claimMs,
      });
      if (taken.outcome === 'done') {
        if (taken.record.requestHash !== fingerprint) throw reused(scope.key);
        const { status, body, contentType } = taken.record;
        return { response: { status, body, contentType }, replayed: true };
      }
      if (taken.outcome === 'pending') {
        if (taken.claim.requestHash !== fingerprint) throw reused(scope.key);
        throw stillRunning();
      }
      let response: StoredResponse;
      try {
        response = await work();
      } catch (error) {
        // Nothing was written: free the key so the retry runs again (a failed release leaves the
        // claim to expire).
        await kept.release(taken.claim).catch(() => undefined);
        throw error;
      }
      const record = await kept.complete(taken.claim, {
        status: response.status,
        contentType: response.contentType,
        body: response.body,
        expiresAt: new Date(now() + ttl).toISOString(),
      });
      // Normally this request's own response; the first one kept when a slow holder's claim was
      // taken over and the other finished first.
      return {
        response: { status: record.status, body: record.body, contentType: record.contentType },
        replayed: record.body !== response.body || record.status !== response.status,
      };
    },
  };
}
