/**
 * @module test/helpers
 * Fixture paths of this package's tests, and a snapshot of every table of a SQLite file (the
 * tables come from the core's registry: `snapshotTables` of `@occhealth/core/testing`).
 */
import { fileURLToPath } from 'node:url';
import { snapshotTables, type TableSnapshot } from '@occhealth/core/testing';
import Database from 'better-sqlite3';

/** Absolute path of a fixture file. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Row counts and a SHA-256 over every row of every table (read with its own connection). */
export function snapshot(path: string): Record<string, TableSnapshot> {
  const db = new Database(path, { readonly: true });
  try {
    return snapshotTables((sql) => db.prepare(sql).raw().all() as unknown[][]);
  } finally {
    db.close();
  }
}
