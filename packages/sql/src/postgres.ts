/**
 * @module sql/postgres
 * The PostgreSQL dialect (12+; no extension): `$n` placeholders with explicit casts, `jsonb`
 * operators over the `record` column (`#>` / `#>>` with the path bound as `text[]`), native
 * booleans, exact sums as `numeric`, and `COLLATE "C"` wherever text is ordered, so strings compare
 * by code point (as the core does) whatever the database's collation.
 */
import type { Dialect, Scalar } from './dialect.js';
import { toExact, ZERO } from './exact.js';
import type { Query } from './query.js';

/** A plain decimal written as text (`-12.5`), the strings the core sums and compares as numbers. */
const DECIMAL_TEXT = `'^-?[0-9]+([.][0-9]+)?$'`;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/** The PostgreSQL dialect. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  placeholder: (n, type) => (type === undefined ? `$${n}` : `$${n}::${type}`),
  toDriver: (value) => (typeof value === 'number' ? String(value) : value),
  true: 'TRUE',
  false: 'FALSE',
  jsonCompare(record: string, path: readonly string[], value: Scalar, q: Query): string {
    const json = () => `(${record} #> ${q.bind(path, 'text[]')})`;
    const text = () => `(${record} #>> ${q.bind(path, 'text[]')})`;
    const sign = (a: string, b: string) =>
      `(CASE WHEN ${a} < ${b} THEN -1 WHEN ${a} > ${b} THEN 1 ELSE 0 END)`;
    if (typeof value === 'boolean') {
      return `(CASE WHEN ${json()} = ${q.bind(value ? 'true' : 'false', 'jsonb')} THEN 0 END)`;
    }
    if (typeof value === 'number') {
      const v = () => q.bind(value, 'numeric');
      return `(CASE jsonb_typeof(${json()}) WHEN 'number' THEN sign((${json()})::numeric - ${v()}) WHEN 'string' THEN (CASE WHEN ${text()} ~ ${DECIMAL_TEXT} THEN sign(${text()}::numeric - ${v()}) END) END)`;
    }
    // A string value: text against text by code point; a number field against a decimal string
    // numerically (decided here, so no cast of a non-number is ever planned).
    const asNumber = NUMERIC.test(value)
      ? ` WHEN 'number' THEN sign((${json()})::numeric - ${q.bind(value, 'numeric')})`
      : '';
    return `(CASE jsonb_typeof(${json()}) WHEN 'string' THEN ${sign(`${text()} COLLATE "C"`, `${q.bind(value, 'text')} COLLATE "C"`)}${asNumber} END)`;
  },
  jsonPresent: (record, path, q) =>
    `(coalesce(jsonb_typeof(${record} #> ${q.bind(path, 'text[]')}), 'null') <> 'null')`,
  jsonText: (record, path, q) => `(${record} #>> ${q.bind(path, 'text[]')})`,
  column: (record, name, type) =>
    type === 'integer' ? `(${record} ->> '${name}')::numeric` : `(${record} ->> '${name}')`,
  flagsIndex: '',
  onePass: false,
  scanHint: '',
  rowKey: undefined,
  dateText: (column) => `to_char(${column}, 'YYYY-MM-DD')`,
  jsonRawArray: (record, keys, q) =>
    `json_build_array(${keys.map((k) => `${record} -> ${q.bind(k, 'text')}`).join(', ')})::text`,
  anyOf: (cond) => `bool_or(${cond})`,
  industrySection: (record) => `left(${record} ->> 'industry', 1)`,
  hasHazardFactors: (record) =>
    `(coalesce(jsonb_array_length(${record} -> 'hazardFactors'), 0) > 0)`,
  active(e, date, cutoff, q) {
    const ref = () => `${q.bind(date, 'text')} COLLATE "C"`;
    const registered = `(${e}.record ->> 'registeredOn') COLLATE "C"`;
    const from = `(h.value ->> 'from') COLLATE "C"`;
    return `(CASE
      WHEN ${registered} IS NOT NULL AND ${ref()} < ${registered} THEN FALSE
      ELSE coalesce((SELECT CASE h.value ->> 'status'
          WHEN 'active' THEN TRUE
          WHEN 'suspended' THEN ${from} >= ${q.bind(cutoff, 'text')} COLLATE "C"
          ELSE FALSE END
        FROM jsonb_array_elements(${e}.record -> 'statusHistory') h
        WHERE ${from} <= ${ref()}
        ORDER BY ${from} DESC LIMIT 1),
        ${registered} IS NOT NULL OR coalesce(${e}.record #>> '{statusHistory,0,status}', 'none') <> 'active')
    END)`;
  },
  sumField(record, path, cond, name, q) {
    const json = () => `(${record} #> ${q.bind(path, 'text[]')})`;
    const text = () => `(${record} #>> ${q.bind(path, 'text[]')})`;
    // Numbers and decimal strings add exactly as numeric; anything else adds nothing.
    const value = `(CASE jsonb_typeof(${json()}) WHEN 'number' THEN (${json()})::numeric WHEN 'string' THEN (CASE WHEN ${text()} ~ ${DECIMAL_TEXT} THEN ${text()}::numeric END) END)`;
    return {
      columns: [`sum(${value}) FILTER (WHERE ${cond}) AS ${name}`],
      rollups: [`sum(g.${name}) AS ${name}`],
    };
  },
  readSum: (row, name) => {
    const v = row[name];
    return (typeof v === 'string' || typeof v === 'bigint' ? toExact(v) : undefined) ?? ZERO;
  },
  dataValue: (d) => `(${d}.record ->> 'value')::numeric`,
  decimalSum: (expr) => `sum(${expr})`,
  decimalRollup: (column) => `sum(${column})`,
};
