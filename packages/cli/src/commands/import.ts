/**
 * @module commands/import
 * `occhealth import <db> <kind> <file>`: load a CSV, JSON or NDJSON file through
 * `@occhealth/import`, with a progress bar (rows/s, ETA) on a terminal, a summary, and the
 * rejected rows written to `<file>.rejected.csv` beside the input.
 */
import { createReadStream, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  IMPORT_KINDS,
  type ImportKind,
  NotFoundError,
  ValidationError,
  type ValidationIssue,
} from '@occhealth/core';
import { type ImportResult, importFile } from '@occhealth/import';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { startProgress } from '../progress.js';
import { oneOf, pathIn, printJson, withStore } from '../shared.js';

/** Options of {@link importCommand}. */
export interface ImportCommandOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
  /** What the file holds: `regions`, `employers`, `facts` or `dataValues`. */
  readonly kind: string;
  /** The file to import. */
  readonly file: string;
  /** Write the good rows and reject the bad ones (default: all or nothing). */
  readonly validRows?: boolean;
  /** `csv`, `json`, `ndjson` or `auto` (default, by extension). */
  readonly format?: string;
  /** Text encoding, e.g. `gbk` (default UTF-8). */
  readonly encoding?: string;
}

/** Count line breaks of a file (streamed), to give the progress bar a total. */
async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** Quote one CSV cell (RFC 4180). */
function cell(value: unknown): string {
  const s = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The text of the given physical lines of a file. */
async function linesOf(path: string, wanted: ReadonlySet<number>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  const max = Math.max(...wanted);
  let n = 0;
  const rl = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of rl) {
    n++;
    if (wanted.has(n)) out.set(n, line);
    if (n >= max) break;
  }
  rl.close();
  return out;
}

/**
 * Write the rejected rows beside the input: one line per problem with the file line, field, value,
 * rule, both messages and the row's original text (UTF-8 with BOM, so Excel shows Chinese).
 */
async function writeRejected(path: string, issues: readonly ValidationIssue[]): Promise<string> {
  const target = `${path}.rejected.csv`;
  const rows = new Set(issues.map((i) => i.row).filter((r): r is number => r !== undefined));
  const text = await linesOf(path, rows);
  const lines = ['行 line,字段 field,值 value,规则 rule,说明 message_zh,message,原行 row'];
  for (const i of issues) {
    lines.push(
      [
        i.row ?? '',
        i.path,
        i.value,
        i.rule,
        i.messageZh,
        i.message,
        i.row === undefined ? '' : text.get(i.row),
      ]
        .map(cell)
        .join(','),
    );
  }
  writeFileSync(target, `\uFEFF${lines.join('\r\n')}\r\n`);
  return target;
}

/**
 * Import `file` into the store `db`. Exit 0 when every row was accepted, 3 when rows were rejected
 * (listed in `<file>.rejected.csv`; in all-or-nothing mode nothing was written), 4 for a missing
 * file or store.
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await importCommand(ctx, { db: 'occhealth.db', kind: 'employers', file: 'employers.csv', validRows: true }); // 3 when rows were rejected
 * ```
 */
export async function importCommand(
  ctx: CommandContext,
  options: ImportCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const kind = oneOf<ImportKind>('<kind>', options.kind, IMPORT_KINDS, 'regions');
  const format = oneOf(
    '--format',
    options.format,
    ['csv', 'json', 'ndjson', 'auto'] as const,
    'auto',
  );
  const path = pathIn(ctx, options.file);
  if (!existsSync(path)) throw new NotFoundError('file', options.file, '文件');
  const rejectedPath = `${path}.rejected.csv`;
  rmSync(rejectedPath, { force: true });
  const mode = options.validRows ? 'valid-rows' : 'all-or-nothing';
  const started = performance.now();
  const total =
    statSync(path).isFile() && /\.(csv|txt|ndjson|jsonl)$/i.test(path) ? await countLines(path) : 0;
  const bar = await startProgress(
    ctx,
    lang,
    total > 1 ? total - (/\.(csv|txt)$/i.test(path) ? 1 : 0) : 0,
  );
  let result: ImportResult;
  try {
    result = await withStore(ctx, options.db, (store) =>
      importFile(store, {
        kind,
        path,
        format,
        mode,
        ...(options.encoding ? { encoding: options.encoding } : {}),
        onProgress: (p) => bar?.update(p.rowsRead),
      }),
    );
  } catch (error) {
    bar?.stop();
    if (error instanceof ValidationError && error.issues.some((i) => i.row !== undefined)) {
      const written = await writeRejected(path, error.issues);
      ctx.stderr.write(
        say(
          lang,
          `未写入任何行；被拒绝的行见 ${written}\n`,
          `nothing was written; the rejected rows are in ${written}\n`,
        ),
      );
    }
    throw error;
  }
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  const counts = result[kind];
  const rejected = result.rejectedCount;
  const written =
    result.rejected.length > 0 ? await writeRejected(path, result.rejected) : undefined;
  const summary = {
    db: pathIn(ctx, options.db),
    file: path,
    kind,
    mode,
    rowsRead: result.rowsRead,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: counts.unchanged,
    rejected,
    seconds: Number(seconds.toFixed(3)),
    rowsPerSecond: Math.round(result.rowsRead / Math.max(seconds, 1e-3)),
    ...(written ? { rejectedFile: written } : {}),
  };
  if (options.json) printJson(ctx, summary);
  else {
    ctx.stdout.write(
      say(
        lang,
        `导入 ${kind}：读取 ${summary.rowsRead} 行，新增 ${summary.inserted}，更新 ${summary.updated}，未变 ${summary.unchanged}，拒绝 ${rejected}；${seconds.toFixed(1)} 秒（${summary.rowsPerSecond} 行/秒）\n`,
        `imported ${kind}: ${summary.rowsRead} rows read, ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${rejected} rejected in ${seconds.toFixed(1)} s (${summary.rowsPerSecond} rows/s)\n`,
      ),
    );
    if (written)
      ctx.stdout.write(say(lang, `被拒绝的行：${written}\n`, `rejected rows: ${written}\n`));
  }
  return rejected > 0 ? EXIT.invalid : EXIT.ok;
}
