/**
 * @module html
 * One standalone, printable HTML file: no script, no network, no web font (government intranets
 * have none); A4 pages, a page break between tables, header rows repeated on every printed page
 * (`<thead>`), a Chinese font stack with Noto CJK fallbacks, and inline SVG charts.
 */
import type { RoundingMode } from '@occhealth/core';
import type { Decimal } from 'decimal.js';
import { displayCell, shown } from './format.js';
import { cellOf, type Lang, type LeafColumn, type Table, textIn } from './model.js';

/**
 * Escape text for HTML and SVG content and attribute values.
 * @example escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One bar of {@link progressChart}: a region's value against its target (both in percent). */
export interface ProgressBar {
  /** Region name. */
  readonly label: string;
  /** Value, 0–100 (or more). */
  readonly value: Decimal | number;
  /** Target, when the region has one. */
  readonly target?: Decimal | number;
}

/** Options of {@link progressChart}. */
export interface ProgressChartOptions {
  /** Decimal places shown at most: pass the indicator's (`result.decimals`); default 1. */
  readonly decimals?: number;
  /** Rounding of the shown values: the indicator's (`result.rounding`); default half-up. */
  readonly rounding?: RoundingMode;
  /** Language of the chart's own words in its text alternative (default `both`). */
  readonly lang?: Lang;
}

/**
 * A chart for {@link renderHtml}: an SVG string, or a function of the document's language that
 * draws it (so the chart's labels follow `lang`).
 */
export type HtmlChart = string | ((lang: Lang) => string);

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Language of labels (default `both`). */
  readonly lang?: Lang;
  /** Document title (default: the first table's title). */
  readonly title?: string;
  /**
   * SVG charts placed before the tables, each followed by its text alternative (the figures of
   * its `<desc>`); a function is called with `lang`.
   */
  readonly charts?: readonly HtmlChart[];
}

const VALUE_TARGET = { zh: '数值 / 目标', en: 'value / target' } as const;

/** The CJK font stack of every renderer and chart (Noto CJK first, then system fallbacks). */
export const FONT =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'SimSun', sans-serif";

/**
 * A horizontal bar chart of regions against their targets, with each target drawn as a line; the
 * height grows with the number of bars. Has a `<title>` and `<desc>` listing every figure as its
 * text alternative; names are escaped and cut at 16 characters with a visible `…`.
 * @example progressChart('申报率', [{ label: '昆明市', value: 94, target: 100 }])
 */
export function progressChart(
  title: string,
  bars: readonly ProgressBar[],
  options: ProgressChartOptions = {},
): string {
  const decimals = options.decimals ?? 1;
  const rounding = options.rounding ?? 'half-up';
  const bar = 18;
  const gap = 6;
  const left = 150;
  const plot = 400;
  const top = 28;
  const height = top + bars.length * (bar + gap) + 10;
  const width = left + plot + 60;
  const num = (v: Decimal | number) => Number(v);
  const max = Math.max(100, ...bars.map((b) => Math.max(num(b.value), num(b.target ?? 0))));
  const x = (v: Decimal | number) => left + (num(v) / max) * plot;
  const cut = (s: string) => ([...s].length > 16 ? `${[...s].slice(0, 15).join('')}…` : s);
  // Figures are shown exactly, cut to the indicator's decimals in its rounding when longer.
  const label = (v: Decimal | number) => shown(v, decimals, rounding);
  const desc = bars
    .map(
      (b) =>
        `${b.label}: ${label(b.value)}${b.target === undefined ? '' : ` / ${label(b.target)}`}`,
    )
    .join('; ');
  const key =
    options.lang === undefined || bars.every((b) => b.target === undefined)
      ? ''
      : `${textIn(VALUE_TARGET, options.lang)}: `;
  const fullDesc = `${key}${desc}`;
  const rows = bars.map((b, i) => {
    const y = top + i * (bar + gap);
    const met = b.target === undefined || num(b.value) >= num(b.target);
    return [
      `<text x="${left - 6}" y="${y + bar - 5}" text-anchor="end">${escapeHtml(cut(b.label))}</text>`,
      `<rect x="${left}" y="${y}" width="${(x(b.value) - left).toFixed(1)}" height="${bar}" fill="${met ? '#2e7d32' : '#c62828'}"/>`,
      `<text x="${(x(b.value) + 4).toFixed(1)}" y="${y + bar - 5}">${label(b.value)}</text>`,
      b.target === undefined
        ? ''
        : `<line x1="${x(b.target).toFixed(1)}" x2="${x(b.target).toFixed(1)}" y1="${y - 2}" y2="${y + bar + 2}" stroke="#000" stroke-width="2" class="target"/>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeHtml(FONT)}" font-size="12">`,
    `<title>${escapeHtml(title)}</title><desc>${escapeHtml(fullDesc)}</desc>`,
    `<text x="0" y="16" font-weight="bold">${escapeHtml(title)}</text>`,
    ...rows,
    '</svg>',
  ].join('\n');
}

function alignOf(column: LeafColumn): string {
  if (column.align) return column.align;
  return ['count', 'percent', 'number'].includes(column.type.kind) ? 'right' : 'left';
}

/** @internal One table as an HTML section (title, header lines, table, footnotes, source). */
export function tableHtml(table: Table, lang: Lang): string {
  const head = table.headerRows
    .map(
      (cells) =>
        `<tr>${cells
          .map(
            (c) =>
              `<th${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''} scope="col">${escapeHtml(textIn(c.label, lang))}</th>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  const body = table.rows
    .map((row) => {
      const cells = table.leaves.map((column, i) => {
        const text = escapeHtml(displayCell(cellOf(row.cells[column.id], column), lang));
        const indent =
          i === 0 && row.indent ? ` style="padding-left:${0.3 + row.indent * 1.2}em"` : '';
        return `<td class="${alignOf(column)}"${indent}>${text}</td>`;
      });
      const classes = [
        ...(row.kind && row.kind !== 'data' ? [row.kind] : []),
        ...(row.highlight ? ['highlight'] : []),
      ];
      return `<tr${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  const title = [table.formNumber, textIn(table.title, lang)].filter((s) => s !== undefined);
  const caption = `<caption class="alt">${escapeHtml(title.join(' '))}</caption>`;
  const notes = (table.footnotes ?? []).map(
    (f) => `<p class="note">${escapeHtml(textIn(f, lang))}</p>`,
  );
  if (table.source) {
    notes.push(
      `<p class="note">${escapeHtml(`${textIn({ zh: '来源', en: 'Source' }, lang)}: ${[table.source.doc, table.source.clause].filter(Boolean).join(' ')}`)}</p>`,
    );
  }
  return [
    '<section class="table">',
    `<h2>${title.map(escapeHtml).join('　')}</h2>`,
    ...(table.headerLines ?? []).map(
      (l) => `<p class="header-line">${escapeHtml(textIn(l, lang))}</p>`,
    ),
    `<table>\n${caption}\n<thead>\n${head}\n</thead>\n<tbody>\n${body}\n</tbody>\n</table>`,
    ...notes,
    '</section>',
  ].join('\n');
}

/**
 * @internal A chart in a `<figure>` with its text alternative: the SVG's title and `<desc>` (every
 * figure it draws) as a visually hidden caption, read by screen readers and kept when the SVG is
 * not shown.
 */
export function figureHtml(svg: string): string {
  const title = /<title>([\s\S]*?)<\/title>/.exec(svg)?.[1] ?? '';
  const desc = /<desc>([\s\S]*?)<\/desc>/.exec(svg)?.[1] ?? '';
  // Both are already escaped by the chart functions.
  return `<figure>${svg}<figcaption class="alt">${title}${desc ? `: ${desc}` : ''}</figcaption></figure>`;
}

/**
 * Tables (and charts) as one standalone HTML document: everything inline, no script, every text
 * escaped. Printing gives A4 pages, one table per page run, header rows repeated on each page.
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
 * const html = renderHtml([table], { lang: 'zh' });
 * console.log(html.includes('昆明市'), html.includes('<script'));
 * // → true false
 * ```
 */
export function renderHtml(tables: readonly Table[], options: HtmlOptions = {}): string {
  const lang = options.lang ?? 'both';
  const title = options.title ?? (tables[0] ? textIn(tables[0].title, lang) : 'occhealth');
  const charts = (options.charts ?? []).map((chart) =>
    figureHtml(typeof chart === 'function' ? chart(lang) : chart),
  );
  return htmlDocument(
    title,
    lang,
    [...charts, ...tables.map((t) => tableHtml(t, lang))].join('\n'),
  );
}

/** @internal The standalone, printable page around a body: CSP, A4, the CJK font stack. */
export function htmlDocument(title: string, lang: Lang, body: string): string {
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font-family: ${FONT}; font-size: 10.5pt; color: #000; }
h2 { font-size: 14pt; text-align: center; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 2px 4px; overflow-wrap: anywhere; }
th { background: #eee; }
td.right { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td, tr.subtotal td { font-weight: bold; }
tr.highlight td { background: #fde2e1; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
section.table + section.table { break-before: page; }
section.doc section.table + section.table { break-before: auto; }
h1 { font-size: 16pt; text-align: center; }
h3 { font-size: 12pt; }
.placeholder { border: 1px dashed #888; padding: 0.5em; color: #444; }
.note { font-size: 9pt; }
.alt { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
figure { margin: 0 0 1em; break-inside: avoid; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
