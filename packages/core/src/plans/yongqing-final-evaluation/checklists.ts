/**
 * @module plans/yongqing-final-evaluation/checklists
 * The Yongqing county joint meeting (永清县职业病防治工作局际联席会议, seed 003): its 16 member
 * departments with their duties, and the 12 joint tasks for 2025 with their owners. Owners are
 * member ids; the seed's drifting names (task 7 "县生态环境局", task 10 "县教育局") are mapped to
 * the members `ecology` and `education`.
 */
import type { Bilingual, Checklist, SourceRef } from '../../indicator/schema.js';

/** The joint meeting's work rules (附件1 of the 2025-04-07 notice). */
export const JOINT_MEETING_RULES_DOC = '永清县职业病防治工作局际联席会议工作规则';
/** The 2025 joint task list (附件2 of the 2025-04-07 notice). */
export const JOINT_TASKS_DOC = '永清县职业病防治工作局际联席会议2025年联合开展工作事项';

function rules(clause: string, quote?: string): SourceRef {
  return quote === undefined
    ? { doc: JOINT_MEETING_RULES_DOC, clause, seed: '003' }
    : { doc: JOINT_MEETING_RULES_DOC, clause, seed: '003', quote };
}

function tasks(clause: string, quote: string): SourceRef {
  return { doc: JOINT_TASKS_DOC, clause, seed: '003', quote };
}

/** A member department of the joint meeting. */
export interface JointMeetingMember {
  /** Identifier (DOMAIN.md §6.3). */
  readonly id: string;
  /** Name as listed in 二(一), and English. */
  readonly name: Bilingual;
  /** Clause of its duty in 三. */
  readonly dutyClause: string;
  /** Its duty, quoted. */
  readonly duty: string;
}

const CN = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
];

function m(i: number, id: string, zh: string, en: string, duty: string): JointMeetingMember {
  return { id, name: { zh, en }, dutyClause: `三(${CN[i - 1]})`, duty };
}

/** The 16 member departments, in the order of 二(一) and 三. */
export const JOINT_MEETING_MEMBERS: readonly JointMeetingMember[] = [
  m(
    1,
    'health',
    '县卫生健康局',
    'County Health Bureau',
    '负责拟订职业卫生、放射卫生相关政策、标准并组织实施；开展重点职业病监测、专项调查、职业健康风险评估和职业人群健康管理工作；协调开展职业病防治工作；承担职业病防治工作局际联席会议办公室工作；负责制定职业卫生、放射卫生监督相关规范、计划方案并组织实施。组织指导地方依法开展职责范围内的职业卫生、放射卫生监督检查工作，依法组织查处重大违法行为。',
  ),
  m(
    2,
    'publicity',
    '县委宣传部',
    'Publicity Department of the County Party Committee',
    '负责组织新闻媒体做好职业病防治宣传舆论引导和监督工作。',
  ),
  m(
    3,
    'devReform',
    '县发展和改革局',
    'Development and Reform Bureau',
    '负责会同有关行业管理部门积极调整产业政策，限制和减少职业病危害严重的落后技术、工艺、设备和材料的使用，支持职业病防治和职业病诊疗救治康复机构的基础设施建设。',
  ),
  m(
    4,
    'education',
    '县教育和体育局',
    'Education and Sports Bureau',
    '负责统筹指导各类学校开展职业健康教育，培养职业健康教育人才。',
  ),
  m(
    5,
    'industryIt',
    '县科学技术和工业信息化局',
    'Science, Technology, Industry and IT Bureau',
    '负责发挥行业管理职能作用，在行业规划、标准规范、技术改造、产业转型升级、中小企业帮扶等方面统筹考虑职业健康工作，促进企业提高职业健康工作水平。',
  ),
  m(
    6,
    'civilAffairs',
    '县民政局',
    'Civil Affairs Bureau',
    '负责对符合条件的职业病病人开展基本生活救助工作。',
  ),
  m(
    7,
    'finance',
    '县财政局',
    'Finance Bureau',
    '负责指导各地按规定落实职业病防治相关政府补助政策，统筹安排职业病防治工作经费，并配合有关部门督促指导县属企业依法开展职业病防治工作。',
  ),
  m(
    8,
    'hrss',
    '县人力资源和社会保障局',
    'Human Resources and Social Security Bureau',
    '负责制定工伤保险政策、标准，并组织实施，确保包括患职业病的职工在内的参保人员工伤保险权益。',
  ),
  m(
    9,
    'ecology',
    '廊坊市生态环境局永清县分局',
    'Langfang Ecology and Environment Bureau, Yongqing Branch',
    '负责涉核工作场所和工作环境的核与辐射安全监督管理。',
  ),
  m(
    10,
    'housing',
    '县住房和城乡建设局',
    'Housing and Urban-Rural Development Bureau',
    '负责在职责范围内指导和规范房屋建筑和市政基础设施工程施工活动中职业病防治工作。',
  ),
  m(
    11,
    'emergency',
    '县应急管理局',
    'Emergency Management Bureau',
    '负责配合有关部门做好化工、工贸等行业的职业健康管理及安康杯竞赛等工作。',
  ),
  m(
    12,
    'tax',
    '县税务局',
    'Taxation Bureau',
    '负责组织指导工伤保险费征收管理工作；督促用人单位依法缴纳工伤保险费用。',
  ),
  m(
    13,
    'marketRegulation',
    '县市场监督管理局',
    'Market Regulation Bureau',
    '负责按照三定方案和网络平台权限配合县卫生健康局等部门，通过国家企业信用信息公示系统（河北）公示相关行政处罚等涉企信息，依法依规开展职业健康社会信用体系建设。',
  ),
  m(
    14,
    'medicalInsurance',
    '县医疗保障局',
    'Healthcare Security Bureau',
    '负责指导各地落实相关医疗保障政策实施综合保障。',
  ),
  m(
    15,
    'tradeUnion',
    '县总工会',
    'County Federation of Trade Unions',
    '负责依法对职业健康工作进行监督，参与职业病危害事故调查处理，反映劳动者职业健康方面的诉求，提出意见和建议，维护劳动者合法权益。',
  ),
  m(
    16,
    'transport',
    '县交通运输局',
    'Transport Bureau',
    '负责配合有关部门督促交通运输相关行业依法开展职业病防治工作。',
  ),
];

/** "All members" as an owner list. */
const ALL = JOINT_MEETING_MEMBERS.map((x) => x.id);

/** One joint task for 2025. */
export interface JointTask {
  /** Identifier. */
  readonly id: string;
  /** Number as printed (一 … 十二 → 1 … 12). */
  readonly no: number;
  /** Title, and English. */
  readonly title: Bilingual;
  /** Owner member ids, in the printed order. */
  readonly owners: readonly string[];
  /** Owners as printed in the parenthesis. */
  readonly ownersAsPrinted: string;
  /** Deadline as printed, when there is one. */
  readonly dueAsPrinted?: string;
  /** Deadline as a date (中旬 read as the 20th, 年底 as 12-31). */
  readonly due?: string;
}

function task(
  no: number,
  id: string,
  zh: string,
  en: string,
  owners: readonly string[],
  ownersAsPrinted: string,
  due?: { asPrinted: string; date: string },
): JointTask {
  return {
    id,
    no,
    title: { zh, en },
    owners,
    ownersAsPrinted,
    ...(due ? { dueAsPrinted: due.asPrinted, due: due.date } : {}),
  };
}

/** The 12 joint tasks for 2025, in the seed's order. */
export const JOINT_TASKS_2025: readonly JointTask[] = [
  task(
    1,
    'finalEvaluation',
    '开展《永清县职业病防治规划(2021-2025 年)》终期评估工作',
    'Final evaluation of the county 2021–2025 plan',
    ALL,
    '联席会议各成员单位',
    { asPrinted: '2025 年十月中旬编制完成终期评估报告', date: '2025-10-20' },
  ),
  task(
    2,
    'fifteenthPlanDraft',
    '开展“十五五”永清县职业病防治规划编制起草工作',
    'Draft the 15th-FYP county occupational-disease plan',
    ALL,
    '联席会议各成员单位',
    { asPrinted: '2025 年底前完成“十五五”规划编制工作初稿', date: '2025-12-31' },
  ),
  task(
    3,
    'lawPublicityWeek',
    '开展第 23 个全国《职业病防治法》宣传周活动',
    'The 23rd national Law Publicity Week',
    ['health', 'civilAffairs', 'hrss', 'medicalInsurance', 'tradeUnion'],
    '县卫生健康局、县民政局、县人力资源和社会保障局、县医保局、县总工会',
  ),
  task(
    4,
    'odCatalogue',
    '宣贯实施《职业病分类和目录》调整工作',
    'Publicise and implement the revised Classification and Catalogue of Occupational Diseases',
    ['health', 'hrss', 'tradeUnion'],
    '县卫生健康局、县人力资源和社会保障局、县总工会',
  ),
  task(
    5,
    'injuryPreventionTraining',
    '推进工伤预防能力提升培训工程实施',
    'Work-injury prevention capacity training project',
    ['hrss', 'health', 'emergency'],
    '县人力资源和社会保障局、县卫生健康局、县应急管理局',
    { asPrinted: '2025 年底前基本实现培训全覆盖', date: '2025-12-31' },
  ),
  task(
    6,
    'engineeringProtection',
    '在化工、建材、钢铁、有色等行业开展职业病危害工程防护先进适宜技术的筛选推广工作',
    'Screen and promote engineering-protection technologies in chemicals, building materials, steel and non-ferrous metals',
    ['health', 'industryIt'],
    '县卫生健康局、县科学技术和工业信息化局',
  ),
  task(
    7,
    'radiationStandards',
    '推动医疗机构辐射安全和放射防护有关行业标准体系完善统一',
    'Harmonise radiation-safety and radiological-protection standards for medical institutions',
    ['health', 'ecology'],
    '县卫生健康局、县生态环境局',
  ),
  task(
    8,
    'enforcement',
    '加强职业卫生监督执法',
    'Strengthen occupational-health enforcement',
    ['health'],
    '县卫生健康局',
  ),
  task(
    9,
    'ankangCup',
    '持续做好全县“安康杯”竞赛活动',
    'The county "Ankang Cup" competition',
    ['tradeUnion', 'emergency', 'health'],
    '县总工会、县应急管理局、县卫生健康局',
  ),
  task(
    10,
    'ohLiteracy',
    '提升劳动者职业健康素养水平',
    'Raise workers’ occupational-health literacy',
    ['health', 'education', 'hrss', 'housing', 'emergency', 'tradeUnion'],
    '县卫生健康局、县教育局、县人力资源和社会保障局、县住房和城乡建设局、县应急管理局、县总工会',
  ),
  task(
    11,
    'ohChampion',
    '开展“职业健康达人”优秀案例及第四届职业健康传播作品征集活动',
    '"OH Champion" cases and the 4th occupational-health communication-works contest',
    ['health', 'tradeUnion'],
    '县卫生健康局、县总工会',
  ),
  task(
    12,
    'dataSharing',
    '制定数据交换和信息共享工作实施方案',
    'Data-exchange and information-sharing implementation scheme',
    ALL,
    '联席会议各成员单位',
  ),
];

/** Checklist: the 16 member departments (每个成员单位的主要任务). */
export const jointMeetingMembers: Checklist = {
  id: 'yongqing-joint-meeting-members',
  label: {
    zh: '永清县职业病防治工作局际联席会议成员单位',
    en: 'Yongqing joint-meeting member departments',
  },
  items: JOINT_MEETING_MEMBERS.map((x) => ({
    id: x.id,
    label: x.name,
    source: rules(x.dutyClause, x.duty),
  })),
  source: rules('二(一)', '等 16 个部门和单位组成'),
};

/** Checklist: the 12 joint tasks for 2025. */
export const jointTasks2025: Checklist = {
  id: 'yongqing-joint-tasks-2025',
  label: { zh: '局际联席会议2025年联合开展工作事项', en: 'Joint-meeting joint tasks for 2025' },
  items: JOINT_TASKS_2025.map((x) => ({
    id: x.id,
    label: x.title,
    source: tasks(CN[x.no - 1]!, `（${x.ownersAsPrinted}）`),
  })),
  source: { doc: JOINT_TASKS_DOC, seed: '003' },
};

/** Checklists of the Yongqing pack. */
export const checklists: Checklist[] = [jointMeetingMembers, jointTasks2025];
