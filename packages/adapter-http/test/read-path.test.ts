/**
 * The read path's per-request shortcuts keep their guarantees: the static-token provider still
 * rejects every token but the configured ones after it has seen a good one, a callback's principal
 * is still validated on every request, and a region's cached body follows the stored region.
 */
import { describe, expect, it } from 'vitest';
import { hashToken, staticTokens } from '../src/index.js';
import { noQuery } from '../src/schemas.js';
import { principalOfToken } from '../src/session.js';
import { as, makeApp } from './fixtures.js';

const request = new Request('http://localhost/regions');

describe('staticTokens after a token was seen', () => {
  it('answers the same principal again and still refuses a token one character off', async () => {
    const good = 'km-token-0123456789';
    const auth = staticTokens({
      tokens: [
        { id: 'km', sha256: await hashToken(good), region: '530100', role: 'reporter' },
        {
          id: 'qj',
          sha256: await hashToken('qj-token-0123456789'),
          region: '530300',
          role: 'viewer',
        },
      ],
    });
    const first = await auth(good, request);
    expect(first).toEqual({ id: 'km', region: '530100', role: 'reporter' });
    // Once matched, the token is answered synchronously; an unknown one always through a hash.
    for (let i = 0; i < 3; i++) expect(auth(good, request)).toBe(first);
    expect(auth('km-token-012345678X', request)).toBeInstanceOf(Promise);
    expect(await auth('km-token-012345678X', request)).toBeUndefined();
    expect(await auth(`${good} `, request)).toBeUndefined();
    expect(await auth(good.slice(0, -1), request)).toBeUndefined();
    expect((await auth('qj-token-0123456789', request))?.id).toBe('qj');
    expect(await auth(good, request)).toBe(first);
    // The principal handed out cannot be changed by a route (it is shared by every request).
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('keeps answering correctly past the size of its digest memory (1024 tokens)', async () => {
    const tokens = Array.from({ length: 1100 }, (_, i) => `token-${i}-0123456789`);
    const auth = staticTokens({
      tokens: await Promise.all(
        tokens.map(async (t, i) => ({
          id: `t${i}`,
          sha256: await hashToken(t),
          region: '530100',
          role: 'viewer' as const,
        })),
      ),
    });
    for (let round = 0; round < 2; round++) {
      for (const i of [0, 1099, 512, 0, 1023, 1024]) {
        expect((await auth(tokens[i]!, request))?.id).toBe(`t${i}`);
      }
    }
    expect(await auth('token-1100-0123456789', request)).toBeUndefined();
  });
});

describe('principalOfToken', () => {
  it("validates a callback's principal on every request, frozen or not", async () => {
    const answers = [
      { id: 'a', region: '530100', role: 'viewer' },
      { id: 'a', region: '530100', role: 'superuser' },
      Object.freeze({ id: 'a', region: '530100', role: 'viewer' }),
      Object.freeze({ id: 'a', region: '530100', role: 'viewer', extra: 1 }),
    ];
    // A synchronous callback is answered synchronously (a malformed answer throws at once), an
    // asynchronous one through its promise; both are checked alike.
    let call = 0;
    const auth = () => answers[call++] as never;
    expect(principalOfToken(auth, 't', request)).toEqual(answers[0]);
    expect(() => principalOfToken(auth, 't', request)).toThrow(/malformed principal/);
    expect(principalOfToken(auth, 't', request)).toEqual(answers[2]);
    expect(() => principalOfToken(auth, 't', request)).toThrow(/malformed principal/);
    let later = 0;
    const lateAuth = async () => answers[later++] as never;
    expect(await principalOfToken(lateAuth, 't', request)).toEqual(answers[0]);
    await expect(principalOfToken(lateAuth, 't', request)).rejects.toThrow(/malformed principal/);
    expect(await principalOfToken(lateAuth, 't', request)).toEqual(answers[2]);
    await expect(principalOfToken(lateAuth, 't', request)).rejects.toThrow(/malformed principal/);
    // A thenable that is not a native promise is awaited too, not taken for the principal.
    const thenable = () =>
      // biome-ignore lint/suspicious/noThenProperty: a thenable is what this case is about
      ({ then: (resolve: (p: unknown) => void) => resolve(answers[0]) }) as never;
    expect(await principalOfToken(thenable, 't', request)).toEqual(answers[0]);
  });
});

describe('GET /regions/:code with the cached body', () => {
  it('serves the stored region, and the changed one with its new ETag once the cache is stale', async () => {
    let now = 1_000_000;
    const { app, store } = await makeApp({ now: () => now, regionCacheMs: 5000 });
    const get = async (headers: Record<string, string> = {}) => {
      const res = await app.request('/regions/530381', { headers: as('qujing', headers) });
      return {
        status: res.status,
        etag: res.headers.get('ETag'),
        type: res.headers.get('Content-Type'),
        text: await res.text(),
      };
    };
    const first = await get();
    expect(first).toEqual({
      status: 200,
      etag: '"v1"',
      type: 'application/json',
      text: '{"code":"530381","name":{"zh":"宣威市"},"level":"county","parent":"530300","version":1}',
    });
    expect(await get()).toEqual(first);
    await store.write({
      regions: [
        { code: '530381', name: { zh: '宣威市（新）' }, level: 'county', parent: '530300' },
      ],
    });
    now += 5000; // the region cache's time-to-live is over
    const changed = await get();
    expect(changed.status).toBe(200);
    expect(changed.etag).toBe('"v2"');
    expect(JSON.parse(changed.text)).toEqual({
      code: '530381',
      name: { zh: '宣威市（新）' },
      level: 'county',
      parent: '530300',
      version: 2,
    });
    expect((await get({ 'If-None-Match': '"v1"' })).status).toBe(200);
    expect(await get({ 'If-None-Match': '"v2"' })).toMatchObject({
      status: 304,
      etag: '"v2"',
      text: '',
    });
  });

  it('still refuses a region outside the subtree and an unknown token, cached or not', async () => {
    const { app } = await makeApp();
    expect((await app.request('/regions/530381', { headers: as('qujing') })).status).toBe(200);
    expect((await app.request('/regions/530381', { headers: as('kunming') })).status).toBe(403);
    expect((await app.request('/regions/530102', { headers: as('qujing') })).status).toBe(403);
    const wrong = await app.request('/regions/530381', {
      headers: { Authorization: 'Bearer token-qujing-012345678X' },
    });
    expect(wrong.status).toBe(401);
  });

  it('answers a bare URL without reading a query, and still refuses any query parameter', async () => {
    // The shortcut for a URL without `?` relies on this: `noQuery` accepts `{}` as `{}`.
    expect(noQuery.safeParse({})).toEqual({ success: true, data: {} });
    const { app } = await makeApp();
    const get = (path: string) => app.request(path, { headers: as('qujing') });
    for (const path of ['/regions/530381', '/regions/530381?']) {
      expect((await get(path)).status, path).toBe(200);
    }
    for (const query of ['?x=1', '?x', '?x=1&x=2', '?%3F=%3F']) {
      const res = await get(`/regions/530381${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('Content-Type'), query).toContain('application/problem+json');
    }
  });
});
