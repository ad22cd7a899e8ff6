import { definePlan, MemoryStore } from '@occhealth/core';
import { RECON_PLAN_INPUT, reconcilePlan, reconcileScenario } from '@occhealth/core/testing';
import { describe, expect, it } from 'vitest';
import { as, makeApp } from './fixtures.js';

describe('GET /reconcile', async () => {
  const store = new MemoryStore();
  await store.write(reconcileScenario().batch);
  const bare = definePlan({ ...RECON_PLAN_INPUT, id: 'bare', reportedAs: [], rules: [] });
  const { app } = await makeApp({ store, plans: [reconcilePlan(), bare] });
  const url = (region: string, more = '') =>
    `/reconcile?plan=recon-fixture&region=${region}&period=2025${more}`;

  it('gives the classified differences of the principal’s subtree', async () => {
    const res = await app.request(url('530100', '&differences=only'), { headers: as('kunming') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rows: { region: string; differences: { class: string; amount: string }[] }[];
    };
    expect(new Set(body.rows.map((r) => r.region))).toEqual(
      new Set(['530100', '530102', '530103', '530111']),
    );
    const kunming = body.rows.find((r) => r.region === '530100')!;
    expect(kunming.differences.map((d) => `${d.class} ${d.amount}`)).toEqual([
      'children-not-in-sum -2',
      'children-not-in-sum -2',
    ]);
  });

  it('refuses a region outside the principal’s subtree', async () => {
    const res = await app.request(url('530300'), { headers: as('kunming') });
    expect(res.status).toBe(403);
  });

  it('answers a plan without mappings with a problem naming the rule', async () => {
    const res = await app.request('/reconcile?plan=bare&region=530100&period=2025', {
      headers: as('kunming'),
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('reconcile.no-mapping');
  });
});
