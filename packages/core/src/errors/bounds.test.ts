import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataValue } from '../data/data.js';
import { parseEmployer } from '../employer/employer.js';
import { parseFact } from '../facts/facts.js';
import { ValidationError } from './errors.js';

function detailsOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).details;
  }
  throw new Error('expected a ValidationError');
}

const employer = {
  creditCode: '91530102100000000Y',
  name: '昆明五华机械有限公司',
  region: '530102',
  size: 'small',
};
const inspection = {
  id: 'i1',
  kind: 'inspection',
  employer: employer.creditCode,
  region: '530102',
  date: '2025-03-01',
  problemsFound: 4,
  problemsRectified: 3,
};

describe('bounds of the record schemas', () => {
  it('a count beyond 2^53 − 1 is refused (it would be stored rounded), 2^53 − 1 is kept exactly', () => {
    for (const n of [9007199254740992, 1e20, 1e308]) {
      expect(
        detailsOf(() => parseFact({ ...inspection, problemsFound: n, problemsRectified: 0 })),
      ).toMatchObject({ path: 'problemsFound', value: n, rule: 'count.safe-integer' });
    }
    const ok = parseFact({ ...inspection, problemsFound: 9007199254740991, problemsRectified: 0 });
    expect((ok as { problemsFound: number }).problemsFound).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('a data value of 1e308 or a 31-digit decimal is refused; a 30-digit one is kept', () => {
    const v = { dataElement: 'x', region: '530102', period: '2025' };
    expect(detailsOf(() => parseDataValue({ ...v, value: 1e308 }))).toMatchObject({
      path: 'value',
      rule: 'value.range',
    });
    expect(detailsOf(() => parseDataValue({ ...v, value: '1'.repeat(31) })).rule).toBe(
      'value.range',
    );
    expect(parseDataValue({ ...v, value: '9'.repeat(30) }).value).toBe('9'.repeat(30));
  });

  it.each([
    ['a NUL byte', 'A\u0000B', 'text.control-character'],
    ['an escape character', 'A\u001bB', 'text.control-character'],
    ['a lone high surrogate', 'A\uD800B', 'text.lone-surrogate'],
    ['a lone low surrogate', '\uDC00', 'text.lone-surrogate'],
    ['a megabyte of text', '厂'.repeat(1 << 20), 'text.max-length'],
  ])('an employer name with %s is refused, not repaired', (_, name, rule) => {
    expect(detailsOf(() => parseEmployer({ ...employer, name }))).toMatchObject({
      path: 'name',
      rule,
    });
  });

  it('a well-formed name of up to 200 characters with astral characters is kept unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }), (s) => {
        const name = [...`厂${s}`]
          .filter((ch) => {
            const c = ch.codePointAt(0)!;
            return c > 0x1f && (c < 0x7f || c > 0x9f);
          })
          .join('');
        fc.pre(name.trim().length > 0 && name.length <= 200 && name === name.trim());
        expect(parseEmployer({ ...employer, name }).name).toBe(name);
      }),
    );
  });

  it('a note may span lines but not hold NUL', () => {
    expect(parseFact({ ...inspection, note: 'a\nb' }).note).toBe('a\nb');
    expect(detailsOf(() => parseFact({ ...inspection, note: 'a\u0000' }))).toMatchObject({
      path: 'note',
      rule: 'text.control-character',
    });
  });
});
