import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { gapTo } from './target.js';

describe('gapTo at large magnitudes', () => {
  it('a count near 1e20 returns (regression: the Decimal search never ended)', () => {
    const g = gapTo({
      numerator: new Decimal('100000000000000000000'),
      denominator: new Decimal('300000000000000000000'),
      factor: new Decimal(100),
      decimals: 1,
      rounding: 'half-up',
      integral: true,
      target: { comparator: '>=', value: '95' },
    });
    // independent: ceil(0.95 × 3e20) − 1e20 = 2.85e20 − 1e20
    expect(g?.units.toFixed()).toBe('185000000000000000000');
  }, 2000);
});
