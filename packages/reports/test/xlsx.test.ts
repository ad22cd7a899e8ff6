import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderXlsx } from '../src/index.js';
import { HOSTILE, sampleTable } from './fixtures.js';

async function readBack(lang: 'zh' | 'en' = 'zh') {
  const bytes = await renderXlsx([sampleTable(), sampleTable()], {
    lang,
    created: new Date(Date.UTC(2025, 11, 31)),
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('renderXlsx, read back with exceljs', async () => {
  const workbook = await readBack();
  const sheet = workbook.worksheets[0]!;
  // Row 1 title, row 2 header line, rows 3-4 the two-row header, data from row 5.
  it('one sheet per table, uniquely named, with workbook properties', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['附表9', '附表9(2)']);
    expect(workbook.creator).toBe('occhealth');
    expect(workbook.title).toBe('样表');
  });

  it('writes the title block and merges it across the table', () => {
    expect(sheet.getCell('A1').value).toBe('附表9  样表');
    expect(sheet.getCell('A2').value).toBe('单位名称（盖章）：');
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:E1', 'A2:E2']));
  });

  it('merges the multi-row header as the column tree says', () => {
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A3:A4', 'B3:D3', 'E3:E4']));
    expect(sheet.getCell('B3').value).toBe('工作开展情况');
    expect(['B4', 'C4', 'D4'].map((a) => sheet.getCell(a).value)).toEqual([
      '劳动者数',
      '申报率(%)',
      '是否培训',
    ]);
  });

  it('freezes the header rows and the first column; prints A4 with the header repeated', () => {
    const view = sheet.views[0] as { state: string; xSplit: number; ySplit: number };
    expect([view.state, view.xSplit, view.ySplit]).toEqual(['frozen', 1, 4]);
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.pageSetup.printTitlesRow).toBe('3:4');
  });

  it('stores numbers as numbers with number formats, dates as dates', () => {
    const workers = sheet.getCell('B5');
    expect(workers.value).toBe(1000);
    expect(workers.numFmt).toBe('#,##0');
    const rate = sheet.getCell('C5');
    expect(rate.value).toBe(86.5); // rounded once, half-up, 1 place: 1953 / 2257 = 86.53…
    expect(rate.numFmt).toBe('0.0"%"');
    const date = sheet.getCell('E5');
    expect(date.value).toEqual(new Date(Date.UTC(2025, 11, 31)));
    expect(date.numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('D5').value).toBe('是');
    expect(sheet.getCell(`B${5 + HOSTILE.length + 1}`).value).toBe(12_345);
  });

  it('neutralises formula injection, keeps emoji and rare CJK, never writes a formula', () => {
    HOSTILE.forEach((name, i) => {
      const cell = sheet.getCell(`A${5 + i}`);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML parsers normalise a bare CR to LF, so a CR reads back as LF.
      const shown = /^[=+\-@\t\r]/.test(name) ? `'${name}` : name;
      expect(cell.value).toBe(shown.replace(/\r/g, '\n'));
    });
    sheet.eachRow((row) => {
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    });
  });

  it('sizes columns by display width (a Chinese character counts two)', () => {
    // The widest name is the HYPERLINK one: 36 ASCII characters and 2 Chinese = 40 columns, +2.
    expect(sheet.getColumn(1).width).toBe(42);
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(10);
  });

  it('writes footnotes and the source under the table', async () => {
    const last = 5 + HOSTILE.length + 2;
    expect(sheet.getCell(`A${last}`).value).toBe('备注：示例。');
    expect(sheet.getCell(`A${last + 1}`).value).toBe('来源: 004 附表3');
    const en = (await readBack('en')).worksheets[0]!;
    expect(en.getCell(`A${last + 1}`).value).toBe('Source: 004 附表3');
  });
});
