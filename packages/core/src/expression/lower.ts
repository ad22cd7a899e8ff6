/**
 * @module expression/lower
 * Lowering: each leaf expression of the indicator language becomes one {@link LoweredLeaf} — the
 * closed form both the in-memory evaluator and the SQL compiler read. Date references and windows
 * are resolved here (against the request's dates), defaults are written out, and each clause gets
 * the exclusion reason and detail that the explanation of a failing record shows, in the order the
 * clauses are checked.
 */
import { addMonths } from '../date/index.js';
import { fail } from '../errors/index.js';
import type {
  EmployerPredicate,
  FieldCondition as ExprFieldCondition,
  FactTest,
  LeafExpression,
} from '../indicator/schema.js';
import type {
  Condition,
  FieldCondition,
  LoweredLeaf,
  LoweringDates,
  Operand,
  Scalar,
} from './ir.js';

const FIELD = /^([A-Za-z][A-Za-z0-9]*)(?:\.([\w-]+))?$/;

/**
 * The JSON path of a field name (`programme`, `items.identification`), validated.
 * @example fieldPath('items.identification') // ['items', 'identification']
 */
export function fieldPath(field: string): readonly [string] | readonly [string, string] {
  const m = typeof field === 'string' ? FIELD.exec(field) : null;
  if (!m) {
    return fail(
      'field',
      field,
      'expression.field-format',
      `not a field name: ${String(field)}`,
      `不是字段名：${String(field)}`,
    );
  }
  return m[2] === undefined ? [m[1]!] : [m[1]!, m[2]];
}

function scalar(value: unknown): Scalar {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return fail(
    'value',
    value,
    'expression.condition-value',
    'a condition value must be a string, a finite number or a boolean',
    '条件取值必须是字符串、有限数值或布尔值',
  );
}

function resolve(value: ExprFieldCondition['value'], dates: LoweringDates): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const ref = (value as { ref: unknown }).ref;
    if (ref === 'period-start') return dates.periodStart;
    if (ref === 'period-end') return dates.periodEnd;
    if (ref === 'reference-date') return dates.referenceDate;
    return fail(
      'value.ref',
      ref,
      'expression.date-ref',
      'unknown date reference',
      '未知的日期引用',
    );
  }
  return value;
}

/**
 * The text an explanation shows for a failed field condition: `programme eq "periodic"`.
 * @example conditionText({ field: 'programme', op: 'eq', value: 'periodic' }) // 'programme eq "periodic"'
 */
export function conditionText(c: ExprFieldCondition): string {
  return `${c.field} ${c.op}${c.value === undefined ? '' : ` ${JSON.stringify(c.value)}`}`;
}

/**
 * Lower one field condition of a fact (`{ field, op, value }`) to `compare`, `present` or
 * `one-of`, with reason `condition` and the condition's text as the detail.
 * @internal
 */
export function lowerFieldCondition(c: ExprFieldCondition, dates: LoweringDates): FieldCondition {
  const operand: Operand = { of: 'field', path: fieldPath(c.field), type: 'json' };
  const explained = { reason: 'condition' as const, detail: { text: conditionText(c) } };
  switch (c.op) {
    case 'exists':
    case 'missing':
      return { type: 'present', operand, present: c.op === 'exists', ...explained };
    case 'in': {
      const values = resolve(c.value, dates);
      if (!Array.isArray(values)) {
        return fail(
          'value',
          values,
          'expression.condition-value',
          'operator in needs an array of values',
          '运算符 in 需要取值数组',
        );
      }
      return { type: 'one-of', operand, values: values.map(scalar), ...explained };
    }
    case 'eq':
    case 'ne':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return {
        type: 'compare',
        operand,
        op: c.op,
        value: scalar(resolve(c.value, dates)),
        ...explained,
      };
    default:
      return fail(
        'op',
        (c as { op: unknown }).op,
        'expression.condition-op',
        'unknown condition operator',
        '未知的条件运算符',
      );
  }
}

function window(w: unknown): 'period' | 'to-date' {
  const value = w ?? 'period';
  if (value !== 'period' && value !== 'to-date')
    fail('window', value, 'expression.window', 'unknown fact window', '未知的事实时间窗');
  return value as 'period' | 'to-date';
}

/** The first day a fact of test `t` may carry (undefined: no lower bound). */
function testFrom(t: FactTest, dates: LoweringDates): string | undefined {
  if (t.withinMonths !== undefined) {
    if (!Number.isInteger(t.withinMonths) || t.withinMonths < 1)
      fail(
        'withinMonths',
        t.withinMonths,
        'expression.window',
        'withinMonths must be a positive integer',
        'withinMonths 必须是正整数',
      );
    return addMonths(dates.referenceDate, -t.withinMonths);
  }
  return window(t.window) === 'period' ? dates.periodStart : undefined;
}

function hasFact(
  t: FactTest,
  negate: boolean,
  reason: 'not-in-cohort' | 'excluded-by-fact' | 'missing-fact',
  dates: LoweringDates,
): Condition {
  const from = testFrom(t, dates);
  return {
    type: 'has-fact',
    kind: t.kind,
    ...(from === undefined ? {} : { from }),
    to: dates.referenceDate,
    where: (t.where ?? []).map((c) => lowerFieldCondition(c, dates)),
    negate,
    reason,
    detail: { text: t.kind },
  };
}

const field = (name: string, type: 'text' | 'integer'): Operand => ({
  of: 'field',
  path: [name],
  type,
});

/**
 * The conditions of an employer predicate, in the order the core checks them (and so the order of
 * the reasons): `activeOn`, `sizes`, `hazardLevels`, `hasHazardFactors`, `industrial`,
 * `industrySections`, `minEmployees`, `cohort`, `excludeIf`, `hasFact`.
 * @internal
 */
export function lowerEmployerPredicate(
  p: EmployerPredicate | undefined,
  dates: LoweringDates,
): Condition[] {
  const out: Condition[] = [];
  const activeOn = p?.activeOn ?? 'reference-date';
  if (activeOn !== 'reference-date' && activeOn !== 'any')
    fail('activeOn', activeOn, 'expression.active-on', 'unknown activeOn', '未知的 activeOn 取值');
  if (activeOn === 'reference-date')
    out.push({
      type: 'active-on',
      date: dates.referenceDate,
      reason: 'inactive',
      detail: { text: dates.referenceDate },
    });
  if (!p) return out;
  if (p.sizes) {
    const operand = field('size', 'text');
    out.push({ type: 'one-of', operand, values: p.sizes, reason: 'size', detail: { operand } });
  }
  if (p.hazardLevels) {
    const operand = field('hazardLevel', 'text');
    out.push({
      type: 'one-of',
      operand,
      values: p.hazardLevels,
      reason: 'hazard-level',
      detail: { operand },
    });
  }
  if (p.hasHazardFactors !== undefined)
    out.push({
      type: 'compare',
      operand: { of: 'has-hazard-factors' },
      op: 'eq',
      value: p.hasHazardFactors,
      reason: 'hazard-factors',
    });
  if (p.industrial !== undefined)
    out.push({
      type: 'compare',
      operand: { of: 'industrial' },
      op: 'eq',
      value: p.industrial,
      reason: 'industrial',
      detail: { operand: field('industry', 'text') },
    });
  if (p.industrySections) {
    const operand: Operand = { of: 'industry-section' };
    out.push({
      type: 'one-of',
      operand,
      values: p.industrySections,
      reason: 'industry-section',
      detail: { operand },
    });
  }
  if (p.minEmployees !== undefined) {
    const operand = field('employees', 'integer');
    out.push({
      type: 'compare',
      operand,
      op: 'gte',
      value: scalar(p.minEmployees),
      reason: 'employees',
      detail: { operand },
    });
  }
  if (p.cohort) out.push(hasFact(p.cohort, false, 'not-in-cohort', dates));
  for (const t of p.excludeIf ?? []) out.push(hasFact(t, true, 'excluded-by-fact', dates));
  for (const t of p.hasFact ?? []) out.push(hasFact(t, false, 'missing-fact', dates));
  return out;
}

const DISTINCT_REASONS = {
  employer: 'no-employer',
  institution: 'no-institution',
  project: 'no-project',
} as const;

/**
 * Lower a leaf expression for the request's dates to the closed form.
 * @example
 * ```ts
 * const dates = { periodStart: '2025-01-01', periodEnd: '2025-12-31', referenceDate: '2025-12-31' };
 * const { conditions } = lowerLeaf({ op: 'count-facts', kind: 'declaration', window: 'period' }, dates);
 * for (const c of conditions) console.log(c.type, c.reason);
 * // → date-range after-reference-date
 * // → date-range outside-period
 * ```
 * @throws ValidationError naming the clause for anything outside the closed expression language
 * (an unknown operator, window, date reference, field name or condition value).
 */
export function lowerLeaf(leaf: LeafExpression, dates: LoweringDates): LoweredLeaf {
  switch (leaf.op) {
    case 'count-employers':
      return {
        source: { type: 'employers' },
        conditions: lowerEmployerPredicate(leaf.where, dates),
        measure: { type: 'count' },
        rollup: { scope: 'subtree', empty: 'zero' },
      };
    case 'count-facts':
    case 'sum-field': {
      const conditions: Condition[] = [
        {
          type: 'date-range',
          on: 'date',
          to: dates.referenceDate,
          reason: 'after-reference-date',
          detail: { record: 'date' },
        },
      ];
      const within = leaf.op === 'count-facts' ? leaf.withinMonths : undefined;
      const from =
        within !== undefined
          ? testFrom({ kind: leaf.kind, withinMonths: within }, dates)
          : window(leaf.window) === 'period'
            ? dates.periodStart
            : undefined;
      if (within !== undefined && leaf.window !== undefined)
        fail(
          'withinMonths',
          within,
          'expression.window-exclusive',
          'give either window or withinMonths, not both',
          'window 与 withinMonths 只能给出其一',
        );
      if (from !== undefined)
        conditions.push({
          type: 'date-range',
          on: 'date',
          from,
          reason: 'outside-period',
          detail: { record: 'date' },
        });
      for (const c of leaf.where ?? []) conditions.push(lowerFieldCondition(c, dates));
      let measure: LoweredLeaf['measure'];
      if (leaf.op === 'sum-field') {
        measure = { type: 'sum', path: fieldPath(leaf.field), field: leaf.field };
      } else if (leaf.distinct === undefined) {
        measure = { type: 'count' };
      } else {
        const reason = DISTINCT_REASONS[leaf.distinct];
        if (reason === undefined)
          fail(
            'distinct',
            leaf.distinct,
            'expression.distinct',
            'distinct must be employer, institution or project',
            'distinct 须为 employer、institution 或 project',
          );
        measure = { type: 'count-distinct', key: leaf.distinct, reason };
      }
      return {
        source: { type: 'facts', kind: leaf.kind },
        conditions,
        ...(leaf.employer ? { employer: lowerEmployerPredicate(leaf.employer, dates) } : {}),
        measure,
        rollup: { scope: 'subtree', empty: 'zero' },
      };
    }
    case 'data-element': {
      const mode = leaf.mode ?? 'sum';
      const scope = leaf.scope ?? 'subtree';
      if (mode !== 'sum' && mode !== 'latest')
        fail(
          'mode',
          mode,
          'expression.mode',
          'mode must be sum or latest',
          'mode 须为 sum 或 latest',
        );
      if (scope !== 'subtree' && scope !== 'self')
        fail(
          'scope',
          scope,
          'expression.scope',
          'scope must be subtree or self',
          'scope 须为 subtree 或 self',
        );
      return {
        source: { type: 'data-values', element: leaf.id },
        conditions: [
          {
            type: 'date-range',
            on: 'period',
            from: dates.periodStart,
            to: dates.periodEnd,
            reason: 'outside-period',
            detail: { record: 'period' },
          },
        ],
        measure: { type: 'value', latest: mode === 'latest' },
        rollup: { scope, empty: 'null' },
      };
    }
    default:
      return fail(
        'op',
        (leaf as { op: unknown }).op,
        'expression.leaf',
        'not a leaf expression',
        '不是叶子表达式',
      );
  }
}
