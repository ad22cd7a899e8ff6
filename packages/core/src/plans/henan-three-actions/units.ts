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

/** 河南省. */
const HENAN = '410000';
/** 河南省省直辖县级行政区划 (a pseudo-prefecture of GB/T 2260, not a unit the notice addresses). */
const PSEUDO_PREFECTURE = '419000';
/** 济源示范区 (济源市, 419001). */
export const JIYUAN = '419001';
/** 航空港区 (郑州航空港经济综合实验区, 410173). */
export const AIRPORT_ZONE = '410173';

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
      zh: '“以省辖市为单位，每年每县（市、区）…平均”：分母为省辖市所辖县（市、区），开发区等功能区（代码第5位为7，含航空港区410173）不计为县；功能区的帮扶企业计入其所在省辖市（航空港区计入郑州市），航空港区不是省辖市，不单独计算平均数；济源示范区在419000下按1个县级单位计算（帮扶企业数÷1）。',
      en: '"per 省辖市, average per 县（市、区）": the denominator is the prefecture’s counties; functional zones (fifth digit 7, the Airport Zone 410173 among them) are not counties; a zone’s assisted SMEs count for the prefecture it lies in (the Airport Zone’s for Zhengzhou), and the Airport Zone, not being a 省辖市, has no average of its own; Jiyuan at 419000 is one county-level unit (its SMEs ÷ 1).',
    },
    source: henanSource(
      '附件2 一',
      '2024年和2025年，以省辖市为单位，每年每县（市、区）中小微企业帮扶数量平均不少于20家。',
    ),
  },
];
