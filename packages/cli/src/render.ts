/**
 * @module render
 * Tables out of the CLI: every format goes through `@occhealth/reports`' renderers.
 */
import type { Lang, Table } from '@occhealth/reports';
import type { CliLang } from './context.js';
import { UsageError } from './failure.js';
import { oneOf } from './shared.js';

/** Output formats of tables. */
export const TABLE_FORMATS = ['table', 'json', 'csv', 'xlsx', 'html', 'md'] as const;
/** One of {@link TABLE_FORMATS}. */
export type TableFormat = (typeof TABLE_FORMATS)[number];

/**
 * The `--format` of a table command: `--format` as given, else `json` under `--json`, else `table`.
 * Every table command takes its format here, so each refuses `--format xlsx` without `--out` alike
 * (see {@link assertOutForXlsx}).
 * @throws UsageError naming the allowed formats, or `--out` for xlsx without it (exit code 2).
 */
export function tableFormatOf(options: {
  readonly format?: string;
  readonly json?: boolean;
  readonly out?: string;
}): TableFormat {
  const format = oneOf(
    '--format',
    options.format ?? (options.json ? 'json' : undefined),
    TABLE_FORMATS,
    'table',
  );
  assertOutForXlsx(format, options.out);
  return format;
}

/**
 * Refuse `--format xlsx` without `--out`: a workbook is bytes, never written to stdout (a
 * terminal or a pipe alike).
 * @throws UsageError naming `--out` (exit code 2).
 */
export function assertOutForXlsx(format: string, out: string | undefined): void {
  if (format === 'xlsx' && out === undefined) {
    throw new UsageError(
      '--out',
      undefined,
      '--format xlsx needs --out <file>: a workbook is binary and is never written to stdout',
      '--format xlsx 需要 --out <文件>：工作簿为二进制文件，不写到标准输出',
    );
  }
}

/**
 * Render `tables` as `format` (xlsx gives bytes). `json` is handled by each command.
 * @internal
 */
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
