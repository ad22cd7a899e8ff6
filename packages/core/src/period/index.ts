/**
 * @module period
 */

export type { Period, PeriodType } from './period.js';
export {
  FOURTEENTH_FIVE_YEAR_PLAN,
  formatPeriod,
  isoWeeksInYear,
  isPeriodId,
  nextPeriod,
  parentPeriod,
  parsePeriod,
  periodChildren,
  periodContains,
  periodIdSchema,
  periodOfDate,
  periodsOverlap,
  planSpan,
  previousPeriod,
  shiftPeriod,
} from './period.js';
