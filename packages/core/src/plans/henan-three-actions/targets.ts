/**
 * @module plans/henan-three-actions/targets
 * Targets of 豫卫职健〔2024〕7号 (seed 001), one per row of DOMAIN.md §2.2, each citing its clause.
 * "达到100%", "全覆盖", "应报尽报" and "全部" are written `>= 100`; "≥95%" is `>= 95`; "不少于" and
 * "以上" are `>=` (⚠ "50家以上" may be exclusive; read as at least 50).
 */
import type { PlanInput, SourceRef } from '../../indicator/schema.js';
import { SME_CORE_RATE_IDS } from '../shared/sme-rates.js';
import { henanSource } from './indicators.js';

/** A target as written in a pack. */
type PackTarget = NonNullable<PlanInput['targets']>[number];

function t(
  indicator: string,
  value: string,
  period: string,
  source: SourceRef,
  extra: Partial<PackTarget> = {},
): PackTarget {
  return {
    id: `${indicator}.${period.replace('/', '-')}`,
    indicator,
    comparator: '>=',
    value,
    period,
    source,
    ...extra,
  };
}

const EACH_YEAR = ['2024', '2025'] as const;

/** Targets of the Henan pack. */
export const targets: PackTarget[] = [
  // Annex 1 一
  t(
    'severeIndustryDeclarationCoverage',
    '100',
    '2024',
    henanSource(
      '附件1 一',
      '2024年底，工业领域职业病危害严重行业用人单位职业病危害项目申报达到全覆盖。',
    ),
  ),
  t(
    'severeIndustry10PlusDeclaration',
    '100',
    '2025',
    henanSource('附件1 一', '2025年底，职业病危害严重行业10人及以上用人单位职业病危害项目应报尽报'),
  ),
  // Annex 2 一
  ...EACH_YEAR.map((year) =>
    t(
      'smesAssistedPerCounty',
      '20',
      year,
      henanSource(
        '附件2 一',
        '2024年和2025年，以省辖市为单位，每年每县（市、区）中小微企业帮扶数量平均不少于20家。',
      ),
      {
        scope: { level: 'prefecture' },
        note: {
          zh: '按省辖市计算平均数，不要求每个县各自达到20家。',
          en: 'An average per prefecture; each county need not reach 20 on its own.',
        },
      },
    ),
  ),
  ...SME_CORE_RATE_IDS.map((id) =>
    t(
      id,
      '100',
      '2025',
      henanSource(
        '附件2 一',
        '帮扶企业职业病危害项目申报率、工作场所职业病危害因素定期检测率、职业健康检查开展率、职业健康培训率均达到100%',
      ),
    ),
  ),
  // Annex 3 一(一)
  t(
    'nationalMonitoringTaskCoverage',
    '100',
    '2025',
    henanSource('附件3 一(一)', '承担全部国家职业病防治监测任务'),
  ),
  t(
    'prefCdcProficiencyParticipation',
    '100',
    '2025',
    henanSource(
      '附件3 一(一)',
      '省辖市疾控中心（职防院所）全部参加国家职业卫生、放射卫生检测能力比对',
    ),
  ),
  t(
    'prefCdcCapabilityConfirmed',
    '100',
    '2025',
    henanSource('附件3 一(一)', '全部满足职业病危害因素监测能力确认条件要求'),
  ),
  // 一(二)
  t(
    'countyPublicHealthExamOrg',
    '100',
    '2025',
    henanSource('附件3 一(二)', '县区至少1家公立医疗卫生机构承担职业健康检查工作'),
    {
      note: {
        zh: '每个县区至少1家，即县区覆盖率100%。',
        en: 'At least one per county, i.e. 100 % of counties.',
      },
    },
  ),
  t(
    'prefDiagnosisCategoryCoverage',
    '100',
    '2025',
    henanSource('附件3 一(二)', '实现省辖市常见职业病诊断类别全覆盖'),
    { scope: { level: 'prefecture' } },
  ),
  // 一(三)
  t('reportCardSubmissionRate', '100', '2025', henanSource('附件3 一(三)', '上报率达到100%')),
  t('supervisionCoverageRate', '100', '2025', henanSource('附件3 一(三)', '监管覆盖率达到100%')),
  t(
    'rectificationRate',
    '100',
    '2025',
    henanSource('附件3 一(三)', '评估检查发现问题整改率达到100%'),
  ),
  t(
    'falseCertCaseHandlingRate',
    '100',
    '2025',
    henanSource('附件3 一(三)', '出具虚假证明文件等违法案件查处率达到100%'),
  ),
  // 一(四)
  t(
    'caseReportRate',
    '95',
    '2025',
    henanSource('附件3 一(四)', '职业健康检查机构个案信息报告率与职业病诊断机构报告率均≥95%'),
  ),
  t(
    'diagnosisReportRate',
    '95',
    '2025',
    henanSource('附件3 一(四)', '职业健康检查机构个案信息报告率与职业病诊断机构报告率均≥95%'),
  ),
  t('qcCoverageRate', '100', '2024/2025', henanSource('附件3 一(四)', '质控覆盖率每两年达到100%')),
  t('qcRectificationRate', '100', '2025', henanSource('附件3 一(四)', '质控问题整改率达到100%')),
  t(
    'orgViolationHandlingRate',
    '100',
    '2025',
    henanSource('附件3 一(四)', '违法违规案件查处率达到100%'),
  ),
  // 二(三), 二(四): yearly
  ...EACH_YEAR.flatMap((year) => [
    t(
      'employersGuidedPerYear',
      '50',
      year,
      henanSource('附件3 二(三)1', '每年要到50家以上用人单位开展技术指导、帮扶等工作'),
      {
        scope: { level: 'prefecture' },
        note: {
          zh: '“50家以上”按不少于50家处理；原文按机构计，此处按省辖市计。',
          en: '"50家以上" read as at least 50; the seed counts per institution, this checks per prefecture.',
        },
      },
    ),
    t(
      'proficiencyTestFrequency',
      '100',
      year,
      henanSource('附件3 二(三)2', '每年开展1次检测能力比对'),
    ),
    t(
      'qualityMonitoringShare',
      '40',
      year,
      henanSource('附件3 二(三)2', '每年选取不少于40%的机构开展质量监测'),
    ),
    t(
      'healthExamQcFrequency',
      '100',
      year,
      henanSource('附件3 二(三)3', '对所有职业健康检查机构，每年开展1次质控活动'),
    ),
    t('provincialQcShare', '50', year, henanSource('附件3 二(三)3', '省级按照每年不少于50%的比例')),
    t(
      'outOfProvinceSampleShare',
      '50',
      year,
      henanSource('附件3 二(四)3', '每年抽查比例不少于50%'),
    ),
  ]),
];
