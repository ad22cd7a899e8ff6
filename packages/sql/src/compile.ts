/**
 * @module sql/compile
 * The one compiler of the expression IR (`lowerLeaf` in `@occhealth/core`) to SQL, for every
 * dialect. `aggregateSteps(request, dialect)` is a generator: it yields each statement (rendered for
 * the dialect) and receives its rows, so the SQLite adapter drives it synchronously and the
 * PostgreSQL adapter asynchronously — the adapters only execute.
 *
 * Tables it reads (both adapters create them): `region_closure(ancestor, descendant, depth)`,
 * `employers(credit_code, region, record)`, `facts(id, kind, region, employer, date, record)`,
 * `data_values(data_element, region, period, record)`; `record` is the record as JSON.
 *
 * Statements: every `count-employers` leaf in ONE statement (the subtree's employers read once,
 * the status-history walk once per employer, each distinct fact test one flag column, each leaf a
 * conditional count); plain fact counts and sums in one statement per fact kind and date window
 * (each leaf a conditional aggregate column); fact leaves with an employer predicate or a distinct
 * key one statement each; data elements one statement each after a query for the periods present
 * (period ids are parsed by the core, so only the ids within the period are bound). Each filters
 * its records once (a `MATERIALIZED` CTE), groups them by their own region, then rolls the groups
 * up with `GROUP BY` over the closure table — every region of the subtree at once.
 */
import {
  type AggregateRequest,
  type AggregateResult,
  type Condition,
  type HasFactCondition,
  type LoweredFieldCondition,
  type LoweredLeaf,
  lowerLeaf,
  NotFoundError,
  type Operand,
  parsePeriod,
} from '@occhealth/core';
import { suspensionCutoff } from './active.js';
import type { Dialect } from './dialect.js';
import { type Exact, formatExact, toExact, ZERO } from './exact.js';
import { onePassLeaves } from './onepass.js';
import { Query, type Rendered } from './query.js';

/** A result row: column name → the driver's value. */
export type Row = Readonly<Record<string, unknown>>;

/** The steps of one aggregate: yields statements, receives their rows, returns the result. */
export type AggregateSteps = Generator<Rendered, AggregateResult, readonly Row[]>;

type Figures = Map<string, string | null>;

interface Context {
  readonly dialect: Dialect;
  readonly q: Query;
  /** Earliest suspension start still counted as active on the reference date. */
  readonly cutoff: string;
}

const INDUSTRIAL_SECTIONS = ['B', 'C', 'D'] as const;

/** The subtree of the root (`sub`) as the first CTE of every statement. */
function withSub(ctx: Context, root: string): string {
  return `WITH sub(code) AS (SELECT descendant FROM region_closure WHERE ancestor = ${ctx.q.bind(root, 'text')})`;
}

/** Roll per-region groups `g(region, …)` up to every ancestor in the subtree. */
const ROLLUP =
  'FROM g JOIN region_closure c ON c.descendant = g.region JOIN sub ON sub.code = c.ancestor GROUP BY c.ancestor';

const OPS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** A native (typed or derived) employer operand. */
function nativeOperand(ctx: Context, record: string, o: Operand): string {
  const { dialect: d, q } = ctx;
  switch (o.of) {
    case 'field':
      return d.column(record, o.path[0], o.type === 'integer' ? 'integer' : 'text');
    case 'industry-section':
      return d.industrySection(record);
    case 'industrial':
      return `coalesce(${d.industrySection(record)} IN (${q.list(INDUSTRIAL_SECTIONS, 'text')}), ${d.false})`;
    case 'has-hazard-factors':
      return d.hasHazardFactors(record);
  }
}

function typeOf(value: unknown) {
  return typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'numeric' : 'text';
}

/** The core's plain-decimal strings (they compare with numbers numerically). */
const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** A field condition over the JSON `record` (a fixed alias such as `f.record`), never NULL. */
function fieldSql(ctx: Context, record: string, c: LoweredFieldCondition): string {
  const { dialect: d, q } = ctx;
  if (c.operand.of === 'field' && c.operand.type === 'json') {
    const path = c.operand.path;
    const equals = (v: unknown): string =>
      typeof v === 'string' && !DECIMAL_STRING.test(v) && d.jsonEqualsText
        ? d.jsonEqualsText(record, path, v, q)
        : `coalesce(${d.jsonCompare(record, path, v as string | number | boolean, q)} = 0, ${d.false})`;
    switch (c.type) {
      case 'present':
        return c.present
          ? d.jsonPresent(record, path, q)
          : `(NOT ${d.jsonPresent(record, path, q)})`;
      case 'one-of':
        if (c.values.length === 0) return d.false;
        return `(${c.values.map(equals).join(' OR ')})`;
      case 'compare':
        if (c.op === 'eq') return equals(c.value);
        return `coalesce(${d.jsonCompare(record, path, c.value, q)} ${OPS[c.op]} 0, ${c.op === 'ne' ? d.true : d.false})`;
    }
  }
  const x = nativeOperand(ctx, record, c.operand);
  switch (c.type) {
    case 'present':
      return c.present ? `(${x} IS NOT NULL)` : `(${x} IS NULL)`;
    case 'one-of':
      if (c.values.length === 0) return d.false;
      return `coalesce(${x} IN (${c.values.map((v) => q.bind(v, typeOf(v))).join(', ')}), ${d.false})`;
    case 'compare': {
      const cmp = `${x} ${OPS[c.op]} ${q.bind(c.value, typeOf(c.value))}`;
      // The derived booleans are never NULL: no coalesce needed.
      if (c.operand.of === 'industrial' || c.operand.of === 'has-hazard-factors') return cmp;
      return `coalesce(${cmp}, ${c.op === 'ne' ? d.true : d.false})`;
    }
  }
}

/** All field conditions (AND) of a fact test's or leaf's `where`, or TRUE. */
function whereSql(ctx: Context, record: string, where: readonly LoweredFieldCondition[]): string {
  if (where.length === 0) return ctx.dialect.true;
  return where.map((c) => fieldSql(ctx, record, c)).join(' AND ');
}

/** The date bounds of a fact test or a leaf: ` AND <col> <= ? AND <col> >= ?`. */
function boundsSql(
  ctx: Context,
  column: string,
  from: string | undefined,
  to: string | undefined,
): string {
  return `${to === undefined ? '' : ` AND ${column} <= ${ctx.q.bind(to, 'date')}`}${from === undefined ? '' : ` AND ${column} >= ${ctx.q.bind(from, 'date')}`}`;
}

/**
 * "The employer has (no) fact of the test's kind …" as `employer [NOT] IN (…)` over an
 * uncorrelated subquery, evaluated once (not once per employer); the subquery never yields NULL,
 * so `NOT IN` means "has none".
 */
function hasFactSql(ctx: Context, code: string, t: HasFactCondition, alias: string): string {
  return `${code} ${t.negate ? 'NOT IN' : 'IN'} (SELECT ${alias}.employer FROM facts ${alias} WHERE ${alias}.employer IS NOT NULL AND ${alias}.kind = ${ctx.q.bind(t.kind, 'text')}${boundsSql(ctx, `${alias}.date`, t.from, t.to)} AND ${whereSql(ctx, `${alias}.record`, t.where)})`;
}

/**
 * Employer conditions over the employer row aliased `e`, as a SQL boolean. `active-on` goes last:
 * the status-history walk is the costliest clause, and SQLite evaluates AND left to right.
 */
function employerSql(
  ctx: Context,
  e: string,
  conditions: readonly Condition[],
  /** Replaces the `IN (subquery)` form of fact tests, e.g. with precomputed per-employer flags. */
  factTest?: (t: HasFactCondition) => string,
): string {
  const parts: string[] = [];
  let active: string | undefined;
  let n = 0;
  for (const c of conditions) {
    switch (c.type) {
      case 'active-on':
        active = ctx.dialect.active(e, c.date, ctx.cutoff, ctx.q);
        break;
      case 'has-fact':
        parts.push(factTest ? factTest(c) : hasFactSql(ctx, `${e}.credit_code`, c, `${e}f${++n}`));
        break;
      case 'date-range':
        throw new Error('a date-range condition never applies to an employer');
      default:
        parts.push(fieldSql(ctx, `${e}.record`, c));
    }
  }
  if (active !== undefined) parts.push(active);
  return parts.length === 0 ? ctx.dialect.true : parts.join(' AND ');
}

/** The date window of a fact leaf (its `date-range` conditions) and its field conditions. */
function splitFactConditions(leaf: LoweredLeaf): {
  from?: string;
  to?: string;
  where: LoweredFieldCondition[];
} {
  let from: string | undefined;
  let to: string | undefined;
  const where: LoweredFieldCondition[] = [];
  for (const c of leaf.conditions) {
    if (c.type === 'date-range') {
      if (c.from !== undefined) from = c.from;
      if (c.to !== undefined) to = c.to;
    } else if (c.type === 'compare' || c.type === 'present' || c.type === 'one-of') where.push(c);
    else throw new Error(`a ${c.type} condition never applies to a fact`);
  }
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), where };
}

function countOf(v: unknown): string {
  return formatExact(toExact(v ?? 0n) ?? ZERO);
}

/**
 * How the employer statement builds its per-employer fact flags: `scan` in ONE pass over the
 * facts the tests can match (one `GROUP BY employer`, every test a conditional flag), for a
 * subtree holding a large share of the store; `seek` by one index seek per employer and test
 * (small subtrees); `onepass` reads each table once and aggregates in JavaScript
 * (`onepass.ts`). All give the same figures; `auto` picks by the share of regions: `onepass` for
 * a large subtree where the dialect prefers it ({@link Dialect.onePass}), else `scan`; `seek` for
 * a small one.
 */
export type Strategy = 'auto' | 'scan' | 'seek' | 'onepass';

/** Options of {@link aggregateSteps}. */
export interface AggregateStepsOptions {
  /**
   * Default `auto`: for a subtree holding at least a quarter of the regions, `onepass` where the
   * dialect prefers it, else `scan`; otherwise `seek`.
   */
  readonly strategy?: Strategy;
}

/** The key of a fact test (its kind, window and field conditions; not its negation). */
function testKey(t: HasFactCondition): string {
  return JSON.stringify([t.kind, t.from ?? null, t.to ?? null, t.where]);
}

/**
 * The union of date windows as bounds: the latest `to` when every window has one, the earliest
 * `from` when every window has one.
 */
function unionWindow(windows: readonly { from?: string; to?: string }[]): {
  from?: string;
  to?: string;
} {
  const froms = windows.map((w) => w.from);
  const tos = windows.map((w) => w.to);
  const from = froms.every((f) => f !== undefined) ? (froms as string[]).sort()[0] : undefined;
  const to = tos.every((t) => t !== undefined) ? (tos as string[]).sort().at(-1) : undefined;
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/**
 * Every `count-employers` leaf in one statement; per leaf, region → count. Each distinct employer
 * condition is computed once per employer into a column of a narrow materialised `base` (the
 * status-history walk once, the JSON record never carried along); each distinct fact test is one
 * flag column — built in one pass over the facts (`scan`) or by one index seek per employer
 * (`seek`); each leaf is then a conditional count over those columns.
 */
function* countEmployers(
  dialect: Dialect,
  cutoff: string,
  leaves: readonly LoweredLeaf[],
  root: string,
  scan: boolean,
): Generator<Rendered, Figures[], readonly Row[]> {
  const ctx: Context = { dialect, q: new Query(), cutoff };
  const activeOn = leaves.flatMap((l) => l.conditions.filter((c) => c.type === 'active-on'))[0];
  const tests = new Map<string, { test: HasFactCondition; column: string }>();
  const conds = new Map<string, { sql: string; column: string }>();
  const columns = leaves.map((l, i) => {
    const parts: string[] = [];
    for (const c of l.conditions) {
      switch (c.type) {
        case 'active-on':
          parts.unshift('e.active');
          break;
        case 'has-fact': {
          const key = testKey(c);
          let entry = tests.get(key);
          if (!entry) {
            entry = { test: c, column: `t${tests.size}` };
            tests.set(key, entry);
          }
          parts.push(`e.${entry.column} = ${c.negate ? dialect.false : dialect.true}`);
          break;
        }
        case 'date-range':
          throw new Error('a date-range condition never applies to an employer');
        default: {
          const key = JSON.stringify(c);
          let entry = conds.get(key);
          if (!entry) {
            entry = { sql: fieldSql(ctx, 'e.record', c), column: `c${conds.size}` };
            conds.set(key, entry);
          }
          parts.push(`e.${entry.column}`);
        }
      }
    }
    const when = parts.length === 0 ? dialect.true : parts.join(' AND ');
    return `sum(CASE WHEN ${when} THEN 1 ELSE 0 END) AS v${i}`;
  });
  const active =
    activeOn?.type === 'active-on'
      ? dialect.active('e', activeOn.date, cutoff, ctx.q)
      : dialect.true;
  const condColumns = [...conds.values()].map(({ sql, column }) => `, ${sql} AS ${column}`);
  let flags = '';
  let flagJoin = '';
  let flagColumns: string[];
  const entries = [...tests.values()];
  if (scan && entries.length > 0) {
    // Only the rows some test can match: each distinct kind and window once.
    const windows = new Map<string, HasFactCondition>();
    for (const { test } of entries)
      windows.set(JSON.stringify([test.kind, test.from ?? null, test.to ?? null]), test);
    const rows = [...windows.values()].map(
      (t) => `(f.kind = ${ctx.q.bind(t.kind, 'text')}${boundsSql(ctx, 'f.date', t.from, t.to)})`,
    );
    const anyOf = entries.map(
      ({ test, column }) =>
        `${dialect.anyOf(`f.kind = ${ctx.q.bind(test.kind, 'text')}${boundsSql(ctx, 'f.date', test.from, test.to)} AND ${whereSql(ctx, 'f.record', test.where)}`)} AS ${column}`,
    );
    flags = `,
    flags AS MATERIALIZED (SELECT f.employer AS employer, ${anyOf.join(', ')}
      FROM facts f${dialect.flagsIndex}
      WHERE f.employer IS NOT NULL AND (${rows.join(' OR ')})
      GROUP BY f.employer)`;
    flagJoin = ' LEFT JOIN flags fl ON fl.employer = e.credit_code';
    flagColumns = entries.map(
      ({ column }) => `, coalesce(fl.${column}, ${dialect.false}) AS ${column}`,
    );
  } else {
    flagColumns = entries.map(
      ({ test, column }) =>
        `, EXISTS (SELECT 1 FROM facts f WHERE f.employer = e.credit_code AND f.kind = ${ctx.q.bind(test.kind, 'text')}${boundsSql(ctx, 'f.date', test.from, test.to)} AND ${whereSql(ctx, 'f.record', test.where)}) AS ${column}`,
    );
  }
  const text = `${withSub(ctx, root)}${flags},
    base AS MATERIALIZED (SELECT e.region AS region, ${active} AS active${condColumns.join('')}${flagColumns.join('')}
      FROM employers e${flagJoin} WHERE e.region IN (SELECT code FROM sub)),
    g AS (SELECT e.region AS region, ${columns.join(', ')} FROM base e GROUP BY e.region)
    SELECT c.ancestor AS region, ${leaves.map((_, i) => `sum(g.v${i}) AS v${i}`).join(', ')} ${ROLLUP}`;
  const rows = yield ctx.q.render(text, dialect);
  return leaves.map((_, i) => new Map(rows.map((r) => [r.region as string, countOf(r[`v${i}`])])));
}

/**
 * Fact counts and sums in one statement; per leaf, region → figure. With an employer predicate or
 * a distinct key, one leaf per statement; otherwise the leaves of one kind and window (several
 * kinds or windows also work: each leaf then tests its own in its conditional aggregate). A single
 * leaf's conditions filter in the statement's `WHERE`.
 */
function* factLeaves(
  dialect: Dialect,
  cutoff: string,
  leaves: readonly LoweredLeaf[],
  root: string,
): Generator<Rendered, Figures[], readonly Row[]> {
  const ctx: Context = { dialect, q: new Query(), cutoff };
  const first = leaves[0]!;
  const kindOf = (l: LoweredLeaf) => (l.source.type === 'facts' ? l.source.kind : '');
  const kinds = [...new Set(leaves.map(kindOf))];
  const windows = leaves.map((l) => splitFactConditions(l));
  // Several kinds or windows in one statement: each leaf tests its own kind and window.
  const mixed =
    kinds.length > 1 ||
    new Set(windows.map((w) => JSON.stringify([w.from ?? null, w.to ?? null]))).size > 1;
  const { from, to } = mixed ? unionWindow(windows) : windows[0]!;
  const where = windows[0]!.where;
  const single = leaves.length === 1;
  const employerJoin = first.employer ? ' JOIN employers e ON e.credit_code = f.employer' : '';
  const employerWhere = first.employer ? ` AND ${employerSql(ctx, 'e', first.employer)}` : '';
  const distinct = first.measure.type === 'count-distinct' ? first.measure : undefined;
  const kindSql =
    kinds.length === 1
      ? `f.kind = ${ctx.q.bind(kinds[0], 'text')}`
      : `f.kind IN (${ctx.q.list(kinds, 'text')})`;
  const filter = `${kindSql}${boundsSql(ctx, 'f.date', from, to)}
        AND f.region IN (SELECT code FROM sub)`;
  if (distinct) {
    const key =
      distinct.key === 'employer'
        ? 'f.employer'
        : dialect.jsonText('f.record', [distinct.key], ctx.q);
    // Distinct over the whole subtree of each ancestor: one employer with facts in two counties
    // counts once at their prefecture.
    const text = `${withSub(ctx, root)},
    m AS MATERIALIZED (SELECT f.region AS region, ${key} AS k FROM facts f${employerJoin}
      WHERE ${filter} AND ${whereSql(ctx, 'f.record', where)}${employerWhere}),
    g AS (SELECT DISTINCT region, k FROM m WHERE k IS NOT NULL)
    SELECT c.ancestor AS region, count(DISTINCT g.k) AS v0 ${ROLLUP}`;
    const rows = yield ctx.q.render(text, dialect);
    return [new Map(rows.map((r) => [r.region as string, countOf(r.v0)]))];
  }
  const columns: string[] = [];
  const rollups: string[] = [];
  leaves.forEach((leaf, i) => {
    const own = windows[i]!;
    const scope = mixed
      ? `f.kind = ${ctx.q.bind(kindOf(leaf), 'text')}${boundsSql(ctx, 'f.date', own.from, own.to)} AND `
      : '';
    const cond = single ? dialect.true : `${scope}${whereSql(ctx, 'f.record', own.where)}`;
    if (leaf.measure.type === 'sum') {
      const sum = dialect.sumField('f.record', leaf.measure.path, cond, `v${i}`, ctx.q);
      columns.push(...sum.columns);
      rollups.push(...sum.rollups);
    } else {
      columns.push(
        single ? `count(*) AS v${i}` : `sum(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS v${i}`,
      );
      rollups.push(`sum(g.v${i}) AS v${i}`);
    }
  });
  const text = `${withSub(ctx, root)},
    g AS (SELECT f.region AS region, ${columns.join(', ')} FROM facts f${employerJoin}
      WHERE ${filter}${single ? ` AND ${whereSql(ctx, 'f.record', where)}` : ''}${employerWhere}
      GROUP BY f.region)
    SELECT c.ancestor AS region, ${rollups.join(', ')} ${ROLLUP}`;
  const rows = yield ctx.q.render(text, dialect);
  return leaves.map((leaf, i) => {
    const read =
      leaf.measure.type === 'sum'
        ? (r: Row) => formatExact(dialect.readSum(r, `v${i}`))
        : (r: Row) => countOf(r[`v${i}`]);
    return new Map(rows.map((r) => [r.region as string, read(r)]));
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

/** One data element: the periods present, then the values of those within the period. */
function* dataElement(
  dialect: Dialect,
  cutoff: string,
  leaf: LoweredLeaf,
  root: string,
): Generator<Rendered, Figures, readonly Row[]> {
  const element = leaf.source.type === 'data-values' ? leaf.source.element : '';
  const pq = new Query();
  const periodRows = yield pq.render(
    `SELECT DISTINCT d.period AS period FROM data_values d WHERE d.data_element = ${pq.bind(element, 'text')}
        AND d.region IN (SELECT descendant FROM region_closure WHERE ancestor = ${pq.bind(root, 'text')})`,
    dialect,
  );
  const range = leaf.conditions.find((c) => c.type === 'date-range');
  const periods = periodRows
    .map((r) => r.period as string)
    .filter((id) => {
      const p = parsePeriod(id);
      return (
        range?.type !== 'date-range' ||
        ((range.from === undefined || p.start >= range.from) &&
          (range.to === undefined || p.end <= range.to))
      );
    })
    .sort(byLatest);
  if (periods.length === 0) return new Map();
  const ctx: Context = { dialect, q: new Query(), cutoff };
  const latest = leaf.measure.type === 'value' && leaf.measure.latest;
  const ranks = periods
    .map((p, i) => `(${ctx.q.bind(p, 'text')}, ${ctx.q.bind(i, 'integer')})`)
    .join(', ');
  const values = `SELECT d.region AS region, ${dialect.dataValue('d')} AS r, p.rk AS rk FROM data_values d JOIN p ON p.period = d.period
      WHERE d.data_element = ${ctx.q.bind(element, 'text')} AND d.region IN (SELECT code FROM sub)`;
  const m = latest
    ? `SELECT region, r FROM (SELECT region, r, row_number() OVER (PARTITION BY region ORDER BY rk) AS n FROM (${values}) AS v) AS w WHERE n = 1`
    : values;
  const head = `${withSub(ctx, root)}, p(period, rk) AS (VALUES ${ranks}), m AS MATERIALIZED (${m})`;
  const text =
    leaf.rollup.scope === 'self'
      ? `${head} SELECT region, ${dialect.decimalSum('r')} AS v FROM m GROUP BY region`
      : `${head}, g AS (SELECT region, ${dialect.decimalSum('r')} AS v FROM m GROUP BY region)
        SELECT c.ancestor AS region, ${dialect.decimalRollup('g.v')} AS v ${ROLLUP}`;
  const rows = yield ctx.q.render(text, dialect);
  return new Map(
    rows.map((r) => {
      const v = r.v;
      const exact: Exact | undefined = v === null || v === undefined ? undefined : toExact(v);
      return [r.region as string, exact === undefined ? null : formatExact(exact)];
    }),
  );
}

/**
 * The steps of an `aggregate()` request in a dialect, with exactly the semantics of the core's
 * in-memory path (`store/aggregate` documents them): per region of the subtree and per leaf, a
 * canonical decimal string (`"0"` for counts and sums without records, `null` for a data element
 * without values). Drive it with {@link runSync} or {@link runAsync}.
 * @throws NotFoundError when the request's region is not in the store; ValidationError (from the
 * core's lowering) for an expression outside the closed expression language.
 */
export function* aggregateSteps(
  request: AggregateRequest,
  dialect: Dialect,
  options: AggregateStepsOptions = {},
): AggregateSteps {
  const lowered = request.expressions.map(({ id, expression }) => ({
    id,
    leaf: lowerLeaf(expression, request),
  }));
  const cq = new Query();
  const codeRows = yield cq.render(
    `SELECT descendant AS code, (SELECT count(*) FROM region_closure WHERE depth = 0) AS total FROM region_closure WHERE ancestor = ${cq.bind(request.region, 'text')} ORDER BY depth, descendant`,
    dialect,
  );
  const codes = codeRows.map((r) => r.code as string);
  if (codes.length === 0) throw new NotFoundError('region', request.region, '区划');
  const cutoff = suspensionCutoff(request.referenceDate);
  const strategy = options.strategy ?? 'auto';
  const large = codes.length * 4 >= Number(codeRows[0]?.total ?? 0);
  const scan = strategy === 'scan' || (strategy === 'auto' && large);
  const got = new Map<string, Figures>();
  if (strategy === 'onepass' || (strategy === 'auto' && large && dialect.onePass)) {
    const passed = yield* onePassLeaves(
      request,
      dialect,
      lowered.filter((l) => l.leaf.source.type !== 'data-values'),
      codes,
    );
    // `undefined`: a row the one pass could not read back (see `onepass.ts`); the SQL form below.
    if (passed) {
      for (const [id, f] of passed) got.set(id, f);
      return yield* finish(dialect, cutoff, request, lowered, codes, got);
    }
  }
  const employers = lowered.filter((l) => l.leaf.source.type === 'employers');
  if (employers.length > 0) {
    const figures = yield* countEmployers(
      dialect,
      cutoff,
      employers.map((l) => l.leaf),
      request.region,
      scan,
    );
    for (const [i, l] of employers.entries()) got.set(l.id, figures[i]!);
  }
  // Plain fact counts and sums, one statement per kind and date window: the (kind, date) index
  // reads only their rows (measured: one statement over every kind, each leaf testing its own, is
  // about twice as slow in SQLite — every row pays every leaf's conditions).
  const groups = new Map<string, { id: string; leaf: LoweredLeaf }[]>();
  for (const l of lowered) {
    if (l.leaf.source.type !== 'facts') continue;
    const alone = l.leaf.employer !== undefined || l.leaf.measure.type === 'count-distinct';
    const { from, to } = splitFactConditions(l.leaf);
    const key = alone ? `#${l.id}` : JSON.stringify([l.leaf.source.kind, from ?? null, to ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  for (const members of groups.values()) {
    const figures = yield* factLeaves(
      dialect,
      cutoff,
      members.map((m) => m.leaf),
      request.region,
    );
    for (const [i, m] of members.entries()) got.set(m.id, figures[i]!);
  }
  return yield* finish(dialect, cutoff, request, lowered, codes, got);
}

/** The data elements (one statement each), then every figure of every region of the subtree. */
function* finish(
  dialect: Dialect,
  cutoff: string,
  request: AggregateRequest,
  lowered: readonly { id: string; leaf: LoweredLeaf }[],
  codes: readonly string[],
  got: Map<string, Figures>,
): AggregateSteps {
  for (const l of lowered)
    if (l.leaf.source.type === 'data-values')
      got.set(l.id, yield* dataElement(dialect, cutoff, l.leaf, request.region));
  const figures: Record<string, Record<string, string | null>> = {};
  for (const code of codes) figures[code] = {};
  for (const l of lowered) {
    const f = got.get(l.id);
    const empty = l.leaf.rollup.empty === 'null' ? null : '0';
    for (const code of codes) figures[code]![l.id] = f?.get(code) ?? empty;
  }
  return { figures };
}

/**
 * Drive a generator of steps ({@link aggregateSteps}, or the write glue's reads) with a
 * synchronous executor (better-sqlite3): each yielded step is executed and its rows sent back.
 */
export function runSync<Y, T, N>(steps: Generator<Y, T, N>, execute: (step: Y) => N): T {
  let next = steps.next(undefined as unknown as N);
  while (!next.done) next = steps.next(execute(next.value));
  return next.value;
}

/** Drive a generator of steps with an asynchronous executor (node-postgres); see {@link runSync}. */
export async function runAsync<Y, T, N>(
  steps: Generator<Y, T, N>,
  execute: (step: Y) => Promise<N>,
): Promise<T> {
  let next = steps.next(undefined as unknown as N);
  while (!next.done) next = steps.next(await execute(next.value));
  return next.value;
}
