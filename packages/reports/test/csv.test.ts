import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../src/index.js';
import { HOSTILE, sampleTable } from './fixtures.js';

const DANGEROUS = /^[=+\-@\t\r]/;

describe('renderCsv', () => {
  const csv = renderCsv(sampleTable(), { lang: 'zh' });

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Outside quoted cells, every LF is preceded by CR.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted.match(/(?<!\r)\n/g)).toBeNull();
  });

  it('round-trips through csv-parse: quotes, commas, newlines, emoji and rare CJK intact', () => {
    const records: string[][] = parse(csv, { bom: true, relax_column_count: false });
    expect(records).toHaveLength(1 + HOSTILE.length + 2);
    expect(records[0]).toEqual([
      '企业名称',
      '工作开展情况 / 劳动者数',
      '工作开展情况 / 申报率(%)',
      '工作开展情况 / 是否培训',
      '填表日期',
    ]);
    HOSTILE.forEach((name, i) => {
      const row = records[i + 1]!;
      // What a spreadsheet shows: the name, with a leading ' only where it could run as a formula.
      expect(row[0]).toBe(DANGEROUS.test(name) ? `'${name}` : name);
      expect(row[1]).toBe(String(1000 + i));
      expect(row[2]).toBe('86.5'); // 1953 / 2257 = 86.53… (seed 002 篇3)
      expect(row[3]).toBe(i % 2 === 0 ? '是' : '否');
      expect(row[4]).toBe('2025-12-31');
    });
    expect(records.at(-1)).toEqual(['合计', '12345', '', '', '']);
  });

  it('no cell a spreadsheet reads starts with a formula trigger', () => {
    const records: string[][] = parse(csv, { bom: true });
    for (const row of records) for (const cell of row) expect(cell).not.toMatch(DANGEROUS);
  });

  it('writes the leaf header only, or none, on request', () => {
    const leaf: string[][] = parse(renderCsv(sampleTable(), { lang: 'en', header: 'leaf' }), {
      bom: true,
    });
    expect(leaf[0]).toEqual(['Enterprise', 'Workers', 'Declaration rate (%)', 'Trained?', 'Date']);
    const none: string[][] = parse(renderCsv(sampleTable(), { header: 'none', bom: false }));
    expect(none).toHaveLength(HOSTILE.length + 2);
  });
});
