/**
 * What a new user and a hostile input hit: CRLF line numbers, bilingual messages, label lists,
 * UTF-16 and spreadsheets, separator and encoding hints, option validation, file errors, JSON
 * syntax positions and streaming, NDJSON, typed storage errors, conflicts and capped reports.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '@occhealth/adapter-sqlite';
import {
  ConflictError,
  MemoryStore,
  NotFoundError,
  type Store,
  StoreError,
  ValidationError,
} from '@occhealth/core';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importFile, importText } from '../src/index.js';
import { fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'occhealth-import-hardening-'));
const tmp = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const regions = () => JSON.parse(readFileSync(fixture('regions.json'), 'utf8')) as unknown[];

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the import to fail');
    },
    (e: unknown) => e,
  );
}

async function validation(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

async function stores(): Promise<Array<[string, Store]>> {
  const memory = new MemoryStore();
  const sqlite = openSqliteStore(':memory:');
  for (const s of [memory, sqlite]) await s.write({ regions: regions() });
  return [
    ['memory', memory],
    ['sqlite', sqlite],
  ];
}

const HEADER = 'creditCode,name,region,size';
// Lines (LF numbering): 2 good, 3-4 a two-line name, 5 unknown region, 6 good, 7 bad check digit.
const ROWS = [
  HEADER,
  '91530102100000000Y,甲,530102,small',
  '91530102100007919H,"两行\n名称",530102,small',
  '915301021000158384,未知区划,999999,small',
  '91530102100023757N,乙,530102,small',
  '91530102100023757X,坏代码,530102,small',
];

describe('line numbers of CRLF files', () => {
  it.each(['\r\n', '\n', '\r'])(
    'reports the same lines whatever the line ending (%j)',
    async (eol) => {
      for (const [name, store] of await stores()) {
        const text = ROWS.map((r) => r.replace('\n', eol)).join(eol) + eol;
        const result = await importText(store, text, {
          kind: 'employers',
          mode: 'valid-rows',
          batchSize: 2,
        });
        expect(
          result.rejected.map((i) => [i.row, i.rule]),
          name,
        ).toEqual([
          [5, 'region.exists'],
          [7, 'credit-code.check-digit'],
        ]);
        expect(result.employers.inserted, name).toBe(3);
      }
    },
  );

  it('counts blank CRLF lines', async () => {
    const store = new MemoryStore();
    await store.write({ regions: regions() });
    const text = `${HEADER}\r\n\r\n\r\n91530102100023757X,坏代码,530102,small\r\n`;
    const e = await validation(importText(store, text, { kind: 'employers' }));
    expect(e.issues[0]?.row).toBe(4);
  });
});

describe('messages in both languages', () => {
  it('gives Chinese schema messages without zod English', async () => {
    for (const [name, store] of await stores()) {
      const e = await validation(
        importText(store, `${HEADER},employees\n91530102100000000Y,甲,530102,small,很多\n`, {
          kind: 'employers',
        }),
      );
      const issue = e.issues.find((i) => i.path === 'employers.employees');
      expect(issue, name).toBeDefined();
      expect(issue!.messageZh).not.toMatch(/[A-Za-z]{3,}/);
      expect(issue!.messageZh).toContain('数字');
    }
  });

  it('lists English ids and Chinese labels for a bad label', async () => {
    const store = new MemoryStore();
    await store.write({ regions: regions() });
    const e = await validation(
      importText(store, `${HEADER}\n91530102100000000Y,甲,530102,巨型\n`, { kind: 'employers' }),
    );
    expect(e.issues[0]).toMatchObject({
      path: 'employers.size',
      rule: 'csv.unknown-label',
      row: 2,
    });
    for (const part of ['small', '小型', 'micro', '微型']) {
      expect(e.issues[0]!.message).toContain(part);
      expect(e.issues[0]!.messageZh).toContain(part);
    }
    const f = await validation(
      importText(store, 'id,kind,region,date\nx1,体检,530102,2025-01-02\n', { kind: 'facts' }),
    );
    expect(f.issues[0]!.message).toContain('health-exam（职业健康检查）');
  });

  it('names period types in Chinese in Chinese calendar messages', async () => {
    const { deadlineOf, henanThreeActions } = await import('@occhealth/core');
    const quarterly = henanThreeActions.obligations!.find((o) => o.periodType === 'quarter')!;
    let error: unknown;
    try {
      deadlineOf(quarterly, '2025');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const zh = (error as ValidationError).messageZh;
    expect(zh).toContain('季度');
    // The obligation's own id may say "quarterly"; the sentence around it must not.
    expect(zh.replaceAll(quarterly.id, '')).not.toMatch(/quarter|year/);
  });
});

describe('encodings and file types', () => {
  const csv = readFileSync(fixture('regions.csv'), 'utf8');

  it('decodes UTF-16 with a byte-order mark as the same regions', async () => {
    for (const encoding of ['utf-16le', 'utf-16be']) {
      const store = new MemoryStore();
      const bytes = iconv.encode(csv, encoding, { addBOM: true });
      const result = await importFile(store, {
        kind: 'regions',
        path: tmp(`regions-${encoding}.csv`, bytes),
      });
      expect(result.regions.inserted).toBe(6);
      expect((await store.getRegion('530000'))?.name.zh).toBe('云南省');
    }
  });

  it('says UTF-16 (not GBK) for UTF-16 without a mark', async () => {
    const e = await validation(
      importText(new MemoryStore(), iconv.encode(csv, 'utf-16le'), { kind: 'regions' }),
    );
    expect(e.issues[0]).toMatchObject({ rule: 'import.utf16', value: 'utf-16le' });
    expect(e.message).not.toContain('gbk');
    const ok = await importText(new MemoryStore(), iconv.encode(csv, 'utf-16le'), {
      kind: 'regions',
      encoding: 'utf-16le',
    });
    expect(ok.regions.inserted).toBe(6);
  });

  it('refuses an Excel workbook with a hint to save as CSV', async () => {
    for (const [ext, head] of [
      ['xlsx', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]],
      ['xls', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
    ] as const) {
      const path = tmp(`regions.${ext}`, new Uint8Array([...head, ...new Array(100).fill(7)]));
      const e = await validation(importFile(new MemoryStore(), { kind: 'regions', path }));
      expect(e.issues[0]).toMatchObject({ rule: 'import.spreadsheet', value: ext });
      expect(e.message).toContain('CSV UTF-8');
      expect(e.messageZh).toContain('另存为');
    }
  });

  it('hints at the separator, the kind and the encoding when no header column is known', async () => {
    const store = new MemoryStore();
    const semi = await validation(importText(store, csv.replaceAll(',', ';'), { kind: 'regions' }));
    expect(semi.issues[0]!.rule).toBe('csv.unknown-column');
    expect(semi.message).toContain('";"');
    expect(semi.messageZh).toContain('“;”');

    const kind = await validation(importText(store, csv, { kind: 'employers' }));
    expect(kind.message).toContain("kind: 'regions'");

    const gbk = await validation(
      importText(
        store,
        Buffer.from(csv.replace(/^.*\n/, '区划代码,名称,级别,上级区划代码\n'), 'utf8'),
        {
          kind: 'regions',
          encoding: 'gbk',
        },
      ),
    );
    expect(gbk.issues[0]!.rule).toBe('csv.unknown-column');
    expect(gbk.message).toContain('encoding');
    expect(gbk.messageZh).toContain('编码');
  });
});

describe('options, files and sources', () => {
  it('refuses bad options with a typed error naming the option, writing nothing', async () => {
    const store = new MemoryStore();
    const text = readFileSync(fixture('regions.csv'), 'utf8');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'employer' }, 'options.kind'],
      [{ kind: 'regions', mode: 'yolo' }, 'options.mode'],
      [{ kind: 'regions', batchSize: 0 }, 'options.batchSize'],
      [{ kind: 'regions', format: 'xml' }, 'options.format'],
      [{ kind: 'regions', colour: 'red' }, 'options.(options)'],
    ];
    for (const [options, path] of cases) {
      const e = await validation(importText(store, text, options as never));
      expect(e.issues[0]!.path).toBe(path);
      expect(e.issues[0]!.rule).toMatch(/^import\.option\./);
    }
    const noStore = await validation(importText(undefined as never, text, { kind: 'regions' }));
    expect(noStore.issues[0]!.path).toBe('store');
    expect(await store.regionTree()).toBeUndefined();
  });

  it('gives NotFoundError for a missing file and ValidationError for a directory', async () => {
    const missing = await failure(
      importFile(new MemoryStore(), { kind: 'regions', path: join(dir, 'nope.csv') }),
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).details.value).toBe(join(dir, 'nope.csv'));
    const sub = join(dir, 'a-directory.csv');
    mkdirSync(sub, { recursive: true });
    const e = await validation(importFile(new MemoryStore(), { kind: 'regions', path: sub }));
    expect(e.issues[0]).toMatchObject({ rule: 'import.is-directory', value: sub });
  });
});

describe('JSON', () => {
  const rows = regions();
  const pretty = JSON.stringify(rows, null, 2);

  it('points a syntax error at its line and column', async () => {
    const lines = pretty.split('\n');
    // The 5th line holds the first region's "name"; break its value.
    const at = lines.findIndex((l) => l.includes('"level"'));
    lines[at] = lines[at]!.replace('"province"', 'province');
    const column = lines[at]!.indexOf('province') + 1;
    const e = await validation(
      importText(new MemoryStore(), lines.join('\n'), { kind: 'regions' }),
    );
    expect(e.issues[0]).toMatchObject({ rule: 'json.syntax', row: at + 1 });
    expect(e.message).toContain(`line ${at + 1}, column ${column}`);
  });

  it('streams an array, a wrapper object and NDJSON in any chunking to the same rows', async () => {
    const wrapper = JSON.stringify({ note: 'x', regions: rows, more: [1] }, null, 1);
    const ndjson = rows.map((r) => JSON.stringify(r)).join('\n');
    for (const [text, format] of [
      [pretty, 'json'],
      [wrapper, 'json'],
      [ndjson, 'auto'],
      [ndjson, 'ndjson'],
    ] as const) {
      for (const size of [1, 7, 1 << 16]) {
        async function* chunks() {
          for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
        }
        const store = new MemoryStore();
        const result = await importText(store, chunks(), { kind: 'regions', format });
        expect(result.regions.inserted, `${format} ${size}`).toBe(rows.length);
        expect((await store.regionTree())?.all().map((r) => r.code)).toEqual(
          (rows as Array<{ code: string }>).map((r) => r.code),
        );
      }
    }
  });

  it('reports the line of each NDJSON row and refuses deep nesting and a lone object', async () => {
    const store = new MemoryStore();
    const text = [
      JSON.stringify(rows[0]),
      JSON.stringify({ ...(rows[1] as object), level: 'x' }),
    ].join('\n');
    const e = await validation(importText(store, text, { kind: 'regions' }));
    expect(e.issues[0]).toMatchObject({ row: 2, path: 'regions.level' });
    const deep = `[${'['.repeat(200_000)}${']'.repeat(200_000)}]`;
    const d = await validation(importText(store, deep, { kind: 'regions' }));
    expect(d.issues[0]!.rule).toBe('json.too-deep');
    const lone = await validation(importText(store, '{"code": "1"}', { kind: 'regions' }));
    expect(lone.issues[0]!.rule).toBe('json.shape');
  });
});

describe('store errors and conflicts', () => {
  const employers = (expectedVersion?: number) =>
    JSON.stringify([
      {
        creditCode: '91530102100000000Y',
        name: '甲',
        region: '530102',
        size: 'small',
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      },
    ]);

  it('raises the same ConflictError as store.write on a stale expectedVersion', async () => {
    for (const [name, store] of await stores()) {
      await importText(store, employers(), { kind: 'employers' });
      const direct = await failure(store.write({ employers: JSON.parse(employers(5)) }));
      const imported = await failure(importText(store, employers(5), { kind: 'employers' }));
      expect(direct, name).toBeInstanceOf(ConflictError);
      expect(imported, name).toBeInstanceOf(ConflictError);
      expect((imported as ConflictError).code).toBe((direct as ConflictError).code);
      expect((imported as ConflictError).details).toEqual((direct as ConflictError).details);
      expect((await store.getEmployer('91530102100000000Y'))?.version).toBe(1);
    }
  });

  it('maps a read-only and a full database to StoreError, leaving the store as it was', async () => {
    const readOnly = openSqliteStore(join(dir, 'ro.db'));
    await readOnly.write({ regions: regions() });
    readOnly.database.pragma('query_only = ON');
    const ro = await failure(importText(readOnly, employers(), { kind: 'employers' }));
    expect(ro).toBeInstanceOf(StoreError);
    expect((ro as StoreError).message).toContain('read-only');
    expect((ro as StoreError).messageZh).toContain('只读');
    readOnly.database.pragma('query_only = OFF');
    expect(await readOnly.listEmployers()).toEqual([]);
    await readOnly.close();

    const full: SqliteStore = openSqliteStore(join(dir, 'full.db'));
    await full.write({ regions: regions() });
    const pages = (full.database.pragma('page_count', { simple: true }) as number) + 2;
    full.database.pragma(`max_page_count = ${pages}`);
    const lines = ['dataElement,region,period,value,sourceRef'];
    for (let i = 0; i < 5000; i++) lines.push(`de${i},530102,2025,${i},${'备注'.repeat(50)}`);
    const e = await failure(importText(full, lines.join('\n'), { kind: 'dataValues' }));
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).message).toContain('disk is full');
    expect(await full.listDataValues()).toEqual([]);
    await full.close();
  });

  it('maps a corrupt database file to StoreError and leaves its bytes as they were', async () => {
    const path = join(dir, 'corrupt.db');
    const store = openSqliteStore(path);
    await store.write({ regions: regions() });
    const lines = ['dataElement,region,period,value'];
    for (let i = 0; i < 3000; i++) lines.push(`de${i},530102,2025,${i}`);
    await importText(store, lines.join('\n'), { kind: 'dataValues' });
    store.database.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();
    // Overwrite four pages in the middle of the data_values b-tree.
    const bytes = readFileSync(path);
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    bytes.fill(0x5a, middle, middle + 4 * 4096);
    writeFileSync(path, bytes);
    const reopened = openSqliteStore(path);
    const e = await failure(
      importText(reopened, lines.join('\n').replaceAll(',2025,', ',2024,'), { kind: 'dataValues' }),
    );
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).message).toContain('corrupt');
    expect((e as StoreError).messageZh).toContain('损坏');
    await reopened.close();
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('caps the rejected-row report with a count', async () => {
    for (const [name, store] of await stores()) {
      const lines = [HEADER];
      for (let i = 0; i < 50; i++) lines.push(`91530102100023757X,坏${i},530102,small`);
      lines.push('91530102100000000Y,好,530102,small');
      const text = lines.join('\n');
      const result = await importText(store, text, {
        kind: 'employers',
        mode: 'valid-rows',
        maxIssues: 10,
      });
      expect(result.rejected, name).toHaveLength(10);
      expect(result.rejectedCount, name).toBe(50);
      expect(result.employers.inserted, name).toBe(1);
      const e = await validation(importText(store, text, { kind: 'employers', maxIssues: 10 }));
      expect(e.issues, name).toHaveLength(11);
      expect(e.issues[10]).toMatchObject({ rule: 'import.more-issues', value: 40 });
    }
  });

  it('finds duplicates across chunks through the store session, and drops its key table', async () => {
    const store = openSqliteStore(':memory:');
    await store.write({ regions: regions() });
    const lines = [HEADER, ...ROWS.slice(1, 2), ROWS[4]!, ROWS[1]!];
    const result = await importText(store, lines.join('\n'), {
      kind: 'employers',
      mode: 'valid-rows',
      batchSize: 1,
    });
    expect(result.rejected.map((i) => [i.row, i.rule])).toEqual([[4, 'batch.duplicate-key']]);
    expect(result.employers.inserted).toBe(2);
    const tables = store.database
      .prepare("SELECT name FROM temp.sqlite_master WHERE name = 'bulk_keys'")
      .all();
    expect(tables).toEqual([]);
    await store.close();
  });
});
