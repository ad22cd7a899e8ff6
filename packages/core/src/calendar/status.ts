/**
 * @module calendar/status
 * The status of one expected report, and completeness / timeliness rates (DHIS2 reporting rates)
 * that roll up a region tree as ratios of sums.
 */
import { Decimal } from 'decimal.js';
import { daysBetween, type IsoDate, parseIsoDate, todayInChina } from '../date/index.js';
import { fail } from '../errors/index.js';
import type { Period } from '../period/index.js';
import type { RegionTree } from '../region/index.js';
import { type CalendarOptions, deadlineOf } from './obligations.js';
import type { Obligation } from './schema.js';

/** Status of an expected report. */
export const REPORT_STATUSES = ['not-yet-due', 'due-soon', 'on-time', 'late', 'missing'] as const;
/** Status of an expected report. */
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Chinese and English labels of each status. */
export const REPORT_STATUS_LABELS: Record<ReportStatus, { zh: string; en: string }> = {
  'not-yet-due': { zh: '未到期', en: 'Not yet due' },
  'due-soon': { zh: '即将到期', en: 'Due soon' },
  'on-time': { zh: '按时报送', en: 'On time' },
  late: { zh: '逾期报送', en: 'Late' },
  missing: { zh: '逾期未报', en: 'Missing' },
};

/** Default number of days before a deadline when a report counts as due soon. */
export const DEFAULT_DUE_SOON_DAYS = 7;

/** Options of {@link statusOf}. */
export interface StatusOptions extends CalendarOptions {
  /** A report with no submission is `due-soon` this many days (or fewer) before its deadline. */
  readonly dueSoonDays?: number;
}

/**
 * Status against a known deadline: a submission on or before the deadline is `on-time`, after it
 * `late`; without one the report is `missing` once the deadline has passed, `due-soon` within
 * `dueSoonDays` of it, else `not-yet-due`.
 * @example statusForDeadline('2025-03-30', '2025-03-31', '2025-04-02') // 'late'
 */
export function statusForDeadline(
  deadline: IsoDate,
  submittedOn: IsoDate | null | undefined,
  today: IsoDate,
  dueSoonDays: number = DEFAULT_DUE_SOON_DAYS,
): ReportStatus {
  const due = parseIsoDate(deadline, 'deadline');
  const now = parseIsoDate(today, 'today');
  if (!Number.isInteger(dueSoonDays) || dueSoonDays < 0) {
    fail(
      'dueSoonDays',
      dueSoonDays,
      'calendar.due-soon-days',
      'must be a whole number of days ≥ 0',
      '须为不小于 0 的整数天数',
    );
  }
  if (submittedOn !== undefined && submittedOn !== null) {
    return parseIsoDate(submittedOn, 'submittedOn') <= due ? 'on-time' : 'late';
  }
  if (now > due) return 'missing';
  return daysBetween(now, due) <= dueSoonDays ? 'due-soon' : 'not-yet-due';
}

/**
 * The status of an obligation's report for a period (or `{ eventDate }`).
 * `today` is a parameter; it defaults to today in China, never the machine's local date.
 * @example statusOf(henanThreeActions.obligations.find((o) => o.id === 'henan.db-supplement-quarterly')!, '2025Q2', '2025-06-30', '2025-07-01') // 'on-time'
 * @example statusOf(henanThreeActions.obligations.find((o) => o.id === 'henan.db-supplement-quarterly')!, '2025Q2', undefined, '2025-06-25') // 'due-soon'
 */
export function statusOf(
  obligation: Obligation,
  period: string | Period | { readonly eventDate: IsoDate },
  submittedOn?: IsoDate | null,
  today: IsoDate = todayInChina(),
  options: StatusOptions = {},
): ReportStatus {
  const { deadline } = deadlineOf(obligation, period, options);
  return statusForDeadline(deadline, submittedOn, today, options.dueSoonDays);
}

/** A ratio with its parts, the shape the indicator engine uses; `value` is null when nothing is expected. */
export interface RateValue {
  /** Reports counted (received, or received on time). */
  readonly numerator: number;
  /** Reports expected. */
  readonly denominator: number;
  /** numerator / denominator × 100 (a percentage), unrounded; null when the denominator is 0. */
  readonly value: Decimal | null;
}

/** Reporting counts and rates of one region (its own reports, or its whole subtree when rolled up). */
export interface ReportingRate {
  /** Code of the region. */
  readonly region: string;
  /** Reports expected: due by `today`, or already received. */
  readonly expected: number;
  /** Expected reports received. */
  readonly received: number;
  /** Expected reports received on or before their deadline. */
  readonly onTime: number;
  /** received / expected (DHIS2 "reporting rate"). */
  readonly completeness: RateValue;
  /** onTime / expected (DHIS2 "reporting rate on time"). */
  readonly timeliness: RateValue;
}

/** One expected report for the rates: which obligation, period and region, and its deadline. */
export interface ExpectedReport {
  /** Id of the obligation the report is owed under. */
  readonly obligationId: string;
  /** The period reported on (e.g. `2025`). */
  readonly period: string;
  /** Code of the region that owes the report. */
  readonly region: string;
  /** Last day it may be submitted on time. */
  readonly deadline: IsoDate;
}

/** One received report: the date it was (first) submitted. */
export interface ReceivedReport {
  /** Id of the obligation the report was sent under. */
  readonly obligationId: string;
  /** The period reported on. */
  readonly period: string;
  /** Code of the region that sent it. */
  readonly region: string;
  /** China calendar day it was (first) submitted. */
  readonly submittedOn: IsoDate;
}

function rate(numerator: number, denominator: number): RateValue {
  return {
    numerator,
    denominator,
    value: denominator === 0 ? null : new Decimal(numerator).times(100).div(denominator),
  };
}

function toRate(region: string, expected: number, received: number, onTime: number): ReportingRate {
  return {
    region,
    expected,
    received,
    onTime,
    completeness: rate(received, expected),
    timeliness: rate(onTime, expected),
  };
}

const key = (r: { obligationId: string; period: string; region: string }) =>
  `${r.obligationId}\u0000${r.period}\u0000${r.region}`;

/**
 * Completeness and timeliness per region. A report counts as expected once its deadline has
 * passed (`deadline <= today`) or once it has been received (early reports are credited, reports
 * not yet due are not held against anyone). With a `tree`, every region of the tree gets the sums
 * over its subtree (ratio of sums, never an average of the children's rates); without one, each
 * region gets its own counts. When a report was submitted more than once, the earliest date counts.
 * @example reportingRates({ expected: [{ obligationId: 'q', period: '2025Q1', region: '410100', deadline: '2025-03-30' }, { obligationId: 'q', period: '2025Q2', region: '410100', deadline: '2025-06-30' }], submissions: [{ obligationId: 'q', period: '2025Q1', region: '410100', submittedOn: '2025-04-02' }], today: '2025-07-15' }).get('410100')?.completeness.value?.toString() // '50'
 */
export function reportingRates(input: {
  readonly expected: readonly ExpectedReport[];
  readonly submissions: readonly ReceivedReport[];
  readonly today?: IsoDate;
  readonly tree?: RegionTree;
}): Map<string, ReportingRate> {
  const today = parseIsoDate(input.today ?? todayInChina(), 'today');
  const firstSubmission = new Map<string, IsoDate>();
  for (const s of input.submissions) {
    const on = parseIsoDate(s.submittedOn, 'submittedOn');
    const k = key(s);
    const prev = firstSubmission.get(k);
    if (prev === undefined || on < prev) firstSubmission.set(k, on);
  }
  const own = new Map<string, { expected: number; received: number; onTime: number }>();
  const seen = new Set<string>();
  for (const e of input.expected) {
    const k = key(e);
    if (seen.has(k)) continue;
    seen.add(k);
    const deadline = parseIsoDate(e.deadline, 'deadline');
    const on = firstSubmission.get(k);
    if (deadline > today && on === undefined) continue;
    const c = own.get(e.region) ?? { expected: 0, received: 0, onTime: 0 };
    c.expected += 1;
    if (on !== undefined) {
      c.received += 1;
      if (on <= deadline) c.onTime += 1;
    }
    own.set(e.region, c);
  }
  const out = new Map<string, ReportingRate>();
  if (!input.tree) {
    for (const [region, c] of own)
      out.set(region, toRate(region, c.expected, c.received, c.onTime));
    return out;
  }
  const tree = input.tree;
  for (const region of own.keys()) {
    if (!tree.has(region)) {
      fail(
        'region',
        region,
        'region.unknown',
        `region ${region} is not in the tree`,
        `区划 ${region} 不在区划树中`,
      );
    }
  }
  for (const r of tree.all()) {
    let expected = 0;
    let received = 0;
    let onTime = 0;
    for (const code of tree.subtreeCodes(r.code)) {
      const c = own.get(code);
      if (!c) continue;
      expected += c.expected;
      received += c.received;
      onTime += c.onTime;
    }
    out.set(r.code, toRate(r.code, expected, received, onTime));
  }
  return out;
}
