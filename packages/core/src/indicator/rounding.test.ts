import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWith, formatValue, ratio, roundValue } from './rounding.js';
import type { RoundingMode } from './schema.js';

/** Independent rounding of the rational n / d (d > 0, n may be negative) to `dec` places, in BigInt. */
function roundRational(n: bigint, d: bigint, dec: number, mode: RoundingMode): string {
  const scale = 10n ** BigInt(dec);
  const num = n * scale;
  let q = num / d; // truncates towards zero
  let r = num % d; // same sign as num
  if (r < 0n) {
    q -= 1n; // floor
    r += d;
  }
  // now num = q*d + r with 0 <= r < d, q = floor
  if (mode === 'half-up') {
    // half away from zero
    if (num >= 0n) {
      if (2n * r >= d) q += 1n;
    } else if (2n * r > d) q += 1n;
  } else if (mode === 'half-even') {
    if (2n * r > d || (2n * r === d && q % 2n !== 0n)) q += 1n;
  }
  const neg = q < 0n;
  const abs = neg ? -q : q;
  const s = abs.toString().padStart(dec + 1, '0');
  const out = dec === 0 ? s : `${s.slice(0, -dec)}.${s.slice(-dec)}`;
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
}

const modes = fc.constantFrom<RoundingMode>('half-up', 'half-even', 'floor');

describe('rounding', () => {
  it('agrees with an independent BigInt implementation on rates n / d × 100, every mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        modes,
        (n, d, dec, mode) => {
          expect(formatValue(ratio(n, d, 100), dec, mode)).toBe(
            roundRational(BigInt(n) * 100n, BigInt(d), dec, mode),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees on exact halves and signed decimals, every mode', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
        fc.integer({ min: 1, max: 5 }),
        modes,
        (m, k, mode) => {
          const dec = k - 1;
          const value = new Decimal(m.toString()).div(10 ** k);
          const want = roundRational(m, 10n ** BigInt(k), dec, mode);
          expect(new Decimal(roundValue(value, dec, mode)).eq(want)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('half-up is 四舍五入, half-even is banker’s, floor goes down', () => {
    expect(formatValue('86.55', 1, 'half-up')).toBe('86.6');
    expect(formatValue('86.65', 1, 'half-even')).toBe('86.6');
    expect(formatValue('86.75', 1, 'half-even')).toBe('86.8');
    expect(formatValue('86.59', 1, 'floor')).toBe('86.5');
    expect(formatValue('94.96', 1)).toBe('95.0');
  });

  it('compares with every comparator', () => {
    expect(compareWith('94.96', '>=', '95')).toBe(false);
    expect(compareWith('95', '>=', '95.0')).toBe(true);
    expect(compareWith('95', '>', '95')).toBe(false);
    expect(compareWith('15', '<=', '15')).toBe(true);
    expect(compareWith('14.9', '<', '15')).toBe(true);
    expect(compareWith('100.0', '=', '100')).toBe(true);
  });
});
