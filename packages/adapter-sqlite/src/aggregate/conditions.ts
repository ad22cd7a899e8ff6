/**
 * @module aggregate/conditions
 * SQL for the filters of the expression language: field conditions on a fact's JSON record and
 * employer predicates on an `employers` row. SQL text is assembled only from the closed set of
 * operators and clause names below and from fixed table aliases; every value — kinds, sizes,
 * dates, thresholds, JSON paths — is a bound parameter pushed onto {@link Params}.
 */
import { addMonths, ValidationError } from '@occhealth/core';
import type { EmployerPredicate, FactTest, FieldCondition } from './types.js';

/**
 * The bound parameters of one statement, named `@p1`, `@p2`, … so the order in which SQL pieces
 * are assembled does not matter.
 */
export class Params {
  readonly values: Record<string, unknown> = {};
  #n = 0;

  /** Add a value and return its placeholder. */
  bind(value: unknown): string {
    const name = `p${++this.#n}`;
    this.values[name] = value;
    return `@${name}`;
  }

  /** Placeholders for a list of values: `?, ?, ?`. */
  list(values: readonly unknown[]): string {
    return values.map((v) => this.bind(v)).join(', ');
  }
}

/** The dates a request is evaluated with. */
export interface Dates {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly referenceDate: string;
  /** Earliest suspension start still counted as active on the reference date (see `active.ts`). */
  readonly suspensionCutoff: string;
}

const FIELD = /^([A-Za-z][A-Za-z0-9]*)(?:\.([\w-]+))?$/;

function invalid(
  path: string,
  value: unknown,
  rule: string,
  message: string,
  messageZh: string,
): never {
  throw new ValidationError([{ path, value, rule, message, messageZh }]);
}

/** JSON path of a validated field name: `$."top"` or `$."top"."key"` (bound, never inlined). */
export function jsonPath(field: string): string {
  const m = FIELD.exec(field);
  if (!m) {
    invalid(
      'field',
      field,
      'expression.field-format',
      `not a field name: ${field}`,
      `不是字段名：${field}`,
    );
  }
  return m[2] === undefined ? `$."${m[1]!}"` : `$."${m[1]!}"."${m[2]}"`;
}

/**
 * Comparison of the field with one scalar, as SQL yielding -1 / 0 / 1, or NULL when the core's
 * `compareScalars` says "not comparable" (or the field is missing). Integers against a number and
 * text against a string compare in SQL; the mixed cases go through the exact `occh_cmp`.
 */
function comparison(record: string, path: string, value: unknown, q: Params): string {
  const type = `json_type(${record}, ${q.bind(path)})`;
  if (typeof value === 'boolean') {
    return `(CASE WHEN ${type} = ${q.bind(value ? 'true' : 'false')} THEN 0 END)`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      invalid('value', value, 'expression.condition-value', 'not a finite number', '不是有限数值');
    return `(CASE ${type} WHEN 'integer' THEN (json_extract(${record}, ${q.bind(path)}) > ${q.bind(value)}) - (json_extract(${record}, ${q.bind(path)}) < ${q.bind(value)}) WHEN 'real' THEN occh_cmp(${record} -> ${q.bind(path)}, ${q.bind(value)}) WHEN 'text' THEN occh_cmp(${record} -> ${q.bind(path)}, ${q.bind(value)}) END)`;
  }
  if (typeof value === 'string') {
    return `(CASE ${type} WHEN 'text' THEN (json_extract(${record}, ${q.bind(path)}) > ${q.bind(value)}) - (json_extract(${record}, ${q.bind(path)}) < ${q.bind(value)}) WHEN 'integer' THEN occh_cmp(${record} -> ${q.bind(path)}, ${q.bind(value)}) WHEN 'real' THEN occh_cmp(${record} -> ${q.bind(path)}, ${q.bind(value)}) END)`;
  }
  return invalid(
    'value',
    value,
    'expression.condition-value',
    'a condition value must be a string, number or boolean',
    '条件取值必须是字符串、数字或布尔值',
  );
}

function resolve(value: FieldCondition['value'], dates: Dates): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    switch (value.ref) {
      case 'period-start':
        return dates.periodStart;
      case 'period-end':
        return dates.periodEnd;
      case 'reference-date':
        return dates.referenceDate;
      default:
        return invalid(
          'value.ref',
          (value as { ref: unknown }).ref,
          'expression.date-ref',
          'unknown date reference',
          '未知的日期引用',
        );
    }
  }
  return value;
}

/**
 * One field condition on the JSON record `record` (a fixed alias such as `f.record`), as a SQL
 * expression that is 1 or 0 — never NULL — with the semantics of the core's `matchesCondition`: a
 * missing (or JSON null) field satisfies only `missing` and `ne`.
 */
export function conditionSql(record: string, c: FieldCondition, dates: Dates, q: Params): string {
  const path = jsonPath(c.field);
  const present = () => `(coalesce(json_type(${record}, ${q.bind(path)}), 'null') <> 'null')`;
  const value = resolve(c.value, dates);
  switch (c.op) {
    case 'exists':
      return present();
    case 'missing':
      return `(NOT ${present()})`;
    case 'eq':
      return `coalesce(${comparison(record, path, value, q)} = 0, 0)`;
    case 'ne':
      return `coalesce(${comparison(record, path, value, q)} <> 0, 1)`;
    case 'gt':
      return `coalesce(${comparison(record, path, value, q)} > 0, 0)`;
    case 'gte':
      return `coalesce(${comparison(record, path, value, q)} >= 0, 0)`;
    case 'lt':
      return `coalesce(${comparison(record, path, value, q)} < 0, 0)`;
    case 'lte':
      return `coalesce(${comparison(record, path, value, q)} <= 0, 0)`;
    case 'in': {
      if (!Array.isArray(value)) {
        return invalid(
          'value',
          value,
          'expression.condition-value',
          'operator in needs an array of values',
          '运算符 in 需要取值数组',
        );
      }
      if (value.length === 0) return '0';
      return `(${value.map((v) => `coalesce(${comparison(record, path, v, q)} = 0, 0)`).join(' OR ')})`;
    }
    default:
      return invalid(
        'op',
        (c as { op: unknown }).op,
        'expression.condition-op',
        'unknown condition operator',
        '未知的条件运算符',
      );
  }
}

/** All conditions (AND), or `1` when there are none. */
export function conditionsSql(
  record: string,
  where: readonly FieldCondition[] | undefined,
  dates: Dates,
  q: Params,
): string {
  if (!where || where.length === 0) return '1';
  return where.map((c) => conditionSql(record, c, dates, q)).join(' AND ');
}

/**
 * "The employer (`employer` is a fixed SQL expression of its credit code) has a fact of `t.kind`
 * matching `t.where`, dated in `t.window`" — facts of any region — as `employer IN (…)` over an
 * uncorrelated subquery, which SQLite evaluates once (not once per employer); `negate` gives
 * `NOT IN` (the subquery never yields NULL, so `NOT IN` means "has none").
 */
/** The window of a fact test, validated. */
export function factWindow(t: FactTest): 'period' | 'to-date' {
  const window = t.window ?? 'period';
  if (window !== 'period' && window !== 'to-date') {
    invalid('window', window, 'expression.window', 'unknown fact window', '未知的事实时间窗');
  }
  return window;
}

/**
 * The earliest date a fact of test `t` may carry, as a SQL fragment `AND <col> >= ?` (empty for
 * `to-date`): the period's first day, or `addMonths(referenceDate, −withinMonths)` (the core's
 * `addMonths`, so month-end clamping agrees with the in-memory evaluator).
 */
export function factTestFromSql(t: FactTest, column: string, dates: Dates, q: Params): string {
  if (t.withinMonths !== undefined) {
    if (!Number.isInteger(t.withinMonths) || t.withinMonths < 1)
      invalid(
        'withinMonths',
        t.withinMonths,
        'expression.window',
        'withinMonths must be a positive integer',
        'withinMonths 必须是正整数',
      );
    return ` AND ${column} >= ${q.bind(addMonths(dates.referenceDate, -t.withinMonths))}`;
  }
  return factWindow(t) === 'period' ? ` AND ${column} >= ${q.bind(dates.periodStart)}` : '';
}

function factTestSql(
  employer: string,
  t: FactTest,
  dates: Dates,
  q: Params,
  alias: string,
  negate = false,
): string {
  const from = factTestFromSql(t, `${alias}.date`, dates, q);
  return `${employer} ${negate ? 'NOT IN' : 'IN'} (SELECT ${alias}.employer FROM facts ${alias} WHERE ${alias}.employer IS NOT NULL AND ${alias}.kind = ${q.bind(t.kind)} AND ${alias}.date <= ${q.bind(dates.referenceDate)}${from} AND ${conditionsSql(`${alias}.record`, t.where, dates, q)})`;
}

/**
 * The core's `isActiveOn(employer, referenceDate)` over an employer row `e`: not before its
 * registration; the latest status change on or before the date decides (`active`, or `suspended`
 * from a day on or after the suspension cut-off); before the first change (or without any), active
 * when the registration date is known, there is no history, or the first change is not to
 * `active` (the core's `statusOn`).
 */
export function activeSql(e: string, dates: Dates, q: Params): string {
  const ref = () => q.bind(dates.referenceDate);
  const registered = `json_extract(${e}.record, '$.registeredOn')`;
  return `(CASE
      WHEN ${registered} IS NOT NULL AND ${ref()} < ${registered} THEN 0
      ELSE coalesce((SELECT CASE json_extract(h.value, '$.status')
          WHEN 'active' THEN 1
          WHEN 'suspended' THEN json_extract(h.value, '$.from') >= ${q.bind(dates.suspensionCutoff)}
          ELSE 0 END
        FROM json_each(${e}.record, '$.statusHistory') h
        WHERE json_extract(h.value, '$.from') <= ${ref()}
        ORDER BY json_extract(h.value, '$.from') DESC LIMIT 1),
        ${registered} IS NOT NULL OR coalesce(json_extract(${e}.record, '$.statusHistory[0].status'), 'none') <> 'active')
    END)`;
}

/** GB/T 4754 sections counted as industrial (mining, manufacturing, utilities), as the core's `isIndustrial`. */
const INDUSTRIAL_SECTIONS = ['B', 'C', 'D'] as const;

/**
 * An employer predicate over the employer row aliased `e`, as a SQL boolean: the conjunction of
 * the core's clauses (`sizes`, `hazardLevels`, `hasHazardFactors`, `industrial`,
 * `industrySections`, `minEmployees`, `cohort`, `excludeIf`, `hasFact`, then `activeOn`, whose
 * status-history walk is the costliest and so runs last). Fact tests get aliases
 * derived from `e`, so two predicates in one statement never clash.
 */
export function employerPredicateSql(
  e: string,
  p: EmployerPredicate | undefined,
  dates: Dates,
  q: Params,
  /** Replaces the `IN (subquery)` form of fact tests, e.g. with precomputed per-employer flags. */
  factTest?: (t: FactTest, negate: boolean) => string,
): string {
  const parts: string[] = [];
  const activeOn = p?.activeOn ?? 'reference-date';
  if (activeOn !== 'reference-date' && activeOn !== 'any')
    invalid(
      'activeOn',
      activeOn,
      'expression.active-on',
      'unknown activeOn',
      '未知的 activeOn 取值',
    );
  if (p?.sizes) parts.push(`json_extract(${e}.record, '$.size') IN (${q.list(p.sizes)})`);
  if (p?.hazardLevels) {
    parts.push(
      `coalesce(json_extract(${e}.record, '$.hazardLevel'), 'none') IN (${q.list(p.hazardLevels)})`,
    );
  }
  if (p?.hasHazardFactors !== undefined) {
    parts.push(
      `(coalesce(json_array_length(${e}.record, '$.hazardFactors'), 0) > 0) = ${q.bind(p.hasHazardFactors ? 1 : 0)}`,
    );
  }
  const section = `substr(json_extract(${e}.record, '$.industry'), 1, 1)`;
  if (p?.industrial !== undefined) {
    parts.push(
      `coalesce(${section} IN (${q.list(INDUSTRIAL_SECTIONS)}), 0) = ${q.bind(p.industrial ? 1 : 0)}`,
    );
  }
  if (p?.industrySections) parts.push(`coalesce(${section} IN (${q.list(p.industrySections)}), 0)`);
  if (p?.minEmployees !== undefined) {
    parts.push(
      `coalesce(json_extract(${e}.record, '$.employees') >= ${q.bind(p.minEmployees)}, 0)`,
    );
  }
  const code = `${e}.credit_code`;
  let n = 0;
  const test = (t: FactTest, negate = false) =>
    factTest ? factTest(t, negate) : factTestSql(code, t, dates, q, `${e}f${++n}`, negate);
  if (p?.cohort) parts.push(test(p.cohort));
  for (const t of p?.excludeIf ?? []) parts.push(test(t, true));
  for (const t of p?.hasFact ?? []) parts.push(test(t));
  // Last: SQLite evaluates AND left to right, and the status-history walk (json_each per
  // employer) is the costliest clause; the cheap and selective ones above go first.
  if (activeOn === 'reference-date') parts.push(activeSql(e, dates, q));
  return parts.length === 0 ? '1' : parts.join(' AND ');
}
