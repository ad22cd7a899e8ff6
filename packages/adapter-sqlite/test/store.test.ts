/**
 * Adapter-specific tests of the SQLite store: what lands in the tables (closure, indexed columns,
 * versions), atomicity, and fresh objects. The shared behaviour is in conformance.test.ts.
 */
import { ConflictError, MemoryStore, ValidationError, type WriteBatch } from '@occhealth/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../src/index.js';

const region = (code: string, level: string, parent: string | null, zh = code) => ({
  code,
  name: { zh },
  level,
  parent,
});
const TREE: WriteBatch = {
  regions: [
    region('530000', 'province', null, '云南省'),
    region('530100', 'prefecture', '530000'),
    region('530102', 'county', '530100'),
    region('530300', 'prefecture', '530000'),
    region('530302', 'county', '530300'),
  ],
};
const EMPLOYER = {
  creditCode: '91530102100000000Y',
  name: '昆明五华机械有限公司',
  region: '530102',
  size: 'small',
};

let store: SqliteStore;
afterEach(async () => {
  await store?.close();
});

const closure = (s: SqliteStore) =>
  s.database
    .prepare('SELECT ancestor, descendant, depth FROM region_closure ORDER BY ancestor, descendant')
    .all();

describe('sqlite store', () => {
  it('keeps the region closure equal to the ancestor relation, also after a region moves', async () => {
    store = openSqliteStore(':memory:');
    await store.write(TREE);
    // Independent expectation: every (ancestor, descendant, depth) pair of the 5-region tree.
    const pairs = (
      [
        ['530000', '530000', 0],
        ['530000', '530100', 1],
        ['530000', '530102', 2],
        ['530000', '530300', 1],
        ['530000', '530302', 2],
        ['530100', '530100', 0],
        ['530100', '530102', 1],
        ['530102', '530102', 0],
        ['530300', '530300', 0],
        ['530300', '530302', 1],
        ['530302', '530302', 0],
      ] as Array<[string, string, number]>
    ).map(([ancestor, descendant, depth]) => ({ ancestor, descendant, depth }));
    expect(closure(store)).toEqual(pairs);

    // Move county 530102 under 530300.
    await store.write({ regions: [region('530102', 'county', '530300')] });
    expect(closure(store)).toEqual(
      pairs
        .filter((p) => !(p.ancestor === '530100' && p.descendant === '530102'))
        .concat({ ancestor: '530300', descendant: '530102', depth: 1 })
        .sort(
          (a, b) =>
            a.ancestor.localeCompare(b.ancestor) || a.descendant.localeCompare(b.descendant),
        ),
    );
    await store.write({ employers: [EMPLOYER] });
    expect((await store.listEmployers({ region: '530300' })).map((e) => e.creditCode)).toEqual([
      EMPLOYER.creditCode,
    ]);
    expect(await store.listEmployers({ region: '530100' })).toEqual([]);
  });

  it('stores indexed columns and the record, bumps versions only on real changes', async () => {
    store = openSqliteStore(':memory:');
    await store.write(TREE);
    await store.write({ employers: [EMPLOYER] });
    const fact = {
      id: 'f1',
      kind: 'declaration',
      region: '530102',
      date: '2025-03-01',
      employer: EMPLOYER.creditCode,
    };
    await store.write({ facts: [fact] });
    const row = store.database.prepare('SELECT * FROM facts').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      id: 'f1',
      kind: 'declaration',
      region: '530102',
      employer: EMPLOYER.creditCode,
      date: '2025-03-01',
      version: 1,
    });
    expect(JSON.parse(row.record as string)).toEqual({ ...fact, declarationType: 'initial' });

    const again = await store.write({ facts: [fact] });
    expect(again.facts).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const changed = await store.write({ facts: [{ ...fact, date: '2025-03-02' }] });
    expect(changed.facts).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(store.database.prepare('SELECT date, version FROM facts').get()).toEqual({
      date: '2025-03-02',
      version: 2,
    });
  });

  it('rejects a stale expectedVersion with ConflictError and writes nothing', async () => {
    store = openSqliteStore(':memory:');
    await store.write(TREE);
    await store.write({ employers: [EMPLOYER] });
    const error = await store
      .write({
        employers: [
          { ...EMPLOYER, name: '新名称', expectedVersion: 2 },
          { ...EMPLOYER, creditCode: '91530102100007919H' },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((await store.getEmployer(EMPLOYER.creditCode))?.name).toBe(EMPLOYER.name);
    expect(store.database.prepare('SELECT count(*) AS n FROM employers').get()).toEqual({ n: 1 });
  });

  it('writes nothing when one row of a batch is bad (all-or-nothing), and the good rows in valid-rows mode', async () => {
    store = openSqliteStore(':memory:');
    const bad = { ...EMPLOYER, creditCode: '91530102100000000X', region: '530102' };
    const batch = { ...TREE, employers: [EMPLOYER, bad] };
    const error = await store.write(batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ path: 'employers.creditCode', row: 2 }),
    ]);
    expect(store.database.prepare('SELECT count(*) AS n FROM regions').get()).toEqual({ n: 0 });
    const result = await store.write(batch, { mode: 'valid-rows' });
    expect(result.employers.inserted).toBe(1);
    expect(result.rejected.map((i) => i.row)).toEqual([2]);
    expect(store.database.prepare('SELECT count(*) AS n FROM region_closure').get()).toEqual({
      n: 11,
    });
  });

  it('returns fresh objects', async () => {
    store = openSqliteStore(':memory:');
    await store.write({ ...TREE, employers: [EMPLOYER] });
    const e = await store.getEmployer(EMPLOYER.creditCode);
    e!.name = 'changed';
    (e!.hazardFactors as string[]).push('x');
    expect(await store.getEmployer(EMPLOYER.creditCode)).toMatchObject({
      name: EMPLOYER.name,
      hazardFactors: [],
    });
  });

  it('answers filters like MemoryStore', async () => {
    store = openSqliteStore(':memory:');
    const memory = new MemoryStore();
    const codes = ['91530102100000000Y', '91530102100007919H', '915301021000158384'];
    const batch: WriteBatch = {
      ...TREE,
      employers: codes.map((creditCode, i) => ({
        ...EMPLOYER,
        creditCode,
        region: i === 2 ? '530302' : '530102',
      })),
      facts: Array.from({ length: 30 }, (_, i) => ({
        id: `f${i}`,
        kind: i % 3 === 0 ? 'training' : 'declaration',
        region: i % 2 ? '530302' : '530102',
        date: `2025-0${1 + (i % 9)}-1${i % 10}`,
        employer: codes[i % 2 ? 2 : i % 3 === 0 ? 0 : 1],
      })),
      dataValues: [
        { dataElement: 'a', region: '530102', period: '2025', value: '1' },
        { dataElement: 'a.b', region: '530102', period: '2025', value: '2' },
        { dataElement: 'a', region: '530302', period: '2025Q1', value: 3 },
      ],
    };
    await store.write(batch);
    await memory.write(batch);
    for (const q of [
      {},
      { region: '530100' },
      { region: '530300', from: '2025-03-01' },
      { to: '2025-05-15', kinds: ['training' as const] },
      { employer: codes[0] },
      { kinds: [] },
      { region: 'nowhere' },
    ]) {
      expect(await store.listFacts(q)).toEqual(await memory.listFacts(q));
    }
    for (const q of [{}, { region: '530000' }, { region: '530302' }]) {
      expect(await store.listEmployers(q)).toEqual(await memory.listEmployers(q));
    }
    for (const q of [{}, { region: '530100' }, { periods: ['2025'] }, { dataElements: ['a.b'] }]) {
      expect(await store.listDataValues(q)).toEqual(await memory.listDataValues(q));
    }
    expect((await store.regionTree())?.all()).toEqual((await memory.regionTree())?.all());
  });
});
