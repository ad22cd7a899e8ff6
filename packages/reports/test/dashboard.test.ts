import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  evaluate,
  MemoryStore,
  obligationsDue,
  yunnanSmeAssistance as plan,
  ValidationError,
} from '@occhealth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The one demo generator (core's `@occhealth/core/demo` entry), read from source.
import { demoDataset } from '../../core/src/demo.js';
import { chinaRegions } from '../../core/src/regions-cn.js';
import { type DashboardInput, dashboardPage } from '../src/index.js';
import { hasChromium, launchChromium, watch } from './chromium.js';

const OUT = fileURLToPath(new URL('../.test-output/', import.meta.url));

let input: DashboardInput;

beforeAll(async () => {
  const data = demoDataset({
    scale: 'province',
    seed: 2,
    employers: 3_000,
    regions: chinaRegions(),
  });
  const store = new MemoryStore();
  await store.write({ regions: [...data.regions] });
  for (const batch of data.batches(1_000)) await store.write(batch);
  const evaluation = await evaluate({ plan, region: '530000', period: '2025', store });
  const deadlines = ['province', 'prefecture', 'county'].flatMap((level) =>
    obligationsDue(plan, level as 'county', '2025-01-01', '2025-12-31').map((instance) => ({
      plan: plan.id,
      instance,
    })),
  );
  input = {
    title: { zh: '云南省职业健康工作看板', en: 'Yunnan occupational-health dashboard' },
    clock: () => '2025-07-05',
    regions: data.regions,
    plans: [{ plan, evaluation }],
    deadlines,
    reports: [
      { label: { zh: '评估表', en: 'Evaluation' }, format: 'xlsx', href: 'evaluation.xlsx' },
      { label: { zh: '排名', en: 'Rankings' }, format: 'csv', href: 'ranking.csv' },
    ],
  };
}, 120_000);

/** The row of the deadline table for `day`. */
const deadlineRow = (html: string, day: string) =>
  new RegExp(`<tr><td>${day}</td>.*?</tr>`, 's').exec(html)?.[0] ?? '';

describe('dashboardPage', () => {
  it('has one section per region (province, 16 prefectures, 129 counties) with breadcrumbs up', () => {
    const html = dashboardPage(input);
    const sections = [...html.matchAll(/<section id="r-(\d{6})"/g)].map((m) => m[1]);
    expect(sections).toHaveLength(1 + 16 + 129);
    expect(new Set(sections)).toEqual(new Set(input.regions.map((r) => r.code)));
    // 宣威市's section links back to 云南省 and 曲靖市, and 曲靖市's lists it as a sub-region.
    const xuanwei = /<section id="r-530381".*?<\/section>/s.exec(html)![0];
    expect(xuanwei).toContain('<a href="#r-530000">云南省</a> › <a href="#r-530300">曲靖市</a>');
    const qujing = /<section id="r-530300".*?<\/section>/s.exec(html)![0];
    expect(qujing).toContain('<a href="#r-530381">宣威市</a>');
  });

  it("shows each county's published figure and status from the evaluation", () => {
    const html = dashboardPage(input);
    const fig = input.plans[0]!.evaluation.results.find(
      (r) => r.region === '530381' && r.indicator === 'declarationRate',
    )!;
    const xuanwei = /<section id="r-530381".*?<\/section>/s.exec(html)![0];
    expect(xuanwei).toContain(`<td class="num">${fig.formatted}%</td>`);
    expect(xuanwei).toContain(
      fig.status === 'met' ? '达标 met' : fig.status === 'not-met' ? '未达标 not met' : '',
    );
  });

  it('judges the deadlines on the injected clock: 004 三(四) dates on 2025-07-05 and 2025-12-20', () => {
    const july = dashboardPage(input);
    expect(july).toContain('datetime="2025-07-05"');
    expect(deadlineRow(july, '2025-05-10')).toContain('逾期未报 Missing');
    expect(deadlineRow(july, '2025-07-10')).toContain('即将到期 Due soon');
    expect(deadlineRow(july, '2025-12-15')).toContain('未到期 Not yet due');
    const december = dashboardPage({ ...input, clock: () => '2025-12-20' });
    expect(deadlineRow(december, '2025-12-15')).toContain('逾期未报 Missing');
  });

  it('is standalone: no script, no external URL, a CSP that forbids fetching; links every report', () => {
    const html = dashboardPage(input);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<a href="evaluation.xlsx" download>');
    expect(html).toContain('<a href="ranking.csv" download>');
  });

  it('links regions to their own pages when a server gives regionHref, crumbs through the ancestors', () => {
    const qujing = input.regions.filter((r) => r.code === '530300' || r.parent === '530300');
    const html = dashboardPage({
      ...input,
      regions: qujing,
      ancestors: input.regions.filter((r) => r.code === '530000'),
      depth: 1,
      regionHref: (r) => `dashboard?region=${r.code}&x=<y>`,
    });
    expect(html).not.toContain('href="#r-');
    const own = /<section id="r-530300".*?<\/section>/s.exec(html)![0];
    expect(own).toContain(
      '<a href="dashboard?region=530000&amp;x=&lt;y&gt;">云南省</a> › <strong>曲靖市</strong>',
    );
    expect(own).toContain('<a href="dashboard?region=530381&amp;x=&lt;y&gt;">宣威市</a>');
    // depth 1: 曲靖市 and its 9 counties have sections, no other prefecture does.
    expect([...html.matchAll(/<section id="r-(\d{6})"/g)]).toHaveLength(qujing.length);
    expect(html).not.toContain('id="r-530100"');
  });

  it('escapes names and refuses a clock that gives no calendar day', () => {
    const hostile = {
      ...input,
      regions: input.regions.map((r) =>
        r.code === '530381' ? { ...r, name: { zh: '<img src=x>' } } : r,
      ),
    };
    expect(dashboardPage(hostile)).toContain('&lt;img src=x&gt;');
    expect(() => dashboardPage({ ...input, clock: () => '2025-13-01' })).toThrow(ValidationError);
    expect(() => dashboardPage({ ...input, regions: [] })).toThrow(ValidationError);
  });
});

describe.runIf(hasChromium)('the dashboard in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium(OUT);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders with no console error and no request; drill-down links reach a county', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { errors, requests } = watch(page);
    await page.setContent(dashboardPage(input), { waitUntil: 'load' });
    expect(await page.locator('section.region').count()).toBe(146);
    const bars = await page.$$eval('svg.bar', (svgs) => svgs.length);
    expect(bars).toBeGreaterThan(146);
    const shot = await page.screenshot({ fullPage: false });
    writeFileSync(`${OUT}dashboard.png`, shot);
    expect(shot.length).toBeGreaterThan(20_000);
    // Province → prefecture → county by the sub-region tables' links.
    await page.locator('#r-530000 table.grid a[href="#r-530300"]').click();
    expect(page.url().endsWith('#r-530300')).toBe(true);
    await page.locator('#r-530300 table.grid a[href="#r-530381"]').click();
    expect(page.url().endsWith('#r-530381')).toBe(true);
    const top = await page.locator('#r-530381').evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
    writeFileSync(`${OUT}dashboard-county.png`, await page.screenshot());
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});
