/**
 * @module demo/calibrate
 * Calibration of the demo generator: the hazard-factor scale (and, when needed, extra exam and
 * training sessions) that makes the generated fact count meet a target.
 */
import { buildModel, type County, type Model, makeEmployer, makeFacts } from './model.js';

/** What {@link calibrate} finds. */
export interface Calibration {
  /** Multiplier on the share of employers with hazard factors. */
  readonly factorScale: number;
  /** Mean extra exam / training sessions per such fact. */
  readonly extraSessions: number;
}

function countFacts(model: Model, sample: number): number {
  let n = 0;
  const sink = () => {
    n++;
  };
  for (let i = 0; i < sample; i++) makeFacts(model, makeEmployer(model, i), sink);
  return n;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Find the hazard-factor scale (and, if needed, extra exam/training sessions) whose facts per
 * employer meet `facts / employers` on a sample of at most 20,000 employers. Pure and
 * deterministic: the same counties and options give the same calibration.
 * @example
 * ```ts
 * const counties = countiesOf(chinaRegions(), 1);
 * const first = calibrate(counties, { employers: 200, facts: 1000, seed: 1 });
 * const again = calibrate(counties, { employers: 200, facts: 1000, seed: 1 });
 * console.log(first.factorScale === again.factorScale && first.extraSessions === again.extraSessions);
 * // → true
 * ```
 */
export function calibrate(
  counties: readonly County[],
  options: { readonly employers: number; readonly facts: number; readonly seed: number },
): Calibration {
  const sample = Math.min(options.employers, 20_000);
  const want = (options.facts / options.employers) * sample;
  const at = (factorScale: number, extraSessions: number) =>
    countFacts(buildModel(counties, { ...options, factorScale, extraSessions }), sample);
  let lo = 0.2;
  let hi = 1 / 0.55;
  if (at(hi, 0) < want) {
    let a = 0;
    let b = 20;
    for (let k = 0; k < 14; k++) {
      const mid = (a + b) / 2;
      if (at(hi, mid) < want) a = mid;
      else b = mid;
    }
    return { factorScale: round4(hi), extraSessions: round4((a + b) / 2) };
  }
  for (let k = 0; k < 14; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid, 0) < want) lo = mid;
    else hi = mid;
  }
  return { factorScale: round4((lo + hi) / 2), extraSessions: 0 };
}
