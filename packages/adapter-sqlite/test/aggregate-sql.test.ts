/**
 * @module test/aggregate-sql
 * Cross-checks of the pushdown against SQL written by hand and numbers worked out by hand: the
 * Yunnan assisted-cohort declaration rate per county as one literal query; distinct employers at
 * an ancestor; exact decimal sums; month-end suspensions; the suspension cut-off; the exact
 * decimal helpers.
 */

import {
  addDays,
  addMonths,
  aggregateInMemory,
  aggregateRequestFor,
  defineIndicator,
  definePlan,
  evaluate,
  MemoryStore,
} from '@occhealth/core';
import { aggregateFixture, aggregateIndicators, makeCreditCode } from '@occhealth/core/testing';
import {
  addExact,
  aggregateSteps,
  compareExact,
  formatExact,
  runSync,
  sqliteDialect,
  suspensionCutoff,
  toExact,
} from '@occhealth/sql';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateSql } from '../src/aggregate/index.js';
import { openSqliteStore } from '../src/index.js';

/**
 * The assisted-cohort declaration rate (as the Yunnan pack defines it: employers active on the
 * reference date with a `yunnan-five-ones` assistance fact in the period; numerator: those that
 * have declared by the reference date) for 2025, per county, written out as plain SQL. The
 * activity test is spelled out for the fixture's one-entry status histories: deregistered by the
 * reference date, or suspended since 2025-06-30 or earlier (six months by 2025-12-31), is inactive.
 */
const LITERAL_DECLARATION_RATE = `
  WITH cohort AS (
    SELECT e.credit_code, e.region FROM employers e
    WHERE EXISTS (SELECT 1 FROM facts a
        WHERE a.employer = e.credit_code AND a.kind = 'assistance'
          AND json_extract(a.record, '$.programme') = 'yunnan-five-ones'
          AND a.date BETWEEN '2025-01-01' AND '2025-12-31')
      AND coalesce(json_extract(e.record, '$.registeredOn'), '') <= '2025-12-31'
      AND NOT EXISTS (SELECT 1 FROM json_each(e.record, '$.statusHistory') h
        WHERE (json_extract(h.value, '$.status') = 'deregistered' AND json_extract(h.value, '$.from') <= '2025-12-31')
           OR (json_extract(h.value, '$.status') = 'suspended' AND json_extract(h.value, '$.from') <= '2025-06-30')))
  SELECT r.code AS county,
    (SELECT count(*) FROM cohort c
      WHERE c.region IN (SELECT descendant FROM region_closure WHERE ancestor = r.code)
        AND EXISTS (SELECT 1 FROM facts d WHERE d.employer = c.credit_code AND d.kind = 'declaration' AND d.date <= '2025-12-31')) AS numerator,
    (SELECT count(*) FROM cohort c
      WHERE c.region IN (SELECT descendant FROM region_closure WHERE ancestor = r.code)) AS denominator
  FROM regions r WHERE r.level = 'county' ORDER BY r.code`;

const cohort = {
  activeOn: 'reference-date' as const,
  cohort: {
    kind: 'assistance' as const,
    where: [{ field: 'programme', op: 'eq' as const, value: 'yunnan-five-ones' }],
    window: 'period' as const,
  },
};
const declarationPlan = definePlan({
  id: 'declaration',
  label: { zh: '帮扶企业申报率', en: 'Assisted-cohort declaration rate' },
  source: { doc: 'test' },
  indicators: [
    {
      id: 'declarationRate',
      label: { zh: '帮扶企业职业病危害项目申报率', en: 'Declaration rate of assisted SMEs' },
      kind: 'proportion',
      unit: { zh: '%', en: '%' },
      numerator: {
        op: 'count-employers',
        where: { ...cohort, hasFact: [{ kind: 'declaration', window: 'to-date' }] },
      },
      denominator: { op: 'count-employers', where: cohort },
    },
  ],
});

/** numerator / denominator × 100, half-up to one decimal, in integer arithmetic. */
function percentHalfUp(numerator: number, denominator: number): string {
  const tenths = Math.floor((2 * numerator * 1000 + denominator) / (2 * denominator));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

describe('aggregate() against hand-written SQL', () => {
  it('the assisted-cohort declaration rate per county equals a literal SQL query', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const fixture = aggregateFixture();
      // Declarations for some employers of the Yunnan cohort, so rates fall strictly between 0 and 100.
      const extra = (fixture.employers as { creditCode: string; region: string }[])
        .filter((_, i) => i % 4 === 1)
        .map((e, i) => ({
          id: `decl-extra-${i}`,
          kind: 'declaration',
          employer: e.creditCode,
          region: e.region,
          date: ['2023-05-05', '2025-11-11', '2026-01-02'][i % 3]!,
        }));
      await store.write({ ...fixture, facts: [...(fixture.facts ?? []), ...extra] });
      const literal = store.database.prepare(LITERAL_DECLARATION_RATE).all() as {
        county: string;
        numerator: number;
        denominator: number;
      }[];
      const evaluation = await evaluate({
        plan: declarationPlan,
        store,
        region: '530000',
        period: '2025',
        levels: ['county'],
        indicators: ['declarationRate'],
      });
      expect(evaluation.via).toBe('aggregate');
      const pushed = evaluation.results.map((r) => ({
        county: r.region,
        numerator: Number(r.numerator),
        denominator: Number(r.denominator),
        formatted: r.formatted,
      }));
      expect(pushed).toEqual(
        literal.map((l) => ({
          ...l,
          formatted: l.denominator === 0 ? null : percentHalfUp(l.numerator, l.denominator),
        })),
      );
      // The fixture must make the check meaningful: a county with a rate strictly between 0 and 100.
      expect(literal.some((l) => l.numerator > 0 && l.numerator < l.denominator)).toBe(true);
      // …and the activity test must bite: some assisted employer is inactive on 2025-12-31.
      const assisted = store.database
        .prepare(
          "SELECT count(DISTINCT employer) AS n FROM facts WHERE kind = 'assistance' AND json_extract(record, '$.programme') = 'yunnan-five-ones' AND date BETWEEN '2025-01-01' AND '2025-12-31'",
        )
        .get() as { n: number };
      expect(literal.reduce((n, l) => n + l.denominator, 0)).toBeLessThan(assisted.n);
    } finally {
      await store.close();
    }
  });

  it('counts an employer with facts in two counties once at their prefecture, and sums decimals exactly', async () => {
    const store = openSqliteStore(':memory:');
    const a = makeCreditCode(1);
    const b = makeCreditCode(2);
    try {
      await store.write({
        regions: [
          { code: 'P1', name: { zh: '省' }, level: 'province', parent: null },
          { code: 'C1', name: { zh: '市' }, level: 'prefecture', parent: 'P1' },
          { code: 'X1', name: { zh: '县1' }, level: 'county', parent: 'C1' },
          { code: 'X2', name: { zh: '县2' }, level: 'county', parent: 'C1' },
        ],
        employers: [
          { creditCode: a, name: 'A', region: 'X1', size: 'small' },
          // Suspended on 2024-08-31: + 6 months clamps to 2025-02-28, still counted that day, not after.
          {
            creditCode: b,
            name: 'B',
            region: 'X2',
            size: 'small',
            statusHistory: [{ status: 'suspended', from: '2024-08-31' }],
          },
        ],
        facts: [
          {
            id: 't1',
            kind: 'hazard-testing',
            employer: a,
            region: 'X1',
            date: '2025-01-10',
            postsTested: 3,
            postsCompliant: 2,
          },
          {
            id: 't2',
            kind: 'hazard-testing',
            employer: a,
            region: 'X2',
            date: '2025-02-10',
            postsTested: 4,
            postsCompliant: 4,
          },
          {
            id: 't3',
            kind: 'hazard-testing',
            employer: b,
            region: 'X2',
            date: '2025-02-20',
            postsTested: 1,
            postsCompliant: 1,
          },
          {
            id: 'c1',
            kind: 'enforcement-case',
            employer: a,
            region: 'X1',
            date: '2025-01-05',
            penalty: '0.1',
          },
          {
            id: 'c2',
            kind: 'enforcement-case',
            employer: b,
            region: 'X2',
            date: '2025-01-06',
            penalty: '0.2',
          },
          {
            id: 'c3',
            kind: 'enforcement-case',
            employer: b,
            region: 'X2',
            date: '2025-01-07',
            penalty: '9007199254740993.000000000000000001',
          },
        ],
      });
      const label = (id: string) => ({ zh: id, en: id });
      const plan = definePlan({
        id: 'hand',
        label: label('hand'),
        source: { doc: 'test' },
        indicators: [
          {
            id: 'tested',
            label: label('tested'),
            kind: 'count',
            unit: label('n'),
            aggregation: 'sum',
            numerator: { op: 'count-facts', kind: 'hazard-testing', distinct: 'employer' },
          },
          {
            id: 'penalties',
            label: label('penalties'),
            kind: 'count',
            unit: label('CNY'),
            aggregation: 'sum',
            decimals: 10,
            numerator: { op: 'sum-field', kind: 'enforcement-case', field: 'penalty' },
          },
          {
            id: 'active',
            label: label('active'),
            kind: 'count',
            unit: label('n'),
            aggregation: 'sum',
            numerator: { op: 'count-employers' },
          },
        ],
      });
      const at = async (asOf: string) => {
        const e = await evaluate({ plan, store, region: 'P1', period: '2025Q1', asOf });
        expect(e.via).toBe('aggregate');
        return Object.fromEntries(
          e.results.map((r) => [`${r.indicator}@${r.region}`, r.numerator?.toFixed() ?? null]),
        );
      };
      const march = await at('2025-03-31');
      expect(march['tested@X1']).toBe('1');
      expect(march['tested@X2']).toBe('2');
      expect(march['tested@C1']).toBe('2'); // A and B, not 1 + 2
      expect(march['tested@P1']).toBe('2');
      // 0.1 + 0.2 + 9007199254740993.000000000000000001, exactly (a double would give 9007199254740994)
      expect(march['penalties@C1']).toBe('9007199254740993.300000000000000001');
      expect(march['penalties@X2']).toBe('9007199254740993.200000000000000001');
      expect(march['active@C1']).toBe('1'); // B's suspension is over six months old after 2025-02-28
      const feb28 = await at('2025-02-28');
      expect(feb28['active@C1']).toBe('2');
      expect(feb28['active@X2']).toBe('1');
      const mar1 = await at('2025-03-01');
      expect(mar1['active@X2']).toBe('0');
    } finally {
      await store.close();
    }
  });
});

describe('suspensionCutoff', () => {
  it('gives the first suspension start still counted, across month-end clamping', () => {
    // Inclusive (停产停业6个月以内, seed 001): from 2024-08-28, six months end on 2025-02-28 itself.
    expect(suspensionCutoff('2025-02-28')).toBe('2024-08-28');
    expect(suspensionCutoff('2025-03-01')).toBe('2024-09-01'); // 08-29 … 08-31 clamp to 02-28
    expect(suspensionCutoff('2025-09-01')).toBe('2025-03-01');
    expect(suspensionCutoff('2025-12-31')).toBe('2025-07-01'); // 06-30 + 6 months is 12-30
    expect(suspensionCutoff('2024-08-29')).toBe('2024-02-29');
  });

  it('from >= cutoff exactly when date <= addMonths(from, 6)', () => {
    const day = fc.integer({ min: 0, max: 1500 }).map((n) => addDays('2023-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -300, max: 40 }), (date, offset) => {
        const from = addDays(addMonths(date, -6), offset);
        expect(from >= suspensionCutoff(date)).toBe(date <= addMonths(from, 6));
      }),
      { numRuns: 500 },
    );
  });
});

describe('exact decimals', () => {
  /** Independent check: scale every term to 20 decimals with string padding. */
  function scaled(s: string): bigint {
    const negative = s.startsWith('-');
    const [i, f = ''] = (negative ? s.slice(1) : s).split('.');
    const v = BigInt(`${i}${f.padEnd(20, '0')}`);
    return negative ? -v : v;
  }

  it('sums decimal strings exactly and prints them canonically', () => {
    const dec = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 22n }), fc.integer({ min: 0, max: 20 }))
      .map(([neg, units, scale]) => {
        const digits = units.toString().padStart(scale + 1, '0');
        const text =
          scale === 0
            ? digits
            : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
        return neg ? `-${text}` : text;
      });
    fc.assert(
      fc.property(fc.array(dec, { maxLength: 8 }), (terms) => {
        const sum = terms.reduce((acc, t) => addExact(acc, toExact(t)!), toExact('0')!);
        const want = terms.reduce((acc, t) => acc + scaled(t), 0n);
        expect(compareExact(sum, { units: want, scale: 20 })).toBe(0);
        const printed = formatExact(sum);
        expect(printed).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(scaled(printed)).toBe(want);
      }),
    );
  });

  it('reads numbers as JavaScript prints them and rejects what the core does not count', () => {
    expect(formatExact(toExact(1e21)!)).toBe('1000000000000000000000');
    expect(formatExact(toExact(1.5e-7)!)).toBe('0.00000015');
    expect(formatExact(toExact('12.50')!)).toBe('12.5');
    expect(formatExact(toExact('-0.0')!)).toBe('0');
    expect(toExact('1e3')).toBeUndefined();
    expect(toExact(true)).toBeUndefined();
    expect(toExact(Number.NaN)).toBeUndefined();
  });
});

/** A store holding the aggregate fixture, and the request of its indicators for the province. */
async function fixtureStore() {
  const store = openSqliteStore(':memory:');
  await store.write(aggregateFixture());
  const indicators = aggregateIndicators().map(defineIndicator);
  const request = aggregateRequestFor(indicators, '530000', '2025', '2025-12-31');
  return { store, db: store.database, request };
}

describe('the one-pass form on a subtree', () => {
  it('gives the figures of the in-memory path and of both SQL forms at every region of a province', async () => {
    const store = openSqliteStore(':memory:');
    const memory = new MemoryStore();
    try {
      await store.write(aggregateFixture());
      await memory.write(aggregateFixture());
      const indicators = aggregateIndicators().map(defineIndicator);
      for (const region of ['530000', '530100']) {
        const request = aggregateRequestFor(indicators, region, '2025', '2025-12-31');
        const expected = (await aggregateInMemory(memory, request)).figures;
        expect(Object.keys(expected).length).toBeGreaterThan(1);
        for (const strategy of ['onepass', 'scan', 'seek'] as const) {
          expect(aggregateSql(store.database, request, strategy).figures, strategy).toEqual(
            expected,
          );
        }
      }
    } finally {
      await store.close();
      await memory.close();
    }
  });

  it('gives way to the SQL form when a row does not read back as packed text', async () => {
    // A control character the packing uses as its separator, in a credit code written past the
    // core's validation (raw SQL): the one pass must not read a misaligned row.
    const { store, db, request } = await fixtureStore();
    try {
      const before = aggregateSql(db, request, 'scan').figures;
      const template = db
        .prepare(
          "SELECT region, record FROM employers WHERE record -> '$.hazardFactors' <> '[]' LIMIT 1",
        )
        .get() as { region: string; record: string };
      const odd = `91\u001f${'0'.repeat(15)}`;
      const record = { ...JSON.parse(template.record), creditCode: odd };
      delete record.statusHistory;
      delete record.registeredOn;
      db.prepare(
        'INSERT INTO employers (credit_code, region, version, record) VALUES (?, ?, 1, ?)',
      ).run(odd, template.region, JSON.stringify(record));
      db.prepare(
        "INSERT INTO facts (id, kind, region, employer, date, version, record) VALUES ('odd-decl', 'declaration', ?, ?, '2025-06-30', 1, ?)",
      ).run(
        template.region,
        odd,
        JSON.stringify({
          id: 'odd-decl',
          kind: 'declaration',
          employer: odd,
          region: template.region,
          date: '2025-06-30',
        }),
      );
      const after = aggregateSql(db, request, 'scan').figures;
      // The odd employer is counted (so a misread row would change a figure) ...
      expect(after).not.toEqual(before);
      // ... and the one pass gives the SQL form's figures, every region, every leaf ...
      expect(aggregateSql(db, request, 'onepass').figures).toEqual(after);
      expect(aggregateSql(db, request, 'auto').figures).toEqual(after);
      // ... because it read the packed rows, found one it cannot align and went on with the SQL
      // form's employer statement (a second statement over the employers).
      const seen: string[] = [];
      runSync(aggregateSteps(request, sqliteDialect, { strategy: 'onepass' }), (step) => {
        seen.push(step.text);
        const statement = db.prepare(step.text).safeIntegers(true);
        if ('pluck' in step) statement.pluck(true);
        else if ('raw' in step) statement.raw(true);
        return statement.all(...step.values) as never;
      });
      expect(seen.filter((t) => t.includes('FROM employers e')).length).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('gives way to the SQL form part-way through the facts scan when a fact row does not read back', async () => {
    // A region code holding the separator, written past the core's validation, with one fact: the
    // employers read back; the facts scan meets the odd row part-way, and no statement of it may
    // be left open when the SQL form's statements (and a write) run on the same connection.
    const { store, db, request } = await fixtureStore();
    try {
      const expected = aggregateSql(db, request, 'scan').figures;
      const odd = '53\u001f99';
      db.prepare(
        "INSERT INTO regions (code, parent, level, version, record) VALUES (?, '530000', 'prefecture', 1, ?)",
      ).run(
        odd,
        JSON.stringify({ code: odd, name: { zh: '异常' }, level: 'prefecture', parent: '530000' }),
      );
      db.prepare(
        "INSERT INTO facts (id, kind, region, employer, date, version, record) VALUES ('odd-decl', 'declaration', ?, NULL, '2025-06-30', 1, ?)",
      ).run(
        odd,
        JSON.stringify({
          id: 'odd-decl',
          kind: 'declaration',
          region: odd,
          date: '2025-06-30',
          workersExamined: 3,
        }),
      );
      // The odd region is outside the closure table, so the SQL form's figures are unchanged ...
      expect(aggregateSql(db, request, 'scan').figures).toEqual(expected);
      // ... and the one pass, through the adapter's own executor, gives them too.
      expect(aggregateSql(db, request, 'onepass').figures).toEqual(expected);
      // The scan was closed: a write on the connection is not refused as "busy".
      expect(db.prepare("UPDATE facts SET version = 2 WHERE id = 'odd-decl'").run().changes).toBe(
        1,
      );
      expect(aggregateSql(db, request, 'auto').figures).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it('reads the facts in slices of the rowid, across gaps up to the largest rowid', async () => {
    // The one pass scans the facts 65,536 rowids at a time and seeks over gaps: spread the
    // fixture's facts over several slices, far apart, the last at SQLite's largest rowid.
    const { store, db, request } = await fixtureStore();
    const memory = new MemoryStore();
    try {
      await memory.write(aggregateFixture());
      db.exec(`
        UPDATE facts SET rowid = rowid + 70000 WHERE id LIKE 'decl-%';
        UPDATE facts SET rowid = rowid + 4611686018427387904 WHERE id LIKE 'asst-%';
        UPDATE facts SET rowid = 9223372036854775807 WHERE rowid = (SELECT max(rowid) FROM facts);`);
      const spread = db
        .prepare('SELECT count(DISTINCT rowid / 65536) AS slices FROM facts')
        .get() as { slices: number };
      expect(spread.slices).toBeGreaterThan(3);
      const expected = (await aggregateInMemory(memory, request)).figures;
      expect(aggregateSql(db, request, 'onepass').figures).toEqual(expected);
      expect(aggregateSql(db, request, 'scan').figures).toEqual(expected);
    } finally {
      await store.close();
      await memory.close();
    }
  });
});
