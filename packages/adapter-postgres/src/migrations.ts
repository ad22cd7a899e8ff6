/**
 * @module migrations
 * Versioned schema migrations, in the SQLite adapter's pattern: an ordered list of steps, each
 * applied once in its own transaction and recorded in `schema_migrations(version, name,
 * applied_at)`. Concurrent openers serialise on a transaction-level advisory lock, so two
 * processes starting at once never apply a step twice; a schema written by a newer release is
 * refused untouched.
 *
 * Text key columns use `COLLATE "C"`, so keys order by code point (as the core sorts) whatever
 * the database's collation; dates are `date`; records are `jsonb`.
 */
import { newAuditSecret, StoreError } from '@occhealth/core';
import type { PgClient } from './driver.js';

/** One migration step. */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** A statement run after `sql` with parameters computed when it runs (one statement). */
  readonly seed?: { readonly sql: string; readonly params: () => unknown[] };
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE regions (
        code text COLLATE "C" PRIMARY KEY,
        parent text COLLATE "C",
        level text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        record jsonb NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY
      );
      CREATE INDEX regions_parent ON regions(parent);
      CREATE TABLE region_closure (
        ancestor text COLLATE "C" NOT NULL,
        descendant text COLLATE "C" NOT NULL,
        depth integer NOT NULL,
        PRIMARY KEY (ancestor, descendant)
      );
      CREATE INDEX region_closure_descendant ON region_closure(descendant, depth);
      CREATE TABLE employers (
        credit_code text COLLATE "C" PRIMARY KEY,
        region text COLLATE "C" NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        record jsonb NOT NULL
      );
      CREATE INDEX employers_region ON employers(region);
      CREATE TABLE facts (
        id text COLLATE "C" PRIMARY KEY,
        kind text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        employer text COLLATE "C",
        date date NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        record jsonb NOT NULL
      );
      CREATE INDEX facts_date ON facts(date, id);
      CREATE INDEX facts_region_date ON facts(region, date);
      CREATE INDEX facts_kind_date ON facts(kind, date);
      CREATE INDEX facts_employer_kind_date ON facts(employer, kind, date);
      CREATE TABLE data_values (
        key text COLLATE "C" PRIMARY KEY,
        data_element text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        record jsonb NOT NULL
      );
      CREATE INDEX data_values_region ON data_values(region, period);
      CREATE INDEX data_values_element ON data_values(data_element, period);
    `,
  },
  {
    // v2 (store port v2): the reporting workflow (submissions and lock exceptions, keyed by
    // obligation|region|period) and the append-only, hash-chained audit trail. A trigger refuses
    // any UPDATE, DELETE or TRUNCATE of an audit row, so no connection rewrites history through
    // SQL without dropping it first (which verifyAuditChain would then expose). The workflow
    // tables keep their records as `json`, the text exactly as written: the planner compares
    // stored report histories step by step, and `jsonb` would reorder each step's keys.
    version: 2,
    name: 'reporting workflow and audit trail',
    sql: `
      CREATE TABLE submissions (
        key text COLLATE "C" PRIMARY KEY,
        obligation text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        state text NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
        version integer NOT NULL CHECK (version >= 1),
        record json NOT NULL
      );
      CREATE INDEX submissions_scope ON submissions(region, period);
      CREATE INDEX submissions_obligation ON submissions(obligation, period, region);
      CREATE TABLE lock_exceptions (
        key text COLLATE "C" PRIMARY KEY,
        obligation text COLLATE "C" NOT NULL,
        region text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        record json NOT NULL
      );
      CREATE INDEX lock_exceptions_scope ON lock_exceptions(region, period);
      CREATE TABLE audit (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        chain text COLLATE "C" NOT NULL,
        chain_seq integer NOT NULL CHECK (chain_seq >= 1),
        at timestamptz NOT NULL,
        actor text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        key text COLLATE "C",
        region text COLLATE "C",
        hash text NOT NULL CHECK (length(hash) = 64),
        entry text NOT NULL,
        UNIQUE (chain, chain_seq)
      );
      CREATE INDEX audit_key ON audit(kind, key);
      CREATE INDEX audit_actor ON audit(actor);
      CREATE INDEX audit_region ON audit(region);
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit entries are append-only (审计记录只能追加)'
            USING ERRCODE = 'insufficient_privilege';
        END
      $$;
      CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
    `,
  },
  {
    // v3: the party kinds — institutions (a fact's `institution` refers to one), departments,
    // and contacts (whose name, phone and email are personal: the audit trail holds hashes).
    version: 3,
    name: 'institutions, departments and contacts',
    sql: `
      CREATE TABLE institutions (
        id text COLLATE "C" PRIMARY KEY,
        region text COLLATE "C" NOT NULL,
        public text NOT NULL CHECK (public IN ('true', 'false')),
        out_of_province text NOT NULL CHECK (out_of_province IN ('true', 'false')),
        monitoring_confirmation text NOT NULL
          CHECK (monitoring_confirmation IN ('direct', 'by-standard', 'none')),
        version integer NOT NULL CHECK (version >= 1),
        record jsonb NOT NULL
      );
      CREATE INDEX institutions_region ON institutions(region);
      CREATE TABLE departments (
        id text COLLATE "C" PRIMARY KEY,
        region text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        record jsonb NOT NULL
      );
      CREATE INDEX departments_region ON departments(region);
      CREATE TABLE contacts (
        id text COLLATE "C" PRIMARY KEY,
        region text COLLATE "C" NOT NULL,
        unit_kind text NOT NULL CHECK (unit_kind IN ('department', 'institution', 'region')),
        unit text COLLATE "C" NOT NULL,
        role text COLLATE "C" NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        record jsonb NOT NULL
      );
      CREATE INDEX contacts_region ON contacts(region);
      CREATE INDEX contacts_unit ON contacts(unit_kind, unit);
    `,
  },
  {
    // Responses of \`Idempotency-Key\` requests, kept per (principal, key) until \`expires_at\`.
    version: 4,
    name: 'idempotency keys',
    sql: `
      CREATE TABLE idempotency_keys (
        principal text COLLATE "C" NOT NULL CHECK (length(principal) BETWEEN 1 AND 256),
        key text COLLATE "C" NOT NULL CHECK (length(key) BETWEEN 1 AND 256),
        request_hash text NOT NULL CHECK (length(request_hash) = 64),
        status integer NOT NULL CHECK (status BETWEEN 100 AND 599),
        content_type text NOT NULL CHECK (length(content_type) <= 256),
        body text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (principal, key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at);
    `,
  },
  {
    // The store's audit secret: the key of the HMAC that stands for a contact's name, phone or
    // email in audit entries, generated from the runtime's cryptographic random source (entries
    // written before keep their unkeyed hashes and still verify).
    version: 5,
    name: 'audit secret',
    sql: `
      CREATE TABLE audit_secret (
        id integer PRIMARY KEY CHECK (id = 1),
        secret text COLLATE "C" NOT NULL CHECK (secret ~ '^[0-9a-f]{64}$')
      );
    `,
    seed: {
      sql: 'INSERT INTO audit_secret (id, secret) VALUES (1, $1)',
      params: () => [newAuditSecret()],
    },
  },
  {
    // Pending claims of \`Idempotency-Key\` requests: the first request claims its key here before
    // doing the work; completion moves it to idempotency_keys, a failure deletes it, and a claim
    // past claim_expires_at is taken over. A new table only: existing rows are untouched.
    version: 6,
    name: 'idempotency claims',
    sql: `
      CREATE TABLE idempotency_claims (
        principal text COLLATE "C" NOT NULL CHECK (length(principal) BETWEEN 1 AND 256),
        key text COLLATE "C" NOT NULL CHECK (length(key) BETWEEN 1 AND 256),
        request_hash text COLLATE "C" NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
        token text COLLATE "C" NOT NULL CHECK (token ~ '^[0-9a-f]{32}$'),
        claimed_at timestamptz NOT NULL,
        claim_expires_at timestamptz NOT NULL,
        PRIMARY KEY (principal, key)
      );
      CREATE INDEX idempotency_claims_expiry ON idempotency_claims(claim_expires_at);
    `,
  },
];

/** The schema version this release writes. */
export const PG_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Create the schema if needed and apply every pending migration. `quoted` is the quoted schema
 * name; the caller's connection is left with `search_path` unchanged.
 * @throws StoreError when the schema was written by a newer release (left untouched).
 */
export async function migrate(client: PgClient, quoted: string): Promise<void> {
  await client.query('BEGIN');
  try {
    // One lock id for all occhealth schemas of the database: migrations are rare and short.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('occhealth.migrate'))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`SET LOCAL search_path TO ${quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query(
      'SELECT coalesce(max(version), 0) AS v FROM schema_migrations',
    );
    const current = Number(rows[0]?.v ?? 0);
    if (current > PG_SCHEMA_VERSION) {
      throw new StoreError(
        'postgres',
        `schema ${quoted} is at version ${current}, written by a newer release (this one knows ${PG_SCHEMA_VERSION}); upgrade @occhealth/adapter-postgres`,
        {
          messageZh: `模式 ${quoted} 的版本为 ${current}，由更新的版本写入（本版本支持 ${PG_SCHEMA_VERSION}）；请升级 @occhealth/adapter-postgres`,
        },
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      if (m.seed) await client.query(m.seed.sql, m.seed.params());
      await client.query('INSERT INTO schema_migrations(version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Rebuild `region_closure` from `regions` (after regions are added or moved). */
export const REBUILD_CLOSURE = `
  DELETE FROM region_closure;
  INSERT INTO region_closure(ancestor, descendant, depth)
  WITH RECURSIVE up(ancestor, descendant, depth) AS (
    SELECT code, code, 0 FROM regions
    UNION ALL
    SELECT r.parent, up.descendant, up.depth + 1 FROM up JOIN regions r ON r.code = up.ancestor
    WHERE r.parent IS NOT NULL
  )
  SELECT ancestor, descendant, depth FROM up`;
