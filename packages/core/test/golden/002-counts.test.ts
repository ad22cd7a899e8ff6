/**
 * The remaining worked numbers of seed 002 (DOMAIN.md §3.2 V3, V7, V17, V23, V24), reproduced from
 * data values through `evaluate()`; each case names its speech. The ones already covered live in
 * 002-speeches.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import type { IndicatorInput } from '../../src/indicator/index.js';
import { count, elementShare, planOf, regionRows, storeWith } from './fixtures.js';

const SEED = '002_68adf4288258b2bd.txt';
const element = (id: string) => ({ op: 'data-element', id }) as const;

async function figure(indicator: IndicatorInput, values: Record<string, number>, code = '320000') {
  const tree = regionRows({ code, zh: '省' }, []);
  const store = await storeWith({
    regions: tree,
    dataValues: Object.entries(values).map(([dataElement, value]) => ({
      dataElement,
      region: code,
      period: '2016',
      value: String(value),
    })),
  });
  const plan = planOf(SEED, [indicator]);
  const { results } = await evaluate({ plan, store, region: code, period: '2016' });
  return results.find((r) => r.region === code)!;
}

describe(`[002] worked numbers (${SEED})`, () => {
  it('V3 篇2 Jiangsu: 88,438 declaring of which 27,427 new → previous 61,011, growth 44.95 %', async () => {
    const previous = 88438 - 27427; // independent arithmetic: the seed gives only the two totals
    expect(previous).toBe(61011);
    const growth = {
      ...elementShare('growth', 'newDeclaring', 'previousDeclaring'),
      decimals: 2,
    };
    const r = await figure(growth, { newDeclaring: 27427, previousDeclaring: previous });
    expect(r.formatted).toBe('44.95');
  });

  it('V7 篇2 Jiangsu: 229 + 508 foundation-campaign enterprises = 737', async () => {
    const total = count('foundationEnterprises', {
      op: 'add',
      terms: [element('foundationEarlier'), element('foundationNew')],
    });
    const r = await figure(total, { foundationEarlier: 229, foundationNew: 508 });
    expect(r.formatted).toBe('737');
  });

  it('V17 篇3 Heilongjiang: grade A 1 + B 20 + C 4 + B-radiological 5 = 30 tech-service orgs', async () => {
    const total = count('techServiceOrgs', {
      op: 'add',
      terms: ['gradeA', 'gradeB', 'gradeC', 'gradeBRadiological'].map(element),
    });
    const r = await figure(
      total,
      { gradeA: 1, gradeB: 20, gradeC: 4, gradeBRadiological: 5 },
      '230000',
    );
    expect(r.formatted).toBe('30');
  });

  it('V23 篇4 Hengshui: 3,125,100 participants of ≈ 3,491,300 eligible is 89.51 % (two decimals)', async () => {
    const participation = {
      ...elementShare('nrcmsParticipation', 'participants', 'eligible'),
      decimals: 2,
    };
    const r = await figure(participation, { participants: 3125100, eligible: 3491300 }, '131100');
    expect(r.formatted).toBe('89.51');
    // The seed gives no denominator: 3,491,300 is the implied one, and its neighbours in the
    // hundreds do not all give 89.51 — the figure pins the denominator to a narrow band.
    const off = await figure(participation, { participants: 3125100, eligible: 3493300 }, '131100');
    expect(off.formatted).not.toBe('89.51');
  });

  it('V24 篇4 Hengshui: 16.96 M CNY to 42,425 rural mothers ≈ 399.8 CNY each', async () => {
    const perMother: IndicatorInput = {
      id: 'subsidyPerMother',
      label: { zh: '人均补助', en: 'Subsidy per mother' },
      kind: 'ratio',
      unit: { zh: '元', en: 'CNY' },
      factor: '1',
      decimals: 1,
      numerator: element('subsidyYuan'),
      denominator: element('mothers'),
    };
    const r = await figure(perMother, { subsidyYuan: 16960000, mothers: 42425 }, '131100');
    expect(r.formatted).toBe('399.8');
  });
});
