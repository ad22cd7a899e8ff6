/**
 * @module testing/pushdown-property
 * `describePushdownProperty(makeStore)`: the property every store with an `aggregate()` pushdown
 * must satisfy, shared by the adapters so none keeps a copy. On random region trees (2–4 levels),
 * random employers (sizes, hazard levels, industries, status histories with suspensions around
 * month ends) and random facts and data values over 2024–2025, `evaluate()` through the store's
 * pushdown gives the same numerators, denominators, values and formatted figures as the core's
 * in-memory path over a `MemoryStore`, for every region and indicator of real policy packs and of a
 * plan touching every leaf option.
 *
 * Needs `fast-check` (an optional peer dependency, as vitest is).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../date/index.js';
import { type Evaluation, evaluate } from '../evaluate/index.js';
import type { IndicatorInput } from '../indicator/index.js';
import { definePlan } from '../plans/define.js';
import { henanThreeActions } from '../plans/henan-three-actions/index.js';
import { national14thFyp } from '../plans/national-14th-fyp/index.js';
import { yunnanSmeAssistance } from '../plans/yunnan-sme-assistance/index.js';
import { MemoryStore } from '../store/memory.js';
import type { Store, WriteBatch } from '../store/port.js';
import { aggregateIndicators } from './aggregate.js';
import { institutionsFor, makeCreditCode } from './fixtures.js';

/** Options of {@link describePushdownProperty}. */
export interface PushdownPropertyOptions {
  /** Name shown in the test title. */
  readonly name?: string;
  /** Random worlds to try (default `AGGREGATE_RUNS` from the environment, else 40). */
  readonly runs?: number;
}

const LEVELS = ['province', 'prefecture', 'county', 'township'] as const;

interface Shape {
  readonly depth: number;
  readonly fanout: readonly number[];
}

/** Regions of a tree: `R0`, `R0-1`, `R0-1-2`, … level by level. */
function regionsOf(
  shape: Shape,
): { code: string; name: { zh: string }; level: string; parent: string | null }[] {
  const out: { code: string; name: { zh: string }; level: string; parent: string | null }[] = [
    { code: 'R0', name: { zh: '省' }, level: LEVELS[0], parent: null },
  ];
  let frontier = ['R0'];
  let k = 0;
  for (let level = 1; level < shape.depth; level++) {
    const next: string[] = [];
    for (const parent of frontier) {
      const n = shape.fanout[k++ % shape.fanout.length]!;
      for (let i = 0; i < n; i++) {
        const code = `${parent}-${i}`;
        out.push({ code, name: { zh: code }, level: LEVELS[level]!, parent });
        next.push(code);
      }
    }
    frontier = next;
  }
  return out;
}

// Dates that stress the windows: period edges, month ends (6-month suspension clamping), leap day.
const EDGE_DATES = [
  '2024-01-01',
  '2024-02-29',
  '2024-06-30',
  '2024-08-31',
  '2024-12-31',
  '2025-01-01',
  '2025-01-31',
  '2025-02-28',
  '2025-03-31',
  '2025-06-30',
  '2025-07-01',
  '2025-08-31',
  '2025-12-31',
];
// The first day of each `withinMonths` window (12 and 36 months) before the evaluated reference
// dates (2024-12-31, 2025-06-30, 2025-08-31, 2025-12-31), and the day before it.
const TESTING_EDGES = ['2024-12-31', '2025-06-30', '2025-08-31', '2025-12-31'].flatMap((ref) =>
  [12, 36].flatMap((months) => {
    const first = addMonths(ref, -months);
    return [first, addDays(first, -1)];
  }),
);
const dayArb = fc.oneof(
  fc.constantFrom(...EDGE_DATES),
  fc
    .integer({ min: 0, max: 730 })
    .map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10)),
);
const decimalArb = fc
  .tuple(
    fc.integer({ min: 0, max: 99_999_999 }),
    fc.constantFrom('', '.5', '.05', '.10', '.123456789', '.0000001'),
  )
  .map(([i, f]) => `${i}${f}`);
const sorted2 = fc
  .uniqueArray(dayArb, { minLength: 2, maxLength: 2 })
  .map((d) => [...d].sort() as [string, string]);

const statusArb = fc.oneof(
  fc.constant([] as { status: string; from: string }[]),
  dayArb.map((d) => [{ status: 'suspended', from: d }]),
  dayArb.map((d) => [{ status: 'deregistered', from: d }]),
  sorted2.map(([a, b]) => [
    { status: 'active', from: a },
    { status: 'suspended', from: b },
  ]),
  sorted2.map(([a, b]) => [
    { status: 'suspended', from: a },
    { status: 'active', from: b },
  ]),
);

const employerArb = fc.record({
  region: fc.nat(),
  size: fc.constantFrom('large', 'medium', 'small', 'micro'),
  hazardLevel: fc.constantFrom('severe', 'general', 'none'),
  hazardFactors: fc.boolean(),
  industry: fc.constantFrom('C3011', 'B0610', 'F5111', 'D4411', 'E4700', undefined),
  employees: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
  statusHistory: statusArb,
  registeredOn: fc.option(dayArb, { nil: undefined }),
});

const factArb = fc.record({
  employer: fc.nat(),
  /** Recorded in another region than the employer's (a nat picks it), or in the employer's. */
  otherRegion: fc.option(fc.nat(), { nil: undefined, freq: 4 }),
  date: dayArb,
  kind: fc.constantFrom(
    'assistance',
    'declaration',
    'hazard-testing',
    'health-exam',
    'training',
    'enforcement-case',
    'inspection',
    'complaint',
  ),
  n: fc.integer({ min: 0, max: 6 }),
  m: fc.integer({ min: 0, max: 6 }),
  flag: fc.boolean(),
  programme: fc.constantFrom('yunnan-five-ones', 'henan-six-ones', 'periodic', 'supervisory'),
  decimal: decimalArb,
  later: dayArb,
});

const dataValueArb = fc.record({
  region: fc.nat(),
  element: fc.constantFrom(
    'insuredWorkers',
    'healthExamInstitutions',
    'awareWorkers',
    'surveyedWorkers',
    'prefecturePlans',
  ),
  period: fc.constantFrom('2024', '2025', '2025Q1', '2025Q3', '2025-06', '2024H2', '2025H1'),
  value: decimalArb,
});

const worldArb = fc.record({
  shape: fc.record({
    depth: fc.integer({ min: 2, max: 4 }),
    fanout: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }),
  }),
  employers: fc.array(employerArb, { minLength: 2, maxLength: 16 }),
  facts: fc.array(factArb, { minLength: 20, maxLength: 80 }),
  dataValues: fc.array(dataValueArb, { minLength: 1, maxLength: 15 }),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function batchOf(world: World): WriteBatch {
  const regions = regionsOf(world.shape);
  const pick = (n: number) => regions[n % regions.length]!.code;
  const employers = world.employers.map((e, i) => ({
    creditCode: makeCreditCode(i + 1),
    name: `单位${i}`,
    region: pick(e.region),
    size: e.size,
    hazardLevel: e.hazardLevel,
    hazardFactors: e.hazardFactors ? ['11001'] : [],
    ...(e.industry ? { industry: e.industry } : {}),
    ...(e.employees === undefined ? {} : { employees: e.employees }),
    statusHistory: e.statusHistory,
    ...(e.registeredOn ? { registeredOn: e.registeredOn } : {}),
  }));
  const facts =
    employers.length === 0
      ? []
      : world.facts.map((f, i) => {
          const e = employers[f.employer % employers.length]!;
          const base = {
            id: `f${i}`,
            region: f.otherRegion === undefined ? e.region : pick(f.otherRegion),
            date: f.date,
          };
          const lo = Math.min(f.n, f.m);
          const hi = Math.max(f.n, f.m);
          switch (f.kind) {
            case 'assistance':
              return {
                ...base,
                kind: f.kind,
                employer: e.creditCode,
                programme: f.flag ? 'yunnan-five-ones' : 'henan-six-ones',
                items: { identification: f.n % 2 === 0, training: f.flag },
                problemsFound: hi,
                problemsRectified: lo,
              };
            case 'declaration':
              return {
                ...base,
                kind: f.kind,
                employer: e.creditCode,
                declarationType: f.flag ? 'initial' : 'annual',
              };
            case 'hazard-testing':
              return {
                ...base,
                // A third of the tests sit on a testing-window boundary (see TESTING_EDGES).
                ...(f.n % 3 === 0
                  ? { date: TESTING_EDGES[(f.m * 7 + i) % TESTING_EDGES.length]! }
                  : {}),
                kind: f.kind,
                employer: e.creditCode,
                programme: f.flag ? 'periodic' : f.m % 2 ? 'monitoring' : 'supervisory',
                postsTested: hi,
                postsCompliant: lo,
                ...(f.n % 3 === 0 ? {} : { institution: `inst-${f.m % 3}` }),
              };
            case 'health-exam':
              return {
                ...base,
                kind: f.kind,
                employer: e.creditCode,
                workersDue: hi,
                workersExamined: lo,
                ...(f.n % 2 ? { institution: `inst-${f.n % 2}` } : {}),
              };
            case 'training':
              return {
                ...base,
                kind: f.kind,
                employer: e.creditCode,
                principalsTrained: f.n,
                workersTrained: f.m,
              };
            case 'enforcement-case':
              return {
                ...base,
                kind: f.kind,
                employer: e.creditCode,
                ...(f.later >= f.date ? { concludedOn: f.later } : {}),
                ...(f.flag ? { penalty: f.decimal } : {}),
              };
            case 'inspection':
              return {
                ...base,
                kind: f.kind,
                employer: e.creditCode,
                problemsFound: hi,
                problemsRectified: lo,
                ...(f.flag
                  ? { dispositions: { onSpot: lo, withinDeadline: hi - lo, penalty: 0 } }
                  : {}),
              };
            default:
              return {
                id: base.id,
                region: base.region,
                date: base.date,
                kind: 'complaint',
                investigated: f.flag,
                ...(f.later >= f.date ? { repliedOn: f.later } : {}),
              };
          }
        });
  const seen = new Set<string>();
  const dataValues = world.dataValues
    .map((d) => ({
      dataElement: d.element,
      region: pick(d.region),
      period: d.period,
      value: d.value,
    }))
    .filter((d) => {
      const key = `${d.dataElement}|${d.region}|${d.period}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  // A three-simultaneities project without employer, with a decimal investment.
  const extra = world.facts.slice(0, 3).map((f, i) => ({
    id: `ts${i}`,
    kind: 'three-simultaneities',
    region: pick(f.employer),
    date: f.date,
    project: `P${i}`,
    stage: 'design-review',
    totalInvestment: f.decimal,
  }));
  const institutions = institutionsFor(['inst-0', 'inst-1', 'inst-2'], regions[0]!.code);
  return { regions, employers, institutions, facts: [...facts, ...extra], dataValues };
}

const label = (id: string) => ({ zh: id, en: id });
/** Conditions that cross types: decimal strings against numbers, integers against numeric strings, booleans. */
const MIXED: IndicatorInput[] = [
  {
    id: 'bigPenalties',
    label: label('bigPenalties'),
    kind: 'count',
    unit: label('cases'),
    aggregation: 'sum',
    numerator: {
      op: 'count-facts',
      kind: 'enforcement-case',
      where: [{ field: 'penalty', op: 'gt', value: 5000000.05 }],
    },
  },
  {
    id: 'penaltyEq',
    label: label('penaltyEq'),
    kind: 'count',
    unit: label('cases'),
    aggregation: 'sum',
    numerator: {
      op: 'count-facts',
      kind: 'enforcement-case',
      where: [{ field: 'penalty', op: 'in', value: [0, '100', 12.5, 'x'] }],
    },
  },
  {
    id: 'examinedStr',
    label: label('examinedStr'),
    kind: 'proportion',
    unit: label('%'),
    numerator: {
      op: 'count-facts',
      kind: 'health-exam',
      where: [{ field: 'workersExamined', op: 'gte', value: '2' }],
    },
    denominator: {
      op: 'count-facts',
      kind: 'health-exam',
      where: [{ field: 'workersExamined', op: 'ne', value: 'abc' }],
    },
  },
  {
    id: 'notIdentified',
    label: label('notIdentified'),
    kind: 'count',
    unit: label('facts'),
    aggregation: 'sum',
    numerator: {
      op: 'count-facts',
      kind: 'assistance',
      where: [
        { field: 'items.identification', op: 'ne', value: true },
        { field: 'items.training', op: 'lte', value: false },
      ],
    },
  },
  {
    id: 'activeSmeExamined',
    label: label('activeSmeExamined'),
    kind: 'proportion',
    unit: label('%'),
    decimals: 3,
    rounding: 'half-even',
    numerator: {
      op: 'count-employers',
      where: {
        sizes: ['small', 'micro'],
        hasFact: [
          {
            kind: 'health-exam',
            where: [{ field: 'date', op: 'lt', value: { ref: 'reference-date' } }],
          },
        ],
      },
    },
    denominator: { op: 'count-employers', where: { sizes: ['small', 'micro'] } },
  },
  {
    id: 'distinctExamInstitutions',
    label: label('distinctExamInstitutions'),
    kind: 'count',
    unit: label('institutions'),
    aggregation: 'sum',
    numerator: {
      op: 'count-facts',
      kind: 'health-exam',
      distinct: 'institution',
      employer: { industrial: false },
    },
  },
  {
    id: 'penaltySum',
    label: label('penaltySum'),
    kind: 'count',
    unit: label('CNY'),
    aggregation: 'sum',
    decimals: 4,
    rounding: 'floor',
    numerator: {
      op: 'sum-field',
      kind: 'enforcement-case',
      field: 'penalty',
      employer: { activeOn: 'reference-date', hazardLevels: ['severe', 'general'] },
    },
  },
];

const wide = definePlan({
  id: 'wide',
  label: label('wide'),
  source: { doc: 'test' },
  // The data elements aggregateIndicators() reads (a plan must declare what it reads).
  dataElements: [
    'awareWorkers',
    'healthExamInstitutions',
    'insuredWorkers',
    'prefecturePlans',
    'surveyedWorkers',
  ].map((id) => ({
    id,
    label: label(id),
    valueType: 'decimal' as const,
  })),
  indicators: [...aggregateIndicators(), ...MIXED],
});
const PLANS = [yunnanSmeAssistance, henanThreeActions, national14thFyp, wide];

function comparable(e: Evaluation) {
  return e.results.map((r) => ({
    indicator: r.indicator,
    region: r.region,
    numerator: r.numerator?.toFixed() ?? null,
    denominator: r.denominator?.toFixed() ?? null,
    value: r.value?.toFixed() ?? null,
    formatted: r.formatted,
    status: r.status,
    rank: r.rank ?? null,
  }));
}

/**
 * Register the pushdown property with vitest: `makeStore` must return a fresh, empty store with
 * `aggregate()` each time (the property closes it).
 * @example
 * ```ts check
 * describePushdownProperty(() => openSqliteStore(':memory:'), { name: 'sqlite' });
 * ```
 */
export function describePushdownProperty(
  makeStore: () => Store | Promise<Store>,
  options: PushdownPropertyOptions = {},
): void {
  // AGGREGATE_RUNS=500 for a longer hunt; the default keeps the suite fast.
  const RUNS = options.runs ?? Number(process.env.AGGREGATE_RUNS ?? 40);
  const SEED = Number(process.env.AGGREGATE_SEED ?? 20_251_231);
  const loaded = async (batch: WriteBatch): Promise<[Store, Store]> => {
    const memory = new MemoryStore();
    const sqlite = await makeStore();
    await memory.write(batch);
    await sqlite.write(batch);
    return [memory, sqlite];
  };
  describe(`aggregate() pushdown equals the in-memory evaluation on random data${options.name ? ` (${options.name})` : ''}`, () => {
    it('every pack, every region, every indicator: identical figures', {
      timeout: Math.max(60_000, RUNS * 2_000),
    }, async () => {
      // Indicators seen with a non-zero value somewhere: the data must exercise the filters.
      const nonZero = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          worldArb,
          fc.constantFrom('2025', '2024', '2025Q2', '2024/2025'),
          fc.boolean(),
          async (world, period, asOfMid) => {
            const [memory, sqlite] = await loaded(batchOf(world));
            try {
              for (const plan of PLANS) {
                const asOf = asOfMid && period === '2025' ? { asOf: '2025-08-31' } : {};
                const viaSql = await evaluate({
                  plan,
                  store: sqlite,
                  region: 'R0',
                  period,
                  ...asOf,
                });
                const viaMemory = await evaluate({
                  plan,
                  store: memory,
                  region: 'R0',
                  period,
                  ...asOf,
                });
                expect(viaSql.via).toBe('aggregate');
                expect(viaMemory.via).toBe('memory');
                expect(comparable(viaSql)).toEqual(comparable(viaMemory));
                for (const r of viaMemory.results)
                  if (r.value !== null && !r.value.isZero()) nonZero.add(r.indicator);
              }
            } finally {
              await sqlite.close();
              await memory.close();
            }
          },
        ),
        // A fixed seed by default, so the coverage check below cannot flake on an unlucky draw;
        // AGGREGATE_SEED explores other data (fast-check prints the seed of a failure).
        { numRuns: RUNS, seed: SEED },
      );
      for (const id of [
        'declarationRate',
        'testingRate',
        'severeIndustrial',
        'passRate',
        'penalties',
        'testedDistinct',
        'insured',
        'awareness',
        'examinedStr',
        'activeSmeExamined',
        'penaltySum',
      ]) {
        expect(nonZero, id).toContain(id);
      }
    });
  });
}
