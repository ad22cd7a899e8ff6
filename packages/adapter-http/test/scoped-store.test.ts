import { MemoryStore } from '@occhealth/core';
import { describe, expect, it } from 'vitest';
import { scopedStore } from '../src/scoped-store.js';
import { loadSample, TOKENS } from './fixtures.js';
import { EMPLOYERS, FACTS, foreignEmployer, foreignFact, ownEmployer, ownFact } from './walk.js';

// The store view handed to the importer and the workflow functions: every read is limited to the
// principal's subtree (Qujing, 530300), whatever the caller asks for.
describe('the scoped store view filters every read to the subtree', async () => {
  const store = new MemoryStore();
  await loadSample(store);
  // Per-row audit entries on both sides (the importer writes batch summaries).
  await store.write({
    employers: [
      { ...ownEmployer, name: `${ownEmployer.name}（改）` },
      { ...foreignEmployer, name: `${foreignEmployer.name}（改）` },
    ],
  });
  const tree = (await store.regionTree())!;
  const view = scopedStore(store, tree, TOKENS.qujing);
  const ownEmployers = EMPLOYERS.filter((e) => e.region.startsWith('5303'));

  it('get: a record outside reads as absent, one inside as itself', async () => {
    expect(await view.get('employers', foreignEmployer.creditCode)).toBeUndefined();
    expect(await store.get('employers', foreignEmployer.creditCode)).toBeDefined();
    expect((await view.get('employers', ownEmployer.creditCode))?.name).toBe(
      `${ownEmployer.name}（改）`,
    );
    expect(await view.get('facts', foreignFact.id)).toBeUndefined();
    expect((await view.get('facts', ownFact.id))?.id).toBe(ownFact.id);
    expect(await view.get('regions', '530102')).toBeUndefined();
    expect(await view.getEmployer(foreignEmployer.creditCode)).toBeUndefined();
    expect(await view.getFact(foreignFact.id)).toBeUndefined();
    expect(await view.getRegion('530102')).toBeUndefined();
    expect((await view.getRegion('530381'))?.code).toBe('530381');
  });

  it('page and searchEmployers: only the subtree, whatever region is asked', async () => {
    const all = await view.page('employers', { limit: 10_000 });
    expect(all.items.map((e) => e.creditCode).sort()).toEqual(
      ownEmployers.map((e) => e.creditCode).sort(),
    );
    expect(ownEmployers.length).toBeGreaterThan(0);
    expect((await view.page('employers', { region: '530100', limit: 10_000 })).items).toEqual([]);
    const fromRoot = await view.page('facts', { region: '530000', limit: 10_000 });
    expect(fromRoot.items.length).toBe(FACTS.filter((f) => f.region.startsWith('5303')).length);
    const found = await view.searchEmployers({ limit: 10_000 });
    expect(found.items.every((e) => e.region.startsWith('5303'))).toBe(true);
    expect(found.items.length).toBe(ownEmployers.length);
    expect((await view.searchEmployers({ name: foreignEmployer.name, limit: 10 })).items).toEqual(
      [],
    );
    expect((await view.listEmployers({ region: '530000' })).length).toBe(ownEmployers.length);
    expect(await view.listFacts({ region: '530100' })).toEqual([]);
  });

  it('listAudit: only entries of the subtree (a prefecture sees no batch summary)', async () => {
    const whole = await store.listAudit({ limit: 10_000 });
    const seen = await view.listAudit({ limit: 10_000 });
    expect(whole.items.some((e) => e.region?.startsWith('5301'))).toBe(true);
    expect(seen.items.length).toBeGreaterThan(0);
    expect(seen.items.every((e) => e.region !== null && e.region.startsWith('5303'))).toBe(true);
    expect(seen.items.length).toBe(
      whole.items.filter((e) => e.region !== null && e.region.startsWith('5303')).length,
    );
    expect((await view.listAudit({ region: '530100', limit: 10 })).items).toEqual([]);
  });

  it('a province principal sees its whole chain, batch summaries included', async () => {
    const province = scopedStore(store, tree, TOKENS.province);
    const whole = await store.listAudit({ limit: 10_000 });
    expect((await province.listAudit({ limit: 10_000 })).items.length).toBe(whole.items.length);
  });
});
