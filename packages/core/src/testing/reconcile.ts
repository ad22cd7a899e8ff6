/**
 * @module testing/reconcile
 * Conformance of reconciliation and data-quality rules on a store: the fixture province's every
 * classified difference is found and nothing else, the rules find the violations the reports
 * imply, a blocking rule refuses approval, and (property) regions that report what their records
 * give reconcile without a difference while one mutated figure or record gives exactly the
 * differences it should.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmployerInput } from '../employer/index.js';
import type { FactInput } from '../facts/index.js';
import type { Plan } from '../indicator/schema.js';
import { definePlan } from '../plans/define.js';
import { reconcile } from '../reconcile/reconcile.js';
import type { Region } from '../region/index.js';
import { checkRules } from '../rules/check.js';
import type { Store } from '../store/port.js';
import { actOnReport } from '../store/workflow.js';
import { type StoreConformanceContext, withStore } from './context.js';
import { makeCreditCode } from './fixtures.js';
import {
  RECON_CODES,
  RECON_OBLIGATION,
  RECON_PLAN_INPUT,
  reconcilePlan,
  reconcileScenario,
  reportOf,
} from './reconcile-fixture.js';

/** A difference reduced to what a test compares. */
function flat(result: Awaited<ReturnType<typeof reconcile>>) {
  return result.rows.flatMap((row) =>
    row.differences.map((d) => ({
      indicator: row.indicator,
      region: row.region,
      role: d.role,
      class: d.class,
      amount: d.amount.toFixed(),
      records: d.records.map((r) => `${r.type}:${r.id}${r.reason ? `:${r.reason}` : ''}`),
    })),
  );
}

const key = (d: { indicator: string; region: string; role: string; class: string }) =>
  `${d.indicator}|${d.region}|${d.role}|${d.class}`;

/** Register the reconciliation and rule conformance tests. */
export function describeReconcile(ctx: StoreConformanceContext): void {
  describe('reconciliation and data-quality rules', () => {
    it('finds and classifies every difference of the fixture province, and nothing else', async () => {
      await withStore(ctx, async (store) => {
        await store.write(reconcileScenario().batch);
        const result = await reconcile({
          plan: reconcilePlan(),
          region: '530000',
          period: '2025',
          store,
        });
        const c = RECON_CODES;
        const expected = [
          // 五华区 counts a deregistered employer in both roles.
          {
            indicator: 'declarationRate',
            region: '530102',
            role: 'numerator',
            class: 'excluded-by-rule',
            amount: '1',
            records: [`employer:${c.w4}:inactive`],
          },
          {
            indicator: 'declarationRate',
            region: '530102',
            role: 'denominator',
            class: 'excluded-by-rule',
            amount: '1',
            records: [`employer:${c.w4}:inactive`],
          },
          // 4 reported, 2 in 2025: one of 2024 is outside the period, one is not in the store.
          {
            indicator: 'inspections',
            region: '530102',
            role: 'numerator',
            class: 'excluded-by-rule',
            amount: '1',
            records: ['fact:insp-w-2024:outside-period'],
          },
          {
            indicator: 'inspections',
            region: '530102',
            role: 'numerator',
            class: 'missing-from-store',
            amount: '1',
            records: [],
          },
          // 2/3 = 66.67 → 66.7 published, 66.6 printed.
          {
            indicator: 'monitoringPassRate',
            region: '530102',
            role: 'value',
            class: 'rounding-only',
            amount: '-0.1',
            records: [],
          },
          // 盘龙区 reported 0 declared; the store has one.
          {
            indicator: 'declarationRate',
            region: '530103',
            role: 'numerator',
            class: 'numerator-changed',
            amount: '-1',
            records: [],
          },
          // 5/5 printed as 90.
          {
            indicator: 'monitoringPassRate',
            region: '530103',
            role: 'value',
            class: 'value-inconsistent',
            amount: '-10',
            records: [],
          },
          // 官渡区 counts g2 as declared: no declaration in the store.
          {
            indicator: 'declarationRate',
            region: '530111',
            role: 'numerator',
            class: 'missing-from-store',
            amount: '1',
            records: [`employer:${c.g2}:missing-fact`],
          },
          // 昆明市 leaves 官渡区 (2 declared of 2) out of its sum.
          {
            indicator: 'declarationRate',
            region: '530100',
            role: 'numerator',
            class: 'children-not-in-sum',
            amount: '-2',
            records: ['submission:recon.yearly|530111|2025'],
          },
          {
            indicator: 'declarationRate',
            region: '530100',
            role: 'denominator',
            class: 'children-not-in-sum',
            amount: '-2',
            records: ['submission:recon.yearly|530111|2025'],
          },
        ];
        const sort = <T extends { indicator: string; region: string; role: string; class: string }>(
          xs: T[],
        ) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        expect(sort(flat(result))).toEqual(sort(expected));
        // Every class has its bilingual label.
        for (const row of result.rows)
          for (const d of row.differences)
            expect(d.label.zh.length * d.label.en.length).toBeGreaterThan(0);
        // Children's sums are of numerators and denominators, never of rates.
        const kunming = result.rows.find(
          (r) => r.indicator === 'declarationRate' && r.region === '530100',
        )!;
        expect(kunming.childrenSum?.numerator?.toFixed()).toBe('5'); // 3 + 0 + 2
        expect(kunming.childrenSum?.denominator?.toFixed()).toBe('8'); // 4 + 2 + 2
        expect(kunming.recomputed.numerator?.toFixed()).toBe('4'); // w1, w2, l1, g1
        expect(kunming.recomputed.denominator?.toFixed()).toBe('7'); // w1–w3, l1, l2, g1, g2 (w4 deregistered, w5 without hazards)
        const province = result.rows.find(
          (r) => r.indicator === 'inspections' && r.region === '530000',
        )!;
        expect(province.reported?.numerator?.toFixed()).toBe('6');
        expect(province.differences).toEqual([]);
      });
    });

    it('reads only the obligation asked for, and refuses a plan without mappings', async () => {
      await withStore(ctx, async (store) => {
        await store.write(reconcileScenario().batch);
        // Every mapping names recon.yearly: none applies to another obligation.
        await expect(
          reconcile({
            plan: reconcilePlan(),
            region: '530000',
            period: '2025',
            store,
            obligation: 'recon.other',
          }),
        ).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { rule: 'reconcile.no-mapping' },
        });
        const bare = definePlan({ ...RECON_PLAN_INPUT, reportedAs: [], rules: [] });
        await expect(
          reconcile({ plan: bare, region: '530000', period: '2025', store }),
        ).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { rule: 'reconcile.no-mapping' },
        });
        const yearly = await reconcile({
          plan: reconcilePlan(),
          region: '530302',
          period: '2025',
          store,
          obligation: RECON_OBLIGATION,
        });
        expect(yearly.rows.map((r) => `${r.indicator}@${r.region}:${r.submission?.state}`)).toEqual(
          [
            'declarationRate@530302:approved',
            'monitoringPassRate@530302:approved',
            'inspections@530302:approved',
          ],
        );
      });
    });

    it('lists rule violations with both sides and the reports involved', async () => {
      await withStore(ctx, async (store) => {
        await store.write(reconcileScenario().batch);
        const result = await checkRules({
          plan: reconcilePlan(),
          region: '530000',
          period: '2025',
          store,
        });
        expect(result.violations.map((v) => `${v.rule}@${v.region}`)).toEqual([
          'declaredEqualsChildren@530100',
        ]);
        const v = result.violations[0]!;
        expect(v.left.value?.toFixed()).toBe('3');
        expect(v.right.value?.toFixed()).toBe('5');
        expect(v.right.records.map((r) => r.region).sort()).toEqual(['530102', '530103', '530111']);
        expect(v.message.zh).toContain('应等于');
        // No report of 2024: the outlier rule skips every region (skip-if-any-missing).
        expect(result.skipped).toBeGreaterThanOrEqual(7);
      });
    });

    it('flags an outlier against the same period last year, with the method', async () => {
      await withStore(ctx, async (store) => {
        await store.write(reconcileScenario().batch);
        // 麒麟区 reported 5 inspections in 2024 and 1 in 2025: 1 / 5 = 0.2 < 1 / 2.
        await store.write({
          submissions: [reportOf('530302', '2024', { inspectionsReported: 5 })],
        });
        const result = await checkRules({
          plan: reconcilePlan(),
          region: '530300',
          period: '2025',
          store,
          rules: ['inspectionsOutlier'],
        });
        expect(result.violations.map((v) => `${v.region} ${v.ratio?.toFixed()}`)).toEqual([
          '530302 0.2',
        ]);
        expect(result.violations[0]!.message.en).toContain('ratio to the same period last year');
      });
    });

    it('refuses to approve a report a blocking rule fails for, and approves it once corrected', async () => {
      await withStore(ctx, async (store) => {
        await store.write(reconcileScenario().batch);
        const bad = reportOf('530102', '2025', {
          postsCompliantReported: 4,
          postsTestedReported: 3,
        });
        await store.write({ submissions: [bad] });
        const approver = { id: 'apr', role: 'approver' as const, region: '530000' };
        const plan = reconcilePlan();
        const key = 'recon.yearly|530102|2025';
        await expect(
          actOnReport(store, key, 'approve', { on: '2025-12-05', plan }, { actor: approver }),
        ).rejects.toMatchObject({
          code: 'RULE_VIOLATED',
          details: { rule: 'rule.postsCompliantWithinTested', region: '530102' },
        });
        expect((await store.get('submissions', key))?.state).toBe('submitted');
        const good = reportOf('530102', '2025', {
          postsCompliantReported: 2,
          postsTestedReported: 3,
        });
        await store.write({ submissions: [good] });
        const approved = await actOnReport(
          store,
          key,
          'approve',
          { on: '2025-12-05', plan },
          { actor: approver },
        );
        expect(approved.state).toBe('approved');
      });
    });

    describePropertyTests(ctx);
  });
}

// ---------------------------------------------------------------------------------------------
// Property: a random province that reports what its records give.

interface County {
  readonly employers: readonly { readonly hazard: boolean; readonly declared: boolean }[];
}

const PROPERTY_PLAN_INPUT = {
  ...RECON_PLAN_INPUT,
  id: 'recon-property',
  reportedAs: [RECON_PLAN_INPUT.reportedAs![0]!].map(({ value: _v, ...m }) => m),
  rules: RECON_PLAN_INPUT.rules!.filter((r) =>
    [
      'declaredWithinHazardous',
      'declaredEqualsChildren',
      'declarationRecordsNumeratorWithinDenominator',
    ].includes(r.id),
  ),
};

const provinceArb = fc.array(
  fc.array(
    fc.record({
      employers: fc.array(fc.record({ hazard: fc.boolean(), declared: fc.boolean() }), {
        maxLength: 4,
      }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  { minLength: 1, maxLength: 3 },
);

function buildProvince(prefectures: readonly (readonly County[])[]) {
  const regions: Region[] = [
    { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null },
  ];
  const employers: EmployerInput[] = [];
  const facts: FactInput[] = [];
  const figures = new Map<string, { num: number; den: number }>();
  const undeclared: { code: string; region: string }[] = [];
  let seed = 0;
  prefectures.forEach((counties, p) => {
    const pref = `53${String(p + 1).padStart(2, '0')}00`;
    regions.push({ code: pref, name: { zh: `市${p + 1}` }, level: 'prefecture', parent: '530000' });
    let pn = 0;
    let pd = 0;
    counties.forEach((county, k) => {
      const code = `53${String(p + 1).padStart(2, '0')}${String(k + 1).padStart(2, '0')}`;
      regions.push({ code, name: { zh: `县${k + 1}` }, level: 'county', parent: pref });
      let n = 0;
      let d = 0;
      for (const e of county.employers) {
        const credit = makeCreditCode(++seed, code);
        employers.push({
          creditCode: credit,
          name: `企业${seed}`,
          region: code,
          industry: 'C3411',
          size: 'small',
          employees: 20,
          hazardFactors: e.hazard ? ['噪声'] : [],
          hazardLevel: 'severe',
          registeredOn: '2015-01-01',
        } as EmployerInput);
        if (e.declared)
          facts.push({
            id: `decl-${seed}`,
            kind: 'declaration',
            employer: credit,
            region: code,
            date: '2025-02-01',
          } as FactInput);
        if (e.hazard) d += 1;
        if (e.hazard && e.declared) n += 1;
        if (e.hazard && !e.declared) undeclared.push({ code: credit, region: code });
      }
      figures.set(code, { num: n, den: d });
      pn += n;
      pd += d;
    });
    figures.set(pref, { num: pn, den: pd });
  });
  let tn = 0;
  let td = 0;
  for (const r of regions)
    if (r.level === 'prefecture') {
      tn += figures.get(r.code)!.num;
      td += figures.get(r.code)!.den;
    }
  figures.set('530000', { num: tn, den: td });
  return { regions, employers, facts, figures, undeclared };
}

function reportsOf(figures: ReadonlyMap<string, { num: number; den: number }>) {
  return [...figures].map(([code, f]) =>
    reportOf(code, '2025', { declaredReported: f.num, hazardEmployersReported: f.den }),
  );
}

async function seedProvince(
  store: Store,
  built: ReturnType<typeof buildProvince>,
  figures = built.figures,
) {
  await store.write({
    regions: built.regions,
    employers: built.employers,
    facts: built.facts,
    submissions: reportsOf(figures),
  });
}

function describePropertyTests(ctx: StoreConformanceContext): void {
  const plan: Plan = definePlan(PROPERTY_PLAN_INPUT);
  const runs = { numRuns: 12 };
  it('property: regions reporting what their records give reconcile without a difference and every rule holds', async () => {
    await fc.assert(
      fc.asyncProperty(provinceArb, async (prefectures) => {
        const built = buildProvince(prefectures);
        await withStore(ctx, async (store) => {
          await seedProvince(store, built);
          const result = await reconcile({ plan, region: '530000', period: '2025', store });
          expect(flat(result)).toEqual([]);
          expect(result.rows.length).toBe(built.regions.length);
          const rules = await checkRules({ plan, region: '530000', period: '2025', store });
          expect(rules.violations).toEqual([]);
        });
      }),
      runs,
    );
  });

  it('property: one county reporting k more declared gives missing-from-store there and children-not-in-sum at its prefecture', async () => {
    await fc.assert(
      fc.asyncProperty(
        provinceArb,
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        async (prefectures, pick, k) => {
          const built = buildProvince(prefectures);
          const counties = built.regions.filter((r) => r.level === 'county');
          const county = counties[pick % counties.length]!;
          const figures = new Map(built.figures);
          const f = figures.get(county.code)!;
          figures.set(county.code, { num: f.num + k, den: f.den });
          await withStore(ctx, async (store) => {
            await seedProvince(store, built, figures);
            const result = await reconcile({ plan, region: '530000', period: '2025', store });
            expect(
              flat(result)
                .map((d) => `${d.region} ${d.role} ${d.class} ${d.amount}`)
                .sort(),
            ).toEqual(
              [
                `${county.parent} numerator children-not-in-sum ${-k}`,
                `${county.code} numerator missing-from-store ${k}`,
              ].sort(),
            );
            const rules = await checkRules({ plan, region: '530000', period: '2025', store });
            const expected = [`declaredEqualsChildren@${county.parent}`];
            if (f.num + k > f.den) expected.unshift(`declaredWithinHazardous@${county.code}`);
            expect(rules.violations.map((v) => `${v.rule}@${v.region}`).sort()).toEqual(
              expected.sort(),
            );
          });
        },
      ),
      runs,
    );
  });

  it('property: one declaration added to the store after the reports gives numerator-changed at its county only', async () => {
    await fc.assert(
      fc.asyncProperty(provinceArb, fc.nat(), async (prefectures, pick) => {
        const built = buildProvince(prefectures);
        fc.pre(built.undeclared.length > 0);
        const target = built.undeclared[pick % built.undeclared.length]!;
        await withStore(ctx, async (store) => {
          await seedProvince(store, built);
          await store.write({
            facts: [
              {
                id: 'decl-late',
                kind: 'declaration',
                employer: target.code,
                region: target.region,
                date: '2025-06-01',
              },
            ],
          });
          const result = await reconcile({ plan, region: '530000', period: '2025', store });
          expect(flat(result).map((d) => `${d.region} ${d.role} ${d.class} ${d.amount}`)).toEqual([
            `${target.region} numerator numerator-changed -1`,
          ]);
          const rules = await checkRules({ plan, region: '530000', period: '2025', store });
          expect(rules.violations).toEqual([]);
        });
      }),
      runs,
    );
  });
}
