/**
 * @module plans/yunnan-sme-assistance/forms
 * The three tables of seed 004: 附表1 task table, 附表2 enterprise list, 附表3 progress table,
 * with their columns in the seed's order. Every column has an `id` (the field name a report or an
 * import uses), a bilingual label and, for 附表3, the header group it sits under.
 */
import type { Form } from '../../indicator/schema.js';
import { yunnanSource } from './indicators.js';

/** A form column. */
export interface FormColumn {
  /** Field id. */
  readonly id: string;
  /** Header text as printed, and English. */
  readonly label: { readonly zh: string; readonly en: string };
  /** Header group (multi-row header), when the column sits under one. */
  readonly group?: string;
  /** Value type. */
  readonly type: 'seq' | 'text' | 'count' | 'boolean' | 'status' | 'region' | 'size' | 'code';
}

/** Header fields shared by 附表2 and 附表3 (above the table). */
const HEADER = [
  { id: 'reportingUnit', label: { zh: '单位名称（盖章）', en: 'Reporting unit (stamp)' } },
  { id: 'preparer', label: { zh: '填表人及联系方式', en: 'Preparer and contact' } },
  { id: 'filledOn', label: { zh: '填表日期', en: 'Date filled' } },
];

const taskTableColumns: FormColumn[] = [
  { id: 'prefecture', label: { zh: '州市', en: 'Prefecture' }, type: 'region' },
  {
    id: 'countyCount',
    label: { zh: '辖区县（市、区）数量', en: 'Counties in the prefecture' },
    type: 'count',
  },
  {
    id: 'taskCount',
    label: { zh: '帮扶企业任务数（家）', en: 'Enterprises to assist' },
    type: 'count',
  },
];

const enterpriseListColumns: FormColumn[] = [
  { id: 'seq', label: { zh: '序号', en: 'No.' }, type: 'seq' },
  { id: 'prefecture', label: { zh: '州（市）', en: 'Prefecture' }, type: 'region' },
  { id: 'county', label: { zh: '县（市、区）', en: 'County' }, type: 'region' },
  { id: 'enterpriseName', label: { zh: '企业名称', en: 'Enterprise name' }, type: 'text' },
  { id: 'industryName', label: { zh: '企业所属行业', en: 'Industry' }, type: 'text' },
  { id: 'size', label: { zh: '企业规模', en: 'Enterprise size' }, type: 'size' },
  {
    id: 'creditCode',
    label: { zh: '统一社会信用代码', en: 'Unified social credit code' },
    type: 'code',
  },
  { id: 'industryCode', label: { zh: '行业编码', en: 'Industry code' }, type: 'code' },
];

const RESP = 'employerResponsibility';
const WORK = 'assistanceWork';

const progressColumns: FormColumn[] = [
  { id: 'seq', label: { zh: '序号', en: 'No.' }, type: 'seq' },
  { id: 'prefecture', label: { zh: '州市', en: 'Prefecture' }, type: 'region' },
  { id: 'county', label: { zh: '县区', en: 'County' }, type: 'region' },
  { id: 'enterpriseName', label: { zh: '企业名称', en: 'Enterprise name' }, type: 'text' },
  {
    id: 'declared',
    label: { zh: '职业病危害项目申报', en: 'Hazard declaration' },
    group: RESP,
    type: 'status',
  },
  {
    id: 'periodicTested',
    label: { zh: '职业病危害因素定期检测', en: 'Periodic hazard testing' },
    group: RESP,
    type: 'status',
  },
  {
    id: 'healthExamined',
    label: { zh: '职业健康检查', en: 'Occupational health exam' },
    group: RESP,
    type: 'status',
  },
  {
    id: 'trained',
    label: { zh: '职业健康培训', en: 'Occupational-health training' },
    group: RESP,
    type: 'status',
  },
  {
    id: 'hazardIdentificationDone',
    label: { zh: '是否开展职业病危害因素辨识', en: 'Hazard identification done?' },
    group: WORK,
    type: 'boolean',
  },
  {
    id: 'managementSystemEstablished',
    label: { zh: '是否建立职业健康管理制度', en: 'Management system established?' },
    group: WORK,
    type: 'boolean',
  },
  {
    id: 'noticeAndPpeGuidanceDone',
    label: {
      zh: '是否开展现场职业病危害告知和防护用品配置指导',
      en: 'On-site notification and PPE guidance done?',
    },
    group: WORK,
    type: 'boolean',
  },
  {
    id: 'trainingHeld',
    label: { zh: '是否举办职业健康培训', en: 'Training held?' },
    group: WORK,
    type: 'boolean',
  },
  {
    id: 'protectiveFacilitiesSet',
    label: { zh: '是否设置职业病防护设施', en: 'Protective facilities set up?' },
    group: WORK,
    type: 'boolean',
  },
  {
    id: 'exceedingPostGovernanceDone',
    label: { zh: '是否开展超标岗位职业病危害治理', en: 'Exceeding-post governance done?' },
    group: WORK,
    type: 'boolean',
  },
  {
    id: 'problemsFound',
    label: { zh: '发现帮扶企业问题数', en: 'Problems found' },
    group: WORK,
    type: 'count',
  },
  {
    id: 'rectificationStatus',
    label: { zh: '企业整改落实情况', en: 'Rectification status' },
    group: WORK,
    type: 'text',
  },
];

/** 附表1: the task table (allocation `yunnan-task-table-2024` / `-2025`). */
export const taskTableForm: Form = {
  id: 'yunnan-sme.task-table',
  label: { zh: '云南省中小微企业职业健康帮扶任务表', en: 'Yunnan SME assistance task table' },
  source: yunnanSource('附表1'),
  columns: taskTableColumns,
  totalRow: { zh: '合计', en: 'Total' },
  allocations: ['yunnan-task-table-2024', 'yunnan-task-table-2025'],
};

/** 附表2: the list of assisted enterprises. */
export const enterpriseListForm: Form = {
  id: 'yunnan-sme.enterprise-list',
  label: {
    zh: '云南省中小微企业职业健康帮扶企业清单',
    en: 'Yunnan SME assistance enterprise list',
  },
  source: yunnanSource(
    '附表2',
    '请各州（市）确定辖区帮扶名单，2024年8月30日、2025年5月10日前报省卫生健康委。',
  ),
  header: HEADER,
  columns: enterpriseListColumns,
  due: ['2024-08-30', '2025-05-10'],
};

/** 附表3: the progress table (16 columns: 4 + 4 under 主体责任落实情况 + 8 under 工作开展情况). */
export const progressForm: Form = {
  id: 'yunnan-sme.progress-table',
  label: {
    zh: '云南省中小微企业职业健康帮扶行动进度表',
    en: 'Yunnan SME assistance progress table',
  },
  source: yunnanSource(
    '附表3',
    '州、市卫生健康委汇总后，分别于2024年12月15日前、2025年7月10日、12月15日前报省卫生健康委。',
  ),
  header: HEADER,
  groups: [
    { id: RESP, label: { zh: '职业病防治主体责任落实情况', en: "Employer's responsibilities" } },
    { id: WORK, label: { zh: '工作开展情况', en: 'Assistance work done' } },
  ],
  columns: progressColumns,
  due: ['2024-12-15', '2025-07-10', '2025-12-15'],
  note: {
    zh: '“是否设置职业病防护设施”不属于“五个一”；第5—8列取值类型原文未规定。',
    en: '"Protective facilities set up?" is not one of the Five Ones; the seed does not say what columns 5–8 hold.',
  },
};

/** Forms of the Yunnan pack. */
export const forms: Form[] = [taskTableForm, enterpriseListForm, progressForm];
