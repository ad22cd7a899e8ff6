/**
 * @module import
 * Bulk import of regions, employers, facts or data values from CSV, JSON or NDJSON into any
 * `Store`. Into a store with the port's optional `bulk` capability (the SQLite store), rows are
 * stream-parsed and written chunk by chunk inside ONE session, so an import commits at once or not
 * at all and memory is bounded by the chunk size, not the file: duplicate keys are found by keys
 * the store holds for the session, and the rejected-row report is capped with a count. Into any
 * other store the file is written with one `store.write`. Every rejected row is reported with its
 * file line, field, value and rule.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  type Actor,
  type BulkSession,
  ConflictError,
  emptyWriteResult,
  IMPORT_KINDS,
  type ImportKind,
  NotFoundError,
  OccHealthError,
  parseBatch,
  RECORD_KINDS,
  redactIssue,
  type Store,
  StoreError,
  ValidationError,
  type ValidationIssue,
  type WriteMode,
  type WriteOptions,
  type WriteResult,
} from '@occhealth/core';
import type { CsvError } from 'csv-parse';
import { z } from 'zod';
import { recordFromCells, resolveHeader } from './columns.js';
import { CsvParseError, csvRecords } from './csv.js';
import { decodeText, type ImportSource } from './decode.js';
import { jsonRows } from './json-rows.js';

/** Progress of an import, reported after every chunk. */
export interface ImportProgress {
  /** Data rows read from the file so far. */
  readonly rowsRead: number;
  /** Rows accepted so far (inserted, updated or unchanged), not yet committed until the end. */
  readonly rowsWritten: number;
}

/** Options of {@link importText} and {@link importFile}. */
export interface ImportOptions {
  /** What the file holds. */
  readonly kind: ImportKind;
  /**
   * `csv`, `json` (an array, or an object holding the kind's array), `ndjson` (one object per
   * line), or `auto` (default: by file extension, else by the first character).
   */
  readonly format?: 'csv' | 'json' | 'ndjson' | 'auto';
  /**
   * Text encoding. Default: UTF-8 (a BOM is stripped), and a file that is not valid UTF-8 is
   * refused. `'gbk'` (or any iconv-lite encoding) converts.
   */
  readonly encoding?: string;
  /** `all-or-nothing` (default): any bad row and nothing is written. `valid-rows`: write the good rows. */
  readonly mode?: WriteMode;
  /** Called after every chunk of rows is written (inside the still-open transaction). */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Rows per chunk (default 2000, at most 100 000). Regions are always written as one chunk (the tree is checked whole). */
  readonly batchSize?: number;
  /**
   * Most rejected rows listed (default 1000); the rest are counted in
   * {@link ImportResult.rejectedCount} and, in an error, summed up by one `import.more-issues` issue.
   */
  readonly maxIssues?: number;
  /** Who imports (recorded in the audit trail); default the core's `system` actor. */
  readonly actor?: Actor;
  /**
   * SHA-256 (64 lower-case hex digits) of the file, recorded in the audit trail's batch entries.
   * Inserts are audited as one entry per batch (counts and keys); updates one entry per row.
   */
  readonly fileHash?: string;
}

/** Options of {@link importFile}. */
export interface ImportFileOptions extends ImportOptions {
  /** Path of the file to read. */
  readonly path: string;
}

/** What an import did: the write counts (rows rejected carry their file line as `row`). */
export interface ImportResult extends WriteResult {
  /** The kind imported. */
  readonly kind: ImportKind;
  /** Data rows read (header excluded). */
  readonly rowsRead: number;
  /** Problems found in rejected rows, including those beyond `maxIssues` that are not listed. */
  readonly rejectedCount: number;
}

interface LineRow {
  readonly line: number;
  readonly record?: unknown;
  readonly issues?: ValidationIssue[];
}

const optionsSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    format: z.enum(['csv', 'json', 'ndjson', 'auto']).optional(),
    encoding: z.string().min(1).max(64).optional(),
    mode: z.enum(['all-or-nothing', 'valid-rows']).optional(),
    onProgress: z.function().optional(),
    batchSize: z.number().int().min(1).max(100_000).optional(),
    maxIssues: z.number().int().min(1).max(1_000_000).optional(),
    path: z.string().min(1).optional(),
    actor: z.unknown().optional(),
    fileHash: z.string().optional(),
  })
  .strict();

const OPTION_ZH: Record<string, string> = {
  kind: `应为 ${IMPORT_KINDS.join('、')} 之一`,
  format: '应为 csv、json、ndjson 或 auto',
  encoding: '应为编码名称，如 utf-8 或 gbk',
  mode: '应为 all-or-nothing 或 valid-rows',
  onProgress: '应为函数',
  batchSize: '应为 1 至 100000 的整数',
  maxIssues: '应为 1 至 1000000 的整数',
  path: '应为非空的文件路径',
  actor: '应为写入人 { id, role, region }',
  fileHash: '应为 64 位小写十六进制 SHA-256',
};

/** Check the options (and the store) before touching anything. */
function checkOptions(store: unknown, options: unknown): void {
  const issues: ValidationIssue[] = [];
  if (store === null || typeof store !== 'object' || typeof (store as Store).write !== 'function') {
    issues.push({
      path: 'store',
      value: store === null ? null : typeof store,
      rule: 'import.store',
      message: 'store must be a Store (e.g. new MemoryStore() or openSqliteStore(path))',
      messageZh: 'store 必须是存储对象（如 new MemoryStore() 或 openSqliteStore(path)）',
    });
  }
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    for (const zi of result.error.issues) {
      const key =
        zi.code === 'unrecognized_keys' ? zi.keys.join(', ') : String(zi.path[0] ?? '(options)');
      const field = zi.code === 'unrecognized_keys' ? '(options)' : key;
      const value =
        zi.code === 'unrecognized_keys'
          ? zi.keys
          : options !== null && typeof options === 'object'
            ? (options as Record<string, unknown>)[field]
            : options;
      issues.push({
        path: `options.${field}`,
        value: typeof value === 'function' ? 'function' : value,
        rule: `import.option.${field === '(options)' ? (zi.code === 'unrecognized_keys' ? 'unknown' : 'object') : field}`,
        message:
          zi.code === 'unrecognized_keys'
            ? `unknown option ${key}`
            : `option ${field}: ${zi.message}`,
        messageZh:
          zi.code === 'unrecognized_keys'
            ? `未知选项 ${key}`
            : `选项 ${field}：${OPTION_ZH[field] ?? '无效'}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Import a file.
 * @throws ValidationError in `all-or-nothing` mode when any row is bad (every bad row listed, each
 * with its file line), and in both modes when the options or the file itself are malformed
 * (encoding, spreadsheet, unclosed quote, ragged row, bad header, bad JSON, a directory);
 * NotFoundError when the file does not exist; ConflictError on a stale `expectedVersion`
 * (all-or-nothing); StoreError when the store fails (disk full, read-only or corrupt file).
 * @example
 * ```ts check
 * const store = openSqliteStore('occhealth.db');
 * const result = await importFile(store, { kind: 'employers', path: 'employers.csv', mode: 'valid-rows' });
 * for (const r of result.rejected) console.log(`line ${r.row}: ${r.path} ${r.messageZh}`);
 * ```
 */
export async function importFile(store: Store, options: ImportFileOptions): Promise<ImportResult> {
  checkOptions(store, options);
  if (options.path === undefined) {
    throw ValidationError.of({
      path: 'options.path',
      value: undefined,
      rule: 'import.option.path',
      message: 'option path: the path of the file to import is required',
      messageZh: '选项 path 必须给出要导入的文件路径',
    });
  }
  const { path, ...rest } = options;
  await checkFile(path);
  const ext = extname(path).toLowerCase();
  const format =
    (options.format ?? 'auto') !== 'auto'
      ? options.format
      : ext === '.csv' || ext === '.txt'
        ? 'csv'
        : ext === '.json'
          ? 'json'
          : ext === '.ndjson' || ext === '.jsonl'
            ? 'ndjson'
            : 'auto';
  return run(store, readFile(path), { ...rest, format });
}

/** Refuse a missing file, a directory or an unreadable file with a typed error. */
async function checkFile(path: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (info.isDirectory()) throw fileError({ code: 'EISDIR' }, path);
}

function fileError(error: unknown, path: string): OccHealthError {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new NotFoundError('file', path, '文件');
  if (code === 'EISDIR') {
    return ValidationError.of({
      path: 'options.path',
      value: path,
      rule: 'import.is-directory',
      message: `${path} is a directory, not a file`,
      messageZh: `${path} 是目录，不是文件`,
    });
  }
  return ValidationError.of({
    path: 'options.path',
    value: path,
    rule: 'import.unreadable',
    message: `cannot read ${path} (${code ?? (error as Error).message})`,
    messageZh: `无法读取 ${path}（${code ?? (error as Error).message}）`,
  });
}

async function* readFile(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
  } catch (error) {
    throw fileError(error, path);
  }
}

/**
 * Import from text, bytes or a stream of either (e.g. an HTTP request body).
 * @throws the errors of {@link importFile}, except NotFoundError.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * const csv = 'code,name,level,parent\n530000,云南省,province,\n530100,昆明市,prefecture,530000\n';
 * const result = await importText(store, csv, { kind: 'regions' });
 * console.log(result.rowsRead, result.regions.inserted, (await store.regionTree())?.get('530100')?.name.zh);
 * // → 2 2 昆明市
 * ```
 */
export async function importText(
  store: Store,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportResult> {
  checkOptions(store, options);
  if (
    typeof source !== 'string' &&
    !(source instanceof Uint8Array) &&
    (source === null ||
      typeof source !== 'object' ||
      typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')
  ) {
    throw ValidationError.of({
      path: 'source',
      value: source === null ? null : typeof source,
      rule: 'import.source',
      message: 'source must be a string, bytes or an async iterable of either',
      messageZh: 'source 必须是字符串、字节或二者的异步可迭代流',
    });
  }
  return run(store, source, options);
}

async function run(
  store: Store,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportResult> {
  try {
    const kind = options.kind;
    const mode = options.mode ?? 'all-or-nothing';
    const text = decodeText(source, options.encoding);
    let format = options.format ?? 'auto';
    let chunks: AsyncIterable<string> = text;
    if (format === 'auto') {
      const peeked = await peek(text);
      format = /^\s*[[{]/.test(peeked.head) ? 'json' : 'csv';
      chunks = peeked.all;
    }
    const rows =
      format === 'csv' ? csvSource(chunks, kind) : jsonSource(chunks, kind, format === 'ndjson');
    const sink = new Sink(store, kind, mode, options);
    return await sink.run(rows);
  } catch (error) {
    if (error instanceof OccHealthError) throw error;
    throw new StoreError(
      store.name ?? 'store',
      `import failed: ${(error as Error)?.message ?? String(error)}`,
      {
        cause: error,
        messageZh: `导入失败：${(error as Error)?.message ?? String(error)}`,
      },
    );
  }
}

async function peek(
  source: AsyncGenerator<string>,
): Promise<{ head: string; all: AsyncIterable<string> }> {
  const taken: string[] = [];
  let head = '';
  for (;;) {
    if (head.trim() !== '') break;
    const next = await source.next();
    if (next.done) break;
    taken.push(next.value);
    head += next.value;
  }
  async function* all() {
    yield* taken;
    yield* source;
  }
  return { head, all: all() };
}

async function* jsonSource(
  chunks: AsyncIterable<string>,
  kind: ImportKind,
  ndjson: boolean,
): AsyncGenerator<LineRow> {
  for await (const row of jsonRows(chunks, kind, ndjson))
    yield { line: row.line, record: row.record };
}

async function* csvSource(
  chunks: AsyncIterable<string>,
  kind: ImportKind,
): AsyncGenerator<LineRow> {
  let columns: ReturnType<typeof resolveHeader>['columns'] | undefined;
  try {
    for await (const { cells, line } of csvRecords(chunks)) {
      if (!columns) {
        const header = resolveHeader(kind, cells, line);
        if (header.issues.length > 0) throw new ValidationError(header.issues);
        columns = header.columns;
        continue;
      }
      const { record, issues } = recordFromCells(kind, columns, cells, line);
      yield issues.length > 0 ? { line, issues } : { line, record };
    }
  } catch (error) {
    if (error instanceof CsvParseError) throw csvProblem(error.error, error.consumedLines);
    throw error;
  }
  if (!columns) {
    throw ValidationError.of({
      path: '(file)',
      value: '',
      rule: 'csv.empty',
      message: 'the file is empty: a header row is required',
      messageZh: '文件为空：需要表头行',
      row: 1,
    });
  }
}

function csvProblem(error: CsvError, consumedLines: number): ValidationError {
  const line = (error as CsvError & { lines?: number }).lines ?? consumedLines + 1;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const opened = consumedLines + 1;
    return ValidationError.of({
      path: '(file)',
      value: error.message,
      rule: 'csv.unclosed-quote',
      message: `a quoted field opened on line ${opened} is never closed`,
      messageZh: `第 ${opened} 行开始的引号字段没有闭合`,
      row: opened,
    });
  }
  if (
    error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ||
    error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS'
  ) {
    return ValidationError.of({
      path: '(file)',
      value: error.message,
      rule: 'csv.ragged-row',
      message: `line ${line} has a different number of fields than the header (${error.message})`,
      messageZh: `第 ${line} 行的字段数与表头不一致（${error.message}）`,
      row: line,
    });
  }
  return ValidationError.of({
    path: '(file)',
    value: error.message,
    rule: 'csv.malformed',
    message: `malformed CSV on line ${line}: ${error.message}`,
    messageZh: `第 ${line} 行 CSV 格式错误：${error.message}`,
    row: line,
  });
}

/**
 * Collects rows into chunks and writes them: into one bulk session when the store has the
 * capability (memory bounded by the chunk), else in one write of the whole file.
 */
class Sink {
  readonly #issues: ValidationIssue[] = [];
  readonly #max: number;
  #issueCount = 0;
  #counts = { inserted: 0, updated: 0, unchanged: 0 };
  #read = 0;
  #written = 0;

  constructor(
    readonly store: Store,
    readonly kind: ImportKind,
    readonly mode: WriteMode,
    readonly options: ImportOptions,
  ) {
    this.#max = options.maxIssues ?? 1000;
  }

  #writeOptions(): WriteOptions {
    return {
      mode: this.mode,
      ...(this.options.actor === undefined ? {} : { actor: this.options.actor }),
      audit: {
        inserts: 'per-batch',
        ...(this.options.fileHash === undefined ? {} : { fileHash: this.options.fileHash }),
      },
    };
  }

  async run(rows: AsyncIterable<LineRow>): Promise<ImportResult> {
    if (typeof this.store.bulk === 'function') return this.#runBulk(rows);
    return this.#runOnce(rows);
  }

  async #runBulk(rows: AsyncIterable<LineRow>): Promise<ImportResult> {
    const size =
      this.kind === 'regions'
        ? Number.POSITIVE_INFINITY
        : Math.max(1, this.options.batchSize ?? 2000);
    const session: BulkSession = await this.store.bulk!();
    try {
      let chunk: LineRow[] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        const kept = await this.#dropDuplicates(session, chunk);
        chunk = [];
        if (kept.length > 0) {
          const lines = kept.map((r) => r.line);
          const batch = { [this.kind]: kept.map((r) => r.record) };
          try {
            // All-or-nothing chunks are written as store.write would: a stale version is the same
            // ConflictError, a bad row fails its chunk (the session is rolled back at the end).
            this.#add(await session.write(batch, this.#writeOptions()), lines);
          } catch (error) {
            // A bad chunk in all-or-nothing mode: report its rows and read on, so the error lists
            // every bad row of the file (nothing is committed).
            if (!(error instanceof ValidationError)) throw this.#relocate(error, lines);
            this.#collect(error.issues, lines);
          }
        }
        this.options.onProgress?.({ rowsRead: this.#read, rowsWritten: this.#written });
      };
      for await (const row of rows) {
        if (this.#accept(row)) chunk.push(row);
        if (chunk.length >= size) await flush();
      }
      await flush();
      if (this.#issueCount > 0 && this.mode === 'all-or-nothing') {
        throw new ValidationError(this.#listed());
      }
      await session.commit();
    } catch (error) {
      await session.rollback().catch(() => undefined);
      throw error;
    }
    return this.#result();
  }

  /** Rows of a chunk whose key the session has not seen yet (duplicates are reported). */
  async #dropDuplicates(session: BulkSession, chunk: readonly LineRow[]): Promise<LineRow[]> {
    const keyed = chunk.map((row) => ({ row, key: keyOf(this.kind, row.record) }));
    const seen = await session.claimKeys(
      this.kind,
      keyed.flatMap(({ row, key }) => (key === undefined ? [] : [{ key, tag: row.line }])),
    );
    const kept: LineRow[] = [];
    for (const { row, key } of keyed) {
      const first = key === undefined ? undefined : seen.get(key);
      if (first === undefined || first === row.line) kept.push(row);
      else this.#duplicate(key!, first, row.line);
    }
    return kept;
  }

  async #runOnce(rows: AsyncIterable<LineRow>): Promise<ImportResult> {
    const accepted: LineRow[] = [];
    const firstLine = new Map<string, number>();
    for await (const row of rows) {
      if (!this.#accept(row)) continue;
      const key = keyOf(this.kind, row.record);
      const first = key === undefined ? undefined : firstLine.get(key);
      if (first !== undefined) {
        this.#duplicate(key!, first, row.line);
        continue;
      }
      if (key !== undefined) firstLine.set(key, row.line);
      accepted.push(row);
    }
    const lines = accepted.map((r) => r.line);
    const batch = { [this.kind]: accepted.map((r) => r.record) };
    if (this.#issueCount > 0 && this.mode === 'all-or-nothing') {
      // A generic store cannot roll back, so nothing is written; the pure schema check still
      // reports the other rows' problems (references are checked once the file is clean).
      this.#collect(parseBatch(batch).issues, lines);
      throw new ValidationError(this.#listed());
    }
    try {
      const result = await this.store.write(batch, this.#writeOptions());
      this.#add(result, lines);
    } catch (error) {
      throw this.#relocate(error, lines);
    }
    this.options.onProgress?.({ rowsRead: this.#read, rowsWritten: this.#written });
    return this.#result();
  }

  /**
   * A write's error with batch rows turned into file lines: a ValidationError joins the file's
   * issues, a ConflictError is rebuilt with the line, anything untyped becomes a StoreError.
   */
  #relocate(error: unknown, lines: readonly number[]): unknown {
    if (error instanceof ValidationError) {
      this.#collect(error.issues, lines);
      return new ValidationError(this.#listed());
    }
    if (error instanceof ConflictError) {
      const d = error.details as {
        path: string;
        value: string;
        expectedVersion: number;
        actualVersion: number;
        row?: number;
      };
      const row = d.row === undefined ? undefined : (lines[d.row - 1] ?? d.row);
      return new ConflictError(
        d.path,
        d.value,
        d.expectedVersion,
        d.actualVersion,
        row === undefined ? {} : { row },
      );
    }
    return error;
  }

  /** Count a row; keep it unless conversion failed. */
  #accept(row: LineRow): boolean {
    this.#read++;
    if (row.issues) {
      for (const i of row.issues) this.#push(i);
      return false;
    }
    return true;
  }

  #duplicate(key: string, first: number, line: number): void {
    this.#push({
      path: `${this.kind}.${RECORD_KINDS[this.kind].keyField}`,
      value: key,
      rule: 'batch.duplicate-key',
      message: `duplicate key in the file (first on line ${first})`,
      messageZh: `文件内主键重复（首次出现在第 ${first} 行）`,
      row: line,
    });
  }

  #push(issue: ValidationIssue): void {
    this.#issueCount++;
    // A contact's phone or name never reaches a rejected-row report (store/access).
    if (this.#issues.length < this.#max) this.#issues.push(redactIssue(this.kind, issue));
  }

  #add(result: WriteResult, lines: readonly number[]): void {
    const c = result[this.kind];
    this.#counts.inserted += c.inserted;
    this.#counts.updated += c.updated;
    this.#counts.unchanged += c.unchanged;
    this.#written += c.inserted + c.updated + c.unchanged;
    this.#collect(result.rejected, lines);
  }

  #collect(issues: readonly ValidationIssue[], lines: readonly number[]): void {
    for (const i of issues) {
      this.#push(i.row === undefined ? i : { ...i, row: lines[i.row - 1] ?? i.row });
    }
  }

  #sorted(): ValidationIssue[] {
    return [...this.#issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }

  /** The listed issues, plus one that counts the unlisted ones. */
  #listed(): ValidationIssue[] {
    const listed = this.#sorted();
    const more = this.#issueCount - listed.length;
    if (more > 0) {
      listed.push({
        path: '(file)',
        value: more,
        rule: 'import.more-issues',
        message: `${more} more problems not listed (maxIssues: ${this.#max})`,
        messageZh: `另有 ${more} 处问题未列出（maxIssues：${this.#max}）`,
      });
    }
    return listed;
  }

  #result(): ImportResult {
    return {
      kind: this.kind,
      rowsRead: this.#read,
      ...emptyWriteResult(),
      [this.kind]: { ...this.#counts },
      rejected: this.#sorted(),
      rejectedCount: this.#issueCount,
    };
  }
}

/** The key of a raw row, from the registry's key fields (undefined when a field is missing). */
function keyOf(kind: ImportKind, record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  const parts = RECORD_KINDS[kind].keyField.split('|').map((field) => r[field]);
  return parts.every((p) => typeof p === 'string') ? parts.join('|') : undefined;
}
