/**
 * @module plans/henan-three-actions/indicators
 * Indicators of Henan's three actions 2024–2025 (豫卫职健〔2024〕7号, seed 001): Annex 1 declaration
 * expansion, Annex 2 SME assistance (六个一, programme `henan-six-ones`), Annex 3 institution
 * quality and compliance. Figures that arrive already counted (institution counts, monitoring
 * tasks, diagnosis categories) are data elements, defined in `dataElements`.
 *
 * Annex 3 一(三) (technical-service organisations) and 一(四) (health-exam and diagnosis
 * institutions) read their own institutions' inspections and cases (the facts' `institutionType`,
 * checked against the institution record when written), so one case is never counted in both.
 * The per-institution quota (≥ 50 employers guided by each institution) is judged by
 * `henanGuidanceByInstitution`; the indicator `employersGuidedPerYear` counts by the employer's region.
 */
import type { PlanInput, SourceRef } from '../../indicator/schema.js';
import { citeSeed } from '../shared/cite.js';
import { HOLD_COHORT_RATE, linearProgrammeCount } from '../shared/forecast.js';
import {
  assistedCohort,
  type PackIndicator,
  smeCoreRateIndicators,
  smesAssistedIndicator,
} from '../shared/sme-rates.js';
import { HENAN_SME_UNITS } from './unit-data.js';

/** Document number of this pack. */
export const HENAN_DOC = '豫卫职健〔2024〕7号';

/** Assistance programme id of the Henan 六个一 (matches `assistance.programme`). */
export const HENAN_PROGRAMME = 'henan-six-ones';

/** A citation of 豫卫职健〔2024〕7号 (seed 001). */
export const henanSource = citeSeed(HENAN_DOC, '001');

type PackDataElement = NonNullable<PlanInput['dataElements']>[number];

function count(id: string, zh: string, en: string): PackDataElement {
  return {
    id,
    label: { zh, en },
    valueType: 'count',
    aggregation: 'sum',
    unit: { zh: '个', en: 'units' },
  };
}

/** Data elements (already-counted figures) the Henan indicators read. */
export const dataElements: PackDataElement[] = [
  count(
    'nationalMonitoringTasks',
    '国家职业病防治监测任务数',
    'National OD-prevention monitoring tasks assigned',
  ),
  count(
    'nationalMonitoringTasksUndertaken',
    '疾控中心或职业病防治院所承担的国家职业病防治监测任务数',
    'National monitoring tasks undertaken by CDCs / OD hospitals',
  ),
  count(
    'prefectureCdcs',
    '省辖市疾控中心（职防院所）数',
    'Prefecture CDCs (OD hospitals/institutes)',
  ),
  count(
    'prefectureCdcsInProficiencyTest',
    '参加国家职业卫生、放射卫生检测能力比对的省辖市疾控中心（职防院所）数',
    'Prefecture CDCs taking part in the national proficiency comparison',
  ),
  count(
    'prefectureCdcsCapabilityConfirmed',
    '满足职业病危害因素监测能力确认条件的省辖市疾控中心（职防院所）数',
    'Prefecture CDCs meeting the monitoring-capability confirmation conditions',
  ),
  count(
    'publicHealthExamInstitutions',
    '承担职业健康检查工作的公立医疗卫生机构数',
    'Public medical institutions doing occupational health exams',
  ),
  count(
    'commonOdDiagnosisCategories',
    '常见职业病诊断类别数',
    'Common occupational-disease diagnosis categories',
  ),
  count(
    'commonOdDiagnosisCategoriesCovered',
    '已能开展诊断的常见职业病类别数',
    'Common OD diagnosis categories available',
  ),
  count(
    'techServiceOrgs',
    '本省注册的职业卫生、放射卫生技术服务机构数',
    'Occupational / radiological technical-service organisations registered in Henan',
  ),
  count(
    'techServiceOrgsSupervised',
    '纳入监管（监督检查）的技术服务机构数',
    'Technical-service organisations supervised',
  ),
  count(
    'techServiceOrgsInProficiencyTest',
    '参加年度检测能力比对的技术服务机构数',
    'Technical-service organisations in the yearly proficiency comparison',
  ),
  count('healthExamOrgs', '职业健康检查机构数', 'Occupational health-examination institutions'),
  count(
    'healthExamAndDiagnosisOrgs',
    '职业健康检查机构和职业病诊断机构数',
    'Health-examination and diagnosis institutions',
  ),
  count(
    'outOfProvinceTechServiceOrgs',
    '来豫开展技术服务的外地机构数',
    'Out-of-province technical-service organisations serving in Henan',
  ),
  count(
    'outOfProvinceTechServiceOrgsSampled',
    '省三院抽查的来豫外地机构数',
    'Out-of-province organisations sampled by the Henan Third Provincial Hospital',
  ),
];

const PCT = { zh: '%', en: '%' };

function de(id: string) {
  return { op: 'data-element', id, mode: 'latest' } as const;
}

function dataRate(
  id: string,
  label: { zh: string; en: string },
  num: PackDataElement,
  den: PackDataElement,
  source: SourceRef,
): PackIndicator {
  return {
    id,
    label,
    kind: 'proportion',
    numerator: de(num.id),
    denominator: de(den.id),
    numeratorLabel: { zh: num.label.zh, en: num.label.en ?? num.label.zh },
    denominatorLabel: { zh: den.label.zh, en: den.label.en ?? den.label.zh },
    unit: PCT,
    source,
  };
}

function element(id: string): PackDataElement {
  const found = dataElements.find((d) => d.id === id);
  if (!found) throw new TypeError(`unknown data element ${id}`);
  return found;
}

const ANNEX2_GOAL =
  '2025年底，……帮扶企业职业病危害项目申报率、工作场所职业病危害因素定期检测率、职业健康检查开展率、职业健康培训率均达到100%';

const ref = { ref: 'reference-date' } as const;
/** 一(三): records of technical-service organisations. */
const techServiceOrg = { field: 'institutionType', op: 'eq', value: 'tech-service' } as const;
/** 一(四): records of health-exam and diagnosis institutions. */
const examOrDiagnosisOrg = {
  field: 'institutionType',
  op: 'in',
  value: ['health-exam', 'diagnosis'],
} as const;
const concluded = { field: 'concludedOn', op: 'lte', value: ref } as const;

/** Annex 1: declaration expansion. */
const declaration: PackIndicator[] = [
  {
    id: 'severeIndustryDeclarationCoverage',
    label: {
      zh: '工业领域职业病危害严重行业用人单位职业病危害项目申报覆盖率',
      en: 'Declaration coverage of industrial employers in severe-hazard industries',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-employers',
      where: {
        industrial: true,
        hazardLevels: ['severe'],
        hasFact: [{ kind: 'declaration', window: 'to-date' }],
      },
    },
    denominator: { op: 'count-employers', where: { industrial: true, hazardLevels: ['severe'] } },
    numeratorLabel: {
      zh: '截至基准日已申报的用人单位数',
      en: 'Employers declared by the reference date',
    },
    denominatorLabel: {
      zh: '基准日在营的工业领域职业病危害严重行业用人单位数',
      en: 'Industrial employers in severe-hazard industries active on the reference date',
    },
    unit: PCT,
    source: henanSource(
      '附件1 一',
      '2024年底，工业领域职业病危害严重行业用人单位职业病危害项目申报达到全覆盖。',
    ),
    note: {
      zh: '在营含停产停业6个月以内未注销的用人单位（附件1 二(一)3）。',
      en: 'Active includes employers suspended for at most six months and not deregistered (Annex 1 二(一)3).',
    },
  },
  {
    id: 'severeIndustry10PlusDeclaration',
    label: {
      zh: '职业病危害严重行业10人及以上用人单位职业病危害项目申报率',
      en: 'Declaration rate of severe-hazard-industry employers with 10 or more workers',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-employers',
      where: {
        hazardLevels: ['severe'],
        minEmployees: 10,
        hasFact: [{ kind: 'declaration', window: 'to-date' }],
      },
    },
    denominator: { op: 'count-employers', where: { hazardLevels: ['severe'], minEmployees: 10 } },
    numeratorLabel: {
      zh: '截至基准日已申报的用人单位数',
      en: 'Employers declared by the reference date',
    },
    denominatorLabel: {
      zh: '基准日在营的职业病危害严重行业10人及以上用人单位数',
      en: 'Severe-hazard-industry employers with ≥ 10 workers active on the reference date',
    },
    unit: PCT,
    source: henanSource(
      '附件1 一',
      '2025年底，职业病危害严重行业10人及以上用人单位职业病危害项目应报尽报，职业病危害项目申报质量明显提升。',
    ),
    note: {
      zh: '“申报质量明显提升”为定性要求，未量化。',
      en: '"Declaration quality markedly improved" is qualitative and not quantified.',
    },
  },
];

/** The forecast of Annex 2's yearly counts. */
const HENAN_COUNT_FORECAST = linearProgrammeCount({
  zh: '于2024年7月（动员部署阶段）',
  en: 'in July 2024 (mobilisation phase)',
});

/** Annex 2: SME assistance, before its units. */
const assistanceRules: PackIndicator[] = [
  // Every SME rule counts the 19 units of 附件2 二(三) (HENAN_SME_UNITS): 济源 and 航空港区 each
  // compile their own 帮扶名单, so their enterprises are theirs, not 419000's or 郑州's.
  smesAssistedIndicator(
    HENAN_PROGRAMME,
    henanSource(
      '附件2 一',
      '2024年和2025年，以省辖市为单位，每年每县（市、区）中小微企业帮扶数量平均不少于20家。',
    ),
  ),
  {
    id: 'smesAssistedPerCounty',
    label: {
      zh: '每年每县（市、区）中小微企业帮扶数量（省辖市平均）',
      en: 'SMEs assisted per county per year (average over the prefecture)',
    },
    kind: 'ratio',
    numerator: { op: 'count-employers', where: assistedCohort(HENAN_PROGRAMME) },
    // Which units count (附件2 一 "以省辖市为单位，每年每县（市、区）…平均"): HENAN_SME_UNITS — the
    // denominator counts the prefecture's 县（市、区）, not its functional zones (their SMEs count in
    // the prefecture's numerator); 济源示范区 and 航空港区 are units of their own, each one
    // county-level unit (its SMEs ÷ 1), and 航空港区 is neither in 郑州's numerator nor its count.
    denominator: { op: 'count-regions', level: 'county' },
    numeratorLabel: { zh: '期内帮扶中小微企业数(家)', en: 'SMEs assisted in the period' },
    denominatorLabel: {
      zh: '县（市、区）数（不含开发区等功能区）',
      en: 'Counties (functional zones left out)',
    },
    factor: '1',
    decimals: 2,
    unit: { zh: '家/县', en: 'enterprises per county' },
    levels: ['prefecture'],
    source: henanSource(
      '附件2 一',
      '2024年和2025年，以省辖市为单位，每年每县（市、区）中小微企业帮扶数量平均不少于20家。',
    ),
    note: {
      zh: '以省辖市为单位计算平均数：省辖市帮扶企业总数 ÷ 所辖县（市、区）数（开发区、示范区等功能区不计入县数，其企业计入所在省辖市）；济源示范区、航空港区单独计算，各按1个县级单位（帮扶企业数 ÷ 1），航空港区不计入郑州市；单个县可少于20家。',
      en: 'Averaged per prefecture: assisted SMEs in the prefecture ÷ its counties (development and other functional zones are not counted as counties; their SMEs count for the prefecture); Jiyuan and the Airport Zone are units of their own, each one county-level unit (its SMEs ÷ 1), the Airport Zone not part of Zhengzhou; one county may have fewer than 20.',
    },
  },
  // 六个一 item 5 (附件2 二(五)5 组织一轮职业病危害因素检（监）测): government monitoring of the
  // assisted SME's posts counts for its testing rate.
  ...smeCoreRateIndicators(HENAN_PROGRAMME, henanSource('附件2 一', ANNEX2_GOAL), {
    testingProgrammes: ['periodic', 'monitoring'],
  }),
];

/** Annex 2: SME assistance. */
const assistance = assistanceRules.map((i) => ({
  ...i,
  units: HENAN_SME_UNITS,
  // The yearly counts project linearly (the action began in July 2024: 附件2 三(一) 动员部署阶段);
  // the rates of the assisted cohort hold their value to date.
  forecast: i.kind === 'proportion' ? HOLD_COHORT_RATE : HENAN_COUNT_FORECAST,
}));

/** Annex 3: institution quality and compliance. */
const institutions: PackIndicator[] = [
  dataRate(
    'nationalMonitoringTaskCoverage',
    {
      zh: '承担国家职业病防治监测任务比例',
      en: 'Share of national OD-prevention monitoring tasks undertaken',
    },
    element('nationalMonitoringTasksUndertaken'),
    element('nationalMonitoringTasks'),
    henanSource(
      '附件3 一(一)',
      '疾控中心或职业病防治院所能够规范开展职业病危害因素监测，承担全部国家职业病防治监测任务',
    ),
  ),
  dataRate(
    'prefCdcProficiencyParticipation',
    {
      zh: '省辖市疾控中心（职防院所）参加国家检测能力比对比例',
      en: 'Prefecture CDCs taking part in the national proficiency comparison',
    },
    element('prefectureCdcsInProficiencyTest'),
    element('prefectureCdcs'),
    henanSource(
      '附件3 一(一)',
      '省辖市疾控中心（职防院所）全部参加国家职业卫生、放射卫生检测能力比对',
    ),
  ),
  dataRate(
    'prefCdcCapabilityConfirmed',
    {
      zh: '省辖市疾控中心（职防院所）满足监测能力确认条件比例',
      en: 'Prefecture CDCs meeting the monitoring-capability confirmation conditions',
    },
    element('prefectureCdcsCapabilityConfirmed'),
    element('prefectureCdcs'),
    henanSource('附件3 一(一)', '全部满足职业病危害因素监测能力确认条件要求'),
  ),
  {
    id: 'countyPublicHealthExamOrg',
    label: {
      zh: '至少1家公立医疗卫生机构承担职业健康检查工作的县区比例',
      en: 'Counties with at least one public institution doing occupational health exams',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-regions',
      level: 'county',
      where: { expr: de('publicHealthExamInstitutions'), comparator: '>=', value: '1' },
    },
    denominator: { op: 'count-regions', level: 'county' },
    numeratorLabel: {
      zh: '至少1家公立医疗卫生机构承担职业健康检查工作的县区数',
      en: 'Counties with ≥ 1 public health-exam institution',
    },
    denominatorLabel: { zh: '县区数', en: 'Counties' },
    unit: PCT,
    source: henanSource('附件3 一(二)', '县区至少1家公立医疗卫生机构承担职业健康检查工作'),
  },
  dataRate(
    'prefDiagnosisCategoryCoverage',
    {
      zh: '省辖市常见职业病诊断类别覆盖率',
      en: 'Coverage of common occupational-disease diagnosis categories',
    },
    element('commonOdDiagnosisCategoriesCovered'),
    element('commonOdDiagnosisCategories'),
    henanSource('附件3 一(二)', '推进职业病诊断机构能力建设，实现省辖市常见职业病诊断类别全覆盖'),
  ),
  {
    id: 'reportCardSubmissionRate',
    label: { zh: '技术服务信息报送卡上报率', en: 'Technical-service report-card submission rate' },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'tech-service-report',
      where: [{ field: 'submittedOn', op: 'lte', value: ref }],
    },
    denominator: { op: 'count-facts', kind: 'tech-service-report' },
    numeratorLabel: { zh: '已上报信息报送卡的技术服务项目数', en: 'Jobs with the card submitted' },
    denominatorLabel: { zh: '期内技术服务项目数', en: 'Technical-service jobs in the period' },
    unit: PCT,
    source: henanSource('附件3 一(三)', '按照有关规定填报技术服务信息报送卡，上报率达到100%'),
  },
  dataRate(
    'supervisionCoverageRate',
    { zh: '技术服务机构监管覆盖率', en: 'Supervision coverage of technical-service organisations' },
    element('techServiceOrgsSupervised'),
    element('techServiceOrgs'),
    henanSource('附件3 一(三)', '监管覆盖率达到100%'),
  ),
  {
    id: 'rectificationRate',
    label: {
      zh: '评估检查发现问题整改率',
      en: 'Rectification rate of problems found in evaluations and inspections',
    },
    kind: 'proportion',
    numerator: {
      op: 'add',
      terms: [
        {
          op: 'sum-field',
          kind: 'inspection',
          field: 'problemsRectified',
          where: [techServiceOrg],
        },
        {
          op: 'sum-field',
          kind: 'qc-activity',
          field: 'problemsRectified',
          where: [techServiceOrg],
        },
      ],
    },
    denominator: {
      op: 'add',
      terms: [
        { op: 'sum-field', kind: 'inspection', field: 'problemsFound', where: [techServiceOrg] },
        { op: 'sum-field', kind: 'qc-activity', field: 'problemsFound', where: [techServiceOrg] },
      ],
    },
    numeratorLabel: { zh: '已整改问题数', en: 'Problems rectified' },
    denominatorLabel: {
      zh: '对技术服务机构的监督检查及质控发现问题数',
      en: 'Problems found in inspections and QC of technical-service organisations',
    },
    unit: PCT,
    source: henanSource('附件3 一(三)', '评估检查发现问题整改率达到100%'),
  },
  {
    id: 'falseCertCaseHandlingRate',
    label: {
      zh: '出具虚假证明文件等违法案件查处率',
      en: 'Handling rate of violation cases such as false certificates',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'enforcement-case',
      where: [
        { field: 'category', op: 'in', value: ['false-certificate', 'reporting-violation'] },
        techServiceOrg,
        concluded,
      ],
    },
    denominator: {
      op: 'count-facts',
      kind: 'enforcement-case',
      where: [
        { field: 'category', op: 'in', value: ['false-certificate', 'reporting-violation'] },
        techServiceOrg,
      ],
    },
    numeratorLabel: { zh: '截至基准日已查处件数', en: 'Cases concluded by the reference date' },
    denominatorLabel: { zh: '期内立案件数', en: 'Cases filed in the period' },
    unit: PCT,
    source: henanSource('附件3 一(三)', '出具虚假证明文件等违法案件查处率达到100%'),
  },
  {
    id: 'caseReportRate',
    label: {
      zh: '职业健康检查机构个案信息报告率',
      en: 'Individual-case reporting rate of health-exam institutions',
    },
    kind: 'proportion',
    numerator: {
      op: 'sum-field',
      kind: 'case-report',
      field: 'casesReported',
      where: [{ field: 'reportType', op: 'eq', value: 'health-exam' }],
    },
    denominator: {
      op: 'sum-field',
      kind: 'case-report',
      field: 'casesRequired',
      where: [{ field: 'reportType', op: 'eq', value: 'health-exam' }],
    },
    numeratorLabel: { zh: '已报告个案数', en: 'Cases reported' },
    denominatorLabel: { zh: '应报告个案数', en: 'Cases to report' },
    unit: PCT,
    source: henanSource(
      '附件3 一(四)',
      '职业健康检查机构个案信息报告率与职业病诊断机构报告率均≥95%',
    ),
  },
  {
    id: 'diagnosisReportRate',
    label: { zh: '职业病诊断机构报告率', en: 'Reporting rate of diagnosis institutions' },
    kind: 'proportion',
    numerator: {
      op: 'sum-field',
      kind: 'case-report',
      field: 'casesReported',
      where: [{ field: 'reportType', op: 'eq', value: 'diagnosis' }],
    },
    denominator: {
      op: 'sum-field',
      kind: 'case-report',
      field: 'casesRequired',
      where: [{ field: 'reportType', op: 'eq', value: 'diagnosis' }],
    },
    numeratorLabel: { zh: '已报告病例数', en: 'Diagnoses reported' },
    denominatorLabel: { zh: '应报告病例数', en: 'Diagnoses to report' },
    unit: PCT,
    source: henanSource(
      '附件3 一(四)',
      '职业健康检查机构个案信息报告率与职业病诊断机构报告率均≥95%',
    ),
  },
  {
    id: 'qcCoverageRate',
    label: {
      zh: '职业健康检查和职业病诊断机构质控覆盖率',
      en: 'QC coverage of health-exam and diagnosis institutions',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'qc-activity',
      where: [examOrDiagnosisOrg],
      distinct: 'institution',
      withinMonths: 24,
    },
    denominator: de('healthExamAndDiagnosisOrgs'),
    numeratorLabel: {
      zh: '基准日前24个月内接受质控的机构数',
      en: 'Institutions QC-ed in the 24 months up to the reference date',
    },
    denominatorLabel: {
      zh: '职业健康检查机构和职业病诊断机构数',
      en: 'Health-exam and diagnosis institutions',
    },
    unit: PCT,
    source: henanSource('附件3 一(四)', '质控覆盖率每两年达到100%'),
    note: {
      zh: '“每两年”按滚动窗口计：基准日前24个月内（含两端）有质控记录的机构。',
      en: '"Every two years" as a rolling window: institutions with a QC record in the 24 months up to the reference date (both ends included).',
    },
  },
  {
    id: 'qcRectificationRate',
    label: { zh: '质控问题整改率', en: 'QC-problem rectification rate' },
    kind: 'proportion',
    numerator: {
      op: 'sum-field',
      kind: 'qc-activity',
      field: 'problemsRectified',
      where: [{ field: 'institutionType', op: 'in', value: ['health-exam', 'diagnosis'] }],
    },
    denominator: {
      op: 'sum-field',
      kind: 'qc-activity',
      field: 'problemsFound',
      where: [{ field: 'institutionType', op: 'in', value: ['health-exam', 'diagnosis'] }],
    },
    numeratorLabel: { zh: '已整改质控问题数', en: 'QC problems rectified' },
    denominatorLabel: { zh: '质控发现问题数', en: 'QC problems found' },
    unit: PCT,
    source: henanSource('附件3 一(四)', '质控问题整改率达到100%'),
  },
  {
    id: 'orgViolationHandlingRate',
    label: {
      zh: '职业健康检查和职业病诊断机构违法违规案件查处率',
      en: 'Handling rate of violations by health-exam and diagnosis institutions',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'enforcement-case',
      where: [
        {
          field: 'category',
          op: 'in',
          value: ['reporting-violation', 'false-certificate', 'qc-noncompliance'],
        },
        examOrDiagnosisOrg,
        concluded,
      ],
    },
    denominator: {
      op: 'count-facts',
      kind: 'enforcement-case',
      where: [
        {
          field: 'category',
          op: 'in',
          value: ['reporting-violation', 'false-certificate', 'qc-noncompliance'],
        },
        examOrDiagnosisOrg,
      ],
    },
    numeratorLabel: { zh: '截至基准日已查处件数', en: 'Cases concluded by the reference date' },
    denominatorLabel: { zh: '期内立案件数', en: 'Cases filed in the period' },
    unit: PCT,
    source: henanSource(
      '附件3 一(四)',
      '上述两类机构未履行信息报告义务、出具虚假或者失实的证明文件、质控不合格且未按照要求整改仍开展工作等违法违规案件查处率达到100%',
    ),
  },
  {
    id: 'employersGuidedPerYear',
    label: {
      zh: '到用人单位开展技术指导、帮扶的用人单位数',
      en: 'Employers given technical guidance',
    },
    kind: 'count',
    numerator: { op: 'count-facts', kind: 'guidance', distinct: 'employer' },
    numeratorLabel: { zh: '期内接受技术指导的用人单位数', en: 'Employers guided in the period' },
    unit: { zh: '家', en: 'employers' },
    aggregation: 'sum',
    source: henanSource(
      '附件3 二(三)1',
      '省三院、市级疾控中心或职业病防治院所除完成国家职业病防治监测任务外，每年要到50家以上用人单位开展技术指导、帮扶等工作',
    ),
    note: {
      zh: '原文按机构计（省三院和每个市级疾控中心/职防院所）；此处按用人单位所在地统计，逐机构判定见 henanGuidanceByInstitution。',
      en: 'The seed counts per institution (the provincial hospital and each prefecture CDC / OD hospital); this counts by the employer’s region — henanGuidanceByInstitution judges each institution.',
    },
  },
  dataRate(
    'proficiencyTestFrequency',
    {
      zh: '技术服务机构年度检测能力比对覆盖率',
      en: 'Share of technical-service organisations in the yearly proficiency comparison',
    },
    element('techServiceOrgsInProficiencyTest'),
    element('techServiceOrgs'),
    henanSource(
      '附件3 二(三)2',
      '对河南省辖区内注册的职业卫生、放射卫生技术服务机构，每年开展1次检测能力比对',
    ),
  ),
  {
    id: 'qualityMonitoringShare',
    label: {
      zh: '技术服务机构质量监测比例',
      en: 'Share of technical-service organisations given quality monitoring',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'qc-activity',
      // 能力比对 is not 质量监测; a record without an activity counts as before (质量监测).
      where: [techServiceOrg, { field: 'activity', op: 'ne', value: 'proficiency-comparison' }],
      distinct: 'institution',
    },
    denominator: de('techServiceOrgs'),
    numeratorLabel: { zh: '期内开展质量监测的机构数', en: 'Organisations monitored in the period' },
    denominatorLabel: { zh: '本省注册的技术服务机构数', en: 'Organisations registered in Henan' },
    unit: PCT,
    source: henanSource('附件3 二(三)2', '每年选取不少于40%的机构开展质量监测'),
  },
  {
    id: 'healthExamQcFrequency',
    label: {
      zh: '职业健康检查机构年度质控覆盖率',
      en: 'Share of health-exam institutions given yearly QC',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'qc-activity',
      where: [{ field: 'institutionType', op: 'eq', value: 'health-exam' }],
      distinct: 'institution',
    },
    denominator: de('healthExamOrgs'),
    numeratorLabel: {
      zh: '期内开展质控的职业健康检查机构数',
      en: 'Health-exam institutions QC-ed in the period',
    },
    denominatorLabel: { zh: '职业健康检查机构数', en: 'Health-exam institutions' },
    unit: PCT,
    source: henanSource('附件3 二(三)3', '对所有职业健康检查机构，每年开展1次质控活动'),
  },
  {
    id: 'provincialQcShare',
    label: {
      zh: '省级质控对象比例',
      en: 'Share of health-exam institutions given provincial QC',
    },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'qc-activity',
      where: [
        { field: 'institutionType', op: 'eq', value: 'health-exam' },
        { field: 'level', op: 'eq', value: 'province' },
      ],
      distinct: 'institution',
    },
    denominator: de('healthExamOrgs'),
    numeratorLabel: {
      zh: '期内省级质控的机构数',
      en: 'Institutions given provincial QC in the period',
    },
    denominatorLabel: { zh: '职业健康检查机构数', en: 'Health-exam institutions' },
    unit: PCT,
    source: henanSource('附件3 二(三)3', '省级按照每年不少于50%的比例'),
    note: {
      zh: '省级质控对象的选取条件见附件3 二(三)3（新备案、上年不合格、检出率低于全省平均水平50%以上等）。',
      en: 'Selection criteria in Annex 3 二(三)3 (newly filed, failed last year, detection rate more than 50 % below the provincial average, …).',
    },
  },
  dataRate(
    'outOfProvinceSampleShare',
    {
      zh: '来豫开展技术服务的外地机构抽查比例',
      en: 'Sampling share of out-of-province technical-service organisations',
    },
    element('outOfProvinceTechServiceOrgsSampled'),
    element('outOfProvinceTechServiceOrgs'),
    henanSource(
      '附件3 二(四)3',
      '省三院要对来豫开展技术服务的外地机构开展质量控制，每年抽查比例不少于50%',
    ),
  ),
];

/** Indicators of the Henan pack. */
export const indicators: PackIndicator[] = [...declaration, ...assistance, ...institutions];
