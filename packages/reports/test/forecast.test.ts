import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  evaluationTable,
  progressChart,
  rankingTable,
  renderCsv,
  renderHtml,
  renderXlsx,
  trendChart,
} from '../src/index.js';
import { forecastEvaluation, forecastPlan, INSPECTIONS } from './forecast-store.js';

const csvOf = (table: Parameters<typeof renderCsv>[0]): string[][] =>
  parse(renderCsv(table, { lang: 'zh' }), { bom: true });

const found = INSPECTIONS.reduce((s, f) => s + f.problemsFound, 0);
const rectified = INSPECTIONS.reduce((s, f) => s + f.problemsRectified, 0);
/** 22 / 24 × 100 = 91.666… published to two places rounded down (91.66, not 91.67), in integer arithmetic. */
const floorHundredths = Math.floor((rectified * 10_000) / found);

describe('the indicator’s own decimals and rounding reach every renderer', async () => {
  const evaluation = await forecastEvaluation();
  const table = evaluationTable(evaluation, forecastPlan);

  it('results carry them (core)', () => {
    const rate = evaluation.results.find((r) => r.indicator === 'rectificationRate')!;
    expect([rate.decimals, rate.rounding]).toEqual([2, 'floor']);
  });

  it('CSV and ranking write the rate to two places, rounded down', () => {
    const rows = csvOf(table).slice(1);
    const county = rows.find((r) => r[0] === '中原区' && r[1] === '问题整改率')!;
    expect(county[4]).toBe((floorHundredths / 100).toFixed(2));
    const ranked = csvOf(rankingTable(evaluation, forecastPlan, 'rectificationRate'));
    expect(ranked[1]![3]).toBe((floorHundredths / 100).toFixed(2));
  });

  it('XLSX holds the rounded number with a two-place percent format', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx([table], { lang: 'zh' })) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(1).value === '中原区' && row.getCell(2).value === '问题整改率')
        cells.push(row.getCell(5));
    });
    expect(cells[0]!.value).toBe(floorHundredths / 100);
    expect(cells[0]!.numFmt).toBe('0.00"%"');
  });

  it('has no forecast columns when evaluated to the year’s end', () => {
    expect(table.leaves.map((l) => l.id)).not.toContain('verdict');
  });
});

describe('the forecast in the evaluation table', async () => {
  const evaluation = await forecastEvaluation('2025-06-30');
  const table = evaluationTable(evaluation, forecastPlan);
  const rows = csvOf(table);

  it('adds projected value, verdict and what is still needed under one header group', () => {
    expect(table.headerRows[0]!.map((c) => c.label.zh)).toContain('年底预判');
    expect(rows[0]!.slice(-3)).toEqual([
      '年底预判 / 预计年底值',
      '年底预判 / 预判',
      '年底预判 / 年底前还需',
    ]);
  });

  it('the count: 8 by 06-30 (day 181 of 365) → 8 × 365 / 181 = 16.1 → 16, unlikely, 12 more', () => {
    const row = rows.find((r) => r[0] === '中原区' && r[1] === '检查次数')!;
    expect(Math.round((8 * 365) / 181)).toBe(16);
    expect(row.slice(-3)).toEqual(['16', '预计难以达标 unlikely', '12']);
  });

  it('the rate held (the pack chose `hold`): 91.66 ≥ 90, likely met, nothing needed', () => {
    const row = rows.find((r) => r[0] === '中原区' && r[1] === '问题整改率')!;
    expect(row.slice(-3)).toEqual([(floorHundredths / 100).toFixed(2), '预计达标 likely met', '']);
  });

  it('the ranking bulletin carries the verdict too', () => {
    const ranked = csvOf(rankingTable(evaluation, forecastPlan, 'inspections'));
    expect(ranked[0]!.at(-1)).toBe('年底预判');
    expect(ranked[1]!.at(-1)).toBe('预计难以达标 unlikely');
  });

  it('a footnote states the method, the day count and the at-risk rule', () => {
    const note = table.footnotes!.at(-1)!;
    expect(note.zh).toContain('全年第181天，共365天');
    expect(note.en).toContain('linear projection of the numerator');
  });
});

describe('renderHtml: lang reaches the charts; every chart and table has a text alternative', () => {
  const chart = (lang: 'zh' | 'en' | 'both') =>
    trendChart('申报率', [{ year: 2025, value: new Decimal('86.55') }], {
      target: 90,
      decimals: 1,
      rounding: 'floor',
      lang,
    });
  it('a chart given as a function is drawn in the document’s language', () => {
    const en = renderHtml([], { lang: 'en', charts: [chart] });
    const zh = renderHtml([], { lang: 'zh', charts: [chart] });
    expect(en).toContain('; target 90');
    expect(en).not.toContain('目标');
    expect(zh).toContain('; 目标 90');
    // 86.55 rounded down to one place
    expect(zh).toContain('2025: 86.5');
  });

  it('each figure carries its title and figures as a caption; each table a caption', async () => {
    const evaluation = await forecastEvaluation('2025-06-30');
    const bar = progressChart(
      '整改率',
      [{ label: '中原区', value: new Decimal('93.756'), target: 90 }],
      {
        decimals: 2,
        rounding: 'floor',
        lang: 'en',
      },
    );
    const html = renderHtml([evaluationTable(evaluation, forecastPlan)], {
      lang: 'zh',
      charts: [bar],
    });
    expect(html).toContain(
      '<figcaption class="alt">整改率: value / target: 中原区: 93.75 / 90</figcaption>',
    );
    expect(html).toMatch(/<caption class="alt">预判报表 评估结果（2025）<\/caption>/);
    expect(html).toContain('.alt { position: absolute;');
  });
});
