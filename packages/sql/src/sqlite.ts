/**
 * @module sql/sqlite
 * The SQLite dialect (3.45+, JSON1 built in): `?` placeholders, `json_type` / `json_extract` over
 * JSON text, booleans as 1 / 0, and two application functions the SQLite adapter registers on its
 * connection — `occh_cmp(json, value)` (the core's exact mixed-type comparison) and the aggregate
 * `occh_decsum(json)` (exact decimal sums; SQLite `REAL` would round). JSON paths are bound
 * (`$."top"."key"`), never inlined.
 */
import type { Dialect, Scalar } from './dialect.js';
import { addExact, toExact, ZERO } from './exact.js';
import type { Query } from './query.js';

/** The bound JSON path of a field path. */
function jsonPath(path: readonly string[]): string {
  return `$${path.map((k) => `."${k}"`).join('')}`;
}

/** The SQLite dialect. */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  placeholder: () => '?',
  toDriver: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  true: '1',
  false: '0',
  jsonCompare(record: string, path: readonly string[], value: Scalar, q: Query): string {
    const p = () => q.bind(jsonPath(path), 'text');
    const type = `json_type(${record}, ${p()})`;
    if (typeof value === 'boolean') {
      return `(CASE WHEN ${type} = ${q.bind(value ? 'true' : 'false')} THEN 0 END)`;
    }
    const v = () => q.bind(value);
    // Same-type pairs compare in SQL; the mixed ones go through the exact `occh_cmp`.
    const native = typeof value === 'number' ? 'integer' : 'text';
    const others = typeof value === 'number' ? ['real', 'text'] : ['integer', 'real'];
    return `(CASE ${type} WHEN '${native}' THEN (json_extract(${record}, ${p()}) > ${v()}) - (json_extract(${record}, ${p()}) < ${v()})${others.map((t) => ` WHEN '${t}' THEN occh_cmp(${record} -> ${p()}, ${v()})`).join('')} END)`;
  },
  // json_extract yields text only for a JSON string or a container; the type test (after the cheap
  // equality) rules the container out. An integer or real never equals text in SQLite.
  jsonEqualsText: (record, path, value, q) =>
    `coalesce(json_extract(${record}, ${q.bind(jsonPath(path), 'text')}) = ${q.bind(value, 'text')} AND json_type(${record}, ${q.bind(jsonPath(path), 'text')}) = 'text', 0)`,
  jsonPresent: (record, path, q) =>
    `(coalesce(json_type(${record}, ${q.bind(jsonPath(path))}), 'null') <> 'null')`,
  jsonText: (record, path, q) => `json_extract(${record}, ${q.bind(jsonPath(path))})`,
  column: (record, name) => `json_extract(${record}, '$.${name}')`,
  flagsIndex: ' INDEXED BY facts_employer_kind_date',
  // Measured (bench, default size): with each row packed into one text, the one pass over the
  // ~350 k fact rows and 200 k employers takes about two-thirds of the SQL form's time (see
  // `onepass.ts`), so `auto` takes it for a large subtree.
  onePass: true,
  scanHint: ' NOT INDEXED',
  // `NOT INDEXED` still lets the rowid bound each slice of the scan.
  rowKey: 'f.rowid',
  // Dates are stored as `YYYY-MM-DD` text (a `CHECK` of the schema).
  dateText: (column) => column,
  // `json_extract` with two or more paths answers a JSON array of the values, each as stored
  // (numbers keep their digits); with one path it would answer the SQL value, so one field is
  // its JSON text (`->`) in brackets.
  jsonRawArray: (record, keys, q) =>
    keys.length === 1
      ? `('[' || coalesce(${record} -> ${q.bind(jsonPath([keys[0]!]), 'text')}, 'null') || ']')`
      : `json_extract(${record}, ${keys.map((k) => q.bind(jsonPath([k]), 'text')).join(', ')})`,
  anyOf: (cond) => `max(CASE WHEN ${cond} THEN 1 ELSE 0 END)`,
  industrySection: (record) => `substr(json_extract(${record}, '$.industry'), 1, 1)`,
  hasHazardFactors: (record) =>
    `(coalesce(json_array_length(${record}, '$.hazardFactors'), 0) > 0)`,
  active(e, date, cutoff, q) {
    const ref = () => q.bind(date);
    const registered = `json_extract(${e}.record, '$.registeredOn')`;
    // Most employers have no status history: the walk (a `json_each` per employer) runs only
    // for those that have one; without one, registered on or before the date is active.
    return `(CASE
      WHEN ${registered} IS NOT NULL AND ${ref()} < ${registered} THEN 0
      WHEN coalesce(json_array_length(${e}.record, '$.statusHistory'), 0) = 0 THEN 1
      ELSE coalesce((SELECT CASE json_extract(h.value, '$.status')
          WHEN 'active' THEN 1
          WHEN 'suspended' THEN json_extract(h.value, '$.from') >= ${q.bind(cutoff)}
          ELSE 0 END
        FROM json_each(${e}.record, '$.statusHistory') h
        WHERE json_extract(h.value, '$.from') <= ${ref()}
        ORDER BY json_extract(h.value, '$.from') DESC LIMIT 1),
        ${registered} IS NOT NULL OR coalesce(json_extract(${e}.record, '$.statusHistory[0].status'), 'none') <> 'active')
    END)`;
  },
  sumField(record, path, cond, name, q) {
    // Integer fields (the counts) sum as SQLite integers; decimal strings and any non-integer
    // number go through the exact `occh_decsum`; booleans, objects and missing fields add nothing.
    // The row's condition goes first: a row of another kind never has its JSON read.
    const p = () => q.bind(jsonPath(path));
    const type = `json_type(${record}, ${p()})`;
    return {
      columns: [
        `sum(json_extract(${record}, ${p()})) FILTER (WHERE ${cond} AND ${type} = 'integer') AS ${name}`,
        `occh_decsum(${record} -> ${p()}) FILTER (WHERE ${cond} AND json_type(${record}, ${p()}) IN ('real', 'text')) AS ${name}d`,
      ],
      rollups: [`sum(g.${name}) AS ${name}`, `occh_decsum(json_quote(g.${name}d)) AS ${name}d`],
    };
  },
  readSum(row, name) {
    const ints = toExact(row[name] ?? 0n) ?? ZERO;
    const d = row[`${name}d`];
    return addExact(ints, (typeof d === 'string' ? toExact(d) : undefined) ?? ZERO);
  },
  dataValue: (d) => `${d}.record -> '$.value'`,
  decimalSum: (expr) => `occh_decsum(${expr})`,
  decimalRollup: (column) => `occh_decsum(json_quote(${column}))`,
};
