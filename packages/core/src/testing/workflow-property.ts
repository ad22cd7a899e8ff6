/**
 * @module testing/workflow-property
 * A property test of the reporting workflow over a store: random sequences of workflow actions
 * (open, submit, return, approve, reopen, grant an exception, write data, let days pass) run
 * against the state machine and the store, next to an independent model. Invariants: no data
 * lands in a locked period without a covering exception; every change has its audit entry (a
 * row's entries number its version); the audit chain verifies; reporting rates equal the model's
 * count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadlineOf } from '../calendar/obligations.js';
import { parseObligation } from '../calendar/schema.js';
import { addDays, type IsoDate } from '../date/index.js';
import { isOccHealthError } from '../errors/index.js';
import type { Actor } from '../store/actor.js';
import { verifyAuditChain } from '../store/audit.js';
import { BATCH_KINDS, RECORD_KINDS } from '../store/kinds.js';
import type { Store } from '../store/port.js';
import {
  actOnReport,
  grantException,
  openReport,
  pageAll,
  storedReportingRates,
} from '../store/workflow.js';
import { type StoreConformanceContext, withStore } from './context.js';
import { buildStoreFixture } from './fixtures.js';
import { TestClock } from './workflow.js';

const OBLIGATION = parseObligation({
  id: 'test.county-quarterly',
  label: { zh: '县级季度报告（测试）', en: 'County quarterly report (test)' },
  what: 'test.report',
  who: { level: 'county' },
  toWhom: { level: 'prefecture' },
  periodType: 'quarter',
  rule: { type: 'period-end-day', periodType: 'quarter', day: 30 },
  source: { doc: 'conformance', clause: '—' },
});
const PERIOD = '2025Q1';
const COUNTIES = ['530102', '530103', '530302'] as const;
const PARENT: Record<string, string> = {
  '530102': '530100',
  '530103': '530100',
  '530302': '530300',
};
const START = '2025-03-10';

type Action =
  | { type: 'open' | 'submit' | 'return' | 'approve' | 'reopen'; county: number }
  | { type: 'grant'; county: number; days: number }
  | { type: 'data'; county: number; element: 'insured' | 'other'; value: number }
  | { type: 'wait'; days: number };

const county = fc.constantFrom(0, 0, 0, 1, 2); // county 0 most often, so its report goes far
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('open' as const), county }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constantFrom(
        'submit' as const,
        'approve' as const,
        'return' as const,
        'reopen' as const,
      ),
      county,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ type: fc.constant('grant' as const), county, days: fc.nat({ max: 5 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('data' as const),
      county,
      element: fc.constantFrom('insured' as const, 'insured' as const, 'other' as const),
      value: fc.nat({ max: 999 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('wait' as const),
      days: fc.integer({ min: 1, max: 12 }),
    }),
    weight: 1,
  },
);

interface ModelReport {
  state: 'draft' | 'submitted' | 'returned' | 'approved';
  firstSubmittedOn?: IsoDate;
}

/** Register the property test (it runs each sequence on a fresh store). */
export function describeWorkflowProperty(
  ctx: StoreConformanceContext & {
    readonly makeStoreWithClock: (now: () => Date) => Promise<Store>;
    readonly numRuns?: number;
  },
): void {
  describe('reporting workflow (property)', () => {
    it('keeps locks, audits every change, verifies its chain and counts reports like a model', async () => {
      const deadline = deadlineOf(OBLIGATION, PERIOD).deadline;
      const hits = { locked: 0, excepted: 0, written: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(action, { minLength: 15, maxLength: 40 }),
          fc.constantFrom(0, 10),
          async (actions, expiryDays) => {
            let today: IsoDate = START;
            const clock = new TestClock(`${today}T04:00:00Z`);
            await withStore(
              { makeStore: () => ctx.makeStoreWithClock(clock.now) },
              async (store) => {
                await store.write({ regions: buildStoreFixture().regions });
                const reports = new Map<string, ModelReport>();
                const exceptions = new Map<string, IsoDate>();
                const data = new Map<string, string>();
                const reporter = (c: string): Actor => ({
                  id: `rep-${c}`,
                  role: 'reporter',
                  region: c,
                });
                const approver = (c: string): Actor => ({
                  id: `apr-${PARENT[c]}`,
                  role: 'approver',
                  region: PARENT[c]!,
                });
                const admin: Actor = { id: 'adm', role: 'admin', region: '530000' };
                const key = (c: string) => `${OBLIGATION.id}|${c}|${PERIOD}`;
                const locked = (c: string): boolean => {
                  const r = reports.get(c);
                  if (!r) return false;
                  const until = exceptions.get(c);
                  if (until !== undefined && today <= until) return false;
                  if (r.state === 'approved') return true;
                  return expiryDays > 0 && today > addDays(deadline, expiryDays);
                };
                for (const a of actions) {
                  if (a.type === 'wait') {
                    today = addDays(today, a.days);
                    clock.set(`${today}T04:00:00Z`);
                    continue;
                  }
                  const c = COUNTIES[a.county]!;
                  const r = reports.get(c);
                  const attempt = async (fn: () => Promise<unknown>): Promise<unknown> => {
                    try {
                      await fn();
                      return undefined;
                    } catch (error) {
                      if (!isOccHealthError(error)) throw error;
                      return error;
                    }
                  };
                  switch (a.type) {
                    case 'open': {
                      const error = await attempt(() =>
                        openReport(
                          store,
                          {
                            obligation: OBLIGATION,
                            region: c,
                            period: PERIOD,
                            approvalChain: ['prefecture'],
                            on: today,
                            expiryDays,
                            dataElements: ['insured'],
                          },
                          { actor: reporter(c) },
                        ),
                      );
                      expect(error === undefined).toBe(!r);
                      if (!r) reports.set(c, { state: 'draft' });
                      break;
                    }
                    case 'submit': {
                      const allowed =
                        r !== undefined &&
                        (r.state === 'draft' || r.state === 'returned') &&
                        !locked(c);
                      const error = await attempt(() =>
                        actOnReport(store, key(c), 'submit', { on: today }, { actor: reporter(c) }),
                      );
                      expect(error === undefined, String(error)).toBe(allowed);
                      if (allowed) {
                        r!.state = 'submitted';
                        r!.firstSubmittedOn ??= today;
                      }
                      break;
                    }
                    case 'return':
                    case 'approve': {
                      const allowed = r?.state === 'submitted';
                      const error = await attempt(() =>
                        actOnReport(
                          store,
                          key(c),
                          a.type as 'return' | 'approve',
                          { on: today, note: '请核实' },
                          { actor: approver(c) },
                        ),
                      );
                      expect(error === undefined, String(error)).toBe(allowed);
                      if (allowed) r!.state = a.type === 'approve' ? 'approved' : 'returned';
                      break;
                    }
                    case 'reopen': {
                      const allowed = r?.state === 'approved';
                      const error = await attempt(() =>
                        actOnReport(
                          store,
                          key(c),
                          'reopen',
                          { on: today, note: '重新核对' },
                          { actor: admin },
                        ),
                      );
                      expect(error === undefined, String(error)).toBe(allowed);
                      if (allowed) r!.state = 'returned';
                      break;
                    }
                    case 'grant': {
                      const until = addDays(today, a.days);
                      await grantException(
                        store,
                        {
                          obligationId: OBLIGATION.id,
                          region: c,
                          period: PERIOD,
                          until,
                          reason: '更正',
                        },
                        { actor: admin },
                      );
                      exceptions.set(c, until);
                      break;
                    }
                    case 'data': {
                      const row = {
                        dataElement: a.element,
                        region: c,
                        period: PERIOD,
                        value: String(a.value),
                      };
                      const shouldLock = a.element === 'insured' && locked(c);
                      const error = await attempt(() =>
                        store.write({ dataValues: [row] }, { actor: reporter(c) }),
                      );
                      // Invariant 1: a write lands exactly when no lock (without exception) covers it.
                      expect(
                        error === undefined ? 'written' : (error as { code: string }).code,
                      ).toBe(shouldLock ? 'PERIOD_LOCKED' : 'written');
                      if (!shouldLock) data.set(`${a.element}|${c}|${PERIOD}`, row.value);
                      if (shouldLock) hits.locked++;
                      else if (a.element === 'insured' && exceptions.has(c) && reports.has(c))
                        hits.excepted++;
                      else hits.written++;
                      break;
                    }
                  }
                }
                // Stored data equals the model's.
                const stored = await pageAll(store, 'dataValues');
                expect(
                  new Map(stored.map((d) => [`${d.dataElement}|${d.region}|${d.period}`, d.value])),
                ).toEqual(data);
                // Invariant 2: every change audited — a row's entries number its version.
                const audit = new Map<string, number>();
                let after: string | undefined;
                do {
                  const page = await store.listAudit({
                    limit: 500,
                    ...(after === undefined ? {} : { after }),
                  });
                  for (const e of page.items)
                    audit.set(`${e.kind}#${e.key}`, (audit.get(`${e.kind}#${e.key}`) ?? 0) + 1);
                  after = page.next;
                } while (after !== undefined);
                let rows = 0;
                for (const kind of BATCH_KINDS) {
                  for (const record of await pageAll(store, kind)) {
                    rows++;
                    const k = `${kind}#${(RECORD_KINDS[kind].keyOf as (r: unknown) => string)(record)}`;
                    expect(audit.get(k), k).toBe(record.version);
                  }
                }
                expect(audit.size).toBe(rows);
                // Invariant 3: the chain verifies.
                expect(await verifyAuditChain(store)).toMatchObject({ ok: true });
                // Invariant 4: reporting rates equal an independent count.
                const rates = await storedReportingRates(store, {
                  obligation: OBLIGATION,
                  period: PERIOD,
                  region: '530000',
                  today,
                });
                let expected = 0;
                let received = 0;
                let onTime = 0;
                for (const county of COUNTIES) {
                  const first = reports.get(county)?.firstSubmittedOn;
                  if (first === undefined && deadline > today) continue;
                  expected++;
                  if (first !== undefined) {
                    received++;
                    if (first <= deadline) onTime++;
                  }
                }
                expect(rates.get('530000')).toMatchObject({ expected, received, onTime });
              },
            );
          },
        ),
        // A fixed seed by default, so the reach check below cannot flake on an unlucky draw;
        // WORKFLOW_SEED explores other sequences (fast-check prints the seed of a failure).
        { numRuns: ctx.numRuns ?? 30, seed: Number(process.env.WORKFLOW_SEED ?? 20_251_231) },
      );
      // The sequences did reach the interesting cases: locked writes refused, writes let through.
      expect(hits.locked).toBeGreaterThan(0);
      expect(hits.written).toBeGreaterThan(0);
    }, 120_000);
  });
}
