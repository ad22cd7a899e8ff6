/**
 * Regression (issue 9): which units count in Henan's "每年每县（市、区）中小微企业帮扶数量平均不少于20家"
 * (seed 001 附件2 一, 以省辖市为单位). Development zones the shipped tree lists as county-level units
 * inflated the per-county denominator.
 */
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../../employer/credit-code.js';
import { evaluate } from '../../evaluate/index.js';
import { chinaRegions } from '../../regions-cn.js';
import { MemoryStore } from '../../store/memory.js';
import { henanThreeActions } from '../index.js';

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
