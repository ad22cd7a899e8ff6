/**
 * The SQLite dialect's text-equality fast path (`jsonEqualsText`) against the core's comparison
 * rule, written out here: a string that is not a plain decimal equals only the same JSON string —
 * never a number, a boolean, null, an array or an object, nor a missing field.
 */
import { Query, sqliteDialect } from '@occhealth/sql';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const db = new Database(':memory:');

function equalsInSql(record: unknown, value: string): boolean {
  const q = new Query();
  const text = `SELECT ${sqliteDialect.jsonEqualsText!(q.bind(JSON.stringify(record)), ['f'], value, q)} AS v`;
  const r = q.render(text, sqliteDialect);
  return (db.prepare(r.text).get(...r.values) as { v: number }).v === 1;
}

/** The rule: equal exactly when the field is a JSON string with the same text. */
const expected = (field: unknown, value: string) => typeof field === 'string' && field === value;

describe('jsonEqualsText (SQLite)', () => {
  it('equals the same string only: not a number, boolean, null, container or missing field', () => {
    const cases: [unknown, string, boolean][] = [
      [{ f: 'periodic' }, 'periodic', true],
      [{ f: 'Periodic' }, 'periodic', false],
      [{ f: ['periodic'] }, '["periodic"]', false],
      [{ f: { a: 1 } }, '{"a":1}', false],
      [{ f: true }, 'true', false],
      [{ f: null }, 'null', false],
      [{}, 'periodic', false],
      [{ f: 12 }, 'x12', false],
      [{ f: '职业' }, '职业', true],
    ];
    for (const [record, value, want] of cases)
      expect(equalsInSql(record, value), JSON.stringify([record, value])).toBe(want);
  });

  it('agrees with the rule on random fields and non-decimal strings', () => {
    const field = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.constant(undefined),
    );
    const value = fc.oneof(fc.string(), fc.constantFrom('a', '["a"]', 'true', 'null'));
    fc.assert(
      fc.property(field, value, (f, v) => {
        fc.pre(!/^-?\d+(\.\d+)?$/.test(v));
        const record = f === undefined ? {} : { f };
        expect(equalsInSql(record, v)).toBe(expected(f, v));
      }),
      { numRuns: 500 },
    );
  });
});
