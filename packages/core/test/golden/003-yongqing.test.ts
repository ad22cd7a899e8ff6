/**
 * Golden checks of seed 003 (Hebei 14th-FYP quantitative indicator survey table): indicator 9
 * counts counties meeting a condition (9-1 over 9-2); indicator 3 puts posts tested (3-1) in the
 * denominator and posts passing (3-2) in the numerator.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import { countiesOf, creditCode, planOf, proportion, regionRows, storeWith } from './fixtures.js';

const SEED = '003_e793edc77947b793.txt';
const TREE = regionRows({ code: '130000', zh: '河北省' }, [
  { code: '131000', zh: '廊坊市', counties: 3 },
  { code: '130100', zh: '石家庄市', counties: 2 },
]);

describe(`[003] survey table (${SEED} lines 215–219)`, () => {
  it('indicator 9: counties with at least one public health-exam institution over all counties (4 of 5 → 80.0 %)', async () => {
    const counties = [...countiesOf('131000', 3), ...countiesOf('130100', 2)];
    const institutions = [2, 1, 0, 1, 3];
    const store = await storeWith({
      regions: TREE,
      dataValues: counties.map((c, i) => ({
        dataElement: 'publicHealthExamInstitutions',
        region: c,
        period: '2025',
        value: String(institutions[i]),
      })),
    });
    const plan = planOf(SEED, [
      proportion(
        'countyHealthExamCoverage',
        {
          op: 'count-regions',
          level: 'county',
          where: {
            expr: { op: 'data-element', id: 'publicHealthExamInstitutions' },
            comparator: '>=',
            value: '1',
          },
        },
        { op: 'count-regions', level: 'county' },
      ),
    ]);
    const { results } = await evaluate({
      plan,
      store,
      region: '130000',
      period: '2025',
      levels: ['province', 'prefecture'],
      explain: { regions: ['131000'] },
    });
    const by = new Map(results.map((r) => [r.region, r]));
    expect([
      by.get('130000')!.numerator!.toFixed(),
      by.get('130000')!.denominator!.toFixed(),
      by.get('130000')!.formatted,
    ]).toEqual(['4', '5', '80.0']);
    expect(by.get('131000')!.formatted).toBe('66.7');
    expect(by.get('130100')!.formatted).toBe('100.0');
    const excluded = by.get('131000')!.explanation.inputs[0]!.excluded!;
    expect(excluded.map((x) => [x.id, x.reason])).toEqual([['131003', 'condition-not-met']]);
  });

  it('indicator 3: monitoring pass rate = posts passing (3-2) ÷ posts tested (3-1)', async () => {
    const c = countiesOf('131000', 1)[0]!;
    const employers = [1, 2].map((n) => ({
      creditCode: creditCode(c, n),
      name: `E${n}`,
      region: c,
      size: 'medium',
    }));
    const facts = [
      {
        id: 't1',
        kind: 'hazard-testing',
        employer: employers[0]!.creditCode,
        region: c,
        date: '2025-05-01',
        programme: 'monitoring',
        postsTested: 12,
        postsCompliant: 10,
      },
      {
        id: 't2',
        kind: 'hazard-testing',
        employer: employers[1]!.creditCode,
        region: c,
        date: '2025-06-01',
        programme: 'monitoring',
        postsTested: 8,
        postsCompliant: 7,
      },
      {
        id: 't3',
        kind: 'hazard-testing',
        employer: employers[1]!.creditCode,
        region: c,
        date: '2025-06-01',
        programme: 'periodic',
        postsTested: 5,
        postsCompliant: 0,
      },
    ];
    const store = await storeWith({ regions: TREE, employers, facts });
    const monitoring = [{ field: 'programme', op: 'eq' as const, value: 'monitoring' }];
    const plan = planOf(SEED, [
      proportion(
        'monitoringPassRate',
        { op: 'sum-field', kind: 'hazard-testing', field: 'postsCompliant', where: monitoring },
        { op: 'sum-field', kind: 'hazard-testing', field: 'postsTested', where: monitoring },
      ),
    ]);
    const r = (await evaluate({ plan, store, region: c, period: '2025' })).results[0]!;
    expect([r.numerator!.toFixed(), r.denominator!.toFixed(), r.formatted]).toEqual([
      '17',
      '20',
      '85.0',
    ]);
  });
});
