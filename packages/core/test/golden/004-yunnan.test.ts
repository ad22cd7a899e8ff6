/**
 * Golden numbers of seed 004 (Yunnan SME occupational-health assistance 2024–2025): the 附表1 task
 * table, the "≥ 20 per county per year" rule, and the 90 % (2024) / 100 % (2025) milestones.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import { RegionTree } from '../../src/region/index.js';
import { checkAllocation, defineAllocation } from '../../src/target/index.js';
import {
  count,
  countiesOf,
  creditCode,
  planOf,
  proportion,
  regionRows,
  storeWith,
} from './fixtures.js';

const SEED = '004_a59e30811f371dda.txt';

// 附表1 (seed lines 43–122), in the seed's order: prefecture, counties, task.
const TABLE: ReadonlyArray<[string, string, number, number]> = [
  ['530100', '昆明市', 14, 336],
  ['530600', '昭通市', 11, 264],
  ['530300', '曲靖市', 9, 216],
  ['530400', '玉溪市', 9, 180],
  ['530500', '保山市', 5, 100],
  ['532300', '楚雄州', 10, 240],
  ['532500', '红河州', 13, 286],
  ['532600', '文山州', 8, 160],
  ['530800', '普洱市', 10, 200],
  ['532800', '西双版纳州', 3, 60],
  ['532900', '大理州', 12, 240],
  ['533100', '德宏州', 5, 100],
  ['530700', '丽江市', 5, 100],
  ['533300', '怒江州', 4, 80],
  ['533400', '迪庆州', 3, 60],
  ['530900', '临沧市', 8, 160],
];

const allocation = defineAllocation({
  id: 'yunnanAssistanceTasks',
  label: { zh: '云南省中小微企业职业健康帮扶任务表', en: 'Yunnan SME assistance task table' },
  indicator: 'smesAssisted',
  period: '2024',
  unitLevel: 'county',
  rule: { perUnit: '20', years: 1 },
  rows: TABLE.map(([region, zh, units, quota]) => ({ region, label: { zh }, units, quota })),
  statedTotal: { units: 129, quota: 2782 },
  source: { doc: '云南省中小微企业职业健康帮扶行动方案', clause: '附表1', seed: '004' },
});

const YUNNAN = regionRows(
  { code: '530000', zh: '云南省' },
  TABLE.map(([code, zh, counties]) => ({ code, zh, counties })),
);

describe(`[004] 附表1 task table (${SEED} lines 43–122)`, () => {
  it('totals 129 counties and 2,782 enterprises, as the seed states', () => {
    const check = checkAllocation(allocation);
    expect(check.totalUnits).toBe(129);
    expect(check.totalQuota).toBe(2782);
    expect(check.statedTotalMatches).toBe(true);
  });

  it('every prefecture meets "at least 20 per county per year"; minimum 2,580, surplus 202', () => {
    const check = checkAllocation(allocation, RegionTree.build(YUNNAN));
    expect(check.rows.every((r) => r.ok && r.unitsMatchTree)).toBe(true);
    expect(check.minimum!.toFixed()).toBe('2580');
    expect(check.surplus!.toFixed()).toBe('202');
    expect(check.ok).toBe(true);
    // per-county multipliers 24 (Kunming, Zhaotong, Qujing, Chuxiong), 22 (Honghe), 20 (others)
    const per = Object.fromEntries(check.rows.map((r) => [r.region, r.quota / r.units]));
    expect([
      per['530100'],
      per['530600'],
      per['530300'],
      per['532300'],
      per['532500'],
      per['530400'],
    ]).toEqual([24, 24, 24, 24, 22, 20]);
  });

  it('flags a row below the rule and a wrong stated total', () => {
    const bad = defineAllocation({
      ...allocation,
      rows: [{ region: '530100', units: 14, quota: 279 }],
      statedTotal: { units: 14, quota: 280 },
    });
    const check = checkAllocation(bad);
    expect(check.rows[0]!.ok).toBe(false);
    expect(check.rows[0]!.surplus!.toFixed()).toBe('-1');
    expect(check.statedTotalMatches).toBe(false);
    expect(check.ok).toBe(false);
  });

  it('a quota becomes the prefecture target: Diqing (3 counties, 60) with 59 assisted SMEs is not met, gap 1', async () => {
    const counties = countiesOf('533400', 3);
    const employers = Array.from({ length: 59 }, (_, i) => ({
      creditCode: creditCode(counties[i % 3]!, i + 1),
      name: `企业${i}`,
      region: counties[i % 3]!,
      size: 'small',
    }));
    const facts = employers.map((e, i) => ({
      id: `a-${i}`,
      kind: 'assistance',
      employer: e.creditCode,
      region: e.region,
      date: '2024-09-01',
      programme: 'yunnan-five-ones',
    }));
    const store = await storeWith({ regions: YUNNAN, employers, facts });
    const plan = planOf(
      SEED,
      [
        count('smesAssisted', {
          op: 'count-employers',
          where: { sizes: ['medium', 'small', 'micro'], cohort: { kind: 'assistance' } },
        }),
      ],
      [],
      { allocations: [allocation] },
    );
    const { results } = await evaluate({
      plan,
      store,
      region: '533400',
      period: '2024',
      levels: ['prefecture'],
    });
    expect(results[0]!.formatted).toBe('59');
    expect(results[0]!.target!.value).toBe('60');
    expect(results[0]!.status).toBe('not-met');
    expect(results[0]!.gap!.units.toFixed()).toBe('1');
  });
});

describe(`[004] milestones: the four rates reach 90 % in 2024 and 100 % by end-2025 (${SEED} line 7)`, () => {
  const county = '530102';
  const employers = Array.from({ length: 10 }, (_, i) => ({
    creditCode: creditCode(county, i + 1),
    name: `企业${i}`,
    region: county,
    size: 'micro',
  }));
  const cohort = { kind: 'assistance' as const, window: 'to-date' as const };
  const plan = planOf(
    SEED,
    [
      proportion(
        'declarationRate',
        {
          op: 'count-employers',
          where: { cohort, hasFact: [{ kind: 'declaration', window: 'to-date' }] },
        },
        { op: 'count-employers', where: { cohort } },
      ),
    ],
    [
      {
        indicator: 'declarationRate',
        comparator: '>=',
        value: '90',
        period: '2024',
        milestone: true,
        source: { doc: SEED, clause: '一' },
      },
      {
        indicator: 'declarationRate',
        comparator: '>=',
        value: '100',
        period: '2025',
        source: { doc: SEED, clause: '一' },
      },
    ],
  );

  it('9 of 10 assisted SMEs declared: 2024 milestone (≥ 90) met; 2025 target (≥ 100) not met, gap 1', async () => {
    const facts = [
      ...employers.map((e, i) => ({
        id: `a-${i}`,
        kind: 'assistance',
        employer: e.creditCode,
        region: county,
        date: '2024-09-01',
        programme: 'yunnan-five-ones',
      })),
      ...employers.slice(0, 9).map((e, i) => ({
        id: `d-${i}`,
        kind: 'declaration',
        employer: e.creditCode,
        region: county,
        date: '2024-10-01',
      })),
    ];
    const store = await storeWith({ regions: YUNNAN, employers, facts });
    const y2024 = (await evaluate({ plan, store, region: county, period: '2024' })).results[0]!;
    expect(y2024.formatted).toBe('90.0');
    expect(y2024.target!.milestone).toBe(true);
    expect(y2024.status).toBe('met');
    const y2025 = (await evaluate({ plan, store, region: county, period: '2025' })).results[0]!;
    expect(y2025.target!.value).toBe('100');
    expect(y2025.status).toBe('not-met');
    expect(y2025.gap).toMatchObject({ action: 'add' });
    expect(y2025.gap!.units.toFixed()).toBe('1');
  });
});
