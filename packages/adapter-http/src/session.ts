/**
 * @module session
 * Browser sessions of the dashboard. A browser cannot send a bearer header, so `GET /login?token=…`
 * (the link a server prints, as notebook servers do) or the login page's form (`POST /login`)
 * checks the token with the app's {@link AuthCallback} and answers with an `HttpOnly`,
 * `SameSite=Strict` session cookie and a redirect to the dashboard.
 *
 * The cookie is stateless: the token and the session's end, sealed with AES-256-GCM under the
 * app's session secret (so it can be neither read nor altered without the secret). Every request
 * opens it and resolves the token through the {@link AuthCallback} again, so a token that is
 * revoked or removed from the provider ends all of its sessions at once, and a session outlives a
 * server restart when the app is given the same `sessionSecret`. The cookie is accepted only for
 * safe requests (GET, HEAD): every write still needs a bearer token, so a page on another site
 * can never make a browser write. `POST /logout` clears the browser's cookie (a stateless
 * session cannot be recalled server-side: to end every session of a token, revoke the token).
 */
import { ForbiddenError, ValidationError } from '@occhealth/core';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type AuthCallback, checkedPrincipals, type Principal, principalSchema } from './auth.js';
import type { Env } from './context.js';
import { loginPage, wantsHtml } from './login-page.js';
import { HttpError } from './problem.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'occhealth_session';

/** Shortest session secret accepted, in characters. */
export const MIN_SESSION_SECRET = 32;

/** Bound to the cookie's ciphertext: a value sealed for another purpose never opens as a session. */
const PURPOSE = new TextEncoder().encode('occhealth-session-v1');

/** The app's sessions: sealed cookie values carrying a token and the session's end. */
export interface Sessions {
  /** Seal a session of `token`; returns the cookie value. */
  open(token: string): Promise<string>;
  /** The token of a cookie value that is intact and not past its end, or `undefined`. */
  tokenOf(value: string): Promise<string | undefined>;
  /** Lifetime of a session in ms. */
  readonly ttlMs: number;
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Sessions sealed under `secret` (≥ {@link MIN_SESSION_SECRET} characters; the AES key is its
 * SHA-256). Without a secret, a random one: sessions then end with the process.
 * @throws ValidationError for a secret that is too short.
 */
export function sealedSessions(options: {
  readonly ttlMs: number;
  readonly now: () => number;
  readonly secret?: string;
}): Sessions {
  const { ttlMs, now, secret } = options;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < MIN_SESSION_SECRET)) {
    throw ValidationError.of({
      path: 'dashboard.sessionSecret',
      value: typeof secret === 'string' ? `${secret.length} characters` : typeof secret,
      rule: 'http.option.session-secret',
      message: `must be a string of at least ${MIN_SESSION_SECRET} characters`,
      messageZh: `须为至少 ${MIN_SESSION_SECRET} 个字符的字符串`,
    });
  }
  const keyBytes: Promise<ArrayBuffer | Uint8Array> =
    secret === undefined
      ? Promise.resolve(crypto.getRandomValues(new Uint8Array(32)))
      : crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  const key = keyBytes.then((raw) =>
    crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']),
  );
  return {
    ttlMs,
    async open(token) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const payload = new TextEncoder().encode(JSON.stringify({ t: token, x: now() + ttlMs }));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: PURPOSE },
          await key,
          payload,
        ),
      );
      const out = new Uint8Array(iv.length + sealed.length);
      out.set(iv);
      out.set(sealed, iv.length);
      return toBase64Url(out);
    },
    async tokenOf(value) {
      const bytes = fromBase64Url(value);
      if (!bytes || bytes.length < 12 + 16 + 1) return undefined;
      let opened: unknown;
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: PURPOSE },
          await key,
          bytes.slice(12),
        );
        opened = JSON.parse(new TextDecoder().decode(plain));
      } catch {
        return undefined; // altered, sealed under another secret, or not a cookie of ours
      }
      const { t, x } = opened as { t?: unknown; x?: unknown };
      if (typeof t !== 'string' || typeof x !== 'number' || x <= now()) return undefined;
      return t;
    },
  };
}

const unauthenticated = (why: string, whyZh: string) =>
  new HttpError('UNAUTHENTICATED', why, whyZh, {
    headers: { 'WWW-Authenticate': 'Bearer realm="occhealth"' },
  });

/** A bearer token's principal through `auth`, or `undefined` for an unknown token. */
export function principalOfToken(
  auth: AuthCallback,
  token: string,
  request: Request,
): Principal | undefined | Promise<Principal | undefined> {
  const found = auth(token, request);
  // A synchronous answer stays synchronous (no awaited step on the read path); any thenable a
  // callback returns is awaited as before.
  return typeof (found as { then?: unknown } | undefined)?.then === 'function'
    ? Promise.resolve(found).then(checkedPrincipal)
    : checkedPrincipal(found);
}

function checkedPrincipal(found: unknown): Principal | undefined {
  if (found === undefined) return undefined;
  // The built-in provider's principals were checked when its config was; any other callback's
  // answer is checked on every request.
  if (typeof found === 'object' && found !== null && checkedPrincipals.has(found as Principal)) {
    return found as Principal;
  }
  const principal = principalSchema.safeParse(found);
  if (!principal.success) throw new Error('auth returned a malformed principal');
  return principal.data;
}

/**
 * The principal of the request's session cookie, for a request without an `Authorization` header:
 * the cookie is opened and its token resolved through `auth` again. `undefined` when there is no
 * cookie.
 * @throws HttpError (401) for a cookie on an unsafe method (POST, PUT, PATCH, DELETE), a session
 * past its end or not sealed by this app, or a token the provider no longer knows.
 */
export async function sessionPrincipal(
  c: Context<Env>,
  sessions: Sessions,
  auth: AuthCallback,
): Promise<Principal | undefined> {
  const value = getCookie(c, SESSION_COOKIE);
  if (value === undefined) return undefined;
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    throw unauthenticated(
      `a session cookie is accepted only for GET and HEAD requests; send ${c.req.method} with a bearer token`,
      `会话 Cookie 仅用于 GET 与 HEAD 请求；${c.req.method} 请求须携带 Bearer 令牌`,
    );
  }
  const token = await sessions.tokenOf(value);
  if (token === undefined) {
    throw unauthenticated(
      'the session has ended: open the login link again',
      '会话已结束：请重新打开登录链接',
    );
  }
  const principal = await principalOfToken(auth, token, c.req.raw);
  if (!principal) {
    throw unauthenticated(
      'the session has ended: its token was revoked; log in with a valid token',
      '会话已结束：其令牌已被吊销，请使用有效令牌重新登录',
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
 * Refuse a form post from another site (login CSRF): a browser's `Origin` must be this origin and
 * its `Sec-Fetch-Site` `same-origin` (or `none`, typed by the user). `Origin: null` (a sandboxed
 * frame, or a page under `Referrer-Policy: no-referrer`) passes only with `Sec-Fetch-Site:
 * same-origin`. Clients that send neither header (scripts) are not browsers another site drives.
 */
function assertSameOrigin(c: Context<Env>): void {
  const origin = c.req.header('Origin');
  const site = c.req.header('Sec-Fetch-Site');
  const own = new URL(c.req.url).origin;
  const sameSite = site === undefined || site === 'same-origin' || site === 'none';
  const sameOrigin =
    origin === undefined || origin === own || (origin === 'null' && site === 'same-origin');
  if (!sameSite || !sameOrigin) {
    throw new ForbiddenError(
      `a form of another site (${origin ?? site}) may not post to ${c.req.path}`,
      `不接受其他站点（${origin ?? site}）向 ${c.req.path} 提交的表单`,
      { path: 'Origin', value: origin ?? site, rule: 'http.session.same-origin' },
    );
  }
}

/** Largest body of the login and logout forms. */
const FORM_LIMIT = 4096;

/**
 * The session routes: `GET /login?token=…[&next=/dashboard?…]` and the login page's
 * `POST /login` (form fields `token`, `next`) trade a token for a session cookie and go to `next`
 * (a path of this origin; default `/`); `POST /logout` clears the cookie and goes to `/`.
 */
export function sessionRoutes(app: Hono<Env>, auth: AuthCallback, sessions: Sessions): void {
  const login = async (c: Context<Env>, token: string, next: string | undefined) => {
    const refuse = (error: HttpError) => {
      // A browser (the login form, a pasted link) gets the login page again, with the reason.
      if (!wantsHtml(c.req.raw)) throw error;
      return loginPage(c, { zh: error.messageZh, en: error.message }, localPath(next));
    };
    if (!/^[\x21-\x7e]{1,512}$/.test(token)) {
      return refuse(
        unauthenticated('a token is required: /login?token=…', '需要令牌：/login?token=…'),
      );
    }
    if (!(await principalOfToken(auth, token, c.req.raw))) {
      return refuse(unauthenticated('unknown or expired token', '令牌无效或已过期'));
    }
    setCookie(c, SESSION_COOKIE, await sessions.open(token), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: Math.floor(sessions.ttlMs / 1000),
      secure: new URL(c.req.url).protocol === 'https:',
    });
    // The token may be in this URL: keep it out of caches and of the next page's Referer.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(localPath(next), 303);
  };
  const form = bodyLimit({
    maxSize: FORM_LIMIT,
    onError: () => {
      throw new HttpError(
        'PAYLOAD_TOO_LARGE',
        `the form is larger than ${FORM_LIMIT} bytes`,
        `表单超过 ${FORM_LIMIT} 字节`,
      );
    },
  });
  app.get('/login', (c) => login(c, c.req.query('token') ?? '', c.req.query('next')));
  app.post('/login', form, async (c) => {
    assertSameOrigin(c);
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      throw new HttpError(
        'UNSUPPORTED_MEDIA_TYPE',
        `the login form must be application/x-www-form-urlencoded, not ${type || 'untyped'}`,
        `登录表单须为 application/x-www-form-urlencoded，而不是 ${type || '未声明类型'}`,
      );
    }
    const fields = new URLSearchParams(await c.req.text());
    return login(c, fields.get('token') ?? '', fields.get('next') ?? undefined);
  });
  app.post('/logout', form, (c) => {
    assertSameOrigin(c);
    deleteCookie(c, SESSION_COOKIE, {
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect('/', 303);
  });
}
