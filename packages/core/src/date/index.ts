/**
 * @module date
 */

export type { IsoDate } from './date.js';
export {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dateParts,
  daysBetween,
  daysInMonth,
  endOfMonth,
  isCalendarDate,
  isoDateSchema,
  isoWeekday,
  MAX_DATE,
  MIN_DATE,
  makeDate,
  maxDate,
  minDate,
  parseIsoDate,
  todayInChina,
} from './date.js';
