/**
 * @module testing/batches
 * Conformance: atomic batches, every issue reported with path, value, rule and row, referential
 * integrity, region-tree rules, and `valid-rows` mode.
 */
import { describe, expect, it } from 'vitest';
import type { EmployerInput } from '../employer/index.js';
import type { Store } from '../store/index.js';
import {
  captureState,
  expectUnchanged,
  expectValidationError,
  issueLike,
  rawCounts,
  type StoreConformanceContext,
  withStore,
} from './context.js';
import { buildStoreFixture, makeCreditCode, withWrongCheckCharacter } from './fixtures.js';

function employer(seed: number, region = '530102'): EmployerInput {
  return {
    creditCode: makeCreditCode(seed, region),
    name: `示例单位 ${seed}`,
    region,
    size: 'small',
  };
}

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

/** Register the batch tests. */
export function describeBatches(ctx: StoreConformanceContext): void {
  describe('atomic batches', () => {
    it('writes nothing when one row of many is bad, and names that row', async () => {
      await seeded(ctx, async (store, fx) => {
        const before = await captureState(ctx, store);
        const employers = Array.from({ length: 25 }, (_, i) => employer(1000 + i));
        const bad = withWrongCheckCharacter(employers[16]!.creditCode);
        employers[16] = { ...employers[16]!, creditCode: bad };
        const issues = await expectValidationError(
          store.write({
            regions: [
              { code: '530111', name: { zh: '官渡区' }, level: 'county', parent: '530100' },
            ],
            employers: [...employers, { ...fx.employers[0]!, employees: 1 }],
            facts: [{ ...fx.facts[0]!, workersTrained: 1 }],
            dataValues: [{ ...fx.dataValues[0]!, value: '1' }],
          }),
        );
        expect(issues).toEqual([
          issueLike({
            path: 'employers.creditCode',
            value: bad,
            rule: 'credit-code.check-digit',
            row: 17,
          }),
        ]);
        await expectUnchanged(ctx, store, before);
        expect(await store.getRegion('530111')).toBeUndefined();
        expect((await store.getEmployer(fx.codes.qilinMine))?.employees).toBe(2400);
      });
    });

    it('writes nothing into an empty store when a late row fails', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        const issues = await expectValidationError(
          store.write({
            ...fx.batch,
            dataValues: [...fx.dataValues, { ...fx.dataValues[0]!, region: '539999' }],
          }),
        );
        expect(issues).toEqual([
          issueLike({ path: 'dataValues.region', value: '539999', rule: 'region.exists', row: 7 }),
        ]);
        expect(await store.regionTree()).toBeUndefined();
        expect(await store.listEmployers()).toEqual([]);
        expect(await store.listFacts()).toEqual([]);
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

    it('reports every bad row of every kind, not only the first', async () => {
      await seeded(ctx, async (store, fx) => {
        const before = await captureState(ctx, store);
        const issues = await expectValidationError(
          store.write({
            employers: [
              employer(1),
              { ...employer(2), creditCode: 'ABC' },
              employer(3),
              { ...employer(4), size: 'huge' },
            ],
            facts: [
              { ...fx.facts[2]!, id: 'new-1', postsCompliant: 13 },
              { ...fx.facts[1]!, id: 'new-2', date: '2025-02-30' },
            ],
            dataValues: [{ ...fx.dataValues[0]!, period: '2025Q5' }],
          }),
        );
        expect(issues).toHaveLength(5);
        expect(issues).toEqual(
          expect.arrayContaining([
            issueLike({
              path: 'employers.creditCode',
              value: 'ABC',
              rule: 'credit-code.length',
              row: 2,
            }),
            issueLike({ path: 'employers.size', value: 'huge', row: 4 }),
            issueLike({
              path: 'facts.postsCompliant',
              value: 13,
              rule: 'count.part-of-whole',
              row: 1,
            }),
            issueLike({ path: 'facts.date', value: '2025-02-30', rule: 'date.format', row: 2 }),
            issueLike({
              path: 'dataValues.period',
              value: '2025Q5',
              rule: 'period.format',
              row: 1,
            }),
          ]),
        );
        for (const issue of issues) {
          expect(issue.message.length).toBeGreaterThan(0);
          expect(issue.messageZh.length).toBeGreaterThan(0);
        }
        await expectUnchanged(ctx, store, before);
      });
    });
  });

  describe('referential integrity', () => {
    it('rejects an employer in an unknown region', async () => {
      await seeded(ctx, async (store) => {
        const issues = await expectValidationError(
          store.write({ employers: [employer(1), employer(2, '539999')] }),
        );
        expect(issues).toEqual([
          issueLike({ path: 'employers.region', value: '539999', rule: 'region.exists', row: 2 }),
        ]);
        expect(await store.listEmployers()).toHaveLength(4);
      });
    });

    it('rejects facts and data values in an unknown region', async () => {
      await seeded(ctx, async (store, fx) => {
        const issues = await expectValidationError(
          store.write({
            facts: [{ ...fx.facts[5]!, id: 'c-2', region: '539999' }],
            dataValues: [{ ...fx.dataValues[0]!, region: '539998' }],
          }),
        );
        expect(issues).toEqual([
          issueLike({ path: 'facts.region', value: '539999', rule: 'region.exists', row: 1 }),
          issueLike({ path: 'dataValues.region', value: '539998', rule: 'region.exists', row: 1 }),
        ]);
      });
    });

    it('rejects a fact about an unknown employer', async () => {
      await seeded(ctx, async (store, fx) => {
        const stranger = makeCreditCode(77_777, '530102');
        const before = await captureState(ctx, store);
        const issues = await expectValidationError(
          store.write({
            facts: [
              { ...fx.facts[1]!, id: 'decl-ok' },
              { ...fx.facts[1]!, id: 'decl-stranger', employer: stranger },
            ],
          }),
        );
        expect(issues).toEqual([
          issueLike({ path: 'facts.employer', value: stranger, rule: 'employer.exists', row: 2 }),
        ]);
        await expectUnchanged(ctx, store, before);
      });
    });

    it('accepts a fact about an employer written in the same batch', async () => {
      await seeded(ctx, async (store, fx) => {
        const fresh = employer(4242, '530103');
        const result = await store.write({
          employers: [fresh],
          facts: [
            { ...fx.facts[1]!, id: 'decl-fresh', employer: fresh.creditCode, region: '530103' },
          ],
        });
        expect(result.employers.inserted).toBe(1);
        expect(result.facts.inserted).toBe(1);
        expect((await store.listFacts({ employer: fresh.creditCode })).map((f) => f.id)).toEqual([
          'decl-fresh',
        ]);
      });
    });

    it('accepts rows in regions written in the same batch', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        const result = await store.write({
          regions: [...fx.regions].reverse(),
          employers: [employer(5, '530302')],
          dataValues: [{ dataElement: 'x', region: '530302', period: '2025', value: 1 }],
        });
        expect(result.regions.inserted).toBe(6);
        expect(await store.listEmployers({ region: '530300' })).toHaveLength(1);
      });
    });
  });

  describe('region tree through the store', () => {
    it('rejects a second root', async () => {
      await seeded(ctx, async (store) => {
        const before = await captureState(ctx, store);
        const issues = await expectValidationError(
          store.write({
            regions: [
              { code: '530400', name: { zh: '玉溪市' }, level: 'prefecture', parent: '530000' },
              { code: '520000', name: { zh: '贵州省' }, level: 'province', parent: null },
            ],
          }),
        );
        expect(issues).toEqual([
          issueLike({ path: 'regions.parent', rule: 'region.single-root', row: 2 }),
        ]);
        await expectUnchanged(ctx, store, before);
      });
    });

    it('rejects an unknown parent and a level out of order', async () => {
      await seeded(ctx, async (store) => {
        const issues = await expectValidationError(
          store.write({
            regions: [
              { code: '530999', name: { zh: '无上级' }, level: 'county', parent: '539900' },
              { code: '530102001', name: { zh: '街道' }, level: 'township', parent: '530102' },
              { code: '530102X', name: { zh: '错级' }, level: 'prefecture', parent: '530102' },
            ],
          }),
        );
        expect(issues).toHaveLength(2);
        expect(issues).toEqual(
          expect.arrayContaining([
            issueLike({
              path: 'regions.parent',
              value: '539900',
              rule: 'region.unknown-parent',
              row: 1,
            }),
            issueLike({
              path: 'regions.level',
              value: 'prefecture',
              rule: 'region.level-order',
              row: 3,
            }),
          ]),
        );
        expect(await store.getRegion('530102001')).toBeUndefined();
        expect((await store.regionTree())?.size).toBe(6);
      });
    });

    it('rejects a level change that breaks a stored child', async () => {
      await seeded(ctx, async (store, fx) => {
        const before = await captureState(ctx, store);
        // Kunming becomes a county: its stored counties would sit under a county.
        const issues = await expectValidationError(
          store.write({ regions: [{ ...fx.regions[1]!, level: 'county' }] }),
        );
        // Regression: the planner blamed no batch row here and (valid-rows) wrote a broken tree.
        expect(issues).toEqual([
          issueLike({ path: 'regions.level', value: 'county', rule: 'region.level-order', row: 1 }),
        ]);
        await expectUnchanged(ctx, store, before);
        const result = await store.write(
          { regions: [{ ...fx.regions[1]!, level: 'county' }] },
          { mode: 'valid-rows' },
        );
        expect(result.regions).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
        expect(result.rejected).toContainEqual(issueLike({ rule: 'region.level-order', row: 1 }));
        await expectUnchanged(ctx, store, before);
      });
    });

    it('rejects a duplicate code inside one batch', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        const issues = await expectValidationError(
          store.write({ regions: [...fx.regions, { ...fx.regions[3]!, name: { zh: '重复' } }] }),
        );
        expect(issues).toEqual([
          issueLike({ path: 'regions.code', value: '530103', rule: 'batch.duplicate-key', row: 7 }),
        ]);
        expect(await store.regionTree()).toBeUndefined();
      });
    });

    it('rejects duplicate keys of other kinds inside one batch', async () => {
      await seeded(ctx, async (store, fx) => {
        const issues = await expectValidationError(
          store.write({
            employers: [employer(8), employer(9), employer(8)],
            facts: [fx.facts[0]!, fx.facts[0]!],
            dataValues: [fx.dataValues[0]!, { ...fx.dataValues[0]!, value: '2' }],
          }),
        );
        expect(issues).toEqual(
          expect.arrayContaining([
            issueLike({ path: 'employers.creditCode', rule: 'batch.duplicate-key', row: 3 }),
            issueLike({
              path: 'facts.id',
              value: 'train-d-2025',
              rule: 'batch.duplicate-key',
              row: 2,
            }),
            issueLike({ rule: 'batch.duplicate-key', row: 2 }),
          ]),
        );
        expect(issues).toHaveLength(3);
      });
    });
  });

  describe('valid-rows mode', () => {
    it('commits the valid rows and reports every rejected row', async () => {
      await seeded(ctx, async (store, fx) => {
        const good1 = employer(11);
        const orphan = employer(12, '539999');
        const badCode = withWrongCheckCharacter(employer(13).creditCode);
        const good2 = employer(14, '530302');
        const result = await store.write(
          {
            employers: [good1, orphan, { ...employer(13), creditCode: badCode }, good2],
            facts: [
              { ...fx.facts[1]!, id: 'f-good1', employer: good1.creditCode },
              { ...fx.facts[1]!, id: 'f-orphan', employer: orphan.creditCode },
              { ...fx.facts[2]!, id: 'f-bad-count', postsTested: -1 },
              { ...fx.facts[1]!, id: 'f-good2', employer: good2.creditCode, region: '530302' },
            ],
            dataValues: [fx.dataValues[0]!, { ...fx.dataValues[1]!, value: 'abc' }],
          },
          { mode: 'valid-rows' },
        );
        expect(result.employers).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
        expect(result.facts).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
        expect(result.dataValues).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
        expect(result.rejected).toHaveLength(5);
        expect(result.rejected).toEqual(
          expect.arrayContaining([
            issueLike({ path: 'employers.region', value: '539999', rule: 'region.exists', row: 2 }),
            issueLike({
              path: 'employers.creditCode',
              value: badCode,
              rule: 'credit-code.check-digit',
              row: 3,
            }),
            issueLike({
              path: 'facts.employer',
              value: orphan.creditCode,
              rule: 'employer.exists',
              row: 2,
            }),
            issueLike({ path: 'facts.postsTested', value: -1, rule: 'count.non-negative', row: 3 }),
            issueLike({ path: 'dataValues.value', value: 'abc', rule: 'value.decimal', row: 2 }),
          ]),
        );
        expect(await store.getEmployer(good1.creditCode)).toMatchObject({ version: 1 });
        expect(await store.getEmployer(good2.creditCode)).toMatchObject({ version: 1 });
        expect(await store.getEmployer(orphan.creditCode)).toBeUndefined();
        expect(await store.getFact('f-orphan')).toBeUndefined();
        expect(await store.getFact('f-bad-count')).toBeUndefined();
        expect((await store.listFacts({ kinds: ['declaration'] })).map((f) => f.id)).toEqual([
          'decl-a-2025',
          'f-good1',
          'f-good2',
        ]);
        if (ctx.raw) {
          expect(await rawCounts(ctx, store)).toEqual({
            regions: 6,
            employers: 6,
            institutions: 1,
            departments: 0,
            contacts: 0,
            facts: 10,
            dataValues: 6,
            submissions: 0,
            lockExceptions: 0,
          });
        }
      });
    });

    it('rejects rows under a rejected region', async () => {
      await seeded(ctx, async (store) => {
        const inOrphan = employer(21, '530999');
        const result = await store.write(
          {
            regions: [
              { code: '530111', name: { zh: '官渡区' }, level: 'county', parent: '530100' },
              { code: '530999', name: { zh: '无上级' }, level: 'county', parent: '539900' },
              { code: '530999001', name: { zh: '孤儿街道' }, level: 'township', parent: '530999' },
            ],
            employers: [employer(20, '530111'), inOrphan],
          },
          { mode: 'valid-rows' },
        );
        expect(result.regions).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
        expect(result.employers).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
        expect(result.rejected).toEqual(
          expect.arrayContaining([
            issueLike({ path: 'regions.parent', rule: 'region.unknown-parent', row: 2 }),
            issueLike({ path: 'regions.parent', rule: 'region.unknown-parent', row: 3 }),
            issueLike({ path: 'employers.region', value: '530999', rule: 'region.exists', row: 2 }),
          ]),
        );
        expect(result.rejected).toHaveLength(3);
        const tree = await store.regionTree();
        expect(tree?.has('530111')).toBe(true);
        expect(tree?.has('530999')).toBe(false);
        expect(tree?.has('530999001')).toBe(false);
      });
    });

    it('writes nothing and reports everything when every row is bad', async () => {
      await seeded(ctx, async (store, fx) => {
        const before = await captureState(ctx, store);
        const result = await store.write(
          {
            employers: [{ ...employer(1), creditCode: 'x' }],
            facts: [{ ...fx.facts[0]!, date: 'soon' }],
          },
          { mode: 'valid-rows' },
        );
        expect(result.employers).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
        expect(result.rejected).toHaveLength(2);
        await expectUnchanged(ctx, store, before);
      });
    });

    it('reports no rejection for a clean batch in either mode', async () => {
      await withStore(ctx, async (store) => {
        const result = await store.write(buildStoreFixture().batch, { mode: 'valid-rows' });
        expect(result.rejected).toEqual([]);
        const again = await store.write(buildStoreFixture().batch, { mode: 'all-or-nothing' });
        expect(again.rejected).toEqual([]);
        expect(again.employers.unchanged).toBe(4);
      });
    });
  });
}
