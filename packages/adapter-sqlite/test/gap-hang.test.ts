/**
 * Regression: a count near 1e20 made evaluate() never return (the gap search ran on 20-digit
 * Decimals). Counts of 29 digits, pushed down and in memory, must evaluate within a time limit.
 */
import { definePlan, evaluate, MemoryStore, type Store } from '@occhealth/core';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/index.js';

const label = { zh: '率', en: 'Rate' };
const plan = definePlan({
  id: 'huge',
  label,
  source: { doc: 'test' },
  dataElements: [
    { id: 'done', label: { zh: '完成数' }, valueType: 'count' },
    { id: 'all', label: { zh: '总数' }, valueType: 'count' },
  ],
  indicators: [
    {
      id: 'rate',
      label,
      kind: 'proportion',
      unit: { zh: '%', en: '%' },
      numerator: { op: 'data-element', id: 'done' },
      denominator: { op: 'data-element', id: 'all' },
    },
  ],
  targets: [
    { indicator: 'rate', comparator: '>=', value: '95', period: '2025', source: { doc: 't' } },
  ],
});

const batch = {
  regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province' as const, parent: null }],
  dataValues: [
    { dataElement: 'done', region: '530000', period: '2025', value: `1${'0'.repeat(28)}` },
    { dataElement: 'all', region: '530000', period: '2025', value: `3${'0'.repeat(28)}` },
  ],
};

describe('gap at 29-digit counts', () => {
  it.each([
    ['SQLite pushdown', () => openSqliteStore(':memory:'), true],
    ['SQLite in memory', () => openSqliteStore(':memory:'), false],
    ['MemoryStore', () => new MemoryStore(), true],
  ] as Array<[string, () => Store, boolean]>)(
    '%s: evaluate() returns the exact gap',
    async (_, make, pushdown) => {
      const store = make();
      await store.write(batch);
      const started = Date.now();
      const { results } = await evaluate({
        plan,
        store,
        region: '530000',
        period: '2025',
        pushdown,
      });
      expect(Date.now() - started).toBeLessThan(2000);
      // Independent: 95 % of 3e28 is 2.85e28, so 2.85e28 − 1e28 = 1.85e28 more are needed.
      expect(results[0]?.gap?.units.toFixed()).toBe(`185${'0'.repeat(26)}`);
      expect(results[0]?.gap?.action).toBe('add');
      await store.close();
    },
    10_000,
  );
});
