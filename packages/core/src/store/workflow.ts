/**
 * @module store/workflow
 * The reporting workflow over a {@link Store}: open a report, act on it with the
 * `calendar/submission` state machine (its history kept in the stored record), grant lock
 * exceptions, and compute DHIS2-style reporting rates from what is stored. Every step is one
 * store write with `expectedVersion`, so two people acting at once cannot both win, and every
 * step is audited as its actor.
 */
import { deadlineOf, type ObligationInstance, obligationsDue } from '../calendar/obligations.js';
import type { Obligation } from '../calendar/schema.js';
import {
  DEFAULT_DUE_SOON_DAYS,
  type ExpectedReport,
  type ReportingRate,
  type ReportStatus,
  reportingRates,
  statusForDeadline,
} from '../calendar/status.js';
import {
  createSubmission,
  grantLockException,
  type LockException,
  type SubmissionAction,
  type SubmissionActor,
  transition,
} from '../calendar/submission.js';
import { type ReportContent, reportKey, type SubmissionRecord } from '../calendar/workflow.js';
import { type IsoDate, todayInChina } from '../date/index.js';
import { fail, NotFoundError } from '../errors/index.js';
import type { Plan } from '../indicator/schema.js';
import type { Region, RegionLevel } from '../region/index.js';
import { assertApprovable } from '../rules/check.js';
import { type Actor, SYSTEM_ACTOR } from './actor.js';
import type { BatchKind, RecordOf } from './kinds.js';
import type { RecordQuery, Store, Stored, WriteOptions } from './port.js';
import { storedTreeWith } from './stored-tree.js';

/**
 * Every record of one kind matching `query`, read page by page.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch);
 * console.log((await pageAll(store, 'employers')).length);
 * // → 4
 * ```
 */
export async function pageAll<K extends BatchKind>(
  store: Pick<Store, 'page'>,
  kind: K,
  query: Omit<RecordQuery, 'after' | 'limit'> = {},
): Promise<Stored<RecordOf<K>>[]> {
  const out: Stored<RecordOf<K>>[] = [];
  let after: string | undefined;
  do {
    const page = await store.page(kind, {
      ...query,
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

/** One deadline of a region with its stored report and its status ({@link deadlineStatuses}). */
export interface DeadlineStatus {
  /** The instance (from `obligationsDue()`). */
  readonly instance: ObligationInstance;
  /** The region whose report it is. */
  readonly region: string;
  /** The region's stored report of the instance, if any. */
  readonly report?: Stored<SubmissionRecord>;
  /** `statusForDeadline()` of the deadline, the report's first submission day and today. */
  readonly status: ReportStatus;
}

/**
 * The status of each of `region`'s deadlines from what the store holds: the region's stored
 * report of an instance (matched by {@link reportKey}) gives the first submission day, and
 * `statusForDeadline()` the status at `today` (China time, given by the caller's clock). The one
 * helper of the calendar route, the obligations report and the dashboards, so they agree.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * const instances = obligationsDue(yunnanSmeAssistance, 'prefecture', '2025-01-01', '2025-12-31');
 * const rows = await deadlineStatuses(store, '530300', instances, '2025-07-05');
 * console.log(rows.map((r) => r.status).join(' ')); // nothing stored: past, within 7 days, later
 * // → missing due-soon not-yet-due
 * ```
 */
export async function deadlineStatuses(
  store: Pick<Store, 'page'>,
  region: string,
  instances: readonly ObligationInstance[],
  today: IsoDate,
  options: { readonly dueSoonDays?: number } = {},
): Promise<DeadlineStatus[]> {
  const reports = new Map<string, Stored<SubmissionRecord>>();
  if (instances.length > 0) {
    const wanted = new Set(instances.map((i) => reportKey({ ...i, region })));
    for (const s of await pageAll(store, 'submissions', { region, where: { region } })) {
      const key = reportKey(s);
      if (wanted.has(key)) reports.set(key, s);
    }
  }
  const dueSoonDays = options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
  return instances.map((instance) => {
    const report = reports.get(reportKey({ ...instance, region }));
    return {
      instance,
      region,
      ...(report ? { report } : {}),
      status: statusForDeadline(instance.deadline, report?.firstSubmittedOn, today, dueSoonDays),
    };
  });
}

/** One row of {@link regionsDeadlineStatuses}: a plan's deadline for one region, with its status. */
export interface RegionDeadlineStatus extends Omit<DeadlineStatus, 'region'> {
  /** Id of the plan the obligation belongs to. */
  readonly plan: string;
  /** The region whose report it is. */
  readonly region: Pick<Region, 'code' | 'name'>;
  /** The day the report was first submitted, when it was. */
  readonly submitted?: IsoDate;
}

/**
 * Every deadline of `plans` between `from` and `to` for each of `regions`, with the status its
 * stored report gives ({@link deadlineStatuses}): the deadlines a dashboard lists for a region and
 * its children. Rows come region by region, in the order of `regions` and then of `plans`.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * const region = { code: '530300', name: { zh: '曲靖市' }, level: 'prefecture' as const };
 * const rows = await regionsDeadlineStatuses(store, [yunnanSmeAssistance], [region], '2025-01-01', '2025-12-31', '2025-07-05');
 * console.log(rows.map((r) => `${r.region.code} ${r.status}`).join(', '));
 * // → 530300 missing, 530300 due-soon, 530300 not-yet-due
 * ```
 */
export async function regionsDeadlineStatuses(
  store: Pick<Store, 'page'>,
  plans: readonly Plan[],
  regions: readonly Pick<Region, 'code' | 'name' | 'level'>[],
  from: IsoDate,
  to: IsoDate,
  today: IsoDate,
): Promise<RegionDeadlineStatus[]> {
  const out: RegionDeadlineStatus[] = [];
  for (const r of regions) {
    const due = plans.flatMap((plan) =>
      obligationsDue(plan, r, from, to).map((instance) => ({ plan: plan.id, instance })),
    );
    const rows = await deadlineStatuses(
      store,
      r.code,
      due.map((d) => d.instance),
      today,
    );
    rows.forEach((row, n) => {
      const submitted = row.report?.firstSubmittedOn;
      out.push({
        ...row,
        plan: due[n]!.plan,
        region: { code: r.code, name: r.name },
        ...(submitted ? { submitted } : {}),
      });
    });
  }
  return out;
}

async function levelOf(store: Store, actor: Actor): Promise<RegionLevel> {
  const region = await store.getRegion(actor.region);
  if (!region) {
    fail(
      'actor.region',
      actor.region,
      'region.exists',
      `unknown region ${actor.region} of actor ${actor.id}`,
      `操作人 ${actor.id} 的区划 ${actor.region} 不存在`,
    );
  }
  return region.level;
}

async function submissionActor(store: Store, actor: Actor): Promise<SubmissionActor> {
  return { id: actor.id, role: actor.role, level: await levelOf(store, actor) };
}

/** What {@link openReport} needs. */
export interface OpenReportInput {
  /** The obligation the report is owed under. */
  readonly obligation: Obligation;
  /** The reporting region. */
  readonly region: string;
  /** The period id of the report. */
  readonly period: string;
  /** Levels that approve in turn, e.g. `['prefecture', 'province']`. */
  readonly approvalChain: readonly RegionLevel[];
  /** The day the draft is opened (China time). */
  readonly on: IsoDate;
  /** Days after the deadline when the period expires (default: the obligation's `expiryDays`; absent: never). */
  readonly expiryDays?: number;
  /** Data elements whose values this report locks once approved or expired. */
  readonly dataElements?: readonly string[];
  /** Approval waits for every child region's report. */
  readonly childrenRequired?: boolean;
  /** The report's first content (data-value payload and notes). */
  readonly content?: ReportContent;
}

/**
 * Open a draft report (deadline from the obligation's calendar) and store it.
 * @throws ConflictError when the report already exists; ValidationError for bad input.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch); // Yunnan: prefectures 530100 昆明市 and 530300 曲靖市
 * const obligation = henanThreeActions.obligations.find((o) => o.id === 'henan.db-supplement-quarterly')!;
 * const reporter = { id: 'km-rep', role: 'reporter', region: '530100' } as const;
 * const draft = await openReport(
 *   store,
 *   { obligation, region: '530100', period: '2025Q1', approvalChain: ['province'], on: '2025-03-10' },
 *   { actor: reporter },
 * );
 * // “每个季度最后一个月30日前” (seed 001): the 2025Q1 report is due on 30 March.
 * console.log(draft.state, draft.deadline, draft.version);
 * // → draft 2025-03-30 1
 * ```
 */
export async function openReport(
  store: Store,
  input: OpenReportInput,
  options: WriteOptions = {},
): Promise<Stored<SubmissionRecord>> {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const draft = createSubmission({
    id: reportKey({
      obligationId: input.obligation.id,
      region: input.region,
      period: input.period,
    }),
    obligationId: input.obligation.id,
    region: input.region,
    period: input.period,
    reporter: await submissionActor(store, actor),
    approvalChain: input.approvalChain,
    on: input.on,
  });
  const record = {
    ...draft,
    deadline: deadlineOf(input.obligation, input.period).deadline,
    ...((input.expiryDays ?? input.obligation.expiryDays) === undefined
      ? {}
      : { expiryDays: input.expiryDays ?? input.obligation.expiryDays }),
    dataElements: [...(input.dataElements ?? [])],
    childrenRequired: input.childrenRequired ?? false,
    ...(input.content ? { content: input.content } : {}),
  } as SubmissionRecord;
  await store.write({ submissions: [{ ...record, expectedVersion: 0 }] }, options);
  return (await store.get('submissions', draft.id))!;
}

/** The context of {@link actOnReport}. */
export interface ReportActionContext {
  /** The day of the action (China time). */
  readonly on: IsoDate;
  /** A note kept with the action (a return's reason). */
  readonly note?: string;
  /** New content, for a `submit`. */
  readonly content?: ReportContent;
  /**
   * The plan whose data-quality rules gate approval: when given, an `approve` is refused with
   * `RuleViolationError` (`RULE_VIOLATED`) while a rule with `blocksApproval` fails for the report.
   */
  readonly plan?: Plan;
}

/**
 * Apply a state-machine action to a stored report and store the result (with its history) as
 * one write with `expectedVersion`. The actor's level is its region's level.
 * @throws NotFoundError for an unknown report; ValidationError / ForbiddenError /
 *   PeriodLockedError from the state machine and the planner; ConflictError when someone acted first;
 *   RuleViolationError for an `approve` a blocking rule of `context.plan` refuses.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch); // Yunnan: prefectures 530100 昆明市 and 530300 曲靖市
 * const obligation = henanThreeActions.obligations.find((o) => o.id === 'henan.db-supplement-quarterly')!;
 * const reporter = { id: 'km-rep', role: 'reporter', region: '530100' } as const;
 * const draft = await openReport(
 *   store,
 *   { obligation, region: '530100', period: '2025Q1', approvalChain: ['province'], on: '2025-03-10' },
 *   { actor: reporter },
 * );
 * const submitted = await actOnReport(store, draft.id, 'submit', { on: '2025-03-12' }, { actor: reporter });
 * console.log(submitted.state, submitted.firstSubmittedOn, submitted.version);
 * // → submitted 2025-03-12 2
 * ```
 */
export async function actOnReport(
  store: Store,
  key: string,
  action: SubmissionAction,
  context: ReportActionContext,
  options: WriteOptions = {},
): Promise<Stored<SubmissionRecord>> {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const stored = await store.get('submissions', key);
  if (!stored) {
    throw new NotFoundError('report', key, '报送');
  }
  const { version, ...current } = stored;
  const exceptions = (
    await pageAll(store, 'lockExceptions', {
      where: { obligation: current.obligationId, region: current.region, period: current.period },
    })
  ).map(({ version: _v, ...e }) => e as LockException);
  const next = transition(current, action, {
    actor: await submissionActor(store, actor),
    on: context.on,
    ...(context.note === undefined ? {} : { note: context.note }),
    lock: {
      deadline: current.deadline,
      ...(current.expiryDays === undefined ? {} : { expiryDays: current.expiryDays }),
      exceptions,
    },
  }) as SubmissionRecord;
  if (action === 'approve' && context.plan) {
    await assertApprovable({ plan: context.plan, store, report: current });
  }
  const record =
    action === 'submit' && context.content ? { ...next, content: context.content } : next;
  await store.write({ submissions: [{ ...record, expectedVersion: version }] }, options);
  return (await store.get('submissions', key))!;
}

/**
 * Grant (or extend) a lock exception as an admin and store it.
 * @throws ForbiddenError for a non-admin.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch);
 * const admin = { id: 'admin-1', role: 'admin', region: '530000' } as const;
 * const exception = await grantException(
 *   store,
 *   { obligationId: 'henan.db-supplement-quarterly', region: '530100', period: '2025Q1', until: '2025-04-15', reason: '补录' },
 *   { actor: admin },
 * );
 * console.log(exception.until, exception.grantedBy);
 * // → 2025-04-15 admin-1
 * ```
 */
export async function grantException(
  store: Store,
  input: Omit<LockException, 'grantedBy'>,
  options: WriteOptions = {},
): Promise<Stored<LockException>> {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const exception = grantLockException(await submissionActor(store, actor), input);
  await store.write({ lockExceptions: [exception] }, options);
  return (await store.get('lockExceptions', reportKey(exception)))!;
}

/**
 * Completeness and timeliness of one obligation and period for every region of a subtree, from
 * the stored reports: expected = every region of the obligation's reporting level in the subtree,
 * received = reports submitted at least once (the first submission date counts), rolled up as
 * ratios of sums (DHIS2 REPORTING_RATE and REPORTING_RATE_ON_TIME).
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch); // Yunnan: prefectures 530100 昆明市 and 530300 曲靖市
 * const obligation = henanThreeActions.obligations.find((o) => o.id === 'henan.db-supplement-quarterly')!;
 * const reporter = { id: 'km-rep', role: 'reporter', region: '530100' } as const;
 * const draft = await openReport(
 *   store,
 *   { obligation, region: '530100', period: '2025Q1', approvalChain: ['province'], on: '2025-03-10' },
 *   { actor: reporter },
 * );
 * await actOnReport(store, draft.id, 'submit', { on: '2025-03-12' }, { actor: reporter });
 * const rates = await storedReportingRates(store, { obligation, period: '2025Q1', region: '530000', today: '2025-04-30' });
 * const yunnan = rates.get('530000')!; // 1 of the 2 prefectures reported, on time
 * console.log(yunnan.received, yunnan.expected, yunnan.completeness.value?.toString(), yunnan.timeliness.value?.toString());
 * // → 1 2 50 50
 * ```
 */
export async function storedReportingRates(
  store: Store,
  input: {
    readonly obligation: Obligation;
    readonly period: string;
    readonly region: string;
    readonly today?: IsoDate;
  },
): Promise<Map<string, ReportingRate>> {
  const tree = await storedTreeWith(store, input.region);
  const { deadline } = deadlineOf(input.obligation, input.period);
  const expected: ExpectedReport[] = tree
    .atLevel(input.obligation.who.level, input.region)
    .map((r) => ({
      obligationId: input.obligation.id,
      period: input.period,
      region: r.code,
      deadline,
    }));
  const stored = await pageAll(store, 'submissions', {
    region: input.region,
    where: { obligation: input.obligation.id, period: input.period },
  });
  const submissions = stored
    .filter((s) => s.firstSubmittedOn !== undefined)
    .map((s) => ({
      obligationId: s.obligationId,
      period: s.period,
      region: s.region,
      submittedOn: s.firstSubmittedOn!,
    }));
  const rates = reportingRates({
    expected,
    submissions: submissions.filter((s) => expected.some((e) => e.region === s.region)),
    today: input.today ?? todayInChina(),
    tree,
  });
  const within = new Set(tree.subtreeCodes(input.region));
  return new Map([...rates].filter(([code]) => within.has(code)));
}
