/**
 * @module aggregate/aggregate
 * `aggregateSql(db, request)`: the `aggregate()` pushdown of the SQLite store. The statements come
 * from the shared compiler (`@occhealth/sql`, SQLite dialect); this module only executes them —
 * prepared once per connection and text, integers read as `bigint` so counts stay exact.
 */

import {
  aggregateSteps,
  type Rendered,
  type Row,
  runSync,
  type Strategy,
  sqliteDialect,
} from '@occhealth/sql';
import type Database from 'better-sqlite3';
import { registerFunctions } from './functions.js';
import type { AggregateRequest, AggregateResult } from './types.js';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function all(db: Database.Database, statement: Rendered): readonly Row[] {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  // The one-pass scans read rows as arrays (`raw`: no object per row) or, when they select one
  // packed text, as that text alone (`pluck`).
  const raw = 'raw' in statement && statement.raw === true;
  const pluck = raw && 'pluck' in statement && statement.pluck === true;
  const key = pluck ? `pluck:${statement.text}` : raw ? `raw:${statement.text}` : statement.text;
  let stmt = cache.get(key);
  if (!stmt) {
    stmt = db.prepare(statement.text).safeIntegers(true);
    if (pluck) stmt.pluck(true);
    else if (raw) stmt.raw(true);
    if (cache.size >= 500) cache.clear();
    cache.set(key, stmt);
  }
  return stmt.all(...statement.values) as Row[];
}

/**
 * Compute the figures of an {@link AggregateRequest} in SQL, with exactly the semantics of the
 * core's in-memory path (`store/aggregate` documents them): per region of the subtree and per leaf
 * expression, a canonical decimal string (`"0"` for counts and sums without records, `null` for a
 * data element without values).
 * @throws NotFoundError when the request's region is not in the store; ValidationError for an
 * expression outside the closed expression language.
 * @example
 * ```ts check
 * import type { AggregateRequest } from '@occhealth/core';
 * declare const db: SqliteStore['database']; // the store's better-sqlite3 connection
 * declare const request: AggregateRequest; // built by evaluate() for the store's aggregate()
 * const { figures } = aggregateSql(db, request);
 * console.log(figures['530102']); // { '{"op":"count-employers",…}': '17', … }
 * ```
 */
export function aggregateSql(
  db: Database.Database,
  request: AggregateRequest,
  strategy: Strategy = 'auto',
): AggregateResult {
  registerFunctions(db);
  const run = () =>
    runSync(aggregateSteps(request, sqliteDialect, { strategy }), (s) => all(db, s));
  // Its statements (the one pass reads the facts in many slices) see ONE snapshot of the file: a
  // read transaction around them, unless the caller's transaction already holds one.
  return db.inTransaction ? run() : db.transaction(run)();
}
