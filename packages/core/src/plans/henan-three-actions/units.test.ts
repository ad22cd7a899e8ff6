/**
 * Regression (issue 9): which units count in Henan's "每年每县（市、区）中小微企业帮扶数量平均不少于20家"
 * (seed 001 附件2 一, 以省辖市为单位). Development zones the shipped tree lists as county-level units
 * inflated the per-county denominator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../../employer/credit-code.js';
import { NotFoundError } from '../../errors/index.js';
import { evaluate } from '../../evaluate/index.js';
import { RegionTree } from '../../region/index.js';
import { chinaRegions } from '../../regions-cn.js';
import { MemoryStore } from '../../store/memory.js';
import { henanThreeActions } from '../index.js';
import { HENAN_FUNCTIONAL_ZONES, HENAN_SME_UNITS } from './unit-data.js';
import {
  AIRPORT_ZONE,
  HENAN_UNIT_RULES,
  henanObligationsOf,
  henanReportingUnits,
  JIYUAN,
} from './units.js';

/** Seed 001 as vendored in the repository. */
const SEED = new URL('../../../../../docs/sources/001.txt', import.meta.url);

function cc(region: string, n: number): string {
  const first17 = `91${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

describe('Henan per-county average: which units count (seed 001 附件2 一, 附件2 二(三))', () => {
  // Henan's part of the shipped tree: 17 省辖市, the pseudo-prefecture 419000 and their counties.
  const regions = chinaRegions().filter((r) => r.code === '000000' || r.code.startsWith('41'));
  // 230 SMEs assisted in 2025 in 中原区, 10 in 郑州经济技术开发区 (410171), 24 in 航空港区 (410173),
  // 20 in 济源 (419001), 39 in 洛阳's 涧西区 (410305) and 1 in 洛阳高新区 (410371).
  const place: [string, number][] = [
    ['410102', 230],
    ['410171', 10],
    ['410173', 24],
    ['419001', 20],
    ['410305', 39],
    ['410371', 1],
  ];
  async function henanStore(): Promise<MemoryStore> {
    const employers = [];
    const facts = [];
    let i = 0;
    for (const [region, n] of place)
      for (let k = 0; k < n; k++, i++) {
        const code = cc(region, i + 1);
        employers.push({ creditCode: code, name: `E${i}`, region, size: 'small' });
        facts.push({
          id: `a${i}`,
          kind: 'assistance',
          employer: code,
          region,
          date: '2025-04-01',
          programme: 'henan-six-ones',
        });
      }
    const store = new MemoryStore();
    await store.write({ regions, employers, facts });
    return store;
  }

  for (const pushdown of [true, false])
    it(`counts 县（市、区）, not zones; 济源示范区 and 航空港区 are units of their own (pushdown ${pushdown})`, async () => {
      const store = await henanStore();
      const tree = RegionTree.build(regions);
      const { results } = await evaluate({
        plan: henanThreeActions,
        store,
        region: '410000',
        period: '2025',
        indicators: ['smesAssistedPerCounty'],
        levels: ['prefecture'],
        pushdown,
      });
      const at = (code: string) => results.find((r) => r.region === code);
      // The shipped tree: 郑州 has 15 county-level units, 3 of them zones (410171–410173).
      const zhengzhou = tree.children('410100');
      expect(zhengzhou).toHaveLength(15);
      // 郑州: (230 in 中原区 + 10 in its 经开区) ÷ 12 县（市、区） = 20; 航空港区's 24 are not 郑州's.
      expect(at('410100')?.numerator?.toNumber()).toBe(240);
      expect(at('410100')?.denominator?.toNumber()).toBe(12);
      expect(at('410100')?.value?.toFixed()).toBe('20');
      expect(at('410100')?.status).toBe('met');
      // 洛阳: (39 + 1 in 洛阳高新区) ÷ its 14 县（市、区）, the zone 410371 not counted (not ÷ 15).
      expect(tree.children('410300')).toHaveLength(15);
      expect(at('410300')?.denominator?.toNumber()).toBe(14);
      expect(at('410300')?.numerator?.toNumber()).toBe(40);
      // 航空港区: a prefecture-rank unit, 24 ÷ 1, ranked among Henan's prefectures, judged on 20.
      expect(at('410173')).toMatchObject({ level: 'prefecture', parent: '410000', status: 'met' });
      expect(at('410173')?.value?.toFixed()).toBe('24');
      expect(at('410173')?.denominator?.toNumber()).toBe(1);
      // 济源示范区 itself (not the pseudo-prefecture 419000): 20 ÷ 1.
      expect(at('419001')).toMatchObject({ level: 'prefecture', parent: '410000', status: 'met' });
      expect(at('419001')?.value?.toFixed()).toBe('20');
      expect(at('419000')).toBeUndefined();
      // The rows are the notice's 19 units, no more.
      expect(results.map((r) => r.region).sort()).toEqual(
        henanReportingUnits(tree)
          .map((u) => u.code)
          .sort(),
      );
      expect(at('410100')?.explanation.inputs[1]?.label.zh).toMatch(/不含开发区/);
    });

  it('the province keeps every unit: 航空港区 and 济源 are in the count of 河南省', async () => {
    const { results } = await evaluate({
      plan: henanThreeActions,
      store: await henanStore(),
      region: '410000',
      period: '2025',
      indicators: ['smesAssisted'],
      levels: ['province', 'prefecture'],
    });
    const at = (code: string) => results.find((r) => r.region === code)?.value?.toNumber();
    expect(at('410000')).toBe(230 + 10 + 24 + 20 + 39 + 1);
    expect(at('410100')).toBe(240);
    expect(at('410173')).toBe(24);
  });

  it('the explanation of 郑州 lists neither the enterprises of 航空港区 nor it among the counties', async () => {
    const { results } = await evaluate({
      plan: henanThreeActions,
      store: await henanStore(),
      region: '410100',
      period: '2025',
      indicators: ['smesAssistedPerCounty'],
      levels: ['prefecture'],
      explain: { regions: ['410100'] },
    });
    const [num, den] = results.find((r) => r.region === '410100')!.explanation.inputs;
    expect(num?.counted).toHaveLength(240);
    expect(num?.counted?.some((r) => r.region === '410173')).toBe(false);
    expect(den?.counted?.map((r) => r.id)).toHaveLength(12);
    expect(den?.counted?.map((r) => r.id)).not.toContain('410171');
    expect(den?.counted?.map((r) => r.id)).not.toContain('410173');
  });

  it('the zones left out are exactly the Henan codes of the tree, xxxx71–79 but 航空港区', () => {
    const zones = regions.filter((r) => /^41\d{2}7\d$/.test(r.code)).map((r) => r.code);
    expect(HENAN_FUNCTIONAL_ZONES.map(([code]) => code)).toEqual(
      zones.filter((c) => c !== AIRPORT_ZONE),
    );
    for (const [code, name] of HENAN_FUNCTIONAL_ZONES)
      expect(regions.find((r) => r.code === code)?.name.zh).toBe(name);
    // every SME rule of 附件2 names the same units
    const sme = henanThreeActions.indicators.filter((i) => i.source?.clause?.startsWith('附件2'));
    expect(sme.map((i) => i.id)).toContain('smesAssistedPerCounty');
    for (const i of sme) expect(i.units).toEqual(HENAN_SME_UNITS);
  });
});

describe('Henan reporting units (seed 001 主送 and 附件2 二(三), 三(三)): 济源示范区 and 航空港区', () => {
  const tree = RegionTree.build(chinaRegions());
  const units = henanReportingUnits(tree);
  const seed = readFileSync(SEED, 'utf8');

  it('are the 17 省辖市, 济源示范区 and 航空港区: 19, not the pseudo-prefecture 419000', () => {
    const prefectures = tree.children('410000').filter((r) => r.level === 'prefecture');
    // 17 省辖市 + 419000 省直辖县级行政区划 in the shipped tree
    expect(prefectures).toHaveLength(18);
    expect(units).toHaveLength(19);
    expect(units.map((u) => u.code)).not.toContain('419000');
    expect(units.slice(-2).map((u) => [u.code, u.name.zh, u.level])).toEqual([
      ['419001', '济源市', 'county'],
      ['410173', '郑州航空港经济综合实验区', 'county'],
    ]);
  });

  it('航空港区 owes the prefecture reports the notice lays on it (帮扶名单 by 7-30, 工作报告 by 12-10)', () => {
    const due = henanObligationsOf(tree, AIRPORT_ZONE, '2025-01-01', '2025-12-31');
    const byId = new Map(due.map((i) => [i.obligationId, i]));
    expect(byId.get('henan.sme-list')?.deadline).toBe('2025-07-30');
    expect(byId.get('henan.sme-evaluation-report')?.deadline).toBe('2025-12-10');
    expect(due.every((i) => i.region === AIRPORT_ZONE)).toBe(true);
    // the same list as a 省辖市's
    const zhengzhou = henanObligationsOf(tree, '410100', '2025-01-01', '2025-12-31');
    expect(due.map((i) => [i.obligationId, i.deadline])).toEqual(
      zhengzhou.map((i) => [i.obligationId, i.deadline]),
    );
    expect(henanObligationsOf(tree, JIYUAN, '2025-01-01', '2025-12-31')).toHaveLength(due.length);
    // an ordinary county is not a reporting unit
    expect(() => henanObligationsOf(tree, '410102', '2025-01-01', '2025-12-31')).toThrow(
      NotFoundError,
    );
  });

  it('each unit rule quotes the seed, which names the three kinds of unit', () => {
    for (const rule of HENAN_UNIT_RULES) {
      expect(rule.source.quote?.length).toBeGreaterThan(10);
      expect(seed).toContain(rule.source.quote);
    }
    expect(seed).toContain('各省辖市、济源示范区、航空港区于每年7月30日前');
    // every rule id names an indicator or obligation of the pack
    const ids = new Set([
      ...henanThreeActions.indicators.map((i) => i.id),
      ...henanThreeActions.obligations.map((o) => o.id),
    ]);
    for (const rule of HENAN_UNIT_RULES) for (const id of rule.rules) expect(ids).toContain(id);
  });
});
