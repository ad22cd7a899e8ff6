import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { yunnanSmeAssistance } from '../plans/index.js';
import { MemoryStore } from '../store/memory.js';
import { evaluate } from './evaluate.js';

const store = new MemoryStore();
await store.write({
  regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }],
});
const ok = { plan: yunnanSmeAssistance, store, region: '530000', period: '2025' };

async function issueOf(options: unknown) {
  const e = await evaluate(options as never).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return (e as ValidationError).details;
}

describe('evaluate() options are validated at the boundary', () => {
  it('a valid call still evaluates', async () => {
    expect((await evaluate(ok)).results.length).toBeGreaterThan(0);
  });

  it.each([
    ['plan: null', { ...ok, plan: null }, 'plan', 'evaluate.plan'],
    ['no store', { ...ok, store: undefined }, 'store', 'evaluate.store'],
    ['a store without its methods', { ...ok, store: {} }, 'store', 'evaluate.store'],
    ['asOf 2025-02-30', { ...ok, asOf: '2025-02-30' }, 'asOf', 'date.format'],
    ["levels ['galaxy']", { ...ok, levels: ['galaxy'] }, 'levels.0', 'schema.invalid_value'],
    ['pushdown: "yes"', { ...ok, pushdown: 'yes' }, 'pushdown', 'schema.invalid_type'],
    ['an unknown option', { ...ok, asof: '2025-06-30' }, 'asof', 'schema.unrecognized_keys'],
    [
      'explain: { region: [] }',
      { ...ok, explain: { region: [] } },
      'explain',
      'schema.invalid_union',
    ],
  ])('%s → ValidationError at the option', async (_, options, path, rule) => {
    expect(await issueOf(options)).toMatchObject({ path, rule });
  });

  it('options that are not an object at all', async () => {
    expect((await issueOf(null)).path).toBe('(root)');
  });
});
