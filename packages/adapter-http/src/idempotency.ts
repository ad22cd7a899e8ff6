/**
 * @module idempotency
 * `Idempotency-Key` on bulk imports: the first response to a key is kept (24 hours by default) and
 * replayed for a retry with the same body; the same key with another body is a 400
 * (`idempotency.reused`), and a retry while the first request still runs is a 429 with
 * `Retry-After`. A request that failed is not kept (nothing was written), so its retry runs again. Keys are per principal. The store port has no
 * table for them yet, so they live in the app's memory (bounded); a store-backed cache implements
 * the same interface.
 */
import { HttpError } from './problem.js';

/** A stored response. */
export interface StoredResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/** Where idempotency keys and their responses are kept. */
export interface IdempotencyCache {
  /**
   * Run `work` once per key: a retry with the same fingerprint gets the stored response, another
   * fingerprint an error, a concurrent retry a conflict.
   */
  once(
    key: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
  ): Promise<{ response: StoredResponse; replayed: boolean }>;
}

/** Default time a key is kept: 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** An in-memory {@link IdempotencyCache} holding at most `maxEntries` keys for `ttlMs`. */
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
    async once(key, fingerprint, work) {
      const existing = entries.get(key);
      if (existing && (existing.running || now() - existing.at < ttl)) {
        if (existing.fingerprint !== fingerprint) {
          throw new HttpError(
            'BAD_REQUEST',
            'this Idempotency-Key was already used with a different request body',
            '该 Idempotency-Key 已用于内容不同的请求',
            {
              issues: [
                {
                  path: 'Idempotency-Key',
                  value: key.split('\u0000').pop(),
                  rule: 'idempotency.reused',
                  message: 'already used with a different request body',
                  messageZh: '已用于内容不同的请求',
                },
              ],
            },
          );
        }
        if (existing.running || !existing.response) {
          throw new HttpError(
            'RATE_LIMITED',
            'a request with this Idempotency-Key is still running; retry later',
            '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
            { headers: { 'Retry-After': '1' } },
          );
        }
        return { response: existing.response, replayed: true };
      }
      sweep();
      const entry: {
        fingerprint: string;
        at: number;
        response?: StoredResponse;
        running?: Promise<unknown>;
      } = { fingerprint, at: now() };
      entries.set(key, entry);
      const running = work();
      entry.running = running;
      try {
        const response = await running;
        entry.response = response;
        entry.at = now();
        return { response, replayed: false };
      } catch (error) {
        entries.delete(key);
        throw error;
      } finally {
        delete entry.running;
      }
    },
  };
}
