/**
 * @module aggregate/functions
 * Two application-defined SQL functions the pushdown uses where SQLite's own arithmetic is not
 * exact enough: `occh_cmp(json, value)` compares a JSON field with a condition value exactly as the
 * core's `matchesCondition` does, and the aggregate `occh_decsum(json)` sums decimal strings and
 * non-integer numbers exactly (SQLite `REAL` would round). Both take the field's raw JSON text
 * (`record -> path`), so a number arrives as the very token `JSON.stringify` wrote.
 */

import { addExact, compareExact, type Exact, formatExact, toExact, ZERO } from '@occhealth/sql';
import type Database from 'better-sqlite3';

const registered = new WeakSet<Database.Database>();

function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * The core's `compareScalars`: numbers (and numeric strings against a number) compare as exact
 * decimals, strings lexically (UTF-16 code units, as JavaScript does), booleans only for equality;
 * anything else is not comparable (undefined).
 */
export function compareScalars(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' || typeof b === 'number') {
    const na =
      typeof a === 'number' || (typeof a === 'string' && NUMERIC.test(a)) ? toExact(a) : undefined;
    const nb =
      typeof b === 'number' || (typeof b === 'string' && NUMERIC.test(b)) ? toExact(b) : undefined;
    if (na === undefined || nb === undefined) return undefined;
    return compareExact(na, nb);
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : undefined;
  return undefined;
}

/** Register `occh_cmp` and `occh_decsum` on a connection (once per connection). */
export function registerFunctions(db: Database.Database): void {
  if (registered.has(db)) return;
  db.function('occh_cmp', { deterministic: true }, (raw: unknown, value: unknown) => {
    if (raw === null || raw === undefined) return null;
    const cmp = compareScalars(parseJson(raw), value);
    return cmp === undefined ? null : cmp;
  });
  db.aggregate('occh_decsum', {
    start: () => ZERO,
    step: (total: Exact, raw: unknown) => {
      const v = toExact(parseJson(raw));
      return v === undefined ? total : addExact(total, v);
    },
    result: (total: Exact) => formatExact(total),
  });
  registered.add(db);
}
