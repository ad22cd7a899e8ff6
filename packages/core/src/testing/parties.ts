/**
 * @module testing/parties
 * Conformance of the party kinds (institutions, departments, contacts): round trips and filtered
 * pages, a fact's `institution` and a contact's `unit` as checked references, and contacts'
 * personal fields kept out of audit entries and error messages.
 */
import { describe, expect, it } from 'vitest';
import type { Contact, Department, InstitutionInput } from '../parties/index.js';
import { REDACTED_VALUE } from '../store/access.js';
import { type AuditEntry, verifyAuditChain } from '../store/audit.js';
import { hmacSha256Hex, sha256Hex } from '../store/sha256.js';
import {
  captureState,
  expectUnchanged,
  expectValidationError,
  issueLike,
  rejectionOf,
  type StoreConformanceContext,
  withStore,
} from './context.js';
import { buildStoreFixture } from './fixtures.js';

/** A province-level and a prefecture-level institution, and an out-of-province one. */
function institutions(): InstitutionInput[] {
  return [
    {
      id: 'inst-yn-od',
      name: { zh: '云南省职业病防治院', en: 'Yunnan OD prevention institute' },
      types: ['od-institute', 'health-exam', 'diagnosis'],
      public: true,
      region: '530000',
      filing: { number: 'YN-EXAM-001', grantedOn: '2021-03-01' },
      monitoringConfirmation: 'by-standard',
      monitoringConfirmedOn: '2024-11-20',
    },
    {
      id: 'inst-qj-ts',
      name: { zh: '曲靖示例检测技术有限公司' },
      types: ['oh-tech-service'],
      public: false,
      region: '530300',
      licence: { number: 'YN-TS-0042', validUntil: '2027-12-31' },
      monitoringConfirmation: 'direct',
    },
    {
      id: 'inst-out-01',
      name: { zh: '外省示例检测中心' },
      types: ['oh-tech-service', 'radiation-tech-service'],
      public: false,
      region: '530100',
      licence: { number: 'XX-TS-0001' },
      outOfProvince: true,
    },
  ];
}

function departments(): Department[] {
  return [
    {
      id: 'dept-km-health',
      name: { zh: '昆明市卫生健康委员会', en: 'Kunming Health Commission' },
      region: '530100',
      kind: 'joint-meeting-member',
    },
    {
      id: 'dept-wh-approval',
      name: { zh: '五华区行政审批局', en: 'Wuhua Administrative Approval Bureau' },
      region: '530102',
      kind: 'government-department',
    },
  ];
}

const PHONE = '13912345678';
const EMAIL = 'zhang.san@example.cn';
const NAME = '张三丰';

function contacts(): Contact[] {
  return [
    {
      id: 'c-1',
      region: '530100',
      role: 'liaison',
      unitKind: 'department',
      unit: 'dept-km-health',
      name: NAME,
      phone: PHONE,
      email: EMAIL,
    },
    {
      id: 'c-2',
      region: '530000',
      role: 'form-filler',
      unitKind: 'institution',
      unit: 'inst-yn-od',
      name: '李四',
    },
    {
      id: 'c-3',
      region: '530302',
      role: 'head',
      unitKind: 'region',
      unit: '530302',
      name: '王五',
      phone: '0874-3123456',
    },
  ];
}

/** Register the party tests. */
export function describeParties(ctx: StoreConformanceContext): void {
  const seeded = async (fn: Parameters<typeof withStore>[1]) =>
    withStore(ctx, async (store) => {
      await store.write({ regions: buildStoreFixture().regions });
      return fn(store);
    });

  describe('institutions, departments and contacts', () => {
    it('round-trips every kind with defaults applied and pages them by indexed column and subtree', async () => {
      await seeded(async (store) => {
        const result = await store.write({
          institutions: institutions(),
          departments: departments(),
          contacts: contacts(),
        });
        expect(result.institutions.inserted).toBe(3);
        expect(result.departments.inserted).toBe(2);
        expect(result.contacts.inserted).toBe(3);
        expect(await store.get('institutions', 'inst-qj-ts')).toEqual({
          ...institutions()[1],
          outOfProvince: false,
          version: 1,
        });
        expect(await store.get('departments', 'dept-wh-approval')).toEqual({
          ...departments()[1],
          version: 1,
        });
        expect(await store.get('contacts', 'c-1')).toEqual({ ...contacts()[0], version: 1 });
        const ids = async (kind: 'institutions' | 'departments' | 'contacts', q = {}) =>
          (await store.page(kind, q)).items.map((r) => r.id);
        expect(await ids('institutions')).toEqual(['inst-out-01', 'inst-qj-ts', 'inst-yn-od']);
        expect(await ids('institutions', { where: { public: 'true' } })).toEqual(['inst-yn-od']);
        expect(await ids('institutions', { where: { out_of_province: 'true' } })).toEqual([
          'inst-out-01',
        ]);
        expect(await ids('institutions', { where: { monitoring_confirmation: 'none' } })).toEqual([
          'inst-out-01',
        ]);
        expect(await ids('institutions', { region: '530300' })).toEqual(['inst-qj-ts']);
        expect(await ids('departments', { region: '530100' })).toEqual([
          'dept-km-health',
          'dept-wh-approval',
        ]);
        expect(await ids('departments', { where: { kind: 'joint-meeting-member' } })).toEqual([
          'dept-km-health',
        ]);
        expect(await ids('contacts', { where: { unit_kind: 'institution' } })).toEqual(['c-2']);
        expect(
          await ids('contacts', { where: { unit: 'dept-km-health', role: 'liaison' } }),
        ).toEqual(['c-1']);
      });
    });

    it('rejects a fact naming an unknown institution, naming field, value, rule and row, and writes nothing', async () => {
      await seeded(async (store) => {
        const fx = buildStoreFixture();
        await store.write({ employers: fx.employers });
        const before = await captureState(ctx, store);
        const fact = {
          id: 'test-x',
          kind: 'hazard-testing',
          employer: fx.codes.wuhuaMachinery,
          region: '530102',
          date: '2025-04-01',
          postsTested: 3,
          postsCompliant: 3,
          institution: 'inst-nowhere',
        };
        const issues = await expectValidationError(
          store.write({ institutions: fx.institutions, facts: [fx.facts[0], fact] }),
        );
        expect(issues).toEqual([
          issueLike({
            path: 'facts.institution',
            value: 'inst-nowhere',
            rule: 'institution.exists',
            row: 2,
          }),
        ]);
        expect(issues[0]!.message).toContain('inst-nowhere');
        expect(issues[0]!.messageZh).toContain('机构');
        await expectUnchanged(ctx, store, before);
        // valid-rows: the other rows land, the bad one is reported.
        const r = await store.write(
          { institutions: fx.institutions, facts: [fx.facts[0], fact] },
          { mode: 'valid-rows' },
        );
        expect(r.facts.inserted).toBe(1);
        expect(r.rejected.map((i) => [i.path, i.rule, i.row])).toEqual([
          ['facts.institution', 'institution.exists', 2],
        ]);
        expect(await store.getFact('test-x')).toBeUndefined();
        // The institution stored earlier (or in the same batch) resolves.
        const ok = await store.write({ facts: [{ ...fact, institution: 'inst-km-01' }] });
        expect(ok.facts.inserted).toBe(1);
      });
    });

    it("checks a contact's unit against the departments and institutions, and its region", async () => {
      await seeded(async (store) => {
        const [c1, c2] = contacts();
        const issues = await expectValidationError(
          store.write({
            contacts: [
              { ...c1!, unit: 'dept-missing' },
              { ...c2!, unit: 'inst-missing' },
              { ...c1!, id: 'c-9', region: '539999' },
            ],
          }),
        );
        expect(issues.map((i) => [i.path, i.rule, i.row, i.value])).toEqual([
          ['contacts.unit', 'department.exists', 1, 'dept-missing'],
          ['contacts.unit', 'institution.exists', 2, 'inst-missing'],
          ['contacts.region', 'region.exists', 3, '539999'],
        ]);
        // Units written in the same batch, earlier in the write order, resolve.
        const r = await store.write({
          contacts: contacts(),
          departments: departments(),
          institutions: institutions(),
        });
        expect(r.contacts.inserted).toBe(3);
      });
    });

    it('refuses direct confirmation (直接确认) without a licence (001 附件3 二(二)1)', async () => {
      await seeded(async (store) => {
        const { licence: _l, ...unlicensed } = institutions()[1]!;
        const issues = await expectValidationError(store.write({ institutions: [unlicensed] }));
        expect(issues).toEqual([
          issueLike({
            path: 'institutions.monitoringConfirmation',
            value: 'direct',
            rule: 'institution.direct-needs-licence',
            row: 1,
          }),
        ]);
        expect(await store.get('institutions', 'inst-qj-ts')).toBeUndefined();
      });
    });

    it("keeps a contact's name, phone and email out of audit entries: hashed on insert and update", async () => {
      await seeded(async (store) => {
        await store.write({ departments: departments(), institutions: institutions() });
        await store.write({ contacts: contacts() });
        await store.write({ contacts: [{ ...contacts()[0]!, phone: '13800000000' }] });
        const entries: AuditEntry[] = (await store.listAudit({ kind: 'contacts', limit: 100 }))
          .items;
        expect(entries.map((e) => [e.op, e.key])).toEqual([
          ['insert', 'c-1'],
          ['insert', 'c-2'],
          ['insert', 'c-3'],
          ['update', 'c-1'],
        ]);
        const text = JSON.stringify(entries);
        for (const secret of [PHONE, EMAIL, NAME, '13800000000', '0874-3123456', '李四']) {
          expect(text).not.toContain(secret);
        }
        const update = entries[3]!;
        // Keyed hash: HMAC-SHA-256 under the store's own secret (an unkeyed hash of an 11-digit
        // phone number is found by hashing every number).
        expect(store.auditSecret, 'a store keeps an audit secret').toBeTypeOf('function');
        const secret = await store.auditSecret!();
        expect(secret).toMatch(/^[0-9a-f]{64}$/);
        const keyed = (v: string) => `hmac-sha256:${hmacSha256Hex(secret, v)}`;
        expect(update.before).toMatchObject({
          phone: keyed(PHONE),
          name: keyed(NAME),
          email: keyed(EMAIL),
          unit: 'dept-km-health',
        });
        expect(update.after).toMatchObject({ phone: keyed('13800000000') });
        expect(text).not.toContain(sha256Hex(PHONE));
        // the same value hashes alike within the store: the insert's hash is the update's before
        expect(entries[0]!.after).toMatchObject({ phone: keyed(PHONE) });
        // the secret is not in any audit entry
        expect(text).not.toContain(secret);
        // The store itself keeps the clear value (readers see it per their role: store/access).
        expect((await store.get('contacts', 'c-1'))?.phone).toBe('13800000000');
      });
    });

    it('two stores hash the same phone differently: each keeps its own secret', async () => {
      await seeded(async (a) => {
        await seeded(async (b) => {
          const phones = async (store: typeof a) => {
            await store.write({ departments: departments(), institutions: institutions() });
            await store.write({ contacts: contacts() });
            const [first] = (await store.listAudit({ kind: 'contacts', limit: 1 })).items;
            return (first!.after as { phone: string }).phone;
          };
          const [pa, pb] = [await phones(a), await phones(b)];
          expect(pa).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
          expect(pb).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
          expect(pa).not.toBe(pb);
          expect(await a.auditSecret!()).not.toBe(await b.auditSecret!());
          expect(await verifyAuditChain(a)).toMatchObject({ ok: true });
        });
      });
    });

    it('never echoes a personal value in a rejected row: the issue names field, rule and row only', async () => {
      await seeded(async (store) => {
        await store.write({ departments: departments() });
        const bad = { ...contacts()[0]!, phone: `${PHONE}x`, mobile: '13700001111' };
        const error = await rejectionOf(store.write({ contacts: [bad] }));
        expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
        const issues = (error as { issues: { path: string; rule: string; row?: number }[] }).issues;
        expect(issues).toEqual([
          issueLike({
            path: 'contacts.phone',
            rule: 'contact.phone-format',
            row: 1,
            value: REDACTED_VALUE,
          }),
          issueLike({
            path: 'contacts.mobile',
            rule: 'schema.unrecognized_keys',
            row: 1,
            value: REDACTED_VALUE,
          }),
        ]);
        const e = error as Error & { messageZh?: string };
        const text = `${e.message} ${e.messageZh ?? ''} ${JSON.stringify(error)} ${String(error)}`;
        expect(text).not.toContain(PHONE);
        expect(text).not.toContain('13700001111');
        expect(text).toContain('contacts.phone');
        const r = await store.write({ contacts: [bad] }, { mode: 'valid-rows' });
        expect(JSON.stringify(r.rejected)).not.toContain(PHONE);
        expect(r.rejected.map((i) => i.rule)).toEqual([
          'contact.phone-format',
          'schema.unrecognized_keys',
        ]);
      });
    });
  });
}
