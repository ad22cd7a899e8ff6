/**
 * @module expression/ir
 * The closed intermediate form every leaf expression is lowered to (see {@link lowerLeaf}): a
 * source, an ordered list of conditions — each carrying the exclusion reason an explanation shows —
 * a measure and a rollup. The in-memory evaluator interprets this form and the SQL compiler
 * (`packages/sql`) compiles it, so both read one description of what a leaf means.
 */
import type { IsoDate } from '../date/index.js';
import type { FactKind } from '../facts/index.js';

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

/** A condition value: a string, number or boolean (date references are resolved by lowering). */
export type Scalar = string | number | boolean;

/**
 * What a condition reads from a record. `field`: a JSON field of the record (`path` is one or two
 * keys: `['programme']`, `['items', 'identification']`); `type` says what the field holds — `json`
 * (any JSON value: the fact fields, compared with the core's mixed-type rules) or a known column
 * type of the employer record (`text`, `integer`), which SQL compares natively. The derived
 * operands exist for employers only: the GB/T 4754 section letter of a valid `industry` code,
 * whether that section is industrial (B, C, D), whether any hazard factor is recorded.
 */
export type Operand =
  | {
      readonly of: 'field';
      readonly path: readonly [string] | readonly [string, string];
      readonly type: 'json' | 'text' | 'integer';
    }
  | { readonly of: 'industry-section' }
  | { readonly of: 'industrial' }
  | { readonly of: 'has-hazard-factors' };

/** The comparison operators of a `compare` condition. */
export type CompareOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

/**
 * The detail an explanation shows beside the reason: a fixed text, or the value of an operand of
 * the record (`'(none)'` when it is missing), or the record's own date or period.
 */
export type Detail =
  | { readonly text: string }
  | { readonly operand: Operand }
  | { readonly record: 'date' | 'period' };

/** Fields every condition carries: the reason (and detail) shown when a record fails it. */
export interface Explained {
  /** Why a record that fails this condition was not counted. */
  readonly reason: ExclusionReason;
  /** What the explanation shows beside the reason (a text, an operand's value, the record's date or period). */
  readonly detail?: Detail;
}

/**
 * `compare`: the operand compares to `value` with `op`. A missing operand (absent or null)
 * satisfies only `ne`. When either side is a number the comparison is numeric (exact, a
 * decimal-string field against a number too); otherwise strings compare by code point and booleans
 * only by equality; values that are not comparable satisfy only `ne`.
 */
export interface CompareCondition extends Explained {
  /** Discriminator: `compare`. */
  readonly type: 'compare';
  /** What is compared (a field or a derived operand). */
  readonly operand: Operand;
  /** The comparison operator. */
  readonly op: CompareOp;
  /** The value compared with. */
  readonly value: Scalar;
}

/** `present`: the operand is present (`present: true`) or missing (absent or null). */
export interface PresentCondition extends Explained {
  /** Discriminator: `present`. */
  readonly type: 'present';
  /** What must be present or missing. */
  readonly operand: Operand;
  /** `true`: must be present; `false`: must be missing (absent or null). */
  readonly present: boolean;
}

/** `one-of`: the operand compares equal (as `compare` `eq`) to one of `values`; none never holds. */
export interface OneOfCondition extends Explained {
  /** Discriminator: `one-of`. */
  readonly type: 'one-of';
  /** What is compared. */
  readonly operand: Operand;
  /** The accepted values (an empty list never holds). */
  readonly values: readonly Scalar[];
}

/** `active-on`: the employer is active on `date` (`isActiveOn`: suspended six months or less counts). */
export interface ActiveOnCondition extends Explained {
  /** Discriminator: `active-on`. */
  readonly type: 'active-on';
  /** The day the employer must be active on. */
  readonly date: IsoDate;
}

/**
 * `has-fact`: the employer has (or, with `negate`, has no) fact of `kind` — any region — dated
 * from `from` (when given) through `to`, satisfying every condition of `where`.
 */
export interface HasFactCondition extends Explained {
  /** Discriminator: `has-fact`. */
  readonly type: 'has-fact';
  /** Kind of the fact looked for. */
  readonly kind: FactKind;
  /** First day a fact may be dated (no lower bound when absent). */
  readonly from?: IsoDate;
  /** Last day a fact may be dated. */
  readonly to: IsoDate;
  /** Conditions the fact must satisfy, all of them. */
  readonly where: readonly FieldCondition[];
  /** `true`: the employer must have no such fact. */
  readonly negate: boolean;
}

/**
 * `date-range`: the record's date (`on: 'date'`, a fact) or the whole of its period (`on:
 * 'period'`, a data value) lies from `from` through `to` (each bound optional, both inclusive).
 */
export interface DateRangeCondition extends Explained {
  /** Discriminator: `date-range`. */
  readonly type: 'date-range';
  /** `date`: the fact's date; `period`: the whole of the data value's period. */
  readonly on: 'date' | 'period';
  /** First day (inclusive), or no lower bound. */
  readonly from?: IsoDate;
  /** Last day (inclusive), or no upper bound. */
  readonly to?: IsoDate;
}

/** A condition on a field (of a fact, or of an employer record). */
export type FieldCondition = CompareCondition | PresentCondition | OneOfCondition;

/** One condition of the closed form. */
export type Condition = FieldCondition | ActiveOnCondition | HasFactCondition | DateRangeCondition;

/** Where a leaf's records come from. */
export type Source =
  | { readonly type: 'employers' }
  | { readonly type: 'facts'; readonly kind: FactKind }
  | { readonly type: 'data-values'; readonly element: string };

/**
 * What a counted record contributes. `count`: one. `count-distinct`: one per distinct `key` (the
 * fact's employer, institution or project; a fact without one fails with `reason`). `sum`: the
 * numeric value of the field (a finite number or a decimal string; otherwise the fact fails with
 * `missing-field`). `value`: the data value; with `latest`, only each region's value of the latest
 * period counts (latest end, then shortest period) and the others are `superseded`.
 */
export type Measure =
  | { readonly type: 'count' }
  | {
      readonly type: 'count-distinct';
      readonly key: 'employer' | 'institution' | 'project';
      readonly reason: ExclusionReason;
    }
  | {
      readonly type: 'sum';
      readonly path: readonly [string] | readonly [string, string];
      readonly field: string;
    }
  | { readonly type: 'value'; readonly latest: boolean };

/**
 * How the per-region figures roll up: `subtree` sums a region's own figure with every descendant's
 * (distinct counts are distinct over the subtree); `self` keeps the region's own figure. `empty`:
 * the figure of a region without any counted record (`zero`, or `null` = no data).
 */
export interface Rollup {
  /** `subtree`: own figure plus every descendant's; `self`: the region's own. */
  readonly scope: 'subtree' | 'self';
  /** Figure of a region without counted records: `zero` or `null` (no data). */
  readonly empty: 'zero' | 'null';
}

/**
 * A lowered leaf. Records of `source` in the root's subtree are tested against `conditions` in
 * order (the first failing one is the explanation); facts with an `employer` list must have an
 * employer (else `no-employer`) that satisfies those conditions (else `employer-excluded`, the
 * detail naming the employer's own reason). Counted records contribute their `measure`.
 */
export interface LoweredLeaf {
  /** Where the records come from. */
  readonly source: Source;
  /** Conditions each record is tested against, in order (the first failing one explains it). */
  readonly conditions: readonly Condition[];
  /** Conditions the fact's employer must satisfy, when the leaf tests employers of facts. */
  readonly employer?: readonly Condition[];
  /** What a counted record contributes. */
  readonly measure: Measure;
  /** How per-region figures roll up the tree. */
  readonly rollup: Rollup;
}

/** The dates a leaf is lowered for. */
export interface LoweringDates {
  /** First day of the evaluated period. */
  readonly periodStart: IsoDate;
  /** Last day of the evaluated period. */
  readonly periodEnd: IsoDate;
  /** The day "active", "as of" and similar conditions are judged on. */
  readonly referenceDate: IsoDate;
}
