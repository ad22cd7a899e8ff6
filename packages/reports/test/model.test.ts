import { ValidationError } from '@occhealth/core';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ColumnNode, defineTable, joinedHeaders, textIn } from '../src/index.js';

const text = { kind: 'text' } as const;
const yes = { kind: 'yes-no' } as const;

describe('defineTable: header rows derived from the column tree', () => {
  it('gives 004 附表3 its two-row header: 4 + 4 + 8 leaves, ungrouped leaves span both rows', () => {
    const leaf = (id: string) => ({ id, label: { zh: id }, type: yes });
    const table = defineTable({
      id: 'p',
      title: { zh: '进度表' },
      columns: [
        ...['序号', '州市', '县区', '企业名称'].map((id) => ({
          id,
          label: { zh: id },
          type: text,
        })),
        { label: { zh: '职业病防治主体责任落实情况' }, children: ['a', 'b', 'c', 'd'].map(leaf) },
        {
          label: { zh: '工作开展情况' },
          children: ['e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'].map(leaf),
        },
      ],
      rows: [],
    });
    expect(table.leaves).toHaveLength(16);
    expect(table.headerRows).toHaveLength(2);
    const top = table.headerRows[0]!;
    expect(top.map((c) => [c.label.zh, c.column, c.colSpan, c.rowSpan])).toEqual([
      ['序号', 0, 1, 2],
      ['州市', 1, 1, 2],
      ['县区', 2, 1, 2],
      ['企业名称', 3, 1, 2],
      ['职业病防治主体责任落实情况', 4, 4, 1],
      ['工作开展情况', 8, 8, 1],
    ]);
    expect(table.headerRows[1]!.map((c) => c.column)).toEqual([
      4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    ]);
    expect(joinedHeaders(table, 'zh')[5]).toBe('职业病防治主体责任落实情况 / b');
  });

  it('covers every (header row × leaf) slot exactly once, for any column tree', () => {
    type Shape = 'leaf' | Shape[];
    const shape: fc.Arbitrary<Shape[]> = fc
      .letrec<{ s: Shape }>((tie) => ({
        s: fc.oneof(
          { maxDepth: 4 },
          fc.constant<Shape>('leaf'),
          fc.array(tie('s'), { minLength: 1, maxLength: 3 }),
        ),
      }))
      .s.map((s) => (s === 'leaf' ? ['leaf'] : s)) as fc.Arbitrary<Shape[]>;
    fc.assert(
      fc.property(shape, (shapes) => {
        let n = 0;
        const build = (s: Shape): ColumnNode =>
          s === 'leaf'
            ? { id: `c${n++}`, label: { zh: `列${n}` }, type: text }
            : { label: { zh: 'g' }, children: s.map(build) };
        const table = defineTable({
          id: 't',
          title: { zh: 't' },
          columns: shapes.map(build),
          rows: [],
        });
        const depth = table.headerRows.length;
        const grid = Array.from({ length: depth }, () => Array(table.leaves.length).fill(0));
        table.headerRows.forEach((cells, r) => {
          for (const c of cells)
            for (let i = r; i < r + c.rowSpan; i++)
              for (let j = c.column; j < c.column + c.colSpan; j++) grid[i]![j]++;
        });
        expect(grid.flat().every((v) => v === 1)).toBe(true);
        expect(table.leaves).toHaveLength(n);
      }),
    );
  });
});

describe('defineTable: bad input', () => {
  const columns = [
    { id: 'name', label: { zh: '名称', en: 'Name' }, type: text },
    { id: 'n', label: { zh: '数量', en: 'Count' }, type: { kind: 'count' } as const },
    { id: 'd', label: { zh: '日期', en: 'Date' }, type: { kind: 'date' } as const },
  ];
  it('names row, field, value and rule of every bad cell, in Chinese and English', () => {
    let error: unknown;
    try {
      defineTable({
        id: 't',
        title: { zh: 't' },
        columns,
        rows: [
          { cells: { name: 'a', n: 1 } },
          { cells: { name: 'b', n: new Decimal('2.5'), d: '2025/01/01' } },
          { cells: { nope: 1 } },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((i) => [i.row, i.path, i.rule])).toEqual([
      [2, 'rows.1.cells.n', 'cell.count'],
      [2, 'rows.1.cells.d', 'cell.date'],
      [3, 'rows.2.cells.nope', 'cell.column-exists'],
    ]);
    expect(issues[0]!.value).toEqual(new Decimal('2.5'));
    expect(issues[0]!.messageZh).toMatch(/整数/);
    expect((error as ValidationError).messageZh).toMatch(/第 2 行/);
  });
  it('rejects two columns with one id', () => {
    expect(() =>
      defineTable({ id: 't', title: { zh: 't' }, columns: [columns[0]!, columns[0]!], rows: [] }),
    ).toThrow(/column.unique-id/);
  });
});

describe('textIn', () => {
  it('writes zh, en, or both; falls back to Chinese when there is no English', () => {
    const t = { zh: '合计', en: 'Total' };
    expect([textIn(t, 'zh'), textIn(t, 'en'), textIn(t, 'both')]).toEqual([
      '合计',
      'Total',
      '合计 Total',
    ]);
    expect(textIn({ zh: '分子' }, 'en')).toBe('分子');
    expect(textIn({ zh: '分子' }, 'both')).toBe('分子');
  });
});
