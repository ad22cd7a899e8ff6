/**
 * @module testing/idempotency
 * Conformance of the optional idempotency capability: records kept per (principal, key), the
 * first writer wins, expiry by the store's clock, bad records refused naming the field; claims
 * taken once (also under concurrent claimants), refused while held, taken over when stale,
 * released, completed into a replayable record, independent per principal.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import type {
  HeldIdempotencyClaim,
  IdempotencyClaimRequest,
  IdempotencyRecord,
  Store,
} from '../store/index.js';
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

const ask = (over: Partial<IdempotencyClaimRequest> = {}): IdempotencyClaimRequest => ({
  principal: 'km-reporter',
  key: 'upload-2025-06-15-01',
  requestHash: HASH_A,
  claimMs: 60_000,
  ...over,
});

const response = {
  status: 200,
  contentType: 'application/json',
  body: '{"written":{"inserted":3},"name":"昆明市"}',
  expiresAt: '2025-06-16T04:00:00.000Z',
};

/** The held claim of a `claimed` answer (fails the test otherwise). */
function held(result: Awaited<ReturnType<NonNullable<Store['idempotency']>['claim']>>) {
  expect(result.outcome).toBe('claimed');
  return (result as { claim: HeldIdempotencyClaim }).claim;
}

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
    it('claims a key once: the holder gets a token, every later claimant the pending entry', async () => {
      await run(async (store) => {
        const idem = store.idempotency!;
        const mine = held(await idem.claim(ask()));
        expect(mine).toMatchObject({
          principal: 'km-reporter',
          key: 'upload-2025-06-15-01',
          requestHash: HASH_A,
          claimedAt: '2025-06-15T04:00:00.000Z',
          claimExpiresAt: '2025-06-15T04:01:00.000Z',
        });
        expect(mine.token).toMatch(/^[0-9a-f]{32}$/);
        // A retry and another request with the key both see the holder's entry, without its token.
        for (const requestHash of [HASH_A, HASH_B]) {
          const again = await idem.claim(ask({ requestHash }));
          expect(again).toEqual({
            outcome: 'pending',
            claim: {
              principal: 'km-reporter',
              key: 'upload-2025-06-15-01',
              requestHash: HASH_A,
              claimedAt: '2025-06-15T04:00:00.000Z',
              claimExpiresAt: '2025-06-15T04:01:00.000Z',
            },
          });
        }
        // A claim is not a kept response.
        expect(await idem.get('km-reporter', 'upload-2025-06-15-01')).toBeUndefined();
      });
    });

    it('of many concurrent claimants of one key exactly one holds it', async () => {
      await run(async (store) => {
        const results = await Promise.all(
          Array.from({ length: 24 }, () => store.idempotency!.claim(ask())),
        );
        expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
        expect(results.filter((r) => r.outcome === 'pending')).toHaveLength(23);
      });
    });

    it('keys of different principals are independent', async () => {
      await run(async (store) => {
        const idem = store.idempotency!;
        const km = held(await idem.claim(ask()));
        const qj = held(await idem.claim(ask({ principal: 'qj-reporter', requestHash: HASH_B })));
        expect(qj.token).not.toBe(km.token);
        await idem.complete(qj, { ...response, body: 'qujing' });
        expect((await idem.claim(ask({ principal: 'qj-reporter' }))).outcome).toBe('done');
        expect((await idem.claim(ask())).outcome).toBe('pending');
        expect(await idem.release(km)).toBe(true);
        expect((await idem.get('qj-reporter', 'upload-2025-06-15-01'))?.body).toBe('qujing');
      });
    });

    it('a stale claim is taken over after its expiry by the store clock, not a moment before', async () => {
      await run(async (store) => {
        const idem = store.idempotency!;
        const dead = held(await idem.claim(ask()));
        at = Date.parse('2025-06-15T04:00:59.999Z');
        expect((await idem.claim(ask())).outcome).toBe('pending');
        at = Date.parse('2025-06-15T04:01:00.000Z');
        const heir = held(await idem.claim(ask({ requestHash: HASH_B, claimMs: 1_000 })));
        expect(heir.token).not.toBe(dead.token);
        expect(heir).toMatchObject({
          requestHash: HASH_B,
          claimedAt: '2025-06-15T04:01:00.000Z',
          claimExpiresAt: '2025-06-15T04:01:01.000Z',
        });
        // The dead holder can no longer release the heir's claim.
        expect(await idem.release(dead)).toBe(false);
        const third = await idem.claim(ask());
        expect(third.outcome).toBe('pending');
        expect(third.outcome === 'pending' && third.claim.requestHash).toBe(HASH_B);
      });
    });

    it('a released claim lets the next request run; releasing twice is false', async () => {
      await run(async (store) => {
        const idem = store.idempotency!;
        const first = held(await idem.claim(ask()));
        expect(await idem.release(first)).toBe(true);
        expect(await idem.release(first)).toBe(false);
        const second = held(await idem.claim(ask({ requestHash: HASH_B })));
        expect(second.requestHash).toBe(HASH_B);
        expect(await idem.get('km-reporter', 'upload-2025-06-15-01')).toBeUndefined();
      });
    });

    it('completion replaces the claim by the response, replayed until it expires', async () => {
      await run(async (store) => {
        const idem = store.idempotency!;
        const mine = held(await idem.claim(ask()));
        const kept = await idem.complete(mine, response);
        expect(kept).toEqual(record());
        expect(await idem.get('km-reporter', 'upload-2025-06-15-01')).toEqual(record());
        expect(await idem.claim(ask())).toEqual({ outcome: 'done', record: record() });
        // Another request with the key reads the record too; its hash tells the caller it differs.
        expect(await idem.claim(ask({ requestHash: HASH_B }))).toEqual({
          outcome: 'done',
          record: record(),
        });
        // The claim is gone: releasing it now is false, and the record stays.
        expect(await idem.release(mine)).toBe(false);
        at = Date.parse('2025-06-16T04:00:00.000Z');
        const next = held(await idem.claim(ask({ requestHash: HASH_B })));
        expect(next.claimedAt).toBe('2025-06-16T04:00:00.000Z');
      });
    });

    it('a holder whose claim was taken over and who completes first keeps its record; the heir gets it back', async () => {
      await run(async (store) => {
        const idem = store.idempotency!;
        const slow = held(await idem.claim(ask()));
        at = Date.parse('2025-06-15T04:01:00.000Z');
        const heir = held(await idem.claim(ask()));
        const kept = await idem.complete(slow, response);
        expect(kept).toEqual(record());
        const heirs = await idem.complete(heir, { ...response, status: 201, body: 'second' });
        expect(heirs).toEqual(record());
        expect(await idem.claim(ask())).toEqual({ outcome: 'done', record: record() });
      });
    });

    it('refuses a malformed claim, completion or release naming the field, and keeps nothing', async () => {
      await run(async (store) => {
        const idem = store.idempotency!;
        const refused = async (p: Promise<unknown>) => {
          const error = await p.then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(ValidationError);
          return (error as ValidationError).issues.map((i) => i.path).sort();
        };
        expect(await refused(idem.claim(ask({ requestHash: 'nope', claimMs: 0 })))).toEqual([
          'claimMs',
          'requestHash',
        ]);
        expect(await refused(idem.claim(ask({ key: '', claimMs: 1.5 })))).toEqual([
          'claimMs',
          'key',
        ]);
        const mine = held(await idem.claim(ask()));
        expect(await refused(idem.release({ ...mine, token: 'x' }))).toEqual(['token']);
        expect(await refused(idem.complete(mine, { ...response, status: 42 }))).toEqual(['status']);
        // Nothing kept, the claim still held.
        expect(await idem.get('km-reporter', 'upload-2025-06-15-01')).toBeUndefined();
        expect((await idem.claim(ask())).outcome).toBe('pending');
      });
    });
  });
}
