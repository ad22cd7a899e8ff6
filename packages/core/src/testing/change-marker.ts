/**
 * @module testing/change-marker
 * Conformance of the optional `changeMarker()` capability: the marker moves with every write that
 * changes a record (of any kind), and stays put for reads, writes that change nothing and
 * rejected writes — so a cache keyed on it can never serve data older than the store's.
 */
import { describe, expect, it } from 'vitest';
import { rejectionOf, type StoreConformanceContext, withStore } from './context.js';
import { buildStoreFixture, partiesBatch } from './fixtures.js';

/** Register the change-marker tests. */
export function describeChangeMarker(ctx: StoreConformanceContext): void {
  describe('changeMarker()', () => {
    it('moves with every change, and only with a change', async () => {
      await withStore(ctx, async (store) => {
        const marker = () => store.changeMarker!();
        const empty = await marker();
        expect(empty).toBe('0');
        const f = buildStoreFixture();
        await store.write(f.batch);
        const written = await marker();
        expect(written).not.toBe(empty);
        // Reads and a write of the same rows again (no change, no audit entry) keep it.
        await store.listFacts();
        await store.write({ regions: f.regions.slice(0, 2) });
        expect(await marker()).toBe(written);
        // A rejected batch writes nothing: the marker stays.
        await rejectionOf(
          store.write({
            regions: [
              { code: '539999', name: { zh: '无上级' }, level: 'county', parent: '530099' },
            ],
          }),
        );
        expect(await marker()).toBe(written);
        // One changed fact moves it; so does a write of another kind.
        await store.write({ facts: [{ ...f.facts[0]!, date: '2025-01-02' }] });
        const changed = await marker();
        expect(changed).not.toBe(written);
        await store.write(partiesBatch());
        expect(await marker()).not.toBe(changed);
        // The marker is the last audit entry's seq (every change is audited).
        let last = 0;
        let after: string | undefined;
        do {
          const page = await store.listAudit({
            limit: 500,
            ...(after === undefined ? {} : { after }),
          });
          last = page.items.at(-1)?.seq ?? last;
          after = page.next;
        } while (after !== undefined);
        expect(await marker()).toBe(String(last));
      });
    });
  });
}
