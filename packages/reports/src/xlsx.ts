/**
 * @module xlsx
 * XLSX workbooks with exceljs, written through its streaming writer (rows are committed as they
 * are written, so memory stays bounded for big tables): one sheet per table, merged multi-row
 * headers, frozen header panes, real numbers with number formats, column widths that fit Chinese
 * text, A4 print setup with the header rows repeated on every page, workbook properties.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import stringWidth from 'string-width';
import { displayCell, neutraliseFormula, numericCell, plainCell } from './format.js';
import { type ColumnType, cellOf, type Lang, type Table, textIn } from './model.js';

/** Options of {@link writeXlsx} and {@link renderXlsx}. */
export interface XlsxOptions {
  /** Language of labels (default `both`). */
  readonly lang?: Lang;
  /** Workbook creator (default `occhealth`). */
  readonly creator?: string;
  /** Workbook title (default: the first table's title). */
  readonly title?: string;
  /** Created/modified time stamp written into the workbook (default: now). */
  readonly created?: Date;
}

/**
 * The Excel number format of a column type (undefined: text).
 * @example numberFormat({ kind: 'count' }) // '#,##0'
 * @example numberFormat({ kind: 'percent', decimals: 1 }) // '0.0"%"'
 */
export function numberFormat(type: ColumnType): string | undefined {
  switch (type.kind) {
    case 'count':
      return type.signed ? '+#,##0;-#,##0;0' : '#,##0';
    case 'percent':
      return `${type.decimals > 0 ? `0.${'0'.repeat(type.decimals)}` : '0'}"%"`;
    case 'number':
      return type.decimals > 0 ? `0.${'0'.repeat(type.decimals)}` : '0';
    case 'date':
      return 'yyyy-mm-dd';
    default:
      return undefined;
  }
}

/** Sheet names: at most 31 characters, none of `[]:*?/\`, unique. */
function sheetName(table: Table, used: Set<string>): string {
  const base =
    (table.formNumber ?? table.title.zh).replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}(${n})`;
  used.add(name);
  return name;
}

function excelColumn(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function addTable(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  table: Table,
  name: string,
  lang: Lang,
) {
  const width = table.leaves.length;
  const top = 1 + (table.headerLines?.length ?? 0) + 1; // title, header lines, then headers
  const headerDepth = table.headerRows.length;
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: top - 1 + headerDepth }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: width > 6 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${top}:${top - 1 + headerDepth}`,
      horizontalCentered: true,
    },
  });
  // Widths by display width (a Chinese character is two), over header and body.
  const widths = table.leaves.map((l) =>
    Math.min(60, Math.max(6, stringWidth(textIn(l.label, lang)) + 2)),
  );
  for (const row of table.rows) {
    table.leaves.forEach((column, i) => {
      const text = displayCell(cellOf(row.cells[column.id], column), lang);
      widths[i] = Math.min(
        60,
        Math.max(widths[i]!, stringWidth(text) + 2 + (i === 0 ? 2 * (row.indent ?? 0) : 0)),
      );
    });
  }
  sheet.columns = widths.map((w) => ({ width: w }));
  const last = excelColumn(width);

  // Title block.
  const title = [table.formNumber, textIn(table.title, lang)]
    .filter((s) => s !== undefined)
    .join('  ');
  const titleRow = sheet.addRow([neutraliseFormula(title)]);
  titleRow.font = { bold: true, size: 14 };
  titleRow.alignment = { horizontal: 'center' };
  sheet.mergeCells(`A1:${last}1`);
  titleRow.commit();
  (table.headerLines ?? []).forEach((line, i) => {
    const row = sheet.addRow([neutraliseFormula(textIn(line, lang))]);
    sheet.mergeCells(`A${i + 2}:${last}${i + 2}`);
    row.commit();
  });

  // Header rows, merged as derived by the model.
  const grid: (string | null)[][] = table.headerRows.map(() => Array(width).fill(null));
  const merges: string[] = [];
  table.headerRows.forEach((cells, r) => {
    for (const cell of cells) {
      grid[r]![cell.column] = neutraliseFormula(textIn(cell.label, lang));
      if (cell.colSpan > 1 || cell.rowSpan > 1) {
        merges.push(
          `${excelColumn(cell.column + 1)}${top + r}:${excelColumn(cell.column + cell.colSpan)}${top + r + cell.rowSpan - 1}`,
        );
      }
    }
  });
  // The streaming writer merges only rows not yet committed: add every header row, merge, commit.
  const headerRows = grid.map((values) => {
    const row = sheet.addRow(values);
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    for (let c = 1; c <= width; c++) row.getCell(c).border = BORDER;
    return row;
  });
  for (const m of merges) sheet.mergeCells(m);
  for (const row of headerRows) row.commit();

  // Body.
  for (const data of table.rows) {
    const row = sheet.addRow([]);
    table.leaves.forEach((column, i) => {
      const cell = cellOf(data.cells[column.id], column);
      const target = row.getCell(i + 1);
      target.border = BORDER;
      const fmt = numberFormat(cell.type);
      const number = numericCell(cell);
      if (number !== undefined) {
        target.value = number;
        target.numFmt = fmt!;
      } else if (cell.type.kind === 'date' && typeof cell.value === 'string') {
        // A calendar date: midnight UTC of that day is its Excel serial, whatever the machine's zone.
        const [y, m, d] = cell.value.split('-').map(Number) as [number, number, number];
        target.value = new Date(Date.UTC(y, m - 1, d));
        target.numFmt = fmt!;
      } else if (cell.value !== null) {
        target.value = neutraliseFormula(plainCell(cell, lang));
        target.alignment = {
          wrapText: true,
          vertical: 'top',
          ...(i === 0 && data.indent ? { indent: data.indent } : {}),
        };
      }
    });
    if (data.kind === 'total' || data.kind === 'subtotal') row.font = { bold: true };
    row.commit();
  }

  // Footnotes and source.
  const notes = (table.footnotes ?? []).map((f) => textIn(f, lang));
  if (table.source) {
    notes.push(
      `${textIn({ zh: '来源', en: 'Source' }, lang)}: ${[table.source.doc, table.source.clause].filter(Boolean).join(' ')}`,
    );
  }
  for (const note of notes) {
    const row = sheet.addRow([neutraliseFormula(note)]);
    sheet.mergeCells(`A${row.number}:${last}${row.number}`);
    row.alignment = { wrapText: true };
    row.commit();
  }
  sheet.commit();
}

/**
 * Write tables as one XLSX workbook (one sheet per table) to a stream, streaming row by row.
 * Resolves when the workbook is complete. Text cells are neutralised against formula injection
 * like CSV's (a leading `'` before `=`, `+`, `-`, `@`, tab, CR).
 * @example
 * ```ts check
 * import { createWriteStream } from 'node:fs';
 * const table = defineTable({
 *   id: 'declarations', title: { zh: '申报情况', en: 'Declarations' },
 *   columns: [
 *     { id: 'region', label: { zh: '地区', en: 'Region' }, type: { kind: 'text' } },
 *     { id: 'declared', label: { zh: '申报数', en: 'Declared' }, type: { kind: 'count' } },
 *   ],
 *   rows: [{ cells: { region: '昆明市', declared: 2782 } }],
 * });
 * await writeXlsx([table], createWriteStream('report.xlsx'));
 * ```
 */
export async function writeXlsx(
  tables: readonly Table[],
  stream: Writable,
  options: XlsxOptions = {},
): Promise<void> {
  const lang = options.lang ?? 'both';
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = options.creator ?? 'occhealth';
  workbook.title = options.title ?? (tables[0] ? textIn(tables[0].title, lang) : 'occhealth');
  const created = options.created ?? new Date();
  workbook.created = created;
  workbook.modified = created;
  const used = new Set<string>();
  for (const table of tables) addTable(workbook, table, sheetName(table, used), lang);
  await workbook.commit();
}

/**
 * Tables as one XLSX workbook in memory (see {@link writeXlsx}).
 * @example
 * ```ts
 * const table = defineTable({
 *   id: 'declarations', title: { zh: '申报情况', en: 'Declarations' },
 *   columns: [
 *     { id: 'region', label: { zh: '地区', en: 'Region' }, type: { kind: 'text' } },
 *     { id: 'declared', label: { zh: '申报数', en: 'Declared' }, type: { kind: 'count' } },
 *   ],
 *   rows: [{ cells: { region: '昆明市', declared: 2782 } }],
 * });
 * const bytes = await renderXlsx([table], { lang: 'zh' });
 * console.log(bytes.subarray(0, 2).toString('latin1')); // a workbook is a ZIP archive
 * // → PK
 * ```
 */
export async function renderXlsx(
  tables: readonly Table[],
  options: XlsxOptions = {},
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeXlsx(tables, sink, options);
  await done;
  return Buffer.concat(chunks);
}
