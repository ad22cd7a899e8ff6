/**
 * Golden checks of seed 000 (Yaohai District 2025 key points, line 16): "全年检查企业不少于60家" with
 * time progress, and "每起举报必有查处和回复" as a 100 % rate.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import { creditCode, planOf, proportion, storeWith } from './fixtures.js';

const SEED = '000_4148c18198bf1530.txt';
const TREE = [
  { code: '340100', name: { zh: '合肥市' }, level: 'prefecture', parent: null },
  { code: '340102', name: { zh: '瑶海区' }, level: 'county', parent: '340100' },
];
const source = { doc: SEED, clause: '第三板块 四' };

describe(`[000] Yaohai 2025 (${SEED} line 16)`, () => {
  const employers = Array.from({ length: 60 }, (_, i) => ({
    creditCode: creditCode('340102', i + 1),
    name: `企业${i}`,
    region: '340102',
    size: 'small',
  }));
  const plan = planOf(
    SEED,
    [
      {
        id: 'enterprisesInspected',
        label: { zh: '检查企业数', en: 'Enterprises inspected' },
        kind: 'count',
        aggregation: 'sum',
        unit: { zh: '家', en: 'enterprises' },
        numerator: { op: 'count-facts', kind: 'inspection', distinct: 'employer' },
      },
      proportion(
        'complaintResponseRate',
        {
          op: 'count-facts',
          kind: 'complaint',
          where: [
            { field: 'investigated', op: 'eq', value: true },
            { field: 'repliedOn', op: 'exists' },
          ],
        },
        { op: 'count-facts', kind: 'complaint' },
      ),
    ],
    [
      { indicator: 'enterprisesInspected', comparator: '>=', value: '60', period: '2025', source },
      { indicator: 'complaintResponseRate', comparator: '=', value: '100', period: '2025', source },
    ],
  );

  it('27 enterprises inspected by end of June: 时序进度 expects 30 (6/12 of 60), behind; 60 by December meets it', async () => {
    // 27 inspected in the first half (one twice), 33 more in the second half
    const facts = employers.map((e, i) => ({
      id: `i-${i}`,
      kind: 'inspection',
      employer: e.creditCode,
      region: '340102',
      date: i < 27 ? '2025-03-10' : '2025-10-10',
    }));
    facts.push({
      id: 'i-again',
      kind: 'inspection',
      employer: employers[0]!.creditCode,
      region: '340102',
      date: '2025-05-10',
    });
    const store = await storeWith({ regions: TREE, employers, facts });
    const june = (
      await evaluate({
        plan,
        store,
        region: '340102',
        period: '2025',
        asOf: '2025-06-30',
        indicators: ['enterprisesInspected'],
      })
    ).results[0]!;
    expect(june.formatted).toBe('27');
    expect(june.status).toBe('not-met');
    expect(june.gap!.units.toFixed()).toBe('33');
    expect(june.progress!.expected.toFixed()).toBe('30');
    expect(june.progress!.onTrack).toBe(false);
    const year = (
      await evaluate({
        plan,
        store,
        region: '340102',
        period: '2025',
        indicators: ['enterprisesInspected'],
      })
    ).results[0]!;
    expect(year.formatted).toBe('60');
    expect(year.status).toBe('met');
  });

  it('every complaint investigated and replied: 2 of 3 is 66.7 %, not met, one more needed', async () => {
    const facts = [
      {
        id: 'c1',
        kind: 'complaint',
        region: '340102',
        date: '2025-02-01',
        investigated: true,
        repliedOn: '2025-02-10',
      },
      {
        id: 'c2',
        kind: 'complaint',
        region: '340102',
        date: '2025-03-01',
        investigated: true,
        repliedOn: '2025-03-15',
      },
      { id: 'c3', kind: 'complaint', region: '340102', date: '2025-04-01', investigated: true },
    ];
    const store = await storeWith({ regions: TREE, facts });
    const r = (
      await evaluate({
        plan,
        store,
        region: '340102',
        period: '2025',
        indicators: ['complaintResponseRate'],
      })
    ).results[0]!;
    expect(r.formatted).toBe('66.7');
    expect(r.status).toBe('not-met');
    expect(r.gap!.units.toFixed()).toBe('1');
  });
});
