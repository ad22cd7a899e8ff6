/**
 * @module date
 * Calendar dates (`YYYY-MM-DD`) in China time. Arithmetic is done by date-fns on `UTCDate`
 * values, so nothing depends on the machine's time zone.
 */
import { UTCDate } from '@date-fns/utc';
import {
  addDays as addDaysFns,
  addMonths as addMonthsFns,
  addYears as addYearsFns,
  differenceInCalendarDays,
} from 'date-fns';
import { z } from 'zod';
import { fail } from '../errors/index.js';

/** A calendar date `YYYY-MM-DD` (China time). */
export type IsoDate = string;

/** Earliest date occhealth accepts (founding of the PRC). */
export const MIN_DATE: IsoDate = '1949-10-01';
/** Latest date occhealth accepts. */
export const MAX_DATE: IsoDate = '2100-12-31';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Is `value` a real calendar date `YYYY-MM-DD` (any year)?
 * @example isCalendarDate('2024-02-29') // true (a leap year)
 * @example isCalendarDate('2025-02-29') // false
 */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Number of days in `month` (1–12) of `year`.
 * @example daysInMonth(2024, 2) // 29
 * @example daysInMonth(2100, 2) // 28 (not a leap year)
 */
export function daysInMonth(year: number, month: number): number {
  // Pure arithmetic (proleptic Gregorian): this runs for every date of every imported row, and a
  // Date-based lookup costs more than the rest of the row's validation.
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return DAYS_IN_MONTH[month - 1] ?? Number.NaN;
}

/** zod schema of an {@link IsoDate} within {@link MIN_DATE}..{@link MAX_DATE}. */
export const isoDateSchema = z
  .string()
  .refine(isCalendarDate, {
    message: 'must be a calendar date YYYY-MM-DD',
    params: { rule: 'date.format', messageZh: '必须是 YYYY-MM-DD 格式的有效日期' },
  })
  .refine((d) => !isCalendarDate(d) || (d >= MIN_DATE && d <= MAX_DATE), {
    message: `must lie between ${MIN_DATE} and ${MAX_DATE}`,
    params: { rule: 'date.range', messageZh: `日期必须在 ${MIN_DATE} 至 ${MAX_DATE} 之间` },
  });

/**
 * Validate a date string, throwing a ValidationError naming `field`.
 * @example parseIsoDate('2025-02-29') // throws: date.format
 */
export function parseIsoDate(value: unknown, field = 'date'): IsoDate {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    fail(
      field,
      value,
      'date.format',
      'must be a calendar date YYYY-MM-DD',
      '必须是 YYYY-MM-DD 格式的有效日期',
    );
  }
  if (value < MIN_DATE || value > MAX_DATE) {
    fail(
      field,
      value,
      'date.range',
      `must lie between ${MIN_DATE} and ${MAX_DATE}`,
      `日期必须在 ${MIN_DATE} 至 ${MAX_DATE} 之间`,
    );
  }
  return value;
}

/**
 * Build an IsoDate from parts (month 1–12). Throws on an impossible date.
 * @example makeDate(2025, 3, 1) // '2025-03-01'
 * @example makeDate(2025, 2, 30) // throws ValidationError
 */
export function makeDate(year: number, month: number, day: number): IsoDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isCalendarDate(text)) {
    fail('date', text, 'date.format', 'is not a calendar date', '不是有效日期');
  }
  return text;
}

/**
 * Split an IsoDate into numbers.
 * @example dateParts('2025-03-01') // { year: 2025, month: 3, day: 1 }
 */
export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(date);
  if (!m)
    fail(
      'date',
      date,
      'date.format',
      'must be a calendar date YYYY-MM-DD',
      '必须是 YYYY-MM-DD 格式的有效日期',
    );
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function toUtc(date: IsoDate): UTCDate {
  const { year, month, day } = dateParts(date);
  return new UTCDate(year, month - 1, day);
}

function fromUtc(d: Date): IsoDate {
  const u = new UTCDate(d);
  return `${String(u.getFullYear()).padStart(4, '0')}-${String(u.getMonth() + 1).padStart(2, '0')}-${String(u.getDate()).padStart(2, '0')}`;
}

/** `date` plus `days` (may be negative). @example addDays('2025-02-28', 1) // '2025-03-01' */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(addDaysFns(toUtc(date), days));
}

/**
 * `date` plus `months`, clamped to the end of a shorter month.
 * @example addMonths('2025-01-31', 1) // '2025-02-28'
 * @example addMonths('2024-01-31', 1) // '2024-02-29'
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return fromUtc(addMonthsFns(toUtc(date), months));
}

/** `date` plus `years`, 02-29 clamped to 02-28. @example addYears('2024-02-29', 1) // '2025-02-28' */
export function addYears(date: IsoDate, years: number): IsoDate {
  return fromUtc(addYearsFns(toUtc(date), years));
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 * @example daysBetween('2025-01-01', '2025-03-01') // 59 (31 + 28)
 * @example daysBetween('2025-03-01', '2025-01-01') // -59
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toUtc(to), toUtc(from));
}

/**
 * Last day of the month `date` lies in.
 * @example endOfMonth('2024-02-10') // '2024-02-29'
 */
export function endOfMonth(date: IsoDate): IsoDate {
  const { year, month } = dateParts(date);
  return makeDate(year, month, daysInMonth(year, month));
}

/**
 * ISO weekday 1 (Monday) … 7 (Sunday).
 * @example isoWeekday('2025-01-01') // 3 (a Wednesday)
 * @example isoWeekday('2025-03-30') // 7 (a Sunday)
 */
export function isoWeekday(date: IsoDate): number {
  const d = toUtc(date).getDay();
  return d === 0 ? 7 : d;
}

/**
 * Compare two dates: negative, zero or positive. IsoDates compare as strings.
 * @example compareDates('2025-01-02', '2025-01-10') // -1
 */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The later of two dates.
 * @example maxDate('2025-01-02', '2025-01-10') // '2025-01-10'
 */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/**
 * The earlier of two dates.
 * @example minDate('2025-01-02', '2025-01-10') // '2025-01-02'
 */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Today's date in China time (UTC+8; China has not observed daylight saving since 1991).
 * @param now the instant to convert; defaults to the current instant.
 * @example todayInChina(new Date('2025-03-31T16:30:00Z')) // '2025-04-01' (00:30 in Beijing)
 */
export function todayInChina(now: Date = new Date()): IsoDate {
  return fromUtc(new Date(now.getTime() + CHINA_OFFSET_MS));
}
