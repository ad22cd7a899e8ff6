import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError, type ValidationIssue } from '../errors/index.js';
import { chinaRegionTree } from '../regions-cn.js';
import {
  levelRank,
  parseRegion,
  REGION_LEVELS,
  type Region,
  type RegionLevel,
  RegionTree,
} from './index.js';

function r(code: string, zh: string, level: RegionLevel, parent: string | null): Region {
  return { code, name: { zh }, level, parent };
}

/** A small fixture: China → Yunnan (Kunming: 五华, 盘龙 + a park; Qujing: 麒麟) and Henan (济源). */
const FIXTURE: Region[] = [
  r('000000', '中华人民共和国', 'national', null),
  r('530000', '云南省', 'province', '000000'),
  r('530100', '昆明市', 'prefecture', '530000'),
  r('530102', '五华区', 'county', '530100'),
  r('530103', '盘龙区', 'county', '530100'),
  r('530300', '曲靖市', 'prefecture', '530000'),
  r('530302', '麒麟区', 'county', '530300'),
  r('410000', '河南省', 'province', '000000'),
  r('419001', '济源市', 'county', '410000'), // a county directly under a province is allowed
  r('KM-PARK-1', '五华科技园', 'park', '530102'),
];

function rejection(input: readonly unknown[]): readonly ValidationIssue[] {
  try {
    RegionTree.build(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    return (error as ValidationError).issues;
  }
  return expect.fail('RegionTree.build should have rejected the input');
}

describe('RegionTree.build', () => {
  it('builds from a flat list in any order', () => {
    const tree = RegionTree.build([...FIXTURE].reverse());
    expect(tree.size).toBe(FIXTURE.length);
    expect(tree.root.code).toBe('000000');
    expect(tree.all()[0]!.code).toBe('000000');
    // pre-order: every parent comes before its children
    const seen = new Set<string>();
    for (const region of tree.all()) {
      if (region.parent !== null) expect(seen.has(region.parent)).toBe(true);
      seen.add(region.code);
    }
  });

  it('rejects an empty list', () => {
    expect(rejection([])).toEqual([expect.objectContaining({ rule: 'region.empty' })]);
  });

  it('rejects a second root, naming path, value, rule and row', () => {
    const issues = rejection([...FIXTURE, r('999999', '另一个国家', 'national', null)]);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'parent',
        value: null,
        rule: 'region.single-root',
        row: FIXTURE.length + 1,
      }),
    ]);
  });

  it('rejects an unknown parent', () => {
    const issues = rejection([...FIXTURE, r('530400', '玉溪市', 'prefecture', '539999')]);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'parent',
        value: '539999',
        rule: 'region.unknown-parent',
        row: FIXTURE.length + 1,
      }),
    ]);
  });

  it('rejects a region that is its own parent', () => {
    const issues = rejection([...FIXTURE, r('530400', '玉溪市', 'prefecture', '530400')]);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'parent',
        value: '530400',
        rule: 'region.cycle',
        row: FIXTURE.length + 1,
      }),
    ]);
  });

  it('rejects a longer cycle and every region hanging under it', () => {
    const issues = rejection([
      ...FIXTURE,
      r('A1', '甲', 'park', 'B1'), // row 11
      r('B1', '乙', 'park', 'A1'), // row 12
      r('C1', '丙', 'park', 'A1'), // row 13, hangs under the cycle
    ]);
    const cycle = issues.filter((i) => i.rule === 'region.cycle');
    expect(cycle.map((i) => [i.row, i.path, i.value])).toEqual([
      [11, 'parent', 'B1'],
      [12, 'parent', 'A1'],
      [13, 'parent', 'A1'],
    ]);
  });

  it('reports a cycle through real levels as a cycle, not only as a level-order problem', () => {
    // Point Yunnan (row 2) at one of its own counties.
    const input = FIXTURE.map((x) => (x.code === '530000' ? { ...x, parent: '530102' } : x));
    const issues = rejection(input);
    expect(issues).toContainEqual(
      expect.objectContaining({ rule: 'region.cycle', row: 2, value: '530102' }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'region.level-order', row: 2 }));
  });

  it('rejects a tree with no root at all', () => {
    const issues = rejection([r('AA', '甲', 'province', 'BB'), r('BB', '乙', 'province', 'AA')]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'region.single-root', row: 1 }));
    expect(issues.filter((i) => i.rule === 'region.cycle').map((i) => i.row)).toEqual([1, 2]);
  });

  it('rejects a duplicate code, citing the first row', () => {
    const issues = rejection([...FIXTURE, r('530102', '五华区', 'county', '530100')]);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'code',
        value: '530102',
        rule: 'region.duplicate-code',
        row: FIXTURE.length + 1,
      }),
    ]);
    expect(issues[0]!.message).toContain('row 4');
  });

  it('rejects a level out of order (same level or higher than the parent)', () => {
    const issues = rejection([
      ...FIXTURE,
      r('530199', '错误', 'prefecture', '530100'), // row 11: prefecture under prefecture
      r('530198', '错误', 'province', '530102'), // row 12: province under county
      r('PARK-2', '园区', 'township', 'KM-PARK-1'), // row 13: township under park (same rank)
    ]);
    expect(issues.map((i) => [i.rule, i.path, i.value, i.row])).toEqual([
      ['region.level-order', 'level', 'prefecture', 11],
      ['region.level-order', 'level', 'province', 12],
      ['region.level-order', 'level', 'township', 13],
    ]);
  });

  it('rejects a malformed code with region.code-format', () => {
    const issues = rejection([...FIXTURE, r('5', '错', 'county', '530100')]);
    expect(issues).toEqual([
      expect.objectContaining({ path: 'code', value: '5', rule: 'region.code-format', row: 11 }),
    ]);
    const bad = rejection([...FIXTURE, r('53 01', '错', 'county', '530100')]);
    expect(bad[0]).toMatchObject({ rule: 'region.code-format', value: '53 01' });
    expect(() =>
      parseRegion({ code: '530100', name: { zh: '' }, level: 'x', parent: null }),
    ).toThrow(ValidationError);
  });

  it('reports every problem at once', () => {
    const issues = rejection([
      ...FIXTURE,
      r('530102', '五华区', 'county', '530100'),
      r('530400', '玉溪市', 'prefecture', '539999'),
      { code: '!', name: { zh: 'x' }, level: 'county', parent: '530100' },
    ]);
    expect(issues.map((i) => i.rule).sort()).toEqual([
      'region.code-format',
      'region.duplicate-code',
      'region.unknown-parent',
    ]);
  });
});

describe('RegionTree queries on the fixture', () => {
  const tree = RegionTree.build(FIXTURE);
  const codes = (rs: Region[]) => rs.map((x) => x.code);

  it('children, in input order', () => {
    expect(codes(tree.children('000000'))).toEqual(['530000', '410000']);
    expect(codes(tree.children('530100'))).toEqual(['530102', '530103']);
    expect(tree.children('530302')).toEqual([]);
    expect(tree.children('nope')).toEqual([]);
  });

  it('ancestors, nearest first', () => {
    expect(codes(tree.ancestors('KM-PARK-1'))).toEqual(['530102', '530100', '530000', '000000']);
    expect(tree.ancestors('000000')).toEqual([]);
    expect(tree.ancestors('nope')).toEqual([]);
  });

  it('subtree and subtreeCodes', () => {
    expect(codes(tree.subtree('530100')).sort()).toEqual(
      ['530100', '530102', '530103', 'KM-PARK-1'].sort(),
    );
    expect(tree.subtreeCodes('530000')).toHaveLength(7);
    expect(tree.subtreeCodes('410000')).toEqual(['410000', '419001']);
    expect(tree.subtree('nope')).toEqual([]);
  });

  it('atLevel, within a subtree', () => {
    expect(codes(tree.atLevel('county')).sort()).toEqual(['419001', '530102', '530103', '530302']);
    expect(codes(tree.atLevel('county', '530000')).sort()).toEqual(['530102', '530103', '530302']);
    expect(codes(tree.atLevel('prefecture', '410000'))).toEqual([]);
    expect(codes(tree.atLevel('park'))).toEqual(['KM-PARK-1']);
  });

  it('isWithin (reflexive, not symmetric, false for unknown codes or sibling subtrees)', () => {
    expect(tree.isWithin('530102', '530102')).toBe(true);
    expect(tree.isWithin('KM-PARK-1', '000000')).toBe(true);
    expect(tree.isWithin('530000', '530102')).toBe(false);
    expect(tree.isWithin('530302', '530100')).toBe(false);
    expect(tree.isWithin('419001', '530000')).toBe(false);
    expect(tree.isWithin('nope', '000000')).toBe(false);
    expect(tree.isWithin('530102', 'nope')).toBe(false);
  });

  it('ancestorAt, depth, has, get', () => {
    expect(tree.ancestorAt('KM-PARK-1', 'prefecture')?.code).toBe('530100');
    expect(tree.ancestorAt('530100', 'prefecture')?.code).toBe('530100'); // self
    expect(tree.ancestorAt('419001', 'prefecture')).toBeUndefined(); // skipped level
    expect(tree.ancestorAt('419001', 'province')?.name.zh).toBe('河南省');
    expect(tree.depth('000000')).toBe(0);
    expect(tree.depth('KM-PARK-1')).toBe(4);
    expect(tree.depth('419001')).toBe(2);
    expect(tree.depth('nope')).toBe(-1);
    expect(tree.has('530302')).toBe(true);
    expect(tree.get('530302')?.name.zh).toBe('麒麟区');
    expect(tree.get('nope')).toBeUndefined();
  });

  it('levelRank orders levels top-down, parks at township rank', () => {
    const ranks = REGION_LEVELS.map(levelRank);
    expect(ranks).toEqual([0, 1, 2, 3, 4, 4]);
  });
});

describe('RegionTree queries on the national tree', () => {
  const tree = chinaRegionTree();

  it('has more than 3,300 regions', () => {
    expect(tree.size).toBeGreaterThan(3300);
    expect(tree.all()).toHaveLength(tree.size);
  });

  it("every county's ancestors end at 000000 and its province is given by the code prefix", () => {
    for (const county of tree.atLevel('county')) {
      const chain = tree.ancestors(county.code);
      expect(chain.at(-1)?.code).toBe('000000');
      expect(chain).toHaveLength(tree.depth(county.code));
      expect(tree.ancestorAt(county.code, 'province')?.code).toBe(`${county.code.slice(0, 2)}0000`);
    }
  });

  it('subtree sizes add up', () => {
    const size = (code: string) => tree.subtreeCodes(code).length;
    expect(size('000000')).toBe(tree.size);
    for (const region of tree.all()) {
      const childSum = tree.children(region.code).reduce((s, c) => s + size(c.code), 0);
      expect(size(region.code)).toBe(1 + childSum);
    }
  });

  it('isWithin agrees with the GB/T 2260 code prefix for county × province', () => {
    const provinces = tree.atLevel('province');
    const mismatches: string[] = [];
    for (const county of tree.atLevel('county')) {
      for (const province of provinces) {
        const expected = county.code.slice(0, 2) === province.code.slice(0, 2);
        if (tree.isWithin(county.code, province.code) !== expected) {
          mismatches.push(`${county.code} in ${province.code}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests

interface Spec {
  parentSeed: number;
  jump: number;
  park: boolean;
  key: number;
}

const RANK_LEVEL: RegionLevel[] = ['national', 'province', 'prefecture', 'county', 'township'];

/** A random valid tree: node 0 is the root; a node's parent has a smaller index and a lower rank. */
const treeArb = fc
  .array(
    fc.record({
      parentSeed: fc.nat(),
      jump: fc.nat(3),
      park: fc.boolean(),
      key: fc.integer(),
    }),
    { minLength: 0, maxLength: 40 },
  )
  .map((specs: Spec[]) => {
    const ranks = [0];
    const parents: Array<number | null> = [null];
    const regions: Region[] = [r('n0', '根', 'national', null)];
    specs.forEach((spec, k) => {
      const i = k + 1;
      const eligible = ranks.flatMap((rank, j) => (rank < 4 ? [j] : []));
      const p = eligible[spec.parentSeed % eligible.length]!;
      const rank = ranks[p]! + 1 + (spec.jump % (4 - ranks[p]!));
      ranks.push(rank);
      parents.push(p);
      const level = rank === 4 && spec.park ? 'park' : RANK_LEVEL[rank]!;
      regions.push(r(`n${i}`, `区${i}`, level, `n${p}`));
    });
    // Shuffle the input order (build must not depend on parents coming first).
    const keys = [0, ...specs.map((s) => s.key)];
    const shuffled = regions
      .map((region, i) => ({ region, key: keys[i]!, i }))
      .sort((a, b) => a.key - b.key || a.i - b.i)
      .map((x) => x.region);
    return { parents, regions, shuffled };
  });

/** Independent ancestor walk on the generated parent array (nearest first). */
function walk(parents: Array<number | null>, i: number): number[] {
  const out: number[] = [];
  let p = parents[i];
  while (p !== null && p !== undefined) {
    out.push(p);
    p = parents[p];
  }
  return out;
}

describe('RegionTree properties', () => {
  it('random valid trees build; ancestors, isWithin, depth and subtree sizes agree with a direct walk', () => {
    fc.assert(
      fc.property(treeArb, ({ parents, shuffled }) => {
        const tree = RegionTree.build(shuffled);
        const n = parents.length;
        expect(tree.size).toBe(n);
        expect(tree.root.code).toBe('n0');
        const subtreeSize = new Array<number>(n).fill(1);
        for (let i = 0; i < n; i++) {
          const chain = walk(parents, i);
          const ancestors = tree.ancestors(`n${i}`).map((x) => x.code);
          expect(ancestors).toEqual(chain.map((j) => `n${j}`));
          if (i > 0) expect(ancestors.at(-1)).toBe('n0');
          expect(tree.depth(`n${i}`)).toBe(chain.length);
          for (const a of chain) subtreeSize[a]! += 1;
          for (let j = 0; j < n; j++) {
            expect(tree.isWithin(`n${i}`, `n${j}`)).toBe(i === j || chain.includes(j));
          }
        }
        let total = 0;
        for (let i = 0; i < n; i++) {
          const sub = tree.subtreeCodes(`n${i}`);
          expect(sub).toHaveLength(subtreeSize[i]!);
          expect(sub[0]).toBe(`n${i}`);
          const childSum = tree
            .children(`n${i}`)
            .reduce((s, c) => s + subtreeSize[+c.code.slice(1)]!, 0);
          expect(subtreeSize[i]).toBe(1 + childSum);
        }
        for (const level of REGION_LEVELS) total += tree.atLevel(level).length;
        expect(total).toBe(n);
      }),
      { numRuns: 150 },
    );
  });

  it('a second root is rejected with region.single-root on its row', () => {
    fc.assert(
      fc.property(
        treeArb,
        fc.constantFrom(...REGION_LEVELS),
        fc.nat(),
        ({ shuffled }, level, at) => {
          const pos = at % (shuffled.length + 1);
          const input = [...shuffled];
          input.splice(pos, 0, r('extra', '第二根', level, null));
          const issues = rejection(input);
          const single = issues.filter((i) => i.rule === 'region.single-root');
          expect(single).toHaveLength(1);
          // The first root in input order is kept; the other one is reported.
          const rootPos = input.findIndex((x) => x.code === 'n0');
          expect(single[0]!.row).toBe(Math.max(pos, rootPos) + 1);
          expect(single[0]!.value).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pointing a node at one of its descendants (or itself) is rejected with region.cycle on its row', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), ({ parents, shuffled }, a, b) => {
        fc.pre(parents.length > 1);
        const x = 1 + (a % (parents.length - 1));
        const descendants = parents.flatMap((_, i) => (walk(parents, i).includes(x) ? [i] : []));
        const targets = [x, ...descendants];
        const d = targets[b % targets.length]!;
        const input = shuffled.map((region) =>
          region.code === `n${x}` ? { ...region, parent: `n${d}` } : region,
        );
        const row = input.findIndex((region) => region.code === `n${x}`) + 1;
        const issues = rejection(input);
        expect(issues).toContainEqual(
          expect.objectContaining({ rule: 'region.cycle', row, path: 'parent', value: `n${d}` }),
        );
        // Only the cycle and the subtree hanging under it are reported as cycles.
        const cycleRows = new Set(
          issues.filter((i) => i.rule === 'region.cycle').map((i) => i.row),
        );
        const expected = new Set(
          [x, ...descendants].map((i) => input.findIndex((q) => q.code === `n${i}`) + 1),
        );
        expect(cycleRows).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
