import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { yunnanSmeAssistance } from '@occhealth/core';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocationTable,
  completenessChart,
  progressChart,
  rankingChart,
  renderDocumentHtml,
  renderHtml,
  type SubmissionStatus,
  selfEvaluationReport,
  trendChart,
} from '../src/index.js';
import { hasChromium, launchChromium, watch } from './chromium.js';
import { HOSTILE, sampleTable } from './fixtures.js';
import { forecastEvaluation, forecastPlan } from './forecast-store.js';

const OUT = fileURLToPath(new URL('../.test-output/', import.meta.url));

describe.runIf(hasChromium)('HTML reports in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium(OUT);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** A page showing `content`, recording console errors and every request that leaves the page. */
  async function openPage(content: string) {
    const page = await browser.newPage();
    const { errors, requests } = watch(page);
    await page.setContent(content, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  const tasks = allocationTable(yunnanSmeAssistance.allocations[1]!);
  const bars = tasks.rows
    .filter((r) => r.kind !== 'total')
    .map((r) => ({
      label: String(r.cells.prefecture),
      value: Number(r.cells.tasks) / 3,
      target: 100,
    }));
  const html = renderHtml([tasks, sampleTable()], {
    lang: 'zh',
    charts: [
      progressChart('任务完成进度 <script>', bars),
      progressChart(
        '恶意名称',
        HOSTILE.map((label, i) => ({ label, value: 10 * i, target: 50 })),
      ),
    ],
  });

  // The three other charts, each fed enough data that its size can be told apart.
  const statuses: SubmissionStatus[] = ['on-time', 'late', 'missing', 'due'];
  const chartsHtml = renderHtml([], {
    lang: 'zh',
    charts: [
      rankingChart(
        '州市排名 <script>',
        bars.map((b) => ({ label: b.label, value: new Decimal(b.value) })),
        { target: 50 },
      ),
      trendChart('昆明市 申报率', [
        { year: 2021, value: new Decimal('62.5') },
        { year: 2022, value: null },
        { year: 2023, value: new Decimal(80) },
        { year: 2024, value: new Decimal('88.1') },
        { year: 2025, value: new Decimal(95) },
      ]),
      completenessChart('报送情况', {
        obligations: ['一季度', '二季度', '三季度', '四季度', '年报'],
        regions: HOSTILE.map((label, i) => ({
          label,
          statuses: [0, 1, 2, 3, 4].map((j) => statuses[(i + j) % 4]!),
        })),
      }),
    ],
  });

  it('shows the ranking, trend and completeness charts sized, offline and error-free', async () => {
    const { page, errors, requests } = await openPage(chartsHtml);
    const boxes = await page.$$eval('svg', (svgs) =>
      svgs.map((s) => ({
        ...s.getBoundingClientRect().toJSON(),
        rects: s.querySelectorAll('rect').length,
        points: s.querySelectorAll('circle').length,
      })),
    );
    expect(boxes).toHaveLength(3);
    for (const box of boxes) {
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(150);
    }
    const [ranking, trend, grid] = boxes;
    // 16 prefectures: 16 bars, 24 px each under a 28 px title band.
    expect(ranking!.rects).toBe(16);
    expect(ranking!.height).toBe(28 + 16 * 24 + 10);
    // Five plan years, one missing: four points.
    expect(trend!.points).toBe(4);
    // 10 regions × 5 obligations, and a 4-item legend.
    expect(grid!.rects).toBe(10 * 5 + 4);
    expect(grid!.height).toBe(120 + 10 * 28 + 30 + 10);
    expect(await page.$$eval('script', (s) => s.length)).toBe(0);
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(`${OUT}charts.png`, shot);
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the charts sized, with no console error and no network request', async () => {
    const { page, errors, requests } = await openPage(html);
    const boxes = await page.$$eval('svg', (svgs) =>
      svgs.map((s) => s.getBoundingClientRect().toJSON()),
    );
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      expect(box.width).toBeGreaterThan(100);
      expect(box.height).toBeGreaterThan(50);
    }
    // 16 prefectures are taller than 10 names.
    expect(boxes[0].height).toBeGreaterThan(boxes[1].height);
    expect(await page.$$eval('script', (s) => s.length)).toBe(0);
    expect(await page.$$eval('thead', (t) => t.length)).toBe(2);
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(`${OUT}report.png`, shot);
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it('prints to an A4 PDF of several pages (a page break between the tables)', async () => {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    writeFileSync(`${OUT}report.pdf`, pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    await page.close();
  }, 60_000);

  it('shows the draft self-evaluation report: headings, the forecast table and the chart caption hidden but present', async () => {
    const evaluation = await forecastEvaluation('2025-06-30');
    const doc = renderDocumentHtml(
      selfEvaluationReport(evaluation, forecastPlan, { region: '410102' }),
    );
    const { page, errors, requests } = await openPage(doc);
    const headings = await page.$$eval('section.doc > h2', (h) => h.map((e) => e.textContent));
    expect(headings.slice(0, 6)).toEqual([
      '一、评估工作总体情况',
      '二、主要目标指标完成情况',
      '三、主要任务完成情况',
      '四、存在问题和困难',
      '五、工作创新情况',
      '六、对“十五五”《规划》编制的意见建议',
    ]);
    // the table caption is in the page for assistive technology but takes no visible room
    const caption = await page.$eval('caption', (c) => c.getBoundingClientRect().toJSON());
    expect(caption.width).toBeLessThanOrEqual(1);
    expect(await page.$$eval('.placeholder', (p) => p.length)).toBe(8);
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(`${OUT}self-evaluation.png`, shot);
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);
});
