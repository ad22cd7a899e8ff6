import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isoWeekday } from '../date/index.js';
import { ValidationError } from '../errors/index.js';
import {
  CHINA_HOLIDAYS,
  holidayYear,
  isPublicHoliday,
  isWorkingDay,
  shiftToWorkingDay,
} from './holidays.js';

const countWorkingDays = (year: number) => {
  let n = 0;
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
};

describe('holiday data (国务院办公厅关于部分节假日安排的通知)', () => {
  it('a missing year is an error, not a silent guess', () => {
    for (const fn of [
      () => holidayYear(2023),
      () => isWorkingDay('2027-03-01'),
      () => shiftToWorkingDay('2030-10-01', 'next'),
    ]) {
      try {
        fn();
        throw new Error('expected an error');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).details.rule).toBe('calendar.holidays-missing');
      }
    }
  });

  it('every make-up working day is a weekend day and every block lies in its year', () => {
    for (const data of Object.values(CHINA_HOLIDAYS)) {
      for (const w of data.workdays) {
        expect(isoWeekday(w), w).toBeGreaterThanOrEqual(6);
        expect(w.startsWith(String(data.year))).toBe(true);
      }
      for (const h of data.holidays) {
        expect(h.from <= h.to).toBe(true);
        expect(h.from.startsWith(String(data.year))).toBe(true);
      }
    }
  });

  it('block lengths match the notices (共N天)', () => {
    const len = (y: number, zh: string) => {
      const h = CHINA_HOLIDAYS[y]?.holidays.find((b) => b.name.zh === zh);
      return h ? daysBetween(h.from, h.to) + 1 : 0;
    };
    expect([
      len(2024, '春节'),
      len(2024, '劳动节'),
      len(2024, '国庆节'),
      len(2024, '中秋节'),
    ]).toEqual([8, 5, 7, 3]);
    expect([
      len(2025, '春节'),
      len(2025, '劳动节'),
      len(2025, '国庆节、中秋节'),
      len(2025, '端午节'),
    ]).toEqual([8, 5, 8, 3]);
    expect([len(2026, '春节'), len(2026, '元旦'), len(2026, '国庆节')]).toEqual([9, 3, 7]);
  });

  it('weekday holidays plus weekday-count arithmetic give the working days of each year', () => {
    // Independent count: weekdays − weekday holidays + make-up days.
    for (const year of [2024, 2025, 2026]) {
      let weekdays = 0;
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1))
        if (isoWeekday(d) <= 5) weekdays++;
      const data = holidayYear(year);
      let weekdayHolidays = 0;
      for (const h of data.holidays)
        for (let d = h.from; d <= h.to; d = addDays(d, 1))
          if (isoWeekday(d) <= 5) weekdayHolidays++;
      expect(countWorkingDays(year)).toBe(weekdays - weekdayHolidays + data.workdays.length);
    }
    // Counted by hand from the notices: 2024 has 262 weekdays, 19 of them off, 8 make-up days;
    // 2025 has 261 weekdays, 18 off, 5 make-up days.
    expect(countWorkingDays(2024)).toBe(251);
    expect(countWorkingDays(2025)).toBe(248);
  });

  it('answers known days', () => {
    expect(isWorkingDay('2024-02-04')).toBe(true); // Sunday make-up day
    expect(isWorkingDay('2024-02-12')).toBe(false); // Spring Festival
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday make-up day
    expect(isWorkingDay('2025-06-02')).toBe(false); // Dragon Boat (Monday)
    expect(isPublicHoliday('2025-10-08')).toBe(true);
    expect(isPublicHoliday('2025-10-09')).toBe(false);
    expect(isWorkingDay('2026-01-04')).toBe(true);
    expect(shiftToWorkingDay('2024-10-01', 'next')).toBe('2024-10-08');
    expect(shiftToWorkingDay('2024-10-07', 'previous')).toBe('2024-09-30');
  });
});
