import { MemoryStore } from '@occhealth/core';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  as,
  loadSample,
  makeApp,
  seedReports,
  snapshot,
  TOKENS,
  type TokenName,
} from './fixtures.js';

const json = (token: TokenName, body: unknown, more: Record<string, string> = {}) => ({
  method: 'POST',
  headers: as(token, { 'Content-Type': 'application/json', ...more }),
  body: JSON.stringify(body),
});

/** Percentage of n / d, to 10 places, computed here (not by the core). */
const pct = (n: number, d: number) =>
  new Decimal(n).div(d).times(100).toDecimalPlaces(10).toString();
const places = (value: string | null) =>
  value === null ? null : new Decimal(value).toDecimalPlaces(10).toString();

describe('submissions and sign-off over HTTP', () => {
  it('a county report goes draft → submitted → returned → submitted → approved, and its data locks', async () => {
    let today = '2025-06-20';
    // The store decides locks by its own clock: the same China-time day as the app's.
    const store = new MemoryStore({ now: () => new Date(`${today}T04:00:00Z`) });
    await loadSample(store);
    await seedReports(store);
    const { app } = await makeApp({ store, clock: () => today });
    const base = '/submissions/yunnan.work-summary/530381/2025';
    const created = await app.request(
      '/submissions',
      json('xuanwei', {
        plan: 'yunnan-sme-assistance',
        obligation: 'yunnan.work-summary',
        region: '530381',
        period: '2025',
        content: {
          type: 'values',
          values: [{ dataElement: 'workInjuryInsuredPersons', value: '1200.50' }],
        },
      }),
    );
    expect(created.status).toBe(201);
    const draft = await created.json();
    expect(draft).toMatchObject({
      state: 'draft',
      reporter: TOKENS.xuanwei.id,
      approvalChain: ['prefecture'],
      deadline: '2025-12-15',
      content: { values: [{ value: '1200.5' }] },
    });
    expect(created.headers.get('ETag')).toBe('"v1"');

    // Saving the draft needs If-Match; a stale one is a 412, nothing written.
    const save = (etag?: string) =>
      app.request(base, {
        method: 'PUT',
        headers: as('xuanwei', {
          'Content-Type': 'application/json',
          ...(etag ? { 'If-Match': etag } : {}),
        }),
        body: JSON.stringify({
          content: {
            type: 'values',
            values: [{ dataElement: 'workInjuryInsuredPersons', value: '1300' }],
          },
        }),
      });
    expect((await save()).status).toBe(428);
    expect((await save('"v9"')).status).toBe(412);
    const saved = await save('"v1"');
    expect(saved.status).toBe(200);
    expect(saved.headers.get('ETag')).toBe('"v2"');

    // Only the county's reporter submits; only an approver above it decides.
    expect((await app.request(`${base}/submit`, json('qujing', {}))).status).toBe(403);
    expect((await app.request(`${base}/submit`, json('qujingViewer', {}))).status).toBe(403);
    today = '2025-06-21';
    const submitted = await app.request(`${base}/submit`, json('xuanwei', {}));
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({
      state: 'submitted',
      firstSubmittedOn: '2025-06-21',
    });
    expect((await app.request(`${base}/approve`, json('xuanwei', {}))).status).toBe(403);
    expect((await app.request(`${base}/approve`, json('qujing', {}))).status).toBe(403);

    // Returning needs a reason.
    const noReason = await app.request(`${base}/return`, json('qujingApprover', {}));
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).errors[0].path).toBe('body.note');
    const returned = await app.request(
      `${base}/return`,
      json('qujingApprover', { note: '数据需核实' }),
    );
    expect(await returned.json()).toMatchObject({ state: 'returned' });
    today = '2025-06-25';
    expect((await app.request(`${base}/submit`, json('xuanwei', {}))).status).toBe(200);
    const approved = await app.request(`${base}/approve`, json('qujingApprover', {}));
    expect(approved.status).toBe(200);
    const final = await approved.json();
    expect(final.state).toBe('approved');
    expect(final.history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'submit',
      'return',
      'submit',
      'approve',
    ]);
    expect(final.firstSubmittedOn).toBe('2025-06-21');

    // The approved report locks its data element for (530381, 2025): 423, nothing written …
    const value = {
      dataElement: 'workInjuryInsuredPersons',
      region: '530381',
      period: '2025',
      value: '9',
    };
    const before = await snapshot(store);
    const locked = await app.request('/data-values', json('xuanwei', value));
    expect(locked.status).toBe(423);
    expect(await snapshot(store)).toBe(before);
    // … until an admin grants an exception (a reporter may not).
    const exception = {
      obligation: 'yunnan.work-summary',
      region: '530381',
      period: '2025',
      until: '2025-07-31',
      reason: '补报',
    };
    expect((await app.request('/lock-exceptions', json('xuanwei', exception))).status).toBe(403);
    const granted = await app.request('/lock-exceptions', json('qujingAdmin', exception));
    expect(granted.status).toBe(200);
    expect(await granted.json()).toMatchObject({
      grantedBy: TOKENS.qujingAdmin.id,
      until: '2025-07-31',
    });
    expect((await app.request('/data-values', json('xuanwei', value))).status).toBe(200);
  });

  it('a reporter opens only its own region; a report outside the subtree is a 404', async () => {
    const { app, store } = await makeApp();
    const before = await snapshot(store);
    const body = {
      plan: 'yunnan-sme-assistance',
      obligation: 'yunnan.work-summary',
      region: '530381',
      period: '2025',
    };
    expect((await app.request('/submissions', json('qujing', body))).status).toBe(403);
    expect((await app.request('/submissions', json('qujingApprover', body))).status).toBe(403);
    expect((await app.request('/submissions', json('wuhua', body))).status).toBe(403);
    expect(
      (await app.request('/submissions', json('xuanwei', { ...body, obligation: 'nope' }))).status,
    ).toBe(404);
    expect(await snapshot(store)).toBe(before);
    const foreign = await app.request('/submissions/yunnan.plan-and-list/530102/2025', {
      headers: as('qujing'),
    });
    expect(foreign.status).toBe(404);
    const mine = await app.request('/submissions/yunnan.plan-and-list/530102/2025', {
      headers: as('wuhua'),
    });
    expect(mine.status).toBe(200);
  });

  it('lists the reports of the subtree page by page', async () => {
    const { app } = await makeApp();
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const res = await app.request(`/submissions?limit=3${after ? `&after=${after}` : ''}`, {
        headers: as('province'),
      });
      const page = await res.json();
      seen.push(...page.items.map((s: { id: string }) => s.id));
      after = page.next;
    } while (after);
    // The fixtures seed four reports for each of two counties.
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const qujing = await (await app.request('/submissions', { headers: as('qujing') })).json();
    expect(qujing.items).toHaveLength(4);
    expect(qujing.items.every((s: { region: string }) => s.region === '530381')).toBe(true);
    const drafts = await (
      await app.request('/submissions?state=draft', { headers: as('qujing') })
    ).json();
    expect(drafts.items).toHaveLength(2);
  });
});

describe('reporting rates', () => {
  it('completeness and timeliness of the prefectures, against counts made by hand', async () => {
    let today = '2025-07-05';
    const { app } = await makeApp({ clock: () => today });
    const report = (region: string) => ({
      plan: 'yunnan-sme-assistance',
      obligation: 'yunnan.progress-table',
      region,
      period: '2025',
    });
    const path = (region: string) => `/submissions/yunnan.progress-table/${region}/2025`;
    // Kunming submits before the 2025-07-10 deadline, Qujing after it, Chuxiong never.
    expect((await app.request('/submissions', json('kunming', report('530100')))).status).toBe(201);
    expect((await app.request(`${path('530100')}/submit`, json('kunming', {}))).status).toBe(200);
    today = '2025-07-15';
    expect((await app.request('/submissions', json('qujing', report('530300')))).status).toBe(201);
    expect((await app.request(`${path('530300')}/submit`, json('qujing', {}))).status).toBe(200);

    const res = await app.request(
      '/reporting-rates?plan=yunnan-sme-assistance&obligation=yunnan.progress-table&region=530000&period=2025',
      { headers: as('province') },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.today).toBe('2025-07-15');
    const byRegion = new Map(body.items.map((r: { region: string }) => [r.region, r]));
    const province = byRegion.get('530000') as Record<string, { value: string | null }> & {
      expected: number;
      received: number;
      onTime: number;
    };
    expect([province.expected, province.received, province.onTime]).toEqual([3, 2, 1]);
    expect(places(province.completeness!.value)).toBe(pct(2, 3));
    expect(places(province.timeliness!.value)).toBe(pct(1, 3));
    expect(byRegion.get('530100')).toMatchObject({ received: 1, onTime: 1 });
    expect(byRegion.get('530300')).toMatchObject({ received: 1, onTime: 0 });
    expect(byRegion.get('532300')).toMatchObject({ expected: 1, received: 0 });

    // Qujing sees its own subtree only, and Kunming's rates are refused.
    const own = await (
      await app.request(
        '/reporting-rates?plan=yunnan-sme-assistance&obligation=yunnan.progress-table&region=530300&period=2025',
        { headers: as('qujing') },
      )
    ).json();
    expect(own.items.every((r: { region: string }) => r.region.startsWith('5303'))).toBe(true);
    expect(own.items.find((r: { region: string }) => r.region === '530300')).toMatchObject({
      expected: 1,
      received: 1,
      onTime: 0,
    });
    const sibling = await app.request(
      '/reporting-rates?plan=yunnan-sme-assistance&obligation=yunnan.progress-table&region=530100&period=2025',
      { headers: as('qujing') },
    );
    expect(sibling.status).toBe(403);
  });
});

describe('the audit routes', () => {
  it('an admin pages through its subtree’s entries; others are refused; the chain verifies', async () => {
    const { app, store } = await makeApp();
    expect((await app.request('/audit', { headers: as('qujing') })).status).toBe(403);
    expect((await app.request('/audit/verify', { headers: as('qujingApprover') })).status).toBe(
      403,
    );
    const seen: number[] = [];
    let after: string | undefined;
    do {
      const page = await (
        await app.request(`/audit?limit=2${after ? `&after=${after}` : ''}`, {
          headers: as('qujingAdmin'),
        })
      ).json();
      for (const e of page.items) {
        expect(e.region.startsWith('5303')).toBe(true);
        seen.push(e.seq);
      }
      after = page.next;
    } while (after);
    // Counted straight from the store: the entries of rows in Qujing's subtree.
    const all = (await store.listAudit({ limit: 10_000 })).items;
    expect(seen).toEqual(
      all.filter((e) => e.region !== null && e.region.startsWith('5303')).map((e) => e.seq),
    );
    expect(seen.length).toBeGreaterThan(0);
    const verified = await (
      await app.request('/audit/verify', { headers: as('qujingAdmin') })
    ).json();
    expect(verified).toEqual({ ok: true, chains: ['53'] });
  });
});
