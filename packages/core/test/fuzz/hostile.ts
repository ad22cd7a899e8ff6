/**
 * Shared fuzz generators and checks (used by core's and adapter-sqlite's fuzz tests): generated hostile rows (every field of every kind
 * replaced by a wrong type, an out-of-range number, NUL, a lone surrogate, a megabyte of text, a
 * deep or circular value, or an unknown field) thrown at `store.write`, each under a time limit.
 * For every case the write resolves or rejects with an `OccHealthError`; a `ValidationError`
 * names a field and a rule; and a rejected write leaves the store exactly as it was.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { isOccHealthError, ValidationError } from '../../src/errors/index.js';
import type { WriteBatch, WriteOptions } from '../../src/store/port.js';
import { captureState, type StoreConformanceContext } from '../../src/testing/context.js';
import { buildStoreFixture } from '../../src/testing/fixtures.js';

/** Longest a single hostile call may take before the case fails as a hang. */
export const HOSTILE_CASE_MS = 2000;

function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { v };
  return v;
}

function circular(): unknown {
  const o: Record<string, unknown> = { op: 'add' };
  o.self = o;
  o.terms = [o];
  return o;
}

/** Values no field should accept silently (some are valid for some fields; that is fine). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    9007199254740992,
    2 ** 53 + 2, // 9007199254740994: the literal 9007199254740993 cannot exist as a number
    1e20,
    1e308,
    -1,
    -0,
    0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    ' ',
    '\u0000',
    'A\u0000B',
    '\uD800',
    '\uDFFF厂',
    '2025-02-30',
    '1e20',
    '9'.repeat(400),
    '厂'.repeat(1 << 20),
    null,
    undefined,
    true,
    [],
    {},
    [null],
    { zh: '\u0000' },
  ),
  fc.constant(null).map(() => deep(10_000)),
  fc.constant(null).map(circular),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
);

const KINDS = ['regions', 'employers', 'facts', 'dataValues'] as const;

/** One hostile batch: a valid row of one kind with one field replaced or added. */
export const hostileBatch: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom(...KINDS),
      row: fc.nat(7),
      field: fc.oneof(fc.nat(20), fc.string({ maxLength: 12 })),
      value: hostileValue,
    })
    .map(({ kind, row, field, value }) => {
      const fx = buildStoreFixture();
      const rows = fx[kind] as unknown as Record<string, unknown>[];
      const target = { ...rows[row % rows.length]! };
      const keys = Object.keys(target);
      const key = typeof field === 'number' ? (keys[field] ?? `extra${field}`) : field;
      target[key] = value;
      return { [kind]: [target] };
    }),
  fc.record({ kind: fc.constantFrom(...KINDS), value: hostileValue }).map(({ kind, value }) => ({
    [kind]: value,
  })),
  hostileValue,
);

/** Write options: mostly absent or valid, sometimes hostile (`mode: 'yolo'`, null, unknown keys). */
export const hostileWriteOptions: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(undefined, {}, { mode: 'valid-rows' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, { mode: 'yolo' }, { mode: undefined, force: true }),
  },
  { weight: 1, arbitrary: fc.record({ mode: hostileValue }) },
  { weight: 1, arbitrary: hostileValue },
);

/** Settle `promise` or fail after {@link HOSTILE_CASE_MS}. */
export async function withinTimeLimit<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${HOSTILE_CASE_MS} ms`)),
      HOSTILE_CASE_MS,
    );
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Assert an error is an OccHealthError and, when a ValidationError, names a field and a rule. */
export function expectTypedError(error: unknown): void {
  expect(isOccHealthError(error), `not an OccHealthError: ${String(error)}`).toBe(true);
  if (error instanceof ValidationError) {
    for (const issue of error.issues) {
      expect(typeof issue.path).toBe('string');
      expect(issue.path.length).toBeGreaterThan(0);
      expect(issue.rule).toMatch(/^[\w.-]+$/);
    }
  }
}

/** Register the hostile-write property for one store. */
export function registerHostileWrites(
  ctx: Pick<StoreConformanceContext, 'makeStore' | 'raw'>,
  numRuns = 150,
): void {
  it('hostile rows: every write resolves or throws an OccHealthError in time; a rejected write changes nothing', async () => {
    const store = await ctx.makeStore();
    try {
      await store.write(buildStoreFixture().batch);
      let before = await captureState(ctx, store);
      await fc.assert(
        fc.asyncProperty(hostileBatch, hostileWriteOptions, async (batch, options) => {
          let error: unknown;
          try {
            await withinTimeLimit(
              store.write(batch as WriteBatch, options as WriteOptions),
              'store.write',
            );
          } catch (e) {
            error = e;
          }
          if (error === undefined) {
            // Accepted (the hostile value was valid for that field): the new state is the baseline.
            before = await captureState(ctx, store);
            return;
          }
          expectTypedError(error);
          expect(await captureState(ctx, store)).toEqual(before);
        }),
        { numRuns },
      );
    } finally {
      await store.close();
    }
  }, 60_000);
}
