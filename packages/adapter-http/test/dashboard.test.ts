import { evaluate, yunnanSmeAssistance } from '@occhealth/core';
import { describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '../src/index.js';
import { as, makeApp, snapshot, TODAY, token } from './fixtures.js';
import { newCreditCode } from './walk.js';

type App = Awaited<ReturnType<typeof makeApp>>['app'];

/** Log in through `/login` as `name`; returns the Cookie header of the session. */
async function login(app: App, name: Parameters<typeof token>[0]): Promise<string> {
  const res = await app.request(`/login?token=${encodeURIComponent(token(name))}`);
  expect(res.status).toBe(303);
  const set = res.headers.get('Set-Cookie') ?? '';
  expect(set).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,};`));
  return set.split(';')[0]!;
}

const page = async (app: App, path: string, cookie: string) => {
  const res = await app.request(path, { headers: { Cookie: cookie, 'Accept-Language': 'en' } });
  return { status: res.status, html: await res.text(), res };
};

/** The row of the deadline table for `day`. */
const deadlineRow = (html: string, day: string) =>
  new RegExp(`<tr><td>${day}</td>.*?</tr>`, 's').exec(html)?.[0] ?? '';

describe('the served dashboard', { timeout: 60_000 }, () => {
  it('is off unless asked for; /login gives an HttpOnly, SameSite=Strict cookie and a redirect', async () => {
    expect((await (await makeApp()).app.request('/', { headers: as('qujing') })).status).toBe(404);
    const off = (await makeApp()).app;
    expect(
      (await off.request(`/login?token=${token('qujing')}`, { headers: as('qujing') })).status,
    ).toBe(404);
    const { app } = await makeApp({ dashboard: true });
    expect((await app.request('/')).status).toBe(401);
    expect((await app.request('/login?token=wrong-token')).status).toBe(401);
    expect((await app.request('/login')).status).toBe(401);
    const res = await app.request(`/login?token=${token('qujing')}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const set = res.headers.get('Set-Cookie')!;
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(set).not.toContain(token('qujing'));
    // `next` stays on this origin: a path is kept, another host is not.
    const next = async (to: string) =>
      (
        await app.request(`/login?token=${token('qujing')}&next=${encodeURIComponent(to)}`)
      ).headers.get('Location');
    expect(await next('/dashboard?region=530381')).toBe('/dashboard?region=530381');
    expect(await next('//evil.example/')).toBe('/');
    expect(await next('/\\evil.example/')).toBe('/');
    expect(await next('https://evil.example/')).toBe('/');
  });

  it("shows only the principal's subtree: a sibling's cookie sees nothing of another prefecture", async () => {
    const { app } = await makeApp({ dashboard: true });
    const qujing = await login(app, 'qujing');
    const own = await page(app, '/', qujing);
    expect(own.status).toBe(200);
    expect(own.res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(own.html).toContain('<section id="r-530300"');
    expect(own.html).toContain('宣威市');
    expect(own.html).toContain('麒麟区');
    for (const other of [
      '昆明市',
      '五华区',
      '官渡区',
      '安宁市',
      '楚雄',
      '530100',
      '530102',
      '532300',
    ]) {
      expect(own.html, other).not.toContain(other);
    }
    // Not the province above it either (no crumb, no figure), nor another prefecture's page.
    expect(own.html).not.toContain('云南省</');
    expect(own.html).not.toContain('530000');
    for (const region of ['530100', '530102', '530000']) {
      const denied = await page(app, `/dashboard?region=${region}`, qujing);
      expect(denied.status, region).toBe(403);
      expect(denied.html).not.toContain('<section');
    }
    const kunming = await page(app, '/', await login(app, 'kunming'));
    expect(kunming.html).toContain('五华区');
    expect(kunming.html).not.toContain('宣威市');
    expect(kunming.html).not.toContain('曲靖市');
  });

  it('refuses a session cookie for a write: POST needs a bearer token, nothing is written', async () => {
    const { app, store } = await makeApp({ dashboard: true });
    const cookie = await login(app, 'qujing');
    const before = await snapshot(store);
    const body = JSON.stringify({
      creditCode: newCreditCode('530381', 43),
      name: '跨站写入',
      region: '530381',
      size: 'micro',
    });
    const res = await app.request('/employers', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', 'Accept-Language': 'en' },
      body,
    });
    expect(res.status).toBe(401);
    const problem = await res.json();
    expect(problem.code).toBe('UNAUTHENTICATED');
    expect(problem.detail).toMatch(/GET and HEAD/);
    expect(await snapshot(store)).toBe(before);
    // The same write with the bearer token works: the refusal is the cookie's, not the body's.
    const ok = await app.request('/employers', {
      method: 'POST',
      headers: { ...as('qujing'), Cookie: cookie, 'Content-Type': 'application/json' },
      body,
    });
    expect(ok.status).toBe(201);
  });

  it('drills down province → prefecture → county through links, crumbs back up', async () => {
    const { app, store } = await makeApp({ dashboard: { period: '2025' } });
    const cookie = await login(app, 'province');
    const province = await page(app, '/', cookie);
    expect(province.html).toContain('<a href="dashboard?region=530300">曲靖市</a>');
    const qujing = await page(app, '/dashboard?region=530300', cookie);
    expect(qujing.html).toContain(
      '<a href="dashboard?region=530000">云南省</a> › <strong>曲靖市</strong>',
    );
    expect(qujing.html).toContain('<a href="dashboard?region=530381">宣威市</a>');
    const xuanwei = await page(app, '/dashboard?region=530381', cookie);
    expect(xuanwei.html).toContain(
      '<a href="dashboard?region=530000">云南省</a> › <a href="dashboard?region=530300">曲靖市</a> › <strong>宣威市</strong>',
    );
    // The county's published figure is evaluate()'s for that county and period.
    const evaluation = await evaluate({
      plan: yunnanSmeAssistance,
      region: '530381',
      period: '2025',
      store,
      asOf: TODAY, // the app's clock falls in the period: figures as of today, as GET /evaluate
    });
    const fig = evaluation.results.find(
      (r) => r.region === '530381' && r.indicator === 'declarationRate',
    )!;
    expect(fig.formatted).not.toBeNull();
    expect(xuanwei.html).toContain(`<td class="num">${fig.formatted}%</td>`);
    // A malformed query is a 400, an unknown plan a 404.
    expect((await page(app, '/dashboard?region=53<', cookie)).status).toBe(400);
    expect((await page(app, '/dashboard?plan=no-such-plan', cookie)).status).toBe(404);
    expect((await page(app, '/dashboard?period=2025X', cookie)).status).toBe(400);
  });

  it('links every report download, and each link answers with the file', async () => {
    const { app } = await makeApp({ dashboard: { period: '2025' } });
    const cookie = await login(app, 'qujing');
    const { html } = await page(app, '/', cookie);
    const links = [...html.matchAll(/<a href="(reports\/[^"]+)" download>/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    );
    for (const template of ['evaluation', 'ranking', 'obligations']) {
      expect(
        links.some((l) => l.startsWith(`reports/${template}?`)),
        template,
      ).toBe(true);
    }
    for (const link of links) {
      const res = await app.request(`/${link}`, { headers: { Cookie: cookie } });
      expect(res.status, link).toBe(200);
      expect(res.headers.get('Content-Disposition'), link).toMatch(/^attachment/);
    }
  });

  it('takes every "today" from the injected clock: two clocks, two statuses', async () => {
    const status = async (today: string) => {
      const { app } = await makeApp({ dashboard: { period: '2025' }, clock: () => today });
      return (await page(app, '/', await login(app, 'province'))).html;
    };
    const july = await status('2025-07-05');
    const december = await status('2025-12-20');
    expect(july).toContain('datetime="2025-07-05"');
    expect(december).toContain('datetime="2025-12-20"');
    // 004 三(四): the 2025-12-15 report is not yet due in July, missing on 20 December.
    expect(deadlineRow(july, '2025-12-15')).toContain('未到期 Not yet due');
    expect(deadlineRow(december, '2025-12-15')).toContain('逾期未报 Missing');
    // Without a period the page shows the clock's year.
    const { app } = await makeApp({ dashboard: true, clock: () => '2024-03-01' });
    const html = (await page(app, '/', await login(app, 'province'))).html;
    expect(html).toContain('period=2024');
    expect(html).not.toContain('period=2025');
  });

  it('ends a session after its lifetime', async () => {
    let ms = 1_000_000;
    const { app } = await makeApp({ dashboard: { sessionTtlMs: 60_000 }, now: () => ms });
    const cookie = await login(app, 'qujing');
    expect((await page(app, '/', cookie)).status).toBe(200);
    ms += 60_001;
    const ended = await page(app, '/', cookie);
    expect(ended.status).toBe(401);
    expect(ended.html).toContain('session has ended');
  });
  it('serves a second request from its cache; a write from outside the app, or a new day, recomputes', async () => {
    let today = '2025-07-05';
    const { app, store } = await makeApp({ dashboard: { period: '2025' }, clock: () => today });
    const cookie = await login(app, 'province');
    const county = '/dashboard?region=530381';
    const figure = async () =>
      (
        await evaluate({
          plan: yunnanSmeAssistance,
          region: '530381',
          period: '2025',
          store,
          asOf: today,
        })
      ).results.find((r) => r.region === '530381' && r.indicator === 'declarationRate')!.formatted;
    const before = await figure();
    const reads = vi.spyOn(store, 'listFacts');
    expect((await page(app, county, cookie)).html).toContain(`<td class="num">${before}%</td>`);
    const first = reads.mock.calls.length;
    expect(first).toBeGreaterThan(0);
    const again = await page(app, county, cookie);
    expect(again.html).toContain(`<td class="num">${before}%</td>`);
    expect(reads.mock.calls.length).toBe(first); // not evaluated again
    // Another principal in scope shares the cached figures but gets its own breadcrumbs.
    const qujing = await page(app, county, await login(app, 'qujing'));
    expect(reads.mock.calls.length).toBe(first);
    expect(again.html).toContain('<a href="dashboard?region=530000">云南省</a>');
    expect(qujing.html).not.toContain('<a href="dashboard?region=530000">');
    expect(qujing.html).toContain('<a href="dashboard?region=530300">曲靖市</a>');
    // A declaration written straight into the store (as another process would) moves the figure.
    const declared = new Set(
      (await store.listFacts({ region: '530381', kinds: ['declaration'], to: today })).map((f) =>
        'employer' in f ? f.employer : undefined,
      ),
    );
    // An SME assisted in 2025 (the rate's cohort) that has not declared yet.
    const assisted = await store.listFacts({
      region: '530381',
      kinds: ['assistance'],
      from: '2025-01-01',
      to: today,
    });
    const undeclared = assisted
      .map((f) => ('employer' in f ? f.employer : undefined))
      .find((e) => e !== undefined && !declared.has(e))!;
    await store.write({
      facts: [
        {
          id: 'decl-cache-test',
          kind: 'declaration',
          employer: undeclared,
          region: '530381',
          date: '2025-03-01',
        },
      ],
    });
    const after = await figure();
    expect(after).not.toBe(before); // the write must change the figure for this test to mean anything
    const fresh = await page(app, county, cookie);
    expect(fresh.html).toContain(`<td class="num">${after}%</td>`);
    expect(fresh.html).not.toContain(`<td class="num">${before}%</td>`);
    // A new day of the injected clock is a new page: its statuses are the new day's.
    const july = await page(app, '/', cookie);
    expect(deadlineRow(july.html, '2025-12-15')).toContain('未到期 Not yet due');
    today = '2025-12-20';
    const december = await page(app, '/', cookie);
    expect(december.html).toContain('datetime="2025-12-20"');
    expect(deadlineRow(december.html, '2025-12-15')).toContain('逾期未报 Missing');
    reads.mockRestore();
  });
});
