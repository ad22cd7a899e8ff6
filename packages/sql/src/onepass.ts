/**
 * @module sql/onepass
 * The one-pass form of `aggregate()` for a subtree holding a large share of the store: ONE scan of
 * the employers, ONE scan of the facts for every fact leaf and every fact test of the plan (only
 * the kinds and date windows some leaf or test can match), each row handed over as one packed
 * text holding only what the leaves and tests read; the leaves' conditions compiled once per
 * request into JavaScript closures, a per-employer flag per distinct fact test, integer counts per
 * region in typed arrays and the rollup over the region tree in memory. Data elements keep their
 * SQL statements (`compile.ts`).
 *
 * Semantics are those of the core's in-memory evaluator (`evaluate/memory`), read from the same
 * values: a row's fields arrive as one JSON array of the texts the store wrote (`JSON.stringify`
 * of the record), parsed back with `JSON.parse`, so a condition sees exactly the value the
 * in-memory path sees (an absent field arrives as `null`, which every condition, sum and distinct
 * key treats as missing, as it does `undefined`); "active on" is the dialect's status-history
 * walk (the SQL form's, computed in the employer scan); numbers compare and sum as exact decimals
 * (`exact.ts`). Integer sums stay JavaScript numbers only while every partial sum is a safe
 * integer, and fall back to exact decimals otherwise.
 *
 * SQLite's `auto` for a large subtree ({@link Dialect.onePass}): measured on the bench's default
 * size (200 k employers, 352 k fact rows read), faster than both the SQL form and the fastest
 * hand-written SQL, once each row crosses to JavaScript as one value (the driver's cost is per
 * value, not per byte). PostgreSQL keeps the SQL form (its adapter never asks for this one); the
 * `onepass` strategy of `aggregateSteps` asks for it, and SQLite's pushdown property test
 * runs it on random stores.
 */
import {
  type AggregateRequest,
  type Condition,
  type Employer,
  type HasFactCondition,
  isIndustrial,
  type LoweredFieldCondition,
  type LoweredLeaf,
  type Operand,
  parseIndustryCode,
} from '@occhealth/core';
import { suspensionCutoff } from './active.js';
import type { Dialect } from './dialect.js';
import { addExact, compareExact, type Exact, formatExact, toExact, ZERO } from './exact.js';
import { Query, type Rendered } from './query.js';

/** A row of a one-pass scan: the selected columns in order (a driver's raw row). */
type RawRow = readonly unknown[];

/** A statement whose rows the executor returns as arrays of column values (`raw`). */
export interface RawRendered extends Rendered {
  /** Rows as arrays of values in column order instead of objects. */
  readonly raw: true;
  /**
   * The statement selects one column: each row is that column's value alone (better-sqlite3's
   * `pluck`), not an array.
   */
  readonly pluck?: true;
}

/**
 * The rows of a scan as arrays, whatever the driver returned (objects keep column order). A driver
 * that honoured `raw` already returned arrays: those rows are used as they are, without a copy of
 * the (up to millions of entries long) row list.
 */
function rawRows(rows: readonly unknown[]): readonly RawRow[] {
  if (rows.every(Array.isArray)) return rows as readonly RawRow[];
  return rows.map((r) => (Array.isArray(r) ? r : Object.values(r as object)));
}

/**
 * The rows of a one-column scan as that column's values: a driver that honoured `pluck` returned
 * them so; an object or array row gives its first value.
 */
function pluckedRows(rows: readonly unknown[]): readonly unknown[] {
  const first = rows[0];
  if (first === null || typeof first !== 'object') return rows;
  return rows.map(plucked);
}

/** One row of a one-column scan as that column's value (see {@link pluckedRows}). */
function plucked(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  return Array.isArray(row) ? row[0] : Object.values(row as object)[0];
}

/**
 * The separator of the packed scans (U+001F, the unit separator). A scan hands each row to
 * JavaScript as ONE text — fixed-width flags and the date first, then the region, the employer
 * and the fields' JSON texts, each after a separator — because the driver's cost is per value
 * (measured with better-sqlite3 at the bench's default size: 352 k fact rows of four columns
 * 640–960 ms as arrays, 300–340 ms as one text each, 196 ms to only count them). JSON text
 * never holds a raw control character, nor do the store's codes; should a row hold one anyway,
 * it splits into more parts than its columns, and the one pass gives way to the SQL form
 * ({@link onePassLeaves} returns `undefined`), so a figure is never read from a misaligned row.
 */
const US = '\u001f';

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** The core's `compareScalars`: exact decimals when either side is a number. */
function compareScalars(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' || typeof b === 'number') {
    if (typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a)) {
      if (Number.isSafeInteger(b)) return a < b ? -1 : a > b ? 1 : 0;
    }
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

/** The core's `fieldHolds` over an operand's value (undefined or null = missing). */
function valueHolds(actual: unknown, c: LoweredFieldCondition): boolean {
  const present = actual !== undefined && actual !== null;
  if (c.type === 'present') return present === c.present;
  if (!present) return c.type === 'compare' && c.op === 'ne';
  if (c.type === 'one-of') return c.values.some((x) => compareScalars(actual, x) === 0);
  const cmp = compareScalars(actual, c.value);
  switch (c.op) {
    case 'eq':
      return cmp === 0;
    case 'ne':
      return cmp !== 0;
    case 'gt':
      return cmp !== undefined && cmp > 0;
    case 'gte':
      return cmp !== undefined && cmp >= 0;
    case 'lt':
      return cmp !== undefined && cmp < 0;
    case 'lte':
      return cmp !== undefined && cmp <= 0;
  }
}

/** The value at a one- or two-key path below a top-level field's value. */
function below(top: unknown, path: readonly string[]): unknown {
  if (path.length === 1) return top;
  return top !== null && typeof top === 'object'
    ? (top as Record<string, unknown>)[path[1]!]
    : undefined;
}

/** The top-level JSON keys of the record selected by a scan, each one column. */
class Columns {
  readonly keys: string[] = [];
  readonly #index = new Map<string, number>();
  /** Kinds of fact that need the key (facts only; `undefined` = every row). */
  readonly kinds = new Map<string, Set<string>>();
  at(key: string, kind?: string): number {
    let i = this.#index.get(key);
    if (i === undefined) {
      i = this.keys.push(key) - 1;
      this.#index.set(key, i);
      this.kinds.set(key, new Set());
    }
    if (kind !== undefined) this.kinds.get(key)!.add(kind);
    return i;
  }
}

/** A row's value of a top-level field (its column in the scan), parsed at most once. */
type Reader = (column: number) => unknown;

/** A compiled field condition over a record's columns. */
type RowTest = (read: Reader) => boolean;

function fieldTest(c: LoweredFieldCondition, columns: Columns, kind?: string): RowTest {
  const o = c.operand;
  if (o.of !== 'field') throw new Error(`a ${o.of} operand never applies to a fact`);
  const col = columns.at(o.path[0], kind);
  const path = o.path;
  return (read) => valueHolds(below(read(col), path), c);
}

/** The employer operands the one pass derives (not plain fields). */
function employerOperand(
  o: Operand,
  columns: Columns,
): { col: number; value: (top: unknown, hazard: boolean) => unknown } {
  switch (o.of) {
    case 'field': {
      const path = o.path;
      return { col: columns.at(o.path[0]), value: (top) => below(top, path) };
    }
    case 'industry-section':
      return {
        col: columns.at('industry'),
        value: (top) => (typeof top === 'string' ? parseIndustryCode(top)?.section : undefined),
      };
    case 'industrial':
      return {
        col: columns.at('industry'),
        value: (top) =>
          isIndustrial({ industry: typeof top === 'string' ? top : undefined } as Employer),
      };
    case 'has-hazard-factors':
      return { col: -1, value: (_top, hazard) => hazard };
  }
}

/** Integer sums per region while exact as numbers, exact decimals beside them otherwise. */
class Sums {
  readonly ints: Float64Array;
  readonly exact = new Map<number, Exact>();
  constructor(n: number) {
    this.ints = new Float64Array(n);
  }
  add(region: number, v: unknown): boolean {
    if (typeof v === 'number' && Number.isSafeInteger(v)) {
      const t = this.ints[region]! + v;
      if (Number.isSafeInteger(t)) {
        this.ints[region] = t;
        return true;
      }
      this.#addExact(region, { units: BigInt(v), scale: 0 });
      return true;
    }
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' || !NUMERIC.test(v))
      return false;
    const e = toExact(v);
    if (e === undefined) return false;
    this.#addExact(region, e);
    return true;
  }
  #addExact(region: number, e: Exact): void {
    this.exact.set(region, addExact(this.exact.get(region) ?? ZERO, e));
  }
  /** Add each region's total into its parent's, deepest first. */
  rollup(parents: Int32Array): void {
    for (let i = parents.length - 1; i > 0; i--) {
      const p = parents[i]!;
      if (p < 0) continue;
      const t = this.ints[p]! + this.ints[i]!;
      if (Number.isSafeInteger(t)) this.ints[p] = t;
      else this.#addExact(p, { units: BigInt(this.ints[i]!), scale: 0 });
      const e = this.exact.get(i);
      if (e !== undefined) this.#addExact(p, e);
    }
  }
  format(region: number): string {
    const e = this.exact.get(region);
    const n = this.ints[region]!;
    if (e === undefined) return n === 0 ? '0' : String(n);
    return formatExact(addExact(e, { units: BigInt(n), scale: 0 }));
  }
}

/** A fact leaf in the one pass. */
interface FactLeafPlan {
  readonly id: string;
  readonly kind: string;
  readonly from?: string;
  readonly to?: string;
  readonly where: RowTest[];
  readonly measure: LoweredLeaf['measure'];
  readonly employer?: readonly Condition[];
  /** Column of the summed field, or of the distinct key other than the employer. */
  readonly col: number;
  readonly path: readonly string[];
}

/** A fact test (of `has-fact` conditions) in the one pass: one flag per employer. */
interface TestPlan {
  readonly kind: string;
  readonly from?: string;
  readonly to?: string;
  readonly where: RowTest[];
  readonly flags: Uint8Array;
}

/**
 * The one-pass steps of an `aggregate()` request's employer and fact leaves (no data elements),
 * for the region subtree `codes` (depth order, as `compile.ts` reads them) with their parents.
 * Yields three statements (regions' parents, employers, facts); returns figures per leaf id and
 * region code.
 */
export function* onePassLeaves(
  request: AggregateRequest,
  dialect: Dialect,
  leaves: readonly { id: string; leaf: LoweredLeaf }[],
  codes: readonly string[],
): Generator<Rendered, Map<string, Map<string, string>> | undefined, readonly unknown[]> {
  const regionIndex = new Map<string, number>(codes.map((c, i) => [c, i]));
  const pq = new Query();
  const parentRows = rawRows(
    yield raw(
      pq.render(
        `SELECT c.descendant AS code, r.parent AS parent FROM region_closure c JOIN regions r ON r.code = c.descendant WHERE c.ancestor = ${pq.bind(request.region, 'text')}`,
        dialect,
      ),
    ),
  );
  const parents = new Int32Array(codes.length).fill(-1);
  for (const [code, parent] of parentRows) {
    const i = regionIndex.get(code as string);
    if (i === undefined || i === 0) continue;
    parents[i] = parent === null ? -1 : (regionIndex.get(parent as string) ?? -1);
  }
  const nRegions = codes.length;

  // -- compile the leaves -------------------------------------------------------------------
  const empColumns = new Columns();
  const factColumns = new Columns();
  const tests = new Map<string, TestPlan>();
  const testOf = (t: HasFactCondition): TestPlan => {
    const key = JSON.stringify([t.kind, t.from ?? null, t.to ?? null, t.where]);
    let plan = tests.get(key);
    if (!plan) {
      plan = {
        kind: t.kind,
        ...(t.from === undefined ? {} : { from: t.from }),
        to: t.to,
        where: t.where.map((w) => fieldTest(w, factColumns, t.kind)),
        flags: new Uint8Array(0),
      };
      tests.set(key, plan);
    }
    return plan;
  };
  /** Employer conditions as closures over an employer's index (filled once the scans are in). */
  type EmpTest = (e: number) => boolean;
  const empTests: (() => EmpTest)[] = [];
  const activeDates: string[] = [];
  const compileEmployer = (conditions: readonly Condition[]): (() => EmpTest) => {
    const parts: (() => EmpTest)[] = conditions.map((c) => {
      switch (c.type) {
        case 'active-on': {
          const date = c.date;
          if (!activeDates.includes(date)) activeDates.push(date);
          return () => {
            const bits = activeBits[activeDates.indexOf(date)]!;
            return (e) => bits[e] === 1;
          };
        }
        case 'has-fact': {
          const plan = testOf(c);
          const want = c.negate ? 0 : 1;
          return () => {
            const flags = plan.flags;
            return (e) => flags[e] === want;
          };
        }
        case 'date-range':
          throw new Error('a date-range condition never applies to an employer');
        default: {
          const op = employerOperand(c.operand, empColumns);
          return () => {
            const tops = empValues[Math.max(op.col, 0)];
            return (e) =>
              valueHolds(op.value(op.col < 0 ? undefined : tops?.[e], hazard[e] === 1), c);
          };
        }
      }
    });
    return () => {
      const built = parts.map((p) => p());
      const n = built.length;
      return (e) => {
        for (let i = 0; i < n; i++) if (!built[i]!(e)) return false;
        return true;
      };
    };
  };
  const employerLeaves: { id: string; test: () => EmpTest }[] = [];
  const factLeaves: FactLeafPlan[] = [];
  for (const { id, leaf } of leaves) {
    if (leaf.source.type === 'employers') {
      const test = compileEmployer(leaf.conditions);
      employerLeaves.push({ id, test });
      empTests.push(test);
    } else if (leaf.source.type === 'facts') {
      const kind = leaf.source.kind;
      let from: string | undefined;
      let to: string | undefined;
      const where: RowTest[] = [];
      for (const c of leaf.conditions) {
        if (c.type === 'date-range') {
          if (c.from !== undefined) from = c.from;
          if (c.to !== undefined) to = c.to;
        } else if (c.type === 'compare' || c.type === 'present' || c.type === 'one-of')
          where.push(fieldTest(c, factColumns, kind));
        else throw new Error(`a ${c.type} condition never applies to a fact`);
      }
      const m = leaf.measure;
      const path =
        m.type === 'sum'
          ? m.path
          : m.type === 'count-distinct' && m.key !== 'employer'
            ? [m.key]
            : undefined;
      factLeaves.push({
        id,
        kind,
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        where,
        measure: m,
        ...(leaf.employer ? { employer: leaf.employer } : {}),
        col: path === undefined ? -1 : factColumns.at(path[0]!, kind),
        path: path ?? [],
      });
    }
  }
  const factEmployerTests = factLeaves.map((l) =>
    l.employer ? compileEmployer(l.employer) : undefined,
  );

  // -- employers ------------------------------------------------------------------------------
  const eq = new Query();
  const needEmployers = employerLeaves.length > 0 || factLeaves.some((l) => l.employer);
  // One text per employer: the hazard flag and one "active on" flag per date ('1' / '0'), then
  // the region, the credit code and the fields' JSON texts after separators. "Active on" is the
  // dialect's status-history walk in SQL (the SQL form's): cheaper than carrying each history to
  // JavaScript.
  const empSep = () => eq.bind(US, 'text');
  const flag = (cond: string) => `(CASE WHEN ${cond} THEN '1' ELSE '0' END)`;
  const empPack = [
    flag(dialect.hasHazardFactors('e.record')),
    ...activeDates.map((d) => flag(dialect.active('e', d, suspensionCutoff(d), eq))),
    'e.region',
    empSep(),
    'e.credit_code',
    ...(empColumns.keys.length === 0
      ? []
      : [empSep(), dialect.jsonRawArray('e.record', empColumns.keys, eq)]),
  ];
  const empRows = needEmployers
    ? pluckedRows(
        yield packed(eq.render(`SELECT ${empPack.join(' || ')} AS p FROM employers e`, dialect)),
      )
    : [];
  const nEmp = empRows.length;
  const empIndex = new Map<string, number>();
  const empRegion = new Int32Array(nEmp);
  const hazard = new Uint8Array(nEmp);
  const empValues: unknown[][] = empColumns.keys.map(() => new Array<unknown>(nEmp));
  const activeBits = activeDates.map(() => new Uint8Array(nEmp));
  const nActive = activeDates.length;
  const nValues = empValues.length;
  for (let e = 0; e < nEmp; e++) {
    const row = empRows[e];
    if (typeof row !== 'string') return undefined;
    // Parts: flags and region; the credit code; the fields (when any leaf reads one).
    const first = row.indexOf(US, 1 + nActive);
    const second = first < 0 ? -1 : row.indexOf(US, first + 1);
    if (first < 0 || (nValues === 0) !== second < 0) return undefined;
    if (second >= 0 && row.indexOf(US, second + 1) >= 0) return undefined;
    hazard[e] = row.charCodeAt(0) === 49 /* 1 */ ? 1 : 0;
    for (let a = 0; a < nActive; a++) activeBits[a]![e] = row.charCodeAt(1 + a) === 49 ? 1 : 0;
    empRegion[e] = regionIndex.get(row.slice(1 + nActive, first)) ?? -1;
    empIndex.set(second < 0 ? row.slice(first + 1) : row.slice(first + 1, second), e);
    if (nValues > 0) {
      const values = jsonArray(row.slice(second + 1), nValues);
      if (!values) return undefined;
      for (let k = 0; k < nValues; k++) empValues[k]![e] = values[k];
    }
  }
  for (const t of tests.values()) (t as { flags: Uint8Array }).flags = new Uint8Array(nEmp);

  // -- facts: one scan for every test and leaf ------------------------------------------------
  const fq = new Query();
  const windows = new Map<string, { kind: string; from?: string; to?: string }>();
  for (const w of [...tests.values(), ...factLeaves])
    windows.set(JSON.stringify([w.kind, w.from ?? null, w.to ?? null]), w);
  const counts = factLeaves.map((l) =>
    l.measure.type === 'sum' ? undefined : new Float64Array(nRegions),
  );
  const sums = factLeaves.map((l) => (l.measure.type === 'sum' ? new Sums(nRegions) : undefined));
  const distinct = factLeaves.map((l) =>
    l.measure.type === 'count-distinct' ? new Map<number, Set<string>>() : undefined,
  );
  /** Facts of leaves with an employer predicate, decided once every flag is known. */
  const deferred = factLeaves.map(() => [] as { e: number; region: number; key: unknown }[]);
  if (windows.size > 0) {
    const where = [...windows.values()].map(
      (w) =>
        `(f.kind = ${fq.bind(w.kind, 'text')}${w.to === undefined ? '' : ` AND f.date <= ${fq.bind(w.to, 'date')}`}${w.from === undefined ? '' : ` AND f.date >= ${fq.bind(w.from, 'date')}`})`,
    );
    // Per kind (by its number in the scan): the tests and leaves that read its facts.
    const kinds = [...new Set([...windows.values()].map((w) => w.kind))];
    const kindWidth = String(kinds.length - 1).length;
    const byKind = kinds.map(() => ({ tests: [] as TestPlan[], leaves: [] as number[] }));
    for (const t of tests.values()) byKind[kinds.indexOf(t.kind)]!.tests.push(t);
    factLeaves.forEach((l, i) => {
      byKind[kinds.indexOf(l.kind)]!.leaves.push(i);
    });
    // The fields each kind's tests and leaves read, in column order, and each column's place
    // among its kind's fields (-1: the kind never reads it).
    const kindKeys = kinds.map((k) =>
      factColumns.keys.filter((c) => factColumns.kinds.get(c)!.has(k)),
    );
    const placeOf = kindKeys.map((keys) =>
      Int32Array.from(factColumns.keys, (c) => keys.indexOf(c)),
    );
    // One text per fact: the kind's number (fixed width, a literal of the statement) and the
    // date, then the region, the employer and the JSON array of its kind's fields after
    // separators.
    const kindNumber = `(CASE f.kind${kinds.map((k, i) => ` WHEN ${fq.bind(k, 'text')} THEN '${String(i).padStart(kindWidth, '0')}'`).join('')} END)`;
    const fields = kinds
      .map((k, i) =>
        kindKeys[i]!.length === 0
          ? ''
          : ` WHEN ${fq.bind(k, 'text')} THEN ${dialect.jsonRawArray('f.record', kindKeys[i]!, fq)}`,
      )
      .join('');
    const factPack = [
      kindNumber,
      dialect.dateText('f.date'),
      'f.region',
      fq.bind(US, 'text'),
      "coalesce(f.employer, '')",
      fq.bind(US, 'text'),
      fields === '' ? "''" : `coalesce(CASE f.kind${fields} END, '')`,
    ];
    const select = `SELECT ${factPack.join(' || ')} AS p FROM facts f${dialect.scanHint} WHERE (${where.join(' OR ')})`;
    /** The scan's statement, over the rows whose key is within `lo`–`hi` when given. */
    const factScan = (lo?: bigint, hi?: bigint): Rendered => {
      if (lo === undefined || hi === undefined) return fq.render(select, dialect);
      // A marker not in the text is not rendered: each slice's bounds are bound afresh.
      return fq.render(
        `${select} AND ${dialect.rowKey} BETWEEN ${fq.bind(lo, 'integer')} AND ${fq.bind(hi, 'integer')}`,
        dialect,
      );
    };
    const dateEnd = kindWidth + 10;
    // An employer's facts tend to sit together in the table (written by one import of its
    // records): the last lookup answers the next row's more often than not, without hashing
    // the code into a map of every employer.
    let lastCode = '';
    let lastEmployer: number | undefined;
    const employerOf = (code: string): number | undefined => {
      if (code !== lastCode) {
        lastCode = code;
        lastEmployer = empIndex.get(code);
      }
      return lastEmployer;
    };
    // The row's fields, parsed on the first read.
    let values: readonly unknown[] | undefined;
    let fieldsText = '';
    let expected = 0;
    let places = new Int32Array(0);
    let bad = false;
    const read: Reader = (c) => {
      if (values === undefined) {
        values = expected === 0 ? [] : jsonArray(fieldsText, expected);
        if (values === undefined) {
          bad = true;
          values = [];
        }
      }
      const at = places[c]!;
      return at < 0 ? undefined : values[at];
    };
    /** Reads one fact row into the flags and counts; false: it does not read back. */
    const take = (got: unknown): boolean => {
      const row = plucked(got);
      if (typeof row !== 'string') return false;
      // Three parts: kind, date and region; the employer; the fields (no split: one array less
      // per row).
      const first = row.indexOf(US, dateEnd);
      const second = first < 0 ? -1 : row.indexOf(US, first + 1);
      if (second < 0 || row.indexOf(US, second + 1) >= 0) return false;
      // The date is `YYYY-MM-DD` (a `CHECK` of the schema); a row without one there is not read.
      if (row.charCodeAt(dateEnd - 3) !== 45 /* - */) return false;
      const k = kindWidth === 1 ? row.charCodeAt(0) - 48 : Number(row.slice(0, kindWidth));
      const s = byKind[k];
      if (s === undefined) return false;
      values = undefined;
      fieldsText = row.slice(second + 1);
      expected = kindKeys[k]!.length;
      places = placeOf[k]!;
      const date = row.slice(kindWidth, dateEnd);
      const employer = second === first + 1 ? null : row.slice(first + 1, second);
      if (employer !== null && s.tests.length > 0) {
        const e = employerOf(employer);
        if (e !== undefined) {
          for (const t of s.tests) {
            if (t.flags[e] === 1) continue;
            if (t.to !== undefined && date > t.to) continue;
            if (t.from !== undefined && date < t.from) continue;
            if (all(t.where, read)) t.flags[e] = 1;
          }
        }
      }
      if (s.leaves.length === 0) return true;
      const region = regionIndex.get(row.slice(dateEnd, first));
      if (region === undefined) return true;
      for (const i of s.leaves) {
        const l = factLeaves[i]!;
        if (l.to !== undefined && date > l.to) continue;
        if (l.from !== undefined && date < l.from) continue;
        if (!all(l.where, read)) continue;
        const m = l.measure;
        const key =
          m.type === 'count-distinct'
            ? m.key === 'employer'
              ? employer
              : below(read(l.col), l.path)
            : m.type === 'sum'
              ? below(read(l.col), l.path)
              : undefined;
        if (l.employer) {
          const e = employer === null ? undefined : employerOf(employer);
          if (e !== undefined) deferred[i]!.push({ e, region, key });
          continue;
        }
        count(i, region, key);
      }
      return !bad;
    };
    if (dialect.rowKey === undefined) {
      for (const got of (yield packed(factScan())) as readonly unknown[])
        if (!take(got)) return undefined;
    } else {
      // In slices of the row key (SQLite's rowid): each slice's rows are held, never the whole
      // table's (held at once, a national store's 1.7 M rows took ≈ 300 MiB more; a streamed
      // `iterate()` was 13 % slower than `all()`). The bounds are `bigint` (a rowid may exceed
      // 2^53); after each slice a seek to the next row skips any gap, so a sparse key costs two
      // statements per slice that holds a row, never a statement per empty slice.
      const key = dialect.rowKey;
      const nextRow = (after: bigint | undefined) => {
        const nq = new Query();
        return nq.render(
          `SELECT min(${key}) AS lo FROM facts f${after === undefined ? '' : ` WHERE ${key} > ${nq.bind(after, 'integer')}`}`,
          dialect,
        );
      };
      const keyOf = (rows: readonly RawRow[]): bigint | undefined => {
        const v = rows[0]?.[0];
        return v === null || v === undefined ? undefined : BigInt(v as bigint | number);
      };
      for (let lo = keyOf(rawRows(yield raw(nextRow(undefined)))); lo !== undefined; ) {
        const hi = lo + SLICE_SPAN > MAX_ROWID ? MAX_ROWID : lo + SLICE_SPAN;
        const got = (yield packed(factScan(lo, hi))) as readonly unknown[];
        for (let r = 0; r < got.length; r++) if (!take(got[r])) return undefined;
        const next = keyOf(rawRows(yield raw(nextRow(hi))));
        // The key only grows, so the loop ends; an executor answering otherwise is a bug.
        if (next !== undefined && next <= hi) throw new Error('the facts row key did not advance');
        lo = next;
      }
    }
  }
  function count(i: number, region: number, key: unknown): void {
    const m = factLeaves[i]!.measure;
    if (m.type === 'sum') sums[i]!.add(region, key);
    else if (m.type === 'count-distinct') {
      if (typeof key !== 'string') return;
      const sets = distinct[i]!;
      for (let r = region; r >= 0; r = parents[r]!) {
        let set = sets.get(r);
        if (!set) {
          set = new Set();
          sets.set(r, set);
        }
        set.add(key);
      }
    } else counts[i]![region]! += 1;
  }
  factLeaves.forEach((_l, i) => {
    const build = factEmployerTests[i];
    if (!build) return;
    const test = build();
    const memo = new Int8Array(nEmp);
    for (const { e, region, key } of deferred[i]!) {
      if (memo[e] === 0) memo[e] = test(e) ? 1 : -1;
      if (memo[e] === 1) count(i, region, key);
    }
  });

  // -- employer leaves ------------------------------------------------------------------------
  const out = new Map<string, Map<string, string>>();
  const fold = (own: Float64Array): void => {
    for (let i = own.length - 1; i > 0; i--) {
      const p = parents[i]!;
      if (p >= 0) own[p]! += own[i]!;
    }
  };
  const emit = (id: string, at: (r: number) => string): void => {
    const m = new Map<string, string>();
    for (let r = 0; r < nRegions; r++) m.set(codes[r]!, at(r));
    out.set(id, m);
  };
  for (const { id, test } of employerLeaves) {
    const t = test();
    const own = new Float64Array(nRegions);
    for (let e = 0; e < nEmp; e++) {
      const r = empRegion[e]!;
      if (r >= 0 && t(e)) own[r]! += 1;
    }
    fold(own);
    emit(id, (r) => String(own[r]));
  }
  factLeaves.forEach((l, i) => {
    if (l.measure.type === 'sum') {
      const s = sums[i]!;
      s.rollup(parents);
      emit(l.id, (r) => s.format(r));
    } else if (l.measure.type === 'count-distinct') {
      const sets = distinct[i]!;
      emit(l.id, (r) => String(sets.get(r)?.size ?? 0));
    } else {
      const own = counts[i]!;
      fold(own);
      emit(l.id, (r) => String(own[r]));
    }
  });
  return out;
}

/**
 * The values of a packed JSON array of `n` fields, as the in-memory path holds them (`JSON.parse`
 * of the stored text), or `undefined` when the text is not such an array.
 */
function jsonArray(text: string, n: number): readonly unknown[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Array.isArray(v) && v.length === n ? v : undefined;
}

function all(tests: readonly RowTest[], read: Reader): boolean {
  for (let i = 0; i < tests.length; i++) if (!tests[i]!(read)) return false;
  return true;
}

function raw(r: Rendered): RawRendered {
  return { ...r, raw: true };
}

function packed(r: Rendered): RawRendered {
  return { ...r, raw: true, pluck: true };
}

/** Rowids per slice of the facts scan (SQLite) − 1; a slice's rows are held at once. */
const SLICE_SPAN = 65_535n;
/** SQLite's largest rowid. */
const MAX_ROWID = 9_223_372_036_854_775_807n;
