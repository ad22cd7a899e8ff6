/**
 * Schema versions: an older file is migrated on open, a newer one is refused with both versions
 * named, and files that are not occhealth databases are refused clearly.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '@occhealth/core';
import { buildStoreFixture, snapshotTables, storeTables } from '@occhealth/core/testing';
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
    expect(SCHEMA_VERSION).toBe(9);
    const path = join(dir, 'v1.db');
    writeVersion1File(path);
    const store = openSqliteStore(path);
    expect(store.database.pragma('user_version', { simple: true })).toBe(9);
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
    expect(again.database.pragma('user_version', { simple: true })).toBe(9);
    expect(again.database.pragma('journal_mode', { simple: true })).toBe('wal');
    await again.close();
  });

  it('refuses a file written by a newer release, naming both versions', () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma('application_id = 1329808200'); // "OCCH", written by hand
    db.pragma('user_version = 10');
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
    expect(error).toMatchObject({ code: 'STORE_FAILED', fileVersion: 10, supportedVersion: 9 });
    expect((error as Error).message).toMatch(/schema version 10.*supported version 9/);
  });

  it('v8 gives a migrated file its own audit secret, kept across opens, refusing a malformed one', async () => {
    const path = join(dir, 'v1-secret.db');
    writeVersion1File(path);
    const store = openSqliteStore(path);
    const secret = await store.auditSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(() =>
      store.database.prepare("UPDATE audit_secret SET secret = 'abc' WHERE id = 1").run(),
    ).toThrow(/CHECK/);
    await store.close();
    const again = openSqliteStore(path);
    expect(await again.auditSecret()).toBe(secret);
    await again.close();
    const other = openSqliteStore(join(dir, 'fresh-secret.db'));
    expect(await other.auditSecret()).not.toBe(secret);
    await other.close();
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

  it('migrates a v3 file to v4 without loss; v4 columns refuse out-of-bound values', async () => {
    const path = join(dir, 'v3.db');
    writeVersion1File(path);
    // Bring it to v3 exactly as release 3 did: run v2 and v3 by hand (closure + index).
    const raw = new Database(path);
    raw.exec(`
      CREATE TABLE region_closure (ancestor TEXT NOT NULL REFERENCES regions(code), descendant TEXT NOT NULL REFERENCES regions(code), depth INTEGER NOT NULL, PRIMARY KEY (ancestor, descendant)) STRICT, WITHOUT ROWID;
      INSERT INTO region_closure VALUES ('530000','530000',0),('530100','530100',0),('530102','530102',0),('530000','530100',1),('530100','530102',1),('530000','530102',2);
      INSERT INTO facts VALUES ('f1','inspection','530102','91530102100000000Y','2025-03-01',2,'{"id":"f1","kind":"inspection","region":"530102","employer":"91530102100000000Y","date":"2025-03-01","problemsFound":4,"problemsRectified":3}');
      INSERT INTO data_values VALUES ('k|530102|2025','k','530102','2025',1,'{"dataElement":"k","region":"530102","period":"2025","value":"12.5"}');
      CREATE INDEX facts_employer_kind_date ON facts(employer, kind, date);
    `);
    raw.pragma('application_id = 1329808200');
    raw.pragma('user_version = 3');
    const dump = (db: Database.Database) =>
      ['regions', 'employers', 'facts', 'data_values', 'region_closure'].map((t) =>
        db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all(),
      );
    const before = dump(raw);
    raw.close();
    const store = openSqliteStore(path);
    const db = store.database;
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(dump(db)).toEqual(before);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect((await store.getFact('f1'))?.version).toBe(2);
    // The database refuses what the core schemas refuse, even written behind the store's back.
    const bad = [
      "UPDATE facts SET record = '{not json' WHERE id = 'f1'",
      "UPDATE facts SET record = '[1]' WHERE id = 'f1'",
      "UPDATE facts SET date = '2025-3-1' WHERE id = 'f1'",
      "UPDATE facts SET version = 0 WHERE id = 'f1'",
      "UPDATE facts SET version = 9007199254740992 WHERE id = 'f1'",
      "UPDATE regions SET level = 'galaxy' WHERE code = '530000'",
      "UPDATE employers SET credit_code = 'X' WHERE region = '530102'",
    ];
    for (const sql of bad) expect(() => db.exec(sql), sql).toThrow(/CHECK constraint failed/);
    await store.close();
  });
});

describe('a refused file is not modified', () => {
  const refused: Array<[string, (path: string) => void, RegExp]> = [
    [
      "another program's SQLite database",
      (path) => {
        const db = new Database(path);
        db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY); INSERT INTO things VALUES (1)');
        db.close();
      },
      /another program/,
    ],
    [
      'a SQLite file with a foreign application_id',
      (path) => {
        const db = new Database(path);
        db.pragma('application_id = 42');
        db.close();
      },
      /another program/,
    ],
    [
      'an occhealth file from a newer schema',
      (path) => {
        const db = new Database(path);
        db.exec('CREATE TABLE regions (code TEXT)');
        db.pragma('application_id = 1329808200');
        db.pragma('user_version = 99');
        db.close();
      },
      /schema version 99/,
    ],
    [
      'a file that is not SQLite',
      (path) => writeFileSync(path, Buffer.alloc(8192, 0x5a)),
      /not a SQLite database/,
    ],
  ];
  for (const [what, make, message] of refused) {
    it(`${what}: refused, bytes unchanged, no -wal or -shm created`, () => {
      const path = join(dir, `refused-${what.replace(/\W+/g, '-')}.db`);
      make(path);
      const bytes = readFileSync(path);
      expect(() => openSqliteStore(path)).toThrow(StoreError);
      expect(() => openSqliteStore(path)).toThrow(message);
      expect(readFileSync(path).equals(bytes)).toBe(true);
      expect(existsSync(`${path}-wal`)).toBe(false);
      expect(existsSync(`${path}-shm`)).toBe(false);
    });
  }

  it('an empty file is an empty database (as SQLite treats it) and becomes a new store', async () => {
    const path = join(dir, 'empty.db');
    writeFileSync(path, '');
    const store = openSqliteStore(path);
    expect(store.database.pragma('application_id', { simple: true })).toBe(0x4f434348);
    await store.close();
  });

  it('a directory is refused with a StoreError', () => {
    expect(() => openSqliteStore(dir)).toThrow(/is a directory/);
  });
});

describe('schema v6: institutions, departments and contacts', () => {
  it('the core derives every table of the file from the registry (crash-safety snapshots miss none)', () => {
    const store = openSqliteStore(':memory:');
    const tables = store.database
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    expect([...storeTables()].sort()).toEqual(tables);
    expect(storeTables()).toEqual(
      expect.arrayContaining(['submissions', 'lock_exceptions', 'audit', 'contacts']),
    );
    const snap = snapshotTables((sql) => store.database.prepare(sql).raw().all() as unknown[][]);
    expect(Object.keys(snap).sort()).toEqual(tables);
    void store.close();
  });

  it('migrates a v5 file to v6, keeping every row, and the new tables refuse out-of-bound values', async () => {
    const path = join(dir, 'v5.db');
    const f = buildStoreFixture();
    const first = openSqliteStore(path);
    await first.write({ regions: f.regions, employers: f.employers });
    await first.close();
    // Back to v5 as release 5 left it: without the party tables.
    const raw = new Database(path);
    raw.exec(
      'DROP TABLE idempotency_claims; DROP TABLE audit_secret; DROP TABLE idempotency_keys; DROP TABLE contacts; DROP TABLE departments; DROP TABLE institutions;',
    );
    raw.pragma('user_version = 5');
    const before = raw.prepare('SELECT * FROM employers ORDER BY 1').all();
    const audit = raw.prepare('SELECT count(*) FROM audit').pluck().get();
    raw.close();
    const store = openSqliteStore(path);
    const db = store.database;
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT * FROM employers ORDER BY 1').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(audit);
    await store.write({ institutions: f.institutions });
    expect(await store.get('institutions', 'inst-km-01')).toMatchObject({ version: 1 });
    for (const sql of [
      "UPDATE institutions SET public = 'yes'",
      "UPDATE institutions SET monitoring_confirmation = 'maybe'",
      "UPDATE institutions SET region = 'nowhere'",
      "INSERT INTO contacts VALUES ('c', '530100', 'phone-book', 'u', 'liaison', 1, '{}')",
    ]) {
      expect(() => db.prepare(sql).run(), sql).toThrow();
    }
    await store.close();
  });
});

describe('schema v9: idempotency claims', () => {
  it('migrates a v8 file to v9 keeping its kept answers; the claims table refuses bad rows', async () => {
    const path = join(dir, 'v8.db');
    const first = openSqliteStore(path);
    await first.idempotency!.put({
      principal: 'km-reporter',
      key: 'upload-1',
      requestHash: 'a'.repeat(64),
      status: 200,
      contentType: 'application/json',
      body: '{"written":1}',
      expiresAt: '2999-01-01T00:00:00.000Z',
    });
    await first.close();
    // Back to v8 as release 8 left it: without the claims table.
    const raw = new Database(path);
    raw.exec('DROP TABLE idempotency_claims');
    raw.pragma('user_version = 8');
    const kept = raw.prepare('SELECT * FROM idempotency_keys').all();
    raw.close();
    const store = openSqliteStore(path);
    const db = store.database;
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(db.prepare('SELECT * FROM idempotency_keys').all()).toEqual(kept);
    expect(db.prepare('SELECT count(*) FROM idempotency_claims').pluck().get()).toBe(0);
    // The kept answer is still replayed through a claim.
    const answer = await store.idempotency!.claim({
      principal: 'km-reporter',
      key: 'upload-1',
      requestHash: 'a'.repeat(64),
      claimMs: 1000,
    });
    expect(answer.outcome).toBe('done');
    const ok = `'km', 'k', '${'a'.repeat(64)}', '${'0'.repeat(32)}', '2025-06-15T04:00:00.000Z', '2025-06-15T04:01:00.000Z'`;
    for (const row of [
      ok.replace(`'${'0'.repeat(32)}'`, "'short'"),
      ok.replace(`'${'a'.repeat(64)}'`, "'abc'"),
      ok.replace("'2025-06-15T04:01:00.000Z'", "'soon'"),
      ok.replace("'km'", "''"),
    ]) {
      expect(() => db.exec(`INSERT INTO idempotency_claims VALUES (${row})`)).toThrow(/CHECK/);
    }
    db.exec(`INSERT INTO idempotency_claims VALUES (${ok})`);
    expect(() => db.exec(`INSERT INTO idempotency_claims VALUES (${ok})`)).toThrow(/UNIQUE/);
    await store.close();
  });
});
