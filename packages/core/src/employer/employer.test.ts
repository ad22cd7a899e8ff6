import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { makeCreditCode } from '../testing/fixtures.js';
import {
  type Employer,
  type EmployerInput,
  hasSevereHazard,
  isActiveOn,
  isIndustrial,
  isSme,
  parseEmployer,
  statusOn,
} from './employer.js';

const code = makeCreditCode(7, '530102');
const base: EmployerInput = { creditCode: code, name: '示例单位', region: '530102', size: 'small' };
const make = (extra: Partial<EmployerInput> = {}): Employer => parseEmployer({ ...base, ...extra });

function issuesOf(input: unknown) {
  try {
    parseEmployer(input, 4);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return expect.unreachable('expected a ValidationError');
}

describe('parseEmployer', () => {
  it('applies defaults', () => {
    expect(make()).toEqual({
      ...base,
      hazardFactors: [],
      hazardLevel: 'none',
      statusHistory: [],
    });
  });

  it('names field, value, rule and row of every problem', () => {
    const issues = issuesOf({
      ...base,
      creditCode: `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`,
      name: '   ',
      industry: 'C44',
      employees: -1,
      statusHistory: [
        { status: 'suspended', from: '2025-03-01' },
        { status: 'active', from: '2025-03-01' },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'creditCode', rule: 'credit-code.check-digit', row: 4 }),
        expect.objectContaining({ path: 'name', rule: 'employer.name', row: 4 }),
        expect.objectContaining({ path: 'industry', value: 'C44', rule: 'industry.code', row: 4 }),
        expect.objectContaining({ path: 'employees', value: -1, row: 4 }),
        expect.objectContaining({
          path: 'statusHistory.1.from',
          value: '2025-03-01',
          rule: 'employer.status-order',
          row: 4,
        }),
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it('rejects unknown fields', () => {
    expect(issuesOf({ ...base, colour: 'red' })[0]).toMatchObject({
      rule: 'schema.unrecognized_keys',
    });
  });
});

describe('isActiveOn', () => {
  it('counts an employer without history as active', () => {
    expect(isActiveOn(make(), '2025-06-30')).toBe(true);
  });

  it('is false before registration', () => {
    const e = make({ registeredOn: '2020-05-01' });
    expect(isActiveOn(e, '2020-04-30')).toBe(false);
    expect(isActiveOn(e, '2020-05-01')).toBe(true);
    expect(statusOn(e, '2020-04-30')).toBeUndefined();
  });

  // Regression (issue 9): 停产停业6个月以内 (seed 001 附件1 二(一)3) is inclusive (民法典 第二百零一条、
  // 第一千二百五十九条); a suspension from 2025-03-01 was excluded on 2025-09-01.
  it('counts a suspension of six months or less, inclusive of the last day (seed 001)', () => {
    const e = make({ statusHistory: [{ status: 'suspended', from: '2025-03-01' }] });
    expect(isActiveOn(e, '2025-09-01')).toBe(true);
    expect(isActiveOn(e, '2025-09-02')).toBe(false);
  });

  it('clamps the six months at month ends: from 08-31 it counts through 02-28', () => {
    const e = make({ statusHistory: [{ status: 'suspended', from: '2024-08-31' }] });
    expect(isActiveOn(e, '2024-08-31')).toBe(true);
    expect(isActiveOn(e, '2025-02-28')).toBe(true);
    expect(isActiveOn(e, '2025-03-01')).toBe(false);
    expect(isActiveOn(e, '2025-03-31')).toBe(false);
  });

  it('handles the boundary in a leap year and mid-month', () => {
    const leap = make({ statusHistory: [{ status: 'suspended', from: '2023-08-31' }] });
    expect(isActiveOn(leap, '2024-02-29')).toBe(true);
    expect(isActiveOn(leap, '2024-03-01')).toBe(false);
    const mid = make({ statusHistory: [{ status: 'suspended', from: '2025-01-15' }] });
    expect(isActiveOn(mid, '2025-07-15')).toBe(true);
    expect(isActiveOn(mid, '2025-07-16')).toBe(false);
  });

  // Regression (issue 9): without registeredOn, an employer whose first recorded change is a
  // suspension was treated as unregistered before it.
  it('without registeredOn: active before a first suspension, unknown before a first opening', () => {
    const suspended = make({ statusHistory: [{ status: 'suspended', from: '2025-03-01' }] });
    expect(isActiveOn(suspended, '2025-02-28')).toBe(true);
    expect(statusOn(suspended, '2025-02-28')?.status).toBe('active');
    const deregistered = make({ statusHistory: [{ status: 'deregistered', from: '2025-03-01' }] });
    expect(isActiveOn(deregistered, '2025-02-28')).toBe(true);
    const opened = make({ statusHistory: [{ status: 'active', from: '2025-03-01' }] });
    expect(isActiveOn(opened, '2025-02-28')).toBe(false);
    expect(isActiveOn(opened, '2025-03-01')).toBe(true);
  });

  it('never counts a deregistered employer', () => {
    const e = make({
      registeredOn: '2010-01-01',
      statusHistory: [{ status: 'deregistered', from: '2025-01-01' }],
    });
    expect(isActiveOn(e, '2025-01-01')).toBe(false);
    expect(isActiveOn(e, '2025-01-02')).toBe(false);
    expect(isActiveOn(e, '2024-12-31')).toBe(true);
  });

  it('follows the history: resumed work makes the employer active again', () => {
    const e = make({
      statusHistory: [
        { status: 'active', from: '2015-01-01' },
        { status: 'suspended', from: '2023-01-01' },
        { status: 'active', from: '2024-03-01' },
      ],
    });
    expect(isActiveOn(e, '2014-12-31')).toBe(false);
    expect(isActiveOn(e, '2023-12-31')).toBe(false);
    expect(isActiveOn(e, '2024-03-01')).toBe(true);
    expect(statusOn(e, '2023-06-30')).toEqual({ status: 'suspended', from: '2023-01-01' });
  });

  // Regression: statusOn returned undefined between registration and the first recorded change.
  it('is active between registration and the first status change', () => {
    const e = make({
      registeredOn: '2010-01-01',
      statusHistory: [{ status: 'suspended', from: '2025-03-01' }],
    });
    expect(isActiveOn(e, '2020-06-30')).toBe(true);
    expect(statusOn(e, '2020-06-30')).toEqual({ status: 'active', from: '2010-01-01' });
    expect(isActiveOn(e, '2009-12-31')).toBe(false);
  });
});

describe('classification helpers', () => {
  it('isSme: every size but large', () => {
    expect(isSme({ size: 'large' })).toBe(false);
    expect(isSme({ size: 'medium' })).toBe(true);
    expect(isSme({ size: 'small' })).toBe(true);
    expect(isSme({ size: 'micro' })).toBe(true);
  });

  it('isIndustrial: sections B, C, D only, and not without an industry', () => {
    expect(isIndustrial({ industry: 'C3011' })).toBe(true);
    expect(isIndustrial({ industry: 'B0610' })).toBe(true);
    expect(isIndustrial({ industry: 'D4411' })).toBe(true);
    expect(isIndustrial({ industry: 'F5111' })).toBe(false);
    expect(isIndustrial({})).toBe(false);
  });

  it('hasSevereHazard: only the severe class', () => {
    expect(hasSevereHazard({ hazardLevel: 'severe' })).toBe(true);
    expect(hasSevereHazard({ hazardLevel: 'general' })).toBe(false);
    expect(hasSevereHazard({ hazardLevel: 'none' })).toBe(false);
  });
});
