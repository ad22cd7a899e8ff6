/**
 * @module test/helpers
 * Shared helpers of the adapter tests: fixture paths and a row-count/checksum snapshot of a file.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** Absolute path of a fixture file. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Tables of the schema, in dependency order. */
export const TABLES = ['regions', 'region_closure', 'employers', 'facts', 'data_values'] as const;

/** Row counts and a SHA-256 over every row of every table (read with its own connection). */
export function snapshot(path: string): Record<string, { count: number; sha: string }> {
  const db = new Database(path, { readonly: true });
  try {
    const out: Record<string, { count: number; sha: string }> = {};
    for (const t of TABLES) {
      const rows = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all();
      out[t] = {
        count: rows.length,
        sha: createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
      };
    }
    return out;
  } finally {
    db.close();
  }
}
