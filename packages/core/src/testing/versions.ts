/**
 * @module testing/versions
 * Conformance: versions (1 on insert, unchanged on an identical rewrite, +1 on a real change) and
 * optimistic concurrency with `expectedVersion`.
 */
import { describe, expect, it } from 'vitest';
import {
  captureState,
  expectConflictError,
  expectUnchanged,
  type StoreConformanceContext,
  withStore,
} from './context.js';
import { buildStoreFixture } from './fixtures.js';

const NO_CHANGE = { inserted: 0, updated: 0, unchanged: 0 };

/** Register the version and concurrency tests. */
export function describeVersions(ctx: StoreConformanceContext): void {
  describe('versions', () => {
    it('leaves identical rewrites unchanged, version and all', async () => {
      await withStore(ctx, async (store) => {
        await store.write(buildStoreFixture().batch);
        const again = await store.write(buildStoreFixture().batch);
        expect(again).toEqual({
          regions: { inserted: 0, updated: 0, unchanged: 6 },
          employers: { inserted: 0, updated: 0, unchanged: 4 },
          institutions: { inserted: 0, updated: 0, unchanged: 1 },
          departments: { inserted: 0, updated: 0, unchanged: 0 },
          contacts: { inserted: 0, updated: 0, unchanged: 0 },
          facts: { inserted: 0, updated: 0, unchanged: 8 },
          dataValues: { inserted: 0, updated: 0, unchanged: 6 },
          submissions: { inserted: 0, updated: 0, unchanged: 0 },
          lockExceptions: { inserted: 0, updated: 0, unchanged: 0 },
          rejected: [],
        });
        const fx = buildStoreFixture();
        expect((await store.getEmployer(fx.codes.qilinMine))?.version).toBe(1);
        expect((await store.getFact('insp-d-2025'))?.version).toBe(1);
        expect((await store.getRegion('530000'))?.version).toBe(1);
        expect((await store.listDataValues()).map((v) => v.version)).toEqual([1, 1, 1, 1, 1, 1]);
      });
    });

    it('treats a row equal after defaults and canonical decimals as unchanged', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const result = await store.write({
          employers: [
            { ...fx.employers[3]!, hazardLevel: 'none', hazardFactors: [], statusHistory: [] },
          ],
          facts: [{ ...fx.facts[1]!, declarationType: 'initial' }],
          dataValues: [
            { dataElement: 'insured', region: '530102', period: '2024', value: '12.5000' },
            { dataElement: 'insured', region: '530103', period: '2024', value: '7' },
          ],
        });
        expect(result.employers).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
        expect(result.facts).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
        expect(result.dataValues).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
        expect((await store.getEmployer(fx.codes.wuhuaRestaurant))?.version).toBe(1);
      });
    });

    it('bumps the version on a real change of every kind', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const result = await store.write({
          regions: [{ ...fx.regions[2]!, name: { zh: '五华区', en: 'Wuhua' } }],
          employers: [{ ...fx.employers[0]!, employees: 2500 }],
          institutions: [{ ...fx.institutions[0]!, public: false }],
          facts: [{ ...fx.facts[1]!, declarationType: 'change' }],
          dataValues: [{ ...fx.dataValues[3]!, value: '13' }],
        });
        expect(result).toEqual({
          regions: { inserted: 0, updated: 1, unchanged: 0 },
          employers: { inserted: 0, updated: 1, unchanged: 0 },
          institutions: { inserted: 0, updated: 1, unchanged: 0 },
          departments: { inserted: 0, updated: 0, unchanged: 0 },
          contacts: { inserted: 0, updated: 0, unchanged: 0 },
          facts: { inserted: 0, updated: 1, unchanged: 0 },
          dataValues: { inserted: 0, updated: 1, unchanged: 0 },
          submissions: { inserted: 0, updated: 0, unchanged: 0 },
          lockExceptions: { inserted: 0, updated: 0, unchanged: 0 },
          rejected: [],
        });
        expect(await store.getRegion('530102')).toMatchObject({
          name: { zh: '五华区', en: 'Wuhua' },
          version: 2,
        });
        expect(await store.getEmployer(fx.codes.qilinMine)).toMatchObject({
          employees: 2500,
          version: 2,
        });
        expect(await store.getFact('decl-a-2025')).toMatchObject({
          declarationType: 'change',
          version: 2,
        });
        expect(await store.get('institutions', 'inst-km-01')).toMatchObject({
          public: false,
          version: 2,
        });
        const [value] = await store.listDataValues({
          region: '530102',
          periods: ['2024'],
          dataElements: ['insured'],
        });
        expect(value).toMatchObject({ value: '13', version: 2 });
        // Untouched rows keep version 1.
        expect((await store.getEmployer(fx.codes.wuhuaRestaurant))?.version).toBe(1);

        await store.write({ employers: [{ ...fx.employers[0]!, employees: 2600 }] });
        expect((await store.getEmployer(fx.codes.qilinMine))?.version).toBe(3);
      });
    });

    it('removes an optional field on rewrite (a write replaces the record)', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const { employees: _dropped, ...withoutEmployees } = fx.employers[0]!;
        const result = await store.write({ employers: [withoutEmployees] });
        expect(result.employers).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
        const stored = await store.getEmployer(fx.codes.qilinMine);
        expect(stored?.employees).toBeUndefined();
        expect(stored?.version).toBe(2);
      });
    });
  });

  describe('expectedVersion', () => {
    it('accepts a matching version and never stores expectedVersion', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const result = await store.write({
          employers: [{ ...fx.employers[0]!, employees: 2500, expectedVersion: 1 }],
          facts: [{ ...fx.facts[0]!, workersTrained: 130, expectedVersion: 1 }],
        });
        expect(result.employers).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
        const stored = await store.getEmployer(fx.codes.qilinMine);
        expect(stored).toMatchObject({ employees: 2500, version: 2 });
        expect(stored).not.toHaveProperty('expectedVersion');
        expect(await store.getFact('train-d-2025')).toMatchObject({
          workersTrained: 130,
          version: 2,
        });
      });
    });

    it('accepts expectedVersion 0 for a new record', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        const result = await store.write({
          regions: fx.regions.map((r) => ({ ...r, expectedVersion: 0 })),
        });
        expect(result.regions).toEqual({ inserted: 6, updated: 0, unchanged: 0 });
        expect((await store.getRegion('530302'))?.version).toBe(1);
      });
    });

    it('throws a ConflictError on a stale version and changes nothing', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        await store.write({ employers: [{ ...fx.employers[0]!, employees: 2500 }] });
        const before = await captureState(ctx, store);
        const error = await expectConflictError(
          store.write({
            employers: [
              { ...fx.employers[1]!, employees: 90 },
              { ...fx.employers[0]!, employees: 9999, expectedVersion: 1 },
            ],
            facts: [{ ...fx.facts[1]!, declarationType: 'annual' }],
          }),
        );
        expect(error.details).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
        expect(error.messageZh.length).toBeGreaterThan(0);
        await expectUnchanged(ctx, store, before);
        expect(await store.getEmployer(fx.codes.qilinMine)).toMatchObject({
          employees: 2500,
          version: 2,
        });
        expect((await store.getEmployer(fx.codes.wuhuaMachinery))?.employees).toBe(85);
      });
    });

    it('treats expectedVersion 0 on an existing record as a conflict', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const before = await captureState(ctx, store);
        const error = await expectConflictError(
          store.write({
            facts: [{ ...fx.facts[1]!, declarationType: 'annual', expectedVersion: 0 }],
          }),
        );
        expect(error.details).toMatchObject({ expectedVersion: 0, actualVersion: 1 });
        await expectUnchanged(ctx, store, before);
      });
    });

    it('treats a positive expectedVersion on a missing record as a conflict', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write({ regions: fx.regions });
        const error = await expectConflictError(
          store.write({ dataValues: [{ ...fx.dataValues[3]!, expectedVersion: 1 }] }),
        );
        expect(error.details).toMatchObject({ expectedVersion: 1, actualVersion: 0 });
        expect(await store.listDataValues()).toEqual([]);
      });
    });

    it('reports a stale version as a rejected row in valid-rows mode', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const result = await store.write(
          {
            employers: [
              { ...fx.employers[0]!, employees: 9999, expectedVersion: 3 },
              { ...fx.employers[1]!, employees: 90, expectedVersion: 1 },
            ],
          },
          { mode: 'valid-rows' },
        );
        expect(result.employers).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
        expect(result.regions).toEqual(NO_CHANGE);
        expect(result.rejected).toEqual([
          expect.objectContaining({
            path: 'employers.expectedVersion',
            rule: 'version.match',
            value: 3,
            row: 1,
          }),
        ]);
        expect((await store.getEmployer(fx.codes.qilinMine))?.employees).toBe(2400);
        expect(await store.getEmployer(fx.codes.wuhuaMachinery)).toMatchObject({
          employees: 90,
          version: 2,
        });
      });
    });

    it('rejects a malformed expectedVersion', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const result = await store.write(
          { employers: [{ ...fx.employers[0]!, expectedVersion: -1 }] },
          { mode: 'valid-rows' },
        );
        expect(result.rejected).toEqual([
          expect.objectContaining({ rule: 'version.format', value: -1, row: 1 }),
        ]);
      });
    });
  });
}
