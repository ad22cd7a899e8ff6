/**
 * Schema versions: an older file is migrated on open, a newer one is refused with both versions
 * named, and files that are not occhealth databases are refused clearly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '@occhealth/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore, SCHEMA_VERSION, SchemaVersionError } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'occhealth-sqlite-migrations-'));

/** The v1 schema exactly as release 1 wrote it (no closure table), typed out by hand. */
function writeVersion1File(path: string): void {
  const db = new Database(path);
  db.exec(`
    CREATE TABLE regions (code TEXT PRIMARY KEY, parent TEXT REFERENCES regions(code), level TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL) STRICT;
    CREATE TABLE employers (credit_code TEXT PRIMARY KEY, region TEXT NOT NULL REFERENCES regions(code), version INTEGER NOT NULL, record TEXT NOT NULL) STRICT;
    CREATE TABLE facts (id TEXT PRIMARY KEY, kind TEXT NOT NULL, region TEXT NOT NULL REFERENCES regions(code), employer TEXT REFERENCES employers(credit_code), date TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL) STRICT;
    CREATE TABLE data_values (key TEXT PRIMARY KEY, data_element TEXT NOT NULL, region TEXT NOT NULL REFERENCES regions(code), period TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL) STRICT;
  `);
  const insert = db.prepare('INSERT INTO regions VALUES (?, ?, ?, ?, ?)');
  const regions = [
    { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null },
    { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' },
    { code: '530102', name: { zh: '五华区' }, level: 'county', parent: '530100' },
  ];
  for (const r of regions) insert.run(r.code, r.parent, r.level, 1, JSON.stringify(r));
  const employer = {
    creditCode: '91530102100000000Y',
    name: '昆明五华机械有限公司',
    region: '530102',
    size: 'small',
    hazardFactors: [],
    hazardLevel: 'none',
    statusHistory: [],
  };
  db.prepare('INSERT INTO employers VALUES (?, ?, ?, ?)').run(
    employer.creditCode,
    employer.region,
    3,
    JSON.stringify(employer),
  );
  db.pragma('user_version = 1');
  db.close();
}

describe('migrations', () => {
  it('migrates a version-1 file: closure built from the stored regions, records kept', async () => {
    expect(SCHEMA_VERSION).toBe(3);
    const path = join(dir, 'v1.db');
    writeVersion1File(path);
    const store = openSqliteStore(path);
    expect(store.database.pragma('user_version', { simple: true })).toBe(3);
    // v3 replaced the employer-only fact index with (employer, kind, date).
    const indexes = store.database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'facts'")
      .pluck()
      .all();
    expect(indexes).toContain('facts_employer_kind_date');
    expect(indexes).not.toContain('facts_employer');
    expect(store.database.prepare('SELECT count(*) AS n FROM region_closure').get()).toEqual({
      n: 6, // 3 self pairs + 530000>530100, 530000>530102, 530100>530102
    });
    expect((await store.listEmployers({ region: '530000' })).map((e) => e.version)).toEqual([3]);
    expect((await store.regionTree())?.size).toBe(3);
    await store.close();
    // Opening again is a no-op.
    const again = openSqliteStore(path);
    expect(again.database.pragma('user_version', { simple: true })).toBe(3);
    expect(again.database.pragma('journal_mode', { simple: true })).toBe('wal');
    await again.close();
  });

  it('refuses a file written by a newer release, naming both versions', () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma('user_version = 7');
    db.close();
    const error = (() => {
      try {
        openSqliteStore(path);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SchemaVersionError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_FAILED', fileVersion: 7, supportedVersion: 3 });
    expect((error as Error).message).toMatch(/schema version 7.*supported version 3/);
  });

  it('refuses a text file named .db as "not a SQLite database"', () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'region,name\n530000,云南省\n'.repeat(50));
    expect(() => openSqliteStore(path)).toThrow(StoreError);
    expect(() => openSqliteStore(path)).toThrow(/is not a SQLite database/);
  });

  it("refuses another program's SQLite database", () => {
    const path = join(dir, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/another program/);
  });
});
