/**
 * Golden checks of seed 001 (Henan three actions 2024–2025, 附件2 line 70): "以省辖市为单位，每年每县
 * （市、区）中小微企业帮扶数量平均不少于20家" — an average per prefecture, as a ratio to its county count.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import { countiesOf, creditCode, planOf, regionRows, storeWith } from './fixtures.js';

const SEED = '001_a63a6f9d9ceef480.txt';
const TREE = regionRows({ code: '410000', zh: '河南省' }, [
  { code: '410100', zh: '郑州市', counties: 3 },
  { code: '410200', zh: '开封市', counties: 2 },
]);

describe(`[001] SMEs assisted per county, averaged per prefecture (${SEED} line 70)`, () => {
  it('Zhengzhou: 59 SMEs over 3 counties is 19.67 per county, not met (one more needed); Kaifeng: 40 over 2 is 20.00, met', async () => {
    const zz = countiesOf('410100', 3);
    const kf = countiesOf('410200', 2);
    // all of Zhengzhou's assisted SMEs sit in one county: the rule is an average, so that is fine
    const employers = [
      ...Array.from({ length: 59 }, (_, i) => ({
        creditCode: creditCode(zz[0]!, i + 1),
        name: `郑${i}`,
        region: zz[0]!,
        size: 'small',
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        creditCode: creditCode(kf[i % 2]!, i + 100),
        name: `汴${i}`,
        region: kf[i % 2]!,
        size: 'micro',
      })),
      { creditCode: creditCode(zz[1]!, 999), name: '大型', region: zz[1]!, size: 'large' },
    ];
    const facts = employers.map((e, i) => ({
      id: `a-${i}`,
      kind: 'assistance',
      employer: e.creditCode,
      region: e.region,
      date: '2024-08-01',
      programme: 'henan-six-ones',
    }));
    const store = await storeWith({ regions: TREE, employers, facts });
    const plan = planOf(
      SEED,
      [
        {
          id: 'smesAssistedPerCounty',
          label: { zh: '每县帮扶中小微企业数（平均）', en: 'SMEs assisted per county (average)' },
          kind: 'ratio',
          decimals: 2,
          unit: { zh: '家/县', en: 'per county' },
          numerator: {
            op: 'count-employers',
            where: {
              sizes: ['medium', 'small', 'micro'],
              cohort: {
                kind: 'assistance',
                where: [{ field: 'programme', op: 'eq', value: 'henan-six-ones' }],
              },
            },
          },
          denominator: { op: 'count-regions', level: 'county' },
        },
      ],
      [
        {
          indicator: 'smesAssistedPerCounty',
          comparator: '>=',
          value: '20',
          period: '2024',
          scope: { level: 'prefecture' },
          source: { doc: '豫卫职健〔2024〕7号', clause: '附件2 二' },
        },
      ],
    );
    const { results } = await evaluate({
      plan,
      store,
      region: '410000',
      period: '2024',
      levels: ['prefecture'],
    });
    const [zhengzhou, kaifeng] = results;
    expect([
      zhengzhou!.numerator!.toFixed(),
      zhengzhou!.denominator!.toFixed(),
      zhengzhou!.formatted,
    ]).toEqual(['59', '3', '19.67']);
    expect(zhengzhou!.status).toBe('not-met');
    expect(zhengzhou!.gap!.units.toFixed()).toBe('1');
    expect(kaifeng!.formatted).toBe('20.00');
    expect(kaifeng!.status).toBe('met');
    expect([kaifeng!.rank, zhengzhou!.rank]).toEqual([1, 2]);
  });
});
