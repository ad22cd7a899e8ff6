import { MemoryStore, reconcile } from '@occhealth/core';
import { reconcilePlan, reconcileScenario } from '@occhealth/core/testing';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reconciliationTable, renderCsv, renderHtml, renderXlsx } from '../src/index.js';

async function scenario() {
  const store = new MemoryStore();
  await store.write(reconcileScenario().batch);
  const plan = reconcilePlan();
  const result = await reconcile({ plan, region: '530000', period: '2025', store });
  return { plan, result };
}

describe('reconciliationTable', async () => {
  const { plan, result } = await scenario();
  const differing = result.rows.filter((r) => r.differences.length > 0);

  it('has one row per indicator and region, and highlights exactly the rows with a difference', () => {
    const table = reconciliationTable(result, plan);
    // 7 regions × 3 indicators.
    expect(table.rows).toHaveLength(21);
    const html = renderHtml([table], { lang: 'zh' });
    expect(html.match(/<tr class="highlight">/g)).toHaveLength(differing.length);
    // 五华区 declaration, inspections, pass rate; 盘龙区 declaration, pass rate; 官渡区; 昆明市.
    expect(differing.length).toBe(7);
    expect(html).toContain('上报计入了口径排除的记录');
    expect(html).toContain('tr.highlight td');
  });

  it('keeps only the differing rows when asked, and reads back from CSV with the classes and records', () => {
    const table = reconciliationTable(result, plan, { onlyDifferences: true, lang: 'en' });
    const records: string[][] = parse(renderCsv(table, { lang: 'en' }), {
      bom: true,
      relax_column_count: true,
    });
    const body = records.filter((r) => /^\d{6}$/.test(r[1] ?? ''));
    expect(body.map((r) => `${r[1]} ${r[2]}`)).toEqual(
      differing.map((r) => `${r.region} ${r.label.en}`),
    );
    const kunming = body.find((r) => r[1] === '530100')!;
    expect(kunming.join('|')).toContain('numerator -2: children that reported are not in the sum');
    expect(kunming.join('|')).toContain('recon.yearly|530111|2025');
    // Reported 3 of 6; the children reported 5 of 8.
    expect(kunming.slice(3, 5)).toEqual(['3', '6']);
    expect(kunming.slice(9, 11)).toEqual(['5', '8']);
  });

  it('renders to XLSX through the shared renderer', async () => {
    const bytes = await renderXlsx([reconciliationTable(result, plan, { onlyDifferences: true })], {
      lang: 'zh',
      created: new Date(Date.UTC(2025, 11, 31)),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(row.values ? JSON.stringify(row.values) : ''));
    expect(texts.join('\n')).toContain('530111');
    expect(texts.join('\n')).toContain('库中缺少上报所计的记录');
  });
});
