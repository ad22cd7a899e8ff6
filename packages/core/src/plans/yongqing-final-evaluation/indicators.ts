/**
 * @module plans/yongqing-final-evaluation/indicators
 * The quantitative indicator survey table of the 14th-FYP final evaluation (河北职业病防治规划
 * (2021-2025年)定量指标调查表, seed 003 附件1 附表) as data: ten rows, their data sources, the `*`
 * provincial-statistics flag, and the sub-items modelled **by role** (rows 3 and 4 list the
 * denominator first; row 10 lists denominators 10-1 and 10-3 first). Every figure of the table
 * arrives already counted, so every sub-item is a data element. Row 1 is six yearly values
 * (2020–2025); row 7 is a reported narrative and has no indicator.
 */
import type { Bilingual, PlanInput } from '../../indicator/schema.js';
import { citeSeed } from '../shared/cite.js';
import { HOLD_LATEST_DATA } from '../shared/forecast.js';
import type { PackIndicator } from '../shared/sme-rates.js';

/** Short title of the evaluation scheme the table belongs to. */
export const YONGQING_DOC = '永清县职业病防治规划(2021-2025年)终期评估方案';

/** A citation of the evaluation scheme (seed 003). */
export const yongqingSource = citeSeed(YONGQING_DOC, '003');

/** One sub-item of a survey row (e.g. `3-2 检测合格岗位数(个)`), by role. */
export interface SurveySubItem {
  /** Code as printed, e.g. `3-2`. */
  readonly code: string;
  /** Its role in the row's indicator. */
  readonly role: 'numerator' | 'denominator';
  /** The indicator it belongs to (row 10 has two). */
  readonly indicator: string;
  /** Data element holding the figure. */
  readonly dataElement: string;
  /** Text as printed (with unit), and English. */
  readonly label: Bilingual;
  /** Unit. */
  readonly unit: Bilingual;
}

/** One row of the survey table. */
export interface SurveyRow {
  /** 序号. */
  readonly no: number;
  /** Marked `*`: "省级可统计数据，有关数据可与各地分享". */
  readonly provincialStatistic: boolean;
  /** 评估指标 as printed, and English. */
  readonly title: Bilingual;
  /** 数据来源 as printed, and English. */
  readonly dataSource: Bilingual;
  /** What the 结果 column holds. */
  readonly result: 'yearly-values' | 'sub-items' | 'narrative';
  /** Indicators computed from the row (none for row 7). */
  readonly indicators: readonly string[];
  /** Sub-items in the printed order. */
  readonly subItems: readonly SurveySubItem[];
  /** Years of a `yearly-values` row. */
  readonly years?: readonly number[];
  /** Who fills the row in, when the table says. */
  readonly filledBy?: Bilingual;
}

const PERSONS = { zh: '人', en: 'persons' };
const UNITS_JIA = { zh: '家', en: 'enterprises' };
const UNITS_GE = { zh: '个', en: 'units' };
const CASES = { zh: '件', en: 'cases' };
const REPORTED = { zh: '上报数据。', en: 'Reported data.' };
const MONITORING_SYSTEM = {
  zh: '2025年工作场所职业病危害监测系统数据。',
  en: '2025 workplace occupational-hazard monitoring system data.',
};

function sub(
  code: string,
  role: SurveySubItem['role'],
  indicator: string,
  dataElement: string,
  zh: string,
  en: string,
  unit: Bilingual,
): SurveySubItem {
  return { code, role, indicator, dataElement, label: { zh, en }, unit };
}

/** The ten rows of the survey table, in the seed's order, sub-items in the printed order. */
export const SURVEY_TABLE: readonly SurveyRow[] = [
  {
    no: 1,
    provincialStatistic: false,
    title: { zh: '工伤保险参保人数(人)', en: 'Persons enrolled in work-injury insurance' },
    dataSource: {
      zh: '2025年人力资源和社会保障部门数据。',
      en: '2025 human-resources and social-security department data.',
    },
    result: 'yearly-values',
    years: [2020, 2021, 2022, 2023, 2024, 2025],
    indicators: ['workInjuryInsuredCount'],
    subItems: [],
    filledBy: { zh: '县人力资源和社会保障局', en: 'County HR & social-security bureau' },
  },
  {
    no: 2,
    provincialStatistic: true,
    title: {
      zh: '工业企业职业病危害项目申报率(%)',
      en: 'Occupational-hazard declaration rate of industrial enterprises',
    },
    dataSource: MONITORING_SYSTEM,
    result: 'sub-items',
    indicators: ['industrialDeclarationRate'],
    subItems: [
      sub(
        '2-1',
        'numerator',
        'industrialDeclarationRate',
        'industrialEnterprisesDeclared',
        '申报职业病危害的工业企业数量(家)',
        'Industrial enterprises that declared hazards',
        UNITS_JIA,
      ),
      sub(
        '2-2',
        'denominator',
        'industrialDeclarationRate',
        'industrialEnterprisesWithHazards',
        '存在职业病危害的工业企业数量(家)',
        'Industrial enterprises with occupational hazards',
        UNITS_JIA,
      ),
    ],
  },
  {
    no: 3,
    provincialStatistic: true,
    title: {
      zh: '工作场所职业病危害因素监测合格率(%)',
      en: 'Workplace hazard-factor monitoring pass rate',
    },
    dataSource: MONITORING_SYSTEM,
    result: 'sub-items',
    indicators: ['monitoringPassRate'],
    subItems: [
      sub(
        '3-1',
        'denominator',
        'monitoringPassRate',
        'monitoredPosts',
        '工作场所职业病危害因素检测岗位数(个)',
        'Posts tested for workplace hazard factors',
        UNITS_GE,
      ),
      sub(
        '3-2',
        'numerator',
        'monitoringPassRate',
        'monitoredPostsCompliant',
        '工作场所职业病危害因素检测合格岗位数(个)',
        'Posts passing',
        UNITS_GE,
      ),
    ],
  },
  {
    no: 4,
    provincialStatistic: true,
    title: {
      zh: '非医疗放射工作人员个人剂量监测率(%)',
      en: 'Personal-dose monitoring rate of non-medical radiation workers',
    },
    dataSource: {
      zh: '2025年全国放射卫生信息平台监测数据、非医疗机构放射性危害因素监测数据。',
      en: '2025 national radiological-health information platform data and non-medical radiological hazard monitoring data.',
    },
    result: 'sub-items',
    indicators: ['personalDoseMonitoringRate'],
    subItems: [
      sub(
        '4-1',
        'denominator',
        'personalDoseMonitoringRate',
        'nonMedicalRadiationWorkers',
        '非医疗放射工作人员数(人)',
        'Non-medical radiation workers',
        PERSONS,
      ),
      sub(
        '4-2',
        'numerator',
        'personalDoseMonitoringRate',
        'nonMedicalRadiationWorkersDoseMonitored',
        '非医疗放射工作人员个人剂量监测数(人)',
        'Non-medical radiation workers with personal-dose monitoring',
        PERSONS,
      ),
    ],
  },
  {
    no: 5,
    provincialStatistic: false,
    title: {
      zh: '重点人群职业健康知识知晓率(%)',
      en: 'Occupational-health knowledge awareness rate of key populations',
    },
    dataSource: {
      zh: '2025年各地重点人群职业健康素养监测统计调查结果。',
      en: '2025 local key-population occupational-health literacy monitoring survey results.',
    },
    result: 'sub-items',
    indicators: ['knowledgeAwarenessRate'],
    subItems: [
      sub(
        '5-1',
        'numerator',
        'knowledgeAwarenessRate',
        'keyIndustryWorkersAware',
        '重点行业接触职业病危害中被调查劳动者对本岗位危害及防护知识知晓人数(人)',
        'Surveyed exposed workers in key industries who know their post’s hazards and protection',
        PERSONS,
      ),
      sub(
        '5-2',
        'denominator',
        'knowledgeAwarenessRate',
        'keyIndustryWorkersSurveyed',
        '重点行业接触职业病危害中被调查劳动者人数(人)',
        'Surveyed exposed workers in key industries',
        PERSONS,
      ),
    ],
  },
  {
    no: 6,
    provincialStatistic: false,
    title: {
      zh: '职业卫生违法案件查处率(%)',
      en: 'Occupational-health violation-case handling rate',
    },
    dataSource: {
      zh: '本辖区职业卫生监督信息系统数据。',
      en: 'The jurisdiction’s occupational-health supervision information system.',
    },
    result: 'sub-items',
    indicators: ['caseHandlingRate'],
    subItems: [
      sub(
        '6-1',
        'numerator',
        'caseHandlingRate',
        'ohViolationCasesHandled',
        '职业卫生违法案件查处件数(件)',
        'Violation cases investigated and handled',
        CASES,
      ),
      sub(
        '6-2',
        'denominator',
        'caseHandlingRate',
        'ohViolationCasesFiled',
        '职业卫生违法案件立案件数(件)',
        'Violation cases filed',
        CASES,
      ),
    ],
  },
  {
    no: 7,
    provincialStatistic: false,
    title: {
      zh: '依托现有医疗资源，推进省级职业病防治机构能力建设',
      en: 'Capacity building of the provincial OD-prevention institution relying on existing medical resources',
    },
    dataSource: REPORTED,
    result: 'narrative',
    indicators: [],
    subItems: [],
  },
  {
    no: 8,
    provincialStatistic: false,
    title: {
      zh: '设区的市至少确定1家公立医疗卫生机构承担职业病诊断工作',
      en: 'Each prefecture has at least one public institution doing occupational-disease diagnosis',
    },
    dataSource: REPORTED,
    result: 'sub-items',
    indicators: ['prefectureDiagnosisCoverage'],
    subItems: [
      sub(
        '8-1',
        'numerator',
        'prefectureDiagnosisCoverage',
        'prefecturesWithPublicDiagnosisInstitution',
        '至少确定1家公立医疗卫生机构承担职业病诊断工作设区的市数量(个)',
        'Prefectures with at least one public diagnosis institution',
        UNITS_GE,
      ),
      sub(
        '8-2',
        'denominator',
        'prefectureDiagnosisCoverage',
        'prefecturesTotal',
        '设区的市总数(个)',
        'Prefectures (设区的市)',
        UNITS_GE,
      ),
    ],
  },
  {
    no: 9,
    provincialStatistic: false,
    title: {
      zh: '县区至少确定1家公立医疗卫生机构承担职业健康检查工作',
      en: 'Each county has at least one public institution doing occupational health exams',
    },
    dataSource: REPORTED,
    result: 'sub-items',
    indicators: ['countyHealthExamCoverage'],
    subItems: [
      sub(
        '9-1',
        'numerator',
        'countyHealthExamCoverage',
        'countiesWithPublicHealthExamInstitution',
        '至少确定1家公立医疗卫生机构承担本辖区职业健康检查工作的县区数(个)',
        'Counties with at least one public health-exam institution for the jurisdiction',
        UNITS_GE,
      ),
      sub(
        '9-2',
        'denominator',
        'countyHealthExamCoverage',
        'countiesTotal',
        '县区总数(个)',
        'Counties',
        UNITS_GE,
      ),
    ],
  },
  {
    no: 10,
    provincialStatistic: false,
    title: {
      zh: '市县政府职业病防治工作情况',
      en: 'Occupational-disease prevention work of city and county governments',
    },
    dataSource: REPORTED,
    result: 'sub-items',
    indicators: ['localPlanAdoption.prefecture', 'localPlanAdoption.county'],
    subItems: [
      sub(
        '10-1',
        'denominator',
        'localPlanAdoption.prefecture',
        'prefectureCitiesTotal',
        '地级市总数(个)',
        'Prefecture-level cities',
        UNITS_GE,
      ),
      sub(
        '10-2',
        'numerator',
        'localPlanAdoption.prefecture',
        'prefectureCitiesWithPlan',
        '制定职业病防治“十四五”规划的地级市数(个)',
        'Prefecture-level cities with a 14th-FYP occupational-disease plan',
        UNITS_GE,
      ),
      sub(
        '10-3',
        'denominator',
        'localPlanAdoption.county',
        'countyUnitsTotal',
        '县级县市区总数(个)',
        'County-level units',
        UNITS_GE,
      ),
      sub(
        '10-4',
        'numerator',
        'localPlanAdoption.county',
        'countyUnitsWithPlan',
        '制定职业病防治“十四五”规划的县级县市区数(个)',
        'County-level units with a 14th-FYP occupational-disease plan',
        UNITS_GE,
      ),
    ],
  },
];

/** The table's footnote, as printed. */
export const SURVEY_TABLE_NOTE =
  '注：标注“*”项为省级可统计数据，有关数据可与各地分享。评估指标1：工伤保险参保人数请县人力资源和社会保障局填写。';

type PackDataElement = NonNullable<PlanInput['dataElements']>[number];

/** Data elements of the survey table: row 1 and every sub-item. */
export const dataElements: PackDataElement[] = [
  {
    id: 'workInjuryInsuredPersons',
    label: { zh: '工伤保险参保人数(人)', en: 'Persons enrolled in work-injury insurance' },
    valueType: 'count',
    aggregation: 'sum',
    unit: PERSONS,
  },
  ...SURVEY_TABLE.flatMap((row) =>
    row.subItems.map(
      (s): PackDataElement => ({
        id: s.dataElement,
        label: { zh: `${s.code} ${s.label.zh}`, en: `${s.code} ${s.label.en}` },
        valueType: 'count',
        aggregation: 'sum',
        unit: s.unit,
      }),
    ),
  ),
];

/** Rows whose figures are flows over the period (summed); the others are stocks (latest value). */
const FLOW_ROWS = new Set([6]);

const INDICATOR_LABELS: Record<string, Bilingual> = {
  'localPlanAdoption.prefecture': {
    zh: '制定职业病防治“十四五”规划的地级市比例(%)',
    en: 'Share of prefecture-level cities with a 14th-FYP occupational-disease plan',
  },
  'localPlanAdoption.county': {
    zh: '制定职业病防治“十四五”规划的县级县市区比例(%)',
    en: 'Share of county-level units with a 14th-FYP occupational-disease plan',
  },
  prefectureDiagnosisCoverage: {
    zh: '至少确定1家公立医疗卫生机构承担职业病诊断工作的设区的市比例(%)',
    en: 'Share of prefectures with at least one public diagnosis institution',
  },
  countyHealthExamCoverage: {
    zh: '至少确定1家公立医疗卫生机构承担职业健康检查工作的县区比例(%)',
    en: 'Share of counties with at least one public health-exam institution',
  },
};

function rowIndicator(row: SurveyRow, id: string): PackIndicator {
  const num = row.subItems.find((s) => s.indicator === id && s.role === 'numerator');
  const den = row.subItems.find((s) => s.indicator === id && s.role === 'denominator');
  if (!num || !den) throw new TypeError(`survey row ${row.no} lacks a sub-item of ${id}`);
  const mode = FLOW_ROWS.has(row.no) ? 'sum' : 'latest';
  return {
    id,
    label: INDICATOR_LABELS[id] ?? row.title,
    kind: 'proportion',
    numerator: { op: 'data-element', id: num.dataElement, mode },
    denominator: { op: 'data-element', id: den.dataElement, mode },
    numeratorLabel: { zh: `${num.code} ${num.label.zh}`, en: `${num.code} ${num.label.en}` },
    denominatorLabel: { zh: `${den.code} ${den.label.zh}`, en: `${den.code} ${den.label.en}` },
    unit: { zh: '%', en: '%' },
    forecast: HOLD_LATEST_DATA,
    source: yongqingSource(
      `附件1 附表 序号${row.no}${row.provincialStatistic ? '*' : ''}`,
      row.title.zh,
    ),
    note: {
      zh: `数据来源：${row.dataSource.zh}${row.provincialStatistic ? '（“*”：省级可统计数据，有关数据可与各地分享）' : ''}`,
      en: `Data source: ${row.dataSource.en}${row.provincialStatistic ? ' (*: provincial-level statistics, shareable with localities)' : ''}`,
    },
  };
}

const row1 = SURVEY_TABLE[0]!;

/** Indicators of the survey table (rows 1–6 and 8–10; row 7 is a narrative). */
export const indicators: PackIndicator[] = [
  {
    id: 'workInjuryInsuredCount',
    label: { zh: '工伤保险参保人数', en: 'Work-injury insurance enrolment' },
    kind: 'count',
    numerator: { op: 'data-element', id: 'workInjuryInsuredPersons', mode: 'latest' },
    numeratorLabel: { zh: '工伤保险参保人数(人)', en: 'Persons enrolled' },
    unit: PERSONS,
    aggregation: 'latest',
    source: yongqingSource('附件1 附表 序号1', row1.title.zh),
    note: {
      zh: '按年填报2020—2025年各年数值（每年一个数据值，期间为该年）；由县人力资源和社会保障局填写。',
      en: 'One value per year 2020–2025 (a data value per year); filled in by the county HR & social-security bureau.',
    },
  },
  ...SURVEY_TABLE.filter((r) => r.result === 'sub-items').flatMap((row) =>
    row.indicators.map((id) => rowIndicator(row, id)),
  ),
];
