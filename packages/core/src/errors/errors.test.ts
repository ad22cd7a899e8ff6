import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  isOccHealthError,
  NotFoundError,
  OccHealthError,
  PeriodLockedError,
  StoreError,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
import { fail, fromZodIssues, issue, parseWith } from './issue.js';

const creditIssue: ValidationIssue = {
  path: 'employers.creditCode',
  value: '91350100M000100Y44',
  rule: 'credit-code.check-digit',
  message: 'check character is 4 but should be 3',
  messageZh: '校验码为 4，应为 3',
  row: 17,
};

describe('ValidationError', () => {
  it('describes the first issue in English and Chinese, with field, rule, value and row', () => {
    const error = new ValidationError([creditIssue]);
    expect(error).toBeInstanceOf(OccHealthError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe(
      'row 17: employers.creditCode: check character is 4 but should be 3 [credit-code.check-digit] (value: "91350100M000100Y44")',
    );
    expect(error.messageZh).toBe(
      '第 17 行：employers.creditCode：校验码为 4，应为 3 [credit-code.check-digit]（值："91350100M000100Y44"）',
    );
    expect(error.details).toEqual({
      path: 'employers.creditCode',
      value: '91350100M000100Y44',
      rule: 'credit-code.check-digit',
      row: 17,
    });
    expect(error.issues).toEqual([creditIssue]);
  });

  it('counts the other issues and keeps them all', () => {
    const second = issue('facts.date', '2025-02-29', 'date.format', 'bad date', '日期无效', 2);
    const third = issue('facts.date', '1900-01-01', 'date.range', 'out of range', '超出范围');
    const error = new ValidationError([second, creditIssue, third]);
    expect(error.message).toMatch(
      /^row 2: facts\.date: bad date \[date\.format\].*\(and 2 more\)$/,
    );
    expect(error.messageZh).toMatch(/（另有 2 处）$/);
    expect(error.issues).toHaveLength(3);
    expect(third).not.toHaveProperty('row');
  });

  it('shortens long values and omits the row when there is none', () => {
    const error = ValidationError.of({
      path: 'items',
      value: { list: 'x'.repeat(200) },
      rule: 'schema.too_big',
      message: 'too big',
      messageZh: '值过大',
    });
    expect(error.message.startsWith('items: too big')).toBe(true);
    expect(error.message).toContain('...)');
    expect(error.message.length).toBeLessThan(140);
  });

  it('needs at least one issue', () => {
    expect(() => new ValidationError([])).toThrow(TypeError);
  });

  it('serialises to plain data', () => {
    const json = JSON.parse(JSON.stringify(new ValidationError([creditIssue])));
    expect(json).toEqual({
      name: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('credit-code.check-digit'),
      messageZh: expect.stringContaining('校验码'),
      details: {
        path: 'employers.creditCode',
        value: '91350100M000100Y44',
        rule: 'credit-code.check-digit',
        row: 17,
      },
    });
  });

  it('keeps the cause', () => {
    const cause = new Error('driver');
    expect(new ValidationError([creditIssue], { cause }).cause).toBe(cause);
  });
});

describe('the other errors', () => {
  it('ConflictError carries both versions', () => {
    const error = new ConflictError('employers', '91350100M000100Y43', 1, 2, { row: 3 });
    expect(error.code).toBe('CONFLICT');
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      'employers 91350100M000100Y43: expected version 1 but the stored version is 2',
    );
    expect(error.messageZh).toContain('期望版本 1');
    expect(error.details).toEqual({
      path: 'employers',
      value: '91350100M000100Y43',
      rule: 'version.match',
      expectedVersion: 1,
      actualVersion: 2,
      row: 3,
    });
  });

  it('NotFoundError names the entity and key', () => {
    const error = new NotFoundError('employer', 'X1', '用人单位');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('employer X1 was not found');
    expect(error.messageZh).toBe('未找到用人单位 X1');
    expect(error.details).toEqual({ path: 'employer', value: 'X1', rule: 'exists' });
    expect(new NotFoundError('fact', 'f1').messageZh).toBe('未找到fact f1');
  });

  it('ForbiddenError, PeriodLockedError and StoreError have their codes', () => {
    expect(
      new ForbiddenError('outside your region', '超出辖区', { region: '530100' }),
    ).toMatchObject({
      code: 'FORBIDDEN',
      messageZh: '超出辖区',
      details: { region: '530100' },
    });
    expect(new PeriodLockedError('2025Q1 is locked', '2025Q1 已锁定').code).toBe('PERIOD_LOCKED');
    const cause = new Error('SQLITE_BUSY');
    const store = new StoreError('sqlite', 'database is locked', {
      cause,
      messageZh: '数据库被锁定',
    });
    expect(store).toMatchObject({
      code: 'STORE_FAILED',
      message: '[sqlite] database is locked',
      messageZh: '[sqlite] 数据库被锁定',
      details: { store: 'sqlite' },
    });
    expect(store.cause).toBe(cause);
    expect(new StoreError('memory', 'closed').messageZh).toBe('[memory] closed');
  });

  it('isOccHealthError recognises errors, optionally by code', () => {
    const error = new ConflictError('facts', 'f1', 0, 1);
    expect(isOccHealthError(error)).toBe(true);
    expect(isOccHealthError(error, 'CONFLICT')).toBe(true);
    expect(isOccHealthError(error, 'NOT_FOUND')).toBe(false);
    expect(isOccHealthError(new Error('x'))).toBe(false);
    expect(isOccHealthError({ code: 'CONFLICT' })).toBe(false);
  });
});

describe('issue helpers', () => {
  it('fail throws a one-issue ValidationError', () => {
    expect(() => fail('period', '2025Q5', 'period.format', 'bad', '格式错误')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        issues: [
          {
            path: 'period',
            value: '2025Q5',
            rule: 'period.format',
            message: 'bad',
            messageZh: '格式错误',
          },
        ],
      }),
    );
  });

  const schema = z.object({
    code: z.string().refine((s) => s.length === 6, {
      message: 'must have six characters',
      params: { rule: 'region.code-format', messageZh: '必须为 6 位' },
    }),
    people: z.array(z.object({ age: z.number().int() })),
  });

  it('fromZodIssues maps custom params to rule and Chinese message, with prefix and row', () => {
    const input = { code: '53', people: [{ age: 30 }, { age: 'old' }] };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    const issues = fromZodIssues(result.error!.issues, input, { prefix: 'regions', row: 5 });
    expect(issues).toEqual([
      {
        path: 'regions.code',
        value: '53',
        rule: 'region.code-format',
        message: 'must have six characters',
        messageZh: '必须为 6 位',
        row: 5,
      },
      expect.objectContaining({
        path: 'regions.people.1.age',
        value: 'old',
        rule: 'schema.invalid_type',
        messageZh: expect.stringMatching(/^类型错误：/),
        row: 5,
      }),
    ]);
  });

  it('fromZodIssues names the root and leaves out the row when not given', () => {
    const result = z.string().safeParse(3);
    const [only] = fromZodIssues(result.error!.issues, 3);
    expect(only).toMatchObject({ path: '(root)', value: 3, rule: 'schema.invalid_type' });
    expect(only).not.toHaveProperty('row');
  });

  it('parseWith returns the data or throws every issue', () => {
    expect(parseWith(schema, { code: '530000', people: [] })).toEqual({
      code: '530000',
      people: [],
    });
    try {
      parseWith(schema, { code: 'x', people: [{ age: 1.5 }] }, { row: 2 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => [i.path, i.rule, i.row])).toEqual([
        ['code', 'region.code-format', 2],
        ['people.0.age', 'schema.invalid_type', 2],
      ]);
    }
  });
});
