/**
 * @module testing/reconcile-fixture
 * A small province whose regions report figures that disagree with their records in every
 * classified way, the plan that maps its indicators to reported data elements, and helpers that
 * write reports as the workflow would.
 */
import { createSubmission, transition } from '../calendar/submission.js';
import { reportKey, type SubmissionRecord } from '../calendar/workflow.js';
import type { EmployerInput } from '../employer/index.js';
import type { FactInput } from '../facts/index.js';
import type { Plan, PlanInput } from '../indicator/schema.js';
import { definePlan } from '../plans/define.js';
import type { Region } from '../region/index.js';
import type { WriteBatch } from '../store/index.js';
import { makeCreditCode } from './fixtures.js';

/** Obligation id of the fixture's yearly report. */
export const RECON_OBLIGATION = 'recon.yearly';

const SOURCE = { doc: 'occhealth test fixture' };

/** The fixture plan's parts, for vendors' tests that add their own rules to it. */
export const RECON_PLAN_INPUT: PlanInput = {
  id: 'recon-fixture',
  label: { zh: '对账测试计划', en: 'Reconciliation fixture plan' },
  source: SOURCE,
  dataElements: [
    {
      id: 'declaredReported',
      label: { zh: '已申报企业数', en: 'Declared employers' },
      valueType: 'count',
    },
    {
      id: 'hazardEmployersReported',
      label: { zh: '存在职业病危害的企业数', en: 'Employers with hazards' },
      valueType: 'count',
    },
    {
      id: 'declarationRateReported',
      label: { zh: '申报率', en: 'Declaration rate' },
      valueType: 'percent',
    },
    {
      id: 'postsTestedReported',
      label: { zh: '检测岗位数', en: 'Posts tested' },
      valueType: 'count',
    },
    {
      id: 'postsCompliantReported',
      label: { zh: '合格岗位数', en: 'Posts passing' },
      valueType: 'count',
    },
    { id: 'passRateReported', label: { zh: '合格率', en: 'Pass rate' }, valueType: 'percent' },
    { id: 'inspectionsReported', label: { zh: '检查次数', en: 'Inspections' }, valueType: 'count' },
  ],
  indicators: [
    {
      id: 'declarationRate',
      label: { zh: '职业病危害项目申报率', en: 'Declaration rate' },
      kind: 'proportion',
      numerator: {
        op: 'count-employers',
        where: { hasHazardFactors: true, hasFact: [{ kind: 'declaration', window: 'to-date' }] },
      },
      denominator: { op: 'count-employers', where: { hasHazardFactors: true } },
      unit: { zh: '%', en: '%' },
    },
    {
      id: 'monitoringPassRate',
      label: { zh: '检测合格率', en: 'Monitoring pass rate' },
      kind: 'proportion',
      numerator: { op: 'sum-field', kind: 'hazard-testing', field: 'postsCompliant' },
      denominator: { op: 'sum-field', kind: 'hazard-testing', field: 'postsTested' },
      unit: { zh: '%', en: '%' },
    },
    {
      id: 'inspections',
      label: { zh: '检查次数', en: 'Inspections' },
      kind: 'count',
      numerator: { op: 'count-facts', kind: 'inspection' },
      aggregation: 'sum',
      unit: { zh: '次', en: 'inspections' },
    },
  ],
  obligations: [
    {
      id: RECON_OBLIGATION,
      label: { zh: '年度报表', en: 'Yearly report' },
      what: 'recon.report',
      who: { level: 'county' },
      toWhom: { level: 'prefecture' },
      periodType: 'year',
      rule: { type: 'yearly', month: 12, day: 10 },
      source: { doc: SOURCE.doc, clause: 'yearly report' },
    },
  ],
  reportedAs: [
    {
      indicator: 'declarationRate',
      obligation: RECON_OBLIGATION,
      numerator: 'declaredReported',
      denominator: 'hazardEmployersReported',
      value: 'declarationRateReported',
    },
    {
      indicator: 'monitoringPassRate',
      obligation: RECON_OBLIGATION,
      numerator: 'postsCompliantReported',
      denominator: 'postsTestedReported',
      value: 'passRateReported',
    },
    { indicator: 'inspections', obligation: RECON_OBLIGATION, numerator: 'inspectionsReported' },
  ],
  rules: [
    {
      type: 'compare',
      id: 'postsCompliantWithinTested',
      label: { zh: '合格岗位数 ≤ 检测岗位数', en: 'Posts passing ≤ posts tested' },
      left: { reported: 'postsCompliantReported' },
      operator: '<=',
      right: { reported: 'postsTestedReported' },
      importance: 'high',
      blocksApproval: true,
      source: SOURCE,
    },
    {
      type: 'compare',
      id: 'declaredWithinHazardous',
      label: {
        zh: '已申报企业数 ≤ 存在职业病危害的企业数',
        en: 'Declared ≤ employers with hazards',
      },
      left: { reported: 'declaredReported' },
      operator: '<=',
      right: { reported: 'hazardEmployersReported' },
      source: SOURCE,
    },
    {
      type: 'compare',
      id: 'declaredEqualsChildren',
      label: { zh: '上报已申报企业数 = 下级之和', en: 'Reported declared = sum of the children' },
      left: { reported: 'declaredReported' },
      operator: '=',
      right: { childrenReported: 'declaredReported' },
      levels: ['prefecture', 'province'],
      source: SOURCE,
    },
    {
      type: 'compare',
      id: 'declarationRecordsNumeratorWithinDenominator',
      label: {
        zh: '申报率分子 ≤ 分母（按记录）',
        en: 'Declaration numerator ≤ denominator (records)',
      },
      left: { indicator: 'declarationRate', part: 'numerator' },
      operator: '<=',
      right: { indicator: 'declarationRate', part: 'denominator' },
      missing: 'never-skip',
      source: SOURCE,
    },
    {
      type: 'outlier',
      id: 'inspectionsOutlier',
      label: { zh: '检查次数与上年同期相比异常', en: 'Inspections far from last year' },
      value: { reported: 'inspectionsReported' },
      factor: '2',
      source: SOURCE,
    },
  ],
};

/**
 * The fixture plan, validated.
 * @example
 * ```ts
 * const plan = reconcilePlan();
 * console.log(plan.indicators.length > 0, plan.obligations.length > 0);
 * // → true true
 * ```
 */
export function reconcilePlan(): Plan {
  return definePlan(RECON_PLAN_INPUT);
}

/** Reported data values by element. */
export type ReportedValues = Readonly<Record<string, string | number>>;

/**
 * A submitted (or approved) report of the fixture obligation with these values, its history
 * driven through the state machine.
 * @example
 * ```ts
 * import { reconcileReport } from '@occhealth/core/testing';
 * const report = reconcileReport('530102', '2025', { declarationRateReported: '75.0' }, 'approved');
 * console.log(report.state, report.obligationId);
 * // → approved recon.yearly
 * ```
 */
export function reportOf(
  region: string,
  period: string,
  values: ReportedValues,
  state: 'submitted' | 'approved' = 'submitted',
  obligationId: string = RECON_OBLIGATION,
): SubmissionRecord {
  const year = period.slice(0, 4);
  let s = createSubmission({
    id: reportKey({ obligationId, region, period }),
    obligationId,
    region,
    period,
    reporter: { id: 'rep', role: 'reporter', level: 'county' },
    approvalChain: ['province'],
    on: `${year}-12-01`,
  });
  s = transition(s, 'submit', {
    actor: { id: 'rep', role: 'reporter', level: 'county' },
    on: `${year}-12-02`,
  });
  if (state === 'approved')
    s = transition(s, 'approve', {
      actor: { id: 'apr', role: 'approver', level: 'province' },
      on: `${year}-12-03`,
    });
  return {
    ...s,
    deadline: `${year}-12-10`,
    dataElements: [],
    childrenRequired: false,
    content: {
      type: 'values',
      values: Object.entries(values).map(([dataElement, value]) => ({
        dataElement,
        value: String(value),
      })),
    },
  } as unknown as SubmissionRecord;
}

/** Credit codes of the scenario's employers. */
export const RECON_CODES = {
  w1: makeCreditCode(1, '530102'),
  w2: makeCreditCode(2, '530102'),
  w3: makeCreditCode(3, '530102'),
  /** Deregistered in 2024: the rule excludes it, 五华区 still counts it. */
  w4: makeCreditCode(4, '530102'),
  w5: makeCreditCode(5, '530102'),
  l1: makeCreditCode(11, '530103'),
  l2: makeCreditCode(12, '530103'),
  g1: makeCreditCode(21, '530111'),
  /** Has hazards and no declaration in the store; 官渡区 reports it as declared. */
  g2: makeCreditCode(22, '530111'),
  z1: makeCreditCode(31, '530302'),
  z2: makeCreditCode(32, '530302'),
} as const;

/**
 * The scenario: 云南省 with 昆明市 (五华区, 盘龙区, 官渡区) and 曲靖市 (麒麟区), records for 2025
 * and the regions' 2025 reports, where
 * - 五华区 counts a deregistered employer as declared and hazardous (`excluded-by-rule`, both
 *   roles), reports 4 inspections where the store has 2 of 2025 and one of 2024
 *   (`excluded-by-rule` 1 + `missing-from-store` 1), and prints its pass rate 2/3 as 66.6
 *   (`rounding-only`);
 * - 盘龙区 reports no declaration where the store has one (`numerator-changed`) and prints its
 *   pass rate 5/5 as 90 (`value-inconsistent`);
 * - 官渡区 reports an undeclared employer as declared (`missing-from-store`, the employer listed);
 * - 昆明市 leaves 官渡区 out of its declaration figures (`children-not-in-sum`, both roles);
 * - everything else agrees.
 * @example
 * ```ts
 * const { batch, regions } = reconcileScenario();
 * console.log(regions[0]!.code, (batch.submissions ?? []).length > 0);
 * // → 530000 true
 * ```
 */
export function reconcileScenario(): { readonly batch: WriteBatch; readonly regions: Region[] } {
  const c = RECON_CODES;
  const regions: Region[] = [
    { code: '530000', name: { zh: '云南省', en: 'Yunnan' }, level: 'province', parent: null },
    { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' },
    { code: '530102', name: { zh: '五华区' }, level: 'county', parent: '530100' },
    { code: '530103', name: { zh: '盘龙区' }, level: 'county', parent: '530100' },
    { code: '530111', name: { zh: '官渡区' }, level: 'county', parent: '530100' },
    { code: '530300', name: { zh: '曲靖市' }, level: 'prefecture', parent: '530000' },
    { code: '530302', name: { zh: '麒麟区' }, level: 'county', parent: '530300' },
  ];
  const employer = (code: string, region: string, extra: Partial<EmployerInput> = {}) =>
    ({
      creditCode: code,
      name: `示例企业${code.slice(-4)}`,
      region,
      industry: 'C3411',
      size: 'small',
      employees: 50,
      hazardFactors: ['噪声'],
      hazardLevel: 'severe',
      registeredOn: '2015-01-01',
      ...extra,
    }) as EmployerInput;
  const employers: EmployerInput[] = [
    employer(c.w1, '530102'),
    employer(c.w2, '530102'),
    employer(c.w3, '530102'),
    employer(c.w4, '530102', { statusHistory: [{ status: 'deregistered', from: '2024-06-01' }] }),
    employer(c.w5, '530102', { hazardFactors: [], industry: 'H6210', size: 'micro' }),
    employer(c.l1, '530103'),
    employer(c.l2, '530103'),
    employer(c.g1, '530111'),
    employer(c.g2, '530111'),
    employer(c.z1, '530302'),
    employer(c.z2, '530302'),
  ];
  const declaration = (id: string, code: string, region: string, date = '2025-03-01') =>
    ({ id, kind: 'declaration', employer: code, region, date }) as FactInput;
  const testing = (id: string, code: string, region: string, tested: number, compliant: number) =>
    ({
      id,
      kind: 'hazard-testing',
      employer: code,
      region,
      date: '2025-05-01',
      postsTested: tested,
      postsCompliant: compliant,
    }) as FactInput;
  const inspection = (id: string, code: string, region: string, date: string) =>
    ({
      id,
      kind: 'inspection',
      employer: code,
      region,
      date,
      problemsFound: 1,
      problemsRectified: 1,
    }) as FactInput;
  const facts: FactInput[] = [
    declaration('decl-w1', c.w1, '530102'),
    declaration('decl-w2', c.w2, '530102'),
    declaration('decl-w4', c.w4, '530102', '2020-03-01'),
    declaration('decl-l1', c.l1, '530103'),
    declaration('decl-g1', c.g1, '530111'),
    declaration('decl-z1', c.z1, '530302'),
    declaration('decl-z2', c.z2, '530302'),
    testing('test-w1', c.w1, '530102', 3, 2),
    testing('test-l1', c.l1, '530103', 5, 5),
    testing('test-z1', c.z1, '530302', 4, 3),
    inspection('insp-w1', c.w1, '530102', '2025-04-01'),
    inspection('insp-w2', c.w2, '530102', '2025-05-01'),
    inspection('insp-w-2024', c.w1, '530102', '2024-11-01'),
    inspection('insp-l1', c.l1, '530103', '2025-04-01'),
    inspection('insp-z1', c.z1, '530302', '2025-04-01'),
  ];
  const p = '2025';
  const submissions = [
    reportOf('530102', p, {
      declaredReported: 3,
      hazardEmployersReported: 4,
      declarationRateReported: '75.0',
      postsCompliantReported: 2,
      postsTestedReported: 3,
      passRateReported: '66.6',
      inspectionsReported: 4,
    }),
    reportOf('530103', p, {
      declaredReported: 0,
      hazardEmployersReported: 2,
      declarationRateReported: '0.0',
      postsCompliantReported: 5,
      postsTestedReported: 5,
      passRateReported: '90',
      inspectionsReported: 1,
    }),
    reportOf('530111', p, {
      declaredReported: 2,
      hazardEmployersReported: 2,
      declarationRateReported: '100.0',
      inspectionsReported: 0,
    }),
    reportOf('530100', p, {
      declaredReported: 3,
      hazardEmployersReported: 6,
      declarationRateReported: '50.0',
      postsCompliantReported: 7,
      postsTestedReported: 8,
      passRateReported: '87.5',
      inspectionsReported: 5,
    }),
    reportOf(
      '530302',
      p,
      {
        declaredReported: 2,
        hazardEmployersReported: 2,
        declarationRateReported: '100.0',
        postsCompliantReported: 3,
        postsTestedReported: 4,
        passRateReported: '75.0',
        inspectionsReported: 1,
      },
      'approved',
    ),
    reportOf('530300', p, {
      declaredReported: 2,
      hazardEmployersReported: 2,
      declarationRateReported: '100.0',
      postsCompliantReported: 3,
      postsTestedReported: 4,
      passRateReported: '75.0',
      inspectionsReported: 1,
    }),
    reportOf('530000', p, {
      declaredReported: 5,
      hazardEmployersReported: 8,
      declarationRateReported: '62.5',
      postsCompliantReported: 10,
      postsTestedReported: 12,
      passRateReported: '83.3',
      inspectionsReported: 6,
    }),
  ];
  return { batch: { regions, employers, facts, submissions }, regions };
}
