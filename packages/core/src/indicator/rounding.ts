/**
 * @module indicator/rounding
 * Decimal arithmetic of indicator values: exact-enough division, rounding once at the end in the
 * indicator's mode, formatting, and comparison with a comparator.
 */
import { Decimal } from 'decimal.js';
import type { Comparator, RoundingMode } from './schema.js';

/** Decimal constructor with 60 significant digits, used for every intermediate quotient. */
const Wide = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

const MODE: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  floor: Decimal.ROUND_FLOOR,
};

/** A value accepted where a decimal is expected. */
export type DecimalLike = Decimal | string | number;

/**
 * `numerator / denominator × factor` with 60 significant digits (not rounded to the published
 * decimals). Throws nothing: the caller handles a zero denominator before calling.
 * @example ratio(1953, 2257, 100).toFixed(4) // '86.5308'
 */
export function ratio(
  numerator: DecimalLike,
  denominator: DecimalLike,
  factor: DecimalLike = 100,
): Decimal {
  return new Decimal(new Wide(numerator).times(factor).div(denominator));
}

/**
 * Round once, in the given mode: `half-up` (四舍五入, halves away from zero), `half-even`
 * (banker's rounding) or `floor` (towards −∞).
 * @example roundValue('86.55', 1, 'half-even').toFixed(1) // '86.6'
 * @example roundValue('94.96', 1, 'half-up').toFixed(1) // '95.0'
 */
export function roundValue(
  value: DecimalLike,
  decimals: number,
  mode: RoundingMode = 'half-up',
): Decimal {
  return new Decimal(value).toDecimalPlaces(decimals, MODE[mode]);
}

/**
 * The published string of a value: rounded once and written with exactly `decimals` places.
 * @example formatValue(ratio(1953, 2257), 1) // '86.5'
 */
export function formatValue(
  value: DecimalLike,
  decimals: number,
  mode: RoundingMode = 'half-up',
): string {
  return new Decimal(value).toFixed(decimals, MODE[mode]);
}

/**
 * Does `left comparator right` hold?
 * @example compareWith('94.96', '>=', '95') // false
 */
export function compareWith(
  left: DecimalLike,
  comparator: Comparator,
  right: DecimalLike,
): boolean {
  const c = new Decimal(left).comparedTo(right);
  switch (comparator) {
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '=':
      return c === 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
  }
}
