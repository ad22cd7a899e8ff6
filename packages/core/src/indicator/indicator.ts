/**
 * @module indicator/indicator
 * Defining indicators and reading their effective settings (factor, decimals) with defaults.
 */
import { Decimal } from 'decimal.js';
import { parseWith } from '../errors/index.js';
import { type Indicator, type IndicatorInput, indicatorSchema } from './schema.js';

/**
 * Validate an indicator definition; errors name the field path, value and rule.
 * @example
 * ```ts
 * const rectificationRate = defineIndicator({
 *   id: 'rectificationRate', kind: 'proportion',
 *   label: { zh: '整改率', en: 'Rectification rate' }, unit: { zh: '%', en: '%' },
 *   numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
 *   denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
 * });
 * console.log(indicatorFactor(rectificationRate)); // a proportion is shown per hundred
 * // → 100
 * ```
 */
export function defineIndicator(input: IndicatorInput): Indicator {
  return parseWith(indicatorSchema, input);
}

/**
 * The indicator's factor: as given, else 100 for proportions and rates, 1 otherwise.
 * @example indicatorFactor({ kind: 'rate', factor: '100000' }).toString() // '100000' (per 100 000, as given)
 */
export function indicatorFactor(indicator: Pick<Indicator, 'factor' | 'kind'>): Decimal {
  if (indicator.factor !== undefined) return new Decimal(indicator.factor);
  return new Decimal(indicator.kind === 'proportion' || indicator.kind === 'rate' ? 100 : 1);
}

/**
 * Published decimals: as given, else 1 for proportions and rates, 0 for counts, 2 for ratios.
 * @example indicatorDecimals({ kind: 'ratio' }) // 2
 */
export function indicatorDecimals(indicator: Pick<Indicator, 'decimals' | 'kind'>): number {
  if (indicator.decimals !== undefined) return indicator.decimals;
  return indicator.kind === 'count' ? 0 : indicator.kind === 'ratio' ? 2 : 1;
}
