/**
 * @module aggregate/aggregate
 * `aggregateSql(db, request)`: the `aggregate()` pushdown of the SQLite store. Each leaf
 * expression becomes one prepared statement that filters the records once (a `MATERIALIZED`
 * CTE), groups them by their own region, then rolls the groups up with `GROUP BY` over the
 * `region_closure(ancestor, descendant, depth)` table — every region of the subtree at once.
 *
 * SQL text comes only from the closed set of expression types, operators and clause names; every
 * value (region codes, dates, kinds, sizes, thresholds, JSON paths, data-element ids, periods) is a
 * bound parameter. Counts are SQLite integers read as `bigint`; sums of integer fields are SQLite
 * integer sums; decimal strings (and any non-integer number) are summed exactly by `occh_decsum`,
 * never as `REAL`.
 */

import { NotFoundError, parsePeriod, periodContains, ValidationError } from '@occhealth/core';
import type Database from 'better-sqlite3';
import { suspensionCutoff } from './active.js';
import {
  activeSql,
  conditionsSql,
  type Dates,
  employerPredicateSql,
  factTestFromSql,
  factWindow,
  jsonPath,
  Params,
} from './conditions.js';
import { addExact, formatExact, toExact, ZERO } from './exact.js';
import { registerFunctions } from './functions.js';
import type {
  AggregateRequest,
  AggregateResult,
  CountEmployersExpr,
  CountFactsExpr,
  DataElementExpr,
  FactTest,
  LeafExpression,
  SumFieldExpr,
} from './types.js';

type Figures = Map<string, string | null>;
type Row = { region: string; v: bigint | string | null; d?: string | null };

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function all(db: Database.Database, sql: string, q: Params): Row[] {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql).safeIntegers(true);
    if (cache.size >= 500) cache.clear();
    cache.set(sql, stmt);
  }
  return stmt.all(q.values) as Row[];
}

/** The subtree of the root (`sub`) as the first CTE of every statement. */
function withSub(q: Params, root: string): string {
  return `WITH sub(code) AS (SELECT descendant FROM region_closure WHERE ancestor = ${q.bind(root)})`;
}

/** Roll per-region groups `g(region, v)` up to every ancestor in the subtree. */
const ROLLUP =
  'FROM g JOIN region_closure c ON c.descendant = g.region JOIN sub ON sub.code = c.ancestor GROUP BY c.ancestor';

function invalid(path: string, value: unknown, message: string, messageZh: string): never {
  throw new ValidationError([{ path, value, rule: 'aggregate.expression', message, messageZh }]);
}

function countEmployers(
  db: Database.Database,
  leaf: CountEmployersExpr,
  root: string,
  dates: Dates,
): Row[] {
  const q = new Params();
  const sql = `${withSub(q, root)},
    m AS MATERIALIZED (SELECT e.region AS region FROM employers e
      WHERE e.region IN (SELECT code FROM sub) AND ${employerPredicateSql('e', leaf.where, dates, q)}),
    g AS (SELECT region, count(*) AS v FROM m GROUP BY region)
    SELECT c.ancestor AS region, sum(g.v) AS v ${ROLLUP}`;
  return all(db, sql, q);
}

/**
 * Every `count-employers` leaf of a request in ONE statement: the subtree's employers are read
 * once, with "active on the reference date" (the costly status-history walk) computed once per
 * employer, and each leaf is a conditional count column. Returns, per leaf, region → count.
 */
function countEmployersBatch(
  db: Database.Database,
  leaves: readonly CountEmployersExpr[],
  root: string,
  dates: Dates,
): Map<string, string>[] {
  const q = new Params();
  const needsActive = leaves.some(
    (l) => (l.where?.activeOn ?? 'reference-date') === 'reference-date',
  );
  // Every distinct fact test (cohort, excludeIf, hasFact) becomes one flag column per employer:
  // an EXISTS seek on facts(employer, kind, date), evaluated once per employer rather than as one
  // IN-subquery per leaf.
  const tests = new Map<string, { test: FactTest; column: string }>();
  const flag = (t: FactTest, negate: boolean): string => {
    const key = JSON.stringify([
      t.kind,
      t.window ?? 'period',
      t.withinMonths ?? null,
      t.where ?? [],
    ]);
    let entry = tests.get(key);
    if (!entry) {
      entry = { test: t, column: `t${tests.size}` };
      tests.set(key, entry);
    }
    return `e.${entry.column} = ${negate ? 0 : 1}`;
  };
  const columns = leaves.map((l, i) => {
    const wantsActive = (l.where?.activeOn ?? 'reference-date') === 'reference-date';
    const rest = employerPredicateSql('e', { ...l.where, activeOn: 'any' }, dates, q, flag);
    return `sum(CASE WHEN ${wantsActive ? 'e.active AND ' : ''}${rest} THEN 1 ELSE 0 END) AS v${i}`;
  });
  const flagColumns = [...tests.values()].map(({ test, column }) => {
    const from = factTestFromSql(test, 'f.date', dates, q);
    return `, EXISTS (SELECT 1 FROM facts f WHERE f.employer = e.credit_code AND f.kind = ${q.bind(test.kind)} AND f.date <= ${q.bind(dates.referenceDate)}${from} AND ${conditionsSql('f.record', test.where, dates, q)}) AS ${column}`;
  });
  const sql = `${withSub(q, root)},
    base AS MATERIALIZED (SELECT e.region AS region, e.credit_code AS credit_code, e.record AS record,
        ${needsActive ? activeSql('e', dates, q) : '1'} AS active${flagColumns.join('')}
      FROM employers e WHERE e.region IN (SELECT code FROM sub)),
    g AS (SELECT e.region AS region, ${columns.join(', ')} FROM base e GROUP BY e.region)
    SELECT c.ancestor AS region, ${leaves.map((_, i) => `sum(g.v${i}) AS v${i}`).join(', ')} ${ROLLUP}`;
  const rows = all(db, sql, q) as unknown as Record<string, bigint | string | null>[];
  return leaves.map((_, i) => {
    const out = new Map<string, string>();
    for (const r of rows) out.set(r.region as string, String(r[`v${i}`] ?? 0n));
    return out;
  });
}

/** The matching facts of a `count-facts` / `sum-field` leaf, with `extra` columns. */
function matchingFacts(
  leaf: CountFactsExpr | SumFieldExpr,
  root: string,
  dates: Dates,
  q: Params,
  extra: string,
): string {
  const window = leaf.window ?? 'period';
  if (window !== 'period' && window !== 'to-date')
    invalid('window', window, 'unknown fact window', '未知的事实时间窗');
  const employerJoin = leaf.employer ? ' JOIN employers e ON e.credit_code = f.employer' : '';
  const employerWhere = leaf.employer
    ? ` AND ${employerPredicateSql('e', leaf.employer, dates, q)}`
    : '';
  return `${withSub(q, root)},
    m AS MATERIALIZED (SELECT f.region AS region${extra} FROM facts f${employerJoin}
      WHERE f.kind = ${q.bind(leaf.kind)} AND f.date <= ${q.bind(dates.referenceDate)}${window === 'period' ? ` AND f.date >= ${q.bind(dates.periodStart)}` : ''}
        AND f.region IN (SELECT code FROM sub)
        AND ${conditionsSql('f.record', leaf.where, dates, q)}${employerWhere})`;
}

function countFacts(
  db: Database.Database,
  leaf: CountFactsExpr,
  root: string,
  dates: Dates,
): Row[] {
  const q = new Params();
  if (leaf.distinct === undefined) {
    const sql = `${matchingFacts(leaf, root, dates, q, '')},
      g AS (SELECT region, count(*) AS v FROM m GROUP BY region)
      SELECT c.ancestor AS region, sum(g.v) AS v ${ROLLUP}`;
    return all(db, sql, q);
  }
  let key: string;
  if (leaf.distinct === 'employer') key = 'f.employer';
  else if (leaf.distinct === 'institution' || leaf.distinct === 'project')
    key = `json_extract(f.record, ${q.bind(jsonPath(leaf.distinct))})`;
  else
    return invalid(
      'distinct',
      leaf.distinct,
      'distinct must be employer, institution or project',
      'distinct 须为 employer、institution 或 project',
    );
  // Distinct over the whole subtree of each ancestor: one employer with facts in two counties
  // counts once at their prefecture.
  const sql = `${matchingFacts(leaf, root, dates, q, `, ${key} AS k`)},
    g AS (SELECT DISTINCT region, k FROM m WHERE k IS NOT NULL)
    SELECT c.ancestor AS region, count(DISTINCT g.k) AS v ${ROLLUP}`;
  return all(db, sql, q);
}

function sumField(db: Database.Database, leaf: SumFieldExpr, root: string, dates: Dates): Row[] {
  const q = new Params();
  const path = q.bind(jsonPath(leaf.field));
  // Integer fields (the counts) sum as SQLite integers; decimal strings and any non-integer
  // number go through the exact `occh_decsum`; booleans, objects and missing fields add nothing.
  const sql = `${matchingFacts(leaf, root, dates, q, `, json_type(f.record, ${path}) AS t, json_extract(f.record, ${path}) AS x, f.record -> ${path} AS r`)},
    g AS (SELECT region,
        sum(x) FILTER (WHERE t = 'integer') AS v,
        occh_decsum(r) FILTER (WHERE t IN ('real', 'text')) AS d
      FROM m GROUP BY region)
    SELECT c.ancestor AS region, sum(g.v) AS v, occh_decsum(json_quote(g.d)) AS d ${ROLLUP}`;
  return all(db, sql, q);
}

/**
 * The `count-facts` (not distinct) and `sum-field` leaves of one fact kind and window, without an
 * employer predicate, in ONE statement: the kind's facts in the window are read once and each
 * leaf is a conditional aggregate column. Returns, per leaf, region → figure.
 */
function factLeavesBatch(
  db: Database.Database,
  kind: string,
  window: 'period' | 'to-date',
  leaves: readonly (CountFactsExpr | SumFieldExpr)[],
  root: string,
  dates: Dates,
): Figures[] {
  const q = new Params();
  const columns: string[] = [];
  const rollups: string[] = [];
  leaves.forEach((leaf, i) => {
    const cond = conditionsSql('m.record', leaf.where, dates, q);
    if (leaf.op === 'count-facts') {
      columns.push(`sum(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS v${i}`);
      rollups.push(`sum(g.v${i}) AS v${i}`);
      return;
    }
    // As sumField: integers sum as SQLite integers, decimal strings and non-integer numbers
    // exactly through occh_decsum, anything else adds nothing.
    const path = q.bind(jsonPath(leaf.field));
    const type = `json_type(m.record, ${path})`;
    columns.push(
      `sum(json_extract(m.record, ${path})) FILTER (WHERE ${type} = 'integer' AND ${cond}) AS v${i}`,
      `occh_decsum(m.record -> ${path}) FILTER (WHERE ${type} IN ('real', 'text') AND ${cond}) AS d${i}`,
    );
    rollups.push(`sum(g.v${i}) AS v${i}`, `occh_decsum(json_quote(g.d${i})) AS d${i}`);
  });
  const sql = `${withSub(q, root)},
    m AS MATERIALIZED (SELECT f.region AS region, f.record AS record FROM facts f
      WHERE f.kind = ${q.bind(kind)} AND f.date <= ${q.bind(dates.referenceDate)}${window === 'period' ? ` AND f.date >= ${q.bind(dates.periodStart)}` : ''}
        AND f.region IN (SELECT code FROM sub)),
    g AS (SELECT region, ${columns.join(', ')} FROM m GROUP BY region)
    SELECT c.ancestor AS region, ${rollups.join(', ')} ${ROLLUP}`;
  const rows = all(db, sql, q) as unknown as Record<string, bigint | string | null>[];
  return leaves.map((leaf, i) => {
    const out: Figures = new Map();
    for (const r of rows) {
      const region = r.region as string;
      if (leaf.op === 'count-facts') {
        out.set(region, String(r[`v${i}`] ?? 0n));
      } else {
        const ints = toExact(r[`v${i}`] ?? 0n) ?? ZERO;
        const d = r[`d${i}`];
        const decimals = (typeof d === 'string' ? toExact(d) : undefined) ?? ZERO;
        out.set(region, formatExact(addExact(ints, decimals)));
      }
    }
    return out;
  });
}

/** Latest end first, then latest start (the shorter period), then period id. */
function byLatest(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (pa.end !== pb.end) return pa.end > pb.end ? -1 : 1;
  if (pa.start !== pb.start) return pa.start > pb.start ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function dataElement(
  db: Database.Database,
  leaf: DataElementExpr,
  root: string,
  period: string,
): Row[] {
  const mode = leaf.mode ?? 'sum';
  const scope = leaf.scope ?? 'subtree';
  if (mode !== 'sum' && mode !== 'latest')
    invalid('mode', mode, 'mode must be sum or latest', 'mode 须为 sum 或 latest');
  if (scope !== 'subtree' && scope !== 'self')
    invalid('scope', scope, 'scope must be subtree or self', 'scope 须为 subtree 或 self');
  // Period ids are parsed by the core, so only the ids within the period are bound as parameters.
  const pq = new Params();
  const periods = (
    all(
      db,
      `SELECT DISTINCT d.period AS region, NULL AS v FROM data_values d WHERE d.data_element = ${pq.bind(leaf.id)}
        AND d.region IN (SELECT descendant FROM region_closure WHERE ancestor = ${pq.bind(root)})`,
      pq,
    ) as Row[]
  )
    .map((r) => r.region)
    .filter((p) => periodContains(parsePeriod(period), p))
    .sort(byLatest);
  if (periods.length === 0) return [];
  const q = new Params();
  const ranks = periods.map((p, i) => `(${q.bind(p)}, ${q.bind(i)})`).join(', ');
  const values = `SELECT d.region AS region, d.record -> '$.value' AS r, p.rk AS rk FROM data_values d JOIN p ON p.period = d.period
      WHERE d.data_element = ${q.bind(leaf.id)} AND d.region IN (SELECT code FROM sub)`;
  const m =
    mode === 'sum'
      ? values
      : `SELECT region, r FROM (SELECT region, r, row_number() OVER (PARTITION BY region ORDER BY rk) AS n FROM (${values})) WHERE n = 1`;
  const head = `${withSub(q, root)}, p(period, rk) AS (VALUES ${ranks}), m AS MATERIALIZED (${m})`;
  const sql =
    scope === 'self'
      ? `${head} SELECT region, occh_decsum(r) AS v FROM m GROUP BY region`
      : `${head}, g AS (SELECT region, occh_decsum(r) AS v FROM m GROUP BY region)
        SELECT c.ancestor AS region, occh_decsum(json_quote(g.v)) AS v ${ROLLUP}`;
  return all(db, sql, q);
}

function figuresOf(
  db: Database.Database,
  leaf: LeafExpression,
  request: AggregateRequest,
  dates: Dates,
): Figures {
  const out: Figures = new Map();
  switch (leaf.op) {
    case 'count-employers':
      for (const r of countEmployers(db, leaf, request.region, dates))
        out.set(r.region, String(r.v ?? 0n));
      return out;
    case 'count-facts':
      for (const r of countFacts(db, leaf, request.region, dates))
        out.set(r.region, String(r.v ?? 0n));
      return out;
    case 'sum-field':
      for (const r of sumField(db, leaf, request.region, dates)) {
        const ints = toExact(r.v ?? 0n) ?? ZERO;
        const decimals = (typeof r.d === 'string' ? toExact(r.d) : undefined) ?? ZERO;
        out.set(r.region, formatExact(addExact(ints, decimals)));
      }
      return out;
    case 'data-element':
      for (const r of dataElement(db, leaf, request.region, request.period))
        out.set(r.region, r.v === null ? null : String(r.v));
      return out;
    default:
      return invalid('op', (leaf as { op: unknown }).op, 'not a leaf expression', '不是叶子表达式');
  }
}

/**
 * Compute the figures of an {@link AggregateRequest} in SQL, with exactly the semantics of the
 * core's in-memory path (`store/aggregate` documents them): per region of the subtree and per leaf
 * expression, a canonical decimal string (`"0"` for counts and sums without records, `null` for a
 * data element without values).
 * @throws NotFoundError when the request's region is not in the store; ValidationError for an
 * expression outside the closed expression language.
 * @example
 * const { figures } = aggregateSql(db, request);
 * figures['530102']['{"op":"count-employers",…}'] // '17'
 */
export function aggregateSql(db: Database.Database, request: AggregateRequest): AggregateResult {
  registerFunctions(db);
  const codes = (
    db
      .prepare(
        'SELECT descendant AS code FROM region_closure WHERE ancestor = ? ORDER BY depth, descendant',
      )
      .all(request.region) as {
      code: string;
    }[]
  ).map((r) => r.code);
  if (codes.length === 0) throw new NotFoundError('region', request.region, '区划');
  const dates: Dates = {
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    referenceDate: request.referenceDate,
    suspensionCutoff: suspensionCutoff(request.referenceDate),
  };
  const figures: Record<string, Record<string, string | null>> = {};
  for (const code of codes) figures[code] = {};
  const employerCounts = request.expressions.filter(
    (e): e is typeof e & { expression: CountEmployersExpr } =>
      e.expression.op === 'count-employers',
  );
  const batched = new Map<string, Figures>();
  if (employerCounts.length > 0) {
    const got = countEmployersBatch(
      db,
      employerCounts.map((e) => e.expression),
      request.region,
      dates,
    );
    for (const [i, e] of employerCounts.entries()) batched.set(e.id, got[i]!);
  }
  // Plain fact counts and sums, grouped by kind and window, one statement per group.
  const groups = new Map<string, { id: string; leaf: CountFactsExpr | SumFieldExpr }[]>();
  for (const { id, expression: leaf } of request.expressions) {
    if (leaf.op !== 'sum-field' && leaf.op !== 'count-facts') continue;
    if (leaf.employer !== undefined || (leaf.op === 'count-facts' && leaf.distinct !== undefined))
      continue;
    const key = JSON.stringify([leaf.kind, factWindow(leaf)]);
    groups.set(key, [...(groups.get(key) ?? []), { id, leaf }]);
  }
  for (const members of groups.values()) {
    const first = members[0]!.leaf;
    const got = factLeavesBatch(
      db,
      first.kind,
      factWindow(first),
      members.map((m) => m.leaf),
      request.region,
      dates,
    );
    for (const [i, m] of members.entries()) batched.set(m.id, got[i]!);
  }
  for (const { id, expression } of request.expressions) {
    const got = batched.get(id) ?? figuresOf(db, expression, request, dates);
    const empty = expression.op === 'data-element' ? null : '0';
    for (const code of codes) figures[code]![id] = got.get(code) ?? empty;
  }
  return { figures };
}
