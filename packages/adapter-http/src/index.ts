/**
 * @module @occhealth/adapter-http
 * The occhealth REST API: `createApp({ store, auth, … })` returns a Hono app with OpenAPI 3.1 at
 * `/openapi.json`, bearer-token principals scoped to a region subtree, RFC 9457 problem documents,
 * ETags and `If-Match`, idempotent imports and a per-token rate limit; `serve()` starts it on Node.
 */

export type { AppOptions, AppType } from './app.js';
export { createApp, MAX_JSON_DEPTH } from './app.js';
export type { AuthCallback, Principal, Role, StaticTokenConfig } from './auth.js';
export {
  hashToken,
  hasRole,
  principalSchema,
  ROLES,
  staticTokenConfigSchema,
  staticTokens,
} from './auth.js';
export type { Env } from './context.js';
export type { DashboardOptions } from './dashboard.js';
export type { IdempotencyCache, IdempotencyScope, StoredResponse } from './idempotency.js';
export {
  IDEMPOTENCY_CLAIM_MS,
  IDEMPOTENCY_TTL_MS,
  memoryIdempotencyCache,
  storeIdempotencyCache,
} from './idempotency.js';
export type { RunningServer, ServeOptions } from './node.js';
export { serve } from './node.js';
export type { HttpErrorCode, Lang, Problem, ProblemCode, ProblemField } from './problem.js';
export { HTTP_STATUS_OF, HttpError, languageOf, problemOf } from './problem.js';
export type { RateLimitOptions } from './rate-limit.js';
export { REPORT_FORMATS, REPORT_TEMPLATES } from './routes/reports.js';
export { SESSION_COOKIE } from './session.js';
export { VERSION } from './version.js';
