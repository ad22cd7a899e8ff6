/**
 * @module testing/workflow
 * Conformance of the reporting workflow kinds: submissions and lock exceptions round-trip, the
 * planner's period locks (approved, expired, lock exceptions, roles) hold in the adapter, approval
 * waits for required child reports, and reporting rates come from the stored reports.
 */
import { describe, expect, it } from 'vitest';
import {
  createSubmission,
  type LockException,
  type SubmissionAction,
  transition,
} from '../calendar/submission.js';
import { reportKey, type SubmissionRecord } from '../calendar/workflow.js';
import { henanObligations } from '../plans/henan-three-actions/calendar.js';
import type { RegionLevel } from '../region/index.js';
import type { Actor } from '../store/actor.js';
import type { Store } from '../store/port.js';
import {
  actOnReport,
  grantException,
  openReport,
  storedReportingRates,
} from '../store/workflow.js';
import {
  captureState,
  expectUnchanged,
  rejectionOf,
  type StoreConformanceContext,
  withStore,
} from './context.js';
import { buildStoreFixture } from './fixtures.js';

/** A settable clock for stores made with `{ now }`. */
export class TestClock {
  #now: Date;
  constructor(instant: string) {
    this.#now = new Date(instant);
  }
  /** The clock function to give a store. */
  readonly now = (): Date => new Date(this.#now.getTime());
  /** Move to another instant (ISO 8601). */
  set(instant: string): void {
    this.#now = new Date(instant);
  }
}

const ADMIN: Actor = { id: 'admin-1', role: 'admin', region: '530000' };
const REPORTER: Actor = { id: 'rep-wuhua', role: 'reporter', region: '530102' };

/** A stored report of `region` for obligation `x.quarterly`, 2025Q1, driven through the state machine. */
export function reportRecord(
  region: string,
  actions: readonly SubmissionAction[],
  extra: Partial<SubmissionRecord> = {},
): SubmissionRecord {
  const chain: RegionLevel[] = ['prefecture'];
  let s = createSubmission({
    id: `x.quarterly|${region}|2025Q1`,
    obligationId: 'x.quarterly',
    region,
    period: '2025Q1',
    reporter: { id: 'rep', role: 'reporter', level: 'county' },
    approvalChain: chain,
    on: '2025-03-01',
  });
  let day = 2;
  for (const action of actions) {
    const on = `2025-03-${String(day++).padStart(2, '0')}`;
    const actor =
      action === 'submit'
        ? { id: 'rep', role: 'reporter' as const, level: 'county' as const }
        : action === 'reopen'
          ? { id: 'adm', role: 'admin' as const, level: 'province' as const }
          : { id: 'apr', role: 'approver' as const, level: 'prefecture' as const };
    s = transition(s, action, {
      actor,
      on,
      ...(action === 'submit' || action === 'approve' ? {} : { note: 'why' }),
    });
  }
  return {
    ...(s as SubmissionRecord),
    deadline: '2025-03-31',
    dataElements: ['insured'],
    childrenRequired: false,
    ...extra,
  };
}

const insured = (value: string) => ({
  dataElement: 'insured',
  region: '530102',
  period: '2025Q1',
  value,
});

/** Register the workflow tests. `makeStore` must honour `{ now }`. */
export function describeWorkflow(
  ctx: StoreConformanceContext & {
    readonly makeStoreWithClock: (now: () => Date) => Promise<Store>;
  },
): void {
  const withClock = async (
    instant: string,
    fn: (store: Store, clock: TestClock) => Promise<void>,
  ) => {
    const clock = new TestClock(instant);
    await withStore({ makeStore: () => ctx.makeStoreWithClock(clock.now) }, async (store) => {
      await store.write({ regions: buildStoreFixture().regions });
      await fn(store, clock);
    });
  };

  describe('reporting workflow', () => {
    it('round-trips submissions and lock exceptions by obligation|region|period', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const s = reportRecord('530102', ['submit']);
        const result = await store.write({ submissions: [s] });
        expect(result.submissions).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
        expect(await store.get('submissions', 'x.quarterly|530102|2025Q1')).toEqual({
          ...s,
          version: 1,
        });
        const again = await store.write({ submissions: [s] });
        expect(again.submissions.unchanged).toBe(1);
        const page = await store.page('submissions', { where: { obligation: 'x.quarterly' } });
        expect(page.items.map((x) => x.region)).toEqual(['530102']);
        expect((await store.page('submissions', { region: '530300' })).items).toEqual([]);
      });
    });

    it('refuses data of an approved report with PeriodLockedError and writes nothing', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        await store.write({ submissions: [reportRecord('530102', ['submit', 'approve'])] });
        const before = await captureState(ctx, store);
        const error = await rejectionOf(store.write({ dataValues: [insured('5')] }));
        expect(error).toMatchObject({
          code: 'PERIOD_LOCKED',
          details: { rule: 'submission.locked-approved', row: 1, region: '530102' },
        });
        expect((error as { messageZh: string }).messageZh).toMatch(/已锁定/);
        await expectUnchanged(ctx, store, before);
        // Other elements, regions and periods are not covered by the report.
        const ok = await store.write({
          dataValues: [
            { ...insured('5'), dataElement: 'other' },
            { ...insured('5'), region: '530103' },
            { ...insured('5'), period: '2025Q2' },
          ],
        });
        expect(ok.dataValues.inserted).toBe(3);
      });
    });

    it('lets data through while an unexpired lock exception covers it, not after', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store, clock) => {
        await store.write({ submissions: [reportRecord('530102', ['submit', 'approve'])] });
        const exception: LockException = {
          obligationId: 'x.quarterly',
          region: '530102',
          period: '2025Q1',
          grantedBy: 'admin-1',
          until: '2025-03-25',
          reason: '更正录入错误',
        };
        const refused = await rejectionOf(
          store.write({ lockExceptions: [exception] }, { actor: REPORTER }),
        );
        expect(refused).toMatchObject({ code: 'FORBIDDEN' });
        await store.write({ lockExceptions: [exception] }, { actor: ADMIN });
        expect((await store.write({ dataValues: [insured('5')] })).dataValues.inserted).toBe(1);
        // 2025-03-25T16:00Z is 2025-03-26 00:00 in China: the exception has ended.
        clock.set('2025-03-25T15:59:59Z');
        expect((await store.write({ dataValues: [insured('6')] })).dataValues.updated).toBe(1);
        clock.set('2025-03-25T16:00:00Z');
        expect(await rejectionOf(store.write({ dataValues: [insured('7')] }))).toMatchObject({
          code: 'PERIOD_LOCKED',
        });
        expect((await store.get('dataValues', 'insured|530102|2025Q1'))?.value).toBe('6');
      });
    });

    it('locks an expired period (deadline + expiryDays, in China time) and reports it in valid-rows mode', async () => {
      await withClock('2025-04-10T15:59:59Z', async (store, clock) => {
        // Deadline 2025-03-31, expires after 10 days: writable through 2025-04-10 (China time).
        await store.write({
          submissions: [reportRecord('530102', ['submit'], { expiryDays: 10 })],
        });
        expect((await store.write({ dataValues: [insured('1')] })).dataValues.inserted).toBe(1);
        clock.set('2025-04-10T16:00:00Z');
        const result = await store.write(
          { dataValues: [insured('2'), { ...insured('3'), dataElement: 'other' }] },
          { mode: 'valid-rows' },
        );
        expect(result.dataValues).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
        expect(result.rejected).toEqual([
          expect.objectContaining({ rule: 'submission.locked-expired', row: 1 }),
        ]);
        expect((await store.get('dataValues', 'insured|530102|2025Q1'))?.value).toBe('1');
      });
    });

    it('keeps an approved report’s content fixed but lets an admin reopen it', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const approved = reportRecord('530102', ['submit', 'approve']);
        await store.write({ submissions: [approved] });
        const changed = {
          ...approved,
          content: { type: 'values' as const, values: [{ dataElement: 'insured', value: '9' }] },
        };
        expect(await rejectionOf(store.write({ submissions: [changed] }))).toMatchObject({
          code: 'PERIOD_LOCKED',
        });
        const reopened = reportRecord('530102', ['submit', 'approve', 'reopen']);
        expect((await store.write({ submissions: [reopened] })).submissions.updated).toBe(1);
        expect((await store.write({ dataValues: [insured('5')] })).dataValues.inserted).toBe(1);
      });
    });

    it('refuses approval while a required child report is unapproved', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const parent = (actions: SubmissionAction[]) =>
          reportRecord('530100', actions, { childrenRequired: true, dataElements: [] });
        await store.write({
          submissions: [reportRecord('530102', ['submit', 'approve']), parent(['submit'])],
        });
        const before = await captureState(ctx, store);
        const error = await rejectionOf(
          store.write({ submissions: [parent(['submit', 'approve'])] }),
        );
        expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect((error as { issues: unknown[] }).issues).toEqual([
          expect.objectContaining({ rule: 'submission.children-unapproved', value: 'approved' }),
        ]);
        expect(JSON.stringify(error)).not.toContain('530102,'); // only 530103 is missing
        expect((error as Error).message).toContain('530103');
        await expectUnchanged(ctx, store, before);
        await store.write({ submissions: [reportRecord('530103', ['submit', 'approve'])] });
        const ok = await store.write({ submissions: [parent(['submit', 'approve'])] });
        expect(ok.submissions.updated).toBe(1);
      });
    });

    it('accepts only reports the state machine could have produced, in the writer’s role', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const submitted = reportRecord('530102', ['submit']);
        await store.write({ submissions: [submitted] });
        const before = await captureState(ctx, store);
        const refused = async (record: unknown, actor?: Actor) => {
          const error = await rejectionOf(
            store.write({ submissions: [record] }, actor ? { actor } : {}),
          );
          expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
          expect((error as { issues: unknown[] }).issues).toEqual([
            expect.objectContaining({ rule: 'submission.history', row: 1 }),
          ]);
        };
        // State without the step that gives it, even written by the system actor.
        await refused({ ...submitted, state: 'approved' });
        // A reporter writing an approval, or any step under someone else's name.
        const approved = reportRecord('530102', ['submit', 'approve']);
        await refused(approved, REPORTER);
        await refused(approved, { id: 'apr-2', role: 'approver', region: '530100' });
        // History rewritten, identity changed, a step the machine refuses.
        await refused({ ...submitted, history: submitted.history.slice(0, 1), state: 'draft' });
        await refused({ ...submitted, reporter: 'someone-else' });
        await refused({
          ...submitted,
          history: [
            ...submitted.history,
            { action: 'reopen', by: 'adm', level: 'province', on: '2025-03-05' },
          ],
        });
        await expectUnchanged(ctx, store, before);
        // The approver named in the step may write it.
        const ok = await store.write(
          { submissions: [approved] },
          { actor: { id: 'apr', role: 'approver', region: '530100' } },
        );
        expect(ok.submissions.updated).toBe(1);
      });
    });

    it('drives reports through openReport / actOnReport with history, versions and the actor’s level', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const obligation = henanObligations.find((o) => o.id === 'henan.db-supplement-quarterly')!;
        const prefectureReporter: Actor = { id: 'km-rep', role: 'reporter', region: '530100' };
        const approver: Actor = { id: 'yn-apr', role: 'approver', region: '530000' };
        const opened = await openReport(
          store,
          {
            obligation,
            region: '530100',
            period: '2025Q1',
            approvalChain: ['province'],
            on: '2025-03-10',
          },
          { actor: prefectureReporter },
        );
        expect(opened).toMatchObject({ state: 'draft', version: 1, reporter: 'km-rep' });
        const key = reportKey(opened);
        const submitted = await actOnReport(
          store,
          key,
          'submit',
          { on: '2025-03-12' },
          { actor: prefectureReporter },
        );
        expect(submitted).toMatchObject({
          state: 'submitted',
          firstSubmittedOn: '2025-03-12',
          version: 2,
        });
        // A county-level approver is the wrong level for a province sign-off.
        expect(
          await rejectionOf(
            actOnReport(
              store,
              key,
              'approve',
              { on: '2025-03-13' },
              { actor: { ...approver, region: '530102' } },
            ),
          ),
        ).toMatchObject({ code: 'FORBIDDEN' });
        const approved = await actOnReport(
          store,
          key,
          'approve',
          { on: '2025-03-14' },
          { actor: approver },
        );
        expect(approved.history.map((e) => [e.action, e.by, e.level])).toEqual([
          ['create', 'km-rep', 'prefecture'],
          ['submit', 'km-rep', 'prefecture'],
          ['approve', 'yn-apr', 'province'],
        ]);
        await grantException(
          store,
          {
            obligationId: obligation.id,
            region: '530100',
            period: '2025Q1',
            until: '2025-03-31',
            reason: '补录',
          },
          { actor: ADMIN },
        );
        expect((await store.get('lockExceptions', key))?.grantedBy).toBe('admin-1');
      });
    });

    it('computes reporting rates from stored reports as ratios of sums over the subtree', async () => {
      await withClock('2025-05-20T02:00:00Z', async (store) => {
        const obligation = henanObligations.find((o) => o.id === 'henan.db-supplement-quarterly')!;
        const rep = (region: string): Actor => ({ id: `rep-${region}`, role: 'reporter', region });
        // 530100 submits well before the deadline (end of March); 530300 never does.
        const km = await openReport(
          store,
          {
            obligation,
            region: '530100',
            period: '2025Q1',
            approvalChain: ['province'],
            on: '2025-03-01',
          },
          { actor: rep('530100') },
        );
        await actOnReport(
          store,
          reportKey(km),
          'submit',
          { on: '2025-03-05' },
          { actor: rep('530100') },
        );
        await openReport(
          store,
          {
            obligation,
            region: '530300',
            period: '2025Q1',
            approvalChain: ['province'],
            on: '2025-03-01',
          },
          { actor: rep('530300') },
        );
        const rates = await storedReportingRates(store, {
          obligation,
          period: '2025Q1',
          region: '530000',
          today: '2025-05-20',
        });
        // Two prefectures expected, one received, on time: 1/2 = 50 %.
        expect(rates.get('530000')).toMatchObject({ expected: 2, received: 1, onTime: 1 });
        expect(rates.get('530000')?.completeness.value?.toFixed()).toBe('50');
        expect(rates.get('530100')?.timeliness.value?.toFixed()).toBe('100');
        expect(rates.get('530300')).toMatchObject({ expected: 1, received: 0 });
        expect(rates.get('530102')).toMatchObject({ expected: 0 }); // counties owe no such report
      });
    });
  });
}
