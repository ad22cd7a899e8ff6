import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../employer/credit-code.js';
import { definePlan } from '../plans/define.js';
import { MemoryStore } from '../store/memory.js';
import type { Store } from '../store/port.js';
import { evaluate } from './evaluate.js';

function code(region: string, n: number): string {
  const first17 = `91${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

const plan = definePlan({
  id: 'prop',
  label: { zh: '性质测试', en: 'Properties' },
  source: { doc: 'test' },
  indicators: [
    {
      id: 'rectification',
      label: { zh: '整改率', en: 'Rectification' },
      kind: 'proportion',
      unit: { zh: '%', en: '%' },
      numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
      denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
    },
    {
      id: 'declared',
      label: { zh: '申报率', en: 'Declared' },
      kind: 'proportion',
      unit: { zh: '%', en: '%' },
      numerator: { op: 'count-employers', where: { hasFact: [{ kind: 'declaration' }] } },
      denominator: { op: 'count-employers' },
    },
    {
      id: 'inspected',
      label: { zh: '检查单位数', en: 'Inspected' },
      kind: 'count',
      unit: { zh: '家', en: 'employers' },
      aggregation: 'sum',
      numerator: { op: 'count-facts', kind: 'inspection', distinct: 'employer' },
    },
  ],
  targets: [
    {
      indicator: 'rectification',
      comparator: '>=',
      value: '80',
      period: '2025',
      source: { doc: 'test' },
    },
  ],
});

/** A random tree: province → 1–3 prefectures → 1–3 counties; each county 0–4 employers with 0–3 inspections. */
const world = fc
  .array(
    fc.array(
      fc.array(
        fc.record({
          inspections: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 3 }),
          declared: fc.boolean(),
          closed: fc.boolean(),
        }),
        { maxLength: 4 },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((prefs) => {
    const regions: Array<{
      code: string;
      name: { zh: string };
      level: string;
      parent: string | null;
    }> = [{ code: '530000', name: { zh: '省' }, level: 'province', parent: null }];
    const employers: unknown[] = [];
    const facts: Array<Record<string, unknown>> = [];
    let n = 0;
    prefs.forEach((counties, p) => {
      const pref = `53${String(p + 1).padStart(2, '0')}00`;
      regions.push({ code: pref, name: { zh: pref }, level: 'prefecture', parent: '530000' });
      counties.forEach((emps, c) => {
        const county = `${pref.slice(0, 4)}${String(c + 1).padStart(2, '0')}`;
        regions.push({ code: county, name: { zh: county }, level: 'county', parent: pref });
        for (const e of emps) {
          const cc = code(county, ++n);
          employers.push({
            creditCode: cc,
            name: `E${n}`,
            region: county,
            size: 'small',
            ...(e.closed
              ? { statusHistory: [{ status: 'deregistered', from: '2025-02-01' }] }
              : {}),
          });
          if (e.declared)
            facts.push({
              id: `d${n}`,
              kind: 'declaration',
              employer: cc,
              region: county,
              date: '2025-03-01',
            });
          e.inspections.forEach(([a, b], i) => {
            facts.push({
              id: `i${n}-${i}`,
              kind: 'inspection',
              employer: cc,
              region: county,
              date: '2025-04-01',
              problemsFound: Math.max(a, b),
              problemsRectified: Math.min(a, b),
            });
          });
        }
      });
    });
    return { regions, employers, facts };
  });

function parentOf(regions: ReadonlyArray<{ code: string; parent: string | null }>) {
  return new Map(regions.map((r) => [r.code, r.parent]));
}
function within(parents: Map<string, string | null>, code: string, ancestor: string): boolean {
  for (let c: string | null | undefined = code; c; c = parents.get(c))
    if (c === ancestor) return true;
  return false;
}

/** A store whose reads come back shuffled (with a seeded shuffle). */
function shuffled(store: Store, seed: number): Store {
  let s = seed || 1;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const mix = <T>(xs: T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  return {
    name: 'shuffled',
    write: (b, o) => store.write(b, o),
    regionTree: () => store.regionTree(),
    getRegion: (c) => store.getRegion(c),
    getEmployer: (c) => store.getEmployer(c),
    listEmployers: async (q) => mix(await store.listEmployers(q)),
    getFact: (id) => store.getFact(id),
    listFacts: async (q) => mix(await store.listFacts(q)),
    listDataValues: async (q) => mix(await store.listDataValues(q)),
    get: (k, key) => store.get(k, key),
    page: (k, q) => store.page(k, q),
    searchEmployers: (q) => store.searchEmployers(q),
    listAudit: (q) => store.listAudit(q),
    close: () => store.close(),
  };
}

const figures = (e: Awaited<ReturnType<typeof evaluate>>) =>
  e.results.map((r) => [
    r.indicator,
    r.region,
    r.numerator?.toFixed() ?? null,
    r.denominator?.toFixed() ?? null,
    r.formatted,
    r.status,
    r.rank ?? null,
    r.gap?.units.toFixed() ?? null,
  ]);

describe('evaluate: properties', () => {
  it('the rollup of a random tree equals the rate computed over all leaf records at once, at every region', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const store = new MemoryStore();
        await store.write(w);
        const { results } = await evaluate({ plan, store, region: '530000', period: '2025' });
        const parents = parentOf(w.regions);
        for (const r of results) {
          const inside = w.facts.filter((f) => within(parents, f.region as string, r.region));
          if (r.indicator === 'rectification') {
            const num = inside
              .filter((f) => f.kind === 'inspection')
              .reduce((s, f) => s + (f.problemsRectified as number), 0);
            const den = inside
              .filter((f) => f.kind === 'inspection')
              .reduce((s, f) => s + (f.problemsFound as number), 0);
            expect(r.numerator!.toNumber()).toBe(num);
            expect(r.denominator!.toNumber()).toBe(den);
            if (den === 0) expect(r.status).toBe('no-data');
            else
              expect(
                r
                  .value!.times(den)
                  .minus(num * 100)
                  .abs()
                  .lt('1e-40'),
              ).toBe(true); // exact to 60 digits
          }
          if (r.indicator === 'inspected') {
            expect(r.numerator!.toNumber()).toBe(
              new Set(inside.filter((f) => f.kind === 'inspection').map((f) => f.employer)).size,
            );
          }
          if (r.indicator === 'declared') {
            // closed employers leave numerator and denominator alike: never above 100 %
            expect(r.warnings).toEqual([]);
            if (r.value) expect(r.value.lte(100)).toBe(true);
          }
        }
        // and a parent's figures are the sums of its children's
        const byRegion = new Map(
          results.filter((r) => r.indicator === 'rectification').map((r) => [r.region, r]),
        );
        for (const reg of w.regions) {
          const kids = w.regions.filter((k) => k.parent === reg.code);
          if (kids.length === 0) continue;
          const sum = kids.reduce(
            (s, k) => s.plus(byRegion.get(k.code)!.numerator!),
            new Decimal(0),
          );
          expect(byRegion.get(reg.code)!.numerator!.eq(sum)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is independent of record order', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.integer({ min: 1, max: 1_000_000 }), async (w, seed) => {
        const store = new MemoryStore();
        await store.write(w);
        const a = await evaluate({ plan, store, region: '530000', period: '2025' });
        const b = await evaluate({
          plan,
          store: shuffled(store, seed),
          region: '530000',
          period: '2025',
        });
        expect(figures(b)).toEqual(figures(a));
      }),
      { numRuns: 40 },
    );
  });

  it('ranks each region among its siblings: 1 + the siblings strictly better, of those with a value', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.boolean(), async (w, twice) => {
        const store = new MemoryStore();
        await store.write(w);
        const ids = plan.indicators.map((i) => i.id);
        // An indicator asked for twice is one group of siblings (each copy counted).
        const indicators = twice ? [...ids, ids[0]!] : ids;
        const { results } = await evaluate({
          plan,
          store,
          region: '530000',
          period: '2025',
          indicators,
        });
        for (const r of results) {
          if (r.value === null) {
            expect(r.rank).toBeUndefined();
            continue;
          }
          const lower = plan.indicators.find((i) => i.id === r.indicator)!.direction === 'lower';
          const siblings = results.filter(
            (s) => s.indicator === r.indicator && s.parent === r.parent && s.value !== null,
          );
          const better = siblings.filter((s) =>
            lower ? s.value!.lt(r.value!) : s.value!.gt(r.value!),
          ).length;
          expect([r.rank, r.rankOf]).toEqual([better + 1, siblings.length]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with explanations, counted records add up to the figure', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const store = new MemoryStore();
        await store.write(w);
        const { results } = await evaluate({
          plan,
          store,
          region: '530000',
          period: '2025',
          explain: true,
        });
        for (const r of results) {
          for (const input of r.explanation.inputs) {
            const total = input.counted!.reduce((s, x) => s.plus(x.value ?? 0), new Decimal(0));
            expect(total.toFixed()).toBe(input.value);
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('evaluate: errors', () => {
  it('rejects an unknown region and an asOf outside the period', async () => {
    const store = new MemoryStore();
    await store.write({
      regions: [{ code: '530000', name: { zh: '省' }, level: 'province', parent: null }],
    });
    await expect(evaluate({ plan, store, region: '999999', period: '2025' })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
    await expect(
      evaluate({ plan, store, region: '530000', period: '2025', asOf: '2026-01-01' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
