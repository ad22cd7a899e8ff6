import { describe, expect, it } from 'vitest';
import { isOccHealthError, type ValidationError } from '../errors/index.js';
import type { PlanInput } from '../indicator/schema.js';
import { definePlan } from '../plans/define.js';
import { national14thFyp, yongqingFinalEvaluation } from '../plans/index.js';
import { checkRules } from '../rules/check.js';
import { MemoryStore } from '../store/memory.js';
import { makeCreditCode } from '../testing/fixtures.js';
import { RECON_PLAN_INPUT, reportOf } from '../testing/reconcile-fixture.js';
import { reconcile } from './reconcile.js';

function rulesOf(input: PlanInput): string[] {
  try {
    definePlan(input);
  } catch (error) {
    if (isOccHealthError(error, 'VALIDATION_FAILED'))
      return (error as ValidationError).issues.map((i) => `${i.path} ${i.rule}`);
    throw error;
  }
  return [];
}

describe('definePlan() checks reportedAs and rules', () => {
  const base = RECON_PLAN_INPUT;
  it('accepts the fixture plan', () => {
    expect(rulesOf(base)).toEqual([]);
  });
  it('names every bad mapping with its path and rule', () => {
    expect(
      rulesOf({
        ...base,
        reportedAs: [
          { indicator: 'nope', numerator: 'declaredReported' },
          {
            indicator: 'inspections',
            numerator: 'inspectionsReported',
            denominator: 'declaredReported',
          },
          { indicator: 'declarationRate', numerator: 'declaredReported' },
          {
            indicator: 'monitoringPassRate',
            numerator: 'undeclared',
            denominator: 'postsTestedReported',
            obligation: 'no.such',
          },
          {
            indicator: 'monitoringPassRate',
            numerator: 'postsCompliantReported',
            denominator: 'postsTestedReported',
            obligation: 'no.such',
          },
        ],
      }),
    ).toEqual([
      'reportedAs.0.indicator plan.unknown-indicator',
      'reportedAs.1.denominator reported-as.count-denominator',
      'reportedAs.2.denominator reported-as.denominator-required',
      'reportedAs.3.numerator plan.unknown-data-element',
      'reportedAs.3.obligation plan.unknown-obligation',
      'reportedAs.4.obligation plan.unknown-obligation',
      'reportedAs.4 reported-as.duplicate',
    ]);
  });
  it('names every bad rule', () => {
    const source = { doc: 'x' };
    expect(
      rulesOf({
        ...base,
        rules: [
          {
            type: 'compare',
            id: 'a',
            label: { zh: 'a', en: 'a' },
            left: { reported: 'undeclared' },
            operator: '<=',
            right: { indicator: 'nope', part: 'numerator' },
            source,
          },
          {
            type: 'compare',
            id: 'a',
            label: { zh: 'a', en: 'a' },
            left: { indicator: 'inspections', part: 'denominator' },
            operator: '=',
            right: { childrenReported: 'inspectionsReported' },
            source,
          },
          {
            type: 'outlier',
            id: 'b',
            label: { zh: 'b', en: 'b' },
            value: { reported: 'inspectionsReported' },
            factor: '1',
            source,
          },
        ],
      }),
    ).toEqual([
      'rules.2.factor rule.factor',
      'rules.0.left.reported plan.unknown-data-element',
      'rules.0.right.indicator plan.unknown-indicator',
      'rules.1.id plan.duplicate-rule',
      'rules.1.left.part rule.no-denominator',
    ]);
  });
});

describe('reconcile: the rounding of a seed figure', () => {
  // [002] 篇3: 2,257 problems found, 1,953 rectified → 86.53 % → 86.5 published (1 dp, half-up).
  const plan = definePlan({
    id: 'rect',
    label: { zh: '整改率', en: 'Rectification' },
    source: { doc: 'test' },
    dataElements: [
      { id: 'found', label: { zh: '发现问题数' }, valueType: 'count' },
      { id: 'fixed', label: { zh: '整改问题数' }, valueType: 'count' },
      { id: 'rate', label: { zh: '整改率' }, valueType: 'percent' },
    ],
    indicators: [
      {
        id: 'rectificationRate',
        label: { zh: '整改率', en: 'Rectification rate' },
        kind: 'proportion',
        numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
        denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
        unit: { zh: '%', en: '%' },
      },
    ],
    reportedAs: [
      { indicator: 'rectificationRate', numerator: 'fixed', denominator: 'found', value: 'rate' },
    ],
  });
  async function storeWith(printed: string) {
    const store = new MemoryStore();
    const employer = makeCreditCode(1, '230100');
    await store.write({
      regions: [{ code: '230100', name: { zh: '哈尔滨市' }, level: 'prefecture', parent: null }],
      employers: [
        { creditCode: employer, name: '示例', region: '230100', industry: 'B0610', size: 'large' },
      ],
      facts: [
        {
          id: 'i1',
          kind: 'inspection',
          employer,
          region: '230100',
          date: '2025-05-01',
          problemsFound: 2257,
          problemsRectified: 1953,
        },
      ],
      submissions: [
        reportOf(
          '230100',
          '2025',
          { found: 2257, fixed: 1953, rate: printed },
          'submitted',
          'x.report',
        ),
      ],
    });
    return store;
  }
  it.each([
    ['86.5', []],
    ['86.6', ['rounding-only']], // |86.6 − 86.531…| < 0.1
    ['86.53', ['rounding-only']], // more decimals than the indicator publishes
    ['86.3', ['value-inconsistent']],
  ])('printed %s', async (printed, classes) => {
    const store = await storeWith(printed);
    const result = await reconcile({ plan, region: '230100', period: '2025', store });
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.recomputed.formatted).toBe('86.5');
    expect(result.rows[0]!.differences.map((d) => d.class)).toEqual(classes);
  });
});

describe('the Yongqing and national packs ship the survey table’s rules', () => {
  it('map every sub-item row to its data elements (seed 003 附件1 附表 rows 2–6, 8–10)', () => {
    for (const plan of [yongqingFinalEvaluation, national14thFyp]) {
      expect(
        plan.reportedAs.map((m) => `${m.indicator}:${m.numerator}/${m.denominator}`),
      ).toContain('monitoringPassRate:monitoredPostsCompliant/monitoredPosts');
      expect(
        plan.reportedAs.map((m) => `${m.indicator}:${m.numerator}/${m.denominator}`),
      ).toContain(
        'industrialDeclarationRate:industrialEnterprisesDeclared/industrialEnterprisesWithHazards',
      );
      for (const r of plan.rules) expect(r.source.seed).toBe('003');
    }
  });
  it('flag 3-2 检测合格岗位数 above 3-1 检测岗位数 and a prefecture that is not the sum of its counties', async () => {
    const store = new MemoryStore();
    await store.write({
      regions: [
        { code: '131000', name: { zh: '廊坊市' }, level: 'prefecture', parent: null },
        { code: '131023', name: { zh: '永清县' }, level: 'county', parent: '131000' },
        { code: '131024', name: { zh: '香河县' }, level: 'county', parent: '131000' },
      ],
      submissions: [
        reportOf(
          '131023',
          '2025',
          { monitoredPosts: 40, monitoredPostsCompliant: 41 },
          'submitted',
          'x.survey',
        ),
        reportOf(
          '131024',
          '2025',
          { monitoredPosts: 10, monitoredPostsCompliant: 9 },
          'submitted',
          'x.survey',
        ),
        reportOf(
          '131000',
          '2025',
          { monitoredPosts: 50, monitoredPostsCompliant: 49 },
          'submitted',
          'x.survey',
        ),
      ],
    });
    const result = await checkRules({
      plan: yongqingFinalEvaluation,
      region: '131000',
      period: '2025',
      store,
    });
    expect(
      result.violations.map(
        (v) => `${v.rule}@${v.region} ${v.left.value} ${v.operator} ${v.right.value}`,
      ),
    ).toEqual([
      'survey.monitoringPassRate.part-of-whole@131023 41 <= 40',
      'survey.monitoredPostsCompliant.sum-of-children@131000 49 = 50',
    ]);
  });
});
