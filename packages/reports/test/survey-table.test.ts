import { evaluate, MemoryStore, SURVEY_TABLE, yongqingFinalEvaluation } from '@occhealth/core';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderCsv, renderXlsx, surveyTable } from '../src/index.js';

// 永清县 with two townships; every figure is reported per township (hand-written, not computed).
const TOWNS = ['131023100', '131023101'] as const;
const FIGURES: Record<string, readonly [number, number]> = {
  industrialEnterprisesDeclared: [41, 37],
  industrialEnterprisesWithHazards: [45, 40],
  monitoredPosts: [120, 80],
  monitoredPostsCompliant: [104, 69],
  nonMedicalRadiationWorkers: [30, 12],
  nonMedicalRadiationWorkersDoseMonitored: [29, 12],
  keyIndustryWorkersAware: [150, 88],
  keyIndustryWorkersSurveyed: [180, 100],
  ohViolationCasesHandled: [6, 3],
  ohViolationCasesFiled: [7, 3],
  prefecturesWithPublicDiagnosisInstitution: [1, 0],
  prefecturesTotal: [1, 0],
  countiesWithPublicHealthExamInstitution: [1, 0],
  countiesTotal: [1, 0],
  prefectureCitiesTotal: [1, 0],
  prefectureCitiesWithPlan: [1, 0],
  countyUnitsTotal: [1, 1],
  countyUnitsWithPlan: [1, 0],
};
/** Work-injury insurance enrolment per township and year; 2020 is never evaluated. */
const INSURED: Record<number, readonly [number, number]> = {
  2021: [21000, 9000],
  2022: [21500, 9100],
  2023: [22000, 9400],
  2024: [22400, 9650],
  2025: [23010, 9990],
};

async function evaluations() {
  const store = new MemoryStore();
  await store.write({
    regions: [
      { code: '131023', name: { zh: '永清县' }, level: 'county', parent: null },
      ...TOWNS.map((code, i) => ({
        code,
        name: { zh: ['永清镇', '韩村镇'][i]! },
        level: 'township' as const,
        parent: '131023',
      })),
    ],
    dataValues: [
      ...Object.entries(FIGURES).flatMap(([dataElement, values]) =>
        TOWNS.map((region, i) => ({ dataElement, region, period: '2025', value: values[i]! })),
      ),
      // A 2024 figure outside 2025: a stock counts only its 2025 value.
      { dataElement: 'monitoredPosts', region: TOWNS[0], period: '2024', value: 999 },
      ...Object.entries(INSURED).flatMap(([year, values]) =>
        TOWNS.map((region, i) => ({
          dataElement: 'workInjuryInsuredPersons',
          region,
          period: year,
          value: values[i]!,
        })),
      ),
    ],
  });
  const out: Record<number, Awaited<ReturnType<typeof evaluate>>> = {};
  for (const year of Object.keys(INSURED).map(Number)) {
    out[year] = await evaluate({
      plan: yongqingFinalEvaluation,
      store,
      region: '131023',
      period: String(year),
    });
  }
  return out;
}

const sum = (pair: readonly [number, number]) => pair[0] + pair[1];
/** Half-up to one place in integer arithmetic. */
const rate = (num: number, den: number) =>
  (Math.floor((num * 2000 + den) / (2 * den)) / 10).toFixed(1);

describe('surveyTable (seed 003 附件1 附表) from a small store', async () => {
  const table = surveyTable(await evaluations());
  const csv: string[][] = parse(renderCsv(table, { lang: 'zh' }), { bom: true });

  it('has the seed’s four columns, in order and wording', () => {
    expect(csv[0]).toEqual(['序号', '评估指标', '数据来源', '结果']);
    expect(table.title.zh).toBe('河北职业病防治规划(2021-2025年)定量指标调查表');
  });

  it('lists the ten rows in the seed’s order, each followed by its sub-items as printed', () => {
    const main = csv.slice(1).filter((r) => r[0] !== '');
    expect(main.map((r) => r[0])).toEqual(['1', '2*', '3*', '4*', '5', '6', '7', '8', '9', '10']);
    expect(main[3]![1]).toBe('非医疗放射工作人员个人剂量监测率(%)');
    expect(main[6]![2]).toBe('上报数据。');
    const codes = csv
      .slice(1)
      .map((r) => r[1]!.match(/^(\d+-\d+) /)?.[1])
      .filter(Boolean);
    expect(codes).toEqual([
      ...['2-1', '2-2', '3-1', '3-2', '4-1', '4-2', '5-1', '5-2', '6-1', '6-2'],
      ...['8-1', '8-2', '9-1', '9-2', '10-1', '10-2', '10-3', '10-4'],
    ]);
  });

  it('fills each sub-item with the hand-summed figure of its data element', () => {
    for (const row of SURVEY_TABLE) {
      for (const s of row.subItems) {
        const line = csv.find((r) => r[1]!.startsWith(`${s.code} `))!;
        expect([s.code, line[3]]).toEqual([s.code, String(sum(FIGURES[s.dataElement]!))]);
      }
    }
    // 3-1 is 120 + 80 = 200 (the 2024 figure 999 is outside the period).
    expect(csv.find((r) => r[1]!.startsWith('3-1 '))![3]).toBe('200');
  });

  it('puts each row’s rate on the row, numerator over denominator by role', () => {
    const row = (no: string) => csv.find((r) => r[0] === no)!;
    expect(row('2*')[3]).toBe(rate(41 + 37, 45 + 40)); // 78 / 85 = 91.76… → 91.8
    expect(row('3*')[3]).toBe(rate(104 + 69, 120 + 80)); // 3-2 over 3-1: 86.5
    expect(row('4*')[3]).toBe(rate(29 + 12, 30 + 12)); // 4-2 over 4-1: 97.6
    expect(row('6')[3]).toBe(rate(6 + 3, 7 + 3)); // 90.0
    expect(row('10')[3]).toBe(''); // two rates: only the sub-items
    expect(row('7')[3]).toBe(''); // narrative, none passed
  });

  it('gives row 1 one result per year 2020–2025; 2020 has no evaluation: blank, footnoted', () => {
    const start = csv.findIndex((r) => r[0] === '1');
    const years = csv.slice(start + 1, start + 7);
    expect(years.map((r) => r[1])).toEqual([
      '2020年',
      '2021年',
      '2022年',
      '2023年',
      '2024年',
      '2025年',
    ]);
    expect(years.map((r) => r[3])).toEqual([
      '',
      ...[2021, 2022, 2023, 2024, 2025].map((y) => String(sum(INSURED[y]!))),
    ]);
    expect(table.footnotes?.map((f) => f.zh)).toContain('2020年无评估结果，相应单元格为空。');
    expect(table.source).toEqual({
      doc: '永清县职业病防治规划(2021-2025年)终期评估方案',
      clause: '附件1 附表',
    });
  });

  it('renders to XLSX with the header, numbers as numbers and the rate rounded once', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx([table], { lang: 'zh' })) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    let header = 0;
    sheet.eachRow((r, n) => {
      if (!header && r.getCell(1).value === '序号') header = n;
    });
    expect(header).toBeGreaterThan(0);
    expect([1, 2, 3, 4].map((c) => sheet.getRow(header).getCell(c).value)).toEqual([
      '序号',
      '评估指标',
      '数据来源',
      '结果',
    ]);
    const find = (col: number, text: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((r) => {
        if (!found && String(r.getCell(col).value).trim().startsWith(text)) found = r;
      });
      return found!;
    };
    expect(find(2, '3-2 ').getCell(4).value).toBe(104 + 69);
    expect(find(2, '3-2 ').getCell(4).numFmt).toBe('#,##0');
    expect(find(1, '3*').getCell(4).value).toBe(Number(rate(173, 200)));
    expect(find(2, '2025年').getCell(4).value).toBe(sum(INSURED[2025]!));
  });
});
