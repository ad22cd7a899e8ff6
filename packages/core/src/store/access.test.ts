import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../errors/index.js';
import type { Contact } from '../parties/index.js';
import {
  assertMayReadPersonal,
  mayReadPersonal,
  REDACTED_VALUE,
  readableRecord,
  redactIssue,
} from './access.js';
import { ROLES } from './actor.js';
import { sha256Hex } from './sha256.js';

const contact: Contact = {
  id: 'c-1',
  region: '131023',
  role: 'liaison',
  unitKind: 'department',
  unit: 'yq-health',
  name: '联络员甲',
  phone: '0316-6612345',
};

describe('personal fields by role', () => {
  it('only approvers and admins read them in clear', () => {
    expect(ROLES.filter(mayReadPersonal)).toEqual(['approver', 'admin']);
  });

  it('shows a viewer or reporter the audit-trail hash of each personal field, the rest in clear', () => {
    for (const role of ['viewer', 'reporter'] as const) {
      const seen = readableRecord('contacts', contact, role);
      expect(seen).toEqual({
        ...contact,
        name: `sha256:${sha256Hex('联络员甲')}`,
        phone: `sha256:${sha256Hex('0316-6612345')}`,
      });
      expect(JSON.stringify(seen)).not.toContain('6612345');
      expect('email' in seen).toBe(false); // an absent field stays absent
    }
    expect(contact.phone).toBe('0316-6612345'); // the input is not changed
  });

  it("with the store's audit secret, shows the keyed hash the audit trail holds (HMAC-SHA-256, checked with node:crypto)", () => {
    const secret = 'a1'.repeat(32);
    const hmac = (v: string) =>
      `hmac-sha256:${createHmac('sha256', Buffer.from(secret, 'hex')).update(v, 'utf8').digest('hex')}`;
    const seen = readableRecord('contacts', contact, 'reporter', secret);
    expect(seen).toEqual({ ...contact, name: hmac('联络员甲'), phone: hmac('0316-6612345') });
    expect(seen.phone).not.toBe(readableRecord('contacts', contact, 'reporter').phone);
    expect(readableRecord('contacts', contact, 'approver', secret)).toEqual(contact);
  });

  it('shows an approver or admin the record unchanged, and leaves kinds without personal fields alone', () => {
    expect(readableRecord('contacts', contact, 'approver')).toEqual(contact);
    expect(readableRecord('contacts', contact, 'admin')).toEqual(contact);
    const dept = {
      id: 'd',
      name: { zh: '县卫健局', en: 'Health Bureau' },
      region: '131023',
      kind: 'joint-meeting-member' as const,
    };
    expect(readableRecord('departments', dept, 'viewer')).toBe(dept);
  });

  it('refuses an unredacted read by a viewer with a typed, bilingual error', () => {
    let caught: unknown;
    try {
      assertMayReadPersonal('contacts', 'viewer');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ForbiddenError);
    expect(caught).toMatchObject({
      code: 'FORBIDDEN',
      details: { path: 'actor.role', value: 'viewer', rule: 'personal.read' },
    });
    expect((caught as ForbiddenError).message).toMatch(
      /viewer may not read the personal fields \(name, phone, email\)/,
    );
    expect((caught as ForbiddenError).messageZh).toContain('查看人无权查看联系人的个人信息');
    expect(() => assertMayReadPersonal('contacts', 'admin')).not.toThrow();
    expect(() => assertMayReadPersonal('institutions', 'viewer')).not.toThrow();
  });
});

describe('redactIssue', () => {
  const issue = {
    path: 'contacts.phone',
    value: '13912345678',
    rule: 'contact.phone-format',
    message: 'm',
    messageZh: 'z',
    row: 2,
  };
  it('drops the value of a personal field, an unknown field and a whole row of a personal kind', () => {
    expect(redactIssue('contacts', issue)).toEqual({ ...issue, value: REDACTED_VALUE });
    expect(
      redactIssue('contacts', {
        ...issue,
        path: 'contacts.mobile',
        rule: 'schema.unrecognized_keys',
      }).value,
    ).toBe(REDACTED_VALUE);
    expect(redactIssue('contacts', { ...issue, path: 'contacts', rule: 'batch.array' }).value).toBe(
      REDACTED_VALUE,
    );
  });
  it('keeps other values: the rule can still be checked against them', () => {
    const unit = { ...issue, path: 'contacts.unit', value: 'dept-x', rule: 'department.exists' };
    expect(redactIssue('contacts', unit)).toBe(unit);
    expect(redactIssue('institutions', { ...issue, path: 'institutions.id' })).toEqual({
      ...issue,
      path: 'institutions.id',
    });
  });
});
