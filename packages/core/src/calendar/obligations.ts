/**
 * @module calendar/obligations
 * Obligation queries: the deadline of one report, and the reports a region owes in a date range.
 */
import { compareDates, type IsoDate, parseIsoDate } from '../date/index.js';
import { fail, parseWith, ValidationError } from '../errors/index.js';
import {
  nextPeriod,
  type Period,
  parsePeriod,
  periodOfDate,
  previousPeriod,
} from '../period/index.js';
import { PERIOD_TYPE_ZH } from '../period/period.js';
import type { Region, RegionLevel } from '../region/index.js';
import type { HolidayTable } from './holidays.js';
import { type DateWindow, type Deadline, resolveWindow, ruleDeadline } from './rules.js';
import { type Obligation, obligationSchema, type Phase } from './schema.js';

/** Anything that carries obligations, e.g. a plan (policy pack). */
export interface ObligationSource {
  /** The reporting obligations (a plan's, or a caller's own list). */
  readonly obligations: readonly Obligation[];
}

/** One expected report: an obligation for one period (or event), with its deadline. */
export interface ObligationInstance {
  /** The obligation (what is reported, by whom, to whom, under which rule). */
  readonly obligation: Obligation;
  /** The obligation's id. */
  readonly obligationId: string;
  /** Period id, or the event date for event obligations. */
  readonly period: string;
  /** Region code, when the query named a region. */
  readonly region?: string;
  /** Last day to report (China time), after any working-day shift. */
  readonly deadline: IsoDate;
  /** The window the obligation's rule gives (see {@link Deadline.window}). */
  readonly window: DateWindow;
}

/** An event that starts a relative obligation, e.g. a lead found on 2025-01-31. */
export interface ObligationEvent {
  /** Id of the event-triggered obligation. */
  readonly obligationId: string;
  /** Day the event happened (the deadline counts from it). */
  readonly date: IsoDate;
  /** Region the event belongs to; events of other regions are ignored when a region is given. */
  readonly region?: string;
}

/** Options of the calendar queries. */
export interface CalendarOptions {
  /** Holiday data for working-day shifts. */
  readonly holidays?: HolidayTable;
}

function checkObligation(obligation: Obligation): void {
  if (!obligationSchema.safeParse(obligation).success) {
    parseWith(obligationSchema, obligation, { prefix: 'obligation' });
  }
}

/**
 * The deadline of an obligation for one period (or, for an event obligation, an event date).
 * @example deadlineOf(henanThreeActions.obligations.find((o) => o.id === 'henan.db-supplement-quarterly')!, '2025Q1').deadline // '2025-03-30'
 * @example deadlineOf(henanThreeActions.obligations.find((o) => o.id === 'henan.lead-verification')!, { eventDate: '2025-01-31' }).deadline // '2025-02-28'
 * @throws ValidationError (`calendar.period-type`) for a period of the wrong type,
 *   (`calendar.period-out-of-range`) for a period outside the obligation's range.
 */
export function deadlineOf(
  obligation: Obligation,
  period: string | Period | { readonly eventDate: IsoDate },
  options: CalendarOptions = {},
): Deadline {
  checkObligation(obligation);
  if (typeof period === 'object' && 'eventDate' in period) {
    if (obligation.periodType !== 'event') {
      fail(
        'period',
        period,
        'calendar.period-type',
        `${obligation.id} is reported per ${obligation.periodType}, not per event`,
        `${obligation.id} 按${PERIOD_TYPE_ZH[obligation.periodType]}报告，而非按事件报告`,
      );
    }
    return ruleDeadline(obligation.rule, {
      eventDate: parseIsoDate(period.eventDate, 'eventDate'),
      holidays: options.holidays,
    });
  }
  if (obligation.periodType === 'event') {
    return fail(
      'period',
      typeof period === 'string' ? period : period.id,
      'calendar.period-type',
      `${obligation.id} is reported per event; pass { eventDate }`,
      `${obligation.id} 按事件报告，请提供事件日期`,
    );
  }
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  if (p.type !== obligation.periodType) {
    fail(
      'period',
      p.id,
      'calendar.period-type',
      `${obligation.id} is reported per ${obligation.periodType}; ${p.id} is a ${p.type}`,
      `${obligation.id} 按${PERIOD_TYPE_ZH[obligation.periodType]}报告；${p.id} 是${PERIOD_TYPE_ZH[p.type]}期间`,
    );
  }
  if (obligation.periods) {
    const from = parsePeriod(obligation.periods.from);
    const to = parsePeriod(obligation.periods.to);
    if (p.start < from.start || p.start > to.start) {
      fail(
        'period',
        p.id,
        'calendar.period-out-of-range',
        `${obligation.id} applies from ${from.id} to ${to.id}, not to ${p.id}`,
        `${obligation.id} 适用于 ${from.id} 至 ${to.id}，不适用于 ${p.id}`,
      );
    }
  }
  return ruleDeadline(obligation.rule, { period: p, holidays: options.holidays });
}

/** The periods an obligation applies to that touch the range `from`..`to` (plus one on each side). */
function candidatePeriods(obligation: Obligation, from: IsoDate, to: IsoDate): Period[] {
  const type = obligation.periodType;
  if (type === 'event') return [];
  let first: Period;
  let last: Period;
  if (obligation.periods) {
    first = parsePeriod(obligation.periods.from);
    last = parsePeriod(obligation.periods.to);
  } else if (type === 'span') {
    return [];
  } else if (obligation.rule.type === 'per-period') {
    return Object.keys(obligation.rule.dates)
      .map((id) => parsePeriod(id))
      .filter((p) => p.type === type);
  } else {
    // Deadlines may fall a little outside their period (per-period dates, shifts): look one period
    // either side of the range.
    first = previousPeriod(periodOfDate(from, type));
    last = nextPeriod(periodOfDate(to, type));
  }
  const out: Period[] = [];
  for (let p = first; compareDates(p.start, last.start) <= 0; p = nextPeriod(p)) out.push(p);
  return out;
}

function levelOf(who: RegionLevel | Pick<Region, 'level' | 'code'>): {
  level: RegionLevel;
  code?: string;
} {
  return typeof who === 'string' ? { level: who } : { level: who.level, code: who.code };
}

/**
 * The reports a region (or a region level) owes with deadlines in `from`..`to`, inclusive, sorted
 * by deadline. Event obligations appear for the `events` given.
 * @example obligationsDue(henanThreeActions, 'prefecture', '2025-01-01', '2025-12-31').filter((i) => i.obligationId === 'henan.db-supplement-quarterly').map((i) => i.deadline) // ['2025-03-30', '2025-06-30', '2025-09-30', '2025-12-30']
 */
export function obligationsDue(
  plan: ObligationSource,
  region: RegionLevel | Pick<Region, 'level' | 'code'>,
  from: IsoDate,
  to: IsoDate,
  options: CalendarOptions & { readonly events?: readonly ObligationEvent[] } = {},
): ObligationInstance[] {
  const start = parseIsoDate(from, 'from');
  const end = parseIsoDate(to, 'to');
  if (end < start) {
    fail(
      'to',
      to,
      'calendar.window-order',
      'the range ends before it starts',
      '查询区间的结束日期早于开始日期',
    );
  }
  const { level, code } = levelOf(region);
  const out: ObligationInstance[] = [];
  const push = (obligation: Obligation, period: string, d: Deadline) => {
    if (d.deadline < start || d.deadline > end) return;
    out.push({
      obligation,
      obligationId: obligation.id,
      period,
      ...(code === undefined ? {} : { region: code }),
      deadline: d.deadline,
      window: d.window,
    });
  };
  for (const obligation of plan.obligations) {
    checkObligation(obligation);
    if (obligation.who.level !== level) continue;
    if (obligation.periodType === 'event') {
      for (const e of options.events ?? []) {
        if (e.obligationId !== obligation.id) continue;
        if (code !== undefined && e.region !== undefined && e.region !== code) continue;
        push(obligation, e.date, deadlineOf(obligation, { eventDate: e.date }, options));
      }
      continue;
    }
    for (const p of candidatePeriods(obligation, start, end)) {
      let d: Deadline;
      try {
        d = deadlineOf(obligation, p, options);
      } catch (error) {
        // A period without an occurrence (every-n-years, per-period) owes nothing.
        if (
          error instanceof ValidationError &&
          error.issues.every(
            (i) =>
              i.rule === 'calendar.no-occurrence' ||
              i.rule === 'calendar.period-out-of-range' ||
              i.rule === 'calendar.date-outside-period',
          )
        )
          continue;
        throw error;
      }
      push(obligation, p.id, d);
    }
  }
  return out.sort(
    (a, b) =>
      compareDates(a.deadline, b.deadline) ||
      a.obligationId.localeCompare(b.obligationId) ||
      a.period.localeCompare(b.period),
  );
}

/**
 * The resolved date windows of a phase.
 * @example phaseWindows(henanPhases[0]!).length > 0 // true
 */
export function phaseWindows(phase: Phase): DateWindow[] {
  return phase.windows.map((w) => resolveWindow(w.start, w.end));
}

/**
 * The phases in progress on `date`.
 * @example phasesOn(henanPhases, '2099-01-01').length // 0
 */
export function phasesOn(phases: readonly Phase[], date: IsoDate): Phase[] {
  const d = parseIsoDate(date);
  return phases.filter((p) => phaseWindows(p).some((w) => w.start <= d && d <= w.end));
}
