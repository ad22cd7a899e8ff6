/**
 * @module testing/queries
 * Conformance: region-subtree, date, kind, employer, period and data-element filters, and the
 * deterministic orders documented on the `Store` port.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { type StoreConformanceContext, withStore } from './context.js';
import { buildStoreFixture, makeCreditCode } from './fixtures.js';

async function seeded<T>(
  ctx: StoreConformanceContext,
  fn: (store: Store, fx: ReturnType<typeof buildStoreFixture>) => Promise<T>,
): Promise<T> {
  return withStore(ctx, async (store) => {
    const fx = buildStoreFixture();
    await store.write(fx.batch);
    return fn(store, fx);
  });
}

const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

/** Register the query tests. */
export function describeQueries(ctx: StoreConformanceContext): void {
  describe('queries', () => {
    it('lists employers by credit code, filtered by region subtree', async () => {
      await seeded(ctx, async (store, fx) => {
        const { wuhuaMachinery, wuhuaRestaurant, panlongChemical, qilinMine } = fx.codes;
        const all = await store.listEmployers();
        expect(all.map((e) => e.creditCode)).toEqual(
          [wuhuaMachinery, wuhuaRestaurant, panlongChemical, qilinMine].sort(),
        );
        expect(all.every((e) => e.version === 1)).toBe(true);
        const kunming = await store.listEmployers({ region: '530100' });
        expect(kunming.map((e) => e.creditCode)).toEqual(
          [wuhuaMachinery, wuhuaRestaurant, panlongChemical].sort(),
        );
        expect((await store.listEmployers({ region: '530102' })).map((e) => e.creditCode)).toEqual(
          [wuhuaMachinery, wuhuaRestaurant].sort(),
        );
        expect((await store.listEmployers({ region: '530300' })).map((e) => e.creditCode)).toEqual([
          qilinMine,
        ]);
        expect(await store.listEmployers({ region: '530000' })).toHaveLength(4);
        expect(await store.listEmployers({ region: '530103' })).toHaveLength(1);
      });
    });

    it('returns nothing for an unknown region', async () => {
      await seeded(ctx, async (store) => {
        expect(await store.listEmployers({ region: '999999' })).toEqual([]);
        expect(await store.listFacts({ region: '999999' })).toEqual([]);
        expect(await store.listDataValues({ region: '999999' })).toEqual([]);
      });
    });

    it('orders employers by credit code whatever the write order', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write({ regions: fx.regions });
        const seeds = [907, 3, 45, 31, 1, 960, 30, 500];
        const codes = seeds.map((s) => makeCreditCode(s, s % 2 === 0 ? '530102' : '530302'));
        await store.write({
          employers: codes.map((creditCode, i) => ({
            creditCode,
            name: `单位 ${i}`,
            region: i % 2 === 0 ? '530102' : '530302',
            size: 'micro',
          })),
        });
        expect((await store.listEmployers()).map((e) => e.creditCode)).toEqual([...codes].sort());
      });
    });

    it('lists facts by date then id, filtered by region subtree', async () => {
      await seeded(ctx, async (store) => {
        expect(ids(await store.listFacts())).toEqual([
          'lead-km-2024',
          'complaint-qj-2025',
          'decl-a-2025',
          'test-a-2025',
          'exam-c-2025',
          'insp-d-2025',
          'train-d-2025',
          'case-a-2025',
        ]);
        expect(ids(await store.listFacts({ region: '530100' }))).toEqual([
          'lead-km-2024',
          'decl-a-2025',
          'test-a-2025',
          'exam-c-2025',
          'case-a-2025',
        ]);
        expect(ids(await store.listFacts({ region: '530300' }))).toEqual([
          'complaint-qj-2025',
          'insp-d-2025',
          'train-d-2025',
        ]);
        // A county does not see facts counted at its prefecture.
        expect(ids(await store.listFacts({ region: '530302' }))).toEqual([
          'insp-d-2025',
          'train-d-2025',
        ]);
        expect(ids(await store.listFacts({ region: '530103' }))).toEqual(['exam-c-2025']);
      });
    });

    it('filters facts by an inclusive date range', async () => {
      await seeded(ctx, async (store) => {
        expect(ids(await store.listFacts({ from: '2025-04-01', to: '2025-06-30' }))).toEqual([
          'test-a-2025',
          'exam-c-2025',
          'insp-d-2025',
          'train-d-2025',
        ]);
        expect(ids(await store.listFacts({ from: '2025-04-02', to: '2025-06-29' }))).toEqual([
          'exam-c-2025',
        ]);
        expect(ids(await store.listFacts({ to: '2024-12-31' }))).toEqual(['lead-km-2024']);
        expect(ids(await store.listFacts({ from: '2025-08-15' }))).toEqual(['case-a-2025']);
        expect(await store.listFacts({ from: '2025-08-16' })).toEqual([]);
        expect(await store.listFacts({ from: '2025-07-01', to: '2025-06-30' })).toEqual([]);
      });
    });

    it('filters facts by kinds and by employer, combined with other filters', async () => {
      await seeded(ctx, async (store, fx) => {
        expect(ids(await store.listFacts({ kinds: ['declaration', 'training'] }))).toEqual([
          'decl-a-2025',
          'train-d-2025',
        ]);
        expect(await store.listFacts({ kinds: [] })).toEqual([]);
        expect(ids(await store.listFacts({ employer: fx.codes.wuhuaMachinery }))).toEqual([
          'decl-a-2025',
          'test-a-2025',
          'case-a-2025',
        ]);
        expect(
          ids(
            await store.listFacts({
              employer: fx.codes.wuhuaMachinery,
              kinds: ['hazard-testing', 'enforcement-case'],
              from: '2025-04-01',
              to: '2025-08-14',
            }),
          ),
        ).toEqual(['test-a-2025']);
        expect(
          ids(await store.listFacts({ region: '530300', kinds: ['inspection', 'complaint'] })),
        ).toEqual(['complaint-qj-2025', 'insp-d-2025']);
        expect(await store.listFacts({ region: '530100', employer: fx.codes.qilinMine })).toEqual(
          [],
        );
        expect(await store.listFacts({ employer: makeCreditCode(999_999) })).toEqual([]);
      });
    });

    it('lists data values by data element, region, period, with filters', async () => {
      await seeded(ctx, async (store) => {
        const key = (v: { dataElement: string; region: string; period: string }) =>
          `${v.dataElement} ${v.region} ${v.period}`;
        expect((await store.listDataValues()).map(key)).toEqual([
          'institutions 530000 2024',
          'insured 530102 2024',
          'insured 530102 2025Q1',
          'insured 530103 2024',
          'insured 530302 2024',
          'insuredWorkers 530100 2024',
        ]);
        expect((await store.listDataValues({ region: '530100' })).map(key)).toEqual([
          'insured 530102 2024',
          'insured 530102 2025Q1',
          'insured 530103 2024',
          'insuredWorkers 530100 2024',
        ]);
        expect((await store.listDataValues({ region: '530300' })).map(key)).toEqual([
          'insured 530302 2024',
        ]);
        expect((await store.listDataValues({ periods: ['2025Q1'] })).map(key)).toEqual([
          'insured 530102 2025Q1',
        ]);
        expect(
          (
            await store.listDataValues({
              region: '530100',
              periods: ['2024'],
              dataElements: ['insured', 'institutions'],
            })
          ).map(key),
        ).toEqual(['insured 530102 2024', 'insured 530103 2024']);
        expect(await store.listDataValues({ periods: [] })).toEqual([]);
        expect(await store.listDataValues({ dataElements: ['nothing'] })).toEqual([]);
      });
    });

    // Regression: MemoryStore sorted by the joined key `element|region|period`.
    it('orders by the tuple, not by a joined key (prefix ids)', async () => {
      await withStore(ctx, async (store) => {
        await store.write({
          regions: [
            { code: '53', name: { zh: '省' }, level: 'province', parent: null },
            { code: '5301', name: { zh: '市' }, level: 'prefecture', parent: '53' },
            { code: '53010', name: { zh: '区' }, level: 'county', parent: '5301' },
          ],
          dataValues: [
            { dataElement: 'ab', region: '53', period: '2024', value: 1 },
            { dataElement: 'a', region: '53010', period: '2024', value: 2 },
            { dataElement: 'a', region: '5301', period: '2024', value: 3 },
            { dataElement: 'a.b', region: '53', period: '2024', value: 4 },
          ],
        });
        expect((await store.listDataValues()).map((v) => v.value)).toEqual(['3', '2', '4', '1']);
      });
    });
  });
}
