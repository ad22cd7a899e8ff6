import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import {
  FOURTEENTH_FIVE_YEAR_PLAN,
  formatPeriod,
  isoWeeksInYear,
  isPeriodId,
  nextPeriod,
  type Period,
  type PeriodType,
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
} from './index.js';

const DAY = 86_400_000;

/** Independent ISO-8601 week of a date: the week's Thursday decides the year. */
function isoWeekOf(date: string): { year: number; week: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = t + (3 - dow) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY / 7) + 1 };
}
/** 28 December always lies in the last ISO week of its year. */
const weeksIn = (year: number) => isoWeekOf(`${year}-12-28`).week;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const nextDay = (date: string) => iso(Date.parse(date) + DAY);

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  return expect.fail('expected a ValidationError');
}

describe('parsePeriod / formatPeriod', () => {
  it.each([
    ['2025', 'year', 2025, 1, '2025-01-01', '2025-12-31'],
    ['2024H1', 'half', 2024, 1, '2024-01-01', '2024-06-30'],
    ['2025H2', 'half', 2025, 2, '2025-07-01', '2025-12-31'],
    ['2024Q1', 'quarter', 2024, 1, '2024-01-01', '2024-03-31'],
    ['2025Q3', 'quarter', 2025, 3, '2025-07-01', '2025-09-30'],
    ['2024-02', 'month', 2024, 2, '2024-02-01', '2024-02-29'], // leap year
    ['2025-02', 'month', 2025, 2, '2025-02-01', '2025-02-28'],
    ['2000-02', 'month', 2000, 2, '2000-02-01', '2000-02-29'], // divisible by 400
    ['2100-02', 'month', 2100, 2, '2100-02-01', '2100-02-28'], // divisible by 100 only
    ['2025-12', 'month', 2025, 12, '2025-12-01', '2025-12-31'],
    ['2025W01', 'week', 2025, 1, '2024-12-30', '2025-01-05'], // starts in the previous year
    ['2025W14', 'week', 2025, 14, '2025-03-31', '2025-04-06'],
    ['2025W52', 'week', 2025, 52, '2025-12-22', '2025-12-28'],
    ['2026W01', 'week', 2026, 1, '2025-12-29', '2026-01-04'],
    ['2026W53', 'week', 2026, 53, '2026-12-28', '2027-01-03'], // 1 Jan 2026 is a Thursday
    ['2020W53', 'week', 2020, 53, '2020-12-28', '2021-01-03'], // leap year starting Wednesday
    ['2021W01', 'week', 2021, 1, '2021-01-04', '2021-01-10'],
    ['2021/2025', 'span', 2021, 2025, '2021-01-01', '2025-12-31'],
    ['2025/2025', 'span', 2025, 2025, '2025-01-01', '2025-12-31'],
  ] as const)('%s is a %s', (id, type, year, index, start, end) => {
    const p = parsePeriod(id);
    expect(p).toEqual({ id, type, year, index, start, end });
    expect(formatPeriod(p)).toBe(id);
    expect(formatPeriod(id)).toBe(id);
    expect(isPeriodId(id)).toBe(true);
    expect(periodIdSchema.parse(id)).toBe(id);
  });

  it('ISO week counts: 2026 and 2020 have 53 weeks, 2024, 2025 and 2027 have 52', () => {
    expect([2020, 2024, 2025, 2026, 2027].map(isoWeeksInYear)).toEqual([53, 52, 52, 53, 52]);
    for (let y = 1950; y <= 2099; y++) expect(isoWeeksInYear(y), String(y)).toBe(weeksIn(y));
  });

  it.each([
    ['2025Q5', 'period.format'],
    ['2025Q0', 'period.format'],
    ['2025H3', 'period.format'],
    ['2025-13', 'period.format'],
    ['2025-00', 'period.format'],
    ['2025-7', 'period.format'],
    ['25Q1', 'period.format'],
    ['2025W54', 'period.format'],
    ['2025W00', 'period.format'],
    ['2025W1', 'period.format'],
    ['2025q1', 'period.format'],
    [' 2025', 'period.format'],
    ['2025-07-01', 'period.format'],
    ['', 'period.format'],
    ['2025W53', 'period.week-range'], // 2025 has 52 ISO weeks
    ['2024W53', 'period.week-range'],
    ['2025/2024', 'period.span-order'],
    ['1948', 'period.year-range'],
    ['2101Q1', 'period.year-range'],
    ['2099/2101', 'period.year-range'],
  ])('%j is rejected with %s naming the value', (id, rule) => {
    const error = rejection(() => parsePeriod(id));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'period', rule });
    expect(String(error.issues[0]!.value)).toContain(id.slice(0, 4));
    if (rule === 'period.format') expect(error.issues[0]!.value).toBe(id);
    expect(error.message).toContain(rule);
    expect(isPeriodId(id)).toBe(false);
    const zod = periodIdSchema.safeParse(id);
    expect(zod.success).toBe(false);
  });

  it('rejects a non-string id', () => {
    const error = rejection(() => parsePeriod(2025 as unknown as string));
    expect(error.issues[0]).toMatchObject({ rule: 'period.format', value: 2025 });
  });
});

describe('period arithmetic', () => {
  it.each([
    ['2025', '2026', '2024'],
    ['2025H2', '2026H1', '2025H1'],
    ['2025H1', '2025H2', '2024H2'],
    ['2025Q4', '2026Q1', '2025Q3'],
    ['2025Q1', '2025Q2', '2024Q4'],
    ['2025-12', '2026-01', '2025-11'],
    ['2025-01', '2025-02', '2024-12'],
    ['2025W52', '2026W01', '2025W51'],
    ['2026W53', '2027W01', '2026W52'],
    ['2021W01', '2021W02', '2020W53'],
    ['2025W01', '2025W02', '2024W52'],
    ['2021/2025', '2026/2030', '2016/2020'],
  ])('next(%s) = %s, previous = %s', (id, next, previous) => {
    expect(nextPeriod(id).id).toBe(next);
    expect(previousPeriod(id).id).toBe(previous);
    expect(shiftPeriod(id, 0).id).toBe(id);
  });

  it('shiftPeriod moves several steps', () => {
    expect(shiftPeriod('2025-11', 14).id).toBe('2027-01');
    expect(shiftPeriod('2025Q1', -5).id).toBe('2023Q4');
    expect(shiftPeriod('2026W50', 4).id).toBe('2027W01'); // through 2026W53
    expect(shiftPeriod('2021/2025', -2).id).toBe('2011/2015');
  });

  it('shifting beyond the supported years is a ValidationError', () => {
    expect(rejection(() => nextPeriod('2100')).issues[0]!.rule).toBe('period.year-range');
    expect(rejection(() => previousPeriod('1949-01')).issues[0]!.rule).toBe('period.year-range');
    const lastWeek = `2100W${weeksIn(2100)}`;
    expect(rejection(() => nextPeriod(lastWeek)).issues[0]!.rule).toBe('period.year-range');
    expect(rejection(() => periodOfDate('1949-01-01', 'week')).issues[0]).toMatchObject({
      rule: 'period.year-range',
      value: '1949-01-01',
    }); // a Saturday in ISO week 1948W53
  });

  it('periodContains: dates and periods', () => {
    expect(periodContains('2025Q3', '2025-07-01')).toBe(true);
    expect(periodContains('2025Q3', '2025-09-30')).toBe(true);
    expect(periodContains('2025Q3', '2025-10-01')).toBe(false);
    expect(periodContains('2025Q3', '2025-06-30')).toBe(false);
    expect(periodContains('2024-02', '2024-02-29')).toBe(true);
    expect(periodContains('2025', '2025-08')).toBe(true);
    expect(periodContains('2025', '2025W01')).toBe(false); // starts 2024-12-30
    expect(periodContains('2026', '2026W53')).toBe(false); // ends 2027-01-03
    expect(periodContains('2025H2', '2025Q3')).toBe(true);
    expect(periodContains('2025Q3', '2025H2')).toBe(false);
    expect(periodContains(FOURTEENTH_FIVE_YEAR_PLAN, '2023')).toBe(true);
    expect(periodContains(FOURTEENTH_FIVE_YEAR_PLAN, '2026-01-01')).toBe(false);
    expect(periodContains('2025', '2025')).toBe(true);
  });

  it('periodsOverlap', () => {
    expect(periodsOverlap('2025W01', '2024')).toBe(true);
    expect(periodsOverlap('2025W02', '2024')).toBe(false);
    expect(periodsOverlap('2025Q2', '2025H2')).toBe(false);
    expect(periodsOverlap('2021/2025', '2025/2030')).toBe(true);
  });

  it('periodOfDate, including ISO weeks across year boundaries', () => {
    expect(periodOfDate('2025-08-15', 'quarter').id).toBe('2025Q3');
    expect(periodOfDate('2025-06-30', 'half').id).toBe('2025H1');
    expect(periodOfDate('2025-07-01', 'half').id).toBe('2025H2');
    expect(periodOfDate('2024-02-29', 'month').id).toBe('2024-02');
    expect(periodOfDate('2024-12-30', 'week').id).toBe('2025W01');
    expect(periodOfDate('2024-12-29', 'week').id).toBe('2024W52');
    expect(periodOfDate('2027-01-03', 'week').id).toBe('2026W53');
    expect(periodOfDate('2027-01-04', 'week').id).toBe('2027W01');
    expect(periodOfDate('2021-01-01', 'week').id).toBe('2020W53');
    expect(periodOfDate('2025-12-31', 'year').id).toBe('2025');
  });

  it('periodChildren: default and explicit child types', () => {
    const ids = (ps: Period[]) => ps.map((p) => p.id);
    expect(ids(periodChildren('2025'))).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    expect(ids(periodChildren('2025', 'half'))).toEqual(['2025H1', '2025H2']);
    expect(periodChildren('2025', 'month')).toHaveLength(12);
    expect(ids(periodChildren('2025H2'))).toEqual(['2025Q3', '2025Q4']);
    expect(ids(periodChildren('2025H1', 'month'))).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
    ]);
    expect(ids(periodChildren('2025Q3'))).toEqual(['2025-07', '2025-08', '2025-09']);
    expect(ids(periodChildren('2021/2025'))).toEqual(['2021', '2022', '2023', '2024', '2025']);
    expect(periodChildren('2021/2025', 'quarter')).toHaveLength(20);
  });

  it.each([
    ['2025-07', 'month'],
    ['2025Q3', 'half'],
    ['2025', 'year'],
    ['2025', 'week'],
    ['2025W10', 'month'],
    ['2025', 'span'],
  ] as const)('periodChildren(%s, %s) is a period.children error', (id, type) => {
    const error = rejection(() => periodChildren(id, type));
    expect(error.issues[0]).toMatchObject({ rule: 'period.children', value: `${id}→${type}` });
  });

  it('parentPeriod', () => {
    expect(parentPeriod('2025-07', 'quarter').id).toBe('2025Q3');
    expect(parentPeriod('2025-07', 'half').id).toBe('2025H2');
    expect(parentPeriod('2025Q2', 'half').id).toBe('2025H1');
    expect(parentPeriod('2025Q2', 'year').id).toBe('2025');
    expect(parentPeriod('2025W15', 'quarter').id).toBe('2025Q2'); // 2025-04-07 … 2025-04-13
    expect(rejection(() => parentPeriod('2025W14', 'quarter')).issues[0]!.rule).toBe(
      'period.parent',
    ); // 2025-03-31 … 2025-04-06
    // A week that straddles a boundary has no single parent.
    expect(rejection(() => parentPeriod('2025W01', 'year')).issues[0]!.rule).toBe('period.parent');
    expect(rejection(() => parentPeriod('2025W27', 'quarter')).issues[0]).toMatchObject({
      rule: 'period.parent',
      value: '2025W27→quarter',
    }); // 2025-06-30 … 2025-07-06
    expect(rejection(() => parentPeriod('2025', 'half')).issues[0]!.rule).toBe('period.parent');
    expect(rejection(() => parentPeriod('2021/2025', 'year')).issues[0]!.rule).toBe(
      'period.parent',
    );
  });

  it('planSpan and the 14th five-year plan', () => {
    expect(planSpan(2021, 2025)).toEqual(FOURTEENTH_FIVE_YEAR_PLAN);
    expect(FOURTEENTH_FIVE_YEAR_PLAN).toMatchObject({
      id: '2021/2025',
      type: 'span',
      start: '2021-01-01',
      end: '2025-12-31',
    });
    expect(planSpan(2026, 2030).id).toBe('2026/2030');
    expect(rejection(() => planSpan(2025, 2021)).issues[0]).toMatchObject({
      rule: 'period.span-order',
      value: '2025/2021',
    });
    expect(rejection(() => planSpan(1940, 1950)).issues[0]!.rule).toBe('period.year-range');
    expect(rejection(() => planSpan(2096, 2101)).issues[0]!.rule).toBe('period.year-range');
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests

const yearArb = fc.integer({ min: 1951, max: 2098 });

/** Any valid period id, built independently of the parser. */
const periodIdArb: fc.Arbitrary<string> = fc.oneof(
  yearArb.map(String),
  fc.tuple(yearArb, fc.integer({ min: 1, max: 2 })).map(([y, h]) => `${y}H${h}`),
  fc.tuple(yearArb, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}Q${q}`),
  fc
    .tuple(yearArb, fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc
    .tuple(yearArb, fc.integer({ min: 1, max: 53 }))
    .map(([y, w]) => `${y}W${String(Math.min(w, weeksIn(y))).padStart(2, '0')}`),
  fc
    .tuple(yearArb, fc.integer({ min: 0, max: 10 }))
    // keep the previous and next spans (which move by the span's length) within 1949–2100
    .filter(([y, n]) => y - n - 1 >= 1949 && y + 2 * n + 1 <= 2100)
    .map(([y, n]) => `${y}/${y + n}`),
);

function expectTiles(parent: Period, children: Period[], type: PeriodType): void {
  expect(children.length).toBeGreaterThan(0);
  expect(children[0]!.start).toBe(parent.start);
  expect(children.at(-1)!.end).toBe(parent.end);
  children.forEach((child, i) => {
    expect(child.type).toBe(type);
    if (i > 0) expect(child.start).toBe(nextDay(children[i - 1]!.end));
  });
}

describe('period properties', () => {
  it('every valid id round-trips and its dates are consistent', () => {
    fc.assert(
      fc.property(periodIdArb, (id) => {
        const p = parsePeriod(id);
        expect(p.id).toBe(id);
        expect(parsePeriod(formatPeriod(p)).id).toBe(id);
        expect(p.start <= p.end).toBe(true);
        if (p.type === 'week') {
          expect(isoWeekOf(p.start)).toEqual({ year: p.year, week: p.index });
          expect(isoWeekOf(p.end)).toEqual({ year: p.year, week: p.index });
          expect(new Date(Date.parse(p.start)).getUTCDay()).toBe(1); // Monday
          expect((Date.parse(p.end) - Date.parse(p.start)) / DAY).toBe(6);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('next(previous(p)) === p and previous(next(p)) === p; next starts the day after p ends', () => {
    fc.assert(
      fc.property(periodIdArb, (id) => {
        expect(nextPeriod(previousPeriod(id)).id).toBe(id);
        expect(previousPeriod(nextPeriod(id)).id).toBe(id);
        const p = parsePeriod(id);
        expect(nextPeriod(p).start).toBe(nextDay(p.end));
        expect(nextDay(previousPeriod(p).end)).toBe(p.start);
      }),
      { numRuns: 500 },
    );
  });

  it('periodOfDate(date, week) agrees with an independent ISO week computation', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1951, 0, 1), max: Date.UTC(2098, 11, 31) }), (t) => {
        const date = iso(t - (t % DAY));
        const { year, week } = isoWeekOf(date);
        expect(periodOfDate(date, 'week').id).toBe(`${year}W${String(week).padStart(2, '0')}`);
        expect(periodContains(periodOfDate(date, 'month'), date)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('children tile the parent exactly', () => {
    const childTypes: Record<string, PeriodType[]> = {
      span: ['year', 'half', 'quarter', 'month'],
      year: ['half', 'quarter', 'month'],
      half: ['quarter', 'month'],
      quarter: ['month'],
    };
    fc.assert(
      fc.property(periodIdArb, (id) => {
        const p = parsePeriod(id);
        for (const type of childTypes[p.type] ?? []) {
          const children = periodChildren(p, type);
          expectTiles(p, children, type);
          for (const child of children) {
            expect(periodContains(p, child)).toBe(true);
            if (type !== 'year' && p.type !== 'span') {
              expect(parentPeriod(child, p.type as 'year' | 'half' | 'quarter').id).toBe(p.id);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
