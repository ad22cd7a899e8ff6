import {
  creditCodeCheckCharacter,
  type Employer,
  type Fact,
  parseEmployer,
  parseFact,
  RegionTree,
} from '@occhealth/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  databaseSupplementTable,
  enterpriseListTable,
  PROGRESS_UNSOURCED,
  progressTable,
  renderCsv,
} from '../src/index.js';

const csvOf = (table: Parameters<typeof renderCsv>[0]): string[][] =>
  parse(renderCsv(table, { lang: 'zh' }), { bom: true });

function code(region: string, n: number): string {
  const first17 = `91${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

const tree = RegionTree.build([
  { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null },
  { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' },
  { code: '530102', name: { zh: '五华区' }, level: 'county', parent: '530100' },
  { code: '530103', name: { zh: '盘龙区' }, level: 'county', parent: '530100' },
]);

const A = code('530102', 1); // small, severe class, tested 13 months ago (too old for severe)
const B = code('530103', 2); // micro, general class, tested 30 months ago (within 36)
const C = code('530102', 3); // large: not an SME
const D = code('530103', 4); // assisted in 2024 only: outside a 2025 window

const employers: Employer[] = [
  {
    creditCode: A,
    name: '甲化工有限公司',
    region: '530102',
    size: 'small',
    industry: 'C2614',
    hazardLevel: 'severe',
    hazardFactors: ['苯'],
  },
  {
    creditCode: B,
    name: '乙建材厂',
    region: '530103',
    size: 'micro',
    industry: 'C3021',
    hazardLevel: 'general',
  },
  {
    creditCode: C,
    name: '丙钢铁集团',
    region: '530102',
    size: 'large',
    industry: 'C3110',
    hazardLevel: 'severe',
  },
  {
    creditCode: D,
    name: '丁矿业',
    region: '530103',
    size: 'medium',
    industry: 'B0810',
    hazardLevel: 'severe',
  },
].map((e) => parseEmployer(e));

let n = 0;
const fact = (f: Record<string, unknown>): Fact => parseFact({ id: `f${n++}`, ...f });
const help = (employer: string, region: string, date: string, extra: Record<string, unknown>) =>
  fact({ kind: 'assistance', programme: 'yunnan-five-ones', employer, region, date, ...extra });

const facts: Fact[] = [
  help(A, '530102', '2025-03-01', {
    items: { hazardIdentification: true, training: true },
    hasExceedingPosts: true,
    problemsFound: 3,
    problemsRectified: 2,
  }),
  help(A, '530102', '2025-06-01', { items: { exceedingPostGovernance: true }, problemsFound: 1 }),
  help(B, '530103', '2025-04-01', { items: { managementSystem: true }, hasExceedingPosts: false }),
  help(C, '530102', '2025-04-01', {}),
  help(D, '530103', '2024-09-01', {}),
  fact({ kind: 'declaration', employer: A, region: '530102', date: '2023-05-01' }),
  fact({ kind: 'declaration', employer: B, region: '530103', date: '2025-07-11' }), // after asOf
  // 严重 class: 12 months — 2024-06-09 is before 2024-06-10 (= 2025-06-10 − 12 months)
  fact({
    kind: 'hazard-testing',
    employer: A,
    region: '530102',
    date: '2024-06-09',
    postsTested: 4,
    postsCompliant: 4,
  }),
  // 一般 class: 36 months — 2023-01-10 is within (from 2022-06-10)
  fact({
    kind: 'hazard-testing',
    employer: B,
    region: '530103',
    date: '2023-01-10',
    postsTested: 2,
    postsCompliant: 2,
  }),
  fact({
    kind: 'health-exam',
    employer: A,
    region: '530102',
    date: '2025-02-01',
    workersExamined: 10,
  }),
  fact({
    kind: 'health-exam',
    employer: B,
    region: '530103',
    date: '2025-02-01',
    workersExamined: 0,
  }),
  fact({ kind: 'training', employer: B, region: '530103', date: '2024-12-31' }), // before the window
];

const records = { tree, employers, facts };

describe('004 附表2 from employers and assistance facts', () => {
  const table = enterpriseListTable(records, { asOf: '2025-06-10' });
  const rows = csvOf(table);

  it('lists the SMEs assisted in the window, in the seed’s column order', () => {
    expect(rows[0]).toEqual([
      '序号',
      '州（市）',
      '县（市、区）',
      '企业名称',
      '企业所属行业',
      '企业规模',
      '统一社会信用代码',
      '行业编码',
    ]);
    expect(rows.slice(1)).toEqual([
      ['1', '昆明市', '五华区', '甲化工有限公司', '制造业', '小型', A, 'C2614'],
      ['2', '昆明市', '盘龙区', '乙建材厂', '制造业', '微型', B, 'C3021'],
    ]);
  });

  it('leaves the large enterprise out and says so (seed 004 covers 中小微企业 only)', () => {
    expect(table.footnotes!.at(-1)!.zh).toBe(
      '另有1家大型企业有帮扶记录，不属于中小微企业，未列入。',
    );
  });

  it('a window that includes 2024 lists the enterprise assisted then', () => {
    const all = csvOf(enterpriseListTable(records, { from: '2024-01-01', asOf: '2025-06-10' }));
    // by county code, then by name in Chinese (pinyin) order: 丁 (dīng) before 乙 (yǐ)
    expect(all.slice(1).map((r) => r[3])).toEqual(['甲化工有限公司', '丁矿业', '乙建材厂']);
  });
});

describe('004 附表3 from records and the 五个一 checklist', () => {
  const table = progressTable(records, { asOf: '2025-06-10' });
  const rows = csvOf(table);
  const col = (id: string) => table.leaves.findIndex((l) => l.id === id);

  it('judges 申报, 定期检测 (12 / 36 months by hazard class), 体检 and 培训 on the reference date', () => {
    const statuses = rows.slice(1).map((r) => [4, 5, 6, 7].map((i) => r[i]));
    expect(statuses).toEqual([
      ['已申报', '未检测', '已体检', '未培训'], // 甲: severe, tested 2024-06-09 (12 months + 1 day ago)
      ['未申报', '已检测', '未体检', '未培训'], // 乙: declared after asOf; exam of 0 workers; trained before the window
    ]);
    // One day later the window moves: 2024-06-09 is out either way; on 2025-06-09 it is in.
    const dayBefore = csvOf(progressTable(records, { asOf: '2025-06-09' }));
    expect(dayBefore[1]![5]).toBe('已检测');
  });

  it('fills the 五个一 items from every assistance record of the window, problems summed', () => {
    const a = rows[1]!;
    expect(
      [
        col('hazardIdentificationDone'),
        col('managementSystemEstablished'),
        col('noticeAndPpeGuidanceDone'),
        col('trainingHeld'),
      ].map((i) => a[i]),
    ).toEqual(['是', '否', '否', '是']);
    expect(a[col('exceedingPostGovernanceDone')]).toBe('是');
    expect(a[col('problemsFound')]).toBe('4');
    expect(a[col('rectificationStatus')]).toBe('已整改2项/共4项');
    const b = rows[2]!;
    // no exceeding posts: the governance item does not apply
    expect(b[col('exceedingPostGovernanceDone')]).toBe('');
    expect(b[col('rectificationStatus')]).toBe('无问题');
  });

  it('leaves 是否设置职业病防护设施 blank with a footnote: no record in the model', () => {
    expect(PROGRESS_UNSOURCED).toEqual(['protectiveFacilitiesSet']);
    expect(rows.slice(1).every((r) => r[col('protectiveFacilitiesSet')] === '')).toBe(true);
    expect(table.footnotes!.map((f) => f.zh)).toContain(
      '以下列暂无数据来源，留空：是否设置职业病防护设施。',
    );
    expect(table.leaves).toHaveLength(16);
  });
});

describe('001 quarterly 数据库补充信息 report from leads', () => {
  const E = code('530102', 5);
  const withLeads = {
    tree,
    employers: [
      ...employers,
      parseEmployer({
        creditCode: E,
        name: '戊机械厂',
        region: '530102',
        size: 'small',
        statusHistory: [
          { status: 'active', from: '2020-01-01' },
          { status: 'suspended', from: '2025-03-31' },
        ],
      }),
    ],
    facts: [
      ...facts,
      fact({
        kind: 'lead',
        leadSource: 'complaint',
        employer: E,
        region: '530102',
        date: '2025-07-31',
        verifiedOn: '2025-08-31',
      }),
      fact({
        kind: 'lead',
        leadSource: 'system-cross-check',
        employer: B,
        region: '530103',
        date: '2025-07-01',
        verifiedOn: '2025-08-02',
      }),
      fact({ kind: 'lead', leadSource: 'zone', region: '530103', date: '2025-09-30' }),
      fact({
        kind: 'lead',
        leadSource: 'department',
        employer: A,
        region: '530102',
        date: '2025-06-30',
      }), // Q2
    ],
  };
  const table = databaseSupplementTable(withLeads, { quarter: '2025Q3' });
  const rows = csvOf(table);

  it('lists the quarter’s leads with the one-month verification rule (2025-07-31 → 08-31 is in time)', () => {
    expect(rows.slice(1, -1).map((r) => [r[1], r[2], r[4], r[5], r[6], r[7]])).toEqual([
      ['五华区', '戊机械厂', '投诉举报', '2025-07-31', '2025-08-31', '是'],
      ['盘龙区', '乙建材厂', '信息系统比对', '2025-07-01', '2025-08-02', '否'],
      ['盘龙区', '', '开发区、工业园区、赋权乡镇（街道）', '2025-09-30', '', '否'],
    ]);
    expect(rows.at(-1)![2]).toBe('新增线索3条，已核实2条，其中1个月内1条');
  });

  it('judges declaration and status on the quarter’s last day (suspended 03-31 → still within 6 months on 09-30)', () => {
    expect(rows.slice(1, 3).map((r) => [r[8], r[9], r[11]])).toEqual([
      ['否', '停产停业（6个月以内）', ''],
      ['是', '在营', '一般'],
    ]);
    expect(table.source).toEqual({ doc: '豫卫职健〔2024〕7号', clause: '附件1 二(一)3' });
    expect(table.headerLines![1]!.zh).toBe('报送时限：2025-09-30前');
  });
});
