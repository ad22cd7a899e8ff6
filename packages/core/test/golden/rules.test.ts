/**
 * Engine rules that are not one seed's number: judging on the unrounded value, no data on a zero
 * denominator, data-quality warnings, registry snapshots, explanations and ranks.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import type { TargetInput } from '../../src/target/index.js';
import {
  count,
  countiesOf,
  creditCode,
  planOf,
  proportion,
  regionRows,
  storeWith,
} from './fixtures.js';

const TREE = regionRows({ code: '410000', zh: '河南省' }, [
  { code: '410100', zh: '郑州市', counties: 3 },
  { code: '410200', zh: '开封市', counties: 2 },
]);
const [C1, C2, C3] = countiesOf('410100', 3) as [string, string, string];

const rate = proportion(
  'rate',
  { op: 'data-element', id: 'num' },
  { op: 'data-element', id: 'den' },
);
const target95 = {
  indicator: 'rate',
  comparator: '>=' as const,
  value: '95',
  period: '2025',
  source: { doc: 'test' },
};

/** The `rate` of county C1 from its own num/den data values (absent ones are left out). */
async function rateAtC1(
  values: { num?: string; den?: string },
  targets: TargetInput[] = [target95],
) {
  const store = await storeWith({
    regions: TREE,
    dataValues: Object.entries(values).map(([dataElement, value]) => ({
      dataElement,
      region: C1,
      period: '2025',
      value,
    })),
  });
  const plan = planOf('test', [rate], targets);
  return (await evaluate({ plan, store, region: C1, period: '2025' })).results[0]!;
}

describe('judging a target', () => {
  it('94.96 % is not met against ≥ 95 % although it displays as "95.0"', async () => {
    const r = await rateAtC1({ num: '9496', den: '10000' });
    expect(r.formatted).toBe('95.0');
    expect(r.value!.toFixed()).toBe('94.96');
    expect(r.status).toBe('not-met');
    expect(r.gap!.units.toFixed()).toBe('4');
    expect(r.explanation.comparison).toMatchObject({
      on: 'unrounded',
      compared: '94.96',
      met: false,
    });
    // a pack may choose the rounded comparison
    const rounded = await rateAtC1({ num: '9496', den: '10000' }, [
      { ...target95, compareOn: 'rounded' },
    ]);
    expect(rounded.status).toBe('met');
    expect(rounded.gap!.units.toFixed()).toBe('0');
  });

  it('a zero denominator gives no-data with its reason, never NaN or 0 %', async () => {
    const r = await rateAtC1({ num: '0', den: '0' });
    expect(r.status).toBe('no-data');
    expect(r.value).toBeNull();
    expect(r.formatted).toBeNull();
    expect(r.reason!.code).toBe('zero-denominator');
    expect(r.reason!.message.zh).toContain('分母为0');
  });

  it('a region with no values at all is no-data (missing is not zero)', async () => {
    const r = await rateAtC1({ den: '10' }, []);
    expect(r.status).toBe('no-data');
    expect(r.reason!.code).toBe('no-values');
  });

  it('a proportion above 100 % is flagged as a data-quality warning, not hidden', async () => {
    const r = await rateAtC1({ num: '105', den: '100' });
    expect(r.formatted).toBe('105.0');
    expect(r.warnings.map((w) => w.code)).toEqual(['above-100']);
  });
});

describe('populations and explanations', () => {
  // four SMEs in C1: A declared, B not, C deregistered (closed) but declared, D not in the cohort
  const A = creditCode(C1, 1);
  const B = creditCode(C1, 2);
  const C = creditCode(C1, 3);
  const D = creditCode(C1, 4);
  const employers = [
    { creditCode: A, name: 'A', region: C1, size: 'small' },
    { creditCode: B, name: 'B', region: C1, size: 'small' },
    {
      creditCode: C,
      name: 'C',
      region: C1,
      size: 'small',
      statusHistory: [{ status: 'deregistered', from: '2025-03-01' }],
    },
    { creditCode: D, name: 'D', region: C1, size: 'micro' },
  ];
  const facts = [
    {
      id: 'a-A',
      kind: 'assistance',
      employer: A,
      region: C1,
      date: '2025-02-01',
      programme: 'henan-six-ones',
    },
    {
      id: 'a-B',
      kind: 'assistance',
      employer: B,
      region: C1,
      date: '2025-02-01',
      programme: 'henan-six-ones',
    },
    {
      id: 'a-C',
      kind: 'assistance',
      employer: C,
      region: C1,
      date: '2025-01-10',
      programme: 'henan-six-ones',
    },
    { id: 'd-A1', kind: 'declaration', employer: A, region: C1, date: '2025-04-01' },
    {
      id: 'd-A2',
      kind: 'declaration',
      employer: A,
      region: C1,
      date: '2025-05-01',
      declarationType: 'change',
    },
    { id: 'd-C', kind: 'declaration', employer: C, region: C1, date: '2025-02-01' },
    { id: 'd-old', kind: 'declaration', employer: B, region: C1, date: '2023-02-01' },
  ];
  const cohort = { kind: 'assistance' as const };
  const plan = planOf('test', [
    proportion(
      'declarationRate',
      { op: 'count-employers', where: { cohort, hasFact: [{ kind: 'declaration' }] } },
      { op: 'count-employers', where: { cohort } },
    ),
    count('declarers', { op: 'count-facts', kind: 'declaration', distinct: 'employer' }),
  ]);

  it('the denominator is the registry at the reference date: a closed employer cannot push the rate up', async () => {
    const store = await storeWith({ regions: TREE, employers, facts });
    const r = (
      await evaluate({ plan, store, region: C1, period: '2025', indicators: ['declarationRate'] })
    ).results[0]!;
    expect([r.numerator!.toFixed(), r.denominator!.toFixed(), r.formatted]).toEqual([
      '1',
      '2',
      '50.0',
    ]);
  });

  it('explains the counted and excluded records with reasons', async () => {
    const store = await storeWith({ regions: TREE, employers, facts });
    const { results } = await evaluate({ plan, store, region: C1, period: '2025', explain: true });
    const rate = results.find((r) => r.indicator === 'declarationRate')!;
    const [num, den] = rate.explanation.inputs;
    expect(num!.counted!.map((x) => x.id)).toEqual([A]);
    const numExcluded = Object.fromEntries(num!.excluded!.map((x) => [x.id, x.reason]));
    expect(numExcluded).toEqual({ [B]: 'missing-fact', [C]: 'inactive', [D]: 'not-in-cohort' });
    expect(den!.counted!.map((x) => x.id).sort()).toEqual([A, B].sort());
    expect(den!.excluded!.find((x) => x.id === C)!.message!.zh).toContain('不在营');
    expect(rate.explanation.formula.zh).toContain('÷');
    const declarers = results.find((r) => r.indicator === 'declarers')!;
    expect(declarers.formatted).toBe('2');
    const ex = Object.fromEntries(
      declarers.explanation.inputs[0]!.excluded!.map((x) => [x.id, x.reason]),
    );
    expect(ex).toEqual({ 'd-A2': 'duplicate', 'd-old': 'outside-period' });
  });
});

describe('rollups and ranks', () => {
  it('a city rate is the sum of its counties’ numerators over the sum of their denominators', async () => {
    const store = await storeWith({
      regions: TREE,
      dataValues: [
        { dataElement: 'num', region: C1, period: '2025', value: '1' },
        { dataElement: 'den', region: C1, period: '2025', value: '1' },
        { dataElement: 'num', region: C2, period: '2025', value: '1' },
        { dataElement: 'den', region: C2, period: '2025', value: '9' },
      ],
    });
    const { results } = await evaluate({
      plan: planOf('test', [rate]),
      store,
      region: '410100',
      period: '2025',
    });
    const city = results.find((r) => r.region === '410100')!;
    // average of rates would be (100 + 11.1) / 2 = 55.6; ratio of sums is 2 / 10
    expect(city.formatted).toBe('20.0');
    expect(results.find((r) => r.region === C3)!.status).toBe('no-data');
  });

  it('ranks siblings by direction, ties sharing a rank', async () => {
    const store = await storeWith({
      regions: TREE,
      dataValues: [
        { dataElement: 'num', region: C1, period: '2025', value: '5' },
        { dataElement: 'den', region: C1, period: '2025', value: '10' },
        { dataElement: 'num', region: C2, period: '2025', value: '1' },
        { dataElement: 'den', region: C2, period: '2025', value: '2' },
        { dataElement: 'num', region: C3, period: '2025', value: '9' },
        { dataElement: 'den', region: C3, period: '2025', value: '10' },
      ],
    });
    const higher = await evaluate({
      plan: planOf('test', [rate]),
      store,
      region: '410100',
      period: '2025',
      levels: ['county'],
    });
    expect(higher.results.map((r) => [r.region, r.rank, r.rankOf])).toEqual([
      [C1, 2, 3],
      [C2, 2, 3],
      [C3, 1, 3],
    ]);
    const lower = await evaluate({
      plan: planOf('test', [{ ...rate, direction: 'lower' }]),
      store,
      region: '410100',
      period: '2025',
      levels: ['county'],
    });
    expect(lower.results.map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});
