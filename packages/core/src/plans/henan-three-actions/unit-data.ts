/**
 * @module plans/henan-three-actions/unit-data
 * The units of seed 001 as pack data (issue 9): which regions of the shipped tree the Henan SME
 * rules count as their units. Kept apart from `units.ts` so the indicators can read it.
 */
import type { IndicatorUnits } from '../../indicator/schema.js';

/** 济源示范区 (济源市, 419001). */
export const JIYUAN = '419001';
/** 航空港区 (郑州航空港经济综合实验区, 410173). */
export const AIRPORT_ZONE = '410173';
/** 河南省省直辖县级行政区划 (a pseudo-prefecture of GB/T 2260, not a unit the notice addresses). */
export const PSEUDO_PREFECTURE = '419000';

/**
 * The development and other functional zones the shipped tree (NBS 统计用区划代码 2023) lists as
 * county-level units of Henan's prefectures, 航空港区 aside: they are not 县（市、区）.
 */
export const HENAN_FUNCTIONAL_ZONES: readonly (readonly [code: string, name: string])[] = [
  ['410171', '郑州经济技术开发区'],
  ['410172', '郑州高新技术产业开发区'],
  ['410371', '洛阳高新技术产业开发区'],
  ['410471', '平顶山高新技术产业开发区'],
  ['410472', '平顶山市城乡一体化示范区'],
  ['410571', '安阳高新技术产业开发区'],
  ['410671', '鹤壁经济技术开发区'],
  ['410771', '新乡高新技术产业开发区'],
  ['410772', '新乡经济技术开发区'],
  ['410773', '新乡市平原城乡一体化示范区'],
  ['410871', '焦作城乡一体化示范区'],
  ['410971', '河南濮阳工业园区'],
  ['410972', '濮阳经济技术开发区'],
  ['411071', '许昌经济技术开发区'],
  ['411171', '漯河经济技术开发区'],
  ['411271', '河南三门峡经济开发区'],
  ['411371', '南阳高新技术产业开发区'],
  ['411372', '南阳市城乡一体化示范区'],
  ['411471', '豫东综合物流产业聚集区'],
  ['411472', '河南商丘经济开发区'],
  ['411571', '信阳高新技术产业开发区'],
  ['411671', '周口临港开发区'],
  ['411771', '河南驻马店经济开发区'],
];

/**
 * The units of the SME-assistance rules (附件2): the 17 省辖市 as the tree has them, and
 * 济源示范区 and 航空港区 each a prefecture-rank unit of its own (the notice names them beside the
 * 省辖市 and each reports its own 帮扶名单, 附件2 二(三)) — 航空港区's enterprises are therefore
 * not 郑州's, and 郑州 does not count it among its counties; the pseudo-prefecture 419000 and the
 * functional zones are not units (no row, not counted as counties; a zone's enterprises still
 * count for its prefecture).
 */
export const HENAN_SME_UNITS: IndicatorUnits = {
  own: [
    { region: JIYUAN, level: 'prefecture' },
    { region: AIRPORT_ZONE, level: 'prefecture' },
  ],
  notCounted: [PSEUDO_PREFECTURE, ...HENAN_FUNCTIONAL_ZONES.map(([code]) => code)],
};
