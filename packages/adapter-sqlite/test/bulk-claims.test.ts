/**
 * A bulk session into a table that was empty when it began skips the existence lookup of a key it
 * has just claimed fresh. That shortcut must never change what a write does: any sequence of
 * claims and writes (claimed or not, repeated, changed, bad) gives the same results and the same
 * stored rows as the same batches written one by one with `store.write` into a second store.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/index.js';

const regions = [
  { code: '530000', name: { zh: '云南省' }, level: 'province' as const, parent: null },
  { code: '530100', name: { zh: '昆明市' }, level: 'prefecture' as const, parent: '530000' },
];
const employer = {
  creditCode: '91530102100000000Y',
  name: '单位',
  region: '530100',
  size: 'small' as const,
};

const fact = (id: number, day: number, bad: boolean) => ({
  id: `F${id}`,
  kind: 'declaration',
  region: bad ? '539999' : '530100', // an unknown region: rejected by the planner
  date: `2025-03-${String(day).padStart(2, '0')}`,
  employer: employer.creditCode,
});

/** One step: a batch of facts, claimed first or not, written in one of the two modes. */
const step = fc.record({
  rows: fc.array(
    fc.record({
      id: fc.integer({ min: 0, max: 12 }),
      day: fc.integer({ min: 1, max: 3 }),
      bad: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  claim: fc.constantFrom('all', 'none', 'some'),
  mode: fc.constantFrom('valid-rows' as const, 'all-or-nothing' as const),
});

async function outcome<T>(p: Promise<T>): Promise<T | { error: string }> {
  try {
    return await p;
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

describe('bulk session existence shortcut', () => {
  it('gives the results and rows of plain writes for any sequence of claims and writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (steps, employersInSession) => {
          const bulk = openSqliteStore(':memory:');
          const plain = openSqliteStore(':memory:');
          try {
            for (const s of [bulk, plain]) await s.write({ regions });
            if (!employersInSession) {
              for (const s of [bulk, plain]) await s.write({ employers: [employer] });
            }
            const session = await bulk.bulk!();
            if (employersInSession) {
              await session.claimKeys('employers', [{ key: employer.creditCode, tag: 0 }]);
              const a = await session.write({ employers: [employer] });
              const b = await plain.write({ employers: [employer] });
              expect(a).toEqual(b);
            }
            let line = 1;
            for (const { rows, claim, mode } of steps) {
              const batch = rows.map((r) => fact(r.id, r.day, r.bad));
              const claimed =
                claim === 'all'
                  ? batch
                  : claim === 'some'
                    ? batch.filter((_, i) => i % 2 === 0)
                    : [];
              // The importer drops rows whose key the session had seen; here every row is written
              // whatever the claim said, so a claimed-before key is written again too.
              if (claimed.length > 0) {
                await session.claimKeys(
                  'facts',
                  claimed.map((f) => ({ key: f.id, tag: line++ })),
                );
              }
              const a = await outcome(session.write({ facts: batch }, { mode }));
              const b = await outcome(plain.write({ facts: batch }, { mode }));
              expect(a).toEqual(b);
            }
            await session.commit();
            const stored = async (s: typeof bulk) =>
              (await s.listFacts()).map((f) => [f.id, f.date, f.version]).sort();
            expect(await stored(bulk)).toEqual(await stored(plain));
          } finally {
            await bulk.close();
            await plain.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000); // ≈ 4 s on an idle machine; over 30 s under a load of 20
});
