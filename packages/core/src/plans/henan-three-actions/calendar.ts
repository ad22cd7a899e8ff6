/**
 * @module plans/henan-three-actions/calendar
 * Reporting calendar of Henan's three actions 2024–2025 (seed 001, 豫卫职健〔2024〕7号, dated
 * 2024-07-01): deadlines, frequencies and phases of Annex 1 (declaration expansion), Annex 2 (SME
 * assistance) and Annex 3 (institution quality & compliance), each citing its clause.
 */
import type { CalendarNote, Obligation, Phase } from '../../calendar/index.js';
import { henanSource } from './indicators.js';

const src = henanSource;

const prefecture = {
  level: 'prefecture',
  actor: { zh: '各省辖市、济源示范区、航空港区', en: 'Prefectures, Jiyuan and the Airport Zone' },
} as const;
const ohDivision = {
  level: 'province',
  actor: { zh: '省卫生健康委职业健康处', en: 'Provincial Health Commission, OH Division' },
} as const;
const provinceCommission = {
  level: 'province',
  actor: { zh: '省卫生健康委', en: 'Provincial Health Commission' },
} as const;
const thirdHospital = {
  level: 'province',
  actor: {
    zh: '河南省第三人民医院（省职业病医院，省三院）',
    en: 'Henan Third Provincial People’s Hospital (OD hospital)',
  },
} as const;
const institutions = {
  level: 'prefecture',
  actor: { zh: '各级疾控中心、职业病防治院所', en: 'CDCs and OD-prevention institutes' },
} as const;

/** Reporting obligations of seed 001. */
export const henanObligations: readonly Obligation[] = [
  {
    id: 'henan.db-initial-screening',
    label: {
      zh: '省三院初筛建立“数据库”并反馈',
      en: 'Initial screening: hazard-employer database returned',
    },
    what: 'henan.hazard-employer-db',
    who: thirdHospital,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2024' },
    rule: { type: 'fixed-date', date: '2024-07-10' },
    source: src('附件1 二(一)1', '7月10日前，将“数据库”反馈至省卫生健康委职业健康处'),
  },
  {
    id: 'henan.db-verification',
    label: { zh: '“数据库”信息核实确认报送', en: 'Verified database information reported' },
    what: 'henan.hazard-employer-db.verification',
    who: prefecture,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2024' },
    rule: { type: 'fixed-date', date: '2024-09-01' },
    source: src('附件1 二(一)2', '并于9月1日前将核实确认信息报职业健康处'),
  },
  {
    id: 'henan.lead-verification',
    label: { zh: '线索1个月内核实确认', en: 'Verify a lead within one month' },
    what: 'henan.lead.verification',
    who: { level: 'county', actor: { zh: '各地（县区级）', en: 'Localities (county level)' } },
    toWhom: prefecture,
    periodType: 'event',
    rule: { type: 'relative', event: 'lead-found', amount: 1, unit: 'months' },
    source: src(
      '附件1 二(一)3',
      '各地发现可能存在职业病危害的用人单位后，要在1个月内完成相关线索核实确认',
    ),
  },
  {
    id: 'henan.db-supplement-quarterly',
    label: {
      zh: '“数据库”补充信息情况报告（每季度最后一个月30日前）',
      en: 'Database supplement report (by the 30th of each quarter’s last month)',
    },
    what: 'henan.hazard-employer-db.supplement',
    who: prefecture,
    toWhom: provinceCommission,
    periodType: 'quarter',
    periods: { from: '2024Q3', to: '2025Q4' },
    rule: { type: 'period-end-day', periodType: 'quarter', day: 30 },
    source: src(
      '附件1 二(一)3',
      '要在每个季度最后一个月30日前向省卫生健康委报告1次“数据库”补充信息情况',
    ),
  },
  {
    id: 'henan.declaration-work-report',
    label: { zh: '申报扩面行动工作报告', en: 'Declaration-expansion work report' },
    what: 'henan.declaration-expansion.report',
    who: prefecture,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2025' },
    rule: { type: 'yearly', month: 12, day: 10 },
    source: src(
      '附件1 三',
      '分别于2024年12月10日、2025年12月10日前将工作报告电子版（包含先进经验、典型案例等）报送省卫生健康委职业健康处',
    ),
  },
  {
    id: 'henan.sme-list',
    label: { zh: '中小微企业帮扶对象名单', en: 'SME assistance list' },
    what: 'henan.sme-assistance.list',
    who: prefecture,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2025' },
    rule: { type: 'yearly', month: 7, day: 30 },
    source: src(
      '附件2 二(三)',
      '于每年7月30日前将辖区内帮扶对象名单（含驻地、用人单位名称、主要危害因素、规模）报送省卫生健康委职业健康处',
    ),
  },
  {
    id: 'henan.sme-evaluation-report',
    label: { zh: '中小微企业帮扶评估总结工作报告', en: 'SME assistance evaluation report' },
    what: 'henan.sme-assistance.report',
    who: prefecture,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2025' },
    rule: { type: 'yearly', month: 12, day: 10 },
    source: src('附件2 三(三)', '分别于2024年12月10日、2025年12月10日前将工作报告电子版'),
  },
  {
    id: 'henan.institution-problem-ledger',
    label: { zh: '问题台账和“攻坚”计划报送', en: 'Problem ledger and “tackling” plan' },
    what: 'henan.institution.problem-ledger',
    who: institutions,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2024' },
    rule: { type: 'fixed-date', date: '2024-08-31' },
    source: src('附件3 三(二)', '于2024年8月31日前将相关信息报省卫生健康委职业健康处'),
  },
  {
    id: 'henan.institution-work-report',
    label: { zh: '提质合规行动工作报告', en: 'Institution-action work report' },
    what: 'henan.institution-action.report',
    who: prefecture,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2025' },
    rule: { type: 'yearly', month: 12, day: 10 },
    source: src('附件3 三(四)', '分别于2024年12月10日、2025年12月10日前将工作报告电子版'),
  },
  {
    id: 'henan.confirmed-institution-list',
    label: {
      zh: '全省确认机构名单（2024年底）',
      en: 'List of capability-confirmed institutions (end-2024)',
    },
    what: 'henan.capability-confirmation.list',
    who: thirdHospital,
    toWhom: ohDivision,
    periodType: 'year',
    periods: { from: '2024', to: '2024' },
    rule: { type: 'end-of-month', month: 12 },
    source: src(
      '附件3 二(二)3',
      '省三院要于2024年底及启动2025年职业病防治项目前，分别将全省确认机构名单报送',
    ),
  },
  {
    id: 'henan.qc-coverage-two-years',
    label: {
      zh: '职业健康检查、职业病诊断机构质控覆盖率每两年达到100%',
      en: 'QC coverage of exam and diagnosis orgs reaches 100 % every two years',
    },
    what: 'henan.qc-coverage',
    who: {
      level: 'province',
      actor: { zh: '省卫生健康委、省疾控局', en: 'Provincial health commission and CDC bureau' },
    },
    toWhom: provinceCommission,
    periodType: 'span',
    // The action's own two years 2024–2025 form the first cycle.
    periods: { from: '2024/2025', to: '2024/2025' },
    rule: { type: 'every-n-years', base: '2025-12-31', n: 2 },
    source: src('附件3 一(四)', '质控覆盖率每两年达到100%'),
  },
];

/** Phases (实施步骤) of seed 001. */
export const henanPhases: readonly Phase[] = [
  {
    id: 'henan.db.info-compilation',
    label: { zh: '用人单位基础信息初筛（7月份）', en: 'Employer information compiled (July)' },
    action: 'henan.declaration-expansion',
    windows: [{ start: '2024-07', end: '2024-07' }],
    source: src('附件1 二(一)1', '7月份，省卫生健康委将整理从相关部门获取的工业领域用人单位信息'),
  },
  {
    id: 'henan.sme.mobilisation',
    label: { zh: '动员部署阶段', en: 'Mobilisation and deployment' },
    action: 'henan.sme-assistance',
    windows: [{ start: '2024-07', end: '2024-07' }],
    source: src('附件2 三(一)', '动员部署阶段（2024年7月）'),
  },
  {
    id: 'henan.sme.implementation',
    label: { zh: '工作实施阶段', en: 'Implementation' },
    action: 'henan.sme-assistance',
    windows: [{ start: '2024-08', end: '2025-10' }],
    source: src('附件2 三(二)', '工作实施阶段（2024年8月—2025年10月）'),
  },
  {
    id: 'henan.sme.summary',
    label: { zh: '总结评估阶段', en: 'Summary and evaluation' },
    action: 'henan.sme-assistance',
    windows: [
      { start: '2024-12', end: '2024-12' },
      { start: '2025-11', end: '2025-12' },
    ],
    source: src('附件2 三(三)', '总结评估阶段（2024年12月、2025年11—12月）'),
  },
  {
    id: 'henan.institution.mobilisation',
    label: { zh: '动员部署', en: 'Mobilisation and deployment' },
    action: 'henan.institution-quality',
    windows: [{ start: '2024-07', end: '2024-07' }],
    source: src('附件3 三(一)', '动员部署（2024年7月）'),
  },
  {
    id: 'henan.institution.self-check',
    label: { zh: '梳理自查', en: 'Self-check' },
    action: 'henan.institution-quality',
    windows: [{ start: '2024-07', end: '2024-09' }],
    source: src('附件3 三(二)', '梳理自查（2024年7—9月）'),
  },
  {
    id: 'henan.institution.rectification',
    label: { zh: '提质整改', en: 'Quality-improvement rectification' },
    action: 'henan.institution-quality',
    windows: [{ start: '2024-09', end: '2025-10' }],
    source: src('附件3 三(三)', '提质整改（2024年9月—2025年10月）'),
  },
  {
    id: 'henan.institution.summary',
    label: { zh: '总结评估', en: 'Summary and evaluation' },
    action: 'henan.institution-quality',
    windows: [
      { start: '2024-12', end: '2024-12' },
      { start: '2025-11', end: '2025-12' },
    ],
    source: src('附件3 三(四)', '总结评估（2024年12月、2025年11—12月）'),
  },
];

/** Duties of seed 001 without a computable date. */
export const henanCalendarNotes: readonly CalendarNote[] = [
  {
    id: 'henan.system-cross-check',
    label: {
      zh: '信息系统数据比对（每季度1次）',
      en: 'Information-system cross-check (once a quarter)',
    },
    // Not a report with a deadline: the seed sets the quota, not when or to whom it is reported.
    when: {
      zh: '每个季度1次（未规定日期，不是季末报送时限）',
      en: 'Once a quarter (no date given: not a quarter-end deadline)',
    },
    source: src('附件1 二(一)3(3)', '每个季度进行1次信息比对'),
  },
  {
    id: 'henan.monitoring-guidance-yearly',
    label: {
      zh: '每年到50家以上用人单位开展技术指导、帮扶',
      en: 'Technical guidance at 50+ employers each year',
    },
    // Not a report with a deadline: the seed sets the quota, not when or to whom it is reported.
    when: {
      zh: '每年（未规定日期，不是12月31日报送）',
      en: 'Yearly (no date given: not a report due 12-31)',
    },
    source: src('附件3 二(三)1', '每年要到50家以上用人单位开展技术指导、帮扶等工作'),
  },
  {
    id: 'henan.tech-service-qc-yearly',
    label: {
      zh: '技术服务机构每年1次检测能力比对、不少于40%质量监测',
      en: 'Tech-service orgs: yearly proficiency comparison, ≥40 % quality monitoring',
    },
    // Not a report with a deadline: the seed sets the quota, not when or to whom it is reported.
    when: {
      zh: '每年（未规定日期，不是12月31日报送）',
      en: 'Yearly (no date given: not a report due 12-31)',
    },
    source: src('附件3 二(三)2', '每年开展1次检测能力比对，每年选取不少于40%的机构开展质量监测'),
  },
  {
    id: 'henan.health-exam-qc-yearly',
    label: {
      zh: '职业健康检查机构每年1次质控，省级不少于50%',
      en: 'Health-exam orgs: yearly QC, ≥50 % at provincial level',
    },
    // Not a report with a deadline: the seed sets the quota, not when or to whom it is reported.
    when: {
      zh: '每年（未规定日期，不是12月31日报送）',
      en: 'Yearly (no date given: not a report due 12-31)',
    },
    source: src(
      '附件3 二(三)3',
      '对所有职业健康检查机构，每年开展1次质控活动。省级按照每年不少于50%的比例',
    ),
  },
  {
    id: 'henan.out-of-province-sampling-yearly',
    label: {
      zh: '来豫外地机构每年抽查不少于50%',
      en: 'Out-of-province orgs: ≥50 % sampled each year',
    },
    // Not a report with a deadline: the seed sets the quota, not when or to whom it is reported.
    when: {
      zh: '每年（未规定日期，不是12月31日报送）',
      en: 'Yearly (no date given: not a report due 12-31)',
    },
    source: src(
      '附件3 二(四)3',
      '省三院要对来豫开展技术服务的外地机构开展质量控制，每年抽查比例不少于50%',
    ),
  },
  {
    id: 'henan.confirmed-institution-list-2025',
    label: {
      zh: '全省确认机构名单（2025年）',
      en: 'List of capability-confirmed institutions (2025)',
    },
    when: { zh: '启动2025年职业病防治项目前', en: 'Before the 2025 OD-prevention projects start' },
    source: src('附件3 二(二)3', '及启动2025年职业病防治项目前'),
  },
  {
    id: 'henan.qc-problem-look-back',
    label: {
      zh: '质控问题台账定期“回头看”，动态实时销号，市级现场复核',
      en: 'QC problem ledger: periodic look-back, real-time closure, on-site re-check by prefecture',
    },
    when: { zh: '定期', en: 'Periodically (no frequency given)' },
    source: src('附件3 二(三)4', '建立质控问题台账，定期开展“回头看”，实行动态实时销号'),
  },
  {
    id: 'henan.annual-supervision-plan',
    label: { zh: '制定年度监督检查计划', en: 'Annual supervision-inspection plan' },
    when: { zh: '每年（未规定日期）', en: 'Yearly (no date given)' },
    source: src('附件3 二(四)1', '制定年度监督检查计划'),
  },
  {
    id: 'henan.institution-action-key-task',
    label: {
      zh: '提质合规行动作为2024年和2025年重点工作任务',
      en: 'Institution action is a key task of 2024 and 2025',
    },
    when: { zh: '2024年和2025年', en: '2024 and 2025' },
    source: src('附件3 四(一)', '作为2024年和2025年的重点工作任务'),
  },
];
