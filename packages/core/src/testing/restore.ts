/**
 * @module testing/restore
 * Conformance of the restore capability (`Store.restore`, used by `copyStore`): a store filled
 * through the port (a version-2 row, an approved report whose data is locked, a lock exception)
 * is copied into the store under test; every record of every kind and every audit entry comes
 * out as it went in, the chains verify, and the copy keeps writing onto the same chains.
 */
import { describe, expect, it } from 'vitest';
import type { LockException } from '../calendar/submission.js';
import type { Contact } from '../parties/index.js';
import { type AuditEntry, personalAuditValue, verifyAuditChain } from '../store/audit.js';
import { copyStore } from '../store/copy.js';
import { BATCH_KINDS, type BatchKind, MemoryStore, type Store } from '../store/index.js';
import type { StoreConformanceContext } from './context.js';
import { rejectionOf } from './context.js';
import { buildStoreFixture, partiesBatch } from './fixtures.js';
import { reportRecord, TestClock } from './workflow.js';

const ADMIN = { id: 'admin-1', role: 'admin', region: '530000' } as const;

/** Every record of `kind`, page by page, in list order. */
async function all(store: Store, kind: BatchKind): Promise<unknown[]> {
  const out: unknown[] = [];
  let after: string | undefined;
  do {
    const page = await store.page(kind, after === undefined ? { limit: 3 } : { after, limit: 3 });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

async function trail(store: Store): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let after: string | undefined;
  do {
    const page = await store.listAudit(after === undefined ? {} : { after });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

/** A source store holding every kind, a version-2 employer and locked data of an approved report. */
async function filledSource(clock: TestClock): Promise<MemoryStore> {
  const f = buildStoreFixture();
  const source = new MemoryStore({ now: clock.now });
  await source.write(f.batch);
  // The shared fixture holds no departments or contacts; every registry kind must be present.
  await source.write(partiesBatch());
  await source.write({ employers: [{ ...f.employers[0]!, employees: 321 }] });
  await source.write({
    dataValues: [{ dataElement: 'insured', region: '530102', period: '2025Q1', value: '7' }],
  });
  clock.set('2025-03-21T02:00:00Z');
  await source.write({ submissions: [reportRecord('530102', ['submit', 'approve'])] });
  const exception: LockException = {
    obligationId: 'x.quarterly',
    region: '530102',
    period: '2025Q1',
    grantedBy: 'admin-1',
    until: '2025-03-25',
    reason: '更正录入错误',
  };
  await source.write({ lockExceptions: [exception] }, { actor: ADMIN });
  return source;
}

/** Register the restore tests. */
export function describeRestore(
  ctx: StoreConformanceContext & {
    readonly makeStoreWithClock: (now: () => Date) => Promise<Store>;
  },
): void {
  describe('restore (copyStore into this store)', () => {
    it('copies every kind and the audit trail verbatim; the chains verify and keep growing', async () => {
      const clock = new TestClock('2025-03-20T02:00:00Z');
      const source = await filledSource(clock);
      const target = await ctx.makeStoreWithClock(clock.now);
      try {
        const seen: string[] = [];
        const result = await copyStore({
          from: source,
          to: target,
          pageSize: 2,
          onProgress: (p) => seen.push(p.kind),
        });
        for (const kind of BATCH_KINDS) {
          const expected = await all(source, kind);
          expect(expected.length).toBeGreaterThan(0);
          expect(await all(target, kind)).toEqual(expected);
          expect(result.counts[kind]).toBe(expected.length);
        }
        const entries = await trail(source);
        expect(await trail(target)).toEqual(entries);
        expect(result.counts.audit).toBe(entries.length);
        expect(result.audit).toMatchObject({ ok: true, entries: entries.length });
        expect(seen.at(-1)).toBe('audit');
        expect(new Set(seen)).toEqual(new Set([...BATCH_KINDS, 'audit']));
        // The copied approval still locks its data in the target.
        clock.set('2025-03-26T02:00:00Z');
        expect(
          await rejectionOf(
            target.write({
              dataValues: [
                { dataElement: 'insured', region: '530102', period: '2025Q1', value: '8' },
              ],
            }),
          ),
        ).toMatchObject({ code: 'PERIOD_LOCKED' });
        // A write after the copy continues the same chain and versions.
        const { version, ...employer } = (await source.page('employers')).items[0]!;
        await target.write({
          employers: [{ ...employer, employees: 999, expectedVersion: version }],
        });
        expect((await target.get('employers', employer.creditCode))?.version).toBe(version + 1);
        const after = await trail(target);
        const last = after.at(-1)!;
        const previous = entries.filter((e) => e.chain === last.chain).at(-1)!;
        expect(last.seq).toBe(entries.length + 1);
        expect(last.chainSeq).toBe(previous.chainSeq + 1);
        expect(last.prevHash).toBe(previous.hash);
        expect(await verifyAuditChain(target)).toMatchObject({
          ok: true,
          entries: entries.length + 1,
        });
        // The source's audit secret came along: a contact's phone hashes in the target as in the
        // source's copied entries (where it was first written).
        if (target.auditSecret) {
          expect(await target.auditSecret()).toBe(await source.auditSecret());
          const contact = partiesBatch().contacts![0] as Contact;
          const stored = await target.get('contacts', contact.id);
          await target.write({
            contacts: [{ ...contact, role: 'head', expectedVersion: stored!.version }],
          });
          const update = (await trail(target)).at(-1)!;
          const inserted = entries.find((e) => e.kind === 'contacts' && e.key === contact.id)!;
          expect((update.before as { phone: string }).phone).toBe(
            (inserted.after as { phone: string }).phone,
          );
          expect((update.before as { phone: string }).phone).toBe(
            personalAuditValue(contact.phone, await source.auditSecret()),
          );
        }
      } finally {
        await target.close();
      }
    });

    it('refuses a target that is not empty and leaves it as it was', async () => {
      const clock = new TestClock('2025-03-20T02:00:00Z');
      const source = await filledSource(clock);
      const target = await ctx.makeStoreWithClock(clock.now);
      try {
        const f = buildStoreFixture();
        await target.write({ regions: f.regions });
        const error = await rejectionOf(copyStore({ from: source, to: target }));
        expect(error).toMatchObject({ code: 'STORE_FAILED' });
        expect((error as Error).message).toMatch(/not empty/);
        expect((error as { messageZh: string }).messageZh).toMatch(/不为空/);
        expect(await all(target, 'regions')).toHaveLength(f.regions.length);
        expect(await all(target, 'employers')).toEqual([]);
        expect(await trail(target)).toHaveLength(f.regions.length);
      } finally {
        await target.close();
      }
    });

    it('a record the schema refuses fails the whole restore with a ValidationError naming its row', async () => {
      const target = await ctx.makeStore();
      try {
        const session = await target.restore!();
        const f = buildStoreFixture();
        await session.put(
          'regions',
          f.regions.map((r) => ({ ...r, version: 1 })),
        );
        const error = await rejectionOf(
          session.put('employers', [{ ...f.employers[0], version: 1 }, { version: 1 }] as never),
        );
        await session.rollback();
        expect(error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: {
            path: expect.stringMatching(/^employers\[2\]/),
            rule: 'restore.schema',
            row: 2,
          },
        });
        expect(await all(target, 'regions')).toEqual([]);
        expect(await target.regionTree()).toBeUndefined();
      } finally {
        await target.close();
      }
    });
  });
}
