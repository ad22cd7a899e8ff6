import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWith, ValidationError } from '../errors/index.js';
import {
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
} from './index.js';

// These tests must pass in any machine time zone; CI runs them under TZ=Asia/Shanghai and
// TZ=America/Los_Angeles. Independent expectations use Date.UTC only.
const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  return expect.fail('expected a ValidationError');
}

describe('calendar validation', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2000-02-29', true],
    ['2100-02-29', false],
    ['2025-04-31', false],
    ['2025-04-30', true],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-01', false],
    ['20250101', false],
    ['2025-01-01T00:00', false],
    ['', false],
  ])('isCalendarDate(%j) is %s', (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
  });

  it('daysInMonth follows the Gregorian leap rules', () => {
    for (let y = 1949; y <= 2100; y++) {
      expect(daysInMonth(y, 2)).toBe(isLeap(y) ? 29 : 28);
      for (let m = 1; m <= 12; m++) {
        expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
      }
    }
  });

  it('parseIsoDate: date.format and date.range name the field and value', () => {
    expect(parseIsoDate('2025-07-01')).toBe('2025-07-01');
    expect(parseIsoDate(MIN_DATE)).toBe('1949-10-01');
    expect(parseIsoDate(MAX_DATE)).toBe('2100-12-31');
    expect(rejection(() => parseIsoDate('2025-02-29', 'reportedOn')).issues[0]).toMatchObject({
      path: 'reportedOn',
      value: '2025-02-29',
      rule: 'date.format',
    });
    expect(rejection(() => parseIsoDate('2025-04-31')).issues[0]).toMatchObject({
      path: 'date',
      value: '2025-04-31',
      rule: 'date.format',
    });
    expect(rejection(() => parseIsoDate(20250101)).issues[0]).toMatchObject({
      value: 20250101,
      rule: 'date.format',
    });
    expect(rejection(() => parseIsoDate('1949-09-30')).issues[0]).toMatchObject({
      value: '1949-09-30',
      rule: 'date.range',
    });
    expect(rejection(() => parseIsoDate('2101-01-01')).issues[0]).toMatchObject({
      value: '2101-01-01',
      rule: 'date.range',
    });
  });

  it('isoDateSchema reports date.format and date.range through parseWith', () => {
    expect(isoDateSchema.parse('2024-02-29')).toBe('2024-02-29');
    const format = rejection(() => parseWith(isoDateSchema, '2025-02-29', { row: 3 }));
    expect(format.issues).toEqual([
      expect.objectContaining({ rule: 'date.format', value: '2025-02-29', row: 3 }),
    ]);
    const range = rejection(() =>
      parseWith(isoDateSchema, '1900-01-01', { prefix: 'inspectedOn' }),
    );
    expect(range.issues).toEqual([
      expect.objectContaining({ rule: 'date.range', value: '1900-01-01', path: 'inspectedOn' }),
    ]);
  });

  it('makeDate and dateParts', () => {
    expect(makeDate(2025, 7, 1)).toBe('2025-07-01');
    expect(dateParts('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(rejection(() => makeDate(2025, 2, 29)).issues[0]).toMatchObject({
      rule: 'date.format',
      value: '2025-02-29',
    });
    expect(rejection(() => dateParts('2025/01/01')).issues[0]!.rule).toBe('date.format');
  });
});

describe('date arithmetic', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2025-05-31', 1, '2025-06-30'],
    ['2025-08-31', 13, '2026-09-30'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-02-28', 1, '2025-03-28'], // no "end of month stays end of month" rule
    ['2025-07-01', 0, '2025-07-01'],
    ['2100-01-31', 1, '2100-02-28'],
  ] as const)('addMonths(%s, %i) = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', -1, '2023-02-28'],
    ['2096-02-29', 4, '2100-02-28'],
    ['2025-07-01', 3, '2028-07-01'],
  ] as const)('addYears(%s, %i) = %s', (date, n, expected) => {
    expect(addYears(date, n)).toBe(expected);
  });

  it('addDays, daysBetween, endOfMonth, isoWeekday', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2025-03-10', '2025-03-01')).toBe(-9);
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(endOfMonth('2025-02-10')).toBe('2025-02-28');
    expect(endOfMonth('2025-04-30')).toBe('2025-04-30');
    expect(isoWeekday('2025-12-29')).toBe(1); // Monday
    expect(isoWeekday('2026-01-01')).toBe(4); // Thursday
    expect(isoWeekday('2025-07-06')).toBe(7); // Sunday
    // Around the US daylight-saving switches (irrelevant in UTC, fatal with local getters).
    expect(addDays('2025-03-08', 1)).toBe('2025-03-09');
    expect(addDays('2025-03-09', 1)).toBe('2025-03-10');
    expect(addDays('2025-11-02', 1)).toBe('2025-11-03');
    expect(daysBetween('2025-03-08', '2025-03-10')).toBe(2);
  });

  it('compareDates, minDate, maxDate', () => {
    expect(compareDates('2025-01-01', '2025-01-02')).toBeLessThan(0);
    expect(compareDates('2025-01-02', '2025-01-01')).toBeGreaterThan(0);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(minDate('2025-12-31', '2026-01-01')).toBe('2025-12-31');
    expect(maxDate('2025-12-31', '2026-01-01')).toBe('2026-01-01');
  });

  it('addDays and daysBetween agree with UTC millisecond arithmetic (property)', () => {
    const dateArb = fc
      .integer({ min: utc('1950-01-01') / DAY, max: utc('2099-12-31') / DAY })
      .map((d) => iso(d * DAY));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        const expected = iso(utc(date) + n * DAY);
        expect(addDays(date, n)).toBe(expected);
        expect(daysBetween(date, expected)).toBe(n);
        expect(isoWeekday(date)).toBe(((new Date(utc(date)).getUTCDay() + 6) % 7) + 1);
      }),
    );
  });

  it('addMonths clamps to the end of the target month (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1950, max: 2090 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: -100, max: 100 }),
        (y, m, dRaw, n) => {
          const d = Math.min(dRaw, new Date(Date.UTC(y, m, 0)).getUTCDate());
          const date = makeDate(y, m, d);
          const total = y * 12 + (m - 1) + n;
          const ty = Math.floor(total / 12);
          const tm = (total % 12) + 1;
          const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
          expect(addMonths(date, n)).toBe(makeDate(ty, tm, Math.min(d, last)));
        },
      ),
    );
  });
});

describe('todayInChina', () => {
  it.each([
    ['2025-12-31T16:00:00Z', '2026-01-01'], // midnight in Beijing
    ['2025-12-31T15:59:59.999Z', '2025-12-31'],
    ['2025-06-30T16:00:00Z', '2025-07-01'],
    ['2025-07-01T00:00:00Z', '2025-07-01'],
    ['2025-07-01T15:59:59Z', '2025-07-01'],
    ['2024-02-28T16:00:00Z', '2024-02-29'],
    ['2025-02-28T16:00:00Z', '2025-03-01'],
    ['2025-03-09T10:30:00Z', '2025-03-09'], // US DST switch day
    ['2025-11-02T08:00:00Z', '2025-11-02'], // 01:00 in Los Angeles (repeated hour)
  ])('%s is %s in China', (instant, expected) => {
    expect(todayInChina(new Date(instant))).toBe(expected);
  });

  it('matches UTC+8 for any instant (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2099, 11, 31) }), (t) => {
        expect(todayInChina(new Date(t))).toBe(iso(t + 8 * 3_600_000));
      }),
    );
  });

  it('defaults to the current instant', () => {
    const before = iso(Date.now() + 8 * 3_600_000);
    const today = todayInChina();
    const after = iso(Date.now() + 8 * 3_600_000);
    expect([before, after]).toContain(today);
  });
});
