import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { lowerEmployerPredicate, lowerLeaf } from './lower.js';

const dates = { periodStart: '2025-01-01', periodEnd: '2025-12-31', referenceDate: '2025-08-31' };

describe('lowerLeaf', () => {
  it('lists employer clauses in the documented order, with their reasons', () => {
    const conditions = lowerEmployerPredicate(
      {
        hasFact: [{ kind: 'declaration' }],
        excludeIf: [{ kind: 'assistance', window: 'to-date' }],
        cohort: { kind: 'health-exam', withinMonths: 6 },
        minEmployees: 10,
        industrySections: ['C'],
        industrial: true,
        hasHazardFactors: true,
        hazardLevels: ['severe'],
        sizes: ['small'],
      },
      dates,
    );
    expect(conditions.map((c) => c.reason)).toEqual([
      'inactive',
      'size',
      'hazard-level',
      'hazard-factors',
      'industrial',
      'industry-section',
      'employees',
      'not-in-cohort',
      'excluded-by-fact',
      'missing-fact',
    ]);
  });

  it('resolves windows against the dates: withinMonths clamps to the month end, to-date has no start', () => {
    const [, cohort, exclude] = lowerEmployerPredicate(
      {
        cohort: { kind: 'health-exam', withinMonths: 6 },
        excludeIf: [{ kind: 'assistance', window: 'to-date' }],
      },
      dates,
    );
    // 2025-08-31 − 6 months = 2025-02-28 (February has no 31st).
    expect(cohort).toMatchObject({ type: 'has-fact', from: '2025-02-28', to: '2025-08-31' });
    expect(exclude).toMatchObject({ type: 'has-fact', negate: true, to: '2025-08-31' });
    expect(exclude).not.toHaveProperty('from');
  });

  it('a rolling withinMonths on a fact count replaces the period start (2025-08-31 − 24 months = 2023-08-31)', () => {
    const lowered = lowerLeaf(
      { op: 'count-facts', kind: 'qc-activity', distinct: 'institution', withinMonths: 24 },
      dates,
    );
    expect(lowered.conditions).toEqual([
      expect.objectContaining({
        type: 'date-range',
        to: '2025-08-31',
        reason: 'after-reference-date',
      }),
      expect.objectContaining({ type: 'date-range', from: '2023-08-31', reason: 'outside-period' }),
    ]);
    expect(() =>
      lowerLeaf(
        { op: 'count-facts', kind: 'qc-activity', withinMonths: 24, window: 'period' },
        dates,
      ),
    ).toThrow(ValidationError);
  });

  it('bounds facts by the reference date first, then by the period start, then the field conditions', () => {
    const lowered = lowerLeaf(
      {
        op: 'count-facts',
        kind: 'inspection',
        where: [{ field: 'date', op: 'gte', value: { ref: 'period-end' } }],
      },
      dates,
    );
    expect(lowered.conditions).toEqual([
      {
        type: 'date-range',
        on: 'date',
        to: '2025-08-31',
        reason: 'after-reference-date',
        detail: { record: 'date' },
      },
      {
        type: 'date-range',
        on: 'date',
        from: '2025-01-01',
        reason: 'outside-period',
        detail: { record: 'date' },
      },
      {
        type: 'compare',
        operand: { of: 'field', path: ['date'], type: 'json' },
        op: 'gte',
        value: '2025-12-31',
        reason: 'condition',
        detail: { text: 'date gte {"ref":"period-end"}' },
      },
    ]);
  });

  it('gives distinct counts the reason for a missing key, data elements a null rollup', () => {
    expect(
      lowerLeaf({ op: 'count-facts', kind: 'tech-service-report', distinct: 'institution' }, dates)
        .measure,
    ).toEqual({ type: 'count-distinct', key: 'institution', reason: 'no-institution' });
    expect(
      lowerLeaf({ op: 'data-element', id: 'insured', mode: 'latest', scope: 'self' }, dates),
    ).toMatchObject({
      source: { type: 'data-values', element: 'insured' },
      measure: { type: 'value', latest: true },
      rollup: { scope: 'self', empty: 'null' },
    });
  });

  it('rejects what is outside the closed language with a typed error naming the clause', () => {
    const bad = () =>
      lowerLeaf(
        {
          op: 'count-facts',
          kind: 'inspection',
          where: [{ field: 'x', op: 'like', value: 'a' } as never],
        },
        dates,
      );
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (e) {
      expect((e as ValidationError).issues[0]).toMatchObject({
        path: 'op',
        value: 'like',
        rule: 'expression.condition-op',
      });
    }
  });
});
