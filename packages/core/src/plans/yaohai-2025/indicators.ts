/**
 * @module plans/yaohai-2025/indicators
 * Indicators of the Yaohai District 2025 occupational-health key points (瑶海区2025年职业健康工作要点,
 * seed 000 — the drafting note, which states the district's quantified 2025 targets).
 */
import type { SourceRef } from '../../indicator/schema.js';
import { citeSeed } from '../shared/cite.js';
import { type PackIndicator, smeCoreRateIndicators } from '../shared/sme-rates.js';

/** Short title of the document. */
export const YAOHAI_DOC = '瑶海区2025年职业健康工作要点';

/** GB/T 2260 code of 瑶海区 (Hefei, Anhui). */
export const YAOHAI_REGION = '340102';

/**
 * Assistance programme id for the SME assistance action as run in Anhui / Hefei (the seed names
 * the action, not a programme id; this id is a convention of this pack).
 */
export const YAOHAI_PROGRAMME = 'anhui-sme-assistance';

/** A citation of the key points' drafting note (seed 000). */
export const yaohaiSource = citeSeed(YAOHAI_DOC, '000');

/** Clause of board 1 (源头治理), item 2: construction-project supervision. */
export const BOARD1_PROJECTS = '三 第一板块 二';
/** Clause of board 1, item 3: the three actions. */
export const BOARD1_ACTIONS = '三 第一板块 三';
/** Clause of board 3 (培训宣传), item 3: OH protection action. */
export const BOARD3_PROTECTION = '三 第三板块 三';
/** Clause of board 3, item 4: complaints and inspections. */
export const BOARD3_COMPLAINTS = '三 第三板块 四';

const PROJECTS_QUOTE = '明确2025年度完成“三同时”项目4个、现状评价5家、检测评价20家的量化目标';

function countFacts(
  id: string,
  label: { zh: string; en: string },
  unit: { zh: string; en: string },
  numerator: PackIndicator['numerator'],
  source: SourceRef,
  note?: { zh: string; en: string },
): PackIndicator {
  return {
    id,
    label,
    kind: 'count',
    numerator,
    numeratorLabel: label,
    unit,
    aggregation: 'sum',
    levels: ['county'],
    source,
    ...(note ? { note } : {}),
  };
}

/** Indicators of the Yaohai pack. */
export const indicators: PackIndicator[] = [
  countFacts(
    'tsProjectsCompleted',
    { zh: '完成“三同时”项目数', en: 'Three-simultaneities projects completed' },
    { zh: '个', en: 'projects' },
    {
      op: 'count-facts',
      kind: 'three-simultaneities',
      where: [{ field: 'stage', op: 'eq', value: 'completion-acceptance' }],
      distinct: 'project',
    },
    yaohaiSource(BOARD1_PROJECTS, PROJECTS_QUOTE),
    {
      zh: '按项目计数：有竣工验收（控制效果评价）环节记录的项目计一个完成项目，同一项目多条记录只计一次；原文未定义“完成”。',
      en: 'Counted by project: a project with a completion-acceptance record counts as one completed project, however many records it has; the seed does not define "completed".',
    },
  ),
  countFacts(
    'statusEvaluations',
    { zh: '现状评价用人单位数', en: 'Employers with a status evaluation' },
    { zh: '家', en: 'employers' },
    {
      op: 'count-facts',
      kind: 'hazard-evaluation',
      where: [{ field: 'evaluationType', op: 'eq', value: 'status' }],
      distinct: 'employer',
    },
    yaohaiSource(BOARD1_PROJECTS, PROJECTS_QUOTE),
  ),
  countFacts(
    'testingEvaluations',
    { zh: '检测评价用人单位数', en: 'Employers with a testing evaluation' },
    { zh: '家', en: 'employers' },
    {
      op: 'count-facts',
      kind: 'hazard-evaluation',
      where: [{ field: 'evaluationType', op: 'eq', value: 'testing' }],
      distinct: 'employer',
    },
    yaohaiSource(BOARD1_PROJECTS, PROJECTS_QUOTE),
  ),
  ...smeCoreRateIndicators(
    YAOHAI_PROGRAMME,
    yaohaiSource(
      BOARD1_ACTIONS,
      '明确帮扶企业四项核心指标（申报率、检测率、体检率、培训率）均达到100%',
    ),
  ),
  countFacts(
    'healthyEnterprisesCreated',
    { zh: '创建市级“健康企业”数', en: 'Municipal-level Healthy Enterprises created' },
    { zh: '家', en: 'enterprises' },
    {
      op: 'count-facts',
      kind: 'award',
      where: [
        { field: 'awardType', op: 'eq', value: 'healthy-enterprise' },
        { field: 'level', op: 'eq', value: 'prefecture' },
      ],
    },
    yaohaiSource(BOARD3_PROTECTION, '创建市级“健康企业”不少于1家'),
    { zh: '市级即合肥市（地级）。', en: 'Municipal = Hefei, a prefecture-level city.' },
  ),
  countFacts(
    'ohChampions',
    { zh: '培育“职业健康达人”数', en: 'Occupational-health champions cultivated' },
    { zh: '人', en: 'persons' },
    {
      op: 'count-facts',
      kind: 'award',
      where: [{ field: 'awardType', op: 'eq', value: 'oh-champion' }],
    },
    yaohaiSource(BOARD3_PROTECTION, '培育“职业健康达人”不少于5人'),
  ),
  countFacts(
    'enterprisesInspected',
    { zh: '检查企业数', en: 'Enterprises inspected' },
    { zh: '家', en: 'enterprises' },
    {
      op: 'count-facts',
      kind: 'inspection',
      where: [{ field: 'employer', op: 'exists' }],
      distinct: 'employer',
    },
    yaohaiSource(BOARD3_COMPLAINTS, '全年检查企业不少于60家'),
  ),
  {
    id: 'complaintResponseRate',
    label: { zh: '举报查处和回复率', en: 'Complaints investigated and answered' },
    kind: 'proportion',
    numerator: {
      op: 'count-facts',
      kind: 'complaint',
      where: [
        { field: 'investigated', op: 'eq', value: true },
        { field: 'repliedOn', op: 'lte', value: { ref: 'reference-date' } },
      ],
    },
    denominator: { op: 'count-facts', kind: 'complaint' },
    numeratorLabel: {
      zh: '已查处且截至基准日已回复的举报数',
      en: 'Complaints investigated and answered by the reference date',
    },
    denominatorLabel: { zh: '期内收到的举报数', en: 'Complaints received in the period' },
    unit: { zh: '%', en: '%' },
    levels: ['county'],
    source: yaohaiSource(BOARD3_COMPLAINTS, '确保每起举报必有查处和回复'),
    note: {
      zh: '“查处”与“回复”两项均须满足。',
      en: 'Both conditions are required: investigated and answered.',
    },
  },
];
