import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { yunnanSmeAssistance } from '@occhealth/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { allocationTable, renderCsv, renderText } from '../src/index.js';

const SEEDS = '/work/shared/seeds/';

/** 附表1 as the seed prints it: tab-indented cells, three per row, from 州市 to 合计. */
function seedTaskTable(): string[][] {
  const file = readdirSync(SEEDS).find((f) => f.startsWith('004_'));
  const text = readFileSync(`${SEEDS}${file}`, 'utf8');
  const start = text.indexOf('云南省中小微企业职业健康帮扶任务表\n');
  const end = text.indexOf('附表2\n', start);
  const cells = text
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('\t'))
    .map((l) => l.trim());
  const rows: string[][] = [];
  for (let i = 0; i < cells.length; i += 3) rows.push(cells.slice(i, i + 3));
  return rows;
}

// The seeds live beside the repository on the lead's machine; elsewhere the pack's rows stand in.
const seedAvailable = existsSync(SEEDS);

describe('004 附表1 from the Yunnan pack allocations', () => {
  for (const allocation of yunnanSmeAssistance.allocations) {
    const table = allocationTable(allocation);
    it(`${allocation.id}: 16 prefectures and a 合计 row of 129 counties, 2,782 enterprises`, () => {
      expect(table.formNumber).toBe('附表1');
      expect(table.rows.filter((r) => r.kind !== 'total')).toHaveLength(16);
      const total = table.rows.at(-1)!;
      expect(total.kind).toBe('total');
      expect(total.cells).toEqual({ prefecture: '合计', counties: 129, tasks: 2782 });
      expect(renderText(table, { lang: 'zh', frame: false }).split('\n').at(-1)).toMatch(
        /^合计\s+129\s+2,782$/,
      );
    });
  }

  it.runIf(seedAvailable)('reproduces the seed table cell for cell, columns in order', () => {
    const seed = seedTaskTable();
    expect(seed).toHaveLength(18); // header + 16 + 合计
    const csv: string[][] = parse(
      renderCsv(allocationTable(yunnanSmeAssistance.allocations[1]!), { lang: 'zh' }),
      {
        bom: true,
      },
    );
    expect(csv).toEqual(seed);
    // The seed's own total equals the sum of its rows.
    const body = seed.slice(1, -1);
    expect(body.reduce((s, r) => s + Number(r[1]), 0)).toBe(129);
    expect(body.reduce((s, r) => s + Number(r[2]), 0)).toBe(2782);
  });

  it('says so in a footnote when the rows do not add up to the printed total', () => {
    const allocation = yunnanSmeAssistance.allocations[0]!;
    const broken = { ...allocation, rows: allocation.rows.slice(1) };
    const table = allocationTable(broken);
    expect(table.rows.at(-1)!.cells).toEqual({ prefecture: '合计', counties: 115, tasks: 2446 });
    expect(table.footnotes?.at(-1)?.zh).toBe('合计为各行之和；原文合计为 129 / 2782。');
  });
});
