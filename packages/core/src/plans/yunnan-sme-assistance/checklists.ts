/**
 * @module plans/yunnan-sme-assistance/checklists
 * The Yunnan "五个一" assistance checklist (seed 004 二(三)). Item ids match `assistance.items`;
 * they are the same ids as the Henan "六个一" for the five shared items.
 */
import type { Checklist } from '../../indicator/schema.js';
import { YUNNAN_PROGRAMME, yunnanSource } from './indicators.js';

/** The 五个一 (Five Ones) checklist. */
export const fiveOnes: Checklist = {
  id: 'yunnan-five-ones',
  label: { zh: '“五个一”帮扶工作', en: 'The "Five Ones" assistance package' },
  programme: YUNNAN_PROGRAMME,
  items: [
    {
      id: 'hazardIdentification',
      label: {
        zh: '开展一次职业病危害因素辨识',
        en: 'One identification of occupational hazard factors in all workplaces',
      },
      source: yunnanSource('二(三)1', '开展一次职业病危害因素辨识'),
    },
    {
      id: 'managementSystem',
      label: {
        zh: '建立一套实用的职业健康管理制度',
        en: 'One practical occupational-health management system (with self-inspection method and emergency plan)',
      },
      source: yunnanSource('二(三)2', '建立一套实用的职业健康管理制度'),
    },
    {
      id: 'noticeAndPpeGuidance',
      label: {
        zh: '开展一次现场职业病危害告知和防护用品配置指导',
        en: 'One on-site guidance on hazard notification and protective equipment',
      },
      source: yunnanSource('二(三)3', '开展一次现场职业病危害告知和防护用品配置指导'),
    },
    {
      id: 'training',
      label: { zh: '开展一次职业健康培训', en: 'One occupational-health training' },
      source: yunnanSource('二(三)4', '开展一次职业健康培训'),
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
      source: yunnanSource('二(三)5', '对于存在职业病危害因素超标岗位的企业'),
    },
  ],
  source: yunnanSource('二(三)', '重点开展“五个一”帮扶工作'),
};

/** Checklists of the Yunnan pack. */
export const checklists: Checklist[] = [fiveOnes];
