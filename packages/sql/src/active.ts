/**
 * @module sql/active
 * The suspension cut-off: the core counts an employer suspended since `from` as active on day `d`
 * while `d <= addMonths(from, 6)` (month-end clamped). `addMonths` never decreases as `from` grows,
 * so the suspensions still counted on `d` are exactly those with `from >= cutoff`, for one day
 * `cutoff` computed here with the core's own `addMonths` — and the SQL compares with a parameter.
 */
import { addDays, addMonths, SUSPENSION_GRACE_MONTHS } from '@occhealth/core';

/**
 * The earliest suspension start still counted as active on `date`: the least `from` with
 * `date <= addMonths(from, SUSPENSION_GRACE_MONTHS)`.
 * @example suspensionCutoff('2025-03-01') // '2024-09-01' (08-31 + 6 months clamps to 02-28)
 */
export function suspensionCutoff(date: string): string {
  const counts = (from: string) => date <= addMonths(from, SUSPENSION_GRACE_MONTHS);
  let d = addMonths(date, -SUSPENSION_GRACE_MONTHS);
  while (counts(d)) d = addDays(d, -1);
  while (!counts(d)) d = addDays(d, 1);
  return d;
}
