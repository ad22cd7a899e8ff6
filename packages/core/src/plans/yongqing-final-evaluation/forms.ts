/**
 * @module plans/yongqing-final-evaluation/forms
 * Forms of the Yongqing final evaluation (seed 003): the quantitative indicator survey table
 * (附件1 附表), the county self-evaluation report outline (附件1), the department self-evaluation
 * outline (附件2), the contact receipt (附件4) and the 2025 joint-task table.
 */
import type { Form } from '../../indicator/schema.js';
import { JOINT_TASKS_2025, JOINT_TASKS_DOC } from './checklists.js';
import { SURVEY_TABLE, SURVEY_TABLE_NOTE, yongqingSource } from './indicators.js';

/** 附件1 附表: 河北职业病防治规划(2021-2025年)定量指标调查表. */
export const surveyTableForm: Form = {
  id: 'yongqing.survey-table',
  label: {
    zh: '河北职业病防治规划(2021-2025年)定量指标调查表',
    en: 'Hebei occupational-disease prevention plan (2021–2025) quantitative indicator survey table',
  },
  source: yongqingSource('附件1 附表'),
  columns: [
    { id: 'no', label: { zh: '序号', en: 'No.' }, type: 'seq' },
    { id: 'indicator', label: { zh: '评估指标', en: 'Indicator' }, type: 'text' },
    { id: 'dataSource', label: { zh: '数据来源', en: 'Data source' }, type: 'text' },
    { id: 'result', label: { zh: '结果', en: 'Result' }, type: 'text' },
  ],
  rows: SURVEY_TABLE,
  footnote: SURVEY_TABLE_NOTE,
  note: {
    zh: '表中无目标值，只收集结果；子项按角色（分子/分母）建模，第3、4行先列分母。',
    en: 'The table gives no target values; sub-items are modelled by role (rows 3 and 4 list the denominator first).',
  },
};

/** 附件1: the county self-evaluation report outline. */
export const countySelfEvaluationForm: Form = {
  id: 'yongqing.county-self-evaluation',
  label: { zh: '县级自评估报告编制要求', en: 'County self-evaluation report outline' },
  source: yongqingSource('附件1 二'),
  sections: [
    { no: 1, zh: '评估工作总体情况', en: 'Overall evaluation work' },
    { no: 2, zh: '主要目标指标完成情况', en: 'Completion of the main target indicators' },
    { no: 3, zh: '主要任务完成情况', en: 'Completion of the main tasks' },
    { no: 4, zh: '存在问题和困难', en: 'Problems and difficulties' },
    { no: 5, zh: '工作创新情况', en: 'Innovations' },
    { no: 6, zh: '对“十五五”《规划》编制的意见建议', en: 'Suggestions for the 15th-FYP plan' },
  ],
  annexes: [
    {
      no: 1,
      zh: '定量指标调查表(附表)',
      en: 'Quantitative indicator survey table',
      form: 'yongqing.survey-table',
    },
    {
      no: 2,
      zh: '反映《规划》落实成效的相关文件，工作记录等材料',
      en: 'Documents and work records evidencing implementation',
    },
  ],
};

/** 附件2: the department self-evaluation outline (members and the county administrative-approval bureau). */
export const departmentSelfEvaluationForm: Form = {
  id: 'yongqing.department-self-evaluation',
  label: { zh: '部门自评估材料编制要求', en: 'Department self-evaluation outline' },
  source: yongqingSource(
    '三(一)',
    '县职业病防治工作局际联席会议成员单位、县行政审批局……形成评估材料(要求见附件2),于2025年6月10日前提供给县卫生健康局',
  ),
  sections: [
    { no: 1, zh: '本部门主要工作职责和任务分工', en: 'Duties and task division of the department' },
    {
      no: 2,
      zh: '分工任务落实情况(包括工作举措、取得成效等)',
      en: 'Implementation (measures and results)',
    },
    { no: 3, zh: '存在问题和困难', en: 'Problems and difficulties' },
    { no: 4, zh: '工作创新情况', en: 'Innovations' },
    { no: 5, zh: '对“十五五”《规划》编制的意见建议', en: 'Suggestions for the 15th-FYP plan' },
  ],
  annexes: [
    {
      no: 1,
      zh: '反映《规划》落实成效的相关文件，工作记录等材料',
      en: 'Supporting documents and work records',
    },
  ],
  due: ['2025-06-10'],
  respondents: {
    zh: '联席会议16个成员单位及县行政审批局（非成员单位）',
    en: 'The 16 joint-meeting members and the county administrative-approval bureau (not a member)',
  },
};

/** 附件4: 工作联系人回执 (contact receipt). */
export const contactReceiptForm: Form = {
  id: 'yongqing.contact-receipt',
  label: { zh: '工作联系人回执', en: 'Contact receipt' },
  source: yongqingSource('附件4'),
  columns: [
    { id: 'department', label: { zh: '部门', en: 'Department' }, type: 'text' },
    { id: 'name', label: { zh: '姓名', en: 'Name' }, type: 'text' },
    { id: 'post', label: { zh: '职务', en: 'Post' }, type: 'text' },
    { id: 'contact', label: { zh: '联系方式', en: 'Contact' }, type: 'text' },
  ],
};

/** The 2025 joint tasks with owners and deadlines (the checklist holds only the items). */
export const jointTasksForm: Form = {
  id: 'yongqing.joint-tasks-2025',
  label: { zh: '局际联席会议2025年联合开展工作事项', en: 'Joint-meeting joint tasks for 2025' },
  source: { doc: JOINT_TASKS_DOC, seed: '003' },
  columns: [
    { id: 'no', label: { zh: '序号', en: 'No.' }, type: 'seq' },
    { id: 'title', label: { zh: '工作事项', en: 'Task' }, type: 'text' },
    { id: 'owners', label: { zh: '责任单位', en: 'Owners' }, type: 'text' },
    { id: 'due', label: { zh: '完成时限', en: 'Deadline' }, type: 'date' },
  ],
  rows: JOINT_TASKS_2025,
};

/** Forms of the Yongqing pack. */
export const forms: Form[] = [
  surveyTableForm,
  countySelfEvaluationForm,
  departmentSelfEvaluationForm,
  contactReceiptForm,
  jointTasksForm,
];
