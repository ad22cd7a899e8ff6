/**
 * @module testing/tables
 * The SQL tables of a store, derived from the registry of record kinds, and a row-count/checksum
 * snapshot of all of them, so crash-safety tests compare every table an adapter writes (records,
 * the region closure, the workflow tables and the audit trail), not a hand-kept list.
 */
import { BATCH_KINDS, RECORD_KINDS } from '../store/kinds.js';
import { sha256Hex } from '../store/sha256.js';

/**
 * Every table of a SQL store, in dependency order: each kind's table in the registry's write order,
 * the region closure after the regions, the kept `Idempotency-Key` answers and pending claims (the
 * optional `idempotency` capability's tables), the store's audit secret and the audit trail last.
 * @example storeTables().at(-1) // 'audit'
 */
export function storeTables(): string[] {
  const kinds = BATCH_KINDS.map((k) => RECORD_KINDS[k].table);
  return [
    kinds[0]!,
    'region_closure',
    ...kinds.slice(1),
    'idempotency_keys',
    'idempotency_claims',
    'audit_secret',
    'audit',
  ];
}

/** Row count and SHA-256 over the rows of one table. */
export interface TableSnapshot {
  /** Number of rows. */
  readonly count: number;
  /** SHA-256 (hex) over the ordered rows. */
  readonly sha: string;
}

/**
 * Row counts and a SHA-256 over every row of every table of {@link storeTables}, read with `query`
 * (which runs one SQL statement and returns its rows as arrays, e.g. better-sqlite3's
 * `db.prepare(sql).raw().all()`). Rows are ordered by their first two columns.
 * @example snapshotTables(() => []).audit?.count // 0
 */
export function snapshotTables(
  query: (sql: string) => readonly unknown[][],
): Record<string, TableSnapshot> {
  const out: Record<string, TableSnapshot> = {};
  for (const table of storeTables()) {
    const rows = query(`SELECT * FROM ${table} ORDER BY 1, 2`);
    out[table] = { count: rows.length, sha: sha256Hex(JSON.stringify(rows)) };
  }
  return out;
}
