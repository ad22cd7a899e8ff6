/**
 * @module evaluate/memory
 * The in-memory path: read employers, facts and data values once, decide record by record whether
 * each counts for each leaf expression (and why not), then bucket the counted records by region
 * and roll them up the tree. The decisions double as the record-level explanation.
 */
import { Decimal } from 'decimal.js';
import { type DataValue, dataValueKey } from '../data/index.js';
import { addMonths, type IsoDate } from '../date/index.js';
import { parseIndustryCode } from '../employer/classification.js';
import { type Employer, isActiveOn, isIndustrial } from '../employer/employer.js';
import type { Fact, FactKind } from '../facts/index.js';
import type {
  EmployerPredicate,
  FactTest,
  FieldCondition,
  LeafExpression,
} from '../indicator/schema.js';
import { type Period, parsePeriod, periodContains } from '../period/index.js';
import type { RegionTree } from '../region/index.js';
import type { AggregateRequest } from '../store/aggregate.js';
import type { Store } from '../store/port.js';

/** Why a record was not counted. */
export type ExclusionReason =
  | 'inactive'
  | 'size'
  | 'hazard-level'
  | 'hazard-factors'
  | 'industrial'
  | 'industry-section'
  | 'employees'
  | 'not-in-cohort'
  | 'excluded-by-fact'
  | 'missing-fact'
  | 'outside-period'
  | 'after-reference-date'
  | 'condition'
  | 'no-employer'
  | 'no-institution'
  | 'no-project'
  | 'employer-excluded'
  | 'missing-field'
  | 'duplicate'
  | 'superseded'
  | 'condition-not-met'
  | 'no-data';

/** One record's fate for one leaf expression. */
export interface RecordDecision {
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
  readonly tree: RegionTree;
  readonly root: string;
  readonly period: Period;
  readonly referenceDate: IsoDate;
  readonly employers: ReadonlyMap<string, Employer>;
  /** Facts in the root subtree, dated up to the period's end. */
  readonly facts: readonly Fact[];
  /** Facts by employer (any region) of the kinds employer predicates test. */
  readonly factsByEmployer: ReadonlyMap<string, readonly Fact[]>;
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
      if (leaf.window === 'to-date') toDate = true;
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
// Field conditions

function fieldValue(fact: Fact, field: string): unknown {
  const [top, sub] = field.split('.') as [string, string | undefined];
  const v = (fact as unknown as Record<string, unknown>)[top];
  if (sub === undefined) return v;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[sub] : undefined;
}

function resolve(
  value: FieldCondition['value'],
  snap: Pick<Snapshot, 'period' | 'referenceDate'>,
): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return value.ref === 'period-start'
      ? snap.period.start
      : value.ref === 'period-end'
        ? snap.period.end
        : snap.referenceDate;
  }
  return value;
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

/**
 * Does a fact satisfy a field condition? A missing field satisfies only `missing` and `ne`.
 * Numbers compare numerically (a decimal-string field too, against a number), strings lexically.
 */
export function matchesCondition(
  fact: Fact,
  c: FieldCondition,
  snap: Pick<Snapshot, 'period' | 'referenceDate'>,
): boolean {
  const actual = fieldValue(fact, c.field);
  const present = actual !== undefined && actual !== null;
  if (c.op === 'exists') return present;
  if (c.op === 'missing') return !present;
  if (!present) return c.op === 'ne';
  const v = resolve(c.value, snap);
  if (c.op === 'in') return (v as unknown[]).some((x) => compareScalars(actual, x) === 0);
  const cmp = compareScalars(actual, v);
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

function failedCondition(
  fact: Fact,
  where: readonly FieldCondition[] | undefined,
  snap: Snapshot,
): FieldCondition | undefined {
  return where?.find((c) => !matchesCondition(fact, c, snap));
}

function inWindow(
  date: IsoDate,
  window: 'period' | 'to-date' | undefined,
  snap: Pick<Snapshot, 'period' | 'referenceDate'>,
): boolean {
  if (date > snap.referenceDate) return false;
  return window === 'to-date' || date >= snap.period.start;
}

function conditionText(c: FieldCondition): string {
  return `${c.field} ${c.op}${c.value === undefined ? '' : ` ${JSON.stringify(c.value)}`}`;
}

// ---------------------------------------------------------------------------------------------
// Employer predicate

/** Is `date` in the window of fact test `t` (its `withinMonths`, else its `window`)? */
function inTestWindow(
  date: IsoDate,
  t: FactTest,
  snap: Pick<Snapshot, 'period' | 'referenceDate'>,
): boolean {
  if (t.withinMonths === undefined) return inWindow(date, t.window, snap);
  return date <= snap.referenceDate && date >= addMonths(snap.referenceDate, -t.withinMonths);
}

function hasMatchingFact(e: Employer, t: FactTest, snap: Snapshot): boolean {
  return (snap.factsByEmployer.get(e.creditCode) ?? []).some(
    (f) =>
      f.kind === t.kind &&
      inTestWindow(f.date, t, snap) &&
      failedCondition(f, t.where, snap) === undefined,
  );
}

/** The first clause of `p` the employer fails (with a detail), or undefined when it matches. */
export function employerExclusion(
  e: Employer,
  p: EmployerPredicate | undefined,
  snap: Snapshot,
): { reason: ExclusionReason; detail?: string } | undefined {
  if ((p?.activeOn ?? 'reference-date') === 'reference-date' && !isActiveOn(e, snap.referenceDate))
    return { reason: 'inactive', detail: snap.referenceDate };
  if (!p) return undefined;
  if (p.sizes && !p.sizes.includes(e.size)) return { reason: 'size', detail: e.size };
  if (p.hazardLevels && !p.hazardLevels.includes(e.hazardLevel))
    return { reason: 'hazard-level', detail: e.hazardLevel };
  if (p.hasHazardFactors !== undefined && e.hazardFactors.length > 0 !== p.hasHazardFactors)
    return { reason: 'hazard-factors' };
  if (p.industrial !== undefined && isIndustrial(e) !== p.industrial)
    return { reason: 'industrial', detail: e.industry ?? '(none)' };
  if (p.industrySections) {
    const section = e.industry === undefined ? undefined : parseIndustryCode(e.industry)?.section;
    if (section === undefined || !p.industrySections.includes(section))
      return { reason: 'industry-section', detail: section ?? '(none)' };
  }
  if (p.minEmployees !== undefined && (e.employees === undefined || e.employees < p.minEmployees)) {
    return { reason: 'employees', detail: String(e.employees ?? '(none)') };
  }
  if (p.cohort && !hasMatchingFact(e, p.cohort, snap))
    return { reason: 'not-in-cohort', detail: p.cohort.kind };
  for (const t of p.excludeIf ?? [])
    if (hasMatchingFact(e, t, snap)) return { reason: 'excluded-by-fact', detail: t.kind };
  for (const t of p.hasFact ?? [])
    if (!hasMatchingFact(e, t, snap)) return { reason: 'missing-fact', detail: t.kind };
  return undefined;
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

/** Decide, record by record, whether each counts for the leaf (and why not). */
export function decide(leaf: LeafExpression, snap: Snapshot): RecordDecision[] {
  const out: RecordDecision[] = [];
  switch (leaf.op) {
    case 'count-employers': {
      for (const e of snap.employers.values()) {
        if (!snap.tree.isWithin(e.region, snap.root)) continue;
        const ex = employerExclusion(e, leaf.where, snap);
        out.push(
          ex
            ? { type: 'employer', id: e.creditCode, region: e.region, ...ex }
            : { type: 'employer', id: e.creditCode, region: e.region, value: ONE },
        );
      }
      return out;
    }
    case 'count-facts':
    case 'sum-field': {
      for (const f of snap.facts) {
        if (f.kind !== leaf.kind) continue;
        const base = { type: 'fact' as const, id: f.id, region: f.region };
        if (f.date > snap.referenceDate) {
          out.push({ ...base, reason: 'after-reference-date', detail: f.date });
          continue;
        }
        if (!inWindow(f.date, leaf.window, snap)) {
          out.push({ ...base, reason: 'outside-period', detail: f.date });
          continue;
        }
        const failed = failedCondition(f, leaf.where, snap);
        if (failed) {
          out.push({ ...base, reason: 'condition', detail: conditionText(failed) });
          continue;
        }
        const employerCode = 'employer' in f ? f.employer : undefined;
        if (leaf.employer) {
          const e = employerCode === undefined ? undefined : snap.employers.get(employerCode);
          if (!e) {
            out.push({ ...base, reason: 'no-employer' });
            continue;
          }
          const ex = employerExclusion(e, leaf.employer, snap);
          if (ex) {
            out.push({
              ...base,
              reason: 'employer-excluded',
              detail: ex.detail === undefined ? ex.reason : `${ex.reason}: ${ex.detail}`,
            });
            continue;
          }
        }
        if (leaf.op === 'sum-field') {
          const v = numeric(fieldValue(f, leaf.field));
          out.push(
            v === undefined
              ? { ...base, reason: 'missing-field', detail: leaf.field }
              : { ...base, value: v },
          );
          continue;
        }
        if (leaf.distinct) {
          const key =
            leaf.distinct === 'employer'
              ? employerCode
              : leaf.distinct === 'project'
                ? 'project' in f
                  ? f.project
                  : undefined
                : 'institution' in f
                  ? f.institution
                  : undefined;
          if (key === undefined) {
            out.push({
              ...base,
              reason:
                leaf.distinct === 'employer'
                  ? 'no-employer'
                  : leaf.distinct === 'project'
                    ? 'no-project'
                    : 'no-institution',
            });
            continue;
          }
          out.push({ ...base, value: ONE, key });
          continue;
        }
        out.push({ ...base, value: ONE });
      }
      return out;
    }
    case 'data-element': {
      const own = new Map<string, DataValue[]>();
      for (const d of snap.dataValues) {
        if (d.dataElement !== leaf.id || !snap.tree.isWithin(d.region, snap.root)) continue;
        const base = {
          type: 'data-value' as const,
          id: dataValueKey(d),
          region: d.region,
          period: d.period,
        };
        if (!periodContains(snap.period, d.period)) {
          out.push({ ...base, reason: 'outside-period', detail: d.period });
          continue;
        }
        if (leaf.mode === 'latest') {
          let list = own.get(d.region);
          if (!list) {
            list = [];
            own.set(d.region, list);
          }
          list.push(d);
          continue;
        }
        out.push({ ...base, value: new Decimal(d.value) });
      }
      for (const list of own.values()) {
        list.sort((a, b) => periodOrder(a.period, b.period));
        list.forEach((d, i) => {
          const base = {
            type: 'data-value' as const,
            id: dataValueKey(d),
            region: d.region,
            period: d.period,
          };
          out.push(
            i === 0
              ? { ...base, value: new Decimal(d.value) }
              : { ...base, reason: 'superseded', detail: list[0]!.period },
          );
        });
      }
      return out;
    }
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
