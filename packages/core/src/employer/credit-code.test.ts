import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FULL_ALPHABET,
  GB32100_ALPHABET,
  PUBLISHED_CREDIT_CODES,
  referenceCheckCharacter,
} from '../../test/fixtures/credit-codes.js';
import { ValidationError } from '../errors/index.js';
import { makeCreditCode } from '../testing/fixtures.js';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
  creditCodeProblem,
  isValidCreditCode,
  parseCreditCode,
  REGISTRATION_AUTHORITIES,
} from './credit-code.js';

function ruleOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  return expect.unreachable('expected a ValidationError');
}

const EXAMPLE = '91350100M000100Y43';

/** A valid code: a registration authority of the standard, any type, six digits, 9 characters. */
const validCode = fc
  .tuple(
    fc.constantFrom(...Object.keys(REGISTRATION_AUTHORITIES)),
    fc.constantFrom(...GB32100_ALPHABET),
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 6 }),
    fc.string({ unit: fc.constantFrom(...GB32100_ALPHABET), minLength: 9, maxLength: 9 }),
  )
  .map(([a, t, region, org]) => {
    const first17 = `${a}${t}${region}${org}`;
    return first17 + referenceCheckCharacter(first17);
  });

describe('credit codes (GB 32100-2015)', () => {
  it('uses the alphabet of the standard', () => {
    expect(CREDIT_CODE_CHARSET).toBe(GB32100_ALPHABET);
  });

  it.each(PUBLISHED_CREDIT_CODES)('accepts the published code $code ($holder)', ({ code }) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeProblem(code)).toBeUndefined();
    expect(referenceCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it('splits the standard example into its parts', () => {
    expect(parseCreditCode(EXAMPLE)).toEqual({
      code: EXAMPLE,
      registrationAuthority: { code: '9', zh: '工商', en: 'Industry and commerce' },
      organisationType: { code: '1', zh: '企业' },
      regionCode: '350100',
      organisationCode: 'M000100Y4',
      checkCharacter: '3',
    });
    expect(parseCreditCode('914403001922038216')).toMatchObject({
      regionCode: '440300',
      organisationCode: '192203821',
      checkCharacter: '6',
    });
  });

  it('labels a type the standard leaves undefined by its code only', () => {
    const first17 = '9A350100M000100Y4';
    const code = first17 + referenceCheckCharacter(first17);
    expect(parseCreditCode(code).organisationType).toEqual({ code: 'A' });
    expect(
      parseCreditCode(`52${code.slice(2, 17)}${referenceCheckCharacter(`52${code.slice(2, 17)}`)}`)
        .organisationType,
    ).toEqual({ code: '2', zh: '民办非企业单位' });
  });

  it('returns no check character for a bad prefix', () => {
    expect(creditCodeCheckCharacter('9135010')).toBeUndefined();
    expect(creditCodeCheckCharacter('91350100M000100O4')).toBeUndefined();
  });

  const cases: Array<[string, unknown, string]> = [
    ['too short', EXAMPLE.slice(0, 17), 'credit-code.length'],
    ['too long', `${EXAMPLE}0`, 'credit-code.length'],
    ['empty', '', 'credit-code.length'],
    ['with I', '91350100M00010IY43', 'credit-code.charset'],
    ['with O', '91350100MO00100Y43', 'credit-code.charset'],
    ['with S', '91350100MS00100Y43', 'credit-code.charset'],
    ['with V', '91350100MV00100Y43', 'credit-code.charset'],
    ['with Z', '91350100MZ00100Y43', 'credit-code.charset'],
    ['in lower case', '91350100m000100y43', 'credit-code.charset'],
    ['with a space', '91350100 000100Y43', 'credit-code.charset'],
    ['with authority 0', '01350100M000100Y43', 'credit-code.registration-authority'],
    ['with authority B', 'B1350100M000100Y43', 'credit-code.registration-authority'],
    ['with letters in the region', '9135A100M000100Y43', 'credit-code.region'],
    ['with a wrong check character', '91350100M000100Y44', 'credit-code.check-digit'],
    ['not a string', 91350100, 'credit-code.type'],
  ];
  it.each(cases)('rejects a code %s', (_label, code, rule) => {
    expect(isValidCreditCode(code)).toBe(false);
    expect(creditCodeProblem(code)?.rule).toBe(rule);
    const error = ruleOf(() => parseCreditCode(code, 'employers.creditCode'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues).toEqual([
      expect.objectContaining({ path: 'employers.creditCode', value: code, rule }),
    ]);
    expect(error.details).toMatchObject({ path: 'employers.creditCode', value: code, rule });
    expect(error.issues[0]!.messageZh.length).toBeGreaterThan(0);
  });

  it('names the field creditCode by default', () => {
    expect(ruleOf(() => parseCreditCode('x')).issues[0]!.path).toBe('creditCode');
  });

  it('says which character is wrong and what the check character should be', () => {
    expect(creditCodeProblem('91350100MO00100Y43')?.message).toContain('character 10');
    expect(creditCodeProblem('91350100M000100Y44')?.message).toContain('should be 3');
  });

  it('accepts every code built by the reference algorithm (property)', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(isValidCreditCode(code)).toBe(true);
        expect(parseCreditCode(code).checkCharacter).toBe(code[17]);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every single-character substitution of a valid code (property)', () => {
    fc.assert(
      fc.property(
        validCode,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...FULL_ALPHABET),
        (code, position, replacement) => {
          fc.pre(code[position] !== replacement);
          const changed = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(isValidCreditCode(changed)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects every substitution of the standard example, exhaustively', () => {
    let tried = 0;
    for (let position = 0; position < 18; position++) {
      for (const ch of FULL_ALPHABET) {
        if (EXAMPLE[position] === ch) continue;
        const changed = EXAMPLE.slice(0, position) + ch + EXAMPLE.slice(position + 1);
        expect(isValidCreditCode(changed), changed).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(18 * 35);
  });

  it('makes valid, distinct fixture codes (makeCreditCode)', () => {
    const codes = [0, 1, 30, 31, 961, 27_512_614].map((s) => makeCreditCode(s, '530102'));
    for (const code of codes) {
      expect(code).toMatch(/^91530102MA/);
      expect(referenceCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    }
    expect(new Set(codes).size).toBe(codes.length);
    expect(makeCreditCode(1)).toBe('91530100MA0000001W'); // by hand: Σ = 902, 902 mod 31 = 3, 31 − 3 = 28 → W
    expect(() => makeCreditCode(-1)).toThrow(RangeError);
    expect(() => makeCreditCode(31 ** 7)).toThrow(RangeError);
    expect(() => makeCreditCode(1, '5301')).toThrow(RangeError);
  });
});
