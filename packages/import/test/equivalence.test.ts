/**
 * The same CSV files imported into a SQLite store and into MemoryStore give the same records, the
 * same query answers and the same figures (property test over generated files, including bad rows
 * in valid-rows mode).
 */

import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { type FactQuery, MemoryStore, type Store } from '@occhealth/core';
import { makeCreditCode } from '@occhealth/core/testing';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importText } from '../src/index.js';

const REGIONS = `code,name,level,parent
530000,云南省,province,
530100,昆明市,prefecture,530000
530102,五华区,county,530100
530103,盘龙区,county,530100
530300,曲靖市,prefecture,530000
530302,麒麟区,county,530300
`;
const COUNTIES = ['530102', '530103', '530302'];

const employerRow = fc.record({
  seed: fc.integer({ min: 0, max: 40 }),
  county: fc.constantFrom(...COUNTIES, '999999'),
  size: fc.constantFrom('large', '中型', 'small', '微型'),
  employees: fc.integer({ min: 0, max: 5000 }),
});
const factRow = fc.record({
  id: fc.integer({ min: 0, max: 200 }),
  employerSeed: fc.integer({ min: 0, max: 45 }),
  county: fc.constantFrom(...COUNTIES),
  month: fc.integer({ min: 1, max: 12 }),
  tested: fc.integer({ min: 0, max: 30 }),
  compliant: fc.integer({ min: 0, max: 30 }),
});

/** Σ postsCompliant / Σ postsTested × 100 of a subtree, half-up to 2 places, or null. */
async function complianceRate(store: Store, region: string): Promise<string | null> {
  let tested = new Decimal(0);
  let compliant = new Decimal(0);
  for (const f of await store.listFacts({ region, kinds: ['hazard-testing'] })) {
    if (f.kind !== 'hazard-testing') continue;
    tested = tested.plus(f.postsTested);
    compliant = compliant.plus(f.postsCompliant);
  }
  return tested.isZero()
    ? null
    : compliant.div(tested).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

describe('SQLite and MemoryStore agree after importing the same files', () => {
  it('gives equal records, queries and figures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(employerRow, { maxLength: 30 }),
        fc.array(factRow, { maxLength: 80 }),
        async (employers, facts) => {
          const employerCsv = [
            'creditCode,name,region,size,employees',
            ...employers.map(
              (e) =>
                `${makeCreditCode(e.seed, '530100')},单位${e.seed},${e.county},${e.size},${e.employees}`,
            ),
          ].join('\n');
          const factCsv = [
            'id,kind,region,date,employer,postsTested,postsCompliant',
            ...facts.map(
              (f) =>
                `t${f.id},hazard-testing,${f.county},2025-${String(f.month).padStart(2, '0')}-15,${makeCreditCode(f.employerSeed, '530100')},${f.tested},${f.compliant}`,
            ),
          ].join('\n');
          const sqlite = openSqliteStore(':memory:');
          const memory = new MemoryStore();
          const results = [];
          for (const store of [sqlite, memory]) {
            const r = [];
            r.push(await importText(store, REGIONS, { kind: 'regions' }));
            for (const [kind, text] of [
              ['employers', employerCsv],
              ['facts', factCsv],
            ] as const) {
              r.push(await importText(store, text, { kind, mode: 'valid-rows', batchSize: 7 }));
            }
            results.push(r);
          }
          // Same counts and the same rejected rows (line, rule), chunked bulk vs one write.
          expect(results[0]).toEqual(results[1]);
          expect(await sqlite.listEmployers()).toEqual(await memory.listEmployers());
          const queries: FactQuery[] = [
            {},
            { region: '530100' },
            { from: '2025-06-01', to: '2025-09-30' },
          ];
          for (const q of queries)
            expect(await sqlite.listFacts(q)).toEqual(await memory.listFacts(q));
          for (const region of ['530000', '530100', '530300', ...COUNTIES]) {
            expect(await sqlite.listEmployers({ region })).toEqual(
              await memory.listEmployers({ region }),
            );
            expect(await complianceRate(sqlite, region)).toBe(await complianceRate(memory, region));
          }
          await sqlite.close();
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
