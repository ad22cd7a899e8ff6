/**
 * @module testing/bulk
 * Conformance of the optional `bulk()` capability: a session's batches commit together or not at
 * all, rows written earlier in the session count as stored, stale versions are the same
 * ConflictError as `write`, and `claimKeys` remembers the first tag of every key.
 */
import { describe, expect, it } from 'vitest';
import { type StoreConformanceContext, snapshotStore, withStore } from './context.js';
import { buildStoreFixture } from './fixtures.js';

/** Register the bulk-session tests (for stores that claim `supportsBulk`). */
export function describeBulk(ctx: StoreConformanceContext): void {
  describe('bulk()', () => {
    it('commits every batch of a session at once', async () => {
      await withStore(ctx, async (store) => {
        const f = buildStoreFixture();
        const session = await store.bulk!();
        await session.write({ regions: f.regions });
        const second = await session.write({ employers: f.employers });
        expect(second.employers.inserted).toBe(f.employers.length);
        await session.commit();
        expect(await store.listEmployers()).toHaveLength(f.employers.length);
        expect((await store.getEmployer(f.codes.qilinMine))?.version).toBe(1);
      });
    });

    it('leaves the store as it was after a rollback', async () => {
      await withStore(ctx, async (store) => {
        const f = buildStoreFixture();
        await store.write({ regions: f.regions });
        const before = await snapshotStore(store);
        const session = await store.bulk!();
        await session.write({
          employers: f.employers,
          institutions: f.institutions,
          facts: f.facts,
        });
        await session.rollback();
        await session.rollback(); // a no-op once ended
        expect(await snapshotStore(store)).toEqual(before);
      });
    });

    it('counts rows written earlier in the session as stored', async () => {
      await withStore(ctx, async (store) => {
        const f = buildStoreFixture();
        const session = await store.bulk!();
        await session.write({ regions: f.regions, employers: f.employers });
        const again = await session.write({ employers: f.employers });
        expect(again.employers).toEqual({
          inserted: 0,
          updated: 0,
          unchanged: f.employers.length,
        });
        await session.commit();
      });
    });

    it('raises the same ConflictError as write() for a stale expectedVersion', async () => {
      await withStore(ctx, async (store) => {
        const f = buildStoreFixture();
        await store.write({ regions: f.regions, employers: f.employers });
        const stale = { employers: [{ ...f.employers[0]!, expectedVersion: 7 }] };
        const direct = await store.write(stale).then(
          () => undefined,
          (e: unknown) => e,
        );
        const session = await store.bulk!();
        const inSession = await session.write(stale).then(
          () => undefined,
          (e: unknown) => e,
        );
        await session.rollback();
        expect((direct as { code?: string }).code).toBe('CONFLICT');
        expect((inSession as { code?: string }).code).toBe('CONFLICT');
        expect((inSession as { details: unknown }).details).toEqual(
          (direct as { details: unknown }).details,
        );
      });
    });

    it('claimKeys returns the first tag of every key seen before, within and across calls', async () => {
      await withStore(ctx, async (store) => {
        const session = await store.bulk!();
        const first = await session.claimKeys('employers', [
          { key: 'a', tag: 1 },
          { key: 'b', tag: 2 },
          { key: 'a', tag: 3 },
        ]);
        expect(first.get('a')).toBe(1);
        expect(first.has('b')).toBe(false);
        const second = await session.claimKeys('employers', [
          { key: 'b', tag: 9 },
          { key: 'c', tag: 10 },
        ]);
        expect(second.get('b')).toBe(2);
        expect(second.has('c')).toBe(false);
        // Keys are per kind.
        expect((await session.claimKeys('facts', [{ key: 'a', tag: 4 }])).size).toBe(0);
        await session.rollback();
        // A new session starts with no keys.
        const next = await store.bulk!();
        expect((await next.claimKeys('employers', [{ key: 'a', tag: 5 }])).size).toBe(0);
        await next.rollback();
      });
    });
  });
}
