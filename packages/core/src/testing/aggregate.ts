/**
 * @module testing/aggregate
 * Conformance of a store's optional `aggregate()` pushdown: on a fixture that touches every leaf
 * expression and option, the store's figures must equal the core's in-memory figures to the last
 * digit, for every region of the subtree, and `evaluate()` must give the same results either way.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../employer/credit-code.js';
import { aggregateInMemory, aggregateRequestFor, evaluate } from '../evaluate/evaluate.js';
import type { IndicatorInput } from '../indicator/schema.js';
import { parsePeriod } from '../period/index.js';
import { definePlan } from '../plans/define.js';
import type { Store, WriteBatch } from '../store/port.js';
import { institutionsFor } from './fixtures.js';

/** Options of {@link describeAggregateConformance}. */
export interface AggregateConformanceOptions {
  /** Name shown in the test report. */
  readonly name?: string;
}

function code(region: string, n: number): string {
  const first17 = `91${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

const P = '530000';
const PREFS = ['530100', '530300'] as const;
const COUNTIES: Record<string, string[]> = {
  '530100': ['530102', '530103', '530111'],
  '530300': ['530302', '530303'],
};

/** First days of the 12- and 36-month windows before 2025-06-30 and 2025-12-31, and the days before. */
const TESTING_EDGES = {
  12: ['2024-12-30', '2024-06-29', '2024-12-31', '2024-06-30'],
  36: ['2022-12-30', '2022-06-29', '2022-12-31', '2022-06-30'],
} as const;

/**
 * The fixture: a small province with employers, facts and data values of every shape.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(aggregateFixture());
 * console.log((await store.regionTree())?.has('530000'));
 * // → true
 * ```
 */
export function aggregateFixture(): WriteBatch {
  const regions = [
    { code: P, name: { zh: '云南省' }, level: 'province', parent: null },
    ...PREFS.flatMap((p) => [
      { code: p, name: { zh: `州市${p}` }, level: 'prefecture', parent: P },
      ...COUNTIES[p]!.map((c) => ({ code: c, name: { zh: `县${c}` }, level: 'county', parent: p })),
    ]),
  ];
  const counties = Object.values(COUNTIES).flat();
  const sizes = ['large', 'medium', 'small', 'micro'] as const;
  const hazards = ['severe', 'general', 'none'] as const;
  const industries = ['C3011', 'B0610', 'F5111', 'D4411', undefined] as const;
  const employers = Array.from({ length: 40 }, (_, i) => {
    const region = counties[i % counties.length]!;
    const industry = industries[i % industries.length];
    return {
      creditCode: code(region, i + 1),
      name: `单位${i + 1}`,
      region,
      size: sizes[i % 4]!,
      hazardLevel: hazards[i % 3]!,
      hazardFactors: i % 5 === 0 ? [] : ['11001'],
      ...(industry ? { industry } : {}),
      ...(i % 6 === 0 ? {} : { employees: (i * 7) % 60 }),
      ...(i % 9 === 4 ? { statusHistory: [{ status: 'deregistered', from: '2025-03-01' }] } : {}),
      ...(i % 11 === 3 ? { statusHistory: [{ status: 'suspended', from: '2025-05-15' }] } : {}),
      ...(i % 13 === 5 ? { registeredOn: '2025-08-01' } : {}),
    };
  });
  const dates = [
    '2024-11-20',
    '2025-01-05',
    '2025-03-31',
    '2025-04-01',
    '2025-06-30',
    '2025-09-15',
    '2025-12-31',
  ];
  const facts: unknown[] = [];
  employers.forEach((e, i) => {
    const date = dates[i % dates.length]!;
    if (i % 2 === 0)
      facts.push({
        id: `decl-${i}`,
        kind: 'declaration',
        employer: e.creditCode,
        region: e.region,
        date,
      });
    if (i % 8 === 0)
      facts.push({
        id: `decl-${i}-b`,
        kind: 'declaration',
        employer: e.creditCode,
        region: e.region,
        date: '2025-07-01',
        declarationType: 'change',
      });
    if (i % 3 !== 2) {
      facts.push({
        id: `asst-${i}`,
        kind: 'assistance',
        employer: e.creditCode,
        region: e.region,
        date: dates[(i + 2) % dates.length]!,
        programme: i % 2 ? 'yunnan-five-ones' : 'henan-six-ones',
        items: { identification: i % 4 !== 0, training: i % 3 === 0 },
        hasExceedingPosts: i % 5 === 1,
        problemsFound: i % 6,
        problemsRectified: (i % 6) >> 1,
      });
    }
    if (i % 4 !== 3) {
      facts.push({
        id: `test-${i}`,
        kind: 'hazard-testing',
        employer: e.creditCode,
        region: e.region,
        date: dates[(i + 3) % dates.length]!,
        programme: i % 3 ? 'periodic' : 'supervisory',
        postsTested: 5 + (i % 4),
        postsCompliant: 3 + (i % 3),
        institution: `inst-${i % 3}`,
      });
    }
    if (i % 4 === 3) {
      // On a `withinMonths` boundary (12 or 36 months before 2025-06-30 / 2025-12-31) or the day
      // before it: an off-by-one-day window in a pushdown changes the figures.
      facts.push({
        id: `test-${i}-edge`,
        kind: 'hazard-testing',
        employer: e.creditCode,
        region: e.region,
        date: TESTING_EDGES[e.hazardLevel === 'severe' ? 12 : 36][(i >> 2) % 4]!,
        programme: i % 8 === 3 ? 'periodic' : 'monitoring',
        postsTested: 2,
        postsCompliant: 2,
      });
    }
    facts.push({
      id: `insp-${i}`,
      kind: 'inspection',
      employer: e.creditCode,
      region: e.region,
      date: dates[(i + 1) % dates.length]!,
      problemsFound: 6,
      problemsRectified: i % 7,
      dispositions: { onSpot: 3, withinDeadline: 2, penalty: 1 },
    });
    if (i % 5 === 2) {
      facts.push({
        id: `case-${i}`,
        kind: 'enforcement-case',
        employer: e.creditCode,
        region: e.region,
        date: dates[i % dates.length]!,
        ...(i % 10 === 2 ? { concludedOn: '2025-10-10', penalty: `${1000 + i}.55` } : {}),
      });
    }
  });
  // a fact recorded in another county than its employer's, and facts without an employer
  facts.push({
    id: 'insp-moved',
    kind: 'inspection',
    employer: employers[0]!.creditCode,
    region: '530303',
    date: '2025-05-05',
    problemsFound: 2,
    problemsRectified: 2,
  });
  facts.push({
    id: 'complaint-1',
    kind: 'complaint',
    region: '530102',
    date: '2025-02-02',
    investigated: true,
    repliedOn: '2025-02-20',
  });
  facts.push({
    id: 'complaint-2',
    kind: 'complaint',
    region: '530302',
    date: '2025-06-02',
    investigated: false,
  });
  facts.push({
    id: 'ts-1',
    kind: 'three-simultaneities',
    region: '530100',
    date: '2025-04-04',
    project: 'X',
    stage: 'design-review',
    totalInvestment: '1234.567',
  });
  for (const [id, region, project, stage] of [
    ['ts-2', '530102', 'X', 'completion-acceptance'],
    ['ts-3', '530303', 'Y', 'completion-acceptance'],
  ] as const)
    facts.push({ id, kind: 'three-simultaneities', region, date: '2025-09-15', project, stage });
  const dataValues: unknown[] = [];
  counties.forEach((c, i) => {
    dataValues.push({
      dataElement: 'insuredWorkers',
      region: c,
      period: '2024',
      value: String(1000 + i),
    });
    if (i !== 2)
      dataValues.push({
        dataElement: 'insuredWorkers',
        region: c,
        period: '2025',
        value: String(1200 + i * 3),
      });
    dataValues.push({
      dataElement: 'healthExamInstitutions',
      region: c,
      period: '2025',
      value: String(i % 3),
    });
    dataValues.push({
      dataElement: 'awareWorkers',
      region: c,
      period: '2025Q1',
      value: `${40 + i}.5`,
    });
    dataValues.push({
      dataElement: 'awareWorkers',
      region: c,
      period: '2025Q3',
      value: String(50 + i),
    });
    dataValues.push({
      dataElement: 'surveyedWorkers',
      region: c,
      period: '2025',
      value: String(100 + i),
    });
  });
  dataValues.push({ dataElement: 'prefecturePlans', region: '530100', period: '2025', value: '1' });
  dataValues.push({ dataElement: 'insuredWorkers', region: '530300', period: '2025', value: '7' });
  const institutions = institutionsFor(['inst-0', 'inst-1', 'inst-2'], P);
  return { regions, employers, institutions, facts, dataValues };
}

const pct = { kind: 'proportion' as const, unit: { zh: '%', en: '%' } };
const cnt = {
  kind: 'count' as const,
  unit: { zh: '个', en: 'units' },
  aggregation: 'sum' as const,
};
const label = (id: string) => ({ zh: id, en: id });

/**
 * Indicators touching every leaf expression and option.
 * @example
 * ```ts
 * const indicators = aggregateIndicators().map(defineIndicator);
 * console.log(indicators.some((i) => i.id === 'declarationRate'));
 * // → true
 * ```
 */
export function aggregateIndicators(): IndicatorInput[] {
  const cohort = { kind: 'assistance' as const, window: 'to-date' as const };
  return [
    {
      id: 'declarationRate',
      label: label('declarationRate'),
      ...pct,
      numerator: {
        op: 'count-employers',
        where: {
          sizes: ['medium', 'small', 'micro'],
          cohort,
          hasFact: [{ kind: 'declaration', window: 'to-date' }],
        },
      },
      denominator: {
        op: 'count-employers',
        where: { sizes: ['medium', 'small', 'micro'], cohort },
      },
    },
    {
      // `withinMonths` (a window relative to the reference date, month ends clamped): severe-class
      // employers tested in the 12 months up to the reference date, others in the 36 months.
      id: 'testedWithinMonths',
      label: label('testedWithinMonths'),
      ...pct,
      numerator: {
        op: 'add',
        terms: [
          {
            op: 'count-employers',
            where: {
              hazardLevels: ['severe'],
              cohort,
              hasFact: [{ kind: 'hazard-testing', withinMonths: 12 }],
            },
          },
          {
            op: 'count-employers',
            where: {
              hazardLevels: ['general', 'none'],
              cohort,
              hasFact: [
                {
                  kind: 'hazard-testing',
                  where: [{ field: 'programme', op: 'in', value: ['periodic', 'monitoring'] }],
                  withinMonths: 36,
                },
              ],
            },
          },
        ],
      },
      denominator: { op: 'count-employers', where: { cohort } },
    },
    {
      id: 'severeIndustrial',
      label: label('severeIndustrial'),
      ...pct,
      numerator: {
        op: 'count-employers',
        where: { industrial: true, hazardLevels: ['severe'], hasFact: [{ kind: 'declaration' }] },
      },
      denominator: {
        op: 'count-employers',
        where: { industrial: true, hazardLevels: ['severe'], hasHazardFactors: true },
      },
    },
    {
      id: 'tenPlus',
      label: label('tenPlus'),
      ...pct,
      numerator: {
        op: 'count-employers',
        where: {
          minEmployees: 10,
          industrySections: ['B', 'C'],
          excludeIf: [
            { kind: 'enforcement-case', where: [{ field: 'concludedOn', op: 'exists' }] },
          ],
        },
      },
      denominator: { op: 'count-employers', where: { activeOn: 'any' } },
    },
    {
      id: 'itemDone',
      label: label('itemDone'),
      ...pct,
      numerator: {
        op: 'count-facts',
        kind: 'assistance',
        where: [
          { field: 'items.identification', op: 'eq', value: true },
          { field: 'programme', op: 'in', value: ['yunnan-five-ones', 'other'] },
        ],
      },
      denominator: { op: 'count-facts', kind: 'assistance' },
    },
    {
      id: 'testedDistinct',
      label: label('testedDistinct'),
      ...cnt,
      numerator: {
        op: 'count-facts',
        kind: 'hazard-testing',
        distinct: 'employer',
        where: [{ field: 'programme', op: 'ne', value: 'supervisory' }],
      },
    },
    {
      id: 'institutions',
      label: label('institutions'),
      ...cnt,
      numerator: {
        op: 'count-facts',
        kind: 'hazard-testing',
        distinct: 'institution',
        window: 'to-date',
      },
    },
    {
      // A rolling window (as the two-yearly QC coverage of 001 附件3 一(四)): reaches before the
      // period, so the pushdown must read history as the in-memory path does.
      id: 'testedWithin24Months',
      label: label('testedWithin24Months'),
      ...cnt,
      numerator: {
        op: 'count-facts',
        kind: 'hazard-testing',
        distinct: 'employer',
        withinMonths: 24,
      },
    },
    {
      id: 'passRate',
      label: label('passRate'),
      ...pct,
      numerator: {
        op: 'sum-field',
        kind: 'hazard-testing',
        field: 'postsCompliant',
        employer: { sizes: ['small', 'micro'] },
      },
      denominator: {
        op: 'sum-field',
        kind: 'hazard-testing',
        field: 'postsTested',
        employer: { sizes: ['small', 'micro'] },
      },
    },
    {
      id: 'rectification',
      label: label('rectification'),
      ...pct,
      numerator: {
        op: 'add',
        terms: [
          { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
          { op: 'sum-field', kind: 'assistance', field: 'problemsRectified' },
        ],
      },
      denominator: {
        op: 'add',
        terms: [
          { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
          { op: 'sum-field', kind: 'assistance', field: 'problemsFound' },
        ],
      },
    },
    {
      id: 'onSpot',
      label: label('onSpot'),
      ...cnt,
      numerator: {
        op: 'sum-field',
        kind: 'inspection',
        field: 'dispositions.onSpot',
        where: [
          { field: 'date', op: 'gte', value: { ref: 'period-start' } },
          { field: 'problemsFound', op: 'gt', value: 1 },
        ],
      },
    },
    {
      id: 'caseHandling',
      label: label('caseHandling'),
      ...pct,
      numerator: {
        op: 'count-facts',
        kind: 'enforcement-case',
        where: [{ field: 'concludedOn', op: 'lte', value: { ref: 'reference-date' } }],
      },
      denominator: { op: 'count-facts', kind: 'enforcement-case' },
    },
    {
      id: 'penalties',
      label: label('penalties'),
      ...cnt,
      decimals: 2,
      numerator: { op: 'sum-field', kind: 'enforcement-case', field: 'penalty', window: 'to-date' },
    },
    {
      // Distinct projects: X has two records (two stages) and counts once; Y once.
      id: 'projects',
      label: label('projects'),
      ...cnt,
      numerator: { op: 'count-facts', kind: 'three-simultaneities', distinct: 'project' },
    },
    {
      id: 'investment',
      label: label('investment'),
      ...cnt,
      decimals: 3,
      numerator: { op: 'sum-field', kind: 'three-simultaneities', field: 'totalInvestment' },
    },
    {
      id: 'complaintsReplied',
      label: label('complaintsReplied'),
      ...pct,
      numerator: {
        op: 'count-facts',
        kind: 'complaint',
        where: [
          { field: 'investigated', op: 'eq', value: true },
          { field: 'repliedOn', op: 'exists' },
        ],
      },
      denominator: { op: 'count-facts', kind: 'complaint' },
    },
    {
      id: 'insured',
      label: label('insured'),
      kind: 'count',
      unit: label('persons'),
      aggregation: 'latest',
      numerator: { op: 'data-element', id: 'insuredWorkers' },
    },
    {
      id: 'insuredSum',
      label: label('insuredSum'),
      ...cnt,
      numerator: { op: 'data-element', id: 'insuredWorkers' },
    },
    {
      id: 'insuredOwn',
      label: label('insuredOwn'),
      kind: 'count',
      unit: label('persons'),
      aggregation: 'none',
      numerator: { op: 'data-element', id: 'insuredWorkers' },
    },
    {
      id: 'awareness',
      label: label('awareness'),
      ...pct,
      numerator: { op: 'data-element', id: 'awareWorkers' },
      denominator: { op: 'data-element', id: 'surveyedWorkers' },
    },
    {
      id: 'countyCoverage',
      label: label('countyCoverage'),
      ...pct,
      numerator: {
        op: 'count-regions',
        level: 'county',
        where: {
          expr: { op: 'data-element', id: 'healthExamInstitutions' },
          comparator: '>=',
          value: '1',
        },
      },
      denominator: { op: 'count-regions', level: 'county' },
    },
    {
      id: 'prefPlans',
      label: label('prefPlans'),
      ...pct,
      numerator: { op: 'data-element', id: 'prefecturePlans', scope: 'self' },
      denominator: { op: 'count-regions', level: 'prefecture' },
    },
    {
      id: 'perCounty',
      label: label('perCounty'),
      kind: 'ratio',
      unit: label('per county'),
      numerator: { op: 'count-employers', where: { cohort: { kind: 'assistance' } } },
      denominator: { op: 'count-regions', level: 'county' },
    },
  ];
}

function figure(v: string | null | undefined, leaf: { op: string }): string | null {
  if (v === undefined) return leaf.op === 'data-element' ? null : '0';
  return v === null ? null : new Decimal(v).toFixed();
}

/** A view of `store` without `aggregate()`, so `evaluate()` takes the in-memory path. */
function withoutAggregate(store: Store): Store {
  return {
    name: `${store.name}-memory`,
    write: (b, o) => store.write(b, o),
    regionTree: () => store.regionTree(),
    getRegion: (c) => store.getRegion(c),
    getEmployer: (c) => store.getEmployer(c),
    listEmployers: (q) => store.listEmployers(q),
    getFact: (id) => store.getFact(id),
    listFacts: (q) => store.listFacts(q),
    listDataValues: (q) => store.listDataValues(q),
    get: (k, key) => store.get(k, key),
    page: (k, q) => store.page(k, q),
    searchEmployers: (q) => store.searchEmployers(q),
    listAudit: (q) => store.listAudit(q),
    close: async () => {},
  };
}

const CASES: ReadonlyArray<{ region: string; period: string; asOf?: string }> = [
  { region: P, period: '2025' },
  { region: P, period: '2025Q2' },
  { region: P, period: '2025H2' },
  { region: '530100', period: '2025', asOf: '2025-06-30' },
  { region: '530303', period: '2024/2025' },
];

/**
 * Register the aggregate conformance tests in the current `describe` (for suites that compose).
 * @example
 * ```ts check
 * import { describe } from 'vitest';
 * describe('my store', () => {
 *   registerAggregateConformance({ makeStore: async () => openSqliteStore(':memory:') });
 * });
 * ```
 * @param ctx.makeStore a fresh, empty store with `aggregate()`
 */
export function registerAggregateConformance(ctx: {
  readonly makeStore: () => Promise<Store>;
}): void {
  const plan = definePlan({
    id: 'aggregateConformance',
    label: { zh: '聚合一致性', en: 'Aggregate conformance' },
    source: { doc: 'occhealth conformance' },
    dataElements: [
      { id: 'awareWorkers', label: { zh: 'awareWorkers' }, valueType: 'decimal' },
      {
        id: 'healthExamInstitutions',
        label: { zh: 'healthExamInstitutions' },
        valueType: 'decimal',
      },
      { id: 'insuredWorkers', label: { zh: 'insuredWorkers' }, valueType: 'decimal' },
      { id: 'prefecturePlans', label: { zh: 'prefecturePlans' }, valueType: 'decimal' },
      { id: 'surveyedWorkers', label: { zh: 'surveyedWorkers' }, valueType: 'decimal' },
    ],
    indicators: aggregateIndicators(),
  });

  for (const c of CASES) {
    it(`aggregate() equals the core's figures: ${c.region} ${c.period}${c.asOf ? ` as of ${c.asOf}` : ''}`, async () => {
      const store = await ctx.makeStore();
      try {
        expect(typeof store.aggregate).toBe('function');
        await store.write(aggregateFixture());
        const tree = (await store.regionTree())!;
        const request = aggregateRequestFor(
          plan.indicators,
          c.region,
          c.period,
          c.asOf ?? parsePeriod(c.period).end,
        );
        const pushed = await store.aggregate!(request);
        const core = await aggregateInMemory(withoutAggregate(store), request);
        for (const regionCode of tree.subtreeCodes(c.region)) {
          for (const { id, expression } of request.expressions) {
            const got = figure(pushed.figures[regionCode]?.[id], expression);
            const want = figure(core.figures[regionCode]?.[id], expression);
            expect({ region: regionCode, expression: id, value: got }).toEqual({
              region: regionCode,
              expression: id,
              value: want,
            });
          }
        }
      } finally {
        await store.close();
      }
    });
  }

  it('evaluate() gives identical results with and without the pushdown', async () => {
    const store = await ctx.makeStore();
    try {
      await store.write(aggregateFixture());
      const pushed = await evaluate({ plan, store, region: P, period: '2025' });
      const memory = await evaluate({
        plan,
        store: withoutAggregate(store),
        region: P,
        period: '2025',
      });
      expect(pushed.via).toBe('aggregate');
      expect(memory.via).toBe('memory');
      const strip = (e: typeof pushed) =>
        e.results.map((r) => ({
          indicator: r.indicator,
          region: r.region,
          numerator: r.numerator?.toFixed() ?? null,
          denominator: r.denominator?.toFixed() ?? null,
          value: r.value?.toFixed() ?? null,
          formatted: r.formatted,
          status: r.status,
          rank: r.rank ?? null,
        }));
      expect(strip(pushed)).toEqual(strip(memory));
    } finally {
      await store.close();
    }
  });
}

/**
 * The aggregate conformance suite: an adapter whose store implements `aggregate()` calls this in
 * its tests, unchanged.
 * @example
 * ```ts check
 * describeAggregateConformance(async () => openSqliteStore(':memory:'), { name: 'sqlite' });
 * ```
 */
export function describeAggregateConformance(
  makeStore: () => Promise<Store>,
  options: AggregateConformanceOptions = {},
): void {
  describe(`aggregate() conformance${options.name ? `: ${options.name}` : ''}`, () => {
    registerAggregateConformance({ makeStore });
  });
}
