import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWith, ratio, roundValue } from '../indicator/rounding.js';
import type { Comparator, RoundingMode } from '../indicator/schema.js';
import { parsePeriod } from '../period/index.js';
import { defineTarget, gapTo, selectTarget, timeProgress } from './target.js';

describe('gapTo', () => {
  it('is the smallest whole number of numerator units that meets the target (brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom<Comparator>('>=', '>', '<=', '<'),
        fc.integer({ min: 0, max: 1000 }).map((t) => (t / 10).toFixed(1)),
        fc.constantFrom<'rounded' | 'unrounded'>('rounded', 'unrounded'),
        fc.constantFrom<RoundingMode>('half-up', 'half-even', 'floor'),
        (den, n0, comparator, value, compareOn, rounding) => {
          const num = Math.min(n0, den);
          const input = {
            numerator: new Decimal(num),
            denominator: new Decimal(den),
            factor: new Decimal(100),
            decimals: 1,
            rounding,
            integral: true,
            target: { comparator, value, compareOn },
          };
          const meets = (k: number) => {
            const v = ratio(k, den, 100);
            return compareWith(
              compareOn === 'rounded' ? roundValue(v, 1, rounding) : v,
              comparator,
              value,
            );
          };
          const up = comparator === '>=' || comparator === '>';
          let best: number | undefined;
          for (let k = 0; k <= (up ? 2000 : num); k++) {
            const cand = up ? num + k : num - k;
            if (meets(cand)) {
              best = k;
              break;
            }
          }
          const gap = gapTo(input);
          if (best === undefined) expect(gap).toBeUndefined();
          else expect(gap!.units.toNumber()).toBe(best);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('1,953 of 2,257 rectified needs 192 more to reach 95 %', () => {
    const gap = gapTo({
      numerator: new Decimal(1953),
      denominator: new Decimal(2257),
      factor: new Decimal(100),
      decimals: 1,
      rounding: 'half-up',
      integral: true,
      target: { comparator: '>=', value: '95' },
    });
    // 95 % of 2,257 = 2,144.15 → 2,145 rectified → 192 more
    expect(gap).toMatchObject({ action: 'add' });
    expect(gap!.units.toFixed()).toBe('192');
  });

  it('counts and fractional numerators', () => {
    const count = gapTo({
      numerator: new Decimal(45),
      factor: new Decimal(1),
      decimals: 0,
      rounding: 'half-up',
      integral: true,
      target: { comparator: '>=', value: '60' },
    });
    expect(count!.units.toFixed()).toBe('15');
    const frac = gapTo({
      numerator: new Decimal('12.5'),
      factor: new Decimal(1),
      decimals: 1,
      rounding: 'half-up',
      integral: false,
      target: { comparator: '<=', value: '10' },
    });
    expect(frac).toMatchObject({ action: 'remove' });
    expect(frac!.units.toFixed()).toBe('2.5');
    expect(
      gapTo({
        numerator: new Decimal(1),
        denominator: new Decimal(0),
        factor: new Decimal(100),
        decimals: 1,
        rounding: 'half-up',
        integral: true,
        target: { comparator: '>=', value: '1' },
      }),
    ).toBeUndefined();
  });
});

describe('selectTarget', () => {
  const county = {
    code: '530102',
    name: { zh: '五华区' },
    level: 'county' as const,
    parent: '530100',
  };
  const src = { doc: 'test' };
  const targets = [
    defineTarget({ indicator: 'r', comparator: '>=', value: '100', period: '2025', source: src }),
    defineTarget({
      indicator: 'r',
      comparator: '>=',
      value: '90',
      period: '2024',
      milestone: true,
      source: src,
    }),
    defineTarget({
      indicator: 'r',
      comparator: '>=',
      value: '95',
      period: '2025',
      scope: { level: 'county' },
      source: src,
    }),
    defineTarget({
      indicator: 'r',
      comparator: '>=',
      value: '97',
      period: '2025',
      scope: { region: '530102' },
      source: src,
    }),
    defineTarget({
      indicator: 'r',
      comparator: '>=',
      value: '80',
      period: '2021/2025',
      source: src,
    }),
  ];
  it('picks the nearest period, then region over level over none', () => {
    expect(selectTarget(targets, 'r', county, '2024')!.value).toBe('90');
    expect(selectTarget(targets, 'r', county, '2025')!.value).toBe('97');
    expect(selectTarget(targets, 'r', { ...county, code: '530103' }, '2025Q2')!.value).toBe('95');
    expect(
      selectTarget(targets, 'r', { ...county, level: 'prefecture', code: '530100' }, '2025')!.value,
    ).toBe('100');
    expect(selectTarget(targets, 'r', county, '2022')!.value).toBe('80');
    expect(selectTarget(targets, 'r', county, '2026')).toBeUndefined();
  });
});

describe('timeProgress (时序进度)', () => {
  const target = { comparator: '>=' as const, value: '60', period: '2025' };
  it('expects m/12 of a yearly target by month m', () => {
    const p = timeProgress(target, parsePeriod('2025'), '2025-06-30', new Decimal(27))!;
    expect(p.month).toBe(6);
    expect(p.expected.toFixed()).toBe('30');
    expect(p.onTrack).toBe(false);
    expect(timeProgress(target, parsePeriod('2025'), '2025-09-30', new Decimal(45))!.onTrack).toBe(
      true,
    );
    expect(
      timeProgress(
        target,
        parsePeriod('2025'),
        '2025-12-31',
        new Decimal(60),
      )!.expectedShare.toFixed(),
    ).toBe('1');
  });
  it('does not apply to a window that does not start on 1 January, or a non-yearly target', () => {
    expect(
      timeProgress(target, parsePeriod('2025Q2'), '2025-06-30', new Decimal(1)),
    ).toBeUndefined();
    expect(
      timeProgress(
        { ...target, period: '2024/2025' },
        parsePeriod('2024/2025'),
        '2025-06-30',
        new Decimal(1),
      ),
    ).toBeUndefined();
  });
});
