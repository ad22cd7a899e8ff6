/**
 * @module csv
 * CSV for Excel and for machines, written by csv-stringify: UTF-8 with a byte-order mark (so
 * Excel opens Chinese correctly), CRLF line ends, RFC 4180 quoting (a cell with a comma, quote,
 * CR or LF is quoted, quotes doubled).
 */
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula, plainCell } from './format.js';
import { cellOf, joinedHeaders, type Lang, type Table, textIn } from './model.js';

/** Options of {@link renderCsv}. */
export interface CsvOptions {
  /** Language of labels (default `both`). */
  readonly lang?: Lang;
  /**
   * Header: `joined` (default) writes one row whose labels are the group labels joined to the
   * leaf label with ` / ` (e.g. `工作开展情况 / 职业健康检查`); `leaf` writes the leaf labels only;
   * `none` writes no header.
   */
  readonly header?: 'joined' | 'leaf' | 'none';
  /** Start with a UTF-8 byte-order mark (default true). */
  readonly bom?: boolean;
}

/**
 * A table as CSV text: header row, then one record per row. Numbers are plain (`2782`, a percent
 * as its rounded value `86.5`); the title block, footnotes and source are not written (CSV has one
 * table per file). Every text cell beginning with `=`, `+`, `-`, `@`, a tab or CR is prefixed with
 * `'` (OWASP CSV-injection practice) so a spreadsheet shows it as text.
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
 * const csv = renderCsv(table, { header: 'leaf' });
 * console.log(csv.startsWith('\uFEFF'), csv.includes('昆明市,2782')); // a BOM for Excel; plain numbers
 * // → true true
 * ```
 */
export function renderCsv(table: Table, options: CsvOptions = {}): string {
  const lang = options.lang ?? 'both';
  const records: string[][] = [];
  const mode = options.header ?? 'joined';
  if (mode === 'joined') records.push(joinedHeaders(table, lang).map(neutraliseFormula));
  if (mode === 'leaf')
    records.push(table.leaves.map((l) => neutraliseFormula(textIn(l.label, lang))));
  for (const row of table.rows) {
    records.push(
      table.leaves.map((column) => {
        const cell = cellOf(row.cells[column.id], column);
        const text = plainCell(cell, lang);
        return cell.type.kind === 'text' ? neutraliseFormula(text) : text;
      }),
    );
  }
  // csv-stringify quotes only a CRLF by itself; RFC 4180 wants any CR or LF quoted.
  return stringify(records, {
    bom: options.bom ?? true,
    record_delimiter: 'windows',
    eof: true,
    quoted_match: /[\r\n]/,
  });
}
