/**
 * @module testing/validation
 * Conformance: bad input is rejected through the store with the named rule, path, value and row.
 */
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../errors/index.js';
import type { WriteBatch } from '../store/index.js';
import {
  captureState,
  expectUnchanged,
  expectValidationError,
  issueLike,
  type StoreConformanceContext,
  withStore,
} from './context.js';
import { buildStoreFixture, makeCreditCode, withWrongCheckCharacter } from './fixtures.js';

interface BadCase {
  readonly name: string;
  readonly batch: (fx: ReturnType<typeof buildStoreFixture>) => WriteBatch;
  readonly issue: Partial<ValidationIssue>;
}

const good = makeCreditCode(555, '530102');
const employerWith = (creditCode: unknown) => ({
  creditCode,
  name: '示例单位',
  region: '530102',
  size: 'small',
});

/** Bad rows, each written as row 2 of its kind after one good row. */
const CASES: readonly BadCase[] = [
  {
    name: 'a credit code of the wrong length',
    batch: () => ({ employers: [employerWith(good), employerWith(good.slice(0, 17))] }),
    issue: { path: 'employers.creditCode', value: good.slice(0, 17), rule: 'credit-code.length' },
  },
  {
    name: 'a credit code with a forbidden letter (O)',
    batch: () => ({
      employers: [employerWith(good), employerWith(`${good.slice(0, 10)}O${good.slice(11)}`)],
    }),
    issue: { path: 'employers.creditCode', rule: 'credit-code.charset' },
  },
  {
    name: 'a lower-case credit code',
    batch: () => ({ employers: [employerWith(good), employerWith(good.toLowerCase())] }),
    issue: { path: 'employers.creditCode', value: good.toLowerCase(), rule: 'credit-code.charset' },
  },
  {
    name: 'a credit code with a bad check character',
    batch: () => ({ employers: [employerWith(good), employerWith(withWrongCheckCharacter(good))] }),
    issue: {
      path: 'employers.creditCode',
      value: withWrongCheckCharacter(good),
      rule: 'credit-code.check-digit',
    },
  },
  {
    name: 'an invalid industry code (division 44 is not manufacturing)',
    batch: () => ({
      employers: [
        employerWith(good),
        { ...employerWith(makeCreditCode(556, '530102')), industry: 'C44' },
      ],
    }),
    issue: { path: 'employers.industry', value: 'C44', rule: 'industry.code' },
  },
  {
    name: 'a negative count',
    batch: (fx) => ({
      facts: [fx.facts[2]!, { ...fx.facts[2]!, id: 'neg', postsTested: -3, postsCompliant: 0 }],
    }),
    issue: { path: 'facts.postsTested', value: -3, rule: 'count.non-negative' },
  },
  {
    name: 'a fractional count',
    batch: (fx) => ({
      facts: [fx.facts[0]!, { ...fx.facts[0]!, id: 'frac', workersTrained: 2.5 }],
    }),
    issue: { path: 'facts.workersTrained', value: 2.5, rule: 'count.integer' },
  },
  {
    name: 'compliant posts above posts tested',
    batch: (fx) => ({
      facts: [fx.facts[2]!, { ...fx.facts[2]!, id: 'over', postsTested: 4, postsCompliant: 5 }],
    }),
    issue: { path: 'facts.postsCompliant', value: 5, rule: 'count.part-of-whole' },
  },
  {
    name: 'dispositions that do not add up to the problems found',
    batch: (fx) => ({
      facts: [fx.facts[4]!, { ...fx.facts[4]!, id: 'insp-2', problemsFound: 541 }],
    }),
    issue: { path: 'facts.dispositions', rule: 'inspection.dispositions-sum' },
  },
  {
    name: 'an impossible date (2025-02-29)',
    batch: (fx) => ({ facts: [fx.facts[1]!, { ...fx.facts[1]!, id: 'd2', date: '2025-02-29' }] }),
    issue: { path: 'facts.date', value: '2025-02-29', rule: 'date.format' },
  },
  {
    name: 'a date in the wrong format',
    batch: (fx) => ({ facts: [fx.facts[1]!, { ...fx.facts[1]!, id: 'd3', date: '2025/03/10' }] }),
    issue: { path: 'facts.date', value: '2025/03/10', rule: 'date.format' },
  },
  {
    name: 'a date out of range',
    batch: (fx) => ({ facts: [fx.facts[1]!, { ...fx.facts[1]!, id: 'd4', date: '1900-01-01' }] }),
    issue: { path: 'facts.date', value: '1900-01-01', rule: 'date.range' },
  },
  {
    name: 'a case concluded before it was filed',
    batch: (fx) => ({
      facts: [fx.facts[7]!, { ...fx.facts[7]!, id: 'case-2', concludedOn: '2025-08-14' }],
    }),
    issue: { path: 'facts.concludedOn', value: '2025-08-14', rule: 'case.concluded-after-filed' },
  },
  {
    name: 'a malformed period in a data value',
    batch: (fx) => ({
      dataValues: [fx.dataValues[0]!, { ...fx.dataValues[1]!, period: '2025-13' }],
    }),
    issue: { path: 'dataValues.period', value: '2025-13', rule: 'period.format' },
  },
  {
    name: 'a data value that is not a decimal',
    batch: (fx) => ({ dataValues: [fx.dataValues[0]!, { ...fx.dataValues[1]!, value: '1,200' }] }),
    issue: { path: 'dataValues.value', rule: 'value.decimal' },
  },
  {
    name: 'a malformed region code',
    batch: (fx) => ({
      regions: [
        fx.regions[2]!,
        { code: '5 3', name: { zh: '坏代码' }, level: 'county', parent: '530100' },
      ],
    }),
    issue: { path: 'regions.code', value: '5 3', rule: 'region.code-format' },
  },
];

/** Register the bad-input tests. */
export function describeValidation(ctx: StoreConformanceContext): void {
  describe('bad input', () => {
    for (const c of CASES) {
      it(`rejects ${c.name} [${c.issue.rule}]`, async () => {
        await withStore(ctx, async (store) => {
          const fx = buildStoreFixture();
          await store.write(fx.batch);
          const before = await captureState(ctx, store);
          const issues = await expectValidationError(store.write(c.batch(fx)));
          expect(issues).toContainEqual(issueLike({ ...c.issue, row: 2 }));
          expect(issues.every((i) => i.row === 2)).toBe(true);
          await expectUnchanged(ctx, store, before);
        });
      });
    }

    it('rejects unknown fields and unknown fact kinds', async () => {
      await withStore(ctx, async (store) => {
        const fx = buildStoreFixture();
        await store.write(fx.batch);
        const issues = await expectValidationError(
          store.write({
            employers: [{ ...fx.employers[0]!, colour: 'red' }],
            facts: [{ ...fx.facts[1]!, kind: 'picnic' }],
          }),
        );
        expect(issues).toContainEqual(issueLike({ row: 1, rule: 'schema.unrecognized_keys' }));
        expect(issues).toContainEqual(issueLike({ path: 'facts.kind', row: 1 }));
      });
    });

    it('rejects a batch whose kind is not an array', async () => {
      await withStore(ctx, async (store) => {
        const issues = await expectValidationError(
          store.write({ employers: 'none' } as unknown as WriteBatch),
        );
        expect(issues).toContainEqual(issueLike({ path: 'employers', rule: 'batch.array' }));
      });
    });
  });
}
