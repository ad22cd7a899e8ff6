import { describe, expect, it } from 'vitest';
import { parseWith, ValidationError } from '../errors/index.js';
import { contactSchema, departmentSchema, institutionSchema } from './parties.js';

function rulesOf(schema: Parameters<typeof parseWith>[0], input: unknown): [string, string][] {
  try {
    parseWith(schema, input, { row: 3 });
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => [i.path, i.rule]);
    throw error;
  }
  return expect.unreachable('expected a ValidationError');
}

const institution = {
  id: 'i-1',
  name: { zh: '省第三人民医院' },
  types: ['od-institute', 'health-exam'],
  public: true,
  region: '410000',
};

describe('institutionSchema', () => {
  it('defaults outOfProvince to false and keeps licence, filing and confirmation', () => {
    const parsed = institutionSchema.parse({
      ...institution,
      licence: { number: 'L-1', validUntil: '2027-01-01' },
      filing: { number: 'F-1' },
      monitoringConfirmation: 'direct',
      monitoringConfirmedOn: '2024-12-30',
    });
    expect(parsed.outOfProvince).toBe(false);
    expect(parsed.licence).toEqual({ number: 'L-1', validUntil: '2027-01-01' });
  });

  it.each([
    ['no type', { types: [] }, 'types', 'institution.types-empty'],
    ['a repeated type', { types: ['cdc', 'cdc'] }, 'types', 'institution.types-duplicate'],
    ['an unknown type', { types: ['hospital'] }, 'types.0', 'schema.invalid_value'],
    ['a bad id', { id: 'a b' }, 'id', 'party.id'],
    [
      'a bad licence date',
      { licence: { number: 'L', grantedOn: '2024-13-01' } },
      'licence.grantedOn',
      'date.format',
    ],
  ])('refuses %s', (_what, extra, path, rule) => {
    const found = rulesOf(institutionSchema, { ...institution, ...extra });
    expect(found.map(([p]) => p)).toContain(path);
    expect(found.find(([p]) => p === path)?.[1]).toMatch(
      new RegExp(`^${rule.replace('.', '\\.')}`),
    );
  });

  it('001 附件3 二(二)1: direct confirmation (直接确认) needs a technical-service licence; 达标确认 does not', () => {
    expect(
      rulesOf(institutionSchema, { ...institution, monitoringConfirmation: 'direct' }),
    ).toEqual([['monitoringConfirmation', 'institution.direct-needs-licence']]);
    expect(
      institutionSchema.safeParse({ ...institution, monitoringConfirmation: 'by-standard' })
        .success,
    ).toBe(true);
  });

  it('refuses a confirmation date without a confirmation', () => {
    expect(
      rulesOf(institutionSchema, { ...institution, monitoringConfirmedOn: '2025-01-01' }),
    ).toEqual([['monitoringConfirmedOn', 'institution.confirmed-on-without-confirmation']]);
  });
});

describe('departmentSchema', () => {
  it('needs both names and a known kind', () => {
    const d = {
      id: 'd',
      name: { zh: '县行政审批局', en: 'County Administrative Approval Bureau' },
      region: '131023',
      kind: 'government-department',
    };
    expect(departmentSchema.parse(d)).toEqual(d);
    expect(rulesOf(departmentSchema, { ...d, name: { zh: '县行政审批局' } })).toEqual([
      ['name.en', 'schema.invalid_type'],
    ]);
    expect(rulesOf(departmentSchema, { ...d, kind: 'ministry' })).toEqual([
      ['kind', 'schema.invalid_value'],
    ]);
  });
});

describe('contactSchema', () => {
  const contact = {
    id: 'c',
    region: '131023',
    role: 'form-filler',
    unitKind: 'department',
    unit: 'yq-health',
    name: '填表人甲',
    phone: '+86 (316) 661-2345',
    email: 'a.b@example.cn',
  };
  it('accepts landline and mobile numbers and an email', () => {
    expect(contactSchema.parse(contact)).toEqual(contact);
    expect(contactSchema.parse({ ...contact, phone: '13912345678' }).phone).toBe('13912345678');
  });
  it.each([
    ['letters in a phone', { phone: '139-ABCD' }, 'phone', 'contact.phone-format'],
    ['a too short phone', { phone: '12' }, 'phone', 'contact.phone-format'],
    ['an email without domain', { email: 'a@b' }, 'email', 'contact.email-format'],
    ['an empty name', { name: '' }, 'name', 'text.empty'],
    [
      'a region unit other than its region',
      { unitKind: 'region', unit: '131000' },
      'unit',
      'contact.region-unit',
    ],
  ])('refuses %s', (_what, extra, path, rule) => {
    expect(rulesOf(contactSchema, { ...contact, ...extra })).toEqual([[path, rule]]);
  });
});
