/**
 * @module evaluate/memory
 * The in-memory path: read employers, facts and data values once, decide record by record whether
 * each counts for each leaf expression (and why not), then bucket the counted records by region
 * and roll them up the tree. The decisions double as the record-level explanation.
 */
import { Decimal } from 'decimal.js';
import { type DataValue, dataValueKey } from '../data/index.js';
import type { IsoDate } from '../date/index.js';
import { parseIndustryCode } from '../employer/classification.js';
import { type Employer, isActiveOn, isIndustrial } from '../employer/employer.js';
import type {
  Condition,
  DateRangeCondition,
  ExclusionReason,
  FieldCondition,
  HasFactCondition,
  LoweredLeaf,
  Operand,
} from '../expression/ir.js';
import { lowerEmployerPredicate, lowerFieldCondition, lowerLeaf } from '../expression/lower.js';
import type { Fact, FactKind } from '../facts/index.js';
import type {
  EmployerPredicate,
  FieldCondition as ExprFieldCondition,
  LeafExpression,
} from '../indicator/schema.js';
import { type Period, parsePeriod } from '../period/index.js';
import type { RegionTree } from '../region/index.js';
import type { AggregateRequest } from '../store/aggregate.js';
import type { Store } from '../store/port.js';

export type { ExclusionReason } from '../expression/ir.js';

/** One record's fate for one leaf expression. */
export interface RecordDecision {
  /** What kind of record was decided on. */
  readonly type: 'employer' | 'fact' | 'data-value' | 'region';
  /** Credit code, fact id, data-value key (`element|region|period`) or region code. */
  readonly id: string;
  /** Region the record is counted in. */
  readonly region: string;
  /** Contribution when counted (1 for a count, the field value for a sum). */
  readonly value?: Decimal;
  /** Distinct key (employer or institution) for distinct counts. */
  readonly key?: string;
  /** Set when the record is not counted. */
  readonly reason?: ExclusionReason;
  /** What exactly failed (a fact kind, a field condition, a nested reason). */
  readonly detail?: string;
  /** Period of a data value. */
  readonly period?: string;
}

/** The records read for one evaluation. */
export interface Snapshot {
  /** The stored region tree. */
  readonly tree: RegionTree;
  /** Code of the evaluated region (the subtree's root). */
  readonly root: string;
  /** The evaluated period. */
  readonly period: Period;
  /** The day employer status and "as of" conditions are judged on. */
  readonly referenceDate: IsoDate;
  /** Employers of the subtree by credit code. */
  readonly employers: ReadonlyMap<string, Employer>;
  /** Facts in the root subtree, dated up to the period's end. */
  readonly facts: readonly Fact[];
  /** Facts by employer (any region) of the kinds employer predicates test. */
  readonly factsByEmployer: ReadonlyMap<string, readonly Fact[]>;
  /** Data values of the subtree. */
  readonly dataValues: readonly DataValue[];
}

function kindsOf(leaves: Iterable<LeafExpression>): {
  subtree: Set<FactKind>;
  predicate: Set<FactKind>;
  toDate: boolean;
  elements: Set<string>;
} {
  const subtree = new Set<FactKind>();
  const predicate = new Set<FactKind>();
  const elements = new Set<string>();
  let toDate = false;
  const pred = (p: EmployerPredicate | undefined) => {
    for (const t of [
      ...(p?.cohort ? [p.cohort] : []),
      ...(p?.excludeIf ?? []),
      ...(p?.hasFact ?? []),
    ])
      predicate.add(t.kind);
  };
  for (const leaf of leaves) {
    if (leaf.op === 'count-employers') pred(leaf.where);
    else if (leaf.op === 'count-facts' || leaf.op === 'sum-field') {
      subtree.add(leaf.kind);
      if (leaf.window === 'to-date' || (leaf.op === 'count-facts' && leaf.withinMonths))
        toDate = true;
      pred(leaf.employer);
    } else elements.add(leaf.id);
  }
  return { subtree, predicate, toDate, elements };
}

/**
 * Read what the leaves need from the store: employers of the subtree (and of facts' employers
 * outside it), facts of the needed kinds, data values of the needed elements. With `allHistory`,
 * facts before the period are read too, so explanations can list them as outside the period.
 */
export async function readSnapshot(
  store: Store,
  tree: RegionTree,
  request: AggregateRequest,
  options: { allHistory?: boolean } = {},
): Promise<Snapshot> {
  const leaves = request.expressions.map((e) => e.expression);
  const { subtree, predicate, toDate, elements } = kindsOf(leaves);
  const employerList = await store.listEmployers({ region: request.region });
  const employers = new Map(employerList.map((e) => [e.creditCode, e as Employer]));
  const facts =
    subtree.size > 0
      ? await store.listFacts({
          region: request.region,
          kinds: [...subtree],
          to: request.periodEnd,
          ...(toDate || options.allHistory ? {} : { from: request.periodStart }),
        })
      : [];
  const predicateFacts =
    predicate.size > 0
      ? await store.listFacts({ kinds: [...predicate], to: request.referenceDate })
      : [];
  const factsByEmployer = new Map<string, Fact[]>();
  for (const f of predicateFacts) {
    const employer = 'employer' in f ? f.employer : undefined;
    if (employer === undefined) continue;
    let list = factsByEmployer.get(employer);
    if (!list) {
      list = [];
      factsByEmployer.set(employer, list);
    }
    list.push(f);
  }
  const missing = new Set<string>();
  for (const f of facts) {
    const employer = 'employer' in f ? f.employer : undefined;
    if (employer !== undefined && !employers.has(employer)) missing.add(employer);
  }
  for (const code of missing) {
    const e = await store.getEmployer(code);
    if (e) employers.set(code, e);
  }
  const dataValues =
    elements.size > 0
      ? await store.listDataValues({ region: request.region, dataElements: [...elements] })
      : [];
  return {
    tree,
    root: request.region,
    period: parsePeriod(request.period),
    referenceDate: request.referenceDate,
    employers,
    facts,
    factsByEmployer,
    dataValues,
  };
}

// ---------------------------------------------------------------------------------------------
// The interpreter of the lowered form (`expression/ir`)

/** The value of an operand on a record (an employer, a fact), or undefined when missing. */
function operandValue(record: object, o: Operand): unknown {
  switch (o.of) {
    case 'field': {
      const v = (record as Record<string, unknown>)[o.path[0]];
      if (o.path.length === 1) return v;
      return v !== null && typeof v === 'object'
        ? (v as Record<string, unknown>)[o.path[1]]
        : undefined;
    }
    case 'industry-section': {
      const industry = (record as Employer).industry;
      return industry === undefined ? undefined : parseIndustryCode(industry)?.section;
    }
    case 'industrial':
      return isIndustrial(record as Employer);
    case 'has-hazard-factors':
      return (record as Employer).hazardFactors.length > 0;
  }
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** -1 / 0 / 1, or undefined when the two are not comparable. */
function compareScalars(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' || typeof b === 'number') {
    const na = typeof a === 'number' ? a : typeof a === 'string' && NUMERIC.test(a) ? a : undefined;
    const nb = typeof b === 'number' ? b : typeof b === 'string' && NUMERIC.test(b) ? b : undefined;
    if (na === undefined || nb === undefined) return undefined;
    return new Decimal(na).comparedTo(nb);
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : undefined;
  return undefined;
}

/** Does the record satisfy a field condition (`compare`, `present`, `one-of`)? */
function fieldHolds(record: object, c: FieldCondition): boolean {
  const actual = operandValue(record, c.operand);
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

/**
 * Does a fact satisfy a field condition? A missing field satisfies only `missing` and `ne`.
 * Numbers compare numerically (a decimal-string field too, against a number), strings lexically.
 * @example
 * ```ts
 * const fact = parseFact({ id: 'i1', kind: 'inspection', region: '530102', date: '2025-03-01', problemsFound: 2 });
 * const snap = { period: parsePeriod('2025'), referenceDate: '2025-12-31' };
 * console.log(
 *   matchesCondition(fact, { field: 'problemsFound', op: 'gt', value: 1 }, snap),
 *   matchesCondition(fact, { field: 'institution', op: 'missing' }, snap),
 * );
 * // → true true
 * ```
 */
export function matchesCondition(
  fact: Fact,
  c: ExprFieldCondition,
  snap: Pick<Snapshot, 'period' | 'referenceDate'>,
): boolean {
  const dates = {
    periodStart: snap.period.start,
    periodEnd: snap.period.end,
    referenceDate: snap.referenceDate,
  };
  return fieldHolds(fact, lowerFieldCondition(c, dates));
}

function inRange(date: string, c: DateRangeCondition): boolean {
  return (c.from === undefined || date >= c.from) && (c.to === undefined || date <= c.to);
}

function hasMatchingFact(e: Employer, c: HasFactCondition, snap: Snapshot): boolean {
  return (snap.factsByEmployer.get(e.creditCode) ?? []).some(
    (f) =>
      f.kind === c.kind &&
      f.date <= c.to &&
      (c.from === undefined || f.date >= c.from) &&
      c.where.every((w) => fieldHolds(f, w)),
  );
}

/** Does a record (an employer, a fact, a data value) satisfy one condition of the closed form? */
function holds(record: object, c: Condition, snap: Snapshot): boolean {
  switch (c.type) {
    case 'compare':
    case 'present':
    case 'one-of':
      return fieldHolds(record, c);
    case 'active-on':
      return isActiveOn(record as Employer, c.date);
    case 'has-fact':
      return hasMatchingFact(record as Employer, c, snap) !== c.negate;
    case 'date-range':
      if (c.on === 'date') return inRange((record as Fact).date, c);
      {
        const p = parsePeriod((record as DataValue).period);
        return (c.from === undefined || p.start >= c.from) && (c.to === undefined || p.end <= c.to);
      }
  }
}

/** The detail an explanation shows for a failed condition. */
function detailOf(record: object, c: Condition): string | undefined {
  const d = c.detail;
  if (d === undefined) return undefined;
  if ('text' in d) return d.text;
  if ('record' in d)
    return d.record === 'date' ? (record as Fact).date : (record as DataValue).period;
  const v = operandValue(record, d.operand);
  return v === undefined || v === null ? '(none)' : String(v);
}

/** The first condition the record fails, as its reason and detail, or undefined when it passes. */
function firstFailure(
  record: object,
  conditions: readonly Condition[],
  snap: Snapshot,
): { reason: ExclusionReason; detail?: string } | undefined {
  for (const c of conditions) {
    if (holds(record, c, snap)) continue;
    const detail = detailOf(record, c);
    return detail === undefined ? { reason: c.reason } : { reason: c.reason, detail };
  }
  return undefined;
}

function datesOf(snap: Pick<Snapshot, 'period' | 'referenceDate'>) {
  return {
    periodStart: snap.period.start,
    periodEnd: snap.period.end,
    referenceDate: snap.referenceDate,
  };
}

/** The first clause of `p` the employer fails (with a detail), or undefined when it matches. */
export function employerExclusion(
  e: Employer,
  p: EmployerPredicate | undefined,
  snap: Snapshot,
): { reason: ExclusionReason; detail?: string } | undefined {
  return firstFailure(e, lowerEmployerPredicate(p, datesOf(snap)), snap);
}

// ---------------------------------------------------------------------------------------------
// Decisions per leaf

const ONE = new Decimal(1);

function numeric(v: unknown): Decimal | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return new Decimal(v);
  if (typeof v === 'string' && NUMERIC.test(v)) return new Decimal(v);
  return undefined;
}

/** Latest end, then shortest period first. */
function periodOrder(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (pa.end !== pb.end) return pa.end > pb.end ? -1 : 1;
  if (pa.start !== pb.start) return pa.start > pb.start ? -1 : 1;
  return 0;
}

function distinctKey(f: Fact, key: 'employer' | 'institution' | 'project'): string | undefined {
  const v = (f as unknown as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

function decideFacts(lowered: LoweredLeaf, kind: FactKind, snap: Snapshot): RecordDecision[] {
  const out: RecordDecision[] = [];
  const { measure } = lowered;
  for (const f of snap.facts) {
    if (f.kind !== kind) continue;
    const base = { type: 'fact' as const, id: f.id, region: f.region };
    const failed = firstFailure(f, lowered.conditions, snap);
    if (failed) {
      out.push({ ...base, ...failed });
      continue;
    }
    if (lowered.employer) {
      const code = distinctKey(f, 'employer');
      const e = code === undefined ? undefined : snap.employers.get(code);
      if (!e) {
        out.push({ ...base, reason: 'no-employer' });
        continue;
      }
      const ex = firstFailure(e, lowered.employer, snap);
      if (ex) {
        out.push({
          ...base,
          reason: 'employer-excluded',
          detail: ex.detail === undefined ? ex.reason : `${ex.reason}: ${ex.detail}`,
        });
        continue;
      }
    }
    switch (measure.type) {
      case 'sum': {
        const v = numeric(operandValue(f, { of: 'field', path: measure.path, type: 'json' }));
        out.push(
          v === undefined
            ? { ...base, reason: 'missing-field', detail: measure.field }
            : { ...base, value: v },
        );
        break;
      }
      case 'count-distinct': {
        const key = distinctKey(f, measure.key);
        out.push(
          key === undefined ? { ...base, reason: measure.reason } : { ...base, value: ONE, key },
        );
        break;
      }
      default:
        out.push({ ...base, value: ONE });
    }
  }
  return out;
}

function decideDataValues(lowered: LoweredLeaf, element: string, snap: Snapshot): RecordDecision[] {
  const out: RecordDecision[] = [];
  const latest = lowered.measure.type === 'value' && lowered.measure.latest;
  const own = new Map<string, DataValue[]>();
  const baseOf = (d: DataValue) => ({
    type: 'data-value' as const,
    id: dataValueKey(d),
    region: d.region,
    period: d.period,
  });
  for (const d of snap.dataValues) {
    if (d.dataElement !== element || !snap.tree.isWithin(d.region, snap.root)) continue;
    const failed = firstFailure(d, lowered.conditions, snap);
    if (failed) {
      out.push({ ...baseOf(d), ...failed });
      continue;
    }
    if (latest) {
      let list = own.get(d.region);
      if (!list) {
        list = [];
        own.set(d.region, list);
      }
      list.push(d);
      continue;
    }
    out.push({ ...baseOf(d), value: new Decimal(d.value) });
  }
  for (const list of own.values()) {
    list.sort((a, b) => periodOrder(a.period, b.period));
    list.forEach((d, i) => {
      out.push(
        i === 0
          ? { ...baseOf(d), value: new Decimal(d.value) }
          : { ...baseOf(d), reason: 'superseded', detail: list[0]!.period },
      );
    });
  }
  return out;
}

/**
 * Decide, record by record, whether each counts for the leaf (and why not): the leaf is lowered to
 * the closed form and each record of its source is tested against the conditions in order.
 */
export function decide(leaf: LeafExpression, snap: Snapshot): RecordDecision[] {
  const lowered = lowerLeaf(leaf, datesOf(snap));
  const { source } = lowered;
  switch (source.type) {
    case 'employers': {
      const out: RecordDecision[] = [];
      for (const e of snap.employers.values()) {
        if (!snap.tree.isWithin(e.region, snap.root)) continue;
        const ex = firstFailure(e, lowered.conditions, snap);
        out.push(
          ex
            ? { type: 'employer', id: e.creditCode, region: e.region, ...ex }
            : { type: 'employer', id: e.creditCode, region: e.region, value: ONE },
        );
      }
      return out;
    }
    case 'facts':
      return decideFacts(lowered, source.kind, snap);
    case 'data-values':
      return decideDataValues(lowered, source.element, snap);
  }
}

/**
 * Figures of one leaf at every region of the root's subtree, from its decisions: counts and sums
 * over the subtree (distinct keys distinct over the subtree), data elements `null` without values.
 */
export function figuresOf(
  leaf: LeafExpression,
  decisions: readonly RecordDecision[],
  snap: Snapshot,
): Map<string, Decimal | null> {
  const codes = snap.tree.subtreeCodes(snap.root);
  const out = new Map<string, Decimal | null>();
  const isData = leaf.op === 'data-element';
  if (leaf.op === 'count-facts' && leaf.distinct) {
    const sets = new Map<string, Set<string>>(codes.map((c) => [c, new Set<string>()]));
    for (const d of decisions) {
      if (d.reason !== undefined || d.key === undefined) continue;
      for (
        let code: string | null = d.region;
        code !== null;
        code = snap.tree.get(code)?.parent ?? null
      ) {
        sets.get(code)?.add(d.key);
        if (code === snap.root) break;
      }
    }
    for (const [c, s] of sets) out.set(c, new Decimal(s.size));
    return out;
  }
  const own = new Map<string, Decimal>();
  for (const d of decisions) {
    if (d.reason !== undefined || d.value === undefined) continue;
    own.set(d.region, (own.get(d.region) ?? new Decimal(0)).plus(d.value));
  }
  if (isData && leaf.scope === 'self') {
    for (const c of codes) out.set(c, own.get(c) ?? null);
    return out;
  }
  const total = new Map<string, Decimal | null>(
    codes.map((c) => [c, own.get(c) ?? (isData ? null : new Decimal(0))]),
  );
  for (let i = codes.length - 1; i > 0; i--) {
    const code = codes[i]!;
    const parent = snap.tree.get(code)?.parent;
    const v = total.get(code);
    if (parent === null || parent === undefined || v === null || v === undefined) continue;
    const p = total.get(parent);
    total.set(parent, p === null || p === undefined ? v : p.plus(v));
  }
  return total;
}

/**
 * The decisions relevant to region `code`: those of records in its subtree, with distinct
 * duplicates (second and later facts of the same employer or institution) marked `duplicate`.
 */
export function decisionsWithin(
  leaf: LeafExpression,
  decisions: readonly RecordDecision[],
  tree: RegionTree,
  code: string,
): RecordDecision[] {
  const inside = decisions.filter((d) => tree.isWithin(d.region, code));
  if (!(leaf.op === 'count-facts' && leaf.distinct)) return inside;
  const seen = new Set<string>();
  return inside.map((d) => {
    if (d.reason !== undefined || d.key === undefined) return d;
    if (seen.has(d.key))
      return { ...d, value: undefined, reason: 'duplicate' as const, detail: d.key };
    seen.add(d.key);
    return d;
  });
}
