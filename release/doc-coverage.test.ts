/**
 * The documentation count of `doc-coverage.ts` on a hand-built typedoc JSON project: our own
 * declarations are counted, a library's re-exported class is not (flagged external by typedoc, or
 * its symbol owned by a package outside `@occhealth/`).
 */
import { describe, expect, it } from 'vitest';
import { coverage, type Reflection } from './doc-coverage.js';

const summary = (text: string) => ({ summary: [{ text }] });
const example = { summary: [], blockTags: [{ tag: '@example' }] };

/** One package with one entry module, as typedoc's packages mode writes it. */
function project(symbolIdMap: Reflection['symbolIdMap'], external: boolean): Reflection {
  return {
    name: 'occhealth API reference',
    kind: 1,
    symbolIdMap,
    children: [
      {
        name: '@occhealth/core',
        kind: 2,
        children: [
          {
            name: 'index',
            kind: 2,
            children: [
              {
                id: 1,
                name: 'add',
                kind: 64,
                signatures: [{ name: 'add', kind: 4096, comment: example }],
              },
              { id: 2, name: 'bare', kind: 64, signatures: [{ name: 'bare', kind: 4096 }] },
              {
                id: 3,
                name: 'Options',
                kind: 256,
                children: [
                  { id: 4, name: 'a', kind: 1024, comment: summary('The a.') },
                  { id: 5, name: 'b', kind: 1024, comment: summary('  ') },
                ],
              },
              // decimal.js's class, re-exported: no @example, and members without descriptions.
              {
                id: 6,
                name: 'Decimal',
                kind: 128,
                flags: external ? { isExternal: true } : {},
                children: [{ id: 7, name: 'plus', kind: 2048 }],
              },
              {
                id: 8,
                name: 'DecimalConfig',
                kind: 256,
                flags: external ? { isExternal: true } : {},
                children: [{ id: 9, name: 'precision', kind: 1024 }],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('doc-coverage', () => {
  const ours = {
    rows: [
      ['package', 'fn+class', 'with @example', 'interface members', 'described'],
      // add and bare (not Decimal); Options.a and Options.b (not DecimalConfig.precision).
      ['@occhealth/core', '2', '1', '2', '1'],
    ],
    missing: ['@occhealth/core: bare (no @example)', '@occhealth/core: Options.b (no description)'],
  };

  it('does not count a re-export typedoc flags external', () => {
    expect(coverage(project(undefined, true))).toEqual(ours);
  });

  it('does not count a re-export whose symbol belongs to another package', () => {
    const map = {
      '1': { packageName: '@occhealth/core' },
      '2': { packageName: '@occhealth/core' },
      '3': { packageName: '@occhealth/core' },
      '6': { packageName: 'decimal.js' },
      '8': { packageName: 'decimal.js' },
    };
    expect(coverage(project(map, false))).toEqual(ours);
  });

  it('counts every declaration when none is a library’s', () => {
    const all = coverage(project(undefined, false));
    expect(all.rows[1]).toEqual(['@occhealth/core', '3', '1', '3', '1']);
    expect(all.missing).toContain('@occhealth/core: Decimal (no @example)');
    expect(all.missing).toContain('@occhealth/core: DecimalConfig.precision (no description)');
  });
});
