/**
 * @module period
 * Period ids and arithmetic: `2025`, `2025H1`, `2025Q3`, `2025-07`, `2025W14` (ISO week) and
 * multi-year spans `2021/2025` (a five-year plan).
 */
import { z } from 'zod';
import {
  addDays,
  compareDates,
  daysInMonth,
  type IsoDate,
  isoWeekday,
  makeDate,
} from '../date/index.js';
import { fail } from '../errors/index.js';

/** The kinds of period occhealth knows. */
export type PeriodType = 'year' | 'half' | 'quarter' | 'month' | 'week' | 'span';

/** @internal Chinese names of the period types, for messages (年度, 季度, …). */
export const PERIOD_TYPE_ZH: Readonly<Record<PeriodType | 'event', string>> = {
  year: '年度',
  half: '半年',
  quarter: '季度',
  month: '月度',
  week: '周',
  span: '时段',
  event: '事件',
};

/** A parsed period: its id, type and inclusive date range. */
export interface Period {
  /** Canonical id, e.g. `2025Q3`. */
  readonly id: string;
  /** Year, half, quarter, month, week, span or event. */
  readonly type: PeriodType;
  /** First year (for `span`) or the year of the period. */
  readonly year: number;
  /** Half 1–2, quarter 1–4, month 1–12, ISO week 1–53, or last year of a span. */
  readonly index: number;
  /** First day, inclusive. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
}

const MIN_YEAR = 1949;
const MAX_YEAR = 2100;

const PATTERNS: ReadonlyArray<[PeriodType, RegExp]> = [
  ['year', /^(\d{4})$/],
  ['half', /^(\d{4})H([12])$/],
  ['quarter', /^(\d{4})Q([1-4])$/],
  ['month', /^(\d{4})-(0[1-9]|1[0-2])$/],
  ['week', /^(\d{4})W(0[1-9]|[1-4]\d|5[0-3])$/],
  ['span', /^(\d{4})\/(\d{4})$/],
];

function badPeriod(id: unknown, rule: string, message: string, messageZh: string): never {
  fail('period', id, rule, message, messageZh);
}

/** Monday of ISO week 1 of `year`. */
function isoWeekOneMonday(year: number): IsoDate {
  const jan4 = makeDate(year, 1, 4);
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/**
 * Number of ISO weeks (52 or 53) in `year`.
 * @example isoWeeksInYear(2020) // 53 (1 January 2020 was a Wednesday of a leap year)
 * @example isoWeeksInYear(2025) // 52
 */
export function isoWeeksInYear(year: number): number {
  const start = isoWeekOneMonday(year);
  const next = isoWeekOneMonday(year + 1);
  return Math.round((Date.parse(next) - Date.parse(start)) / (7 * 86_400_000));
}

function build(type: PeriodType, year: number, index: number): Period {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    badPeriod(
      String(year),
      'period.year-range',
      `year must lie between ${MIN_YEAR} and ${MAX_YEAR}`,
      `年份必须在 ${MIN_YEAR} 至 ${MAX_YEAR} 之间`,
    );
  }
  switch (type) {
    case 'year':
      return {
        id: String(year),
        type,
        year,
        index: 1,
        start: makeDate(year, 1, 1),
        end: makeDate(year, 12, 31),
      };
    case 'half': {
      const m0 = index === 1 ? 1 : 7;
      return {
        id: `${year}H${index}`,
        type,
        year,
        index,
        start: makeDate(year, m0, 1),
        end: makeDate(year, m0 + 5, daysInMonth(year, m0 + 5)),
      };
    }
    case 'quarter': {
      const m0 = (index - 1) * 3 + 1;
      return {
        id: `${year}Q${index}`,
        type,
        year,
        index,
        start: makeDate(year, m0, 1),
        end: makeDate(year, m0 + 2, daysInMonth(year, m0 + 2)),
      };
    }
    case 'month':
      return {
        id: `${year}-${String(index).padStart(2, '0')}`,
        type,
        year,
        index,
        start: makeDate(year, index, 1),
        end: makeDate(year, index, daysInMonth(year, index)),
      };
    case 'week': {
      if (index > isoWeeksInYear(year)) {
        badPeriod(
          `${year}W${index}`,
          'period.week-range',
          `${year} has only ${isoWeeksInYear(year)} ISO weeks`,
          `${year} 年只有 ${isoWeeksInYear(year)} 个 ISO 周`,
        );
      }
      const start = addDays(isoWeekOneMonday(year), (index - 1) * 7);
      return {
        id: `${year}W${String(index).padStart(2, '0')}`,
        type,
        year,
        index,
        start,
        end: addDays(start, 6),
      };
    }
    case 'span': {
      if (index < year) {
        badPeriod(
          `${year}/${index}`,
          'period.span-order',
          'a span must end in or after the year it starts',
          '跨年期间的结束年份不能早于起始年份',
        );
      }
      if (index > MAX_YEAR) {
        badPeriod(
          `${year}/${index}`,
          'period.year-range',
          `year must lie between ${MIN_YEAR} and ${MAX_YEAR}`,
          `年份必须在 ${MIN_YEAR} 至 ${MAX_YEAR} 之间`,
        );
      }
      return {
        id: `${year}/${index}`,
        type,
        year,
        index,
        start: makeDate(year, 1, 1),
        end: makeDate(index, 12, 31),
      };
    }
  }
}

/**
 * Parse a period id.
 * @example parsePeriod('2025Q3') // { type: 'quarter', start: '2025-07-01', end: '2025-09-30', ... }
 * @throws ValidationError (`period.format`) for a malformed id.
 */
export function parsePeriod(id: string): Period {
  if (typeof id !== 'string') {
    badPeriod(id, 'period.format', 'a period id must be a string', '期间标识必须是字符串');
  }
  for (const [type, re] of PATTERNS) {
    const m = re.exec(id);
    if (m) return build(type, Number(m[1]), type === 'year' ? 1 : Number(m[2]));
  }
  return badPeriod(
    id,
    'period.format',
    'must be a period id such as 2025, 2025H1, 2025Q3, 2025-07, 2025W14 or 2021/2025',
    '期间标识格式应为 2025、2025H1、2025Q3、2025-07、2025W14 或 2021/2025',
  );
}

/**
 * Is `id` a well-formed period id?
 * @example isPeriodId('2025Q3') // true
 * @example isPeriodId('Q3 2025') // false
 */
export function isPeriodId(id: string): boolean {
  try {
    parsePeriod(id);
    return true;
  } catch {
    return false;
  }
}

/** zod schema of a period id (validated and returned as the canonical id). */
export const periodIdSchema = z.string().refine(isPeriodId, {
  message: 'must be a period id such as 2025, 2025H1, 2025Q3, 2025-07, 2025W14 or 2021/2025',
  params: {
    rule: 'period.format',
    messageZh: '期间标识格式应为 2025、2025H1、2025Q3、2025-07、2025W14 或 2021/2025',
  },
});

/**
 * The canonical id of a period (accepts a Period or an id).
 * @example formatPeriod(parsePeriod('2025Q3')) // '2025Q3'
 */
export function formatPeriod(period: Period | string): string {
  return typeof period === 'string' ? parsePeriod(period).id : period.id;
}

function asPeriod(p: Period | string): Period {
  return typeof p === 'string' ? parsePeriod(p) : p;
}

/**
 * Does the period contain the date, or wholly contain the other period?
 * @example periodContains('2025', '2025Q3') // true
 * @example periodContains('2025Q1', '2025-04-01') // false
 */
export function periodContains(period: Period | string, inner: Period | string | IsoDate): boolean {
  const outer = asPeriod(period);
  if (typeof inner === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(inner)) {
    return compareDates(outer.start, inner) <= 0 && compareDates(inner, outer.end) <= 0;
  }
  const p = asPeriod(inner as Period | string);
  return compareDates(outer.start, p.start) <= 0 && compareDates(p.end, outer.end) <= 0;
}

/**
 * Do two periods share at least one day?
 * @example periodsOverlap('2025H1', '2025Q2') // true
 * @example periodsOverlap('2025H1', '2025Q3') // false
 */
export function periodsOverlap(a: Period | string, b: Period | string): boolean {
  const pa = asPeriod(a);
  const pb = asPeriod(b);
  return pa.start <= pb.end && pb.start <= pa.end;
}

/**
 * The period of the same type `n` steps later (negative: earlier). Spans move by their length.
 * @example shiftPeriod('2025Q4', 1).id // '2026Q1'
 * @example shiftPeriod('2025-03', -3).id // '2024-12'
 */
export function shiftPeriod(period: Period | string, n: number): Period {
  const p = asPeriod(period);
  switch (p.type) {
    case 'year':
      return build('year', p.year + n, 1);
    case 'half':
    case 'quarter':
    case 'month': {
      const per = p.type === 'half' ? 2 : p.type === 'quarter' ? 4 : 12;
      const ordinal = p.year * per + (p.index - 1) + n;
      return build(p.type, Math.floor(ordinal / per), (ordinal % per) + 1);
    }
    case 'week': {
      const start = addDays(p.start, 7 * n);
      return periodOfDate(start, 'week');
    }
    case 'span': {
      const len = p.index - p.year + 1;
      return build('span', p.year + n * len, p.index + n * len);
    }
  }
}

/** The next period of the same type. @example nextPeriod('2025Q4').id // '2026Q1' */
export function nextPeriod(period: Period | string): Period {
  return shiftPeriod(period, 1);
}

/** The previous period of the same type. @example previousPeriod('2025-01').id // '2024-12' */
export function previousPeriod(period: Period | string): Period {
  return shiftPeriod(period, -1);
}

/**
 * The period of `type` containing `date`.
 * @example periodOfDate('2025-08-15', 'quarter').id // '2025Q3'
 */
export function periodOfDate(date: IsoDate, type: Exclude<PeriodType, 'span'>): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (type) {
    case 'year':
      return build('year', year, 1);
    case 'half':
      return build('half', year, month <= 6 ? 1 : 2);
    case 'quarter':
      return build('quarter', year, Math.floor((month - 1) / 3) + 1);
    case 'month':
      return build('month', year, month);
    case 'week': {
      // ISO week-numbering year may differ from the calendar year near 1 January.
      for (const y of [year + 1, year, year - 1]) {
        const monday = isoWeekOneMonday(y);
        if (compareDates(monday, date) <= 0) {
          if (y < MIN_YEAR || y > MAX_YEAR) break; // the ISO year is out of range
          const diff = Math.round((Date.parse(date) - Date.parse(monday)) / 86_400_000);
          return build('week', y, Math.floor(diff / 7) + 1);
        }
      }
      return badPeriod(
        date,
        'period.year-range',
        'date outside supported years',
        '日期超出支持的年份范围',
      );
    }
  }
}

/**
 * The periods of `type` that make up `period` (year → halves/quarters/months; half → quarters/months;
 * quarter → months; span → years).
 * @example periodChildren('2025H2', 'quarter').map(p => p.id) // ['2025Q3', '2025Q4']
 */
export function periodChildren(period: Period | string, type?: PeriodType): Period[] {
  const p = asPeriod(period);
  const childType: PeriodType =
    type ??
    ({ span: 'year', year: 'quarter', half: 'quarter', quarter: 'month' } as const)[
      p.type as 'span'
    ] ??
    'month';
  const order: PeriodType[] = ['span', 'year', 'half', 'quarter', 'month'];
  if (
    p.type === 'week' ||
    childType === 'week' ||
    childType === 'span' ||
    order.indexOf(childType) <= order.indexOf(p.type)
  ) {
    badPeriod(
      `${p.id}→${childType}`,
      'period.children',
      `a ${p.type} has no ${childType} children`,
      `${PERIOD_TYPE_ZH[p.type]}期间不能按${PERIOD_TYPE_ZH[childType]}细分`,
    );
  }
  const out: Period[] = [];
  let cur = periodOfDate(p.start, childType as Exclude<PeriodType, 'span'>);
  while (compareDates(cur.end, p.end) <= 0) {
    out.push(cur);
    cur = nextPeriod(cur);
  }
  return out;
}

/** The enclosing period of a coarser type. @example parentPeriod('2025-07', 'quarter').id // '2025Q3' */
export function parentPeriod(period: Period | string, type: 'year' | 'half' | 'quarter'): Period {
  const p = asPeriod(period);
  const parent = periodOfDate(p.start, type);
  if (!periodContains(parent, p)) {
    badPeriod(
      `${p.id}→${type}`,
      'period.parent',
      `${p.id} is not inside one ${type}`,
      `${p.id} 不在单个 ${type} 期间内`,
    );
  }
  return parent;
}

/** The span of a plan, e.g. the 14th five-year plan. @example planSpan(2021, 2025).id // '2021/2025' */
export function planSpan(firstYear: number, lastYear: number): Period {
  return build('span', firstYear, lastYear);
}

/** The 14th five-year plan period (十四五), 2021–2025. */
export const FOURTEENTH_FIVE_YEAR_PLAN: Period = planSpan(2021, 2025);
