import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Actor,
  actOnReport,
  MemoryStore,
  openReport,
  PLANS,
  type Store,
} from '@occhealth/core';
import { importText } from '@occhealth/import';
import { describe, expect, it } from 'vitest';
import { buildDashboard } from '../src/commands/demo.js';
import { scratch } from './helpers.js';

const yunnan = PLANS.find((p) => p.id === 'yunnan-sme-assistance')!;
const obligation = (id: string) => yunnan.obligations.find((o) => o.id === id)!;

async function submit(store: Store, region: string, id: string, day: string): Promise<void> {
  const actor: Actor = { id: `reporter-${region}`, region, role: 'reporter' };
  const draft = await openReport(
    store,
    { obligation: obligation(id), region, period: '2025', approvalChain: ['province'], on: day },
    { actor },
  );
  await actOnReport(store, draft.id, 'submit', { on: day }, { actor });
}

// The CLI's dashboard (demo, report dashboard) reads each deadline's status from the stored
// reports, as the server's does: hand-worked for 2025-07-05 and the 2025-05-10 deadline of
// Yunnan's plan and list (004 三(四)).
describe("the CLI dashboard's deadline statuses", () => {
  it('are on time, late and missing by what each prefecture submitted', async () => {
    const store = new MemoryStore();
    const regions = readFileSync(
      new URL('../../../examples/data/yunnan-sample/regions.json', import.meta.url),
      'utf8',
    );
    await importText(store, regions, { kind: 'regions', format: 'json' });
    await submit(store, '530300', 'yunnan.plan-and-list', '2025-05-08');
    await submit(store, '530100', 'yunnan.plan-and-list', '2025-05-20');
    const root = (await store.regionTree())!.get('530000')!;
    const dir = join(scratch(), 'site');
    const { dashboard } = await buildDashboard(
      store,
      [yunnan],
      root,
      '2025',
      dir,
      () => '2025-07-05',
    );
    const html = readFileSync(dashboard, 'utf8');
    const rows = [...html.matchAll(/<tr><td>2025-05-10<\/td>.*?<\/tr>/gs)].map((m) => m[0]);
    const rowOf = (code: string) => rows.find((r) => r.includes(`（${code}）`)) ?? '';
    expect(rowOf('530300')).toContain('按时报送 On time');
    expect(rowOf('530100')).toContain('逾期报送 Late');
    expect(rowOf('532300')).toContain('逾期未报 Missing');
    // The progress table (due 07-10) is due soon everywhere, five days ahead.
    const soon = [...html.matchAll(/<tr><td>2025-07-10<\/td>.*?<\/tr>/gs)].map((m) => m[0]);
    expect(soon).toHaveLength(3);
    for (const row of soon) expect(row).toContain('即将到期 Due soon');
  });
});
