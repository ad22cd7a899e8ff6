/**
 * @module migrations
 * Versioned schema of the SQLite store. The version lives in `PRAGMA user_version`; each migration
 * runs in its own transaction and bumps it, so a file is always at one known version. Opening an
 * older file migrates it; a newer file (written by a later release) is refused.
 */

import { StoreError } from '@occhealth/core';
import type Database from 'better-sqlite3';

/** `PRAGMA application_id` of occhealth files ("OCCH"), so another program's database is refused. */
export const APPLICATION_ID = 0x4f434348;

/** One schema step: from version `version - 1` to `version`. */
interface Migration {
  readonly version: number;
  readonly up: (db: Database.Database) => void;
}

const MIGRATIONS: readonly Migration[] = [
  {
    // v1: one table per record kind. Indexed columns for keys and filters; the full record as JSON.
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE regions (
          code    TEXT PRIMARY KEY,
          parent  TEXT REFERENCES regions(code),
          level   TEXT NOT NULL,
          version INTEGER NOT NULL,
          record  TEXT NOT NULL
        ) STRICT;
        CREATE INDEX regions_parent ON regions(parent);

        CREATE TABLE employers (
          credit_code TEXT PRIMARY KEY,
          region      TEXT NOT NULL REFERENCES regions(code),
          version     INTEGER NOT NULL,
          record      TEXT NOT NULL
        ) STRICT;
        CREATE INDEX employers_region ON employers(region);

        CREATE TABLE facts (
          id       TEXT PRIMARY KEY,
          kind     TEXT NOT NULL,
          region   TEXT NOT NULL REFERENCES regions(code),
          employer TEXT REFERENCES employers(credit_code),
          date     TEXT NOT NULL,
          version  INTEGER NOT NULL,
          record   TEXT NOT NULL
        ) STRICT;
        CREATE INDEX facts_date ON facts(date, id);
        CREATE INDEX facts_region_date ON facts(region, date);
        CREATE INDEX facts_kind_date ON facts(kind, date);
        CREATE INDEX facts_employer ON facts(employer);

        CREATE TABLE data_values (
          key          TEXT PRIMARY KEY,
          data_element TEXT NOT NULL,
          region       TEXT NOT NULL REFERENCES regions(code),
          period       TEXT NOT NULL,
          version      INTEGER NOT NULL,
          record       TEXT NOT NULL
        ) STRICT;
        CREATE INDEX data_values_region ON data_values(region, period);
        CREATE INDEX data_values_element ON data_values(data_element, period);
      `),
  },
  {
    // v2: region-ancestor closure, so subtree filters and GROUP BY rollups are plain joins.
    version: 2,
    up: (db) => {
      db.exec(`
        CREATE TABLE region_closure (
          ancestor   TEXT NOT NULL REFERENCES regions(code),
          descendant TEXT NOT NULL REFERENCES regions(code),
          depth      INTEGER NOT NULL,
          PRIMARY KEY (ancestor, descendant)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX region_closure_descendant ON region_closure(descendant, depth);
      `);
      rebuildClosure(db);
    },
  },
  {
    // v3: the pushdown's "employer has a fact of kind K in the window" tests seek by
    // (employer, kind, date); the index replaces the employer-only one.
    version: 3,
    up: (db) =>
      db.exec(`
        CREATE INDEX facts_employer_kind_date ON facts(employer, kind, date);
        DROP INDEX IF EXISTS facts_employer;
      `),
  },
];

/** The schema version this release writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Recompute the whole region closure from the `regions` table. */
export function rebuildClosure(db: Database.Database): void {
  db.exec(`
    DELETE FROM region_closure;
    WITH RECURSIVE up(ancestor, descendant, depth) AS (
      SELECT code, code, 0 FROM regions
      UNION ALL
      SELECT r.parent, up.descendant, up.depth + 1
      FROM up JOIN regions r ON r.code = up.ancestor
      WHERE r.parent IS NOT NULL
    )
    INSERT INTO region_closure(ancestor, descendant, depth) SELECT ancestor, descendant, depth FROM up;
  `);
}

/**
 * The file's schema is newer than this release understands (it was written by a later version of
 * `@occhealth/adapter-sqlite`). Code `STORE_FAILED`; `fileVersion` and `supportedVersion` say which.
 */
export class SchemaVersionError extends StoreError {
  /** Schema version found in the file. */
  readonly fileVersion: number;
  /** Newest schema version this release supports. */
  readonly supportedVersion: number;

  constructor(path: string, fileVersion: number, supportedVersion: number) {
    super(
      'sqlite',
      `${path} has schema version ${fileVersion}, newer than the supported version ${supportedVersion}; upgrade @occhealth/adapter-sqlite to open it`,
      {
        messageZh: `${path} 的数据库结构版本为 ${fileVersion}，高于本版本支持的 ${supportedVersion}；请升级 @occhealth/adapter-sqlite 后再打开`,
      },
    );
    this.fileVersion = fileVersion;
    this.supportedVersion = supportedVersion;
  }
}

/**
 * Bring the database to {@link SCHEMA_VERSION}. Each step runs in its own transaction.
 * @throws SchemaVersionError when the file is newer; StoreError when it belongs to another program.
 */
export function migrate(db: Database.Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new SchemaVersionError(path, current, SCHEMA_VERSION);
  if (appId !== 0 && appId !== APPLICATION_ID) {
    throw new StoreError('sqlite', `${path} is a SQLite database of another program`, {
      messageZh: `${path} 是其他程序的 SQLite 数据库，不是 occhealth 数据库`,
    });
  }
  if (current === 0 && appId === 0) {
    const tables = db
      .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")
      .get() as { n: number };
    if (tables.n > 0) {
      throw new StoreError('sqlite', `${path} is a SQLite database of another program`, {
        messageZh: `${path} 是其他程序的 SQLite 数据库，不是 occhealth 数据库`,
      });
    }
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
