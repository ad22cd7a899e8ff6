/**
 * @module demo
 * The one seeded, deterministic generator of occhealth's synthetic data, shared by the
 * `occhealth demo` command, the benchmarks and the examples. Import from `@occhealth/core/demo`;
 * pass the region list of `@occhealth/core/regions-cn` (kept apart so this entry stays small).
 */
export type { Calibration } from './demo/calibrate.js';
export { calibrate } from './demo/calibrate.js';
export type {
  DemoBatch,
  DemoDataset,
  DemoOptions,
  DemoScale,
} from './demo/dataset.js';
export { DEMO_SCALES, demoDataset } from './demo/dataset.js';
export type { DemoIndustry } from './demo/industries.js';
export { INDUSTRIES } from './demo/industries.js';
export type {
  County,
  FactFields,
  FactSink,
  GenEmployer,
  Model,
  YearFlags,
} from './demo/model.js';
export {
  ASSISTANCE_PROGRAMME,
  ASSISTED_PER_COUNTY,
  buildModel,
  countiesOf,
  creditCodeFor,
  FIRST_YEAR,
  LAST_YEAR,
  makeEmployer,
  makeFacts,
  organisationCode,
  STREAM,
  statusHistoryCell,
} from './demo/model.js';
export { cumulative, Rng } from './demo/prng.js';
