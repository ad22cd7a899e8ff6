import {
  type Actor,
  actOnReport,
  deadlineStatuses,
  MemoryStore,
  obligationsDue,
  openReport,
  PLANS,
  type Store,
} from '@occhealth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/index.js';
import { as, loadSample, makeApp, token } from './fixtures.js';

// The dashboard, `/obligations` and `/reports/obligations` read a deadline's status from the
// region's stored report. Today (injected) is 2025-07-05; Yunnan's prefecture deadlines of 2025
// (004 三(四)) are 05-10 (plan and list), 07-10 (progress table) and 12-15 (work summary).
const TODAY = '2025-07-05';
const yunnan = PLANS.find((p) => p.id === 'yunnan-sme-assistance')!;
const obligation = (id: string) => yunnan.obligations.find((o) => o.id === id)!;

/** Open and submit `region`'s report of an obligation for 2025 on `day`. */
async function submit(store: Store, region: string, id: string, day: string): Promise<void> {
  const actor: Actor = { id: `reporter-${region}`, region, role: 'reporter' };
  const draft = await openReport(
    store,
    { obligation: obligation(id), region, period: '2025', approvalChain: ['province'], on: day },
    { actor },
  );
  await actOnReport(store, draft.id, 'submit', { on: day }, { actor });
}

/** Hand-worked statuses at 2025-07-05, by region and obligation. */
const EXPECTED: Record<string, Record<string, string>> = {
  // Qujing: the plan in two days early; the progress table due in 5 days (≤ 7: due soon).
  '530300': {
    'yunnan.plan-and-list': 'on-time',
    'yunnan.progress-table': 'due-soon',
    'yunnan.work-summary': 'not-yet-due',
  },
  // Kunming: the plan ten days late.
  '530100': {
    'yunnan.plan-and-list': 'late',
    'yunnan.progress-table': 'due-soon',
    'yunnan.work-summary': 'not-yet-due',
  },
  // Chuxiong: nothing sent, the plan's deadline passed.
  '532300': {
    'yunnan.plan-and-list': 'missing',
    'yunnan.progress-table': 'due-soon',
    'yunnan.work-summary': 'not-yet-due',
  },
};

/** The days the reports above were submitted. */
const SUBMITTED: Record<string, string> = {
  '530300 yunnan.plan-and-list': '2025-05-08',
  '530100 yunnan.plan-and-list': '2025-05-20',
};

const LABEL: Record<string, string> = {
  'on-time': '按时报送 On time',
  late: '逾期报送 Late',
  missing: '逾期未报 Missing',
  'due-soon': '即将到期 Due soon',
  'not-yet-due': '未到期 Not yet due',
};

describe('deadline statuses read the stored submissions, the same on every surface', () => {
  let app: Awaited<ReturnType<typeof makeApp>>['app'];

  beforeAll(async () => {
    const store = new MemoryStore();
    await loadSample(store);
    await submit(store, '530300', 'yunnan.plan-and-list', '2025-05-08');
    await submit(store, '530100', 'yunnan.plan-and-list', '2025-05-20');
    ({ app } = await makeApp({ store, dashboard: true, clock: () => TODAY }));
  });

  it("the core's deadlineStatuses() gives the hand-worked statuses", async () => {
    const store = new MemoryStore();
    await loadSample(store);
    await submit(store, '530300', 'yunnan.plan-and-list', '2025-05-08');
    await submit(store, '530100', 'yunnan.plan-and-list', '2025-05-20');
    for (const [region, expected] of Object.entries(EXPECTED)) {
      const instances = obligationsDue(yunnan, 'prefecture', '2025-01-01', '2025-12-31');
      const rows = await deadlineStatuses(store, region, instances, TODAY);
      expect(Object.fromEntries(rows.map((r) => [r.instance.obligationId, r.status]))).toEqual(
        expected,
      );
    }
  });

  it('GET /obligations answers them for each prefecture', async () => {
    for (const [region, expected] of Object.entries(EXPECTED)) {
      const res = await app.request(
        `/obligations?region=${region}&from=2025-01-01&to=2025-12-31&plan=yunnan-sme-assistance`,
        { headers: as('province') },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { obligationId: string; status: string }[] };
      expect(Object.fromEntries(body.items.map((i) => [i.obligationId, i.status]))).toEqual(
        expected,
      );
    }
  });

  it("the province's dashboard shows each prefecture's row with the same status", async () => {
    const login = await app.request(`/login?token=${encodeURIComponent(token('province'))}`);
    const cookie = (login.headers.get('Set-Cookie') ?? '').split(';')[0]!;
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    const html = await (
      await app.request('/dashboard?plan=yunnan-sme-assistance&period=2025', {
        headers: { Cookie: cookie },
      })
    ).text();
    const rows = [...html.matchAll(/<tr><td>(\d{4}-\d{2}-\d{2})<\/td>.*?<\/tr>/gs)].map(
      (m) => m[0],
    );
    for (const [region, expected] of Object.entries(EXPECTED)) {
      for (const [id, status] of Object.entries(expected)) {
        const label = obligation(id).label.zh;
        const row = rows.find((r) => r.includes(`（${region}）`) && r.includes(label));
        expect(row, `${region} ${id}`).toBeDefined();
        expect(row, `${region} ${id}`).toContain(LABEL[status]);
      }
    }
  });

  it('GET /reports/obligations gives each prefecture the same submitted dates and on-time / late / missing', async () => {
    const word: Record<string, string> = {
      'on-time': 'on time',
      late: 'late',
      missing: 'missing',
      'due-soon': 'due',
      'not-yet-due': 'due',
    };
    for (const [region, expected] of Object.entries(EXPECTED)) {
      const res = await app.request(
        `/reports/obligations?format=csv&region=${region}&from=2025-01-01&to=2025-12-31&plan=yunnan-sme-assistance`,
        { headers: as('province', { 'Accept-Language': 'en' }) },
      );
      expect(res.status).toBe(200);
      const csv = await res.text();
      for (const [id, status] of Object.entries(expected)) {
        const line = csv.split('\n').find((l) => l.includes(obligation(id).label.zh));
        expect(line, `${region} ${id}`).toBeDefined();
        const cells = line!.split(',').map((c) => c.replace(/"/g, '').trim());
        // The status cell holds both languages (`逾期 late`): its English word is ours.
        expect(cells.at(-1)!.endsWith(` ${word[status]!}`), `${region} ${id}: ${line}`).toBe(true);
        expect(cells.at(-2), `${region} ${id}`).toBe(SUBMITTED[`${region} ${id}`] ?? '');
      }
    }
  });
});
