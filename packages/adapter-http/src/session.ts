/**
 * @module session
 * Browser sessions of the dashboard. A browser cannot send a bearer header, so `GET /login?token=…`
 * checks the token with the app's {@link AuthCallback} and answers with an `HttpOnly`,
 * `SameSite=Strict` session cookie and a redirect to the dashboard (the token URL a server prints,
 * as notebook servers do). The cookie is accepted only for safe requests (GET, HEAD): every write
 * still needs a bearer token, so a page on another site can never make a browser write.
 */
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type AuthCallback, type Principal, principalSchema } from './auth.js';
import type { Env } from './context.js';
import { HttpError } from './problem.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'occhealth_session';

/** Sessions kept at most; the oldest go first. */
const MAX_SESSIONS = 10_000;

/** The app's sessions: cookie value → principal, each with an expiry. */
export interface Sessions {
  /** Open a session for `principal`; returns the cookie value. */
  open(principal: Principal): string;
  /** The principal of a live session, or `undefined`. */
  principalOf(id: string): Principal | undefined;
  /** Lifetime of a session in ms. */
  readonly ttlMs: number;
}

/** Sessions in memory (they end when the process does). */
export function memorySessions(ttlMs: number, now: () => number): Sessions {
  const live = new Map<string, { principal: Principal; until: number }>();
  return {
    ttlMs,
    open(principal) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      const at = now();
      for (const [key, s] of live) if (s.until <= at) live.delete(key);
      while (live.size >= MAX_SESSIONS) live.delete(live.keys().next().value!);
      live.set(id, { principal, until: at + ttlMs });
      return id;
    },
    principalOf(id) {
      const s = live.get(id);
      if (!s) return undefined;
      if (s.until <= now()) {
        live.delete(id);
        return undefined;
      }
      return s.principal;
    },
  };
}

const unauthenticated = (why: string, whyZh: string) =>
  new HttpError('UNAUTHENTICATED', why, whyZh, {
    headers: { 'WWW-Authenticate': 'Bearer realm="occhealth"' },
  });

/**
 * The principal of the request's session cookie, for a request without an `Authorization` header.
 * `undefined` when there is no cookie.
 * @throws HttpError (401) for a cookie on an unsafe method (POST, PUT, PATCH, DELETE) or a
 * session that ended.
 */
export function sessionPrincipal(c: Context<Env>, sessions: Sessions): Principal | undefined {
  const id = getCookie(c, SESSION_COOKIE);
  if (id === undefined) return undefined;
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    throw unauthenticated(
      `a session cookie is accepted only for GET and HEAD requests; send ${c.req.method} with a bearer token`,
      `会话 Cookie 仅用于 GET 与 HEAD 请求；${c.req.method} 请求须携带 Bearer 令牌`,
    );
  }
  const principal = sessions.principalOf(id);
  if (!principal) {
    throw unauthenticated(
      'the session has ended: open the login link again',
      '会话已结束：请重新打开登录链接',
    );
  }
  return principal;
}

/** Only a path of this origin (`/…`, not `//host` or `/\host`) is a redirect target. */
function localPath(next: string | undefined): string {
  if (next === undefined || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next)) return '/';
  return next;
}

/**
 * `GET /login?token=…[&next=/dashboard?…]`: trade a token for a session cookie and go to `next`
 * (a path of this origin; default `/`).
 */
export function loginRoute(app: Hono<Env>, auth: AuthCallback, sessions: Sessions): void {
  app.get('/login', async (c) => {
    const token = c.req.query('token') ?? '';
    if (!/^[\x21-\x7e]{1,512}$/.test(token)) {
      throw unauthenticated('a token is required: /login?token=…', '需要令牌：/login?token=…');
    }
    const found = await auth(token, c.req.raw);
    if (found === undefined) throw unauthenticated('unknown or expired token', '令牌无效或已过期');
    const principal = principalSchema.safeParse(found);
    if (!principal.success) throw new Error('auth returned a malformed principal');
    setCookie(c, SESSION_COOKIE, sessions.open(principal.data), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: Math.floor(sessions.ttlMs / 1000),
      secure: new URL(c.req.url).protocol === 'https:',
    });
    // The token is in this URL: keep it out of caches and of the next page's Referer.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(localPath(c.req.query('next')), 303);
  });
}
