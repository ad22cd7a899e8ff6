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
import { SUBMISSION_ACTIONS, SUBMISSION_STATES } from './submission.js';

/** zod schema of an obligation id as stored with a report (`henan.db-supplement-quarterly`). */
export const obligationIdSchema = z
  .string()
  .max(128)
  .regex(/^[a-z0-9][a-z0-9.-]*$/, {
    message: 'must be an obligation id (lower-case letters, digits, "." and "-")',
  });

/** The key of a report or lock exception: `obligation|party|period`. */
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

/** The data elements a stored report locks: its `dataElements` and those of its value content. */
export function lockedElements(s: SubmissionRecord): Set<string> {
  const out = new Set(s.dataElements);
  if (s.content?.type === 'values') for (const v of s.content.values) out.add(v.dataElement);
  return out;
}
