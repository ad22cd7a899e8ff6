/**
 * @module render
 * Tables out of the CLI: every format goes through `@occhealth/reports`' renderers.
 */
import type { Lang, Table } from '@occhealth/reports';
import type { CliLang } from './context.js';

/** Output formats of tables. */
export const TABLE_FORMATS = ['table', 'json', 'csv', 'xlsx', 'html', 'md'] as const;
/** One of {@link TABLE_FORMATS}. */
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Render `tables` as `format` (xlsx gives bytes). `json` is handled by each command. */
export async function renderTables(
  tables: readonly Table[],
  format: Exclude<TableFormat, 'json'>,
  lang: CliLang,
  title?: string,
): Promise<string | Uint8Array> {
  const reports = await import('@occhealth/reports');
  const both: Lang = 'both';
  switch (format) {
    case 'table':
      return tables.map((t) => reports.renderText(t, { lang })).join('\n\n');
    case 'md':
      return tables.map((t) => reports.renderMarkdown(t, { lang })).join('\n\n');
    case 'csv':
      return tables.map((t) => reports.renderCsv(t)).join('\r\n');
    case 'html':
      return reports.renderHtml(tables, { lang: both, ...(title ? { title } : {}) });
    case 'xlsx':
      return reports.renderXlsx(tables, { lang: both });
  }
}
