/**
 * Hostile plans thrown at definePlan() and hostile options at evaluate(), each under a time limit:
 * every call returns or throws an OccHealthError naming a field and rule, never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { definePlan } from '../../src/plans/define.js';
import { yunnanSmeAssistance } from '../../src/plans/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { buildStoreFixture } from '../../src/testing/fixtures.js';
import { expectTypedError, hostileValue, withinTimeLimit } from './hostile.js';

const label = { zh: '率', en: 'Rate' };
const validPlan = {
  id: 'fuzz',
  label,
  source: { doc: 'fuzz' },
  dataElements: [{ id: 'x', label: { zh: 'x' }, valueType: 'count' }],
  indicators: [
    {
      id: 'r',
      label,
      kind: 'proportion',
      unit: label,
      numerator: { op: 'data-element', id: 'x' },
      denominator: { op: 'count-employers' },
    },
  ],
  targets: [
    { indicator: 'r', comparator: '>=', value: '80', period: '2025', source: { doc: 'f' } },
  ],
};

/** Replace the value at a random path of `base` (found by walking keys by index) with `value`. */
function mutate(base: unknown, steps: number[], value: unknown): unknown {
  const root = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = root;
  for (const [i, step] of steps.entries()) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    const child = node[key];
    if (i === steps.length - 1 || child === null || typeof child !== 'object') {
      node[key] = value;
      return root;
    }
    node = child as Record<string, unknown>;
  }
  node.extra = value;
  return root;
}

describe('fuzz: definePlan and evaluate', () => {
  it('definePlan: hostile plans return or throw an OccHealthError in time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(10), { minLength: 1, maxLength: 6 }),
        hostileValue,
        (steps, value) => {
          const started = Date.now();
          try {
            definePlan(mutate(validPlan, steps, value) as never);
          } catch (e) {
            expectTypedError(e);
          }
          expect(Date.now() - started).toBeLessThan(2000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('evaluate: hostile options return or throw an OccHealthError in time', async () => {
    const store = new MemoryStore();
    await store.write(buildStoreFixture().batch);
    const plan = definePlan(validPlan as never);
    const base = { plan, store, region: '530000', period: '2025' };
    const keys = [
      'plan',
      'store',
      'region',
      'period',
      'levels',
      'indicators',
      'asOf',
      'explain',
      'pushdown',
      'other',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), hostileValue, async (key, value) => {
        try {
          await withinTimeLimit(evaluate({ ...base, [key]: value } as never), 'evaluate');
        } catch (e) {
          expectTypedError(e);
        }
      }),
      { numRuns: 300 },
    );
    // and the shipped pack over the fixture still evaluates
    const ok = await evaluate({ ...base, plan: yunnanSmeAssistance });
    expect(ok.results.length).toBeGreaterThan(0);
  });
});
