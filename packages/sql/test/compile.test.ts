/**
 * @module test/compile
 * Per-dialect SQL snapshots of the shared compiler: one request touching every leaf kind and every
 * condition kind of the expression IR, driven with canned rows. The snapshots pin the generated
 * text; the other checks make sure no value ever enters it and placeholders match the values.
 */
import type { AggregateRequest } from '@occhealth/core';
import { expressionKey } from '@occhealth/core';
import { describe, expect, it } from 'vitest';
import {
  aggregateSteps,
  type Dialect,
  postgresDialect,
  type Rendered,
  runSync,
  type Strategy,
  sqliteDialect,
} from '../src/index.js';

const leaves = [
  {
    op: 'count-employers',
    where: {
      activeOn: 'reference-date',
      sizes: ['small', 'micro'],
      hazardLevels: ['severe'],
      hasHazardFactors: true,
      industrial: true,
      industrySections: ['C'],
      minEmployees: 20,
      cohort: {
        kind: 'assistance',
        where: [{ field: 'programme', op: 'eq', value: 'yunnan-five-ones' }],
      },
      excludeIf: [{ kind: 'hazard-evaluation', window: 'to-date' }],
      hasFact: [{ kind: 'health-exam', withinMonths: 36 }],
    },
  },
  { op: 'count-employers', where: { activeOn: 'any' } },
  {
    op: 'count-facts',
    kind: 'inspection',
    window: 'period',
    where: [
      { field: 'problemsFound', op: 'gt', value: 3 },
      { field: 'dispositions.onSpot', op: 'exists' },
      { field: 'date', op: 'lte', value: { ref: 'reference-date' } },
      { field: 'penalty', op: 'gte', value: '1000.5' },
      { field: 'closed', op: 'eq', value: true },
      { field: 'kindOf', op: 'in', value: ['periodic', 'special'] },
    ],
  },
  { op: 'sum-field', kind: 'inspection', window: 'period', field: 'problemsRectified' },
  {
    op: 'count-facts',
    kind: 'tech-service-report',
    window: 'to-date',
    distinct: 'institution',
  },
  {
    op: 'sum-field',
    kind: 'enforcement-case',
    window: 'period',
    field: 'penalty',
    employer: { activeOn: 'reference-date', sizes: ['large'] },
  },
  { op: 'data-element', id: 'insuredWorkers', mode: 'latest', scope: 'subtree' },
  { op: 'data-element', id: 'surveyAwareness', mode: 'sum', scope: 'self' },
] as const;

const request: AggregateRequest = {
  expressions: leaves.map((expression) => ({
    id: expressionKey(expression as never),
    expression: expression as never,
  })),
  region: 'R-ROOT-530000',
  period: '2025',
  periodStart: '2025-01-01',
  periodEnd: '2025-12-31',
  referenceDate: '2025-08-31',
};

/** Every statement of the request, with canned rows (one region, periods 2025 and 2025Q1). */
function statementsOf(dialect: Dialect, strategy: Strategy): Rendered[] {
  const seen: Rendered[] = [];
  runSync(aggregateSteps(request, dialect, { strategy }), (s) => {
    seen.push(s);
    if (s.text.includes('ORDER BY depth')) return [{ code: 'R-ROOT-530000' }];
    // The one pass's first facts row (one slice of the scan), then no further row.
    if (s.text.startsWith('SELECT min(')) return s.values.length === 0 ? [{ lo: 1n }] : [];
    if (s.text.startsWith('SELECT DISTINCT d.period'))
      return [{ period: '2025' }, { period: '2025Q1' }, { period: '2024' }];
    return [];
  });
  return seen;
}

// Values that must never appear in SQL text (the fixed literals a dialect writes, such as 'integer'
// or '$.size' for a native employer column, are not among them).
const VALUES = [
  'R-ROOT-530000',
  '2025-01-01',
  '2025-08-31',
  '2022-08-31',
  'yunnan-five-ones',
  'assistance',
  'inspection',
  'problemsFound',
  '1000.5',
  'periodic',
  'insuredWorkers',
  'surveyAwareness',
  '2025Q1',
  'small',
];

// The SQL form of each dialect, and SQLite's one pass (its `auto` for a large subtree): the one
// pass tests the facts' fields in JavaScript, so the programme and the threshold are not bound.
const CASES = [
  {
    label: 'sqlite',
    dialect: sqliteDialect,
    strategy: 'scan',
    bound: ['yunnan-five-ones', '1000.5'],
  },
  {
    label: 'postgres',
    dialect: postgresDialect,
    strategy: 'scan',
    bound: ['yunnan-five-ones', '1000.5'],
  },
  { label: 'sqlite, one pass', dialect: sqliteDialect, strategy: 'onepass', bound: [] },
] as const;

describe.each(CASES)('the compiled SQL ($label)', ({ dialect, strategy, bound: alsoBound }) => {
  const statements = statementsOf(dialect, strategy);

  it('is pinned', () => {
    expect(statements.map((s) => s.text).join('\n;\n')).toMatchSnapshot();
  });

  it('never contains a value: every one is bound', () => {
    for (const s of statements) for (const v of VALUES) expect(s.text).not.toContain(v);
    const bound = statements.flatMap((s) => s.values.map(String));
    for (const v of ['R-ROOT-530000', '2025-01-01', '2025-08-31', ...alsoBound])
      expect(bound).toContain(v);
  });

  it('has one placeholder per value, numbered in order for PostgreSQL', () => {
    for (const s of statements) {
      if (dialect.name === 'sqlite') {
        expect(s.text.split('?').length - 1).toBe(s.values.length);
        expect(s.text).not.toMatch(/\$\d/);
      } else {
        const numbers = [...s.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
        expect(numbers).toEqual(s.values.map((_, i) => i + 1));
      }
    }
  });

  it('binds the 36-month window start with the core date arithmetic and the suspension cut-off', () => {
    const values = statements.flatMap((s) => s.values);
    expect(values).toContain('2022-08-31'); // 2025-08-31 − 36 months
    // Earliest suspension start still active on 2025-08-31: 02-28 + 6 months is only 08-28, 03-01 + 6
    // months is 09-01.
    expect(values).toContain('2025-03-01');
    expect(values).not.toContain('2025-02-28');
  });

  it('binds only the periods within 2025, latest first (2025, then 2025Q1)', () => {
    const last = statements.filter((s) => s.text.includes('p(period, rk)'))[0]!;
    const periods = last.values.filter((v) => typeof v === 'string' && /^\d{4}/.test(v));
    expect(periods.slice(0, 2)).toEqual(['2025', '2025Q1']);
    expect(last.values).not.toContain('2024');
  });
});
