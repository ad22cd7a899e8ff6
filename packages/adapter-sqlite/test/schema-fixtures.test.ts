/**
 * Files written at every earlier schema version (v1–v4, built with each release's own
 * migrations.ts from git history by scripts/build-schema-fixtures.ts) open at the current version
 * without loss: every row, version and JSON record kept, the closure right, the new kinds and the
 * audit trail working.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataValueKey, parseBatch, verifyAuditChain } from '@occhealth/core';
import { buildStoreFixture } from '@occhealth/core/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, SCHEMA_VERSION } from '../src/index.js';
import { fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'occhealth-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of the four original tables, read with plain SQL. */
function dump(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      regions: db
        .prepare('SELECT code, parent, level, version, record FROM regions ORDER BY code')
        .all(),
      employers: db
        .prepare('SELECT credit_code, region, version, record FROM employers ORDER BY 1')
        .all(),
      facts: db
        .prepare('SELECT id, kind, region, employer, date, version, record FROM facts ORDER BY 1')
        .all(),
      dataValues: db
        .prepare(
          'SELECT key, data_element, region, period, version, record FROM data_values ORDER BY 1',
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

const fx = parseBatch(buildStoreFixture().batch);

describe.each([1, 2, 3, 4])('a schema-v%i file', (version) => {
  it(`migrates to v${SCHEMA_VERSION} without loss`, async () => {
    const path = join(dir, `v${version}.db`);
    copyFileSync(fixture(`schema-v${version}.db`), path);
    const before = dump(path);
    expect(before.version).toBe(version);
    // The fixture holds what the builder wrote: every fixture row, independent of the store's reads.
    expect(before.regions).toHaveLength(fx.regions.length);
    expect(before.dataValues.map((r) => (r as { key: string }).key)).toEqual(
      fx.dataValues.map((d) => dataValueKey(d.record)).sort(),
    );

    const store = openSqliteStore(path, { now: () => new Date('2025-06-01T00:00:00Z') });
    const db = store.database;
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.close();
    const after = dump(path);
    expect({ ...after, version }).toEqual(before);

    // Reads through the store match the original records and versions.
    const reopened = openSqliteStore(path, { now: () => new Date('2025-06-01T00:00:00Z') });
    for (const { record } of fx.employers) {
      const got = await reopened.getEmployer(record.creditCode);
      expect(got && { ...got, version: undefined }).toEqual({ ...record, version: undefined });
    }
    const closure = reopened.database
      .prepare('SELECT count(*) FROM region_closure')
      .pluck()
      .get() as number;
    // Independent count: each region is its own ancestor plus one row per proper ancestor.
    const parent = new Map(fx.regions.map((r) => [r.record.code, r.record.parent]));
    let pairs = 0;
    for (const code of parent.keys()) {
      for (let c: string | null = code; c !== null; c = parent.get(c) ?? null) pairs++;
    }
    expect(closure).toBe(pairs);
    expect(
      (await reopened.listEmployers({ region: '530100' })).map((e) => e.region).sort(),
    ).toEqual(
      fx.employers
        .map((e) => e.record.region)
        .filter((r) => r.startsWith('5301'))
        .sort(),
    );
    // The new kinds and the audit trail work on the migrated file.
    expect((await reopened.listAudit()).items).toEqual([]);
    const employer = fx.employers[0]!.record;
    await reopened.write({ employers: [{ ...employer, name: `${employer.name}（更名）` }] });
    const entries = (await reopened.listAudit()).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ op: 'update', versionBefore: 1, versionAfter: 2 });
    expect(await verifyAuditChain(reopened)).toMatchObject({ ok: true, entries: 1 });
    expect((await reopened.page('submissions')).items).toEqual([]);
    await reopened.close();
  });
});

describe('the audit table', () => {
  it('refuses UPDATE and DELETE even through raw SQL', async () => {
    const store = openSqliteStore(':memory:');
    await store.write({ regions: buildStoreFixture().regions });
    expect(() => store.database.prepare("UPDATE audit SET actor = 'x'").run()).toThrow(
      /append-only/,
    );
    expect(() => store.database.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect((await store.listAudit()).items).toHaveLength(buildStoreFixture().regions.length);
    await store.close();
  });
});
