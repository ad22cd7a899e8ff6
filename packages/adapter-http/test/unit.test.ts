import { createHash } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PeriodLockedError,
  StoreError,
  ValidationError,
} from '@occhealth/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import * as api from '../src/index.js';
import {
  HTTP_STATUS_OF,
  HttpError,
  hashToken,
  languageOf,
  problemOf,
  staticTokens,
  VERSION,
} from '../src/index.js';

describe('static tokens', () => {
  it('hashToken is the hex SHA-256 of the UTF-8 token (checked against node:crypto)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 64 }), async (t) => {
        expect(await hashToken(t)).toBe(createHash('sha256').update(t, 'utf8').digest('hex'));
      }),
      { numRuns: 50 },
    );
  });

  it('a known token maps to its principal; an unknown one, a prefix or a hash itself does not', async () => {
    const sha256 = await hashToken('s3cret-token');
    const auth = staticTokens({ tokens: [{ id: 'a', sha256, region: '530300', role: 'viewer' }] });
    const req = new Request('http://x/');
    expect(await auth('s3cret-token', req)).toEqual({ id: 'a', region: '530300', role: 'viewer' });
    for (const wrong of ['s3cret-toke', 's3cret-token ', sha256, ''])
      expect(await auth(wrong, req)).toBeUndefined();
  });

  it('a malformed config is refused up front, naming the field', () => {
    expect(() =>
      staticTokens({
        tokens: [{ id: 'a', sha256: 'plain-text-token', region: '530300', role: 'viewer' }],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: 'tokens.0.sha256' })],
      }),
    );
    expect(() =>
      staticTokens({
        tokens: [{ id: 'a', sha256: 'a'.repeat(64), region: '530300', role: 'root' }],
      }),
    ).toThrow(/role|tokens/);
  });
});

describe('problem documents', () => {
  it('Accept-Language picks zh or en by quality, Chinese by default', () => {
    expect(languageOf(undefined)).toBe('zh');
    expect(languageOf('en')).toBe('en');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(languageOf('fr-FR, en;q=0.5, zh-CN;q=0.8')).toBe('zh');
    expect(languageOf('zh-TW;q=0.1, en;q=0.2')).toBe('en');
    expect(languageOf('de, fr')).toBe('zh');
    expect(languageOf('en;q=0, zh;q=0')).toBe('zh');
  });

  it('the status comes from the error code, whatever the class is called after bundling', () => {
    const cases: [Error, number, string][] = [
      [
        ValidationError.of({ path: 'a', value: 1, rule: 'r', message: 'm', messageZh: '中' }),
        422,
        'validation-failed',
      ],
      [new NotFoundError('employer', 'X'), 404, 'not-found'],
      [new ConflictError('employer', 'X', 1, 2), 409, 'conflict'],
      [new ForbiddenError('no', '不'), 403, 'forbidden'],
      [new PeriodLockedError('locked', '锁定'), 423, 'period-locked'],
      [new StoreError('sqlite', 'disk I/O error at /var/secret.db'), 500, 'store-failed'],
      [new HttpError('PRECONDITION_REQUIRED', 'm', '中'), 428, 'precondition-required'],
      [new TypeError('boom'), 500, 'internal'],
    ];
    for (const [error, status, type] of cases) {
      Object.defineProperty(error, 'name', { value: `_${error.name}` }); // a bundler's rename
      const { problem } = problemOf(error, 'en', '/x');
      expect(problem.status, error.message).toBe(status);
      expect(problem.type).toBe(`urn:occhealth:problem:${type}`);
      expect(HTTP_STATUS_OF[problem.code]).toBe(status);
    }
  });

  it('store failures and unknown errors do not echo internals', () => {
    const { problem } = problemOf(
      new StoreError('sqlite', 'disk I/O error at /var/secret.db'),
      'en',
      '/x',
    );
    expect(JSON.stringify(problem)).not.toContain('secret');
    expect(JSON.stringify(problemOf(new Error('stack /home/x'), 'zh', '/x').problem)).not.toContain(
      '/home',
    );
  });

  it('field errors carry path, value, rule, row and the message in the language; long values are cut', () => {
    const error = new ValidationError([
      {
        path: 'employers.0.size',
        value: 'huge',
        rule: 'enum',
        message: 'bad size',
        messageZh: '规模无效',
        row: 4,
      },
      {
        path: 'employers.1.name',
        value: 'x'.repeat(1000),
        rule: 'length',
        message: 'too long',
        messageZh: '过长',
        row: 5,
      },
    ]);
    const zh = problemOf(error, 'zh', '/imports/employers').problem;
    expect(zh.errors[0]).toEqual({
      path: 'employers.0.size',
      value: 'huge',
      rule: 'enum',
      row: 4,
      detail: '规模无效',
    });
    expect(String(zh.errors[1]!.value).length).toBeLessThanOrEqual(201);
    expect(problemOf(error, 'en', '/').problem.errors[0]!.detail).toBe('bad size');
  });

  it('the table covers 400/401/403/404/409/412/413/415/422/423/429', () => {
    expect(new Set(Object.values(HTTP_STATUS_OF))).toEqual(
      new Set([400, 401, 403, 404, 409, 412, 413, 415, 422, 423, 428, 429, 500]),
    );
  });
});

describe('public API', () => {
  it('VERSION is the package version', () => {
    expect(VERSION).toBe(pkg.version);
  });
  it('pins the exports of the main entry', () => {
    expect(Object.keys(api).sort()).toMatchSnapshot();
    for (const [name, value] of Object.entries(api)) expect(value, name).toBeDefined();
  });
});
