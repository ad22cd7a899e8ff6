import { Decimal } from 'decimal.js';
import { defineTable, type Table } from '../src/index.js';

/** Names a hostile or careless user might type into a registry. */
export const HOSTILE = [
  '=HYPERLINK("http://evil.example","点我")',
  "+cmd|' /C calc'!A0",
  '-1+1',
  '@SUM(1)',
  '\tTAB 公司',
  '\rCR 公司',
  '<script>alert(1)</script>有限公司',
  '引号"与,逗号',
  '换行\n第二行',
  '𠀀𪚥 生僻字 🏭 emoji 公司',
] as const;

/** A two-level table with every column type, hostile names, a subtotal and a total. */
export function sampleTable(): Table {
  return defineTable({
    id: 'sample',
    title: { zh: '样表', en: 'Sample' },
    formNumber: '附表9',
    headerLines: [{ zh: '单位名称（盖章）：', en: 'Reporting unit (stamp):' }],
    columns: [
      { id: 'name', label: { zh: '企业名称', en: 'Enterprise' }, type: { kind: 'text' } },
      {
        label: { zh: '工作开展情况', en: 'Work done' },
        children: [
          { id: 'workers', label: { zh: '劳动者数', en: 'Workers' }, type: { kind: 'count' } },
          {
            id: 'rate',
            label: { zh: '申报率(%)', en: 'Declaration rate (%)' },
            type: { kind: 'percent', decimals: 1, rounding: 'half-up' },
          },
          { id: 'trained', label: { zh: '是否培训', en: 'Trained?' }, type: { kind: 'yes-no' } },
        ],
      },
      { id: 'date', label: { zh: '填表日期', en: 'Date' }, type: { kind: 'date' } },
    ],
    rows: [
      ...HOSTILE.map((name, i) => ({
        cells: {
          name,
          workers: 1000 + i,
          rate: new Decimal(1953).div(2257).times(100),
          trained: i % 2 === 0,
          date: '2025-12-31',
        },
      })),
      { kind: 'subtotal' as const, cells: { name: '小计', workers: null } },
      { kind: 'total' as const, cells: { name: '合计', workers: 12_345 } },
    ],
    footnotes: [{ zh: '备注：示例。', en: 'Note: a sample.' }],
    source: { doc: '004', clause: '附表3' },
  });
}
