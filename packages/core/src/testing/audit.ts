/**
 * @module testing/audit
 * Conformance of the audit trail: every changed row of every kind leaves exactly one entry with
 * its before/after and versions, unchanged rows and failed writes leave none, personal fields are
 * hashed, chains are per province and verify, bulk imports may summarise inserts per batch, and
 * `listAudit` filters and pages.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../store/actor.js';
import {
  type AuditEntry,
  auditedRecord,
  verifyAuditChain,
  verifyAuditEntries,
} from '../store/audit.js';
import { BATCH_KINDS, RECORD_KINDS } from '../store/kinds.js';
import type { Store } from '../store/port.js';
import { hmacSha256Hex, sha256Hex } from '../store/sha256.js';
import { pageAll } from '../store/workflow.js';
import { rejectionOf, type StoreConformanceContext, withStore } from './context.js';
import { buildStoreFixture, makeCreditCode, partiesBatch } from './fixtures.js';
import { reportRecord, TestClock } from './workflow.js';

async function allAudit(store: Store): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let after: string | undefined;
  do {
    const page = await store.listAudit({ limit: 7, ...(after === undefined ? {} : { after }) });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

const strip = (r: unknown) => {
  const { version: _v, ...rest } = r as Record<string, unknown>;
  return rest;
};

/** Register the audit tests. */
export function describeAudit(
  ctx: StoreConformanceContext & {
    readonly makeStoreWithClock: (now: () => Date) => Promise<Store>;
  },
): void {
  const withClock = (instant: string, fn: (store: Store, clock: TestClock) => Promise<void>) => {
    const clock = new TestClock(instant);
    return withStore({ makeStore: () => ctx.makeStoreWithClock(clock.now) }, (store) =>
      fn(store, clock),
    );
  };

  describe('audit', () => {
    it('writes one entry per inserted row of every kind, with the record after, in order', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const f = buildStoreFixture();
        const actor: Actor = { id: 'u-1', role: 'admin', region: '530000', requestId: 'req-9' };
        await store.write(f.batch, { actor });
        await store.write(partiesBatch(), { actor });
        await store.write({ submissions: [reportRecord('530102', ['submit'])] }); // system actor
        const entries = await allAudit(store);
        const expected =
          f.regions.length +
          f.employers.length +
          f.institutions.length +
          f.facts.length +
          f.dataValues.length +
          2 +
          1;
        expect(entries).toHaveLength(expected);
        expect(entries.map((e) => e.seq)).toEqual(entries.map((_e, i) => i + 1));
        for (const e of entries) {
          expect(e).toMatchObject({
            op: 'insert',
            versionBefore: null,
            versionAfter: 1,
            before: null,
          });
          expect(e.at).toBe('2025-03-20T02:00:00.000Z');
          const stored = await store.get(e.kind, e.key!);
          expect(e.after).toEqual(
            auditedRecord(e.kind, strip(stored), await store.auditSecret?.()),
          );
          expect(e.region).toBe((RECORD_KINDS[e.kind].regionOf as (r: unknown) => string)(stored));
        }
        expect(entries[0]!.actor).toEqual(actor);
        expect(entries[expected - 1]).toMatchObject({
          kind: 'submissions',
          actor: { id: 'system', role: 'admin' },
        });
        expect(new Set(entries.map((e) => e.kind))).toEqual(
          new Set(BATCH_KINDS.filter((k) => k !== 'lockExceptions')),
        );
      });
    });

    it('writes no entry for unchanged rows, one with before/after for each real change', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store, clock) => {
        const f = buildStoreFixture();
        await store.write(f.batch);
        const n = (await allAudit(store)).length;
        await store.write(buildStoreFixture().batch);
        expect(await allAudit(store)).toHaveLength(n);
        clock.set('2025-03-21T02:00:00Z');
        const employer = { ...f.employers[0]!, name: '曲靖示例煤业集团有限公司' };
        await store.write({ employers: [employer, f.employers[1]!] });
        const entries = await allAudit(store);
        expect(entries).toHaveLength(n + 1);
        const last = entries[n]!;
        expect(last).toMatchObject({
          op: 'update',
          kind: 'employers',
          key: employer.creditCode,
          versionBefore: 1,
          versionAfter: 2,
          at: '2025-03-21T02:00:00.000Z',
        });
        expect((last.before as { name: string }).name).toBe('曲靖示例煤业有限公司');
        expect((last.after as { name: string }).name).toBe('曲靖示例煤业集团有限公司');
      });
    });

    it('leaves no entry when a write fails (validation, conflict, lock)', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const f = buildStoreFixture();
        await store.write({ regions: f.regions });
        const n = (await allAudit(store)).length;
        const late = { ...f.employers[1]!, region: '999999' };
        await rejectionOf(store.write({ employers: [f.employers[0]!, late] }));
        await rejectionOf(store.write({ employers: [{ ...f.employers[0]!, expectedVersion: 3 }] }));
        await store.write({ submissions: [reportRecord('530102', ['submit', 'approve'])] });
        await rejectionOf(
          store.write({
            dataValues: [
              { dataElement: 'other', region: '530102', period: '2025Q1', value: '1' },
              { dataElement: 'insured', region: '530102', period: '2025Q1', value: '1' },
            ],
          }),
        );
        await rejectionOf(
          store.write(
            { employers: [f.employers[0]!] },
            { actor: { id: 'v', role: 'viewer', region: '530000' } },
          ),
        );
        expect(await allAudit(store)).toHaveLength(n + 1);
      });
    });

    it('stores personal fields as a hash, never in clear', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        await store.write({ regions: buildStoreFixture().regions });
        const award = {
          id: 'award-1',
          kind: 'award',
          region: '530102',
          date: '2025-03-01',
          awardType: 'oh-champion',
          level: 'county',
          person: '张三',
        };
        await store.write({ facts: [award] });
        const [entry] = (await store.listAudit({ kind: 'facts' })).items;
        expect((entry!.after as { person: string }).person).toBe(
          `hmac-sha256:${hmacSha256Hex(await store.auditSecret!(), '张三')}`,
        );
        expect(JSON.stringify(entry)).not.toContain(sha256Hex('张三'));
        expect(JSON.stringify(entry)).not.toContain('张三');
        expect((await store.getFact('award-1')) as unknown).toMatchObject({ person: '张三' });
      });
    });

    it('chains entries per province and verifies; a changed entry is detected', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        await store.write({ regions: buildStoreFixture().regions });
        await store.write({
          dataValues: [
            { dataElement: 'a', region: '530102', period: '2024', value: '1' },
            { dataElement: 'a', region: '530302', period: '2024', value: '2' },
          ],
        });
        const entries = await allAudit(store);
        expect(new Set(entries.map((e) => e.chain))).toEqual(new Set(['53']));
        expect(entries.map((e) => e.chainSeq)).toEqual(entries.map((_e, i) => i + 1));
        expect(entries[0]!.prevHash).toBe('0'.repeat(64));
        for (let i = 1; i < entries.length; i++)
          expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
        expect(await verifyAuditChain(store)).toMatchObject({
          ok: true,
          entries: entries.length,
          chains: 1,
        });
        const tampered = entries.map((e, i) =>
          i === 2 ? { ...e, after: { ...(e.after as object), value: '9' } } : e,
        );
        expect(verifyAuditEntries(tampered)).toMatchObject({ ok: false, seq: 3, reason: 'hash' });
        const dropped = entries.filter((_e, i) => i !== 1);
        expect(verifyAuditEntries(dropped)).toMatchObject({ ok: false, seq: 3, reason: 'order' });
        // Reads are copies: changing a returned entry changes nothing stored.
        (entries[0] as { key: string | null }).key = 'changed';
        expect((await allAudit(store))[0]!.key).not.toBe('changed');
      });
    });

    it('keeps one chain per province prefix', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        await store.write({
          regions: [
            { code: '000000', name: { zh: '全国' }, level: 'national', parent: null },
            { code: '530000', name: { zh: '云南省' }, level: 'province', parent: '000000' },
            { code: '410000', name: { zh: '河南省' }, level: 'province', parent: '000000' },
          ],
        });
        await store.write({
          dataValues: [
            { dataElement: 'a', region: '530000', period: '2024', value: '1' },
            { dataElement: 'a', region: '410000', period: '2024', value: '2' },
            { dataElement: 'b', region: '410000', period: '2024', value: '3' },
          ],
        });
        const entries = await allAudit(store);
        const chain = (c: string) => entries.filter((e) => e.chain === c).map((e) => e.chainSeq);
        expect(chain('00')).toEqual([1]);
        expect(chain('53')).toEqual([1, 2]);
        expect(chain('41')).toEqual([1, 2, 3]);
        expect(await verifyAuditChain(store)).toMatchObject({ ok: true, chains: 3 });
      });
    });

    it('summarises inserts per batch when asked, with file hash, counts and keys; updates stay per row', async () => {
      await withClock('2025-03-20T02:00:00Z', async (store) => {
        const f = buildStoreFixture();
        await store.write({ regions: f.regions });
        const fileHash = sha256Hex('employers.csv');
        await store.write(
          { employers: f.employers.slice(0, 3) },
          { audit: { inserts: 'per-batch', fileHash } },
        );
        const renamed = { ...f.employers[0]!, name: '新名称有限公司' };
        await store.write(
          { employers: [renamed, f.employers[3]!] },
          { audit: { inserts: 'per-batch', fileHash } },
        );
        const entries = (await store.listAudit({ kind: 'employers' })).items;
        expect(entries.map((e) => e.op)).toEqual(['batch-insert', 'update', 'batch-insert']);
        expect(entries[0]).toMatchObject({
          key: null,
          batch: { count: 3, keys: f.employers.slice(0, 3).map((e) => e.creditCode), fileHash },
        });
        expect(entries[1]).toMatchObject({
          key: renamed.creditCode,
          versionBefore: 1,
          versionAfter: 2,
        });
        expect(entries[2]!.batch).toMatchObject({ count: 1, keys: [f.employers[3]!.creditCode] });
        expect(await verifyAuditChain(store)).toMatchObject({ ok: true });
        expect(
          await rejectionOf(store.write({ employers: [] }, { audit: { fileHash: 'nope' } })),
        ).toMatchObject({ code: 'VALIDATION_FAILED' });
      });
    });

    it('filters by region subtree, kind, key, actor and China-time day, and pages stably', async () => {
      await withClock('2025-03-20T15:30:00Z', async (store, clock) => {
        const f = buildStoreFixture();
        await store.write({ regions: f.regions, employers: f.employers });
        clock.set('2025-03-20T16:30:00Z'); // already 2025-03-21 in China
        const actor: Actor = { id: 'km', role: 'reporter', region: '530100' };
        const extra = {
          ...f.employers[3]!,
          creditCode: makeCreditCode(4242, '530102'),
          name: '新店',
        };
        await store.write({ employers: [extra] }, { actor });
        const all = await pageAll(store, 'employers');
        expect(all).toHaveLength(5);
        const ids = async (q: Parameters<Store['listAudit']>[0]) =>
          (await store.listAudit(q)).items.map((e) => e.key);
        expect(await ids({ actor: 'km' })).toEqual([extra.creditCode]);
        expect(await ids({ from: '2025-03-21' })).toEqual([extra.creditCode]);
        expect((await ids({ to: '2025-03-20' })).length).toBe(
          f.regions.length + f.employers.length,
        );
        expect(await ids({ kind: 'employers', region: '530300' })).toEqual([f.codes.qilinMine]);
        expect((await ids({ region: '530100', kind: 'regions' })).sort()).toEqual([
          '530100',
          '530102',
          '530103',
        ]);
        expect(await ids({ key: f.codes.wuhuaRestaurant })).toEqual([f.codes.wuhuaRestaurant]);
        const first = await store.listAudit({ limit: 4 });
        expect(first.items).toHaveLength(4);
        const rest = await store.listAudit({ after: first.next!, limit: 100 });
        expect(rest.next).toBeUndefined();
        expect([...first.items, ...rest.items].map((e) => e.seq)).toEqual(
          Array.from({ length: f.regions.length + f.employers.length + 1 }, (_x, i) => i + 1),
        );
      });
    });
  });
}
