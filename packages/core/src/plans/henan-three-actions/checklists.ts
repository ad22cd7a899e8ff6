/**
 * @module plans/henan-three-actions/checklists
 * Checklists of 豫卫职健〔2024〕7号 Annex 2: the "六个一" assistance package (item ids match
 * `assistance.items` and the Yunnan 五个一 ids for the shared items) and the "双送" activities.
 */
import type { Checklist } from '../../indicator/schema.js';
import { HENAN_PROGRAMME, henanSource } from './indicators.js';

/** The 六个一 (Six Ones) checklist: the Yunnan five plus one round of testing of all posts. */
export const sixOnes: Checklist = {
  id: 'henan-six-ones',
  label: { zh: '“六个一”帮扶工作', en: 'The "Six Ones" assistance package' },
  programme: HENAN_PROGRAMME,
  items: [
    {
      id: 'hazardIdentification',
      label: {
        zh: '开展一次职业病危害因素辨识',
        en: 'One identification of occupational hazard factors in all workplaces',
      },
      source: henanSource('附件2 二(五)1', '开展一次职业病危害因素辨识'),
    },
    {
      id: 'managementSystem',
      label: {
        zh: '建立一套实用的职业健康管理制度',
        en: 'One practical occupational-health management system and emergency plan',
      },
      source: henanSource('附件2 二(五)2', '建立一套实用的职业健康管理制度'),
    },
    {
      id: 'noticeAndPpeGuidance',
      label: {
        zh: '开展一次现场职业病危害告知和防护用品配置指导',
        en: 'One on-site guidance on hazard notification and protective equipment',
      },
      source: henanSource('附件2 二(五)3', '开展一次现场职业病危害告知和防护用品配置指导'),
    },
    {
      id: 'training',
      label: { zh: '举办一次职业健康培训', en: 'One occupational-health training' },
      source: henanSource('附件2 二(五)4', '举办一次职业健康培训'),
    },
    {
      id: 'hazardTestingRound',
      label: {
        zh: '组织一轮职业病危害因素检（监）测',
        en: 'One round of hazard-factor testing / monitoring of all posts',
      },
      source: henanSource(
        '附件2 二(五)5',
        '将符合帮扶条件的中小微企业优先纳入职业病危害监测项目，并对所有岗位开展职业病危害因素检（监）测',
      ),
    },
    {
      id: 'exceedingPostGovernance',
      label: {
        zh: '开展一次超标岗位职业病危害治理',
        en: 'One governance of posts exceeding exposure limits',
      },
      applicability: {
        zh: '仅适用于存在职业病危害因素超标岗位的企业',
        en: 'Only for enterprises with posts exceeding exposure limits',
      },
      source: henanSource('附件2 二(五)6', '对于存在职业病危害因素超标岗位的企业'),
    },
  ],
  source: henanSource('附件2 二(五)', '开展“六个一”帮扶工作'),
};

/** The 双送 (send knowledge, send technology) activities. */
export const doubleDelivery: Checklist = {
  id: 'henan-double-delivery',
  label: { zh: '送知识送技术“双送”活动', en: '"Double delivery": knowledge and technology' },
  programme: HENAN_PROGRAMME,
  items: [
    {
      id: 'materials',
      label: {
        zh: '印发申报应知应会小册子、申报流程图、常见职业病防治知识小册子和职业健康培训大纲',
        en: 'Declaration booklet, declaration flow chart, common-OD booklet and training syllabus for every assisted SME',
      },
      source: henanSource('附件2 二(四)1'),
    },
    {
      id: 'pairing',
      label: {
        zh: '技术支撑机构与帮扶企业建立帮扶机制；公立职业健康检查机构开展义诊',
        en: 'Technical-support institutions pair with SMEs; public health-exam institutions hold free clinics',
      },
      source: henanSource('附件2 二(四)2'),
    },
    {
      id: 'periodical',
      label: { zh: '编撰职业健康期刊', en: 'An occupational-health periodical' },
      source: henanSource('附件2 二(四)3'),
    },
    {
      id: 'roving',
      label: {
        zh: '省、市两级帮扶团队开展“巡诊”活动',
        en: 'Roving visits by provincial and prefecture teams',
      },
      source: henanSource('附件2 二(四)4'),
    },
  ],
  source: henanSource('附件2 二(四)', '开展送知识送技术“双送”活动'),
};

/** Checklists of the Henan pack. */
export const checklists: Checklist[] = [sixOnes, doubleDelivery];
