/**
 * @module plans/yaohai-2025/checklists
 * The three boards of the Yaohai 2025 key points and their tasks (seed 000 三), as a checklist.
 */
import type { Checklist } from '../../indicator/schema.js';
import { yaohaiSource } from './indicators.js';

/** The key points' tasks, board by board. */
export const keyPoints2025: Checklist = {
  id: 'yaohai-key-points-2025',
  label: {
    zh: '瑶海区2025年职业健康工作要点',
    en: 'Yaohai District 2025 occupational-health key points',
  },
  items: [
    {
      id: 'finalEvaluation',
      label: {
        zh: '开展“十四五”职业病防治规划终期评估（6月底前完成目标任务梳理，8月底前完成终期评估报告），启动“十五五”规划编制',
        en: '14th-FYP final evaluation (target review by end of June, report by end of August); start the 15th-FYP plan',
      },
      source: yaohaiSource('三 第一板块 一'),
    },
    {
      id: 'constructionProjects',
      label: {
        zh: '强化建设项目监督核查（“三同时”项目4个、现状评价5家、检测评价20家）',
        en: 'Construction-project supervision (4 three-simultaneities projects, 5 status and 20 testing evaluations)',
      },
      source: yaohaiSource('三 第一板块 二'),
    },
    {
      id: 'threeActions',
      label: {
        zh: '深入开展职业病防治“三项行动”（申报扩面、中小微企业帮扶、机构提质合规）',
        en: 'The three actions (declaration expansion, SME assistance, institution quality and compliance)',
      },
      source: yaohaiSource('三 第一板块 三'),
    },
    {
      id: 'technicalSupport',
      label: {
        zh: '加强职业病防治技术支撑体系建设（区疾控中心能力、职业卫生实验室）',
        en: 'Technical-support system (district CDC capability, occupational-health laboratory)',
      },
      source: yaohaiSource('三 第二板块 一'),
    },
    {
      id: 'techServiceQuality',
      label: {
        zh: '提升技术服务机构能力（质控和执法检查）',
        en: 'Technical-service organisation quality (QC and enforcement)',
      },
      source: yaohaiSource('三 第二板块 二'),
    },
    {
      id: 'centralProjects',
      label: {
        zh: '完成职业病防治项目（中央转移支付项目，结果运用，报告监测情况）',
        en: 'OD-prevention projects (central transfer-payment projects, use of results, monitoring reports)',
      },
      source: yaohaiSource('三 第二板块 三'),
    },
    {
      id: 'training',
      label: {
        zh: '规范职业健康培训工作，重点开展重点企业能力提升培训',
        en: 'Standardise occupational-health training; capacity training of key enterprises',
      },
      source: yaohaiSource('三 第三板块 一'),
    },
    {
      id: 'publicity',
      label: {
        zh: '组织开展《职业病防治法》宣传周、专题讲座等活动',
        en: 'Law Publicity Week, lectures and other publicity',
      },
      source: yaohaiSource('三 第三板块 二'),
    },
    {
      id: 'protectionAction',
      label: {
        zh: '推进职业健康保护专项行动（“五进”活动、市级健康企业不少于1家、职业健康达人不少于5人）',
        en: 'OH protection action ("Five Entries", ≥ 1 municipal Healthy Enterprise, ≥ 5 OH champions)',
      },
      source: yaohaiSource('三 第三板块 三'),
    },
    {
      id: 'complaints',
      label: {
        zh: '做好群众举报和职业危害事件查处工作（检查企业不少于60家，每起举报必有查处和回复）',
        en: 'Complaints and hazard incidents (≥ 60 enterprises inspected; every complaint investigated and answered)',
      },
      source: yaohaiSource('三 第三板块 四'),
    },
  ],
  source: yaohaiSource('三', '主要内容分为三大板块'),
};

/** Checklists of the Yaohai pack. */
export const checklists: Checklist[] = [keyPoints2025];
