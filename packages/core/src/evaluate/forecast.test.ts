import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Target } from '../indicator/schema.js';
import { parsePeriod } from '../period/index.js';
import { definePlan } from '../plans/define.js';
import { MemoryStore } from '../store/memory.js';
import { evaluate } from './evaluate.js';
import {
  elapsedShare,
  type ForecastInput,
  forecastApplies,
  forecastMethods,
  forecastOf,
} from './forecast.js';

// ---------------------------------------------------------------------------------------------
// An independent calendar and exact rational arithmetic (BigInt), written without the core.

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLengths = (y: number) => [
  31,
  isLeap(y) ? 29 : 28,
  31,
  30,
  31,
  30,
  31,
  31,
  30,
  31,
  30,
  31,
];
const dayOfYear = (y: number, m: number, d: number) =>
  monthLengths(y)
    .slice(0, m - 1)
    .reduce((a, b) => a + b, 0) + d;
const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A non-negative fraction p/q. */
interface Q {
  p: bigint;
  q: bigint;
}
const cmpQ = (a: Q, b: Q) => {
  const l = a.p * b.q;
  const r = b.p * a.q;
  return l < r ? -1 : l > r ? 1 : 0;
};
/** Half-up rounding of p/q ≥ 0 to `dec` places, as an integer count of 10^-dec. */
const roundHalfUp = (a: Q, dec: number) => {
  const s = 10n ** BigInt(dec);
  return (2n * a.p * s + a.q) / (2n * a.q);
};
/** A decimal string as a fraction. */
const qOf = (s: string): Q => {
  const [i, f = ''] = s.split('.');
  return { p: BigInt(i! + f), q: 10n ** BigInt(f.length) };
};

function target(value: string, year: number, comparator: Target['comparator'] = '>='): Target {
  return {
    indicator: 'x',
    comparator,
    value,
    period: String(year),
    scope: {},
    milestone: false,
    compareOn: 'unrounded',
    source: { doc: 'test' },
  };
}

const LABEL = { zh: '已申报企业数', en: 'declared employers' };

const date = fc
  .record({
    y: fc.integer({ min: 1990, max: 2099 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => ({ y, m, d: Math.min(d, monthLengths(y)[m - 1]!) }))
  .filter(({ m, d }) => !(m === 12 && d === 31));

describe('forecastOf: linear projection against an independent exact computation', () => {
  it('a proportion: projected value, rounding, time progress, verdict and lag (seed 003 二(一))', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 1000 }),
        ({ y, m, d }, n, den, t10) => {
          const tValue = new Decimal(t10).div(10).toFixed();
          const f = forecastOf({
            indicator: {
              kind: 'proportion',
              rounding: 'half-up',
              forecast: { methods: ['linear'] },
            },
            decimals: 1,
            factor: new Decimal(100),
            numerator: new Decimal(n),
            denominator: new Decimal(den),
            target: target(tValue, y),
            referenceDate: iso(y, m, d),
            integral: true,
            numeratorLabel: LABEL,
          })!;
          const elapsed = dayOfYear(y, m, d);
          const days = isLeap(y) ? 366 : 365;
          expect([f.elapsedDays, f.daysInYear]).toEqual([elapsed, days]);
          // projected numerator n × days / elapsed, capped at the denominator
          let P: Q = { p: BigInt(n * days * 100), q: BigInt(elapsed * den) };
          if (cmpQ({ p: BigInt(n * days), q: BigInt(elapsed) }, { p: BigInt(den), q: 1n }) > 0)
            P = { p: 100n, q: 1n };
          expect(BigInt(f.projectedRounded.times(10).toFixed(0))).toBe(roundHalfUp(P, 1));
          const T = qOf(tValue);
          // likely met at P ≥ T; at risk within 10 % of T, i.e. P ≥ 9T/10; unlikely below
          const expected =
            cmpQ(P, T) >= 0
              ? 'likely-met'
              : cmpQ(P, { p: T.p * 9n, q: T.q * 10n }) >= 0
                ? 'at-risk'
                : 'unlikely';
          expect(f.verdict).toBe(expected);
          // time progress: target × elapsed / days, on pace iff the value to date meets it
          const onPace =
            cmpQ(
              { p: BigInt(n * 100), q: BigInt(den) },
              { p: T.p * BigInt(elapsed), q: T.q * BigInt(days) },
            ) >= 0;
          expect(f.onPace).toBe(onPace);
          // lag: the fewest whole units k with (n + k) × 100 / den ≥ T
          let k = 0n;
          while (cmpQ({ p: (BigInt(n) + k) * 100n, q: BigInt(den) }, T) < 0) k++;
          expect(f.lag?.units.toFixed()).toBe(k.toString());
          expect(f.lag?.action).toBe(k === 0n ? 'none' : 'add');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a count: linear and same-period projections equal n × days ÷ elapsed and n × final ÷ same', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        ({ y, m, d }, n, same, finalExtra, t) => {
          const base: ForecastInput = {
            indicator: { kind: 'count', rounding: 'half-up' },
            decimals: 0,
            factor: new Decimal(1),
            numerator: new Decimal(n),
            target: target(String(t), y),
            referenceDate: iso(y, m, d),
            integral: true,
            numeratorLabel: LABEL,
          };
          const lastYear = {
            samePeriodDate: iso(y - 1, m, Math.min(d, monthLengths(y - 1)[m - 1]!)),
            samePeriod: new Decimal(same),
            final: new Decimal(same + finalExtra),
          };
          const f = forecastOf({ ...base, lastYear })!;
          const elapsed = dayOfYear(y, m, d);
          const days = isLeap(y) ? 366 : 365;
          const P: Q =
            same > 0
              ? { p: BigInt(n * (same + finalExtra)), q: BigInt(same) }
              : { p: BigInt(n * days), q: BigInt(elapsed) };
          expect(f.method).toBe(same > 0 ? 'same-period-last-year' : 'linear');
          expect(f.explanation.skipped !== undefined).toBe(same === 0);
          expect(BigInt(f.projectedRounded.toFixed(0))).toBe(roundHalfUp(P, 0));
          expect(f.verdict === 'likely-met').toBe(cmpQ(P, { p: BigInt(t), q: 1n }) >= 0);
          expect(f.lag?.units.toNumber()).toBe(Math.max(0, t - n));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('forecastOf: boundaries of the calendar', () => {
  const count = (referenceDate: string, n: number, value = '20'): ForecastInput => ({
    indicator: { kind: 'count', rounding: 'half-up', forecast: { methods: ['linear'] } },
    decimals: 0,
    factor: new Decimal(1),
    numerator: new Decimal(n),
    target: target(value, Number(referenceDate.slice(0, 4))),
    referenceDate,
    integral: true,
    numeratorLabel: LABEL,
  });

  it('1 January: one day elapsed, the projection is 365 × the first day', () => {
    const f = forecastOf(count('2025-01-01', 1))!;
    expect([f.elapsedDays, f.daysInYear]).toEqual([1, 365]);
    expect(f.projected.toFixed()).toBe('365');
    expect(f.verdict).toBe('likely-met');
    expect(f.lag?.units.toFixed()).toBe('19');
    expect(f.lagText.en).toBe('needs 19 more (declared employers) by 2025-12-31');
    expect(f.lagText.zh).toBe('到2025年12月31日还需增加19（已申报企业数）');
  });

  it('30 December of a leap year is day 365 of 366; 31 December has no forecast', () => {
    expect(elapsedShare('2024-12-30')).toEqual({ elapsedDays: 365, daysInYear: 366 });
    expect(elapsedShare('2024-02-29')).toEqual({ elapsedDays: 60, daysInYear: 366 });
    expect(elapsedShare('2025-03-01')).toEqual({ elapsedDays: 60, daysInYear: 365 });
    const f = forecastOf(count('2024-12-30', 365, '366'))!;
    expect(f.projected.toFixed()).toBe('366');
    expect(f.verdict).toBe('likely-met');
    expect(f.timeShare.times(366).toFixed()).toBe('365');
    expect(forecastOf(count('2024-12-31', 10))).toBeUndefined();
    expect(forecastApplies(target('20', 2025), parsePeriod('2025'), '2025-12-31')).toBe(false);
    expect(forecastApplies(target('20', 2025), parsePeriod('2025'), '2025-12-30')).toBe(true);
    expect(forecastApplies(target('20', 2025), parsePeriod('2025H1'), '2025-06-30')).toBe(false);
    expect(forecastApplies({ period: '2021/2025' }, parsePeriod('2023'), '2023-06-30')).toBe(false);
  });

  it('a miss within 10 % of the target is at risk, further is unlikely; the margin is pack data', () => {
    // 2025-07-02 is day 183 of 365: 9 → 9 × 365 / 183 = 17.95…; 10 → 19.94…
    expect(forecastOf(count('2025-07-02', 10))!.verdict).toBe('at-risk');
    expect(forecastOf(count('2025-07-02', 9))!.verdict).toBe('unlikely');
    const wide = {
      ...count('2025-07-02', 9),
      indicator: {
        kind: 'count' as const,
        rounding: 'half-up' as const,
        forecast: { methods: ['linear' as const], atRiskShare: '15' },
      },
    };
    expect(forecastOf(wide)!.verdict).toBe('at-risk');
  });

  it('a target of at most N: the projection over it is unlikely, under it likely met', () => {
    const at = (n: number) => ({
      ...count('2025-07-02', n, '20'),
      target: target('20', 2025, '<='),
    });
    expect(forecastOf(at(9))!.verdict).toBe('likely-met');
    expect(forecastOf(at(12))!.verdict).toBe('unlikely'); // 23.93…
    expect(forecastOf(at(11))!.verdict).toBe('at-risk'); // 21.93… ≤ 22
    expect(forecastOf(at(21))!.lag).toEqual({ units: new Decimal(1), action: 'remove' });
  });

  it('a stock read as its latest value holds by default; a flow tries last year, then linear', () => {
    expect(forecastMethods({ aggregation: 'latest' })).toEqual(['hold']);
    expect(forecastMethods({ aggregation: 'sum' })).toEqual(['same-period-last-year', 'linear']);
    expect(forecastMethods({ aggregation: 'latest', forecast: { methods: ['linear'] } })).toEqual([
      'linear',
    ]);
  });

  it('`hold` keeps the value to date', () => {
    const f = forecastOf({
      indicator: { kind: 'proportion', rounding: 'half-up', forecast: { methods: ['hold'] } },
      decimals: 1,
      factor: new Decimal(100),
      numerator: new Decimal(45),
      denominator: new Decimal(50),
      target: target('95', 2025),
      referenceDate: '2025-09-30',
      integral: true,
      numeratorLabel: LABEL,
    })!;
    expect(f.projectedFormatted).toBe('90.0');
    expect(f.verdict).toBe('at-risk');
    expect(f.lag?.units.toFixed()).toBe('3'); // 48 / 50 = 96 %
  });
});

// ---------------------------------------------------------------------------------------------
// Through evaluate(): a county that must hold 20 inspections a year (the shape of seed 001's
// "每年…不少于20家" quotas).

const plan = definePlan({
  id: 'forecast-test',
  label: { zh: '预判测试', en: 'Forecast test' },
  source: { doc: 'test' },
  indicators: [
    {
      id: 'inspections',
      label: { zh: '检查次数', en: 'Inspections' },
      kind: 'count',
      unit: { zh: '次', en: 'inspections' },
      aggregation: 'sum',
      numerator: { op: 'count-facts', kind: 'inspection' },
      numeratorLabel: { zh: '检查次数', en: 'inspections' },
    },
  ],
  targets: [2024, 2025].map((y) => ({
    indicator: 'inspections',
    comparator: '>=' as const,
    value: '20',
    period: String(y),
    source: { doc: 'test' },
  })),
});

async function storeWith(dates: readonly string[]) {
  const store = new MemoryStore();
  await store.write({
    regions: [
      { code: '410000', name: { zh: '河南省' }, level: 'province', parent: null },
      { code: '410100', name: { zh: '郑州市' }, level: 'prefecture', parent: '410000' },
      { code: '410102', name: { zh: '中原区' }, level: 'county', parent: '410100' },
    ],
    employers: [],
    facts: dates.map((date, i) => ({
      id: `i-${i}`,
      kind: 'inspection' as const,
      region: '410102',
      date,
    })),
  });
  return store;
}

const of = (e: Awaited<ReturnType<typeof evaluate>>, region: string) =>
  e.results.find((r) => r.region === region)!;

describe('evaluate(): the forecast of a yearly target part-way through the year', () => {
  const eight2025 = Array.from({ length: 8 }, (_, i) => `2025-0${1 + (i % 6)}-15`);

  it('without last year’s data: linear, 8 by 06-30 → 8 × 365 / 181 = 16.1 → unlikely, needs 12 more', async () => {
    const store = await storeWith(eight2025);
    const e = await evaluate({ plan, region: '410000', period: '2025', store, asOf: '2025-06-30' });
    const f = of(e, '410102').forecast!;
    expect(f.method).toBe('linear');
    expect(f.elapsedDays).toBe(181);
    expect(f.projectedFormatted).toBe('16');
    expect(f.projected.toFixed(6)).toBe(new Decimal(8 * 365).div(181).toFixed(6));
    expect(f.verdict).toBe('unlikely');
    expect(f.lag).toEqual({ units: new Decimal(12), action: 'add' });
    expect(f.lagText.en).toBe('needs 12 more (inspections) by 2025-12-31');
    expect(f.expectedToDate.toFixed(4)).toBe(new Decimal(20 * 181).div(365).toFixed(4));
    expect(f.onPace).toBe(false); // 8 < 9.92
    expect(f.explanation.skipped?.[0]?.en).toContain('is zero');
    // the rollup to the prefecture and province is forecast the same way
    expect(of(e, '410000').forecast?.projectedFormatted).toBe('16');
  });

  it('with last year’s data: 8 × (15 ÷ 5) = 24 → likely met', async () => {
    const last = [
      ...['2024-01-10', '2024-02-10', '2024-03-10', '2024-05-10', '2024-06-30'],
      ...Array.from({ length: 10 }, (_, i) => `2024-${String(7 + (i % 6)).padStart(2, '0')}-01`),
    ];
    const store = await storeWith([...last, ...eight2025]);
    const e = await evaluate({ plan, region: '410000', period: '2025', store, asOf: '2025-06-30' });
    const f = of(e, '410102').forecast!;
    expect(f.method).toBe('same-period-last-year');
    expect(f.lastYear).toEqual({
      samePeriodDate: '2024-06-30',
      samePeriod: new Decimal(5),
      final: new Decimal(15),
    });
    expect(f.projected.toFixed()).toBe('24');
    expect(f.verdict).toBe('likely-met');
    // the figure itself is unchanged by the forecast
    expect(of(e, '410102').numerator?.toFixed()).toBe('8');
    expect(of(e, '410102').status).toBe('not-met');
  });

  it('a leap day reads last year to 28 February', async () => {
    const store = await storeWith(['2023-02-28', '2023-03-01', '2023-12-01', '2024-02-29']);
    const e = await evaluate({ plan, region: '410102', period: '2024', store, asOf: '2024-02-29' });
    const f = of(e, '410102').forecast!;
    expect(f.lastYear?.samePeriodDate).toBe('2023-02-28');
    expect(f.lastYear?.samePeriod?.toFixed()).toBe('1');
    expect(f.projected.toFixed()).toBe('3');
  });

  it('no forecast on 31 December, nor when the period is evaluated to its end', async () => {
    const store = await storeWith(eight2025);
    for (const asOf of ['2025-12-31', undefined]) {
      const e = await evaluate({
        plan,
        region: '410000',
        period: '2025',
        store,
        ...(asOf ? { asOf } : {}),
      });
      expect(e.results.every((r) => r.forecast === undefined)).toBe(true);
    }
  });

  it('results carry the indicator’s decimals and rounding', async () => {
    const store = await storeWith(eight2025);
    const e = await evaluate({ plan, region: '410000', period: '2025', store });
    expect(of(e, '410102')).toMatchObject({ decimals: 0, rounding: 'half-up', formatted: '8' });
  });
});
