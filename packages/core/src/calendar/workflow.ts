/**
 * @module calendar/workflow
 * The reporting workflow as stored records: a submission (the {@link transition} state machine's
 * record, with its deadline and content) and a lock exception, each keyed by
 * (obligation, party, period). The party is a region code today (departments later).
 */
import { z } from 'zod';
import { dataElementIdSchema, decimalValueSchema } from '../data/index.js';
import { isoDateSchema } from '../date/index.js';
import { boundedText, MAX_CODE_LENGTH, MAX_TEXT_LENGTH } from '../errors/index.js';
import { periodIdSchema } from '../period/index.js';
import { REGION_LEVELS, regionCodeSchema } from '../region/index.js';
import type { Role } from '../store/actor.js';
import {
  SUBMISSION_ACTIONS,
  SUBMISSION_STATES,
  type SubmissionAction,
  type SubmissionEvent,
  transition,
} from './submission.js';

/** zod schema of an obligation id as stored with a report (`henan.db-supplement-quarterly`). */
export const obligationIdSchema = z
  .string()
  .max(128)
  .regex(/^[a-z0-9][a-z0-9.-]*$/, {
    message: 'must be an obligation id (lower-case letters, digits, "." and "-")',
  });

/**
 * The key of a report or lock exception: `obligation|party|period`.
 * @example reportKey({ obligationId: 'yunnan.progress-table', region: '530381', period: '2025' }) // 'yunnan.progress-table|530381|2025'
 */
export function reportKey(r: {
  readonly obligationId: string;
  readonly region: string;
  readonly period: string;
}): string {
  return `${r.obligationId}|${r.region}|${r.period}`;
}

const eventSchema = z
  .object({
    action: z.enum([...SUBMISSION_ACTIONS, 'create']),
    by: boundedText(MAX_CODE_LENGTH),
    level: z.enum(REGION_LEVELS),
    on: isoDateSchema,
    note: boundedText(MAX_TEXT_LENGTH, { multiline: true }).optional(),
  })
  .strict();

/** A report's content: data values (validated as data values) or an attached file. */
export const reportContentSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('values'),
      values: z
        .array(z.object({ dataElement: dataElementIdSchema, value: decimalValueSchema }).strict())
        .max(10_000),
    })
    .strict(),
  z
    .object({
      type: z.literal('file'),
      /** Lower-case hex SHA-256 of the file's bytes. */
      sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' }),
      size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      name: boundedText(MAX_CODE_LENGTH).optional(),
    })
    .strict(),
]);
/** A report's content. */
export type ReportContent = z.infer<typeof reportContentSchema>;

/**
 * zod schema of a stored submission: the state machine's {@link Submission} plus the facts the
 * store needs to decide on locks (deadline, expiry, the data elements it covers, whether
 * approval waits for the child regions) and its content.
 */
export const submissionRecordSchema = z
  .object({
    id: boundedText(MAX_CODE_LENGTH),
    obligationId: obligationIdSchema,
    /** The reporting party: a region code. */
    region: regionCodeSchema,
    period: periodIdSchema,
    reporter: boundedText(MAX_CODE_LENGTH),
    state: z.enum(SUBMISSION_STATES),
    approvalChain: z.array(z.enum(REGION_LEVELS)).min(1).max(REGION_LEVELS.length),
    awaiting: z.number().int().nonnegative().max(REGION_LEVELS.length),
    firstSubmittedOn: isoDateSchema.optional(),
    lastSubmittedOn: isoDateSchema.optional(),
    history: z.array(eventSchema).min(1).max(10_000),
    /** The report's deadline (from the obligation's calendar). */
    deadline: isoDateSchema,
    /** Days after the deadline when the period expires; absent or 0: never. */
    expiryDays: z.number().int().nonnegative().max(36_600).optional(),
    /** Data elements whose values of (region, period) this report locks once approved or expired. */
    dataElements: z.array(dataElementIdSchema).max(10_000).default([]),
    /** Approval waits until every child region's report of the same obligation and period is approved. */
    childrenRequired: z.boolean().default(false),
    content: reportContentSchema.optional(),
  })
  .strict();
/** A stored submission. */
export type SubmissionRecord = z.infer<typeof submissionRecordSchema>;

/** zod schema of a lock exception (see {@link grantLockException}). */
export const lockExceptionSchema = z
  .object({
    obligationId: obligationIdSchema,
    region: regionCodeSchema,
    period: periodIdSchema,
    grantedBy: boundedText(MAX_CODE_LENGTH),
    /** Last day (inclusive, China time) the exception lets writes through. */
    until: isoDateSchema,
    reason: boundedText(MAX_TEXT_LENGTH, { multiline: true }),
  })
  .strict();

/**
 * The data elements a stored report locks: its `dataElements` and those of its value content.
 * @internal
 */
export function lockedElements(s: SubmissionRecord): Set<string> {
  const out = new Set(s.dataElements);
  if (s.content?.type === 'values') for (const v of s.content.values) out.add(v.dataElement);
  return out;
}

/** The role an action of a report's history needs (an admin may take any). */
const ROLE_OF: Record<SubmissionAction, Role> = {
  submit: 'reporter',
  approve: 'approver',
  return: 'approver',
  reopen: 'admin',
};

/**
 * Why a written report is not the state machine's own result, or undefined when it is: its
 * history must extend the stored one, every new step must be a transition the machine allows
 * (replayed with {@link transition}), the state fields must be what the replay gives, the
 * report's identity must not change, and a writer who is not an admin may only add steps of
 * their own, in their role.
 */
export function historyProblem(
  before: SubmissionRecord | undefined,
  next: SubmissionRecord,
  writer: { readonly id: string; readonly role: Role },
): { message: string; messageZh: string } | undefined {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  let start: SubmissionRecord;
  let added: readonly SubmissionEvent[];
  if (before) {
    for (const field of [
      'obligationId',
      'region',
      'period',
      'reporter',
      'approvalChain',
    ] as const) {
      if (!same(before[field], next[field])) {
        return {
          message: `a report's ${field} cannot change`,
          messageZh: `报送的 ${field} 不能更改`,
        };
      }
    }
    if (!same(next.history.slice(0, before.history.length), before.history)) {
      return {
        message: 'the history may only grow: stored steps cannot change or disappear',
        messageZh: '报送历史只能追加，已有步骤不能修改或删除',
      };
    }
    start = before;
    added = next.history.slice(before.history.length);
  } else {
    const [first, ...rest] = next.history;
    if (first?.action !== 'create') {
      return {
        message: "a new report's history starts with its create step",
        messageZh: '新报送的历史须以创建步骤开始',
      };
    }
    const { firstSubmittedOn: _f, lastSubmittedOn: _l, ...base } = next;
    start = { ...base, state: 'draft', awaiting: 0, history: [first] };
    added = rest;
  }
  let current = start;
  for (const event of added) {
    if (event.action === 'create') {
      return { message: 'only the first step may be create', messageZh: '只有第一步可以是创建' };
    }
    if (
      writer.role !== 'admin' &&
      (event.by !== writer.id || writer.role !== ROLE_OF[event.action])
    ) {
      return {
        message: `${writer.id} (${writer.role}) may not write a ${event.action} step by ${event.by}`,
        messageZh: `${writer.id}（${writer.role}）不能写入由 ${event.by} 执行的 ${event.action} 步骤`,
      };
    }
    try {
      current = transition(current, event.action, {
        actor: { id: event.by, role: ROLE_OF[event.action], level: event.level },
        on: event.on,
        ...(event.note === undefined ? {} : { note: event.note }),
      }) as SubmissionRecord;
    } catch (error) {
      const e = error as { message?: string; messageZh?: string };
      return {
        message: `step ${event.action} on ${event.on} is not allowed: ${e.message ?? String(error)}`,
        messageZh: `${event.on} 的 ${event.action} 步骤不被允许：${e.messageZh ?? e.message ?? String(error)}`,
      };
    }
  }
  for (const field of ['state', 'awaiting', 'firstSubmittedOn', 'lastSubmittedOn'] as const) {
    if (!same(current[field], next[field])) {
      return {
        message: `${field} must be ${JSON.stringify(current[field]) ?? 'absent'}, as the history gives`,
        messageZh: `${field} 应为 ${JSON.stringify(current[field]) ?? '空'}（由报送历史决定）`,
      };
    }
  }
  return undefined;
}
