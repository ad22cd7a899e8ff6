import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { dataElementSchema, dataValueKey, parseDataValue } from './data.js';

const base = { dataElement: 'insuredWorkers', region: '530102', period: '2024' };

function issuesOf(input: unknown) {
  try {
    parseDataValue(input, 8);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return expect.unreachable('expected a ValidationError');
}

describe('data values', () => {
  // Regression: NaN and Infinity were reported as a generic schema.invalid_union, not value.finite.
  it.each([
    ['12.50', '12.5'],
    [' 0012.500 ', '12.5'],
    ['4.0', '4'],
    ['-3.10', '-3.1'],
    ['0.000', '0'],
    [7, '7'],
    [0.1, '0.1'],
    ['123456789012345678901234567890.5', '123456789012345678901234567890.5'],
  ])('stores %j as the canonical decimal %s', (value, canonical) => {
    expect(parseDataValue({ ...base, value }).value).toBe(canonical);
  });

  it.each([
    ['1,200', 'value.decimal'],
    ['1e3', 'value.decimal'],
    ['.5', 'value.decimal'],
    ['', 'value.decimal'],
    [Number.NaN, 'value.finite'],
    [Number.POSITIVE_INFINITY, 'value.finite'],
    [null, 'value.type'],
    [true, 'value.type'],
  ])('rejects the value %j [%s]', (value, rule) => {
    expect(issuesOf({ ...base, value })).toEqual([
      expect.objectContaining({ path: 'value', rule, row: 8 }),
    ]);
  });

  it.each(['2025Q5', '2025-13', '2025H3', '25', '2025W54', ''])(
    'rejects the period %j [period.format]',
    (period) => {
      expect(issuesOf({ ...base, period, value: 1 })).toEqual([
        expect.objectContaining({ path: 'period', value: period, rule: 'period.format', row: 8 }),
      ]);
    },
  );

  it.each(['2025', '2025H2', '2025Q4', '2025-12', '2025W01', '2021/2025'])(
    'accepts the period %s',
    (period) => {
      expect(parseDataValue({ ...base, period, value: 1 }).period).toBe(period);
    },
  );

  it('rejects a bad data-element id and unknown fields', () => {
    expect(issuesOf({ ...base, dataElement: '9lives', value: 1 })[0]).toMatchObject({
      path: 'dataElement',
      rule: 'data-element.id',
    });
    expect(issuesOf({ ...base, value: 1, unit: 'persons' })[0]).toMatchObject({
      rule: 'schema.unrecognized_keys',
    });
  });

  it('keys a value by data element, region and period', () => {
    expect(dataValueKey({ dataElement: 'a', region: '530102', period: '2024' })).toBe(
      'a|530102|2024',
    );
  });

  it('defaults a data element to summing over child regions', () => {
    expect(
      dataElementSchema.parse({ id: 'insured', label: { zh: '参保人数' }, valueType: 'count' }),
    ).toEqual({ id: 'insured', label: { zh: '参保人数' }, valueType: 'count', aggregation: 'sum' });
  });
});
