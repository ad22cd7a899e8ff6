/**
 * Bulk import: CSV and JSON round trips for every kind, encodings, malformed files, row-level
 * errors with their file lines, both modes, idempotent re-import and progress events.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '@occhealth/adapter-sqlite';
import { type ImportKind, MemoryStore, ValidationError, type WriteBatch } from '@occhealth/core';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { COLUMNS, importFile, importText } from '../src/index.js';
import { fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'occhealth-sqlite-import-'));
const tmp = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const json = (name: string) => {
  const value = JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown;
  return (
    Array.isArray(value) ? value : (value as Record<string, unknown[]>).employers
  ) as unknown[];
};
const FILES: Array<[ImportKind, string]> = [
  ['regions', 'regions'],
  ['employers', 'employers'],
  ['institutions', 'institutions'],
  ['departments', 'departments'],
  ['contacts', 'contacts'],
  ['facts', 'facts'],
  ['dataValues', 'data-values'],
];
const count = (store: SqliteStore, table: string) =>
  (store.database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function errorOf(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** A store holding the fixture regions (and employers and institutions, unless told otherwise). */
async function seeded(withEmployers = true): Promise<SqliteStore> {
  const store = openSqliteStore(':memory:');
  await store.write({
    regions: json('regions.json'),
    ...(withEmployers
      ? { employers: json('employers.json'), institutions: json('institutions.json') }
      : {}),
  });
  return store;
}

describe('import round trips', () => {
  it.each(['csv', 'json'] as const)(
    'imports every kind from %s exactly as writing the JSON fixtures directly',
    async (format) => {
      const store = openSqliteStore(':memory:');
      const reference = new MemoryStore();
      const batch: Record<string, unknown[]> = {};
      for (const [kind, base] of FILES) {
        const result = await importFile(store, { kind, path: fixture(`${base}.${format}`) });
        batch[kind] = json(`${base}.json`);
        expect(result[kind].inserted).toBe(batch[kind].length);
        expect(result.rowsRead).toBe(batch[kind].length);
        expect(result.rejected).toEqual([]);
      }
      await reference.write(batch as WriteBatch);
      expect((await store.regionTree())?.all()).toEqual((await reference.regionTree())?.all());
      expect(await store.listEmployers()).toEqual(await reference.listEmployers());
      expect(await store.listFacts()).toEqual(await reference.listFacts());
      expect(await store.listDataValues()).toEqual(await reference.listDataValues());
      // Spot checks of CSV conversions against the fixture's meaning.
      const f5 = await store.getFact('f5');
      expect(f5).toMatchObject({
        items: { training: true, testing: false },
        hasExceedingPosts: false,
      });
      expect(await store.getFact('f3')).toMatchObject({ note: '第一批\n第二批补检' });
      expect(await store.getEmployer('915301021000158384')).toMatchObject({
        size: 'micro',
        statusHistory: [
          { status: 'suspended', from: '2025-01-15' },
          { status: 'active', from: '2025-09-01' },
        ],
      });
      await store.close();
    },
  );

  it('imports the documented templates in order', async () => {
    const store = openSqliteStore(':memory:');
    const templates = new URL('../../../docs/import/templates/', import.meta.url);
    for (const [kind, base] of FILES) {
      const result = await importFile(store, {
        kind,
        path: new URL(`${base}.csv`, templates).pathname,
      });
      expect(result.rejected, kind).toEqual([]);
      expect(result[kind].inserted, kind).toBeGreaterThan(0);
    }
    await store.close();
  });

  it('documents every accepted header in docs/import/README.md', () => {
    const readme = readFileSync(new URL('../../../docs/import/README.md', import.meta.url), 'utf8');
    for (const columns of Object.values(COLUMNS)) {
      for (const c of columns) {
        for (const header of [c.field, ...c.aliases]) expect(readme).toContain(`\`${header}\``);
      }
    }
  });

  it('detects JSON by its first character, and refuses an unknown encoding', async () => {
    const store = openSqliteStore(':memory:');
    const text = `  \n${readFileSync(fixture('regions.json'), 'utf8')}`;
    expect((await importText(store, text, { kind: 'regions' })).regions.unchanged).toBe(0);
    expect(count(store, 'regions')).toBe(6);
    const e = await errorOf(importText(store, text, { kind: 'regions', encoding: 'klingon' }));
    expect(e.issues[0]).toMatchObject({ rule: 'import.encoding', value: 'klingon' });
  });

  it('strips a UTF-8 BOM', async () => {
    const store = openSqliteStore(':memory:');
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      readFileSync(fixture('regions.csv')),
    ]);
    const result = await importFile(store, { kind: 'regions', path: tmp('bom.csv', bom) });
    expect(result.regions.inserted).toBe(6);
    expect((await store.getRegion('530000'))?.name).toEqual({ zh: '云南省', en: 'Yunnan' });
  });

  it('refuses GBK bytes without an encoding, and converts them with encoding: gbk', async () => {
    const store = await seeded(false);
    const text = readFileSync(fixture('employers.csv'), 'utf8');
    const path = tmp('employers-gbk.csv', iconv.encode(text, 'gbk'));
    const error = await errorOf(importFile(store, { kind: 'employers', path }));
    expect(error.issues[0]).toMatchObject({ rule: 'import.not-utf8', row: 1 });
    expect(error.message).toContain("encoding: 'gbk'");
    expect(count(store, 'employers')).toBe(0);

    const result = await importFile(store, { kind: 'employers', path, encoding: 'gbk' });
    expect(result.employers.inserted).toBe(6);
    expect((await store.getEmployer('91530102100007919H'))?.name).toBe('盘龙化工有限公司');
  });

  it('accepts a JSON object holding the kind array, and reports JSON rows by their line', async () => {
    const store = await seeded(false);
    const path = tmp(
      'employers.json',
      [
        '{ "employers": [',
        '  { "creditCode": "91530102100000000Y", "name": "A", "region": "530102", "size": "small" },',
        '  {',
        '    "creditCode": "91530102100000000X", "name": "B", "region": "530102", "size": "small"',
        '  }',
        '] }',
      ].join('\n'),
    );
    const error = await errorOf(importFile(store, { kind: 'employers', path }));
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: 'employers.creditCode',
        rule: 'credit-code.check-digit',
        row: 3,
      }),
    ]);
  });
});

describe('row errors carry file lines', () => {
  const header = 'creditCode,name,region,size';
  const good = (code: string, name = '单位') => `${code},${name},530102,small`;

  it('reports duplicate keys, unknown regions and invalid credit codes with line, field, value, rule', async () => {
    const store = await seeded(false);
    const csv = [
      header,
      good('91530102100000000Y'), // line 2
      '91530102100007919H,"多行\n名称",530102,small', // lines 3-4
      '91530102100000000Y,重复,530102,small', // line 5: duplicate of line 2
      '915301021000158384,未知区划,999999,small', // line 6
      '91530102100023757X,坏代码,530102,small', // line 7: wrong check character
    ].join('\n');
    const error = await errorOf(importText(store, csv, { kind: 'employers', batchSize: 2 }));
    expect(error.issues).toEqual([
      expect.objectContaining({
        row: 5,
        path: 'employers.creditCode',
        value: '91530102100000000Y',
        rule: 'batch.duplicate-key',
        message: expect.stringContaining('line 2'),
      }),
      expect.objectContaining({
        row: 6,
        path: 'employers.region',
        value: '999999',
        rule: 'region.exists',
      }),
      expect.objectContaining({
        row: 7,
        path: 'employers.creditCode',
        value: '91530102100023757X',
        rule: 'credit-code.check-digit',
      }),
    ]);
    expect(count(store, 'employers')).toBe(0);

    // valid-rows: the two good rows are committed, the three bad ones reported the same way.
    const result = await importText(store, csv, {
      kind: 'employers',
      mode: 'valid-rows',
      batchSize: 2,
    });
    expect(result.employers).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(result.rejected.map((i) => [i.row, i.rule])).toEqual([
      [5, 'batch.duplicate-key'],
      [6, 'region.exists'],
      [7, 'credit-code.check-digit'],
    ]);
    expect((await store.getEmployer('91530102100007919H'))?.name).toBe('多行\n名称');
    expect(count(store, 'employers')).toBe(2);
  });

  it('refuses ragged rows and unclosed quotes naming the line, writing nothing in either mode', async () => {
    const store = await seeded(false);
    for (const mode of ['all-or-nothing', 'valid-rows'] as const) {
      const ragged = [header, good('91530102100000000Y'), '91530102100007919H,缺列,530102'].join(
        '\n',
      );
      const e1 = await errorOf(importText(store, ragged, { kind: 'employers', mode }));
      expect(e1.issues[0]).toMatchObject({ rule: 'csv.ragged-row', row: 3 });

      const unclosed = [
        header,
        good('91530102100000000Y'),
        '91530102100007919H,"没有闭合,530102,small',
        good('915301021000158384'),
      ].join('\n');
      const e2 = await errorOf(importText(store, unclosed, { kind: 'employers', mode }));
      expect(e2.issues[0]).toMatchObject({ rule: 'csv.unclosed-quote', row: 3 });
      expect(e2.message).toContain('line 3');
    }
    expect(count(store, 'employers')).toBe(0);
  });

  it('refuses unknown and missing columns on line 1', async () => {
    const store = await seeded(false);
    const e = await errorOf(
      importText(store, 'creditCode,名称,region,sizee\n', { kind: 'employers' }),
    );
    expect(e.issues.map((i) => [i.row, i.rule, i.value])).toEqual([
      [1, 'csv.unknown-column', 'sizee'],
      [1, 'csv.missing-column', 'size'],
    ]);
  });

  it('maps fact rows to lines after multi-line cells (facts fixture, broken copy)', async () => {
    const store = await seeded();
    const text = readFileSync(fixture('facts.csv'), 'utf8').split('\n');
    // Line 6 is f4 (f3 spans lines 4-5): make its trained-worker count negative.
    expect(text[5]).toMatch(/^f4,/);
    text[5] = text[5]!.replace(',1,2,30,', ',1,2,-30,');
    const e = await errorOf(importText(store, text.join('\n'), { kind: 'facts' }));
    expect(e.issues).toEqual([
      expect.objectContaining({
        row: 6,
        path: 'facts.workersTrained',
        value: -30,
        rule: 'count.non-negative',
      }),
    ]);
  });
});

describe('personal information', () => {
  it("never reports a contact's phone, name or an unknown column's value in rejected rows or errors", async () => {
    const store = await seeded();
    await store.write({ departments: json('departments.json') });
    const csv = [
      '编号,区划代码,角色,单位类型,单位编号,姓名,联系电话',
      'C-1,530100,联络员,部门,D-KM-HEALTH,示例甲,1391234567x',
      'C-2,530100,填表人,部门,D-KM-HEALTH,示例乙,13900001111',
    ].join('\n');
    const r = await importText(store, csv, { kind: 'contacts', mode: 'valid-rows' });
    expect(r.contacts.inserted).toBe(1);
    expect(r.rejected.map((i) => [i.row, i.path, i.rule])).toEqual([
      [2, 'contacts.phone', 'contact.phone-format'],
    ]);
    expect(JSON.stringify(r.rejected)).not.toContain('1391234567');
    const e = await errorOf(importText(store, csv.replace('C-2', 'C-3'), { kind: 'contacts' }));
    const text = `${e.message} ${e.messageZh} ${JSON.stringify(e.issues)}`;
    expect(text).not.toContain('1391234567');
    expect(text).toContain('contacts.phone');
    // The stored contact keeps its phone; the audit trail holds its hash only.
    expect((await store.get('contacts', 'C-2'))?.phone).toBe('13900001111');
    const audit = await store.listAudit({ kind: 'contacts' });
    expect(audit.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.items)).not.toContain('13900001111');
    await store.close();
  });
});

describe('modes, idempotence and progress', () => {
  it('re-importing the same file changes nothing', async () => {
    const store = await seeded(false);
    const first = await importFile(store, { kind: 'employers', path: fixture('employers.csv') });
    const before = store.database.prepare('SELECT * FROM employers ORDER BY credit_code').all();
    const second = await importFile(store, { kind: 'employers', path: fixture('employers.csv') });
    expect(first.employers).toEqual({ inserted: 6, updated: 0, unchanged: 0 });
    expect(second.employers).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
    expect(store.database.prepare('SELECT * FROM employers ORDER BY credit_code').all()).toEqual(
      before,
    );
  });

  it('reports progress after every chunk', async () => {
    const store = await seeded(false);
    const events: Array<{ rowsRead: number; rowsWritten: number }> = [];
    const result = await importFile(store, {
      kind: 'employers',
      path: fixture('employers.csv'),
      batchSize: 4,
      onProgress: (p) => events.push({ ...p }),
    });
    expect(events).toEqual([
      { rowsRead: 4, rowsWritten: 4 },
      { rowsRead: 6, rowsWritten: 6 },
    ]);
    expect(result.rowsRead).toBe(6);
  });

  it('imports into any Store (MemoryStore) with the same results and errors', async () => {
    const memory = new MemoryStore();
    await memory.write({ regions: json('regions.json') });
    const csv =
      'creditCode,name,region,size\n91530102100000000Y,甲,530102,small\n91530102100007919H,乙,999999,small\n';
    const e = await errorOf(importText(memory, csv, { kind: 'employers' }));
    expect(e.issues).toEqual([expect.objectContaining({ row: 3, rule: 'region.exists' })]);
    expect(await memory.listEmployers()).toEqual([]);
    const result = await importText(memory, csv, { kind: 'employers', mode: 'valid-rows' });
    expect(result.employers.inserted).toBe(1);
    expect(result.rejected).toEqual([expect.objectContaining({ row: 3 })]);
  });
});
