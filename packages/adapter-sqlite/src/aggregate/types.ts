/**
 * @module aggregate/types
 * The core's expression and request types, derived from the `Store` port itself so this folder
 * depends on nothing but the port.
 */
import type { Store } from '@occhealth/core';

/** What `evaluate()` asks `aggregate()` to compute (the core's `AggregateRequest`). */
export type AggregateRequest = Parameters<NonNullable<Store['aggregate']>>[0];
/** Figures per region and expression id (the core's `AggregateResult`). */
export type AggregateResult = Awaited<ReturnType<NonNullable<Store['aggregate']>>>;
/** A leaf expression of the core's expression language. */
export type LeafExpression = AggregateRequest['expressions'][number]['expression'];
/** `count-employers`. */
export type CountEmployersExpr = Extract<LeafExpression, { op: 'count-employers' }>;
/** `count-facts`. */
export type CountFactsExpr = Extract<LeafExpression, { op: 'count-facts' }>;
/** `sum-field`. */
export type SumFieldExpr = Extract<LeafExpression, { op: 'sum-field' }>;
/** `data-element`. */
export type DataElementExpr = Extract<LeafExpression, { op: 'data-element' }>;
/** An employer predicate. */
export type EmployerPredicate = NonNullable<CountEmployersExpr['where']>;
/** A fact test `{ kind, where?, window? }`. */
export type FactTest = NonNullable<EmployerPredicate['cohort']>;
/** A field condition on a fact. */
export type FieldCondition = NonNullable<FactTest['where']>[number];
