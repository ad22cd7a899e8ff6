/**
 * @module rate-limit
 * A fixed-window request limit per principal, announced with the IETF `RateLimit-Policy` and
 * `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers) and `Retry-After` on a 429.
 */
import { HttpError } from './problem.js';

/** Options of the per-token rate limit. */
export interface RateLimitOptions {
  /** Requests allowed per window and token (default 600). */
  readonly limit?: number;
  /** Window length in seconds (default 60). */
  readonly windowSeconds?: number;
}

/** A limiter: count one request of `key`, returning the headers to send, or throw a 429. */
export type Limiter = (key: string) => Record<string, string>;

/** A fixed-window limiter (memory bounded by the number of keys seen in one window). */
export function fixedWindowLimiter(options: RateLimitOptions, now: () => number): Limiter {
  const limit = options.limit ?? 600;
  const windowMs = (options.windowSeconds ?? 60) * 1000;
  if (!Number.isInteger(limit) || limit < 1 || !Number.isFinite(windowMs) || windowMs < 1000) {
    throw new RangeError('rateLimit: limit must be an integer ≥ 1 and windowSeconds ≥ 1');
  }
  let windowStart = 0;
  let counts = new Map<string, number>();
  const policy = `"per-token";q=${limit};w=${windowMs / 1000}`;
  return (key) => {
    const t = now();
    if (t - windowStart >= windowMs) {
      windowStart = t - (t % windowMs);
      counts = new Map();
    }
    const used = (counts.get(key) ?? 0) + 1;
    counts.set(key, used);
    const reset = Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000));
    const headers = {
      'RateLimit-Policy': policy,
      RateLimit: `"per-token";r=${Math.max(0, limit - used)};t=${reset}`,
    };
    if (used > limit) {
      throw new HttpError(
        'RATE_LIMITED',
        `more than ${limit} requests in ${windowMs / 1000} s; retry in ${reset} s`,
        `${windowMs / 1000} 秒内请求超过 ${limit} 次，请 ${reset} 秒后重试`,
        { headers: { ...headers, 'Retry-After': String(reset) } },
      );
    }
    return headers;
  };
}
