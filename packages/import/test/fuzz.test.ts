/**
 * Fuzz: hostile generated files and options thrown at the importer (MemoryStore and SQLite),
 * under a time limit per case. Every call returns or throws an OccHealthError subclass; a
 * ValidationError names the field and the rule of every issue; and after every rejected call the
 * store holds exactly what it held before.
 */
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { MemoryStore, OccHealthError, type Store, ValidationError } from '@occhealth/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importText } from '../src/index.js';

const REGIONS = [
  { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null },
  { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' },
  { code: '530102', name: { zh: '五华区' }, level: 'county', parent: '530100' },
];

const LIMIT_MS = 5000;

/** Everything a store holds, as plain data. */
async function contents(store: Store): Promise<unknown> {
  return {
    regions: (await store.regionTree())?.all() ?? [],
    employers: await store.listEmployers(),
    facts: await store.listFacts(),
    dataValues: await store.listDataValues(),
  };
}

const cell = fc.oneof(
  fc.constantFrom(
    '',
    '530102',
    '999999',
    '91530102100000000Y',
    '91530102100023757X',
    'small',
    '小型',
    '巨型',
    'declaration',
    '职业健康检查',
    '2025-02-30',
    '2025-03-01',
    '1e308',
    '9007199254740993',
    '-1',
    '"',
    '"a""b"',
    '\r',
    '\u0000',
    '\ud800',
    '[1,',
    '{"a":1}',
    'true',
  ),
  fc.string({ maxLength: 12 }),
);
const header = fc.oneof(
  fc.constantFrom(
    'creditCode,name,region,size',
    'id,kind,region,date,employer',
    'code,name,level,parent',
    'dataElement,region,period,value',
    '统一社会信用代码,单位名称,区划代码,企业规模',
    'code;name;level;parent',
  ),
  fc.string({ maxLength: 30 }),
);
const csvFile = fc
  .tuple(
    header,
    fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 12 }),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([h, rows, eol]) => [h, ...rows.map((r) => r.join(','))].join(eol));
const jsonValue = fc.jsonValue({ maxDepth: 4 });
const jsonFile = fc.oneof(
  fc.array(jsonValue, { maxLength: 6 }).map((a) => JSON.stringify(a)),
  fc.array(jsonValue, { maxLength: 6 }).map((a) => a.map((v) => JSON.stringify(v)).join('\n')),
  fc
    .tuple(fc.array(jsonValue, { maxLength: 6 }), fc.nat(40))
    .map(([a, cut]) => JSON.stringify(a).slice(0, cut)),
  fc.constant(`${'['.repeat(5000)}`),
);
const bytes = fc.uint8Array({ maxLength: 200 });
const source = fc.oneof(csvFile, jsonFile, bytes, fc.string({ maxLength: 100 }));
/** Mostly valid values, sometimes a hostile one. */
const mostly = <T, U>(valid: T[], hostile: U[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 9 },
    { arbitrary: fc.constantFrom(...hostile), weight: 1 },
  );
const options = fc.record(
  {
    kind: mostly(['regions', 'employers', 'facts', 'dataValues'], ['employer', '', 42, null]),
    mode: mostly(['all-or-nothing', 'valid-rows', undefined], ['yolo']),
    format: mostly(['csv', 'json', 'ndjson', 'auto', undefined], ['xml']),
    encoding: mostly([undefined, 'utf-8', 'gbk', 'utf-16le'], ['klingon', '']),
    batchSize: mostly([1, 2, 1000, undefined], [0, -1, 1.5, Number.NaN]),
    maxIssues: mostly([1, 5, undefined], [0]),
  },
  { requiredKeys: ['kind'] },
);

const isOptionError = (error: unknown) =>
  error instanceof ValidationError && error.issues.every((i) => i.path.startsWith('options.'));

async function withinLimit<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${LIMIT_MS} ms`)), LIMIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzz: hostile files and options', () => {
  it.each(['memory', 'sqlite'] as const)(
    'answers every case with a result or a typed error and leaves the store unchanged on refusal (%s)',
    async (which) => {
      let reached = 0;
      const store: Store = which === 'memory' ? new MemoryStore() : openSqliteStore(':memory:');
      await store.write({ regions: REGIONS });
      await fc.assert(
        fc.asyncProperty(source, options, async (input, opts) => {
          const before = await contents(store);
          const outcome = await withinLimit(
            importText(store, input, opts as never).then(
              (result) => ({ result }),
              (error: unknown) => ({ error }),
            ),
          );
          reached += 'error' in outcome && isOptionError(outcome.error) ? 0 : 1;
          if ('result' in outcome) {
            expect(outcome.result.rowsRead).toBeGreaterThanOrEqual(0);
            return;
          }
          const error = outcome.error;
          expect(error).toBeInstanceOf(OccHealthError);
          if (error instanceof ValidationError) {
            for (const issue of error.issues) {
              expect(typeof issue.path).toBe('string');
              expect(issue.path.length).toBeGreaterThan(0);
              expect(issue.rule).toMatch(/^[a-z][\w.-]*$/i);
              expect(issue.message.length).toBeGreaterThan(0);
              expect(issue.messageZh.length).toBeGreaterThan(0);
            }
          } else {
            expect((error as OccHealthError).details).toBeDefined();
          }
          expect(await contents(store)).toEqual(before);
        }),
        { numRuns: 300, seed: 20261201 },
      );
      // Most cases must get past option checks, or the fuzz tests nothing but the schema.
      expect(reached).toBeGreaterThan(150);
      await store.close();
    },
    120_000,
  );
});
