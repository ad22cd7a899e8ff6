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

describe('Henan per-county average: which units count (seed 001 附件2 一)', () => {
  it('counts 县（市、区）, not development zones, and 济源 as one county-level city', async () => {
    const regions = chinaRegions().filter(
      (r) =>
        r.code === '000000' ||
        r.code === '410000' ||
        r.code.startsWith('4101') ||
        r.code.startsWith('4190'),
    );
    // The shipped tree: 郑州 has 12 county-level units of which 3 are zones (410171–410173).
    const zhengzhou = regions.filter((r) => r.parent === '410100');
    const zones = zhengzhou.filter((r) => /^41017\d$/.test(r.code));
    expect(zhengzhou).toHaveLength(15);
    expect(zones.map((r) => r.code)).toEqual(['410171', '410172', '410173']);
    // 240 SMEs assisted in 2025 in 中原区 and 24 in 航空港区 (410173); 20 in 济源 (419001).
    const employers = [];
    const facts = [];
    const place = [
      ...Array.from({ length: 240 }, () => '410102'),
      ...Array.from({ length: 24 }, () => '410173'),
      ...Array.from({ length: 20 }, () => '419001'),
    ];
    for (const [i, region] of place.entries()) {
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
    const { results } = await evaluate({
      plan: henanThreeActions,
      store,
      region: '410000',
      period: '2025',
      indicators: ['smesAssistedPerCounty'],
    });
    const at = (code: string) => results.find((r) => r.region === code)!;
    // 郑州: (240 + 24) SMEs ÷ 12 县（市、区） = 22, not ÷ 15 units = 17.6.
    expect(at('410100').denominator?.toNumber()).toBe(zhengzhou.length - zones.length);
    expect(at('410100').value?.toFixed()).toBe('22');
    expect(at('410100').status).toBe('met');
    // 济源示范区 under the pseudo-prefecture 419000: 20 ÷ 1.
    expect(at('419000').denominator?.toNumber()).toBe(1);
    expect(at('419000').value?.toFixed()).toBe('20');
    expect(at('419000').explanation.inputs[1]?.label.zh).toMatch(/不含开发区/);
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
