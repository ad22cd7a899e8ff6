import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { henanThreeActions, yunnanSmeAssistance } from '@occhealth/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formTable, renderXlsx } from '../src/index.js';

const SEEDS = '/work/shared/seeds/';
const seedAvailable = existsSync(SEEDS);

/** The header cells of a 004 附表 as the seed lists them (tab-indented, row by row). */
function seedHeader(form: '附表2' | '附表3'): string[] {
  const file = readdirSync(SEEDS).find((f) => f.startsWith('004_'));
  const text = readFileSync(`${SEEDS}${file}`, 'utf8');
  const start = text.lastIndexOf(`\n${form}\n`);
  const end = text.indexOf('备注：', start);
  return text
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('\t'))
    .map((l) => l.trim())
    .filter((l) => l !== ''); // the blank body cells the form prints
}

const form = (id: string) => yunnanSmeAssistance.forms.find((f) => f.id === id)!;

describe('004 附表2 and 附表3 from the pack forms', () => {
  const progress = formTable(form('yunnan-sme.progress-table'), [], {
    unsourced: ['rectificationStatus'],
  });

  it('附表3: 16 columns, two header rows, groups of 4 and 8', () => {
    expect(progress.formNumber).toBe('附表3');
    expect(progress.leaves).toHaveLength(16);
    expect(progress.headerRows).toHaveLength(2);
    expect(progress.headerRows[0]!.filter((c) => c.colSpan > 1).map((c) => c.colSpan)).toEqual([
      4, 8,
    ]);
    expect(progress.headerLines?.map((h) => h.zh)).toEqual([
      '单位名称（盖章）：',
      '填表人及联系方式：',
      '填表日期：',
    ]);
  });

  it.runIf(seedAvailable)('reproduces the seeds\u2019 header cells in order', () => {
    const cells = progress.headerRows.flatMap((r) => r.map((c) => c.label.zh));
    expect(cells).toEqual(seedHeader('附表3'));
    const list = formTable(form('yunnan-sme.enterprise-list'), []);
    expect(list.leaves.map((l) => l.label.zh)).toEqual(seedHeader('附表2'));
  });

  it('blanks columns without a data source and names them in a footnote', () => {
    const table = formTable(
      form('yunnan-sme.progress-table'),
      [{ seq: 1, enterpriseName: '示例公司', trainingHeld: true, rectificationStatus: '已整改' }],
      { unsourced: ['rectificationStatus'] },
    );
    expect(table.rows[0]!.cells).toEqual({
      seq: 1,
      enterpriseName: '示例公司',
      trainingHeld: true,
    });
    expect(table.footnotes?.at(-1)?.zh).toBe('以下列暂无数据来源，留空：企业整改落实情况。');
    expect(table.footnotes?.[0]?.zh).toMatch(/^备注：州、市卫生健康委汇总后/);
  });

  it('merges the two-row header in XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await renderXlsx([progress], { lang: 'zh' })) as unknown as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    // Title row 1, three header lines (rows 2-4), header rows 5-6.
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A5:A6', 'D5:D6', 'E5:H5', 'I5:P5']));
    expect(sheet.getCell('I5').value).toBe('工作开展情况');
    expect(sheet.getCell('P6').value).toBe('企业整改落实情况');
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.printTitlesRow).toBe('5:6');
  });
});

describe('001 帮扶对象名单 from the Henan pack form', () => {
  const table = formTable(
    henanThreeActions.forms.find((f) => f.id === 'henan.sme-assistance.list')!,
    [
      {
        location: '郑州市',
        employerName: '=示例公司',
        mainHazardFactors: '粉尘、噪声',
        size: '小型',
      },
    ],
  );
  it.runIf(seedAvailable)('has the four fields the seed names, in its order', () => {
    const file = readdirSync(SEEDS).find((f) => f.startsWith('001_'));
    const text = readFileSync(`${SEEDS}${file}`, 'utf8');
    const fields = /帮扶对象名单（含([^）]+)）/.exec(text)![1]!.split('、');
    expect(table.leaves.map((l) => l.label.zh)).toEqual(fields);
  });
  it('has no form number (the seed prints none) and cites its clause', () => {
    expect(table.formNumber).toBeUndefined();
    expect(table.source?.clause).toBe('附件2 二(三)');
    expect(table.rows[0]!.cells.employerName).toBe('=示例公司');
  });
});
