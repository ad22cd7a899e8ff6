/**
 * @module region
 */

export type { Label, Region, RegionLevel } from './region.js';
export {
  labelSchema,
  levelRank,
  parseRegion,
  REGION_LEVEL_LABELS,
  REGION_LEVELS,
  RegionTree,
  regionCodeSchema,
  regionSchema,
} from './region.js';
