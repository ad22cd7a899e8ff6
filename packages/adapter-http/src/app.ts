/**
 * @module app
 * `createApp()`: the occhealth REST API as a Hono app. Middleware in order: the caller's language,
 * CORS (only when configured), bearer authentication, the per-token rate limit, the body guard
 * (size limit, content type, JSON depth); then the route modules, the OpenAPI document at
 * `/openapi.json` and the reference page at `/docs`. Every thrown error becomes a problem document.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import {
  type IsoDate,
  NotFoundError,
  PLANS,
  type Plan,
  type Store,
  todayInChina,
  ValidationError,
} from '@occhealth/core';
import type { Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { AuthCallback, Principal } from './auth.js';
import { type Deps, type Env, type Pipeline, takePendingHeaders, treeCache } from './context.js';
import { type DashboardOptions, dashboardRoutes } from './dashboard.js';
import { DOCS_CSP, renderDocsPage } from './docs-page.js';
import {
  type IdempotencyCache,
  memoryIdempotencyCache,
  storeIdempotencyCache,
} from './idempotency.js';
import { loginPage, wantsHtml } from './login-page.js';
import { HttpError, type HttpErrorCode, languageOf, problemOf } from './problem.js';
import { fixedWindowLimiter, type Limiter, type RateLimitOptions } from './rate-limit.js';
import { validationHook } from './router.js';
import { analysisRoutes } from './routes/analysis.js';
import { auditRoutes } from './routes/audit.js';
import { employerRoutes } from './routes/employers.js';
import { healthRoutes } from './routes/health.js';
import { partyRoutes } from './routes/parties.js';
import { planRoutes } from './routes/plans.js';
import { reconcileRoutes } from './routes/reconcile.js';
import { recordRoutes } from './routes/records.js';
import { regionRoutes } from './routes/regions.js';
import { reportRoutes } from './routes/reports.js';
import { workflowRoutes } from './routes/workflow.js';
import {
  principalOfToken,
  SESSION_COOKIE,
  type Sessions,
  sealedSessions,
  sessionPrincipal,
  sessionRoutes,
} from './session.js';
import { VERSION } from './version.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The store served. */
  readonly store: Store;
  /** Bearer token → principal (e.g. {@link staticTokens}). */
  readonly auth: AuthCallback;
  /** Plans served (default: every policy pack of the core). */
  readonly plans?: readonly Plan[];
  /** Today in China time, for statuses and default reference dates (default `todayInChina()`). */
  readonly clock?: () => IsoDate;
  /** Per-token rate limit (default 600 requests a minute); `false` turns it off. */
  readonly rateLimit?: RateLimitOptions | false;
  /** Largest bodies in bytes: JSON writes (default 1 MiB) and imports (default 20 MiB). */
  readonly bodyLimit?: { readonly json?: number; readonly import?: number };
  /** Allowed CORS origins. CORS is off (no header sent) unless given. */
  readonly cors?: { readonly origin: string | readonly string[] };
  /**
   * Where idempotency keys are kept (default: in the store, 24 hours, when it has the port's
   * `idempotency` capability; otherwise in memory, 24 hours, 10 000 keys).
   */
  readonly idempotency?: IdempotencyCache;
  /** How long the region tree is cached, in ms (default 5000; writes through the app clear it). */
  readonly regionCacheMs?: number;
  /**
   * Serve the dashboard of `@occhealth/reports` at `/` and `/dashboard?plan&region&period`, with
   * `GET /login?token=…` (or the login page's form, `POST /login`) giving browsers a sealed
   * session cookie (accepted for GET and HEAD only; the token is checked with `auth` on every
   * request, so revoking it ends its sessions) and `POST /logout` clearing it. A browser without
   * a session gets the login page; an API client the 401 problem document. Off by default.
   */
  readonly dashboard?: boolean | DashboardOptions;
  /** Milliseconds clock of the rate limit and caches (default `Date.now`; for tests). */
  readonly now?: () => number;
}

/** Deepest JSON nesting accepted in a body. */
export const MAX_JSON_DEPTH = 32;

const PUBLIC_PATHS = new Set(['/health', '/version', '/openapi.json', '/docs']);
/** Paths of the session routes (public when the dashboard is on; their forms are not JSON). */
const SESSION_PATHS = new Set(['/login', '/logout']);
/** The dashboard's pages: a browser without a session gets the login page there. */
const DASHBOARD_PATHS = new Set(['/', '/dashboard']);
const MiB = 1024 * 1024;

const STATUS_CODES: Record<number, HttpErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The 401 of a request without a valid bearer token. */
const unauthenticated = (why: string, whyZh: string) =>
  new HttpError('UNAUTHENTICATED', why, whyZh, {
    headers: { 'WWW-Authenticate': 'Bearer realm="occhealth"' },
  });

/** A bearer `Authorization` header (the token: printable ASCII, at most 512 characters). */
const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

function respond(c: Context<Env>, error: unknown): Response {
  let thrown = error;
  if (error instanceof HTTPException) {
    const code = STATUS_CODES[error.status] ?? 'INTERNAL';
    thrown = new HttpError(code, error.message || code, error.message || code);
  }
  const lang = c.get('lang') ?? languageOf(c.req.header('Accept-Language'));
  const { problem, headers } = problemOf(thrown, lang, c.req.path);
  // The rate limit's headers, counted before the route failed (see `makePipeline`).
  const pending = takePendingHeaders(c);
  if (pending) for (const k in pending) c.header(k, pending[k]!);
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  c.header('Content-Language', lang === 'zh' ? 'zh-CN' : 'en');
  return c.body(JSON.stringify(problem), problem.status as 400, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

/** Nesting depth of a JSON text (strings skipped), stopping once past `max`. */
function jsonDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new HttpError(
      'PAYLOAD_TOO_LARGE',
      `the request body is larger than ${limit} bytes`,
      `请求体超过 ${limit} 字节`,
    );
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN);
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * The checks of a request body (media type, size, UTF-8, JSON nesting and syntax), which leave
 * the routes a fresh request over the bytes read; nothing to do for a method without a body or
 * a path in `skip`.
 */
function bodyGuard(
  limits: { json: number; import: number },
  skip: ReadonlySet<string>,
): (c: Context<Env>) => Promise<void> | undefined {
  return (c) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || skip.has(c.req.path)) {
      return undefined;
    }
    return checkBody(c, limits, method);
  };
}

async function checkBody(
  c: Context<Env>,
  limits: { json: number; import: number },
  method: string,
): Promise<void> {
  const isImport = c.req.path.startsWith('/imports/');
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!isImport && type !== 'application/json') {
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      `the body must be application/json, not ${type || 'untyped'}`,
      `请求体须为 application/json，而不是 ${type || '未声明类型'}`,
    );
  }
  const bytes = await readLimited(c.req.raw, isImport ? limits.import : limits.json);
  if (type === 'application/json') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new HttpError(
        'BAD_REQUEST',
        'the body is not valid UTF-8',
        '请求体不是有效的 UTF-8 文本',
      );
    }
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      throw new HttpError(
        'BAD_REQUEST',
        `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
        `JSON 请求体嵌套超过 ${MAX_JSON_DEPTH} 层`,
      );
    }
    try {
      JSON.parse(text);
    } catch (error) {
      throw new HttpError(
        'BAD_REQUEST',
        `the body is not valid JSON: ${(error as Error).message}`,
        `请求体不是有效的 JSON：${(error as Error).message}`,
      );
    }
  }
  // The original body is consumed: hand the routes a fresh request over the bytes read.
  c.req.raw = new Request(c.req.url, {
    method,
    headers: c.req.raw.headers,
    body: bytes,
    signal: c.req.raw.signal,
  });
}

/**
 * The principal of a request's session cookie (`undefined` without one). A browser loading a
 * dashboard page without a live session gets the login page instead (a {@link Response}); an
 * API client gets the 401 problem document.
 */
async function browserSession(
  c: Context<Env>,
  sessions: Sessions,
  auth: AuthCallback,
): Promise<Principal | Response | undefined> {
  const method = c.req.method;
  const page =
    (method === 'GET' || method === 'HEAD') &&
    DASHBOARD_PATHS.has(c.req.path) &&
    wantsHtml(c.req.raw);
  let principal: Principal | undefined;
  try {
    principal = await sessionPrincipal(c, sessions, auth);
  } catch (error) {
    if (!page || !(error instanceof HttpError)) throw error;
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return loginPage(c, { zh: error.messageZh, en: error.message });
  }
  return principal ?? (page ? loginPage(c) : undefined);
}

/** What {@link makePipeline} needs of the app. */
interface PipelineParts {
  readonly auth: AuthCallback;
  readonly sessions: Sessions | undefined;
  readonly limiter: Limiter | undefined;
  readonly guard: (c: Context<Env>) => Promise<void> | undefined;
  readonly invalidate: () => void;
}

/**
 * The checks around every route ({@link Pipeline}): the language; for any path but the public
 * and session ones the principal (session cookie or bearer token; a 401 without one), the rate
 * limit counted; the body checks. After the route: the rate limit's headers on its answer (a
 * problem document gets them from `respond`), and a successful write refreshes the cached tree.
 * Each step is synchronous while it can be (a token already matched, a bodiless method), so a
 * cached read is answered without an awaited step.
 */
function makePipeline({ auth, sessions, limiter, guard, invalidate }: PipelineParts): Pipeline {
  // An early answer (the login page), nothing (go on), or a promise of either.
  type Entered = Response | undefined | Promise<unknown>;
  const admit = (c: Context<Env>, principal: Principal | undefined): Entered => {
    if (!principal) throw unauthenticated('unknown or expired token', '令牌无效或已过期');
    c.set('principal', principal);
    // The rate limit's headers go on whatever answers the request, after it is built: set
    // before with `c.header()`, they would make every response build a `Headers` object.
    if (limiter) c.set('pendingHeaders', limiter(principal.id));
    return guard(c);
  };
  const withBearer = (c: Context<Env>): Entered => {
    const m = BEARER.exec(c.req.header('Authorization') ?? '');
    if (!m) throw unauthenticated('a bearer token is required', '需要 Bearer 令牌');
    const answer = principalOfToken(auth, m[1]!, c.req.raw);
    return answer instanceof Promise ? answer.then((p) => admit(c, p)) : admit(c, answer);
  };
  const withCookie = async (c: Context<Env>, s: Sessions) => {
    const cookie = await browserSession(c, s, auth);
    if (cookie instanceof Response) return cookie;
    return cookie ? admit(c, cookie) : withBearer(c);
  };
  const enter = (c: Context<Env>): Entered => {
    c.set('lang', languageOf(c.req.header('Accept-Language')));
    if (PUBLIC_PATHS.has(c.req.path) || (sessions && SESSION_PATHS.has(c.req.path))) {
      return guard(c);
    }
    if (sessions && !c.req.header('Authorization')) return withCookie(c, sessions);
    return withBearer(c);
  };
  const leave = (c: Context<Env>, res: Response): Response => {
    const pending = takePendingHeaders(c);
    if (pending) {
      const headers = res.headers;
      for (const k in pending) headers.set(k, pending[k]!);
    }
    if (c.req.method !== 'GET' && res.status < 400) invalidate();
    return res;
  };
  return {
    handler: (handler) =>
      ((c: Context<Env>, next: unknown) => {
        const run = (early: unknown) => {
          if (early instanceof Response) return early;
          const res = handler(c, next);
          return res instanceof Promise
            ? res.then((r: Response) => leave(c, r))
            : leave(c, res as Response);
        };
        const entered = enter(c);
        return entered instanceof Promise ? entered.then(run) : run(entered);
      }) as unknown as typeof handler,
    middleware: async (c, next) => {
      const entered = enter(c);
      const early = entered instanceof Promise ? await entered : entered;
      if (early instanceof Response) return early;
      await next();
      leave(c, c.res);
    },
  };
}

function checkOptions(options: AppOptions): void {
  const store = options?.store as unknown as Record<string, unknown> | undefined;
  const issues = [];
  if (!store || typeof store !== 'object' || typeof store.write !== 'function') {
    issues.push({
      path: 'store',
      value: store === null ? null : typeof store,
      rule: 'http.option.store',
      message: 'must be a Store',
      messageZh: '必须是存储对象',
    });
  }
  if (typeof options?.auth !== 'function') {
    issues.push({
      path: 'auth',
      value: typeof options?.auth,
      rule: 'http.option.auth',
      message: 'must be a function of a bearer token (e.g. staticTokens(config))',
      messageZh: '必须是以令牌为参数的函数（如 staticTokens(config)）',
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The route modules, merged (its type is the typed client's {@link AppType}). */
function buildApi(deps: Deps) {
  return new OpenAPIHono<Env>({ defaultHook: validationHook })
    .route('/', healthRoutes(deps))
    .route('/', regionRoutes(deps))
    .route('/', employerRoutes(deps))
    .route('/', partyRoutes(deps))
    .route('/', recordRoutes(deps))
    .route('/', planRoutes(deps))
    .route('/', analysisRoutes(deps))
    .route('/', reportRoutes(deps))
    .route('/', reconcileRoutes(deps))
    .route('/', workflowRoutes(deps))
    .route('/', auditRoutes(deps));
}

/** The type of the app's routes, for the typed client (`@occhealth/adapter-http/client`). */
export type AppType = ReturnType<typeof buildApi>;

/**
 * The occhealth REST API as a Hono app (runs on any runtime Hono supports; {@link serve} starts
 * it on Node).
 * @throws ValidationError when `store` or `auth` is missing.
 * @example
 * ```ts
 * const store = openSqliteStore(':memory:'); // or a file: openSqliteStore('occhealth.db')
 * await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 * const auth = staticTokens({
 *   tokens: [{ id: 'yn-viewer', sha256: await hashToken('yn-viewer-token-0123'), region: '530000', role: 'viewer' }],
 * });
 * const app = createApp({ store, auth }); // serve({ app, port: 8080 }) starts it on Node
 * const res = await app.request('/regions/530000', {
 *   headers: { Authorization: 'Bearer yn-viewer-token-0123', 'Accept-Language': 'en' },
 * });
 * const region = (await res.json()) as { name: { zh: string }; version: number };
 * console.log(res.status, res.headers.get('ETag') !== null, region.name.zh, region.version);
 * // → 200 true 云南省 1
 * const anonymous = await app.request('/regions/530000', { headers: { 'Accept-Language': 'en' } });
 * const problem = (await anonymous.json()) as { title: string };
 * console.log(anonymous.status, anonymous.headers.get('Content-Type'), problem.title);
 * // → 401 application/problem+json; charset=utf-8 Authentication required
 * await store.close();
 * ```
 */
export function createApp(options: AppOptions): OpenAPIHono<Env> {
  checkOptions(options);
  const now = options.now ?? Date.now;
  const plans = options.plans ?? PLANS;
  const cache = treeCache(options.store, options.regionCacheMs ?? 5000, now);
  const importLimit = options.bodyLimit?.import ?? 20 * MiB;
  const limiter =
    options.rateLimit === false ? undefined : fixedWindowLimiter(options.rateLimit ?? {}, now);
  const dashboard =
    options.dashboard === true ? {} : options.dashboard === false ? undefined : options.dashboard;
  const sessions = dashboard
    ? sealedSessions({
        ttlMs: dashboard.sessionTtlMs ?? 8 * 3_600_000,
        now,
        secret: dashboard.sessionSecret,
      })
    : undefined;
  const pipeline = makePipeline({
    auth: options.auth,
    sessions,
    limiter,
    guard: bodyGuard(
      { json: options.bodyLimit?.json ?? MiB, import: importLimit },
      sessions ? SESSION_PATHS : new Set(),
    ),
    invalidate: cache.invalidate,
  });
  const deps: Deps = {
    pipeline,
    store: options.store,
    plans: new Map(plans.map((p) => [p.id, p])),
    clock: options.clock ?? (() => todayInChina()),
    idempotency:
      options.idempotency ??
      (options.store.idempotency
        ? storeIdempotencyCache(options.store.idempotency, { now })
        : memoryIdempotencyCache({ now })),
    importLimit,
    tree: cache.tree,
    region: cache.region,
    invalidate: cache.invalidate,
  };
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  app.onError((error, c) => respond(c, error));
  // An unknown route is still authenticated first: without a token it is a 401, as any route.
  const notFound = pipeline.handler((c: Context<Env>) =>
    respond(c, new NotFoundError('route', `${c.req.method} ${c.req.path}`, '接口')),
  );
  app.notFound((c) => notFound(c));
  if (options.cors) {
    const origin = options.cors.origin;
    app.use('*', cors({ origin: typeof origin === 'string' ? origin : [...origin] }));
  }
  app.route('/', buildApi(deps));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'occhealth API · 职业健康数据接口',
      version: VERSION,
      description:
        'Regions, employers, facts, data values, plans, evaluations, explanations, reporting ' +
        'calendars and reports. Errors are RFC 9457 problem documents.',
    },
    security: [{ bearer: [] }],
  });
  app.get('/docs', (c) => {
    const doc = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'occhealth API · 职业健康数据接口', version: VERSION },
    });
    return c.html(renderDocsPage(doc as Parameters<typeof renderDocsPage>[0]), 200, {
      'Content-Security-Policy': DOCS_CSP,
    });
  });
  if (dashboard && sessions) {
    sessionRoutes(app, options.auth, sessions);
    dashboardRoutes(app, deps, dashboard);
  }
  return app;
}
