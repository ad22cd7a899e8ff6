/**
 * @module testing/idempotency
 * Conformance of the optional idempotency capability: records kept per (principal, key), the
 * first writer wins, expiry by the store's clock, bad records refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import type { IdempotencyRecord, Store } from '../store/index.js';
import { type StoreConformanceContext, withStore } from './context.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

const record = (over: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  principal: 'km-reporter',
  key: 'upload-2025-06-15-01',
  requestHash: HASH_A,
  status: 200,
  contentType: 'application/json',
  body: '{"written":{"inserted":3},"name":"昆明市"}',
  expiresAt: '2025-06-16T04:00:00.000Z',
  ...over,
});

/** Register the idempotency part of the suite. */
export function describeIdempotency(
  ctx: StoreConformanceContext & {
    readonly makeStoreWithClock: (now: () => Date) => Promise<Store>;
  },
): void {
  describe('idempotency capability', () => {
    let at = Date.parse('2025-06-15T04:00:00.000Z');
    const clock = () => new Date(at);
    const run = <T>(fn: (store: Store) => Promise<T>) => {
      at = Date.parse('2025-06-15T04:00:00.000Z');
      return withStore({ makeStore: () => ctx.makeStoreWithClock(clock) }, fn);
    };

    it('keeps a record and reads it back by principal and key, byte for byte', async () => {
      await run(async (store) => {
        const kept = await store.idempotency!.put(record());
        expect(kept).toEqual(record());
        expect(await store.idempotency!.get('km-reporter', 'upload-2025-06-15-01')).toEqual(
          record(),
        );
        expect(await store.idempotency!.get('qj-reporter', 'upload-2025-06-15-01')).toBeUndefined();
        expect(await store.idempotency!.get('km-reporter', 'upload-2025-06-15-02')).toBeUndefined();
      });
    });

    it('the first writer wins: a second put of a live key returns the first record', async () => {
      await run(async (store) => {
        await store.idempotency!.put(record());
        const second = await store.idempotency!.put(
          record({ requestHash: HASH_B, status: 422, body: 'other' }),
        );
        expect(second).toEqual(record());
        expect((await store.idempotency!.get('km-reporter', record().key))?.requestHash).toBe(
          HASH_A,
        );
        // Another principal's same key is its own record.
        const other = await store.idempotency!.put(
          record({ principal: 'qj-reporter', requestHash: HASH_B }),
        );
        expect(other.requestHash).toBe(HASH_B);
      });
    });

    it('a record expires by the store clock and its key can be used again', async () => {
      await run(async (store) => {
        await store.idempotency!.put(record());
        at = Date.parse('2025-06-16T03:59:59.000Z');
        expect(await store.idempotency!.get('km-reporter', record().key)).toBeDefined();
        at = Date.parse('2025-06-16T04:00:00.000Z');
        expect(await store.idempotency!.get('km-reporter', record().key)).toBeUndefined();
        const again = await store.idempotency!.put(
          record({ requestHash: HASH_B, expiresAt: '2025-06-17T04:00:00.000Z' }),
        );
        expect(again.requestHash).toBe(HASH_B);
        expect((await store.idempotency!.get('km-reporter', record().key))?.requestHash).toBe(
          HASH_B,
        );
      });
    });

    it('refuses a malformed record naming the field, and keeps nothing', async () => {
      await run(async (store) => {
        const error = await store
          .idempotency!.put(record({ requestHash: 'nope', status: 42 }))
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual([
          'requestHash',
          'status',
        ]);
        expect(await store.idempotency!.get('km-reporter', record().key)).toBeUndefined();
      });
    });
  });
}
