/**
 * Browser sessions of the dashboard: sealed stateless cookies re-checked against the token
 * provider on every request, the login page and form, and logout.
 */
import { describe, expect, it } from 'vitest';
import { type AuthCallback, SESSION_COOKIE, staticTokens } from '../src/index.js';
import { makeApp, token, tokenConfig } from './fixtures.js';

type App = Awaited<ReturnType<typeof makeApp>>['app'];

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const SECRET = 'a-session-secret-of-at-least-32-characters';

async function login(app: App, name: Parameters<typeof token>[0]): Promise<string> {
  const res = await app.request(`/login?token=${encodeURIComponent(token(name))}`);
  expect(res.status).toBe(303);
  return (res.headers.get('Set-Cookie') ?? '').split(';')[0]!;
}

const get = (app: App, path: string, cookie: string, accept?: string) =>
  app.request(path, {
    headers: { Cookie: cookie, 'Accept-Language': 'en', ...(accept ? { Accept: accept } : {}) },
  });

/** A token provider whose tokens can be revoked while the app runs. */
async function revocable(): Promise<{ auth: AuthCallback; revoked: Set<string> }> {
  const inner = staticTokens(await tokenConfig());
  const revoked = new Set<string>();
  return {
    revoked,
    auth: (t, request) => (revoked.has(t) ? undefined : inner(t, request)),
  };
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});

describe('dashboard sessions', { timeout: 60_000 }, () => {
  it('ends every session of a token at once when the provider revokes it', async () => {
    const { auth, revoked } = await revocable();
    const { app } = await makeApp({ dashboard: true, auth });
    const first = await login(app, 'qujing');
    const second = await login(app, 'qujing');
    const other = await login(app, 'kunming');
    expect((await get(app, '/', first)).status).toBe(200);
    revoked.add(token('qujing'));
    for (const cookie of [first, second]) {
      const res = await get(app, '/', cookie);
      expect(res.status).toBe(401);
      expect((await res.json()).detail).toMatch(/revoked/);
      // The report downloads, also GETs, end with it.
      expect((await get(app, '/regions/530300', cookie)).status).toBe(401);
    }
    // Another token's session goes on; a browser of the revoked one gets the login page.
    expect((await get(app, '/', other)).status).toBe(200);
    const page = await get(app, '/', first, HTML);
    expect(page.status).toBe(401);
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('其令牌已被吊销');
    expect(html).toContain('its token was revoked');
    expect(page.headers.get('Set-Cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    // Logging in again with the revoked token is refused too.
    expect((await app.request(`/login?token=${token('qujing')}`)).status).toBe(401);
  });

  it('survives a restart with the same secret; a cookie of another secret or altered is refused', async () => {
    const { app, store } = await makeApp({ dashboard: { sessionSecret: SECRET } });
    const cookie = await login(app, 'qujing');
    expect(cookie).not.toContain(token('qujing')); // sealed: the token cannot be read off it
    const restarted = (await makeApp({ store, dashboard: { sessionSecret: SECRET } })).app;
    expect((await get(restarted, '/', cookie)).status).toBe(200);
    const otherSecret = (await makeApp({ store, dashboard: { sessionSecret: `${SECRET}!` } })).app;
    expect((await get(otherSecret, '/', cookie)).status).toBe(401);
    const randomSecret = (await makeApp({ store, dashboard: true })).app;
    expect((await get(randomSecret, '/', cookie)).status).toBe(401);
    const value = cookie.slice(SESSION_COOKIE.length + 1);
    const flipped = `${SESSION_COOKIE}=${value.slice(0, 20)}${value[20] === 'A' ? 'B' : 'A'}${value.slice(21)}`;
    expect((await get(app, '/', flipped)).status).toBe(401);
    expect((await get(app, '/', `${SESSION_COOKIE}=not-a-session`)).status).toBe(401);
    // A secret too short to be one is refused when the app is made, naming the option.
    await expect(makeApp({ dashboard: { sessionSecret: 'short' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [expect.objectContaining({ path: 'dashboard.sessionSecret' })],
    });
  });

  it('logs out with POST /logout: the cookie is cleared, a form of another site is refused', async () => {
    const { app } = await makeApp({ dashboard: true });
    const cookie = await login(app, 'qujing');
    const page = await (await get(app, '/', cookie)).text();
    expect(page).toContain('<form class="logout" method="post" action="logout">');
    const foreign = await app.request(
      '/logout',
      form({}, { Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('Set-Cookie')).toBeNull();
    const out = await app.request(
      'http://localhost/logout',
      form({}, { Cookie: cookie, Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' }),
    );
    expect(out.status).toBe(303);
    expect(out.headers.get('Location')).toBe('/');
    expect(out.headers.get('Set-Cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    // Logout never needed the cookie to be accepted for a POST; writes still refuse it.
    const write = await app.request('/employers', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(write.status).toBe(401);
  });

  it('logs in through the login form: token in the body, back to the page asked for', async () => {
    const { app } = await makeApp({ dashboard: true });
    const res = await app.request(
      '/login',
      form({ token: token('qujing'), next: '/dashboard?region=530381' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/dashboard?region=530381');
    const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await get(app, '/dashboard?region=530381', cookie)).status).toBe(200);
    expect((await app.request('/login', form({ token: 'wrong-token', next: '/' }))).status).toBe(
      401,
    );
    // A browser that typed a wrong token gets the form again with the reason, `next` kept.
    const retry = await app.request(
      '/login',
      form({ token: 'wrong-token', next: '/dashboard?region=530381' }, { Accept: HTML }),
    );
    expect(retry.status).toBe(401);
    expect(retry.headers.get('Set-Cookie')).toBeNull();
    const again = await retry.text();
    expect(again).toContain('令牌无效或已过期');
    expect(again).toContain('unknown or expired token');
    expect(again).toContain('<input type="hidden" name="next" value="/dashboard?region=530381">');
    // Login CSRF: another site's form may not log a browser in.
    const foreign = await app.request(
      '/login',
      form({ token: token('qujing') }, { Origin: 'https://evil.example' }),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('Set-Cookie')).toBeNull();
    // `Origin: null` (a sandboxed frame of any site) passes only with Sec-Fetch-Site same-origin.
    for (const [site, status] of [
      ['cross-site', 403],
      [undefined, 403],
      ['same-origin', 303],
    ] as const) {
      const res = await app.request(
        '/login',
        form(
          { token: token('qujing') },
          { Origin: 'null', ...(site ? { 'Sec-Fetch-Site': site } : {}) },
        ),
      );
      expect(res.status, site).toBe(status);
    }
    // Not a form, or a form too large: refused before the token is looked at.
    const json = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: token('qujing') }),
    });
    expect(json.status).toBe(415);
    const huge = await app.request(
      '/login',
      form({ token: token('qujing'), pad: 'x'.repeat(5000) }),
    );
    expect(huge.status).toBe(413);
    expect(huge.headers.get('Set-Cookie')).toBeNull();
  });

  it('shows a browser without a session the bilingual login page; API clients keep the problem document', async () => {
    const { app } = await makeApp({ dashboard: true });
    for (const [path, next] of [
      ['/', '/'],
      ['/dashboard?region=530300&period=2025', '/dashboard?region=530300&amp;period=2025'],
    ] as const) {
      const res = await app.request(path, { headers: { Accept: HTML } });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
      expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).toContain('<form method="post" action="login">');
      expect(html).toContain(`<input type="hidden" name="next" value="${next}">`);
      expect(html).toContain('访问令牌');
      expect(html).toContain('Access token');
      expect(html).not.toContain('<script');
    }
    for (const accept of ['application/json', undefined]) {
      const res = await app.request('/', { headers: accept ? { Accept: accept } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
      expect((await res.json()).code).toBe('UNAUTHENTICATED');
    }
    // Only the dashboard's pages: an API route stays JSON for a browser too.
    const api = await app.request('/regions/530300', { headers: { Accept: HTML } });
    expect(api.status).toBe(401);
    expect(api.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    // The form the page shows logs in.
    const res = await app.request('/login', form({ token: token('province'), next: '/' }));
    expect(res.status).toBe(303);
  });
});
