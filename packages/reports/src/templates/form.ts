/**
 * @module templates/form
 * A pack's form (e.g. 004 附表2 帮扶企业清单, 附表3 进度表) as a table: its columns in the seed's
 * order under their header groups, the header lines printed above it (单位名称（盖章）…), the
 * seed's 备注 and the pack's note as footnotes, and rows the caller fills by column id.
 */
import type { Form } from '@occhealth/core';
import {
  type CellValue,
  type ColumnNode,
  type ColumnType,
  defineTable,
  type LeafColumn,
  type Row,
  type Table,
  type Text,
} from '../model.js';

interface FormColumnShape {
  readonly id: string;
  readonly label: Text;
  readonly group?: string;
  readonly type: string;
}

interface FormShape {
  readonly columns?: readonly FormColumnShape[];
  readonly groups?: readonly { readonly id: string; readonly label: Text }[];
  readonly header?: readonly { readonly id: string; readonly label: Text }[];
  readonly note?: Text;
  readonly totalRow?: Text;
}

/** Options of {@link formTable}. */
export interface FormTableOptions {
  /** Columns the caller has no data source for: their cells stay blank and a footnote says so. */
  readonly unsourced?: readonly string[];
}

function typeOf(formType: string): ColumnType {
  switch (formType) {
    case 'seq':
    case 'count':
      return { kind: 'count' };
    case 'boolean':
      return { kind: 'yes-no' };
    default:
      return { kind: 'text' };
  }
}

/**
 * A form of a plan as a table, columns in order (a run of columns sharing a `group` sits under
 * one merged header cell). Cells of `unsourced` columns are blanked, and a footnote names them.
 * Throws `ValidationError` when the form lists no columns or a cell names no column.
 * @example formTable(yunnanSmeAssistance.forms[2]!, []).leaves.length // 16
 */
export function formTable(
  form: Form,
  rows: readonly Readonly<Record<string, CellValue>>[],
  options: FormTableOptions = {},
): Table {
  const shape = form as Form & FormShape;
  const columns = shape.columns ?? [];
  const groups = new Map((shape.groups ?? []).map((g) => [g.id, g.label]));
  const tree: ColumnNode[] = [];
  let open: { id: string; children: LeafColumn[] } | undefined;
  for (const c of columns) {
    const leaf: LeafColumn = { id: c.id, label: c.label, type: typeOf(c.type) };
    if (c.group === undefined) {
      open = undefined;
      tree.push(leaf);
    } else if (open?.id === c.group) {
      open.children.push(leaf);
    } else {
      open = { id: c.group, children: [leaf] };
      tree.push({ label: groups.get(c.group) ?? { zh: c.group }, children: open.children });
    }
  }
  const unsourced = new Set(options.unsourced ?? []);
  const blanked = columns.filter((c) => unsourced.has(c.id));
  const body: Row[] = rows.map((cells) => ({
    cells: Object.fromEntries(Object.entries(cells).filter(([id]) => !unsourced.has(id))),
  }));
  const footnotes: Text[] = [];
  if (form.source?.quote) footnotes.push({ zh: `备注：${form.source.quote}` });
  if (shape.note) footnotes.push(shape.note);
  if (blanked.length > 0) {
    footnotes.push({
      zh: `以下列暂无数据来源，留空：${blanked.map((c) => c.label.zh).join('、')}。`,
      en: `No data source yet, left blank: ${blanked.map((c) => c.label.en ?? c.label.zh).join('; ')}.`,
    });
  }
  return defineTable({
    id: form.id,
    title: form.label,
    // A form number is a 附表 / 附件 number the seed prints above the form, not a clause reference.
    ...(form.source?.clause && /^附表\d+$/.test(form.source.clause)
      ? { formNumber: form.source.clause }
      : {}),
    headerLines: (shape.header ?? []).map((h) => ({
      zh: `${h.label.zh}：`,
      ...(h.label.en ? { en: `${h.label.en}:` } : {}),
    })),
    columns: tree,
    rows: body,
    footnotes,
    ...(form.source
      ? {
          source: {
            doc: form.source.doc,
            ...(form.source.clause ? { clause: form.source.clause } : {}),
          },
        }
      : {}),
  });
}
