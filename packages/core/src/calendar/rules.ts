/**
 * @module calendar/rules
 * Pure evaluation of due rules: given a rule and a period (or an event date), the deadline and
 * the window the deadline closes. Everything is calendar dates in China time.
 */
import {
  addDays,
  addMonths,
  addYears,
  dateParts,
  daysInMonth,
  type IsoDate,
  makeDate,
  minDate,
  parseIsoDate,
} from '../date/index.js';
import { fail } from '../errors/index.js';
import { type Period, parsePeriod } from '../period/index.js';
import { CHINA_HOLIDAYS, type HolidayTable, shiftToWorkingDay } from './holidays.js';
import { type PhaseBound, parseRule, phaseBoundSchema, type Rule, ruleSchema } from './schema.js';

/** An inclusive date window. */
export interface DateWindow {
  /** First day, inclusive. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
}

/** A computed deadline: the date, the window it closes, and the date before any working-day shift. */
export interface Deadline {
  /** The due date (on or before). */
  readonly deadline: IsoDate;
  /** The window the rule gives; the unshifted deadline lies inside it or at its end. */
  readonly window: DateWindow;
  /** The deadline before a working-day shift (equal to `deadline` when there is none). */
  readonly unshifted: IsoDate;
}

/** What a rule is evaluated against: a period, or for relative rules an event date. */
export interface RuleContext {
  /** The period whose deadline is computed (a `Period` or its id). */
  readonly period?: Period | string;
  /** The triggering event's day, for event rules (`relative`). */
  readonly eventDate?: IsoDate;
  /** Holiday data for working-day shifts (default {@link CHINA_HOLIDAYS}). */
  readonly holidays?: HolidayTable;
}

const BOUND_RE = /^(\d{4})-(\d{2})(?:-(\d{2})|-(early|mid|late))?$/;

/**
 * Resolve a phase bound to a date: a month's first day as a start and last day as an end;
 * 上旬 1–10, 中旬 11–20, 下旬 21–end.
 * @example resolveBound('2025-01-mid', 'start') // '2025-01-11'
 * @example resolveBound('2025-02-early', 'end') // '2025-02-10'
 * @example resolveBound('2024-02', 'end') // '2024-02-29'
 */
export function resolveBound(bound: PhaseBound, side: 'start' | 'end'): IsoDate {
  const checked = phaseBoundSchema.safeParse(bound);
  const m = BOUND_RE.exec(bound);
  if (!checked.success || !m) {
    return fail(
      'bound',
      bound,
      'calendar.phase-bound',
      'must be YYYY-MM-DD, YYYY-MM or YYYY-MM-early|mid|late',
      '阶段起止须为 YYYY-MM-DD、YYYY-MM 或 YYYY-MM-early|mid|late（上旬/中旬/下旬）',
    );
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (m[3] !== undefined) return bound;
  const last = daysInMonth(year, month);
  const part = m[4];
  const [from, to] =
    part === 'early'
      ? [1, 10]
      : part === 'mid'
        ? [11, 20]
        : part === 'late'
          ? [21, last]
          : [1, last];
  return makeDate(year, month, side === 'start' ? from : to);
}

/**
 * Resolve a `{ start, end }` pair of bounds, rejecting an end before the start.
 * @internal
 */
export function resolveWindow(start: PhaseBound, end: PhaseBound): DateWindow {
  const w = { start: resolveBound(start, 'start'), end: resolveBound(end, 'end') };
  if (w.end < w.start) {
    fail(
      'end',
      end,
      'calendar.window-order',
      `window ends (${w.end}) before it starts (${w.start})`,
      `窗口结束日期（${w.end}）早于开始日期（${w.start}）`,
    );
  }
  return w;
}

function needPeriod(ctx: RuleContext, rule: Rule): Period {
  if (ctx.period === undefined) {
    return fail(
      'period',
      undefined,
      'calendar.period-required',
      `a ${rule.type} rule needs a period`,
      `${rule.type} 规则需要指定期间`,
    );
  }
  return typeof ctx.period === 'string' ? parsePeriod(ctx.period) : ctx.period;
}

function wrongType(period: Period, expected: string, rule: Rule): never {
  return fail(
    'period',
    period.id,
    'calendar.period-type',
    `a ${rule.type} rule needs a ${expected} period, got ${period.type} ${period.id}`,
    `${rule.type} 规则需要 ${expected} 类型的期间，实际为 ${period.type} ${period.id}`,
  );
}

function monthWindow(year: number, month: number): DateWindow {
  return { start: makeDate(year, month, 1), end: makeDate(year, month, daysInMonth(year, month)) };
}

/** The month a month-anchored rule (end-of-month, mid-month) points at within `period`. */
function targetMonth(
  period: Period,
  month: number | undefined,
  rule: Rule,
): { year: number; month: number } {
  const end = dateParts(period.end);
  if (month === undefined) return { year: end.year, month: end.month };
  if (period.type !== 'year') wrongType(period, 'year (the rule names a month)', rule);
  return { year: period.year, month };
}

function unshiftedDeadline(
  rule: Rule,
  ctx: RuleContext,
): { deadline: IsoDate; window: DateWindow } {
  switch (rule.type) {
    case 'fixed-date': {
      const period = needPeriod(ctx, rule);
      if (rule.date < period.start || rule.date > period.end) {
        fail(
          'period',
          period.id,
          'calendar.date-outside-period',
          `the fixed date ${rule.date} does not lie in period ${period.id}`,
          `固定日期 ${rule.date} 不在期间 ${period.id} 内`,
        );
      }
      return { deadline: rule.date, window: { start: period.start, end: period.end } };
    }
    case 'per-period': {
      const period = needPeriod(ctx, rule);
      const date = rule.dates[period.id];
      if (date === undefined) {
        return fail(
          'period',
          period.id,
          'calendar.no-occurrence',
          `no date is given for period ${period.id} (given: ${Object.keys(rule.dates).join(', ')})`,
          `未规定期间 ${period.id} 的日期（已规定：${Object.keys(rule.dates).join('、')}）`,
        );
      }
      return {
        deadline: date,
        window: { start: minDate(period.start, date), end: date },
      };
    }
    case 'yearly': {
      const period = needPeriod(ctx, rule);
      if (period.type !== 'year') wrongType(period, 'year', rule);
      const last = daysInMonth(period.year, rule.month);
      if (rule.day > last && !rule.clamp) {
        fail(
          'day',
          rule.day,
          'calendar.day-out-of-range',
          `${period.year}-${rule.month} has no day ${rule.day}`,
          `${period.year} 年 ${rule.month} 月没有第 ${rule.day} 日`,
        );
      }
      return {
        deadline: makeDate(period.year, rule.month, Math.min(rule.day, last)),
        window: { start: period.start, end: period.end },
      };
    }
    case 'period-end-day': {
      const period = needPeriod(ctx, rule);
      if (period.type !== rule.periodType) wrongType(period, rule.periodType, rule);
      const { year, month } = dateParts(period.end);
      const last = daysInMonth(year, month);
      if (rule.day > last && !rule.clamp) {
        fail(
          'day',
          rule.day,
          'calendar.day-out-of-range',
          `the last month of ${period.id} has no day ${rule.day} and the rule does not clamp`,
          `${period.id} 的最后一个月没有第 ${rule.day} 日，且规则未设置顺延至月末`,
        );
      }
      return {
        deadline: makeDate(year, month, Math.min(rule.day, last)),
        window: { start: period.start, end: period.end },
      };
    }
    case 'end-of-month': {
      const period = needPeriod(ctx, rule);
      if (period.type === 'week' || period.type === 'span')
        wrongType(period, 'year, half, quarter or month', rule);
      const t = targetMonth(period, rule.month, rule);
      const w = monthWindow(t.year, t.month);
      return {
        deadline: w.end,
        window: rule.month === undefined ? { start: period.start, end: period.end } : w,
      };
    }
    case 'mid-month': {
      const period = needPeriod(ctx, rule);
      if (period.type === 'week' || period.type === 'span')
        wrongType(period, 'year, half, quarter or month', rule);
      const t = targetMonth(period, rule.month, rule);
      const w = monthWindow(t.year, t.month);
      return { deadline: makeDate(t.year, t.month, rule.day ?? 20), window: w };
    }
    case 'relative': {
      if (ctx.eventDate === undefined) {
        return fail(
          'eventDate',
          undefined,
          'calendar.event-required',
          `a relative rule needs the date of the event "${rule.event}"`,
          `相对期限规则需要事件“${rule.event}”的日期`,
        );
      }
      const start = parseIsoDate(ctx.eventDate, 'eventDate');
      const deadline =
        rule.unit === 'days' ? addDays(start, rule.amount) : addMonths(start, rule.amount);
      return { deadline, window: { start, end: deadline } };
    }
    case 'every-n-years': {
      const period = needPeriod(ctx, rule);
      const hits: IsoDate[] = [];
      const baseYear = dateParts(rule.base).year;
      const endYear = dateParts(period.end).year;
      for (
        let k = Math.max(0, Math.floor((dateParts(period.start).year - baseYear) / rule.n) - 1);
        baseYear + k * rule.n <= endYear;
        k++
      ) {
        const d = addYears(rule.base, k * rule.n);
        if (d >= period.start && d <= period.end) hits.push(d);
      }
      if (hits.length !== 1) {
        return fail(
          'period',
          period.id,
          hits.length === 0 ? 'calendar.no-occurrence' : 'calendar.period-type',
          hits.length === 0
            ? `no occurrence of "every ${rule.n} years from ${rule.base}" falls in ${period.id}`
            : `${period.id} holds ${hits.length} occurrences of "every ${rule.n} years"; ask for a shorter period`,
          hits.length === 0
            ? `期间 ${period.id} 内没有“自 ${rule.base} 起每 ${rule.n} 年”的到期日`
            : `期间 ${period.id} 内有 ${hits.length} 个到期日，请指定更短的期间`,
        );
      }
      const deadline = hits[0] as IsoDate;
      return {
        deadline,
        window: { start: addDays(addYears(deadline, -rule.n), 1), end: deadline },
      };
    }
    case 'phase': {
      const window = resolveWindow(rule.start, rule.end);
      return { deadline: window.end, window };
    }
  }
}

/**
 * The deadline a rule gives for a period (or, for a relative rule, an event date), with its
 * window and the working-day shift applied.
 * @example ruleDeadline({ type: 'period-end-day', periodType: 'quarter', day: 30 }, { period: '2025Q1' }).deadline
 * // '2025-03-30'
 * @example ruleDeadline({ type: 'relative', event: 'lead-found', amount: 1, unit: 'months' }, { eventDate: '2024-01-31' }).deadline
 * // '2024-02-29'
 * @throws ValidationError for an unknown rule, a period of the wrong type, a day a month lacks
 *   (without `clamp`), or a shift into a year without holiday data (`calendar.holidays-missing`).
 */
export function ruleDeadline(rule: Rule, ctx: RuleContext = {}): Deadline {
  // An unknown `type` or a malformed rule fails here with the schema's rule ids.
  if (!ruleSchema.safeParse(rule).success) parseRule(rule);
  const { deadline, window } = unshiftedDeadline(rule, ctx);
  const shift = rule.workingDayShift ?? 'none';
  if (shift === 'none') return { deadline, window, unshifted: deadline };
  const shifted = shiftToWorkingDay(
    deadline,
    shift === 'next-working-day' ? 'next' : 'previous',
    ctx.holidays ?? CHINA_HOLIDAYS,
  );
  return { deadline: shifted, window, unshifted: deadline };
}
