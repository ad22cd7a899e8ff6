/**
 * @module bench/plan
 * The plan the benchmark evaluates nationally: the four core rates of employers with hazard
 * factors (申报率、检测率、体检率、培训率), monitoring pass rate, exam coverage, rectification rate,
 * inspection coverage, enforcement-case counts and handling, and the Yunnan SME-assistance cohort
 * (programme `yunnan-five-ones`, applied to every county). It exercises every leaf kind the
 * pushdown must translate: `count-employers` with `hasFact` and `cohort`, `count-facts` with
 * `distinct` and an employer predicate, and `sum-field` of integer and decimal-string fields.
 */
import { definePlan, type Plan } from '@occhealth/core';
import { ASSISTANCE_PROGRAMME } from '@occhealth/core/demo';

const source = { doc: 'occhealth bench' };
const pct = { zh: '%', en: '%' };
const hazardous = { hasHazardFactors: true } as const;
const hazardEmployers = { op: 'count-employers', where: hazardous } as const;
const cohort = {
  activeOn: 'any',
  cohort: {
    kind: 'assistance',
    where: [{ field: 'programme', op: 'eq', value: ASSISTANCE_PROGRAMME }],
    window: 'period',
  },
} as const;
const TESTS = {
  declaration: { kind: 'declaration', window: 'to-date' },
  testing: {
    kind: 'hazard-testing',
    where: [{ field: 'programme', op: 'eq', value: 'periodic' }],
    window: 'period',
  },
  exam: {
    kind: 'health-exam',
    where: [{ field: 'workersExamined', op: 'gt', value: 0 }],
    window: 'period',
  },
  training: { kind: 'training', window: 'period' },
} as const;
type TestId = keyof typeof TESTS;

function hazardRate(id: string, test: TestId, zh: string, en: string) {
  return {
    id,
    label: { zh, en },
    kind: 'proportion' as const,
    numerator: { op: 'count-employers' as const, where: { ...hazardous, hasFact: [TESTS[test]] } },
    denominator: hazardEmployers,
    unit: pct,
    source,
  };
}

function cohortRate(id: string, test: TestId, zh: string, en: string) {
  return {
    id,
    label: { zh, en },
    kind: 'proportion' as const,
    numerator: { op: 'count-employers' as const, where: { ...cohort, hasFact: [TESTS[test]] } },
    denominator: { op: 'count-employers' as const, where: cohort },
    unit: pct,
    source,
  };
}

function sumRatio(
  id: string,
  kind: string,
  num: string,
  den: string,
  zh: string,
  en: string,
  periodicOnly = false,
) {
  const where = periodicOnly
    ? [{ field: 'programme', op: 'eq' as const, value: 'periodic' }]
    : undefined;
  return {
    id,
    label: { zh, en },
    kind: 'proportion' as const,
    numerator: { op: 'sum-field' as const, kind, field: num, ...(where ? { where } : {}) },
    denominator: { op: 'sum-field' as const, kind, field: den, ...(where ? { where } : {}) },
    unit: pct,
    source,
  };
}

/** The benchmark plan (15 indicators). */
export const benchPlan: Plan = definePlan({
  id: 'bench-national',
  label: {
    zh: '基准测试：全国职业健康核心指标',
    en: 'Benchmark: national occupational-health core indicators',
  },
  source,
  indicators: [
    hazardRate('declarationRate', 'declaration', '职业病危害项目申报率', 'Declaration rate'),
    hazardRate(
      'testingRate',
      'testing',
      '工作场所职业病危害因素定期检测率',
      'Periodic testing rate',
    ),
    hazardRate('healthExamRate', 'exam', '职业健康检查开展率', 'Health-exam rate'),
    hazardRate('trainingRate', 'training', '职业健康培训率', 'Training rate'),
    sumRatio(
      'postPassRate',
      'hazard-testing',
      'postsCompliant',
      'postsTested',
      '定期检测岗位合格率',
      'Tested posts compliant',
      true,
    ),
    sumRatio(
      'examCoverage',
      'health-exam',
      'workersExamined',
      'workersDue',
      '应检人员受检率',
      'Workers due examined',
    ),
    sumRatio(
      'rectificationRate',
      'inspection',
      'problemsRectified',
      'problemsFound',
      '问题整改率',
      'Rectification rate',
    ),
    {
      id: 'inspectionCoverage',
      label: {
        zh: '存在职业病危害用人单位监督检查覆盖率',
        en: 'Inspection coverage of hazard employers',
      },
      kind: 'proportion',
      numerator: {
        op: 'count-facts',
        kind: 'inspection',
        distinct: 'employer',
        employer: hazardous,
      },
      denominator: hazardEmployers,
      unit: pct,
      source,
    },
    {
      id: 'casesFiled',
      label: { zh: '立案数', en: 'Enforcement cases filed' },
      kind: 'count',
      numerator: { op: 'count-facts', kind: 'enforcement-case' },
      unit: { zh: '件', en: 'cases' },
      aggregation: 'sum',
      source,
    },
    {
      id: 'caseConclusionRate',
      label: { zh: '违法案件查处率', en: 'Cases concluded' },
      kind: 'proportion',
      numerator: {
        op: 'count-facts',
        kind: 'enforcement-case',
        where: [{ field: 'concludedOn', op: 'exists' }],
      },
      denominator: { op: 'count-facts', kind: 'enforcement-case' },
      unit: pct,
      source,
    },
    {
      id: 'penaltyTotal',
      label: { zh: '罚款金额', en: 'Fines' },
      kind: 'count',
      numerator: { op: 'sum-field', kind: 'enforcement-case', field: 'penalty' },
      unit: { zh: '元', en: 'CNY' },
      aggregation: 'sum',
      source,
    },
    {
      id: 'smesAssisted',
      label: { zh: '帮扶中小微企业数量', en: 'SMEs assisted' },
      kind: 'count',
      numerator: { op: 'count-employers', where: cohort },
      unit: { zh: '家', en: 'enterprises' },
      aggregation: 'sum',
      source,
    },
    cohortRate(
      'assistedDeclarationRate',
      'declaration',
      '帮扶企业申报率',
      'Assisted: declaration rate',
    ),
    cohortRate('assistedTestingRate', 'testing', '帮扶企业检测率', 'Assisted: testing rate'),
    cohortRate('assistedHealthExamRate', 'exam', '帮扶企业体检率', 'Assisted: health-exam rate'),
    cohortRate('assistedTrainingRate', 'training', '帮扶企业培训率', 'Assisted: training rate'),
  ],
});
