/**
 * The year-end forecast method is pack data (issue 9; seed 003 二(一) 对年底能否达到目标值作出预判):
 * each pack's choice is what the evaluation uses, whatever last year's data would allow, and the
 * explanation states the method and the pack's reason. Expected values are computed by hand.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../../employer/credit-code.js';
import { evaluate } from '../../evaluate/index.js';
import { chinaRegions } from '../../regions-cn.js';
import { MemoryStore } from '../../store/memory.js';
import { henanThreeActions, yongqingFinalEvaluation, yunnanSmeAssistance } from '../index.js';
import { HOLD_COHORT_RATE, HOLD_LATEST_DATA } from './forecast.js';

function cc(region: string, n: number): string {
  const first17 = `91${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

const regions = chinaRegions().filter((r) => r.code === '000000' || r.code.startsWith('4101'));
const withProvince = [...regions, ...chinaRegions().filter((r) => r.code === '410000')];

describe('Henan: the pack chooses linear for its yearly counts, hold for its cohort rates', () => {
  it('郑州 on 2025-06-30: 120 SMEs ÷ 12 counties projected linearly to 120 × 365 ÷ 181 ÷ 12 = 20.17, although 2024 data would allow the same-period ratio', async () => {
    const employers = [];
    const facts = [];
    // 120 SMEs of 中原区 assisted on 2025-04-01; ten of them also on 2024-03-01 and 290 more SMEs
    // on 2024-10-01 (a same-period ratio would read 120 × 300 ÷ 10 = 3600).
    for (let i = 0; i < 410; i++) {
      const code = cc('410102', i + 1);
      employers.push({ creditCode: code, name: `E${i}`, region: '410102', size: 'small' });
      const base = { employer: code, region: '410102', programme: 'henan-six-ones' };
      if (i < 120) facts.push({ ...base, id: `a${i}`, kind: 'assistance', date: '2025-04-01' });
      if (i < 10) facts.push({ ...base, id: `b${i}`, kind: 'assistance', date: '2024-03-01' });
      if (i >= 120) facts.push({ ...base, id: `c${i}`, kind: 'assistance', date: '2024-10-01' });
    }
    const store = new MemoryStore();
    await store.write({ regions: withProvince, employers, facts });
    const { results } = await evaluate({
      plan: henanThreeActions,
      store,
      region: '410100',
      period: '2025',
      asOf: '2025-06-30',
      indicators: ['smesAssistedPerCounty'],
    });
    const f = results.find((r) => r.region === '410100')!.forecast!;
    expect(f.method).toBe('linear');
    expect(f.elapsedDays).toBe(181);
    // by hand: 120 × 365 = 43800; ÷ 181 = 241.98895…; ÷ 12 = 20.16574…
    expect(f.projectedNumerator.toFixed(5)).toBe('241.98895');
    expect(f.projected.toFixed(5)).toBe('20.16575');
    expect(f.projectedFormatted).toBe('20.17');
    expect(f.verdict).toBe('likely-met');
    expect(f.lastYear).toBeUndefined();
    expect(f.explanation.method.zh).toContain('线性');
    expect(f.explanation.basis?.zh).toContain('2024年7月');
    expect(f.explanation.skipped).toBeUndefined();
  });

  it('the declaration rate of the assisted on 2025-06-30: 30 of 60 declared → held at 50 %, unlikely, needs 30 more', async () => {
    const employers = [];
    const facts = [];
    for (let i = 0; i < 60; i++) {
      const code = cc('410102', i + 1);
      employers.push({ creditCode: code, name: `E${i}`, region: '410102', size: 'micro' });
      const base = { employer: code, region: '410102' };
      facts.push({
        ...base,
        id: `a${i}`,
        kind: 'assistance',
        programme: 'henan-six-ones',
        date: '2025-03-01',
      });
      if (i < 30) facts.push({ ...base, id: `d${i}`, kind: 'declaration', date: '2025-05-01' });
    }
    const store = new MemoryStore();
    await store.write({ regions: withProvince, employers, facts });
    const { results } = await evaluate({
      plan: henanThreeActions,
      store,
      region: '410100',
      period: '2025',
      asOf: '2025-06-30',
      indicators: ['declarationRate'],
    });
    const r = results.find((x) => x.region === '410100')!;
    expect(r.value?.toFixed()).toBe('50');
    const f = r.forecast!;
    expect(f.method).toBe('hold');
    expect(f.projected.toFixed()).toBe('50');
    // 50 misses 100 by 50, more than 10 % of 100
    expect(f.verdict).toBe('unlikely');
    expect(f.lag).toEqual({ units: new Decimal(30), action: 'add' });
    expect(f.explanation.basis).toEqual(HOLD_COHORT_RATE.basis);
  });
});

describe('every pack states its choice as data, validated by definePlan()', () => {
  it('Henan and Yunnan: counts linear, rates hold; Yongqing survey rates hold (seed 003 二(一) 采用最新数据)', () => {
    for (const plan of [henanThreeActions, yunnanSmeAssistance]) {
      const sme = plan.indicators.filter((i) =>
        ['smesAssisted', 'smesAssistedPerCounty', 'declarationRate', 'trainingRate'].includes(i.id),
      );
      expect(sme.length).toBeGreaterThanOrEqual(3);
      for (const i of sme)
        expect(i.forecast?.methods, `${plan.id} ${i.id}`).toEqual(
          i.kind === 'proportion' ? ['hold'] : ['linear'],
        );
    }
    const rates = yongqingFinalEvaluation.indicators.filter((i) => i.kind === 'proportion');
    expect(rates.length).toBeGreaterThan(3);
    for (const i of rates) expect(i.forecast).toEqual(HOLD_LATEST_DATA);
  });
});
