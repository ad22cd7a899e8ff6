/**
 * @module calendar/submission
 * Submissions and sign-off as a pure state machine: a report is drafted, submitted, returned and
 * resubmitted, and approved level by level (e.g. county → prefecture → province). Approved or
 * expired periods are locked for writing unless an admin grants an exception. Stores persist the
 * records; nothing here does I/O.
 */
import { addDays, type IsoDate, parseIsoDate } from '../date/index.js';
import { ForbiddenError, fail, PeriodLockedError } from '../errors/index.js';
import { levelRank, type RegionLevel } from '../region/index.js';
import type { Role } from '../store/actor.js';

/** States of a submission. */
export const SUBMISSION_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;
/** A submission state. */
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** Actions on a submission. */
export const SUBMISSION_ACTIONS = ['submit', 'approve', 'return', 'reopen'] as const;
/** A submission action. */
export type SubmissionAction = (typeof SUBMISSION_ACTIONS)[number];

/**
 * Roles that act on submissions: the core's one {@link Role} (`viewer` may not act; `approver`
 * was called `reviewer` before store port v2).
 */
export type SubmissionRole = Role;

/** Who acts: an id, a role and the level they act at. */
export interface SubmissionActor {
  /** The person's id (recorded in the history). */
  readonly id: string;
  /** What they may do: report, approve, or (admin) reopen and grant exceptions. */
  readonly role: SubmissionRole;
  /** The level of the region they act for; an approver acts at the awaited level only. */
  readonly level: RegionLevel;
}

/** One step in a submission's history. */
export interface SubmissionEvent {
  /** What happened: the draft's creation or an action of the state machine. */
  readonly action: SubmissionAction | 'create';
  /** Id of the actor. */
  readonly by: string;
  /** The level the actor acted at. */
  readonly level: RegionLevel;
  /** The day (China time). */
  readonly on: IsoDate;
  /** The actor's note (required for a `return`). */
  readonly note?: string;
}

/** A report for one obligation, region and period, and its sign-off trail. */
export interface Submission {
  /** The report's key, `obligation|region|period` for stored reports. */
  readonly id: string;
  /** The obligation reported on. */
  readonly obligationId: string;
  /** Code of the reporting region. */
  readonly region: string;
  /** The period reported on (`2025Q1`). */
  readonly period: string;
  /** Reporter (who reports). */
  readonly reporter: string;
  /** Where the report is in its sign-off: draft, submitted, returned or approved. */
  readonly state: SubmissionState;
  /** Levels that approve in turn, e.g. `['county', 'prefecture', 'province']`. */
  readonly approvalChain: readonly RegionLevel[];
  /** Index in `approvalChain` of the level whose decision is awaited (meaningful when submitted). */
  readonly awaiting: number;
  /** Date of the first submission (used for timeliness). */
  readonly firstSubmittedOn?: IsoDate;
  /** Date of the latest submission. */
  readonly lastSubmittedOn?: IsoDate;
  /** Every step so far, oldest first, starting with `create`. */
  readonly history: readonly SubmissionEvent[];
}

/** An admin's exception that reopens a locked report for writing until a date. */
export interface LockException {
  /** The obligation of the locked report. */
  readonly obligationId: string;
  /** The period of the locked report. */
  readonly period: string;
  /** The region of the locked report. */
  readonly region: string;
  /** Id of the admin who granted it. */
  readonly grantedBy: string;
  /** Last day (inclusive, China time) the report may be written. */
  readonly until: IsoDate;
  /** Why (required; kept for the audit). */
  readonly reason: string;
}

/** What a lock check needs about one report. */
export interface LockTarget {
  /** The obligation of the report. */
  readonly obligationId: string;
  /** The period of the report. */
  readonly period: string;
  /** The region of the report. */
  readonly region: string;
  /** The report's deadline; expiry counts from it. */
  readonly deadline: IsoDate;
  /** Days after the deadline when the period expires; absent or 0: never expires (as DHIS2). */
  readonly expiryDays?: number;
  /** The report's state, when it exists (`approved` locks it). */
  readonly state?: SubmissionState;
}

/**
 * Start a draft submission.
 * @example
 * ```ts
 * const reporter = { id: 'u1', role: 'reporter', level: 'prefecture' } as const;
 * const draft = createSubmission({
 *   id: 'henan.db-supplement-quarterly|410100|2025Q1',
 *   obligationId: 'henan.db-supplement-quarterly',
 *   region: '410100',
 *   period: '2025Q1',
 *   reporter,
 *   approvalChain: ['province'],
 *   on: '2025-03-20',
 * });
 * console.log(draft.state, draft.history.map((e) => `${e.action} ${e.by} ${e.on}`).join());
 * // → draft create u1 2025-03-20
 * ```
 */
export function createSubmission(input: {
  readonly id: string;
  readonly obligationId: string;
  readonly region: string;
  readonly period: string;
  readonly reporter: SubmissionActor;
  readonly approvalChain: readonly RegionLevel[];
  readonly on: IsoDate;
}): Submission {
  if (input.approvalChain.length === 0) {
    fail(
      'approvalChain',
      [],
      'submission.approval-chain',
      'at least one approving level is needed',
      '至少需要一个审核层级',
    );
  }
  input.approvalChain.forEach((level, i) => {
    const prev = input.approvalChain[i - 1];
    if (prev !== undefined && levelRank(level) >= levelRank(prev)) {
      fail(
        `approvalChain.${i}`,
        level,
        'submission.approval-chain',
        'approving levels must go up the hierarchy (e.g. county → prefecture → province)',
        '审核层级须逐级向上（如县 → 市 → 省）',
      );
    }
  });
  return {
    id: input.id,
    obligationId: input.obligationId,
    region: input.region,
    period: input.period,
    reporter: input.reporter.id,
    state: 'draft',
    approvalChain: [...input.approvalChain],
    awaiting: 0,
    history: [
      {
        action: 'create',
        by: input.reporter.id,
        level: input.reporter.level,
        on: parseIsoDate(input.on, 'on'),
      },
    ],
  };
}

/** Which actions each state allows. */
export const SUBMISSION_TRANSITIONS: Readonly<
  Record<SubmissionState, readonly SubmissionAction[]>
> = {
  draft: ['submit'],
  submitted: ['approve', 'return'],
  returned: ['submit'],
  approved: ['reopen'],
};

/**
 * Is `action` allowed from `state`?
 * @example canTransition('submitted', 'approve') // true
 * @example canTransition('draft', 'approve') // false (a draft must be submitted first)
 */
export function canTransition(state: SubmissionState, action: SubmissionAction): boolean {
  return SUBMISSION_TRANSITIONS[state].includes(action);
}

/**
 * Is the report locked for writing on `today`: approved, or expired and not excepted?
 * @example isLocked({ obligationId: 'x', period: '2025Q1', region: '410100', deadline: '2025-03-30', expiryDays: 10 }, '2025-04-10') // true (expired on 9 April)
 * @example isLocked({ obligationId: 'x', period: '2025Q1', region: '410100', deadline: '2025-03-30', expiryDays: 10 }, '2025-04-09') // false
 * @example isLocked({ obligationId: 'x', period: '2025Q1', region: '410100', deadline: '2025-03-30', state: 'approved' }, '2025-03-01') // true
 */
export function isLocked(
  target: LockTarget,
  today: IsoDate,
  exceptions: readonly LockException[] = [],
): boolean {
  const now = parseIsoDate(today, 'today');
  const excepted = exceptions.some(
    (e) =>
      e.obligationId === target.obligationId &&
      e.period === target.period &&
      e.region === target.region &&
      now <= e.until,
  );
  if (excepted) return false;
  if (target.state === 'approved') return true;
  const days = target.expiryDays ?? 0;
  return days > 0 && now > addDays(parseIsoDate(target.deadline, 'deadline'), days);
}

/**
 * Throw {@link PeriodLockedError} when the report is locked for writing.
 * @throws PeriodLockedError
 * @example assertWritable({ obligationId: 'x', period: '2025Q1', region: '410100', deadline: '2025-03-30', state: 'approved' }, '2025-04-01') // throws PeriodLockedError
 * @example assertWritable({ obligationId: 'x', period: '2025Q1', region: '410100', deadline: '2025-03-30' }, '2025-04-01') // undefined (no expiry: never locked)
 */
export function assertWritable(
  target: LockTarget,
  today: IsoDate,
  exceptions: readonly LockException[] = [],
): void {
  if (isLocked(target, today, exceptions)) {
    const why = target.state === 'approved' ? 'approved' : 'expired';
    throw new PeriodLockedError(
      `${target.obligationId} ${target.period} for ${target.region} is locked (${why}); an admin may grant an exception`,
      `${target.region} 的 ${target.obligationId} ${target.period} 已锁定（${why === 'approved' ? '已审核通过' : '已过期'}），如需修改请由管理员授予例外`,
      {
        path: 'period',
        value: target.period,
        rule: `submission.locked-${why}`,
        obligationId: target.obligationId,
        region: target.region,
      },
    );
  }
}

/**
 * Grant a lock exception. Only an admin may.
 * @throws ForbiddenError for a non-admin.
 * @example grantLockException({ id: 'adm', role: 'admin', level: 'province' }, { obligationId: 'x', period: '2025Q1', region: '410100', until: '2025-04-15', reason: '补录' }).grantedBy // 'adm'
 * @example grantLockException({ id: 'u1', role: 'reporter', level: 'county' }, { obligationId: 'x', period: '2025Q1', region: '410100', until: '2025-04-15', reason: '补录' }) // throws ForbiddenError
 */
export function grantLockException(
  actor: SubmissionActor,
  input: Omit<LockException, 'grantedBy'>,
): LockException {
  if (actor.role !== 'admin') {
    throw new ForbiddenError(
      'only an admin may grant a lock exception',
      '只有管理员可以授予锁定例外',
      { path: 'actor.role', value: actor.role, rule: 'submission.admin-only' },
    );
  }
  if (!input.reason.trim()) {
    fail(
      'reason',
      input.reason,
      'submission.reason-required',
      'an exception needs a reason',
      '授予例外须说明理由',
    );
  }
  return { ...input, until: parseIsoDate(input.until, 'until'), grantedBy: actor.id };
}

/** Context of a transition: who acts, on which day, a note, and the lock facts when known. */
export interface TransitionContext {
  /** Who acts. */
  readonly actor: SubmissionActor;
  /** The day of the action (China time). */
  readonly on: IsoDate;
  /** A note for the history (required for a `return`). */
  readonly note?: string;
  /** When given, a submit on an expired period is refused unless excepted. */
  readonly lock?: {
    readonly deadline: IsoDate;
    readonly expiryDays?: number;
    readonly exceptions?: readonly LockException[];
  };
}

function forbidden(message: string, messageZh: string, actor: SubmissionActor): never {
  throw new ForbiddenError(message, messageZh, {
    path: 'actor',
    value: actor.id,
    rule: 'submission.actor',
  });
}

/**
 * Apply an action, returning a new submission (the input is not changed).
 * - `submit` (reporter, from draft or returned): awaits the first approving level.
 * - `approve` (approver at the awaited level): moves up the chain; the last level approves.
 * - `return` (approver at the awaited level, with a note): back to the reporter; a resubmission
 *   starts the chain again.
 * - `reopen` (admin, from approved): back to returned.
 * @throws ValidationError (`submission.transition`) for an action the state does not allow;
 *   ForbiddenError for the wrong actor; PeriodLockedError for a submit on an expired period.
 * @example
 * ```ts
 * const reporter = { id: 'u1', role: 'reporter', level: 'prefecture' } as const;
 * const draft = createSubmission({
 *   id: 'henan.db-supplement-quarterly|410100|2025Q1',
 *   obligationId: 'henan.db-supplement-quarterly',
 *   region: '410100',
 *   period: '2025Q1',
 *   reporter,
 *   approvalChain: ['province'],
 *   on: '2025-03-20',
 * });
 * const submitted = transition(draft, 'submit', { actor: reporter, on: '2025-03-28' });
 * const approver = { id: 'a1', role: 'approver', level: 'province' } as const;
 * const approved = transition(submitted, 'approve', { actor: approver, on: '2025-03-29' });
 * console.log(draft.state, submitted.state, approved.state, approved.firstSubmittedOn);
 * // → draft submitted approved 2025-03-28
 * ```
 */
export function transition(
  submission: Submission,
  action: SubmissionAction,
  ctx: TransitionContext,
): Submission {
  if (!(SUBMISSION_ACTIONS as readonly string[]).includes(action)) {
    fail(
      'action',
      action,
      'submission.action',
      `unknown action ${String(action)}`,
      `未知操作 ${String(action)}`,
    );
  }
  if (!canTransition(submission.state, action)) {
    fail(
      'action',
      action,
      'submission.transition',
      `cannot ${action} a ${submission.state} submission (allowed: ${SUBMISSION_TRANSITIONS[submission.state].join(', ') || 'none'})`,
      `状态为 ${submission.state} 的报送不能执行 ${action}（允许：${SUBMISSION_TRANSITIONS[submission.state].join('、') || '无'}）`,
    );
  }
  const on = parseIsoDate(ctx.on, 'on');
  const last = submission.history[submission.history.length - 1];
  if (last && on < last.on) {
    fail(
      'on',
      on,
      'submission.date-order',
      `the action date ${on} precedes the previous step (${last.on})`,
      `操作日期 ${on} 早于上一步（${last.on}）`,
    );
  }
  const { actor } = ctx;
  const event: SubmissionEvent = {
    action,
    by: actor.id,
    level: actor.level,
    on,
    ...(ctx.note ? { note: ctx.note } : {}),
  };
  const history = [...submission.history, event];
  switch (action) {
    case 'submit': {
      if (actor.role !== 'reporter' && actor.role !== 'admin') {
        forbidden(
          'only the reporter (or an admin) may submit',
          '只有报送人（或管理员）可以提交',
          actor,
        );
      }
      if (ctx.lock) {
        assertWritable(
          {
            obligationId: submission.obligationId,
            period: submission.period,
            region: submission.region,
            deadline: ctx.lock.deadline,
            expiryDays: ctx.lock.expiryDays,
            state: submission.state,
          },
          on,
          ctx.lock.exceptions,
        );
      }
      return {
        ...submission,
        state: 'submitted',
        awaiting: 0,
        firstSubmittedOn: submission.firstSubmittedOn ?? on,
        lastSubmittedOn: on,
        history,
      };
    }
    case 'approve':
    case 'return': {
      const level = submission.approvalChain[submission.awaiting];
      if (actor.role !== 'approver' && actor.role !== 'admin') {
        forbidden('only an approver may approve or return', '只有审核人可以审核通过或退回', actor);
      }
      if (actor.role === 'approver' && actor.level !== level) {
        forbidden(
          `the ${level} level must decide now, not ${actor.level}`,
          `当前应由 ${level} 级审核，而非 ${actor.level} 级`,
          actor,
        );
      }
      if (action === 'return') {
        if (!ctx.note?.trim()) {
          fail(
            'note',
            ctx.note,
            'submission.reason-required',
            'returning a report needs a reason',
            '退回须说明理由',
          );
        }
        return { ...submission, state: 'returned', awaiting: 0, history };
      }
      const done = submission.awaiting + 1 >= submission.approvalChain.length;
      return {
        ...submission,
        state: done ? 'approved' : 'submitted',
        awaiting: done ? submission.awaiting : submission.awaiting + 1,
        history,
      };
    }
    case 'reopen': {
      if (actor.role !== 'admin')
        forbidden(
          'only an admin may reopen an approved report',
          '只有管理员可以重新打开已审核通过的报送',
          actor,
        );
      if (!ctx.note?.trim()) {
        fail(
          'note',
          ctx.note,
          'submission.reason-required',
          'reopening a report needs a reason',
          '重新打开须说明理由',
        );
      }
      return { ...submission, state: 'returned', awaiting: 0, history };
    }
  }
}
