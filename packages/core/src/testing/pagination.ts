/**
 * @module testing/pagination
 * Conformance of cursor pagination: `{ after, limit } → { items, next }` in the list order, no row
 * skipped or repeated while rows are inserted between pages, subtree filters, employer search, and
 * typed errors for bad cursors, limits and columns.
 */
import { describe, expect, it } from 'vitest';
import type { Employer } from '../employer/index.js';
import type { BatchKind } from '../store/kinds.js';
import type { Store, Stored } from '../store/port.js';
import { pageAll } from '../store/workflow.js';
import {
  expectValidationError,
  issueLike,
  type StoreConformanceContext,
  withStore,
} from './context.js';
import { buildStoreFixture, makeCreditCode } from './fixtures.js';

const employer = (seed: number, region: string, name: string): Record<string, unknown> => ({
  creditCode: makeCreditCode(seed, region),
  name,
  region,
  size: 'small',
});

/** Register the pagination tests. */
export function describePagination(ctx: StoreConformanceContext): void {
  describe('pagination', () => {
    it('pages every kind in its list order, at any page size', async () => {
      await withStore(ctx, async (store) => {
        await store.write(buildStoreFixture().batch);
        const employers = await store.listEmployers();
        const facts = await store.listFacts();
        const values = await store.listDataValues();
        for (const limit of [1, 2, 3, 100]) {
          const walk = async (kind: BatchKind) => {
            const out: unknown[] = [];
            let after: string | undefined;
            do {
              const page = await store.page(kind, {
                limit,
                ...(after === undefined ? {} : { after }),
              });
              expect(page.items.length).toBeLessThanOrEqual(limit);
              out.push(...page.items);
              after = page.next;
            } while (after !== undefined);
            return out;
          };
          expect(await walk('employers')).toEqual(employers);
          expect(await walk('facts')).toEqual(facts);
          expect(await walk('dataValues')).toEqual(values);
        }
        expect(await pageAll(store, 'employers', { region: '530100' })).toEqual(
          await store.listEmployers({ region: '530100' }),
        );
        expect(await pageAll(store, 'facts', { where: { kind: 'declaration' } })).toEqual(
          await store.listFacts({ kinds: ['declaration'] }),
        );
      });
    });

    it('skips and repeats no row while rows are inserted between pages', async () => {
      await withStore(ctx, async (store) => {
        await store.write(buildStoreFixture().batch);
        const seen: string[] = [];
        let after: string | undefined;
        let seed = 5000;
        const original = (await store.listEmployers()).map((e) => e.creditCode);
        do {
          const page = await store.page('employers', {
            limit: 2,
            ...(after === undefined ? {} : { after }),
          });
          seen.push(...page.items.map((e) => e.creditCode));
          after = page.next;
          // Insert rows on both sides of the cursor before reading on.
          await store.write({
            employers: [employer(seed++, '530102', '前插'), employer(seed++, '530302', '后插')],
          });
        } while (after !== undefined);
        expect(new Set(seen).size).toBe(seen.length);
        for (const code of original) expect(seen).toContain(code);
        expect([...seen].sort()).toEqual(seen); // still in key order
      });
    });

    it('searches employers by name, credit-code prefix, industry and hazard level', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const all = await store.listEmployers();
        const codes = (xs: Stored<Employer>[]) => xs.map((e) => e.creditCode);
        const search = async (q: Parameters<Store['searchEmployers']>[0]) =>
          codes((await store.searchEmployers(q)).items);
        expect(await search({ name: '昆明' })).toEqual(
          codes(all.filter((e) => e.name.includes('昆明'))),
        );
        expect(await search({ name: '示例', hazardLevel: 'severe' })).toEqual(
          codes(all.filter((e) => e.hazardLevel === 'severe')),
        );
        expect(await search({ industry: 'C' })).toEqual(
          codes(all.filter((e) => e.industry?.startsWith('C'))),
        );
        expect(await search({ industry: 'B0610' })).toEqual([fx.codes.qilinMine]);
        const prefix = fx.codes.wuhuaMachinery.slice(0, 8);
        expect(await search({ creditCodePrefix: prefix })).toEqual(
          codes(all.filter((e) => e.creditCode.startsWith(prefix))),
        );
        expect(await search({ region: '530300' })).toEqual([fx.codes.qilinMine]);
        expect(await search({ name: '%' })).toEqual([]);
        expect(await search({ name: '_' })).toEqual([]);
        const first = await store.searchEmployers({ name: '示例', limit: 1 });
        expect(first.items).toHaveLength(1);
        const second = await store.searchEmployers({ name: '示例', limit: 10, after: first.next! });
        expect([...codes(first.items), ...codes(second.items)]).toEqual(
          codes(all.filter((e) => e.name.includes('示例'))),
        );
      });
    });

    it('refuses a foreign cursor, a bad limit and an unknown column with typed errors', async () => {
      await withStore(ctx, async (store) => {
        await store.write(buildStoreFixture().batch);
        const page = await store.page('facts', { limit: 1 });
        expect(await expectValidationError(store.page('employers', { after: page.next! }))).toEqual(
          [issueLike({ path: 'after', rule: 'page.cursor' })],
        );
        expect(
          await expectValidationError(store.page('employers', { after: 'not a cursor!' })),
        ).toEqual([issueLike({ rule: 'page.cursor' })]);
        for (const limit of [0, -1, 1.5, 10_001]) {
          expect(await expectValidationError(store.page('employers', { limit }))).toEqual([
            issueLike({ path: 'limit', rule: 'page.limit' }),
          ]);
        }
        expect(
          await expectValidationError(
            store.page('employers', { where: { 'name; DROP TABLE x': 'a' } }),
          ),
        ).toEqual([issueLike({ rule: 'page.where-column' })]);
        expect(await expectValidationError(store.page('nope' as BatchKind))).toEqual([
          issueLike({ rule: 'batch.unknown-kind' }),
        ]);
      });
    });
  });
}
