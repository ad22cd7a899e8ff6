/**
 * @module text
 * Plain text for terminals and Markdown (GitHub tables), aligned by East-Asian display width
 * (`string-width`: a Chinese character or an emoji takes two columns).
 */
import stringWidth from 'string-width';
import { displayCell } from './format.js';
import { cellOf, joinedHeaders, type Lang, type LeafColumn, type Table, textIn } from './model.js';

/** Options of {@link renderText} and {@link renderMarkdown}. */
export interface TextOptions {
  /** Language of labels (default `both`). */
  readonly lang?: Lang;
  /** Print the title block, footnotes and source (default true). */
  readonly frame?: boolean;
  /** What a blank cell shows (default `—` for numbers and dates, nothing for text). */
  readonly blank?: string;
  /** Cells wider than this many columns are cut with `…` (default: no limit). */
  readonly maxCellWidth?: number;
}

function alignOf(column: LeafColumn): 'left' | 'right' {
  if (column.align) return column.align;
  return ['count', 'percent', 'number'].includes(column.type.kind) ? 'right' : 'left';
}

function truncate(text: string, max: number | undefined): string {
  if (max === undefined || stringWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(`${out}${ch}…`) > max) break;
    out += ch;
  }
  return `${out}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Control characters (tab, CR, LF, …) would break a terminal's columns: each becomes a space. */
function withoutControls(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n/g, ' ')) {
    const cp = ch.codePointAt(0)!;
    out += cp < 0x20 || cp === 0x7f ? ' ' : ch;
  }
  return out;
}

/** The body of a table as display strings (indent applied to the first column). */
function bodyCells(table: Table, options: TextOptions): string[][] {
  const lang = options.lang ?? 'both';
  return table.rows.map((row) =>
    table.leaves.map((column, i) => {
      const cell = cellOf(row.cells[column.id], column);
      let text = displayCell(cell, lang);
      if (text === '')
        text =
          options.blank ?? (cell.type.kind === 'text' || cell.type.kind === 'yes-no' ? '' : '—');
      text = truncate(withoutControls(text), options.maxCellWidth);
      return i === 0 && row.indent ? `${'  '.repeat(row.indent)}${text}` : text;
    }),
  );
}

function frameTop(table: Table, lang: Lang): string[] {
  const out = [
    [table.formNumber, textIn(table.title, lang)].filter((s) => s !== undefined).join('  '),
  ];
  for (const line of table.headerLines ?? []) out.push(textIn(line, lang));
  return out;
}

function frameBottom(table: Table, lang: Lang): string[] {
  const out = (table.footnotes ?? []).map((f) => textIn(f, lang));
  if (table.source) {
    const label = textIn({ zh: '来源', en: 'Source' }, lang);
    out.push(`${label}: ${[table.source.doc, table.source.clause].filter(Boolean).join(' ')}`);
  }
  return out;
}

/**
 * A table as plain text: one header row (group labels joined with ` / `), a rule of `─`, the
 * rows; columns separated by two spaces and padded by display width; numbers right-aligned.
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
 * const text = renderText(table, { lang: 'zh', frame: false });
 * console.log(text.split('\n').some((line) => line.includes('昆明市') && line.endsWith('2,782')));
 * // → true
 * ```
 */
export function renderText(table: Table, options: TextOptions = {}): string {
  const lang = options.lang ?? 'both';
  const header = joinedHeaders(table, lang);
  const body = bodyCells(table, options);
  const widths = header.map((h, i) =>
    Math.max(stringWidth(h), ...body.map((r) => stringWidth(r[i]!))),
  );
  const aligns = table.leaves.map(alignOf);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, aligns[i]!))
      .join('  ')
      .trimEnd();
  const lines = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)];
  if (options.frame === false) return lines.join('\n');
  return [...frameTop(table, lang), ...lines, ...frameBottom(table, lang)].join('\n');
}

/** @internal Escape Markdown table and inline syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/**
 * A table as a GitHub Markdown table, padded by display width so Chinese columns line up in a
 * monospace editor; `|`, `\` and `<` in cells are escaped; the title block is a heading.
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
 * const md = renderMarkdown(table, { lang: 'zh' });
 * console.log(md.split('\n').some((line) => /^\| *昆明市 *\| *2,782 *\|$/.test(line)));
 * // → true
 * ```
 */
export function renderMarkdown(table: Table, options: TextOptions = {}): string {
  const lang = options.lang ?? 'both';
  const header = joinedHeaders(table, lang).map(escapeMarkdown);
  const body = bodyCells(table, options).map((r) =>
    r.map((c, i) =>
      escapeMarkdown(i === 0 ? c.replace(/^( +)/, (s) => '\u3000'.repeat(s.length / 2)) : c),
    ),
  );
  const widths = header.map((h, i) =>
    Math.max(3, stringWidth(h), ...body.map((r) => stringWidth(r[i]!))),
  );
  const aligns = table.leaves.map(alignOf);
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => pad(c, widths[i]!, aligns[i]!)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (aligns[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  const lines = [line(header), rule, ...body.map(line)];
  if (options.frame === false) return lines.join('\n');
  const [title, ...rest] = frameTop(table, lang);
  return [
    `### ${escapeMarkdown(title!)}`,
    '',
    ...rest.map((l) => `${escapeMarkdown(l)}  `),
    ...(rest.length ? [''] : []),
    ...lines,
    '',
    ...frameBottom(table, lang).map((l) => `${escapeMarkdown(l)}  `),
  ]
    .join('\n')
    .trimEnd();
}
