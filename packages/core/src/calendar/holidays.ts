/**
 * @module calendar/holidays
 * The official Chinese public-holiday and make-up-working-day calendar (国务院办公厅关于部分节假日
 * 安排的通知), kept as data per year. A year without data is an error, never a guess: the State
 * Council publishes each year's arrangement only in the preceding autumn.
 */
import { addDays, dateParts, type IsoDate, isoWeekday, parseIsoDate } from '../date/index.js';
import { fail } from '../errors/index.js';
import type { CalendarLabel } from './schema.js';

/** One holiday block: the days off (放假调休) from `from` to `to`, inclusive. */
export interface HolidayBlock {
  /** The holiday's name (e.g. 国庆节 / National Day). */
  readonly name: CalendarLabel;
  /** First day off. */
  readonly from: IsoDate;
  /** Last day off (inclusive). */
  readonly to: IsoDate;
}

/** One year's arrangement as published by the General Office of the State Council. */
export interface HolidayYear {
  /** The calendar year. */
  readonly year: number;
  /** The notice: title, document number (when known) and date issued. */
  readonly source: { readonly title: string; readonly doc?: string; readonly issued: IsoDate };
  /** Days off (holidays plus the weekend days merged into them). */
  readonly holidays: readonly HolidayBlock[];
  /** Weekend days declared working days (调休上班). */
  readonly workdays: readonly IsoDate[];
}

const N = {
  newYear: { zh: '元旦', en: "New Year's Day" },
  spring: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labour: { zh: '劳动节', en: 'Labour Day' },
  dragonBoat: { zh: '端午节', en: 'Dragon Boat Festival' },
  midAutumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  national: { zh: '国庆节', en: 'National Day' },
  nationalMidAutumn: { zh: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' },
} as const;

/**
 * The arrangements occhealth knows, by year. Each entry transcribes the State Council notice;
 * "与周末连休" (joined to the weekend) blocks list only the weekday holiday itself, since weekend
 * days are rest days anyway.
 */
export const CHINA_HOLIDAYS: Readonly<Record<number, HolidayYear>> = {
  2024: {
    year: 2024,
    source: {
      title: '国务院办公厅关于2024年部分节假日安排的通知',
      doc: '国办发明电〔2023〕7号',
      issued: '2023-10-25',
    },
    holidays: [
      { name: N.newYear, from: '2024-01-01', to: '2024-01-01' },
      { name: N.spring, from: '2024-02-10', to: '2024-02-17' },
      { name: N.qingming, from: '2024-04-04', to: '2024-04-06' },
      { name: N.labour, from: '2024-05-01', to: '2024-05-05' },
      { name: N.dragonBoat, from: '2024-06-10', to: '2024-06-10' },
      { name: N.midAutumn, from: '2024-09-15', to: '2024-09-17' },
      { name: N.national, from: '2024-10-01', to: '2024-10-07' },
    ],
    workdays: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  2025: {
    year: 2025,
    source: {
      title: '国务院办公厅关于2025年部分节假日安排的通知',
      doc: '国办发明电〔2024〕12号',
      issued: '2024-11-12',
    },
    holidays: [
      { name: N.newYear, from: '2025-01-01', to: '2025-01-01' },
      { name: N.spring, from: '2025-01-28', to: '2025-02-04' },
      { name: N.qingming, from: '2025-04-04', to: '2025-04-06' },
      { name: N.labour, from: '2025-05-01', to: '2025-05-05' },
      { name: N.dragonBoat, from: '2025-05-31', to: '2025-06-02' },
      { name: N.nationalMidAutumn, from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    year: 2026,
    source: {
      // Document number not verified here; title and date as published by Xinhua on 2025-11-04.
      title: '国务院办公厅关于2026年部分节假日安排的通知',
      issued: '2025-11-04',
    },
    holidays: [
      { name: N.newYear, from: '2026-01-01', to: '2026-01-03' },
      { name: N.spring, from: '2026-02-15', to: '2026-02-23' },
      { name: N.qingming, from: '2026-04-04', to: '2026-04-06' },
      { name: N.labour, from: '2026-05-01', to: '2026-05-05' },
      { name: N.dragonBoat, from: '2026-06-19', to: '2026-06-21' },
      { name: N.midAutumn, from: '2026-09-25', to: '2026-09-27' },
      { name: N.national, from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

/** A holiday table: the built-in {@link CHINA_HOLIDAYS} or a caller's own (e.g. with a newer year). */
export type HolidayTable = Readonly<Record<number, HolidayYear>>;

/**
 * Years with holiday data in `table`, ascending.
 * @example holidayYears({ 2026: CHINA_HOLIDAYS[2026]!, 2025: CHINA_HOLIDAYS[2025]! }) // [2025, 2026]
 */
export function holidayYears(table: HolidayTable = CHINA_HOLIDAYS): number[] {
  return Object.keys(table)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * The arrangement for `year`.
 * @throws ValidationError (`calendar.holidays-missing`) when the table has no such year.
 * @example holidayYear(1999) // throws (no arrangement for 1999 in the built-in table)
 */
export function holidayYear(year: number, table: HolidayTable = CHINA_HOLIDAYS): HolidayYear {
  const data = table[year];
  if (!data) {
    fail(
      'year',
      year,
      'calendar.holidays-missing',
      `no public-holiday data for ${year} (known: ${holidayYears(table).join(', ')}); add the State Council notice for that year`,
      `缺少 ${year} 年节假日安排数据（已有：${holidayYears(table).join('、')}），请补充国务院办公厅当年的节假日安排通知`,
    );
  }
  return data;
}

/**
 * Is `date` an official day off (a holiday block day)? Needs data for the year.
 * @example isPublicHoliday('2025-10-01') // true (National Day; Sunday 2025-09-28 is a make-up working day, not a holiday)
 */
export function isPublicHoliday(date: IsoDate, table: HolidayTable = CHINA_HOLIDAYS): boolean {
  const d = parseIsoDate(date);
  const data = holidayYear(dateParts(d).year, table);
  return data.holidays.some((h) => h.from <= d && d <= h.to);
}

/**
 * Is `date` a working day in China: a make-up working day (调休上班), or Monday–Friday and not a
 * holiday.
 * @example isWorkingDay('2025-02-08') // true (Saturday make-up day)
 * @example isWorkingDay('2025-10-08') // false (National Day)
 * @throws ValidationError (`calendar.holidays-missing`) for a year without data.
 */
export function isWorkingDay(date: IsoDate, table: HolidayTable = CHINA_HOLIDAYS): boolean {
  const d = parseIsoDate(date);
  const data = holidayYear(dateParts(d).year, table);
  if (data.workdays.includes(d)) return true;
  if (isoWeekday(d) >= 6) return false;
  return !data.holidays.some((h) => h.from <= d && d <= h.to);
}

/**
 * The first working day on or after (`next`) or on or before (`previous`) `date`.
 * @example shiftToWorkingDay('2025-10-01', 'next') // '2025-10-09'
 */
export function shiftToWorkingDay(
  date: IsoDate,
  direction: 'next' | 'previous',
  table: HolidayTable = CHINA_HOLIDAYS,
): IsoDate {
  const step = direction === 'next' ? 1 : -1;
  let d = parseIsoDate(date);
  // The longest run of rest days in any arrangement is well under a month.
  for (let i = 0; i < 40; i++) {
    if (isWorkingDay(d, table)) return d;
    d = addDays(d, step);
  }
  return fail(
    'date',
    date,
    'calendar.no-working-day',
    'no working day within 40 days',
    '40 天内没有工作日',
  );
}
