/**
 * @module model
 * The headless table every report is built as and every renderer reads: a column tree (groups →
 * leaf columns) from which the merged header rows are derived, typed cells, subtotal and total
 * rows, footnotes, a title block and the source citation.
 */
import { issue, type RoundingMode, ValidationError, type ValidationIssue } from '@occhealth/core';
import { Decimal } from 'decimal.js';

/** Which language labels are written in: Chinese, English, or both (`中文 English`). */
export type Lang = 'zh' | 'en' | 'both';

/** A label in Chinese and (optionally) English. */
export interface Text {
  /** Chinese text. */
  readonly zh: string;
  /** English text (the Chinese is used when absent). */
  readonly en?: string;
}

/**
 * The value type of a column (or of one cell that overrides its column's type):
 * - `count`: a whole number, written with thousands separators (`2,782`); `signed` writes `+` on
 *   positive numbers (a gap: `+14`);
 * - `percent`: a value already multiplied by 100, written with `decimals` places rounded in
 *   `rounding` (the indicator's own settings), e.g. `86.5`;
 * - `number`: any other decimal (a ratio, an amount), written like a percent without the sign;
 * - `date`: a `YYYY-MM-DD` calendar date;
 * - `text`: free text;
 * - `yes-no`: a boolean written 是 / 否 (yes / no).
 */
export type ColumnType =
  | { readonly kind: 'count'; readonly signed?: boolean }
  | { readonly kind: 'percent'; readonly decimals: number; readonly rounding?: RoundingMode }
  | { readonly kind: 'number'; readonly decimals: number; readonly rounding?: RoundingMode }
  | { readonly kind: 'date' }
  | { readonly kind: 'text' }
  | { readonly kind: 'yes-no' };

/** A leaf column: one column of cells. */
export interface LeafColumn {
  /** Key of the column's cells in each row. */
  readonly id: string;
  /** Header label. */
  readonly label: Text;
  /** Value type of the cells. */
  readonly type: ColumnType;
  /** Horizontal alignment (default: right for numbers, left otherwise). */
  readonly align?: 'left' | 'right';
}

/** A group of columns under one merged header cell. */
export interface ColumnGroup {
  /** Header label of the group. */
  readonly label: Text;
  /** The group's columns (leaves or further groups). */
  readonly children: readonly ColumnNode[];
}

/** A node of the column tree: a group or a leaf column. */
export type ColumnNode = LeafColumn | ColumnGroup;

/** A cell whose type differs from its column's (e.g. a count in a column of rates). */
export interface TypedCell {
  /** The value. */
  readonly value: CellScalar;
  /** Its type. */
  readonly type: ColumnType;
}

/** A raw cell value: a `Decimal` stays a `Decimal` until a renderer formats it. */
export type CellScalar = Decimal | number | string | boolean | null;

/** A cell: a raw value (typed by its column) or a {@link TypedCell}. */
export type CellValue = CellScalar | TypedCell;

/** One row of a table. */
export interface Row {
  /** `data` (default), `subtotal` (小计) or `total` (合计). */
  readonly kind?: 'data' | 'subtotal' | 'total';
  /** Cells by leaf-column id; a missing cell is blank. */
  readonly cells: Readonly<Record<string, CellValue>>;
  /** Indentation level of the first column (a region tree: province 0, prefecture 1, …). */
  readonly indent?: number;
  /**
   * Draw attention to the row (e.g. a reconciliation difference): HTML marks it (class
   * `highlight`, a tinted background that also prints); other renderers ignore it.
   */
  readonly highlight?: boolean;
}

/** The seed document a table reproduces. */
export interface SourceCitation {
  /** Document, e.g. `004` or its title. */
  readonly doc: string;
  /** Clause, e.g. `附表1`. */
  readonly clause?: string;
}

/** Input of {@link defineTable}. */
export interface TableInput {
  /** Stable id, e.g. `yunnan-task-table`. */
  readonly id: string;
  /** Title, e.g. 云南省中小微企业职业健康帮扶任务表. */
  readonly title: Text;
  /** The form's number as the seed prints it, e.g. `附表1`. */
  readonly formNumber?: string;
  /** Header lines printed above the table, e.g. 单位名称（盖章）：. */
  readonly headerLines?: readonly Text[];
  /** The column tree. */
  readonly columns: readonly ColumnNode[];
  /** Rows, in order (subtotal and total rows among them). */
  readonly rows: readonly Row[];
  /** Footnotes printed under the table. */
  readonly footnotes?: readonly Text[];
  /** The seed the table reproduces. */
  readonly source?: SourceCitation;
}

/** One cell of a derived header row. */
export interface HeaderCell {
  /** Label. */
  readonly label: Text;
  /** 0-based index of the first leaf column it covers. */
  readonly column: number;
  /** Leaf columns covered. */
  readonly colSpan: number;
  /** Header rows covered (a leaf under fewer groups than the deepest reaches down). */
  readonly rowSpan: number;
  /** The leaf column, when the cell is one. */
  readonly leaf?: LeafColumn;
}

/** A validated table with its derived header rows. */
export interface Table extends TableInput {
  /** Leaf columns, left to right. */
  readonly leaves: readonly LeafColumn[];
  /** Header rows, top to bottom; together they cover every leaf exactly once. */
  readonly headerRows: readonly (readonly HeaderCell[])[];
}

/**
 * Is this node a group?
 * @example isGroup({ label: { zh: '申报' }, children: [] }) // true
 */
export function isGroup(node: ColumnNode): node is ColumnGroup {
  return 'children' in node;
}

function depthOf(node: ColumnNode): number {
  return isGroup(node) ? 1 + Math.max(0, ...node.children.map(depthOf)) : 1;
}

function leafCount(node: ColumnNode): number {
  return isGroup(node) ? node.children.reduce((s, c) => s + leafCount(c), 0) : 1;
}

function typeIssue(
  value: CellScalar,
  type: ColumnType,
  path: string,
  row: number,
): ValidationIssue | undefined {
  if (value === null) return undefined;
  const bad = (rule: string, en: string, zh: string) => issue(path, value, rule, en, zh, row);
  switch (type.kind) {
    case 'count': {
      const ok =
        (Decimal.isDecimal(value) && (value as Decimal).isInteger()) ||
        (typeof value === 'number' && Number.isInteger(value));
      return ok
        ? undefined
        : bad('cell.count', 'a count cell must be a whole number', '计数单元格必须是整数');
    }
    case 'number':
    case 'percent': {
      const ok = Decimal.isDecimal(value) || (typeof value === 'number' && Number.isFinite(value));
      return ok
        ? undefined
        : bad(
            'cell.numeric',
            'a numeric cell must be a Decimal or a number',
            '数值单元格必须是数值',
          );
    }
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? undefined
        : bad(
            'cell.date',
            'a date cell must be a YYYY-MM-DD date',
            '日期单元格必须为 YYYY-MM-DD 格式',
          );
    case 'yes-no':
      return typeof value === 'boolean'
        ? undefined
        : bad('cell.yes-no', 'a yes/no cell must be true or false', '是/否单元格必须为布尔值');
    case 'text':
      return typeof value === 'string'
        ? undefined
        : bad('cell.text', 'a text cell must be a string', '文本单元格必须是字符串');
  }
}

/**
 * The value and type of a cell in a column.
 * @example cellOf(2782, { id: 'n', label: { zh: '数' }, type: { kind: 'count' } }) // { value: 2782, type: { kind: 'count' } }
 */
export function cellOf(cell: CellValue | undefined, column: LeafColumn): TypedCell {
  if (cell === undefined) return { value: null, type: column.type };
  if (cell !== null && typeof cell === 'object' && !Decimal.isDecimal(cell) && 'type' in cell)
    return cell;
  return { value: cell as CellScalar, type: column.type };
}

/**
 * Validate a table and derive its header rows (as TanStack Table derives header groups): a leaf
 * under fewer groups than the deepest branch spans the remaining rows downwards.
 * Throws a `ValidationError` naming the row, column and rule of every bad cell: an unknown column,
 * a value of the wrong type, a duplicate column id.
 * @example defineTable({ id: 't', title: { zh: '表' }, columns: [{ id: 'n', label: { zh: '数' }, type: { kind: 'count' } }], rows: [{ cells: { n: 1 } }] }).headerRows.length // 1
 */
export function defineTable(input: TableInput): Table {
  const issues: ValidationIssue[] = [];
  const leaves: LeafColumn[] = [];
  const depth = Math.max(1, ...input.columns.map(depthOf));
  const headerRows: HeaderCell[][] = Array.from({ length: depth }, () => []);
  const walk = (nodes: readonly ColumnNode[], level: number, path: string) => {
    nodes.forEach((node, i) => {
      const here = `${path}.${i}`;
      if (isGroup(node)) {
        if (node.children.length === 0) {
          issues.push(
            issue(
              `${here}.children`,
              node.label.zh,
              'column.group-empty',
              'a column group has no columns',
              '列分组中没有列',
            ),
          );
          return;
        }
        headerRows[level]!.push({
          label: node.label,
          column: leaves.length,
          colSpan: leafCount(node),
          rowSpan: 1,
        });
        walk(node.children, level + 1, `${here}.children`);
      } else {
        if (leaves.some((l) => l.id === node.id)) {
          issues.push(
            issue(
              `${here}.id`,
              node.id,
              'column.unique-id',
              'two columns have the same id',
              '列标识重复',
            ),
          );
        }
        headerRows[level]!.push({
          label: node.label,
          column: leaves.length,
          colSpan: 1,
          rowSpan: depth - level,
          leaf: node,
        });
        leaves.push(node);
      }
    });
  };
  walk(input.columns, 0, 'columns');
  const byId = new Map(leaves.map((l) => [l.id, l]));
  input.rows.forEach((row, r) => {
    for (const [id, raw] of Object.entries(row.cells)) {
      const path = `rows.${r}.cells.${id}`;
      const column = byId.get(id);
      if (!column) {
        issues.push(
          issue(
            path,
            id,
            'cell.column-exists',
            'the cell names no column of the table',
            '单元格对应的列不存在',
            r + 1,
          ),
        );
        continue;
      }
      const { value, type } = cellOf(raw, column);
      const problem = typeIssue(value, type, path, r + 1);
      if (problem) issues.push(problem);
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return { ...input, leaves, headerRows };
}

/**
 * A label in the requested language (`both`: `中文 English`, or the Chinese alone).
 * @example textIn({ zh: '申报率', en: 'Declaration rate' }, 'both') // '申报率 Declaration rate'
 * @example textIn({ zh: '申报率' }, 'en') // '申报率' (no English: the Chinese)
 */
export function textIn(text: Text, lang: Lang): string {
  if (lang === 'zh' || text.en === undefined || text.en === text.zh) {
    return lang === 'en' ? (text.en ?? text.zh) : text.zh;
  }
  return lang === 'en' ? text.en : `${text.zh} ${text.en}`;
}

/**
 * The leaf header labels, each joined under its group labels with ` / ` (one header row).
 * @example joinedHeaders(defineTable({ id: 't', title: { zh: '表' }, columns: [{ label: { zh: '体检' }, children: [{ id: 'due', label: { zh: '应检' }, type: { kind: 'count' } }] }], rows: [] }), 'zh') // ['体检 / 应检']
 */
export function joinedHeaders(table: Table, lang: Lang): string[] {
  return table.leaves.map((_, i) => {
    const parts: string[] = [];
    for (const row of table.headerRows) {
      const cell = row.find((c) => c.column <= i && i < c.column + c.colSpan);
      if (cell) parts.push(textIn(cell.label, lang));
    }
    return parts.join(' / ');
  });
}

/** The label of a row kind (小计 / 合计) for renderers that show it. */
export const ROW_KIND_LABELS = {
  subtotal: { zh: '小计', en: 'Subtotal' },
  total: { zh: '合计', en: 'Total' },
} as const satisfies Record<'subtotal' | 'total', Text>;
