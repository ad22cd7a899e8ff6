import { describe, expect, it } from 'vitest';
import {
  INDUSTRY_SECTIONS,
  industrialSizeClass,
  industryCodeSchema,
  isIndustrialIndustry,
  parseIndustryCode,
} from './classification.js';

describe('GB/T 4754-2017 industry codes', () => {
  it('parses a class code into section, division, group and class', () => {
    expect(parseIndustryCode('C3011')).toEqual({
      code: 'C3011',
      section: 'C',
      division: '30',
      group: '301',
      class: '3011',
    });
    expect(parseIndustryCode('C30')).toEqual({ code: 'C30', section: 'C', division: '30' });
    expect(parseIndustryCode('B061')).toEqual({
      code: 'B061',
      section: 'B',
      division: '06',
      group: '061',
    });
  });

  it.each([
    ['C44', 'division 44 belongs to D, not C'],
    ['D43', 'division 43 belongs to C'],
    ['Z01', 'there is no section Z'],
    ['U97', 'there is no section U'],
    ['c3011', 'lower-case section'],
    ['C3', 'one digit'],
    ['C30111', 'five digits'],
    ['3011', 'no section letter'],
    ['C', 'a section alone'],
    ['', 'empty'],
  ])('rejects %s (%s)', (code) => {
    expect(parseIndustryCode(code)).toBeUndefined();
    const result = industryCodeSchema.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ params: { rule: 'industry.code' } });
  });

  it('accepts the first and last division of every section', () => {
    for (const [section, { from, to }] of Object.entries(INDUSTRY_SECTIONS)) {
      for (const division of [from, to]) {
        const code = `${section}${String(division).padStart(2, '0')}`;
        expect(parseIndustryCode(code)?.section, code).toBe(section);
      }
      const outside = `${section}${String(to + 1).padStart(2, '0')}`;
      expect(parseIndustryCode(outside), outside).toBeUndefined();
    }
  });

  it('covers divisions 01–97 without gaps or overlaps', () => {
    const sections = Object.values(INDUSTRY_SECTIONS).sort((a, b) => a.from - b.from);
    expect(sections[0]!.from).toBe(1);
    expect(sections.at(-1)!.to).toBe(97);
    for (let i = 1; i < sections.length; i++) {
      expect(sections[i]!.from).toBe(sections[i - 1]!.to + 1);
    }
  });

  it('counts mining, manufacturing and utilities as industrial', () => {
    expect(isIndustrialIndustry('B0610')).toBe(true);
    expect(isIndustrialIndustry('C3011')).toBe(true);
    expect(isIndustrialIndustry('D4411')).toBe(true);
    expect(isIndustrialIndustry('E4710')).toBe(false);
    expect(isIndustrialIndustry('H6210')).toBe(false);
    expect(isIndustrialIndustry('C44')).toBe(false);
  });
});

describe('industrialSizeClass (统计上大中小微型企业划分办法（2017）, industry)', () => {
  // Thresholds: large ≥ 1000 persons and ≥ 40000 万元; medium ≥ 300 and ≥ 2000; small ≥ 20 and ≥ 300.
  it.each([
    [1000, 40000, 'large'],
    [999, 40000, 'medium'],
    [1000, 39999, 'medium'],
    [5000, 1_000_000, 'large'],
    [300, 2000, 'medium'],
    [299, 2000, 'small'],
    [300, 1999, 'small'],
    [350, 1500, 'small'],
    [20, 300, 'small'],
    [19, 300, 'micro'],
    [20, 299, 'micro'],
    [1000, 299, 'micro'],
    [19, 40000, 'micro'],
    [0, 0, 'micro'],
  ] as const)('%i persons, %i 万元 → %s', (employees, revenue, size) => {
    expect(industrialSizeClass(employees, revenue)).toBe(size);
  });
});
