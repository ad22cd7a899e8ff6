import { obligationsDue, yunnanSmeAssistance } from '@occhealth/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  evaluationTable,
  obligationKey,
  obligationsTable,
  rankingTable,
  renderCsv,
  renderText,
  submissionStatus,
} from '../src/index.js';
import { COUNTY_FIGURES, plan, smallEvaluation } from './store.js';

const csvOf = (table: Parameters<typeof renderCsv>[0]): string[][] =>
  parse(renderCsv(table, { lang: 'zh' }), { bom: true });

describe('evaluationTable from a small store', async () => {
  const evaluation = await smallEvaluation();
  const table = evaluationTable(evaluation, plan);
  const rows = csvOf(table).slice(1);

  it('sums numerators and denominators up the tree as a hand count does; rounds once', () => {
    const byName = new Map(rows.map((r) => [r[0], r]));
    const sum = (list: readonly (typeof COUNTY_FIGURES)[number][]) => ({
      found: list.reduce((s, c) => s + c.found, 0),
      rectified: list.reduce((s, c) => s + c.rectified, 0),
    });
    const expected = [
      ['黑龙江省', sum(COUNTY_FIGURES)],
      ['哈尔滨市', sum(COUNTY_FIGURES.filter((c) => c.parent === '230100'))],
      ['齐齐哈尔市', sum(COUNTY_FIGURES.filter((c) => c.parent === '230200'))],
      ...COUNTY_FIGURES.map((c) => [c.name, { found: c.found, rectified: c.rectified }] as const),
    ] as const;
    for (const [name, { found, rectified }] of expected) {
      const row = byName.get(name)!;
      expect([row[2], row[3]]).toEqual([String(rectified), String(found)]);
      // Half-up to one place in integer arithmetic: round(rectified × 1000 / found) / 10.
      const tenths = Math.floor((rectified * 2000 + found) / (2 * found));
      expect(row[4]).toBe((tenths / 10).toFixed(1));
    }
    // The province: 860 of 957 = 89.86… → 89.9, not met, 2 short (862 / 957 = 90.07…).
    expect(byName.get('黑龙江省')!.slice(2, 8)).toEqual([
      '860',
      '957',
      '89.9',
      '>= 90',
      '未达标 not met',
      '2',
    ]);
  });

  it('indents each region under its parent and keeps the Decimal unrounded in the model', () => {
    expect(table.rows.map((r) => r.indent)).toEqual(
      evaluation.results.map(
        (r) => ({ province: 0, prefecture: 1, county: 2 })[r.level as 'county'],
      ),
    );
    const value = table.rows[0]!.cells.value as { value: { toFixed(): string } };
    expect(value.value.toFixed()).toMatch(/^89\.86/);
    const text = renderText(table, { lang: 'zh', frame: false }).split('\n');
    expect(text.find((l) => l.includes('道里区'))).toMatch(/^ {4}道里区/);
  });
});

describe('rankingTable', async () => {
  const evaluation = await smallEvaluation();
  it('ranks all counties best first on the published value', () => {
    const rows = csvOf(rankingTable(evaluation, plan, 'rectificationRate'));
    expect(rows[0]).toEqual(['排名', '地区', '所属地区', '值', '目标', '状态', '差距']);
    // 380/400 = 95.0, 190/200 = 95.0 (tie), 50/57 = 87.7, 240/300 = 80.0.
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['1', '道里区', '95.0'],
      ['1', '龙沙区', '95.0'],
      ['3', '建华区', '87.7'],
      ['4', '南岗区', '80.0'],
    ]);
    expect(rows[2]![2]).toBe('齐齐哈尔市');
  });
});

describe('obligationsTable with statuses', () => {
  const due = obligationsDue(yunnanSmeAssistance, 'prefecture', '2025-01-01', '2025-12-31');
  it('classifies on time, late, missing and due from the submission dates and today', () => {
    expect(due.map((d) => d.deadline)).toEqual(['2025-05-10', '2025-07-10', '2025-12-15']);
    const submitted = {
      [obligationKey(due[0]!)]: '2025-05-10',
      [obligationKey(due[1]!)]: '2025-07-11',
    };
    const rows = csvOf(obligationsTable(due, { submitted, today: '2025-12-16', lang: 'zh' }));
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['2025-05-10', '2025-05-10', '按时'],
      ['2025-07-10', '2025-07-11', '逾期'],
      ['2025-12-15', '', '未报'],
    ]);
    expect(submissionStatus('2025-12-15', undefined, '2025-12-15')).toBe('due');
  });
  it('omits the status columns when nothing is tracked', () => {
    expect(csvOf(obligationsTable(due))[0]).toEqual(['截止', '事项', '依据']);
  });
});
