/**
 * @module migrations
 * Versioned schema of the SQLite store. The version lives in `PRAGMA user_version`; each migration
 * runs in its own transaction and bumps it, so a file is always at one known version. Opening an
 * older file migrates it; a newer file (written by a later release) is refused.
 */

import { newAuditSecret, StoreError } from '@occhealth/core';
import type Database from 'better-sqlite3';

/**
 * `PRAGMA application_id` of occhealth files: 0x4F434348, the ASCII bytes "OCCH" (decimal
 * 1329808200). Every migration stamps it, so files of older releases get it on their next open;
 * a file with any other non-zero id is refused before anything is written to it.
 */
export const APPLICATION_ID = 0x4f434348;

/** One schema step: from version `version - 1` to `version`. */
interface Migration {
  readonly version: number;
  readonly up: (db: Database.Database) => void;
  /** Rebuilds tables, so foreign keys are switched off around its transaction and checked before commit. */
  readonly rebuildsTables?: boolean;
}

/** Largest safe integer, the bound of every `version` column (JS reads it back exactly). */
const MAX_VERSION = '9007199254740991';
const DATE_GLOB = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'";
/** The record column holds one JSON object. */
const RECORD_CHECK = "CHECK (json_valid(record) AND json_type(record) = 'object')";
const VERSION_CHECK = `CHECK (version BETWEEN 1 AND ${MAX_VERSION})`;
/** Region codes, 2–32 characters as in the core's `regionCodeSchema`. */
const codeCheck = (col: string) => `CHECK (length(${col}) BETWEEN 2 AND 32)`;

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
  {
    // v4: the database itself bounds what it holds: CHECK constraints on every key column (the
    // same bounds as the core schemas), positive safe-integer versions, YYYY-MM-DD dates and a
    // record column that is a valid JSON object. SQLite cannot add a CHECK to a table, so each
    // table is rebuilt (copy, drop, rename) in one transaction; a row that breaks a bound fails
    // the migration and the file stays at v3.
    version: 4,
    rebuildsTables: true,
    up: (db) =>
      db.exec(`
        CREATE TABLE regions_v4 (
          code    TEXT PRIMARY KEY ${codeCheck('code')},
          parent  TEXT REFERENCES regions(code) ${codeCheck('parent')},
          level   TEXT NOT NULL CHECK (level IN ('national','province','prefecture','county','township','park')),
          version INTEGER NOT NULL ${VERSION_CHECK},
          record  TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        INSERT INTO regions_v4 SELECT code, parent, level, version, record FROM regions;

        CREATE TABLE employers_v4 (
          credit_code TEXT PRIMARY KEY CHECK (length(credit_code) = 18),
          region      TEXT NOT NULL REFERENCES regions(code),
          version     INTEGER NOT NULL ${VERSION_CHECK},
          record      TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        INSERT INTO employers_v4 SELECT credit_code, region, version, record FROM employers;

        CREATE TABLE facts_v4 (
          id       TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
          kind     TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
          region   TEXT NOT NULL REFERENCES regions(code),
          employer TEXT REFERENCES employers(credit_code),
          date     TEXT NOT NULL CHECK (length(date) = 10 AND date GLOB ${DATE_GLOB}),
          version  INTEGER NOT NULL ${VERSION_CHECK},
          record   TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        INSERT INTO facts_v4 SELECT id, kind, region, employer, date, version, record FROM facts;

        CREATE TABLE data_values_v4 (
          key          TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 512),
          data_element TEXT NOT NULL CHECK (length(data_element) BETWEEN 1 AND 128),
          region       TEXT NOT NULL REFERENCES regions(code),
          period       TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 32),
          version      INTEGER NOT NULL ${VERSION_CHECK},
          record       TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        INSERT INTO data_values_v4 SELECT key, data_element, region, period, version, record FROM data_values;

        DROP TABLE data_values;
        DROP TABLE facts;
        DROP TABLE employers;
        DROP TABLE regions;
        ALTER TABLE regions_v4 RENAME TO regions;
        ALTER TABLE employers_v4 RENAME TO employers;
        ALTER TABLE facts_v4 RENAME TO facts;
        ALTER TABLE data_values_v4 RENAME TO data_values;

        CREATE INDEX regions_parent ON regions(parent);
        CREATE INDEX employers_region ON employers(region);
        CREATE INDEX facts_date ON facts(date, id);
        CREATE INDEX facts_region_date ON facts(region, date);
        CREATE INDEX facts_kind_date ON facts(kind, date);
        CREATE INDEX facts_employer_kind_date ON facts(employer, kind, date);
        CREATE INDEX data_values_region ON data_values(region, period);
        CREATE INDEX data_values_element ON data_values(data_element, period);
      `),
  },
  {
    // v5 (store port v2): the reporting workflow (submissions and lock exceptions, keyed by
    // obligation|region|period) and the append-only, hash-chained audit trail. Triggers refuse
    // any UPDATE or DELETE of an audit row, so no connection can rewrite history through SQL
    // without dropping them (which verifyAuditChain would then expose).
    version: 5,
    up: (db) =>
      db.exec(`
        CREATE TABLE submissions (
          key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 512),
          obligation TEXT NOT NULL CHECK (length(obligation) BETWEEN 1 AND 128),
          region     TEXT NOT NULL REFERENCES regions(code),
          period     TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 32),
          state      TEXT NOT NULL CHECK (state IN ('draft','submitted','returned','approved')),
          version    INTEGER NOT NULL ${VERSION_CHECK},
          record     TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        CREATE INDEX submissions_scope ON submissions(region, period);
        CREATE INDEX submissions_obligation ON submissions(obligation, period, region);

        CREATE TABLE lock_exceptions (
          key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 512),
          obligation TEXT NOT NULL CHECK (length(obligation) BETWEEN 1 AND 128),
          region     TEXT NOT NULL REFERENCES regions(code),
          period     TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 32),
          version    INTEGER NOT NULL ${VERSION_CHECK},
          record     TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        CREATE INDEX lock_exceptions_scope ON lock_exceptions(region, period);

        CREATE TABLE audit (
          seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
          chain     TEXT NOT NULL CHECK (length(chain) BETWEEN 1 AND 32),
          chain_seq INTEGER NOT NULL CHECK (chain_seq >= 1),
          at        TEXT NOT NULL,
          actor     TEXT NOT NULL,
          kind      TEXT NOT NULL,
          key       TEXT,
          region    TEXT,
          hash      TEXT NOT NULL CHECK (length(hash) = 64),
          entry     TEXT NOT NULL CHECK (json_valid(entry) AND json_type(entry) = 'object'),
          UNIQUE (chain, chain_seq)
        ) STRICT;
        CREATE INDEX audit_key ON audit(kind, key);
        CREATE INDEX audit_actor ON audit(actor);
        CREATE INDEX audit_region ON audit(region);
        CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
          BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
        CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
          BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      `),
  },
  {
    // v6: the party kinds — institutions (a fact's `institution` refers to one), departments,
    // and contacts (whose name, phone and email are personal: the audit trail holds hashes).
    // Facts keep their table: rows stored before v6 are not re-checked against institutions.
    version: 6,
    up: (db) =>
      db.exec(`
        CREATE TABLE institutions (
          id                      TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
          region                  TEXT NOT NULL REFERENCES regions(code),
          public                  TEXT NOT NULL CHECK (public IN ('true','false')),
          out_of_province         TEXT NOT NULL CHECK (out_of_province IN ('true','false')),
          monitoring_confirmation TEXT NOT NULL CHECK (monitoring_confirmation IN ('direct','by-standard','none')),
          version                 INTEGER NOT NULL ${VERSION_CHECK},
          record                  TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        CREATE INDEX institutions_region ON institutions(region);

        CREATE TABLE departments (
          id      TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
          region  TEXT NOT NULL REFERENCES regions(code),
          kind    TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
          version INTEGER NOT NULL ${VERSION_CHECK},
          record  TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        CREATE INDEX departments_region ON departments(region);

        CREATE TABLE contacts (
          id        TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
          region    TEXT NOT NULL REFERENCES regions(code),
          unit_kind TEXT NOT NULL CHECK (unit_kind IN ('department','institution','region')),
          unit      TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 128),
          role      TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 64),
          version   INTEGER NOT NULL ${VERSION_CHECK},
          record    TEXT NOT NULL ${RECORD_CHECK}
        ) STRICT;
        CREATE INDEX contacts_region ON contacts(region);
        CREATE INDEX contacts_unit ON contacts(unit_kind, unit);
      `),
  },
  {
    // v7: responses of `Idempotency-Key` requests, kept per (principal, key) until `expires_at`
    // (an ISO 8601 UTC instant, 24 characters, so text order is time order). The runner applies every step above the file's version, in array order.
    version: 7,
    up: (db) =>
      db.exec(`
        CREATE TABLE idempotency_keys (
          principal    TEXT NOT NULL CHECK (length(principal) BETWEEN 1 AND 256),
          key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 256),
          request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
          status       INTEGER NOT NULL CHECK (status BETWEEN 100 AND 599),
          content_type TEXT NOT NULL CHECK (length(content_type) <= 256),
          body         TEXT NOT NULL,
          expires_at   TEXT NOT NULL CHECK (length(expires_at) = 24),
          PRIMARY KEY (principal, key)
        ) STRICT;
        CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at);
      `),
  },
  {
    // v8: the store's audit secret, the key of the HMAC that stands for a contact's name, phone
    // or email in audit entries (one row, generated here from the runtime's cryptographic random
    // source; entries written before v8 keep their unkeyed hashes and still verify).
    version: 8,
    up: (db) => {
      db.exec(`
        CREATE TABLE audit_secret (
          id     INTEGER PRIMARY KEY CHECK (id = 1),
          secret TEXT NOT NULL CHECK (length(secret) = 64 AND secret NOT GLOB '*[^0-9a-f]*')
        ) STRICT;
      `);
      db.prepare('INSERT INTO audit_secret (id, secret) VALUES (1, ?)').run(newAuditSecret());
    },
  },
  {
    // v9: pending claims of `Idempotency-Key` requests: the first request claims its key here in
    // one write transaction before doing the work, completion moves it to `idempotency_keys`, a
    // failure deletes it, and a claim past `claim_expires_at` is taken over. A new table only, so
    // a file of any earlier version migrates without touching its rows.
    version: 9,
    up: (db) =>
      db.exec(`
        CREATE TABLE idempotency_claims (
          principal        TEXT NOT NULL CHECK (length(principal) BETWEEN 1 AND 256),
          key              TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 256),
          request_hash     TEXT NOT NULL CHECK (length(request_hash) = 64),
          token            TEXT NOT NULL CHECK (length(token) = 32),
          claimed_at       TEXT NOT NULL CHECK (length(claimed_at) = 24),
          claim_expires_at TEXT NOT NULL CHECK (length(claim_expires_at) = 24),
          PRIMARY KEY (principal, key)
        ) STRICT;
        CREATE INDEX idempotency_claims_expiry ON idempotency_claims(claim_expires_at);
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
 * @example new SchemaVersionError('occhealth.db', 9, 5).code // 'STORE_FAILED'
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
 * Refuse a database that is not an occhealth file this release can open; reads only (it runs on a
 * read-only connection before anything is written). An occhealth file carries
 * {@link APPLICATION_ID}; a file without it must be empty (no tables, `user_version` 0).
 * @returns the file's schema version.
 * @throws SchemaVersionError when the file is newer; StoreError when it belongs to another program.
 */
export function refuseUnlessOurs(db: Database.Database, path: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  const foreign = () =>
    new StoreError('sqlite', `${path} is a SQLite database of another program`, {
      messageZh: `${path} 是其他程序的 SQLite 数据库，不是 occhealth 数据库`,
    });
  if (appId !== 0 && appId !== APPLICATION_ID) throw foreign();
  if (appId === 0) {
    // Files of the first releases carry no application_id: accept them when they hold the
    // occhealth tables (the next migration stamps the id); an unversioned file must be empty.
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .pluck()
      .all() as string[];
    const ours = ['regions', 'employers', 'facts', 'data_values'].every((t) => tables.includes(t));
    if (current === 0 ? tables.length > 0 : !ours) throw foreign();
  }
  if (current > SCHEMA_VERSION) throw new SchemaVersionError(path, current, SCHEMA_VERSION);
  return current;
}

/**
 * Bring the database to {@link SCHEMA_VERSION}. Each step runs in its own transaction.
 * @throws SchemaVersionError when the file is newer; StoreError when it belongs to another program.
 */
export function migrate(db: Database.Database, path: string): void {
  const current = refuseUnlessOurs(db, path);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new StoreError(
            'sqlite',
            `${path}: migration ${m.version} found dangling references`,
            {
              messageZh: `${path}：迁移 ${m.version} 发现无效的引用`,
            },
          );
        }
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}
