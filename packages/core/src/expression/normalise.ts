/**
 * @module expression/normalise
 * Normalisation of expressions: every default written out, so that equal meanings get equal keys
 * (the ids of leaves in `aggregate()` requests and results).
 */
import type { Aggregation, Expression, LeafExpression } from '../indicator/schema.js';

/**
 * Write out every default of a leaf so that equal meanings get equal keys: fact `window` →
 * `period`, employer `activeOn` → `reference-date`, data-element `mode`/`scope` from the
 * indicator's aggregation (`latest` → mode `latest`; `none` → scope `self`).
 * @example
 * ```ts
 * console.log(JSON.stringify(normaliseLeaf({ op: 'data-element', id: 'x' }, 'latest')));
 * // → {"op":"data-element","id":"x","mode":"latest","scope":"subtree"}
 * ```
 */
export function normaliseLeaf(
  leaf: LeafExpression,
  aggregation: Aggregation = 'ratio-of-sums',
): LeafExpression {
  switch (leaf.op) {
    case 'count-employers':
      return {
        op: leaf.op,
        where: { ...leaf.where, activeOn: leaf.where?.activeOn ?? 'reference-date' },
      };
    case 'count-facts':
    case 'sum-field':
      return {
        ...leaf,
        // A rolling `withinMonths` replaces the window (see countFactsSchema).
        ...(leaf.op === 'count-facts' && leaf.withinMonths !== undefined
          ? {}
          : { window: leaf.window ?? 'period' }),
        ...(leaf.employer
          ? { employer: { ...leaf.employer, activeOn: leaf.employer.activeOn ?? 'reference-date' } }
          : {}),
      };
    case 'data-element':
      return {
        op: leaf.op,
        id: leaf.id,
        mode: leaf.mode ?? (aggregation === 'latest' ? 'latest' : 'sum'),
        scope: leaf.scope ?? (aggregation === 'none' ? 'self' : 'subtree'),
      };
  }
}

/**
 * Canonical JSON of an expression (sorted keys): the id of a leaf in requests and results.
 * @example
 * ```ts
 * const a = expressionKey({ op: 'data-element', id: 'x', mode: 'sum', scope: 'subtree' });
 * const b = expressionKey({ scope: 'subtree', mode: 'sum', id: 'x', op: 'data-element' });
 * console.log(a === b); // keys are sorted, so the order of writing does not matter
 * // → true
 * ```
 */
export function expressionKey(expr: Expression): string {
  // Evaluation asks for the key of the same expression object once per region; plans are
  // immutable data, so the key is cached by identity.
  let key = EXPRESSION_KEYS.get(expr);
  if (key === undefined) {
    key = canonicalKey(expr);
    EXPRESSION_KEYS.set(expr, key);
  }
  return key;
}

const EXPRESSION_KEYS = new WeakMap<Expression, string>();

function canonicalKey(expr: Expression): string {
  return JSON.stringify(expr, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/**
 * Rewrite an expression with every leaf normalised for `aggregation`, so composite expressions
 * refer to the same leaf keys as the request.
 * @internal
 */
export function normaliseExpression(
  expr: Expression,
  aggregation: Aggregation = 'ratio-of-sums',
): Expression {
  switch (expr.op) {
    case 'add':
      return { op: 'add', terms: expr.terms.map((t) => normaliseExpression(t, aggregation)) };
    case 'count-regions':
      return expr.where
        ? {
            ...expr,
            where: { ...expr.where, expr: normaliseExpression(expr.where.expr, aggregation) },
          }
        : expr;
    default:
      return normaliseLeaf(expr, aggregation);
  }
}

/**
 * The leaves of a (normalised) expression, in order, without duplicates.
 * @internal
 */
export function leavesOf(
  expr: Expression,
  out: Map<string, LeafExpression> = new Map(),
): Map<string, LeafExpression> {
  switch (expr.op) {
    case 'add':
      for (const t of expr.terms) leavesOf(t, out);
      return out;
    case 'count-regions':
      if (expr.where) leavesOf(expr.where.expr, out);
      return out;
    default:
      out.set(expressionKey(expr), expr);
      return out;
  }
}
