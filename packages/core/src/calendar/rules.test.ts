import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateParts, daysInMonth, maxDate, minDate } from '../date/index.js';
import { ValidationError } from '../errors/index.js';
import { parsePeriod } from '../period/index.js';
import { resolveBound, ruleDeadline } from './rules.js';
import { parseObligation, parseRule, type Rule } from './schema.js';

const ruleOf = (error: unknown) => (error as ValidationError).issues.map((i) => i.rule);
const catchRule = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return ruleOf(error);
  }
  throw new Error('expected a ValidationError');
};

describe('bad input is a clear ValidationError', () => {
  it('rejects an unknown rule type', () => {
    expect(catchRule(() => parseRule({ type: 'fortnightly' }))).toHaveLength(1);
    expect(() =>
      ruleDeadline({ type: 'fortnightly' } as unknown as Rule, { period: '2025' }),
    ).toThrow(ValidationError);
  });
  it('rejects day 31 of a quarter’s last month without clamp, accepts it with clamp', () => {
    expect(
      catchRule(() => parseRule({ type: 'period-end-day', periodType: 'quarter', day: 31 })),
    ).toEqual(['calendar.day-out-of-range']);
    const r = parseRule({ type: 'period-end-day', periodType: 'quarter', day: 31, clamp: true });
    expect(ruleDeadline(r, { period: '2025Q2' }).deadline).toBe('2025-06-30');
    expect(ruleDeadline(r, { period: '2025Q1' }).deadline).toBe('2025-03-31');
    // Even a rule that skipped the schema fails at evaluation time.
    expect(
      catchRule(() =>
        ruleDeadline({ type: 'period-end-day', periodType: 'year', day: 31 }, { period: '2025Q1' }),
      ),
    ).toEqual(['calendar.period-type']);
  });
  it('rejects 06-31 and an unclamped 02-29 in a yearly rule', () => {
    expect(catchRule(() => parseRule({ type: 'yearly', month: 6, day: 31 }))).toEqual([
      'calendar.day-out-of-range',
    ]);
    expect(catchRule(() => parseRule({ type: 'yearly', month: 2, day: 29 }))).toEqual([
      'calendar.day-out-of-range',
    ]);
    const leap = parseRule({ type: 'yearly', month: 2, day: 29, clamp: true });
    expect(ruleDeadline(leap, { period: '2024' }).deadline).toBe('2024-02-29');
    expect(ruleDeadline(leap, { period: '2025' }).deadline).toBe('2025-02-28');
  });
  it('rejects a period of the wrong type', () => {
    expect(
      catchRule(() =>
        ruleDeadline(
          { type: 'period-end-day', periodType: 'quarter', day: 30 },
          { period: '2025' },
        ),
      ),
    ).toEqual(['calendar.period-type']);
    expect(
      catchRule(() => ruleDeadline({ type: 'yearly', month: 7, day: 30 }, { period: '2025-07' })),
    ).toEqual(['calendar.period-type']);
    expect(
      catchRule(() => ruleDeadline({ type: 'end-of-month', month: 6 }, { period: '2025Q2' })),
    ).toEqual(['calendar.period-type']);
  });
  it('rejects an obligation whose periods are of another type', () => {
    const base = {
      id: 'x.y',
      label: { zh: '测试', en: 'Test' },
      what: 'x',
      who: { level: 'prefecture' },
      toWhom: { level: 'province' },
      periodType: 'quarter',
      rule: { type: 'period-end-day', periodType: 'quarter', day: 30 },
      source: { doc: 'd', clause: 'c' },
    };
    expect(parseObligation({ ...base, periods: { from: '2024Q3', to: '2025Q4' } }).id).toBe('x.y');
    expect(
      catchRule(() => parseObligation({ ...base, periods: { from: '2024', to: '2025Q4' } })),
    ).toEqual(['calendar.period-type']);
    expect(catchRule(() => parseObligation({ ...base, periodType: 'year' }))).toEqual([
      'calendar.period-type',
    ]);
  });
  it('a fixed date outside the period, a missing event date, a missing period are errors', () => {
    expect(
      catchRule(() => ruleDeadline({ type: 'fixed-date', date: '2024-07-10' }, { period: '2025' })),
    ).toEqual(['calendar.date-outside-period']);
    expect(
      catchRule(() => ruleDeadline({ type: 'relative', event: 'e', amount: 1, unit: 'months' })),
    ).toEqual(['calendar.event-required']);
    expect(catchRule(() => ruleDeadline({ type: 'yearly', month: 1, day: 1 }))).toEqual([
      'calendar.period-required',
    ]);
  });
  it('rejects a phase that ends before it starts', () => {
    expect(
      catchRule(() => ruleDeadline({ type: 'phase', start: '2025-02', end: '2025-01-late' })),
    ).toEqual(['calendar.window-order']);
    expect(catchRule(() => parseRule({ type: 'phase', start: '2025-13', end: '2025-12' }))).toEqual(
      ['calendar.phase-bound'],
    );
  });
});

describe('rule kinds', () => {
  it('resolves 旬 bounds: 上旬 1–10, 中旬 11–20, 下旬 21–end', () => {
    expect(resolveBound('2025-02-late', 'end')).toBe('2025-02-28');
    expect(resolveBound('2024-02-late', 'end')).toBe('2024-02-29');
    expect(resolveBound('2025-05-late', 'start')).toBe('2025-05-21');
    expect(resolveBound('2025-10-mid', 'start')).toBe('2025-10-11');
    expect(resolveBound('2025-10-07', 'end')).toBe('2025-10-07');
  });
  it('mid-month is day 20 unless overridden', () => {
    expect(ruleDeadline({ type: 'mid-month' }, { period: '2025-03' }).deadline).toBe('2025-03-20');
    expect(ruleDeadline({ type: 'mid-month', day: 15 }, { period: '2025-03' }).deadline).toBe(
      '2025-03-15',
    );
  });
  it('end-of-month of a month period is its last day (月底)', () => {
    expect(ruleDeadline({ type: 'end-of-month' }, { period: '2024-02' }).deadline).toBe(
      '2024-02-29',
    );
  });
  it('relative days count calendar days', () => {
    expect(
      ruleDeadline(
        { type: 'relative', event: 'e', amount: 30, unit: 'days' },
        { eventDate: '2025-02-01' },
      ).deadline,
    ).toBe('2025-03-03');
  });
  it('every-n-years finds the one occurrence in the period and refuses a period without one', () => {
    const r: Rule = { type: 'every-n-years', base: '2022-06-30', n: 3 };
    expect(ruleDeadline(r, { period: '2025' }).deadline).toBe('2025-06-30');
    expect(ruleDeadline(r, { period: '2028' }).window).toEqual({
      start: '2025-07-01',
      end: '2028-06-30',
    });
    expect(catchRule(() => ruleDeadline(r, { period: '2026' }))).toEqual([
      'calendar.no-occurrence',
    ]);
  });
  it('shifts a deadline off a holiday to the next or previous working day', () => {
    // 2025-10-01..08 is the National Day holiday; 2025-09-28 (Sunday) and 2025-10-11 (Saturday) are working days.
    const next: Rule = {
      type: 'fixed-date',
      date: '2025-10-01',
      workingDayShift: 'next-working-day',
    };
    const prev: Rule = {
      type: 'fixed-date',
      date: '2025-10-01',
      workingDayShift: 'previous-working-day',
    };
    expect(ruleDeadline(next, { period: '2025' }).deadline).toBe('2025-10-09');
    expect(ruleDeadline(prev, { period: '2025' }).deadline).toBe('2025-09-30');
    expect(ruleDeadline(next, { period: '2025' }).unshifted).toBe('2025-10-01');
    // Henan's 2025-03-30 quarterly deadline is a Sunday → Monday 2025-03-31 if a pack asks for a shift.
    expect(
      ruleDeadline(
        {
          type: 'period-end-day',
          periodType: 'quarter',
          day: 30,
          workingDayShift: 'next-working-day',
        },
        { period: '2025Q1' },
      ).deadline,
    ).toBe('2025-03-31');
  });
  it('a shift into a year without holiday data is an error, not a guess', () => {
    expect(
      catchRule(() =>
        ruleDeadline(
          { type: 'fixed-date', date: '2023-10-01', workingDayShift: 'next-working-day' },
          { period: '2023' },
        ),
      ),
    ).toEqual(['calendar.holidays-missing']);
  });
});

const periodArb = fc.oneof(
  fc
    .record({ y: fc.integer({ min: 1990, max: 2090 }), q: fc.integer({ min: 1, max: 4 }) })
    .map(({ y, q }) => ({ id: `${y}Q${q}`, type: 'quarter' as const })),
  fc
    .record({ y: fc.integer({ min: 1990, max: 2090 }), h: fc.integer({ min: 1, max: 2 }) })
    .map(({ y, h }) => ({ id: `${y}H${h}`, type: 'half' as const })),
  fc.integer({ min: 1990, max: 2090 }).map((y) => ({ id: String(y), type: 'year' as const })),
  fc
    .record({ y: fc.integer({ min: 1990, max: 2090 }), m: fc.integer({ min: 1, max: 12 }) })
    .map(({ y, m }) => ({ id: `${y}-${String(m).padStart(2, '0')}`, type: 'month' as const })),
);
const dateArb = fc
  .record({
    y: fc.integer({ min: 1990, max: 2090 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(
    ({ y, m, d }) =>
      `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(y, m))).padStart(2, '0')}`,
  );

describe('properties', () => {
  it('a period-end-day deadline lies inside its window, in the period’s last month', () => {
    fc.assert(
      fc.property(periodArb, fc.integer({ min: 1, max: 31 }), (p, day) => {
        const rule = parseRule({ type: 'period-end-day', periodType: p.type, day, clamp: true });
        const { deadline, window } = ruleDeadline(rule, { period: p.id });
        const period = parsePeriod(p.id);
        expect(window).toEqual({ start: period.start, end: period.end });
        expect(deadline >= window.start && deadline <= window.end).toBe(true);
        expect(deadline.slice(0, 7)).toBe(period.end.slice(0, 7));
      }),
    );
  });
  it('every rule kind’s unshifted deadline lies inside its window or at its end', () => {
    const ruleArb = fc.oneof(
      fc
        .record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
        .map(({ m, d }) => ({
          rule: { type: 'yearly', month: m, day: d, clamp: true },
          ctx: { period: '2031' },
        })),
      fc
        .integer({ min: 1, max: 12 })
        .map((m) => ({ rule: { type: 'end-of-month', month: m }, ctx: { period: '2028' } })),
      fc
        .record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 11, max: 20 }) })
        .map(({ m, d }) => ({
          rule: { type: 'mid-month', month: m, day: d },
          ctx: { period: '2027' },
        })),
      fc
        .record({
          e: dateArb,
          n: fc.integer({ min: 0, max: 400 }),
          u: fc.constantFrom('days', 'months'),
        })
        .map(({ e, n, u }) => ({
          rule: { type: 'relative', event: 'x', amount: n, unit: u },
          ctx: { eventDate: e },
        })),
      fc.record({ a: dateArb, b: dateArb }).map(({ a, b }) => ({
        rule: { type: 'phase', start: minDate(a, b), end: maxDate(a, b) },
        ctx: {},
      })),
      fc.record({ base: dateArb, n: fc.integer({ min: 1, max: 5 }) }).map(({ base, n }) => ({
        rule: { type: 'every-n-years', base, n },
        ctx: { period: base.slice(0, 4) },
      })),
    );
    fc.assert(
      fc.property(ruleArb, ({ rule, ctx }) => {
        const { deadline, window } = ruleDeadline(parseRule(rule), ctx);
        expect(window.start <= window.end).toBe(true);
        expect(deadline >= window.start && deadline <= window.end).toBe(true);
      }),
    );
  });
  it('a relative deadline of N months never overflows into the month after', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (event, n) => {
        const { deadline } = ruleDeadline(
          { type: 'relative', event: 'x', amount: n, unit: 'months' },
          { eventDate: event },
        );
        const e = dateParts(event);
        const d = dateParts(deadline);
        const monthIndex = e.year * 12 + (e.month - 1) + n;
        expect(d.year * 12 + (d.month - 1)).toBe(monthIndex);
        expect(d.day).toBe(Math.min(e.day, daysInMonth(d.year, d.month)));
      }),
    );
  });
});
