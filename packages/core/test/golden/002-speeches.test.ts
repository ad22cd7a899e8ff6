/**
 * Golden numbers of seed 002 (speeches, 篇2 Jiangsu and 篇3 Heilongjiang), reproduced from records
 * or data values through `evaluate()`. Each case names the seed line it comes from.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/index.js';
import { ratio, roundValue } from '../../src/indicator/index.js';
import {
  count,
  countiesOf,
  creditCode,
  elementShare,
  planOf,
  proportion,
  regionRows,
  split,
  storeWith,
} from './fixtures.js';

const SEED = '002_68adf4288258b2bd.txt';

// Heilongjiang-like tree: province with two prefectures of 3 and 2 counties.
const HLJ = regionRows({ code: '230000', zh: '黑龙江省' }, [
  { code: '230100', zh: '哈尔滨市', counties: 3 },
  { code: '230200', zh: '齐齐哈尔市', counties: 2 },
]);
const HLJ_COUNTIES = [...countiesOf('230100', 3), ...countiesOf('230200', 2)];

/** Data values of `element` summing to `total`, spread over the counties. */
function spread(element: string, total: number, counties: string[], period = '2016') {
  return split(total, counties.length).map((v, i) => ({
    dataElement: element,
    region: counties[i]!,
    period,
    value: String(v),
  }));
}

async function resultOf(
  plan: ReturnType<typeof planOf>,
  store: Awaited<ReturnType<typeof storeWith>>,
  region: string,
  period: string,
  indicator?: string,
) {
  const { results } = await evaluate({ plan, store, region, period, levels: ['province'] });
  const r = results.find(
    (x) => x.region === region && (indicator === undefined || x.indicator === indicator),
  );
  if (!r) throw new Error('no result');
  return r;
}

describe(`[002] 篇3 Heilongjiang coal-power special governance (${SEED} line 203)`, () => {
  it('V11: 383 enterprises, 404 inspections, 1,953 of 2,257 problems rectified → 86.5 %', async () => {
    const employers = Array.from({ length: 383 }, (_, i) => ({
      creditCode: creditCode(HLJ_COUNTIES[i % 5]!, i + 1),
      name: `企业${i + 1}`,
      region: HLJ_COUNTIES[i % 5]!,
      size: 'medium',
    }));
    const found = split(2257, 404);
    const rectified = split(1953, 404);
    const facts = found.map((f, i) => {
      const e = employers[i % 383]!;
      return {
        id: `insp-${i}`,
        kind: 'inspection',
        employer: e.creditCode,
        region: e.region,
        date: '2016-05-01',
        problemsFound: f,
        problemsRectified: rectified[i]!,
      };
    });
    const store = await storeWith({ regions: HLJ, employers, facts });
    const plan = planOf(SEED, [
      proportion(
        'rectificationRate',
        { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
        { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
      ),
      count('inspections', { op: 'count-facts', kind: 'inspection' }),
      count('enterprisesInspected', {
        op: 'count-facts',
        kind: 'inspection',
        distinct: 'employer',
      }),
    ]);
    const { results } = await evaluate({
      plan,
      store,
      region: '230000',
      period: '2016',
      levels: ['province'],
    });
    const by = new Map(results.map((r) => [r.indicator, r]));
    expect(by.get('rectificationRate')!.numerator!.toFixed()).toBe('1953');
    expect(by.get('rectificationRate')!.denominator!.toFixed()).toBe('2257');
    expect(by.get('rectificationRate')!.formatted).toBe('86.5');
    expect(by.get('inspections')!.formatted).toBe('404');
    expect(by.get('enterprisesInspected')!.formatted).toBe('383');
  });
});

describe(`[002] 篇3 Heilongjiang foundation building (${SEED})`, () => {
  const plan = planOf(SEED, [
    elementShare('foundationCompliance', 'foundationCompliant', 'foundationStarted'),
  ]);

  it('V12: 6,176 of 7,522 units reached standard → 82.1 % (the speech states 23.8 %: conflict)', async () => {
    const store = await storeWith({
      regions: HLJ,
      dataValues: [
        ...spread('foundationCompliant', 6176, HLJ_COUNTIES),
        ...spread('foundationStarted', 7522, HLJ_COUNTIES),
      ],
    });
    const r = await resultOf(plan, store, '230000', '2016');
    expect(r.formatted).toBe('82.1');
    // The seed's own "企业达标率仅为23.8%" cannot come from these two figures.
    expect(r.formatted).not.toBe('23.8');
  });

  it('V13: 3,462 of 3,864 that year → 89.6 %', async () => {
    const store = await storeWith({
      regions: HLJ,
      dataValues: [
        ...spread('foundationCompliant', 3462, HLJ_COUNTIES),
        ...spread('foundationStarted', 3864, HLJ_COUNTIES),
      ],
    });
    expect((await resultOf(plan, store, '230000', '2016')).formatted).toBe('89.6');
  });

  it('V16: 223 of 397 supervisors full-time → 56.2 %; V18: 15 of 22 tested enterprises exceeded limits → 68.2 %', async () => {
    const store = await storeWith({
      regions: HLJ,
      dataValues: [
        ...spread('supervisorsFullTime', 223, HLJ_COUNTIES),
        ...spread('supervisors', 397, HLJ_COUNTIES),
        ...spread('supervisoryTestedExceeding', 15, HLJ_COUNTIES),
        ...spread('supervisoryTested', 22, HLJ_COUNTIES),
      ],
    });
    const p = planOf(SEED, [
      elementShare('fullTimeShare', 'supervisorsFullTime', 'supervisors'),
      elementShare('exceedingShare', 'supervisoryTestedExceeding', 'supervisoryTested'),
    ]);
    expect((await resultOf(p, store, '230000', '2016', 'fullTimeShare')).formatted).toBe('56.2');
    expect((await resultOf(p, store, '230000', '2016', 'exceedingShare')).formatted).toBe('68.2');
  });
});

// Jiangsu-like tree: province with three prefectures of 2 counties each.
const JS = regionRows({ code: '320000', zh: '江苏省' }, [
  { code: '320100', zh: '南京市', counties: 2 },
  { code: '320200', zh: '无锡市', counties: 2 },
  { code: '320300', zh: '徐州市', counties: 2 },
]);
const JS_COUNTIES = [
  ...countiesOf('320100', 2),
  ...countiesOf('320200', 2),
  ...countiesOf('320300', 2),
];

describe(`[002] 篇2 Jiangsu (${SEED})`, () => {
  it('V1 (line 57): 44 enterprises, problems disposed 398 on the spot + 136 within deadline + 8 penalties = 542', async () => {
    const employers = Array.from({ length: 44 }, (_, i) => ({
      creditCode: creditCode(JS_COUNTIES[i % 6]!, i + 1),
      name: `企业${i}`,
      region: JS_COUNTIES[i % 6]!,
      size: 'small',
    }));
    const onSpot = split(398, 44);
    const within = split(136, 44);
    const penalty = split(8, 44);
    const facts = employers.map((e, i) => ({
      id: `sup-${i}`,
      kind: 'inspection',
      employer: e.creditCode,
      region: e.region,
      date: '2015-06-15',
      problemsFound: onSpot[i]! + within[i]! + penalty[i]!,
      dispositions: { onSpot: onSpot[i]!, withinDeadline: within[i]!, penalty: penalty[i]! },
    }));
    const store = await storeWith({ regions: JS, employers, facts });
    const plan = planOf(SEED, [
      count('dispositions', {
        op: 'add',
        terms: [
          { op: 'sum-field', kind: 'inspection', field: 'dispositions.onSpot' },
          { op: 'sum-field', kind: 'inspection', field: 'dispositions.withinDeadline' },
          { op: 'sum-field', kind: 'inspection', field: 'dispositions.penalty' },
        ],
      }),
      count('problemsFound', { op: 'sum-field', kind: 'inspection', field: 'problemsFound' }),
      count('enterprises', { op: 'count-facts', kind: 'inspection', distinct: 'employer' }),
    ]);
    const { results } = await evaluate({
      plan,
      store,
      region: '320000',
      period: '2015',
      levels: ['province'],
    });
    const by = new Map(results.map((r) => [r.indicator, r.formatted]));
    expect(by.get('dispositions')).toBe('542');
    expect(by.get('problemsFound')).toBe('542');
    expect(by.get('enterprises')).toBe('44');
  });

  it('V2 (line 85): three-simultaneities reviews 598 + 306 + 438 = 1,342', async () => {
    const stages = [
      ['pre-assessment', 598],
      ['design-review', 306],
      ['completion-acceptance', 438],
    ] as const;
    const facts = stages.flatMap(([stage, n]) =>
      Array.from({ length: n }, (_, i) => ({
        id: `ts-${stage}-${i}`,
        kind: 'three-simultaneities',
        region: JS_COUNTIES[i % 6]!,
        date: '2015-09-01',
        project: `P${stage}${i}`,
        stage,
      })),
    );
    const store = await storeWith({ regions: JS, facts });
    const plan = planOf(SEED, [
      count('tsReviews', { op: 'count-facts', kind: 'three-simultaneities' }),
      ...stages.map(([stage]) =>
        count(`ts-${stage}`, {
          op: 'count-facts',
          kind: 'three-simultaneities',
          where: [{ field: 'stage', op: 'eq', value: stage }],
        }),
      ),
    ]);
    const { results } = await evaluate({
      plan,
      store,
      region: '320000',
      period: '2015',
      levels: ['province'],
    });
    const by = new Map(results.map((r) => [r.indicator, r.formatted]));
    expect(by.get('tsReviews')).toBe('1342');
    expect([
      by.get('ts-pre-assessment'),
      by.get('ts-design-review'),
      by.get('ts-completion-acceptance'),
    ]).toEqual(['598', '306', '438']);
  });

  it('V5 (line 113): 76 of 398 supervisors with an OH background → 19.1 % ("接近20%")', async () => {
    const store = await storeWith({
      regions: JS,
      dataValues: [
        ...spread('supervisorsWithBackground', 76, JS_COUNTIES, '2015'),
        ...spread('supervisors', 398, JS_COUNTIES, '2015'),
      ],
    });
    const plan = planOf(SEED, [
      elementShare('backgroundShare', 'supervisorsWithBackground', 'supervisors'),
    ]);
    const r = await resultOf(plan, store, '320000', '2015');
    expect(r.formatted).toBe('19.1');
    expect(r.value!.lt(20)).toBe(true);
  });

  it('V6 (line 61): of 12,560 enterprises inspected, 3,489 ordered to rectify (27.8 %) and 640 penalised (5.1 %)', async () => {
    const store = await storeWith({
      regions: JS,
      dataValues: [
        ...spread('inspected', 12560, JS_COUNTIES, '2015'),
        ...spread('orderedToRectify', 3489, JS_COUNTIES, '2015'),
        ...spread('penalised', 640, JS_COUNTIES, '2015'),
      ],
    });
    const plan = planOf(SEED, [
      elementShare('rectifyShare', 'orderedToRectify', 'inspected'),
      elementShare('penaltyShare', 'penalised', 'inspected'),
    ]);
    expect((await resultOf(plan, store, '320000', '2015', 'rectifyShare')).formatted).toBe('27.8');
    expect((await resultOf(plan, store, '320000', '2015', 'penaltyShare')).formatted).toBe('5.1');
  });

  it('V9: 1,843,400 of 9,089,800 workers exposed (184.34 / 908.98 万) → 20.3 %', async () => {
    const store = await storeWith({
      regions: JS,
      dataValues: [
        ...spread('workersExposed', 1843400, JS_COUNTIES, '2015'),
        ...spread('workersInDeclared', 9089800, JS_COUNTIES, '2015'),
      ],
    });
    const plan = planOf(SEED, [
      elementShare('exposedShare', 'workersExposed', 'workersInDeclared'),
    ]);
    expect((await resultOf(plan, store, '320000', '2015')).formatted).toBe('20.3');
    expect(ratio('184.34', '908.98').toFixed(1)).toBe('20.3');
  });

  it('V4 (line 93): 13,174 enterprises = 91.9 % holds for denominators 14,328–14,342 only (DOMAIN.md says 14,327: that gives 92.0)', () => {
    const shown = (d: number) => roundValue(ratio(13174, d), 1, 'half-up').toFixed(1);
    const matching: number[] = [];
    for (let d = 14_200; d <= 14_500; d++) if (shown(d) === '91.9') matching.push(d);
    expect(matching[0]).toBe(14_328);
    expect(matching[matching.length - 1]).toBe(14_342);
    expect(matching).toHaveLength(15);
    expect(shown(14_327)).toBe('92.0');
    expect(shown(14_343)).toBe('91.8');
    // independent check with integers: 91.85 ≤ 1,317,400 / d < 91.95
    for (const d of matching) {
      expect(new Decimal(1_317_400 * 100).gte(new Decimal(9185).times(d))).toBe(true);
      expect(new Decimal(1_317_400 * 100).lt(new Decimal(9195).times(d))).toBe(true);
    }
  });
});
