/**
 * @module plans/henan-three-actions/forms
 * Forms named in 豫卫职健〔2024〕7号: the yearly SME assistance list (fields named in the text, no
 * form number) and the one-per-institution capability "tackling" plan (攻坚计划).
 */
import type { Form } from '../../indicator/schema.js';
import { henanSource } from './indicators.js';

/** The SME assistance list each prefecture reports by July 30 every year. */
export const smeAssistanceListForm: Form = {
  id: 'henan.sme-assistance.list',
  label: { zh: '中小微企业帮扶对象名单', en: 'SME assistance list' },
  source: henanSource(
    '附件2 二(三)',
    '各省辖市、济源示范区、航空港区于每年7月30日前将辖区内帮扶对象名单（含驻地、用人单位名称、主要危害因素、规模）报送省卫生健康委职业健康处',
  ),
  columns: [
    { id: 'location', label: { zh: '驻地', en: 'Location' }, type: 'text' },
    { id: 'employerName', label: { zh: '用人单位名称', en: 'Employer name' }, type: 'text' },
    {
      id: 'mainHazardFactors',
      label: { zh: '主要危害因素', en: 'Main hazard factors' },
      type: 'text',
    },
    { id: 'size', label: { zh: '规模', en: 'Size' }, type: 'size' },
  ],
  dueYearly: '07-30',
};

/** The capability "tackling" plan, one per institution (一单位一方案). */
export const improvementPlanForm: Form = {
  id: 'henan.institution.problem-ledger',
  label: {
    zh: '问题台账和能力提升“攻坚”计划',
    en: 'Problem ledger and capability improvement ("tackling") plan',
  },
  source: henanSource(
    '附件3 二(一)2',
    '按照“一单位一方案”的原则，制订能力提升“攻坚”计划，明确责任单位、目标任务、提升举措和完成时间',
  ),
  columns: [
    { id: 'responsibleUnit', label: { zh: '责任单位', en: 'Responsible unit' }, type: 'text' },
    { id: 'goals', label: { zh: '目标任务', en: 'Goals and tasks' }, type: 'text' },
    { id: 'measures', label: { zh: '提升举措', en: 'Measures' }, type: 'text' },
    { id: 'completionTime', label: { zh: '完成时间', en: 'Completion time' }, type: 'date' },
  ],
  due: ['2024-08-31'],
};

/** Forms of the Henan pack. */
export const forms: Form[] = [smeAssistanceListForm, improvementPlanForm];
