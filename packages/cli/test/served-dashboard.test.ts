import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The one Chromium launcher of the browser tests.
import { hasChromium, launchChromium, watch } from '../../reports/test/chromium.js';
import { demoCommand } from '../src/commands/demo.js';
import { serveCommand } from '../src/commands/serve.js';
import { makeContext, scratch } from './helpers.js';

const OUT = fileURLToPath(new URL('../.test-output/', import.meta.url));
const dir = scratch('occh-served-');

describe.runIf(hasChromium)('the served dashboard in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let stop: () => void;
  let served: Promise<number>;
  let login: string;
  let base: string;

  beforeAll(async () => {
    const made = makeContext(dir);
    expect(
      await demoCommand(made, { scale: 'county', employers: '300', dir: 'demo', serve: false }),
      made.stderr.text,
    ).toBe(0);
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const ctx = { ...makeContext(dir, { today: '2025-07-05' }), untilStopped: () => stopped };
    served = serveCommand(ctx, {
      db: join('demo', 'county-s1-e300.db'),
      port: '0',
      period: '2025',
    });
    for (let i = 0; i < 600 && !/login\?token=/.test(ctx.stdout.text); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const m = /(http:\/\/127\.0\.0\.1:\d+)\/login\?token=[\w-]+/.exec(ctx.stdout.text);
    expect(m, ctx.stderr.text).not.toBeNull();
    login = m![0];
    base = m![1]!;
    browser = await launchChromium(OUT);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    stop?.();
    expect(await served).toBe(0);
  });

  it('renders from the server with no console error and no request off the origin; drill-down links work', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { errors, requests } = watch(page);
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin !== base) {
        foreign.push(url);
        return route.abort();
      }
      return route.continue();
    });
    // The printed login link sets the session cookie and lands on the dashboard.
    await page.goto(login, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('section.region').count()).toBe(2); // 云南省 and 曲靖市
    expect(await page.locator('#today').getAttribute('datetime')).toBe('2025-07-05');
    expect(await page.$$eval('svg.bar', (s) => s.length)).toBeGreaterThan(2);
    expect(await page.locator('#reports a[download]').count()).toBeGreaterThanOrEqual(8);
    const shot = await page.screenshot({ fullPage: false });
    writeFileSync(`${OUT}served-dashboard.png`, shot);
    expect(shot.length).toBeGreaterThan(20_000);
    // Province → prefecture → county: each click is a new page rendered by the server.
    await page.locator('#r-530000 table.grid a', { hasText: '曲靖市' }).first().click();
    await page.waitForURL(/\/dashboard\?region=530300$/);
    expect(await page.locator('#r-530300 .crumbs').textContent()).toBe('云南省 › 曲靖市');
    await page.locator('#r-530300 table.grid a', { hasText: '宣威市' }).first().click();
    await page.waitForURL(/\/dashboard\?region=530381$/);
    expect(await page.locator('#r-530381 .crumbs').textContent()).toBe('云南省 › 曲靖市 › 宣威市');
    expect(
      await page.locator('#r-530381 table').first().locator('tbody tr').count(),
    ).toBeGreaterThan(0);
    // And back up by the breadcrumb.
    await page.locator('#r-530381 .crumbs a', { hasText: '云南省' }).click();
    await page.waitForURL(/\/dashboard\?region=530000$/);
    writeFileSync(`${OUT}served-dashboard-county.png`, await page.screenshot());
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const url of requests) expect(url.startsWith(`${base}/`), url).toBe(true);
    await page.close();
  }, 120_000);

  it('a browser without a session gets the login page, logs in with its form and logs out with the button', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { errors } = watch(page);
    // The dashboard's address alone: the bilingual login page, which returns to the page asked for.
    const first = await page.goto(`${base}/dashboard?region=530300`, { waitUntil: 'load' });
    expect(first!.status()).toBe(401);
    expect(await page.locator('label[for=token]').textContent()).toBe('访问令牌 · Access token');
    const token = new URL(login).searchParams.get('token')!;
    await page.fill('#token', token);
    // The login page is served at the address asked for: wait for the form's answer itself.
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${base}/login`),
      page.click('button[type=submit]'),
    ]);
    expect(answer.status()).toBe(303);
    await page.waitForURL(/\/dashboard\?region=530300$/);
    expect(await page.locator('#r-530300 .crumbs').textContent()).toBe('云南省 › 曲靖市');
    // Chromium's own Origin and Sec-Fetch-Site headers pass the same-origin check of the log-out form.
    await Promise.all([page.waitForURL(`${base}/`), page.click('form.logout button')]);
    expect(await page.locator('#token').count()).toBe(1); // back on the login page
    expect((await context.cookies()).filter((c) => c.name === 'occhealth_session')).toEqual([]);
    writeFileSync(`${OUT}served-login.png`, await page.screenshot());
    // 401 answers are logged by Chromium as failed resources; nothing else may be.
    expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
