import { describe, expect, it } from 'vitest';
import { isActiveOn, isValidCreditCode, parseEmployer } from '../employer/index.js';
import { ValidationError } from '../errors/index.js';
import { parseFact } from '../facts/index.js';
import { RegionTree } from '../region/index.js';
import { chinaRegions } from '../regions-cn.js';
import { demoDataset } from './dataset.js';

const regions = chinaRegions();
const all = (data: ReturnType<typeof demoDataset>, size?: number) => {
  const employers = [];
  const facts = [];
  for (const b of data.batches(size)) {
    employers.push(...b.employers);
    facts.push(...b.facts);
  }
  return { employers, facts };
};

describe('demoDataset', () => {
  const county = demoDataset({ scale: 'county', seed: 3, employers: 600, regions });
  const rows = all(county);

  it('is deterministic and independent of the batch size; another seed differs', () => {
    const again = all(demoDataset({ scale: 'county', seed: 3, employers: 600, regions }), 7);
    expect(JSON.stringify(again)).toBe(JSON.stringify(rows));
    const other = all(demoDataset({ scale: 'county', seed: 4, employers: 600, regions }));
    expect(JSON.stringify(other.employers)).not.toBe(JSON.stringify(rows.employers));
  });

  it('county scale: the province → prefecture → county path of 宣威市, every employer in it', () => {
    expect(county.regions.map((r) => [r.code, r.level, r.parent])).toEqual([
      ['530000', 'province', null],
      ['530300', 'prefecture', '530000'],
      ['530381', 'county', '530300'],
    ]);
    expect(new Set(rows.employers.map((e) => e.region))).toEqual(new Set(['530381']));
  });

  it('yields records the core schemas accept: valid, unique credit codes; facts of known employers', () => {
    expect(rows.employers).toHaveLength(600);
    const codes = new Set<string>();
    for (const [i, e] of rows.employers.entries()) {
      const parsed = parseEmployer(e, i + 1);
      expect(isValidCreditCode(parsed.creditCode)).toBe(true);
      codes.add(parsed.creditCode);
    }
    expect(codes.size).toBe(600);
    const ids = new Set<string>();
    for (const [i, f] of rows.facts.entries()) {
      const parsed = parseFact(f, i + 1);
      expect(codes.has((parsed as { employer: string }).employer)).toBe(true);
      expect(parsed.date >= '2021-01-01' && parsed.date <= '2025-12-31').toBe(true);
      ids.add(parsed.id);
    }
    expect(ids.size).toBe(rows.facts.length);
  });

  it('province scale: the subtree of 云南省 (16 prefectures, 129 counties) as one valid tree', () => {
    const yunnan = demoDataset({ scale: 'province', seed: 1, employers: 3_000, regions });
    const tree = RegionTree.build(yunnan.regions);
    expect(tree.root.code).toBe('530000');
    expect(yunnan.regions.filter((r) => r.level === 'prefecture')).toHaveLength(16);
    expect(yunnan.regions.filter((r) => r.level === 'county')).toHaveLength(129);
    const { employers } = all(yunnan);
    const counties = new Set(yunnan.regions.filter((r) => r.level === 'county').map((r) => r.code));
    expect(employers.every((e) => counties.has(e.region))).toBe(true);
    // Skewed, but spread: most counties get employers.
    expect(new Set(employers.map((e) => e.region)).size).toBeGreaterThan(100);
  });

  it('meets a fact target within 1 % by calibration', () => {
    const data = demoDataset({ scale: 'county', seed: 2, employers: 1_000, facts: 4_000, regions });
    const { facts } = all(data);
    expect(Math.abs(facts.length - 4_000) / 4_000).toBeLessThan(0.01);
  });

  it('declaration among active hazard employers on 2025-12-31 lies in the seeds’ 80–95 % band', () => {
    const data = all(demoDataset({ scale: 'county', seed: 5, employers: 2_000, regions }));
    const declared = new Set(
      data.facts.filter((f) => f.kind === 'declaration').map((f) => f.employer),
    );
    const cohort = data.employers
      .map((e, i) => parseEmployer(e, i + 1))
      .filter((e) => e.hazardFactors.length > 0 && isActiveOn(e, '2025-12-31'));
    const share = cohort.filter((e) => declared.has(e.creditCode)).length / cohort.length;
    expect(share).toBeGreaterThan(0.8);
    expect(share).toBeLessThan(0.95);
  });

  it('refuses an unknown scale, a negative seed and a zero employer count with typed errors', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues[0]!.rule;
      }
      return 'no error';
    };
    // @ts-expect-error an unknown scale
    expect(codeOf(() => demoDataset({ scale: 'city', regions }))).toBe('demo.scale');
    expect(codeOf(() => demoDataset({ seed: -1, regions }))).toBe('demo.seed');
    expect(codeOf(() => demoDataset({ employers: 0, regions }))).toBe('demo.employers');
    expect(codeOf(() => demoDataset({ regions: regions.slice(0, 5) }))).toBe('demo.regions');
  });
});

describe('demoDataset counties option', () => {
  it('keeps only the given counties with their prefectures and the root', () => {
    const data = demoDataset({
      scale: 'province',
      employers: 200,
      counties: ['530102', '530381'],
      regions,
    });
    expect(data.regions.map((r) => r.code)).toEqual([
      '530000',
      '530100',
      '530300',
      '530102',
      '530381',
    ]);
    const { employers } = all(data);
    expect(new Set(employers.map((e) => e.region))).toEqual(new Set(['530102', '530381']));
  });

  it('refuses a code that is not a county of the region', () => {
    expect(() => demoDataset({ scale: 'province', counties: ['530300'], regions })).toThrow(
      ValidationError,
    );
    expect(() => demoDataset({ scale: 'province', counties: ['410102'], regions })).toThrow(
      ValidationError,
    );
  });
});
