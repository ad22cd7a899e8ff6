/**
 * @module plans/yaohai-2025/targets
 * Targets of the Yaohai District 2025 key points (seed 000), scoped to the district (340102).
 * "完成…项目4个、现状评价5家、检测评价20家" are read as at least those numbers.
 */
import type { PlanInput, SourceRef } from '../../indicator/schema.js';
import { SME_CORE_RATE_IDS } from '../shared/sme-rates.js';
import {
  BOARD1_ACTIONS,
  BOARD1_PROJECTS,
  BOARD3_COMPLAINTS,
  BOARD3_PROTECTION,
  YAOHAI_REGION,
  yaohaiSource,
} from './indicators.js';

/** A target as written in a pack. */
type PackTarget = NonNullable<PlanInput['targets']>[number];

function t(indicator: string, value: string, source: SourceRef): PackTarget {
  return {
    id: `${indicator}.2025`,
    indicator,
    comparator: '>=',
    value,
    period: '2025',
    scope: { region: YAOHAI_REGION },
    source,
  };
}

const PROJECTS_QUOTE = '明确2025年度完成“三同时”项目4个、现状评价5家、检测评价20家的量化目标';

/** Targets of the Yaohai pack. */
export const targets: PackTarget[] = [
  t('tsProjectsCompleted', '4', yaohaiSource(BOARD1_PROJECTS, PROJECTS_QUOTE)),
  t('statusEvaluations', '5', yaohaiSource(BOARD1_PROJECTS, PROJECTS_QUOTE)),
  t('testingEvaluations', '20', yaohaiSource(BOARD1_PROJECTS, PROJECTS_QUOTE)),
  ...SME_CORE_RATE_IDS.map((id) =>
    t(
      id,
      '100',
      yaohaiSource(
        BOARD1_ACTIONS,
        '帮扶企业四项核心指标（申报率、检测率、体检率、培训率）均达到100%',
      ),
    ),
  ),
  t(
    'healthyEnterprisesCreated',
    '1',
    yaohaiSource(BOARD3_PROTECTION, '创建市级“健康企业”不少于1家'),
  ),
  t('ohChampions', '5', yaohaiSource(BOARD3_PROTECTION, '培育“职业健康达人”不少于5人')),
  t('enterprisesInspected', '60', yaohaiSource(BOARD3_COMPLAINTS, '全年检查企业不少于60家')),
  t('complaintResponseRate', '100', yaohaiSource(BOARD3_COMPLAINTS, '确保每起举报必有查处和回复')),
];
