/**
 * @module store/aggregate
 * The optional pushdown contract of a {@link Store}: `aggregate(request)` computes the leaf
 * expressions of a plan for every region of a subtree at once, so a database can do the counting
 * (e.g. SQL `GROUP BY` over a region-ancestor closure table). `evaluate()` uses it when present and
 * its own in-memory path otherwise; `describeAggregateConformance` proves the two agree to the last
 * digit.
 *
 * ## Semantics (what an adapter must compute)
 * For every region R of `subtree(request.region)` (the root, every ancestor level and the leaves)
 * and every leaf expression, the figure at R is computed over the records **of R's whole subtree**
 * (records whose `region` is R or below R):
 *
 * - Dates: the period runs from `periodStart` to `referenceDate` (inclusive; the reference date is
 *   the period's last day unless the caller evaluates "as of" an earlier day). A fact `window` of
 *   `period` (the default) keeps facts dated in that range; `to-date` keeps facts dated on or before
 *   `referenceDate`.
 * - `count-employers`: the number of employers in the subtree satisfying `where`. `activeOn:
 *   'reference-date'` (the default) means `isActiveOn(employer, referenceDate)` (registered, not
 *   deregistered, and suspended for six months or less). `cohort`, `hasFact`: the employer has a
 *   fact of that kind (any region) matching the conditions in the window; `excludeIf`: has none.
 * - `count-facts`: the number of facts of `kind` in the subtree (by the fact's region) matching
 *   `where` and `employer`, in the window. With `distinct`, the number of **distinct** employer (or
 *   institution, or project) ids among them, distinct over the whole subtree of R — not the sum of the
 *   children's distinct counts (they differ only when one employer has facts in two regions).
 *   Facts without the id are not counted.
 * - `sum-field`: the sum of the field over matching facts; facts without the field add nothing;
 *   decimal-string fields are summed exactly.
 * - `data-element` (`mode` and `scope` always given in a request): values of the element whose
 *   period lies within `[periodStart, periodEnd]`. `sum`: the sum of those values over the
 *   subtree (`scope: 'subtree'`) or of R's own values (`self`). `latest`: for each region, the
 *   value of its latest period (latest end date, then the shortest period), then summed as above.
 *   **No value at all gives `null`**, not `"0"`.
 * - Field conditions (`fieldConditionSchema`): `field` is a top-level fact field or `record.key`
 *   (`items.identification`, `dispositions.onSpot`). A missing (absent or null) field satisfies only
 *   `missing` and `ne`. When either side is a number the comparison is numeric (a decimal-string
 *   field such as `penalty` compared with a number too); otherwise strings compare by code point
 *   (ISO dates order correctly) and booleans only by equality. `in` is `eq` against any listed value.
 *   `{ ref: 'period-start' | 'period-end' | 'reference-date' }` values stand for those dates.
 * - Employer predicates of `count-facts` / `sum-field` (`employer`) look the fact's employer up
 *   wherever it is registered; facts without an employer fail them.
 *
 * Composite expressions are never sent: the core computes `add` (null when any term is null) and
 * `count-regions` (regions of the level in R's subtree whose inner figure compares true; null
 * inner figures never count) from the leaves' per-region figures.
 *
 * Figures are canonical decimal strings (`Decimal#toFixed()`, no exponent, no trailing zeros
 * beyond what the value needs: `"12"`, `"12.5"`). A region with no records may be omitted from the
 * result: its counts and sums are then `"0"` and its data elements `null`.
 */
import type { IsoDate } from '../date/index.js';
import type { LeafExpression } from '../indicator/schema.js';

/** A leaf expression with its id in a request. */
export interface AggregateExpression {
  /** Id the result is keyed by (the core uses {@link expressionKey}). */
  readonly id: string;
  /** The leaf, normalised: every default written out (see {@link normaliseLeaf}). */
  readonly expression: LeafExpression;
}

/** What `evaluate()` asks an adapter to compute. */
export interface AggregateRequest {
  /** Distinct leaf expressions of the indicators being evaluated. */
  readonly expressions: readonly AggregateExpression[];
  /** Root of the subtree; figures are wanted for it and every region below it. */
  readonly region: string;
  /** Evaluated period id, e.g. `2025`. */
  readonly period: string;
  /** First day of the period. */
  readonly periodStart: IsoDate;
  /** Last day of the period. */
  readonly periodEnd: IsoDate;
  /** Registry snapshot day and last day of facts counted (≤ `periodEnd`). */
  readonly referenceDate: IsoDate;
}

/** Per region code, per expression id, a canonical decimal string (or `null`: no data). */
export interface AggregateResult {
  /** The figures by region code, then by expression id: a canonical decimal string, or null (no data). */
  readonly figures: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
}

/** A store that can compute aggregates itself. */
export interface AggregateCapable {
  /** Compute the figures of `request`; see the module documentation for the exact semantics. */
  aggregate(request: AggregateRequest): Promise<AggregateResult>;
}

export {
  expressionKey,
  leavesOf,
  normaliseExpression,
  normaliseLeaf,
} from '../expression/normalise.js';
