/**
 * @module calendar/schema
 * zod schemas of reporting rules, obligations, phases and calendar notes. Rules are data: a
 * discriminated union on `type`, so a pack can be stored, diffed and validated like any record.
 */
import { z } from 'zod';
import { isoDateSchema } from '../date/index.js';
import { boundedText, MAX_NAME_LENGTH, MAX_TEXT_LENGTH, parseWith } from '../errors/index.js';
import { isPeriodId, parsePeriod } from '../period/index.js';
import { REGION_LEVELS } from '../region/index.js';

/** A bilingual label `{ zh, en }` (both required for calendar entries). */
export const calendarLabelSchema = z
  .object({ zh: boundedText(MAX_TEXT_LENGTH), en: boundedText(MAX_TEXT_LENGTH) })
  .strict();
/** A bilingual label of a calendar entry. */
export type CalendarLabel = z.infer<typeof calendarLabelSchema>;

/** A citation of the clause a calendar entry comes from: `{ doc, clause, seed?, quote? }`. */
export const calendarSourceSchema = z
  .object({
    /** Document number or short title, e.g. `豫卫职健〔2024〕7号`. */
    doc: boundedText(MAX_NAME_LENGTH),
    /** Clause, annex or table, e.g. `附件1 二(一)3`. */
    clause: boundedText(MAX_NAME_LENGTH),
    /** Seed file, e.g. `001`. */
    seed: boundedText(MAX_NAME_LENGTH).optional(),
    /** The original wording, quoted. */
    quote: boundedText(MAX_TEXT_LENGTH, { multiline: true }).optional(),
  })
  .strict();
/** A citation of the clause a calendar entry comes from. */
export type CalendarSource = z.infer<typeof calendarSourceSchema>;

/** How a deadline that falls on a rest day moves: not at all, to the next or the previous working day. */
export const WORKING_DAY_SHIFTS = ['none', 'next-working-day', 'previous-working-day'] as const;
/** A working-day shift. */
export type WorkingDayShift = (typeof WORKING_DAY_SHIFTS)[number];

/** Period types a recurring rule can be anchored to. */
export const RULE_PERIOD_TYPES = ['year', 'half', 'quarter', 'month'] as const;
/** A period type of a recurring rule. */
export type RulePeriodType = (typeof RULE_PERIOD_TYPES)[number];

/**
 * Shortest "last month" of each period type: quarters end in March, June, September, December
 * (shortest 30 days); halves in June and December (30); years in December (31); months may be
 * February (28).
 */
export const SHORTEST_LAST_MONTH: Record<RulePeriodType, number> = {
  quarter: 30,
  half: 30,
  year: 31,
  month: 28,
};

const BOUND_RE = /^(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2})|-(early|mid|late))?$/;

/**
 * A phase bound: a date `2024-07-10`, a month `2024-08` (first day as a start, last day as an
 * end) or a ten-day part of a month (旬): `2025-01-early` (上旬, days 1–10), `2025-01-mid`
 * (中旬, 11–20), `2025-01-late` (下旬, 21–end).
 */
export const phaseBoundSchema = z.string().refine(
  (s) => {
    const m = BOUND_RE.exec(s);
    if (!m) return false;
    return m[3] === undefined || isoDateSchema.safeParse(s).success;
  },
  {
    message: 'must be YYYY-MM-DD, YYYY-MM or YYYY-MM-early|mid|late',
    params: {
      rule: 'calendar.phase-bound',
      messageZh: '阶段起止须为 YYYY-MM-DD、YYYY-MM 或 YYYY-MM-early|mid|late（上旬/中旬/下旬）',
    },
  },
);
/** A phase bound. */
export type PhaseBound = string;

const shiftField = {
  /** Move a deadline that falls on a rest day (default `none`). */
  workingDayShift: z.enum(WORKING_DAY_SHIFTS).optional(),
};

/** A fixed date, e.g. 2024-07-10. The date must lie in the period it is asked for. */
export const fixedDateRuleSchema = z
  .object({ type: z.literal('fixed-date'), date: isoDateSchema, ...shiftField })
  .strict();

/** Given dates per period, e.g. `{ '2024': '2024-08-30', '2025': '2025-05-10' }`. */
export const perPeriodRuleSchema = z
  .object({
    type: z.literal('per-period'),
    dates: z.record(
      z.string().refine(isPeriodId, {
        message: 'keys must be period ids',
        params: { rule: 'period.format', messageZh: '键必须是期间标识' },
      }),
      isoDateSchema,
    ),
    ...shiftField,
  })
  .strict();

/** The same month and day every year (period: a year), e.g. every year by 07-30. */
export const yearlyRuleSchema = z
  .object({
    type: z.literal('yearly'),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    /** Clamp a day past the month's end (02-29 in a common year) to the last day. */
    clamp: z.boolean().optional(),
    ...shiftField,
  })
  .strict()
  .superRefine((r, ctx) => {
    const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][r.month - 1] ?? 31;
    const needsClamp = r.day > max || (r.month === 2 && r.day === 29);
    if (needsClamp && !(r.clamp && r.day <= 31)) {
      ctx.addIssue({
        code: 'custom',
        path: ['day'],
        input: r.day,
        message: `day ${r.day} does not exist in month ${r.month} every year; set clamp: true`,
        params: {
          rule: 'calendar.day-out-of-range',
          messageZh: `${r.month} 月不是每年都有第 ${r.day} 日；如需顺延至月末请设置 clamp: true`,
        },
      });
    }
  });

/**
 * Day N of the LAST month of a quarter, half-year, year or month, e.g. "每个季度最后一个月30日前".
 * A day that some last month lacks (31 for quarters) needs `clamp: true`.
 */
export const periodEndDayRuleSchema = z
  .object({
    type: z.literal('period-end-day'),
    periodType: z.enum(RULE_PERIOD_TYPES),
    day: z.number().int().min(1).max(31),
    clamp: z.boolean().optional(),
    ...shiftField,
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!r.clamp && r.day > SHORTEST_LAST_MONTH[r.periodType]) {
      ctx.addIssue({
        code: 'custom',
        path: ['day'],
        input: r.day,
        message: `day ${r.day} does not exist in every last month of a ${r.periodType}; set clamp: true`,
        params: {
          rule: 'calendar.day-out-of-range',
          messageZh: `并非每个${r.periodType}的最后一个月都有第 ${r.day} 日；如需顺延至月末请设置 clamp: true`,
        },
      });
    }
  });

/** The last day of a month (月底): `month` of the period's year, or the period's last month. */
export const endOfMonthRuleSchema = z
  .object({
    type: z.literal('end-of-month'),
    month: z.number().int().min(1).max(12).optional(),
    ...shiftField,
  })
  .strict();

/** Mid-month (中旬): day 20 of `month` (or the period's last month) unless `day` says otherwise. */
export const midMonthRuleSchema = z
  .object({
    type: z.literal('mid-month'),
    month: z.number().int().min(1).max(12).optional(),
    /** Day standing for 中旬; default 20 (the last day of 中旬). */
    day: z.number().int().min(11).max(20).optional(),
    ...shiftField,
  })
  .strict();

/** N days or N calendar months after an event (month-end clamped: 01-31 + 1 month = 02-28/29). */
export const relativeRuleSchema = z
  .object({
    type: z.literal('relative'),
    /** What the deadline counts from, e.g. `lead-found`. */
    event: boundedText(MAX_TEXT_LENGTH),
    amount: z.number().int().min(0).max(1200),
    unit: z.enum(['days', 'months']),
    ...shiftField,
  })
  .strict();

/** Every N years from a base date (the first due date): base, base + n, base + 2n … */
export const everyNYearsRuleSchema = z
  .object({
    type: z.literal('every-n-years'),
    base: isoDateSchema,
    n: z.number().int().min(1).max(50),
    ...shiftField,
  })
  .strict();

/** A window with a start and an end; the deadline is its end. */
export const phaseRuleSchema = z
  .object({
    type: z.literal('phase'),
    start: phaseBoundSchema,
    end: phaseBoundSchema,
    ...shiftField,
  })
  .strict();

/** Every rule kind, discriminated on `type`. */
export const ruleSchema = z.discriminatedUnion('type', [
  fixedDateRuleSchema,
  perPeriodRuleSchema,
  yearlyRuleSchema,
  periodEndDayRuleSchema,
  endOfMonthRuleSchema,
  midMonthRuleSchema,
  relativeRuleSchema,
  everyNYearsRuleSchema,
  phaseRuleSchema,
]);
/** A due rule. */
export type Rule = z.infer<typeof ruleSchema>;
/** The `type` of a rule. */
export type RuleType = Rule['type'];

/** Period types an obligation is reported for; `event` means once per event (relative rules). */
export const OBLIGATION_PERIOD_TYPES = [
  'year',
  'half',
  'quarter',
  'month',
  'span',
  'event',
] as const;
/** An obligation's period type. */
export type ObligationPeriodType = (typeof OBLIGATION_PERIOD_TYPES)[number];

/** Who owes or receives a report: a region level and, optionally, the body named in the source. */
export const partySchema = z
  .object({
    level: z.enum(REGION_LEVELS),
    /** The body, e.g. `{ zh: '省卫生健康委职业健康处', en: 'Provincial OH Division' }`. */
    actor: calendarLabelSchema.optional(),
  })
  .strict();
/** Who owes or receives a report. */
export type Party = z.infer<typeof partySchema>;

/** zod schema of a reporting obligation. */
export const obligationSchema = z
  .object({
    id: z
      .string()
      .max(128)
      .regex(/^[a-z0-9][a-z0-9.-]*$/),
    label: calendarLabelSchema,
    /** Form or report id, e.g. `yunnan-sme.progress-table` (附表3). */
    what: boundedText(MAX_TEXT_LENGTH),
    who: partySchema,
    toWhom: partySchema,
    /** The period a report covers. */
    periodType: z.enum(OBLIGATION_PERIOD_TYPES),
    /** First and last period the obligation applies to (both of `periodType`). */
    periods: z
      .object({ from: z.string().max(32), to: z.string().max(32) })
      .strict()
      .optional(),
    rule: ruleSchema,
    /** Days after the deadline when the period locks for writing; absent or 0: never expires. */
    expiryDays: z.number().int().min(0).optional(),
    source: calendarSourceSchema,
  })
  .strict()
  .superRefine((o, ctx) => {
    const bad = (path: (string | number)[], input: unknown, message: string, zh: string) =>
      ctx.addIssue({
        code: 'custom',
        path,
        input,
        message,
        params: { rule: 'calendar.period-type', messageZh: zh },
      });
    if (o.periodType === 'event') {
      if (o.rule.type !== 'relative') {
        bad(
          ['rule', 'type'],
          o.rule.type,
          'an event obligation needs a relative rule',
          '按事件报告的义务须使用相对期限规则',
        );
      }
      return;
    }
    if (o.rule.type === 'relative') {
      bad(
        ['periodType'],
        o.periodType,
        'a relative rule needs periodType "event"',
        '相对期限规则的期间类型须为 event',
      );
    }
    if (o.rule.type === 'period-end-day' && o.rule.periodType !== o.periodType) {
      bad(
        ['rule', 'periodType'],
        o.rule.periodType,
        `rule is for ${o.rule.periodType}s but the obligation is ${o.periodType}ly`,
        '规则的期间类型与义务的期间类型不一致',
      );
    }
    if (o.rule.type === 'yearly' && o.periodType !== 'year') {
      bad(
        ['periodType'],
        o.periodType,
        'a yearly rule needs periodType "year"',
        '每年规则的期间类型须为 year',
      );
    }
    if (o.periods) {
      for (const key of ['from', 'to'] as const) {
        const id = o.periods[key];
        if (!isPeriodId(id) || parsePeriod(id).type !== o.periodType) {
          bad(
            ['periods', key],
            id,
            `must be a ${o.periodType} period id`,
            `须为 ${o.periodType} 类型的期间标识`,
          );
        }
      }
      if (
        isPeriodId(o.periods.from) &&
        isPeriodId(o.periods.to) &&
        parsePeriod(o.periods.from).start > parsePeriod(o.periods.to).start
      ) {
        bad(
          ['periods', 'to'],
          o.periods.to,
          'the last period precedes the first',
          '结束期间早于起始期间',
        );
      }
    }
  });
/** A reporting obligation: what is reported, by whom, to whom, for which periods, by when. */
export type Obligation = z.infer<typeof obligationSchema>;
/** Input accepted by {@link obligationSchema}. */
export type ObligationInput = z.input<typeof obligationSchema>;

/** zod schema of a phase (实施阶段): one or more windows, e.g. "2024年12月、2025年11—12月". */
export const phaseSchema = z
  .object({
    id: z
      .string()
      .max(128)
      .regex(/^[a-z0-9][a-z0-9.-]*$/),
    label: calendarLabelSchema,
    /** The action or programme the phase belongs to, e.g. `henan.sme-assistance`. */
    action: boundedText(MAX_TEXT_LENGTH),
    windows: z.array(z.object({ start: phaseBoundSchema, end: phaseBoundSchema }).strict()).min(1),
    source: calendarSourceSchema,
  })
  .strict();
/** A phase of an action, with its windows. */
export type Phase = z.infer<typeof phaseSchema>;

/**
 * A calendar duty the source gives no computable date for ("定期", "during 2025", "after the
 * departments' self-evaluations"): kept as data so a reader finds every rule of a seed in one place.
 */
export const calendarNoteSchema = z
  .object({
    id: z
      .string()
      .max(128)
      .regex(/^[a-z0-9][a-z0-9.-]*$/),
    label: calendarLabelSchema,
    /** When, as the source words it. */
    when: calendarLabelSchema,
    source: calendarSourceSchema,
  })
  .strict();
/** A duty without a computable date. */
export type CalendarNote = z.infer<typeof calendarNoteSchema>;

/**
 * Validate an obligation.
 * @example parseObligation({ id: 'x.y', label: { zh: '季报', en: 'Quarterly report' }, what: 'x.report', who: { level: 'county' }, toWhom: { level: 'prefecture' }, periodType: 'quarter', rule: { type: 'period-end-day', periodType: 'quarter', day: 31 }, source: { doc: 'example' } }) // throws ValidationError: a quarter's last month may have 30 days
 */
export function parseObligation(input: unknown): Obligation {
  return parseWith(obligationSchema, input);
}

/**
 * Validate a rule. An unknown `type` is a ValidationError.
 * @example parseRule({ type: 'every-other-tuesday' }) // throws ValidationError (unknown rule type)
 */
export function parseRule(input: unknown): Rule {
  return parseWith(ruleSchema, input);
}

/**
 * Validate a phase.
 * @internal
 */
export function parsePhase(input: unknown): Phase {
  return parseWith(phaseSchema, input);
}
