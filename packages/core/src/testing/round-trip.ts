/**
 * @module testing/round-trip
 * Conformance: every record kind comes back as written (defaults applied, decimals canonical),
 * reads are copies, and the region tree reflects writes.
 */
import { describe, expect, it } from 'vitest';
import { rawCounts, type StoreConformanceContext, withStore } from './context.js';
import { buildStoreFixture } from './fixtures.js';

/** Register the round-trip tests. */
export function describeRoundTrips(ctx: StoreConformanceContext): void {
  describe('round trips', () => {
    it('has a name and starts empty', async () => {
      await withStore(ctx, async (store) => {
        expect(typeof store.name).toBe('string');
        expect(store.name.length).toBeGreaterThan(0);
        expect(await store.regionTree()).toBeUndefined();
        expect(await store.listEmployers()).toEqual([]);
        expect(await store.listFacts()).toEqual([]);
        expect(await store.listDataValues()).toEqual([]);
        expect(await store.getRegion('530000')).toBeUndefined();
        expect(await store.getEmployer(buildStoreFixture().codes.qilinMine)).toBeUndefined();
        expect(await store.getFact('decl-a-2025')).toBeUndefined();
        if (ctx.raw) {
          expect(await rawCounts(ctx, store)).toEqual({
            regions: 0,
            employers: 0,
            institutions: 0,
            departments: 0,
            contacts: 0,
            facts: 0,
            dataValues: 0,
            submissions: 0,
            lockExceptions: 0,
          });
        }
      });
    });

    it('reports what a first write inserted', async () => {
      await withStore(ctx, async (store) => {
        const result = await store.write(buildStoreFixture().batch);
        expect(result).toEqual({
          regions: { inserted: 6, updated: 0, unchanged: 0 },
          employers: { inserted: 4, updated: 0, unchanged: 0 },
          institutions: { inserted: 1, updated: 0, unchanged: 0 },
          departments: { inserted: 0, updated: 0, unchanged: 0 },
          contacts: { inserted: 0, updated: 0, unchanged: 0 },
          facts: { inserted: 8, updated: 0, unchanged: 0 },
          dataValues: { inserted: 6, updated: 0, unchanged: 0 },
          submissions: { inserted: 0, updated: 0, unchanged: 0 },
          lockExceptions: { inserted: 0, updated: 0, unchanged: 0 },
          rejected: [],
        });
        if (ctx.raw) {
          expect(await rawCounts(ctx, store)).toEqual({
            regions: 6,
            employers: 4,
            institutions: 1,
            departments: 0,
            contacts: 0,
            facts: 8,
            dataValues: 6,
            submissions: 0,
            lockExceptions: 0,
          });
        }
      });
    });

    it('returns regions as written, version 1', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write({ regions: fx.regions });
        for (const region of buildStoreFixture().regions) {
          expect(await store.getRegion(region.code)).toEqual({ ...region, version: 1 });
        }
      });
    });

    it('returns employers with defaults applied', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        expect(await store.getEmployer(fx.codes.wuhuaRestaurant)).toEqual({
          creditCode: fx.codes.wuhuaRestaurant,
          name: '五华示例餐饮店',
          region: '530102',
          industry: 'H6210',
          size: 'micro',
          hazardFactors: [],
          hazardLevel: 'none',
          statusHistory: [],
          version: 1,
        });
        expect(await store.getEmployer(fx.codes.panlongChemical)).toEqual({
          creditCode: fx.codes.panlongChemical,
          name: '昆明示例化工有限公司',
          region: '530103',
          industry: 'C2614',
          size: 'medium',
          hazardFactors: ['苯'],
          hazardLevel: 'general',
          statusHistory: [{ status: 'suspended', from: '2025-03-01' }],
          registeredOn: '2010-01-01',
          version: 1,
        });
      });
    });

    it('trims employer names', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write({
          regions: fx.regions,
          employers: [{ ...fx.employers[3]!, name: '  五华示例餐饮店 ' }],
        });
        expect((await store.getEmployer(fx.codes.wuhuaRestaurant))?.name).toBe('五华示例餐饮店');
      });
    });

    it('returns facts of several kinds with their defaults', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        expect(await store.getFact('decl-a-2025')).toEqual({
          id: 'decl-a-2025',
          kind: 'declaration',
          employer: fx.codes.wuhuaMachinery,
          region: '530102',
          date: '2025-03-10',
          declarationType: 'initial',
          version: 1,
        });
        expect(await store.getFact('test-a-2025')).toEqual({
          id: 'test-a-2025',
          kind: 'hazard-testing',
          employer: fx.codes.wuhuaMachinery,
          region: '530102',
          date: '2025-04-01',
          programme: 'periodic',
          postsTested: 12,
          postsCompliant: 10,
          institution: 'inst-km-01',
          version: 1,
        });
        expect(await store.getFact('exam-c-2025')).toEqual({
          id: 'exam-c-2025',
          kind: 'health-exam',
          employer: fx.codes.panlongChemical,
          region: '530103',
          date: '2025-05-20',
          workersDue: 60,
          workersExamined: 55,
          suspectedCases: 0,
          contraindications: 0,
          version: 1,
        });
        expect(await store.getFact('train-d-2025')).toEqual({
          id: 'train-d-2025',
          kind: 'training',
          employer: fx.codes.qilinMine,
          region: '530302',
          date: '2025-06-30',
          principalsTrained: 0,
          managersTrained: 0,
          workersTrained: 120,
          version: 1,
        });
        expect(await store.getFact('insp-d-2025')).toEqual({
          id: 'insp-d-2025',
          kind: 'inspection',
          employer: fx.codes.qilinMine,
          region: '530302',
          date: '2025-06-30',
          problemsFound: 542,
          problemsRectified: 534,
          dispositions: { onSpot: 398, withinDeadline: 136, penalty: 8 },
          version: 1,
        });
        expect(await store.getFact('complaint-qj-2025')).toEqual({
          id: 'complaint-qj-2025',
          kind: 'complaint',
          region: '530300',
          date: '2025-01-05',
          investigated: true,
          repliedOn: '2025-01-20',
          version: 1,
        });
        expect(await store.getFact('case-a-2025')).toEqual({
          id: 'case-a-2025',
          kind: 'enforcement-case',
          employer: fx.codes.wuhuaMachinery,
          region: '530102',
          date: '2025-08-15',
          category: 'employer-violation',
          concludedOn: '2025-09-30',
          penalty: '30000.00',
          version: 1,
        });
      });
    });

    it('keeps nested fact fields (assistance checklist items, sources)', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const fact = {
          id: 'assist-a-2025',
          kind: 'assistance',
          employer: fx.codes.wuhuaMachinery,
          region: '530102',
          date: '2025-07-01',
          programme: 'yunnan-five-ones',
          items: { plan: true, training: false },
          hasExceedingPosts: false,
          problemsFound: 3,
          problemsRectified: 2,
          source: { system: '云卫职健', ref: 'A-001' },
          note: '帮扶 第一轮',
        } as const;
        await store.write({ facts: [fact] });
        expect(await store.getFact('assist-a-2025')).toEqual({ ...fact, version: 1 });
      });
    });

    it('stores data values as canonical decimal strings', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const values = await store.listDataValues({ dataElements: ['insured'] });
        expect(values.map((v) => [v.region, v.period, v.value])).toEqual([
          ['530102', '2024', '12.5'],
          ['530102', '2025Q1', '4'],
          ['530103', '2024', '7'],
          ['530302', '2024', '3'],
        ]);
        await store.write({
          dataValues: [
            {
              dataElement: 'fines',
              region: '530100',
              period: '2025-07',
              value: ' 0012.500 ',
              source: { system: 'DHIS2', ref: 'dv-1' },
            },
            { dataElement: 'balance', region: '530100', period: '2025-07', value: '-3.10' },
          ],
        });
        expect(await store.listDataValues({ dataElements: ['fines', 'balance'] })).toEqual([
          {
            dataElement: 'balance',
            region: '530100',
            period: '2025-07',
            value: '-3.1',
            version: 1,
          },
          {
            dataElement: 'fines',
            region: '530100',
            period: '2025-07',
            value: '12.5',
            source: { system: 'DHIS2', ref: 'dv-1' },
            version: 1,
          },
        ]);
      });
    });

    it('returns copies: mutating a read never changes the store', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const employer = await store.getEmployer(fx.codes.wuhuaMachinery);
        employer!.hazardFactors.push('苯');
        (employer as { name: string }).name = 'changed';
        const listed = await store.listEmployers();
        listed[0]!.hazardFactors.length = 0;
        const fact = await store.getFact('insp-d-2025');
        (fact as { dispositions: { onSpot: number } }).dispositions.onSpot = 0;
        const facts = await store.listFacts();
        (facts[0] as { date: string }).date = '1999-01-01';
        const region = await store.getRegion('530100');
        (region as { name: { zh: string } }).name.zh = 'changed';
        const values = await store.listDataValues();
        (values[0] as { value: string }).value = '999';

        const again = buildStoreFixture();
        expect((await store.getEmployer(fx.codes.wuhuaMachinery))?.hazardFactors).toEqual(
          again.employers[1]!.hazardFactors,
        );
        expect((await store.getEmployer(fx.codes.wuhuaMachinery))?.name).toBe(
          again.employers[1]!.name,
        );
        // The first employer by credit code is the machinery maker (530102, seed 101).
        expect((await store.listEmployers())[0]!.hazardFactors).toEqual(
          again.employers[1]!.hazardFactors,
        );
        expect(await store.getFact('insp-d-2025')).toMatchObject({
          dispositions: { onSpot: 398, withinDeadline: 136, penalty: 8 },
        });
        expect((await store.listFacts())[0]!.date).toBe('2024-12-31');
        expect((await store.getRegion('530100'))?.name.zh).toBe('昆明市');
        expect((await store.listDataValues())[0]!.value).toBe('15');
      });
    });

    it('copies its input: mutating a written object never changes the store', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        (fx.employers[1]!.hazardFactors as string[]).push('苯');
        fx.regions[1]!.name.zh = 'changed';
        (fx.facts[4] as { dispositions: { onSpot: number } }).dispositions.onSpot = 0;
        expect((await store.getEmployer(fx.codes.wuhuaMachinery))?.hazardFactors).toEqual([
          '噪声',
          '电焊烟尘',
        ]);
        expect((await store.getRegion('530100'))?.name.zh).toBe('昆明市');
        expect((await store.getFact('insp-d-2025'))?.kind === 'inspection').toBe(true);
        expect(await store.getFact('insp-d-2025')).toMatchObject({
          dispositions: { onSpot: 398 },
        });
      });
    });

    it('reflects writes in regionTree()', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write({ regions: fx.regions });
        const tree = await store.regionTree();
        expect(tree?.root.code).toBe('530000');
        expect(tree?.size).toBe(6);
        expect(tree?.children('530100').map((r) => r.code)).toEqual(['530102', '530103']);
        expect(tree?.isWithin('530302', '530300')).toBe(true);
        expect(tree?.isWithin('530302', '530100')).toBe(false);

        await store.write({
          regions: [
            { code: '530111', name: { zh: '官渡区' }, level: 'county', parent: '530100' },
            { code: '530111001', name: { zh: '示例街道' }, level: 'township', parent: '530111' },
          ],
        });
        const grown = await store.regionTree();
        expect(grown?.size).toBe(8);
        expect(grown?.has('530111')).toBe(true);
        expect(grown?.ancestors('530111001').map((r) => r.code)).toEqual([
          '530111',
          '530100',
          '530000',
        ]);
        expect(grown?.subtreeCodes('530100').sort()).toEqual([
          '530100',
          '530102',
          '530103',
          '530111',
          '530111001',
        ]);

        await store.write({
          regions: [{ ...fx.regions[2]!, name: { zh: '五华区', en: 'Wuhua' } }],
        });
        expect((await store.regionTree())?.get('530102')?.name).toEqual({
          zh: '五华区',
          en: 'Wuhua',
        });
      });
    });
  });
}
