/**
 * @module import/import
 * Bulk import of regions, employers, facts or data values from CSV or JSON into any
 * `Store`. Into a SQLite store, rows are stream-parsed and written chunk by chunk inside ONE
 * transaction, so an import commits at once or not at all (a killed process leaves the file as
 * it was). Every rejected row is reported with its file line, field, value and rule.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import {
  type BatchKind,
  type KindCounts,
  parseBatch,
  type Store,
  ValidationError,
  type ValidationIssue,
  type WriteMode,
  type WriteResult,
} from '@occhealth/core';
import { CsvError, parse } from 'csv-parse';
import { SqliteStore } from '../sqlite-store.js';
import { recordFromCells, resolveHeader } from './columns.js';
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
  readonly kind: BatchKind;
  /** `csv`, `json`, or `auto` (default: by file extension, else by the first character). */
  readonly format?: 'csv' | 'json' | 'auto';
  /**
   * Text encoding. Default: UTF-8 (a BOM is stripped), and a file that is not valid UTF-8 is
   * refused. `'gbk'` (or any iconv-lite encoding) converts.
   */
  readonly encoding?: string;
  /** `all-or-nothing` (default): any bad row and nothing is written. `valid-rows`: write the good rows. */
  readonly mode?: WriteMode;
  /** Called after every chunk of rows is written (inside the still-open transaction). */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Rows per chunk (default 2000). Regions are always written as one chunk (the tree is checked whole). */
  readonly batchSize?: number;
}

/** Options of {@link importFile}. */
export interface ImportFileOptions extends ImportOptions {
  /** Path of the file to read. */
  readonly path: string;
}

/** What an import did: the write counts (rows rejected carry their file line as `row`). */
export interface ImportResult extends WriteResult {
  /** The kind imported. */
  readonly kind: BatchKind;
  /** Data rows read (header excluded). */
  readonly rowsRead: number;
}

interface LineRow {
  readonly line: number;
  readonly record?: unknown;
  readonly issues?: ValidationIssue[];
}

/**
 * Import a file.
 * @throws ValidationError in `all-or-nothing` mode when any row is bad (every bad row listed, each
 * with its file line), and in both modes when the file itself is malformed (encoding, unclosed
 * quote, ragged row, bad header, bad JSON).
 * @example
 * const store = openSqliteStore('occhealth.db');
 * const result = await importFile(store, { kind: 'employers', path: 'employers.csv', mode: 'valid-rows' });
 * for (const r of result.rejected) console.log(`line ${r.row}: ${r.path} ${r.messageZh}`);
 */
export async function importFile(store: Store, options: ImportFileOptions): Promise<ImportResult> {
  const { path, ...rest } = options;
  const ext = extname(path).toLowerCase();
  const format =
    (options.format ?? 'auto') !== 'auto'
      ? options.format
      : ext === '.csv' || ext === '.txt'
        ? 'csv'
        : ext === '.json'
          ? 'json'
          : 'auto';
  return importText(store, createReadStream(path), { ...rest, format });
}

/**
 * Import from text, bytes or a stream of either (e.g. an HTTP request body).
 * @example
 * await importText(store, 'code,name,level,parent\n530000,云南省,province,\n', { kind: 'regions' });
 */
export async function importText(
  store: Store,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportResult> {
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
  const rows = format === 'json' ? jsonSource(chunks, kind) : csvSource(chunks, kind);
  const sink = new Sink(store, kind, mode, options);
  return sink.run(rows);
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
  kind: BatchKind,
): AsyncGenerator<LineRow> {
  let text = '';
  for await (const c of chunks) text += c;
  for (const row of jsonRows(text, kind)) yield { line: row.line, record: row.record };
}

async function* csvSource(chunks: AsyncIterable<string>, kind: BatchKind): AsyncGenerator<LineRow> {
  // No `info`/`on_record`: csv-parse builds an info object per record for those, which costs more
  // than the rest of the parse. Lines are counted from each record's raw text instead.
  const parser = parse({ raw: true, skip_empty_lines: true, bom: true });
  const input = Readable.from(chunks);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let columns: ReturnType<typeof resolveHeader>['columns'] | undefined;
  let consumed = 0; // newlines in the raw text of every record so far (blank lines included)
  try {
    for await (const item of drain<{ record: string[]; raw: string }>(parser)) {
      const leading = /^[\r\n]*/.exec(item.raw)![0];
      const line = consumed + countNewlines(leading) + 1;
      consumed += countNewlines(item.raw);
      if (!columns) {
        const header = resolveHeader(kind, item.record, line);
        if (header.issues.length > 0) throw new ValidationError(header.issues);
        columns = header.columns;
        continue;
      }
      const { record, issues } = recordFromCells(kind, columns, item.record, line);
      yield issues.length > 0 ? { line, issues } : { line, record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(error, consumed);
    throw error;
  } finally {
    input.destroy();
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

/**
 * Iterate a stream's objects, yielding every object it produced before an error and only then
 * throwing (a plain `for await` over the stream drops the buffered ones).
 */
async function* drain<T>(stream: NodeJS.ReadableStream & { destroy(): void }): AsyncGenerator<T> {
  const HIGH = 1024;
  let queue: T[] = [];
  let head = 0;
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on('data', (item: T) => {
    queue.push(item);
    if (queue.length - head >= HIGH) stream.pause();
    notify();
  });
  stream.on('error', (error) => {
    failure = { error };
    notify();
  });
  stream.on('end', () => {
    ended = true;
    notify();
  });
  for (;;) {
    if (head < queue.length) {
      const item = queue[head++]!;
      if (head === queue.length) {
        queue = [];
        head = 0;
        if (stream.isPaused()) stream.resume();
      }
      yield item;
      continue;
    }
    if (failure) throw failure.error;
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
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

const EMPTY: KindCounts = { inserted: 0, updated: 0, unchanged: 0 };

/** Collects rows into chunks and writes them: into one bulk session for SQLite, else in one write. */
class Sink {
  readonly #issues: ValidationIssue[] = [];
  readonly #firstLine = new Map<string, number>();
  #counts = { inserted: 0, updated: 0, unchanged: 0 };
  #read = 0;
  #written = 0;

  constructor(
    readonly store: Store,
    readonly kind: BatchKind,
    readonly mode: WriteMode,
    readonly options: ImportOptions,
  ) {}

  async run(rows: AsyncIterable<LineRow>): Promise<ImportResult> {
    if (this.store instanceof SqliteStore) return this.#runBulk(this.store, rows);
    return this.#runOnce(rows);
  }

  async #runBulk(store: SqliteStore, rows: AsyncIterable<LineRow>): Promise<ImportResult> {
    const size =
      this.kind === 'regions'
        ? Number.POSITIVE_INFINITY
        : Math.max(1, this.options.batchSize ?? 2000);
    const session = await store.beginBulk();
    try {
      let chunk: LineRow[] = [];
      const flush = () => {
        if (chunk.length === 0) return;
        const lines = chunk.map((r) => r.line);
        const result = session.write({ [this.kind]: chunk.map((r) => r.record) }, 'valid-rows');
        this.#add(result, lines);
        chunk = [];
        this.options.onProgress?.({ rowsRead: this.#read, rowsWritten: this.#written });
      };
      for await (const row of rows) {
        if (this.#accept(row)) chunk.push(row);
        if (chunk.length >= size) flush();
      }
      flush();
      if (this.#issues.length > 0 && this.mode === 'all-or-nothing') {
        throw new ValidationError(this.#sorted());
      }
      session.commit();
    } catch (error) {
      session.rollback();
      throw error;
    }
    return this.#result();
  }

  async #runOnce(rows: AsyncIterable<LineRow>): Promise<ImportResult> {
    const accepted: LineRow[] = [];
    for await (const row of rows) if (this.#accept(row)) accepted.push(row);
    const lines = accepted.map((r) => r.line);
    const batch = { [this.kind]: accepted.map((r) => r.record) };
    if (this.#issues.length > 0 && this.mode === 'all-or-nothing') {
      // A generic store cannot roll back, so nothing is written; the pure schema check still
      // reports the other rows' problems (references are checked once the file is clean).
      this.#collect(parseBatch(batch).issues, lines);
      throw new ValidationError(this.#sorted());
    }
    try {
      const result = await this.store.write(batch, { mode: this.mode });
      this.#add(result, lines);
    } catch (error) {
      if (error instanceof ValidationError) {
        this.#collect(error.issues, lines);
        throw new ValidationError(this.#sorted());
      }
      throw error;
    }
    this.options.onProgress?.({ rowsRead: this.#read, rowsWritten: this.#written });
    return this.#result();
  }

  /** Count a row; keep it unless conversion failed or its key repeats an earlier row's. */
  #accept(row: LineRow): boolean {
    this.#read++;
    if (row.issues) {
      this.#issues.push(...row.issues);
      return false;
    }
    const key = keyOf(this.kind, row.record);
    if (key === undefined) return true;
    const first = this.#firstLine.get(key);
    if (first !== undefined) {
      this.#issues.push({
        path: `${this.kind}.${KEY_FIELD[this.kind]}`,
        value: key,
        rule: 'batch.duplicate-key',
        message: `duplicate key in the file (first on line ${first})`,
        messageZh: `文件内主键重复（首次出现在第 ${first} 行）`,
        row: row.line,
      });
      return false;
    }
    this.#firstLine.set(key, row.line);
    return true;
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
      this.#issues.push(i.row === undefined ? i : { ...i, row: lines[i.row - 1] ?? i.row });
    }
  }

  #sorted(): ValidationIssue[] {
    return [...this.#issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }

  #result(): ImportResult {
    return {
      kind: this.kind,
      rowsRead: this.#read,
      regions: EMPTY,
      employers: EMPTY,
      facts: EMPTY,
      dataValues: EMPTY,
      [this.kind]: { ...this.#counts },
      rejected: this.#sorted(),
    };
  }
}

const KEY_FIELD: Record<BatchKind, string> = {
  regions: 'code',
  employers: 'creditCode',
  facts: 'id',
  dataValues: 'dataElement|region|period',
};

function keyOf(kind: BatchKind, record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  const parts =
    kind === 'regions'
      ? [r.code]
      : kind === 'employers'
        ? [r.creditCode]
        : kind === 'facts'
          ? [r.id]
          : [r.dataElement, r.region, r.period];
  return parts.every((p) => typeof p === 'string') ? parts.join('|') : undefined;
}
