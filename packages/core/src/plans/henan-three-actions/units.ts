/**
 * @module plans/henan-three-actions/units
 * The units seed 001 addresses beside the 省辖市 (issue 9): 济源示范区 (419001, a county-level city
 * under the pseudo-prefecture 419000 省直辖县级行政区划) and 航空港区 (410173 郑州航空港经济综合
 * 实验区, a functional zone the tree lists under 郑州), and, per rule, which units count.
 */
import { type ObligationInstance, obligationsDue } from '../../calendar/index.js';
import type { IsoDate } from '../../date/index.js';
import { NotFoundError } from '../../errors/index.js';
import type { Bilingual, SourceRef } from '../../indicator/schema.js';
import type { Region, RegionTree } from '../../region/index.js';
import { henanObligations } from './calendar.js';
import { henanSource } from './indicators.js';

import { AIRPORT_ZONE, JIYUAN, PSEUDO_PREFECTURE } from './unit-data.js';

export { AIRPORT_ZONE, JIYUAN } from './unit-data.js';

/** 河南省. */
const HENAN = '410000';

/**
 * The notice's prefecture-rank reporting units, as its addressee line and 附件2 二(三), 三(三) name
 * them (“各省辖市、济源示范区、航空港区”): the 17 省辖市 under 410000 (not the pseudo-prefecture
 * 419000), 济源示范区 and 航空港区 — 19 units, in the tree's order with the two special units last.
 * @throws NotFoundError when the tree has no 410000, 419001 or 410173.
 * @example henanReportingUnits(RegionTree.build(chinaRegions())).length // 19
 */
export function henanReportingUnits(tree: RegionTree): Region[] {
  if (!tree.has(HENAN)) throw new NotFoundError('region', HENAN, '区划');
  const prefectures = tree
    .children(HENAN)
    .filter((r) => r.level === 'prefecture' && r.code !== PSEUDO_PREFECTURE);
  const special = [JIYUAN, AIRPORT_ZONE].map((code) => {
    const r = tree.get(code);
    if (!r) throw new NotFoundError('region', code, '区划');
    return r;
  });
  return [...prefectures, ...special];
}

/**
 * Obligations that the notice lays on 各省辖市 and that 济源示范区 and 航空港区 owe in the same way
 * (the pack's obligations of `who.level` prefecture): for a reporting unit, whatever its level in
 * the tree, the prefecture obligations due from `from` to `to`, each instance naming the unit.
 * @throws NotFoundError when `code` is not one of {@link henanReportingUnits}.
 * @example henanObligationsOf(chinaRegionTree(), '410173', '2025-01-01', '2025-12-31').some((i) => i.obligationId === 'henan.sme-list') // true
 */
export function henanObligationsOf(
  tree: RegionTree,
  code: string,
  from: IsoDate,
  to: IsoDate,
): ObligationInstance[] {
  if (!henanReportingUnits(tree).some((r) => r.code === code))
    throw new NotFoundError('reporting unit', code, '报送单位');
  return obligationsDue({ obligations: henanObligations }, { level: 'prefecture', code }, from, to);
}

/** Which units one rule of the notice counts. */
export interface HenanUnitRule {
  /** The indicator or obligation ids the rule covers. */
  readonly rules: readonly string[];
  /** The units counted, in words. */
  readonly units: Bilingual;
  /** Where the ruling comes from (document, clause, seed). */
  readonly source: SourceRef;
}

/** Per rule, which units count (the rulings of issue 9 on the notice's units). */
export const HENAN_UNIT_RULES: readonly HenanUnitRule[] = [
  {
    rules: ['henan.sme-list', 'henan.sme-evaluation-report'],
    units: {
      zh: '报送单位为17个省辖市、济源示范区和航空港区（19个）：航空港区虽在区划树中位于郑州市下，按原文与省辖市并列报送。',
      en: 'Reported by the 17 prefectures, Jiyuan and the Airport Zone (19 units): the Airport Zone reports in its own right though the tree places it under Zhengzhou.',
    },
    source: henanSource('附件2 二(三)', '各省辖市、济源示范区、航空港区于每年7月30日前'),
  },
  {
    rules: [
      'henan.db-verification',
      'henan.db-supplement-quarterly',
      'henan.declaration-work-report',
      'henan.institution-work-report',
    ],
    units: {
      zh: '原文为“各地”，通知抬头为各省辖市、济源示范区卫生健康委员会、疾病预防控制局，航空港区教卫体局：同样由上述19个单位报送。',
      en: '"各地" in the text; the notice is addressed to the prefectures, Jiyuan and the Airport Zone: the same 19 units report.',
    },
    source: henanSource(
      '主送',
      '各省辖市、济源示范区卫生健康委员会、疾病预防控制局，航空港区教卫体局',
    ),
  },
  {
    rules: ['smesAssistedPerCounty'],
    units: {
      zh: '“以省辖市为单位，每年每县（市、区）…平均”：分母为省辖市所辖县（市、区），开发区等功能区（HENAN_FUNCTIONAL_ZONES，23个）不计为县，其帮扶企业计入所在省辖市；济源示范区、航空港区与省辖市并列报送帮扶名单，各自单独计算，各按1个县级单位（帮扶企业数÷1）；航空港区的企业不计入郑州市，也不计为郑州市的县；419000（省直辖县级行政区划）不是报送单位，不单独计算。',
      en: '"per 省辖市, average per 县（市、区）": the denominator is the prefecture’s counties; the 23 functional zones (HENAN_FUNCTIONAL_ZONES) are not counties and their SMEs count for their prefecture; Jiyuan and the Airport Zone report their own lists beside the prefectures, so each is a unit of its own, one county-level unit (its SMEs ÷ 1); the Airport Zone’s SMEs are not Zhengzhou’s and it is not one of Zhengzhou’s counties; 419000 (the pseudo-prefecture) is not a unit.',
    },
    source: henanSource(
      '附件2 一',
      '2024年和2025年，以省辖市为单位，每年每县（市、区）中小微企业帮扶数量平均不少于20家。',
    ),
  },
  {
    rules: ['smesAssisted', 'declarationRate', 'testingRate', 'healthExamRate', 'trainingRate'],
    units: {
      zh: '帮扶名单由各省辖市、济源示范区、航空港区分别报送：帮扶企业数及申报率、检测率、体检率、培训率按这19个单位计算，航空港区的被帮扶企业不计入郑州市，济源示范区按其本身（419001）计算；省级数含全部单位。',
      en: 'Each of the 19 units reports its own list: the SMEs-assisted count and the four rates are figures of those 19 units — the Airport Zone’s assisted SMEs are not Zhengzhou’s, Jiyuan is evaluated as itself (419001); the province’s figure holds every unit.',
    },
    source: henanSource('附件2 二(三)', '各省辖市、济源示范区、航空港区于每年7月30日前'),
  },
];
