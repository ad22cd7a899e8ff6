/**
 * @module import/csv
 * CSV records of a text stream, with the file line each starts on. Plain lines — no quote, no
 * lone CR, the file's one line ending, as many cells as the header — are split on commas here;
 * from the first line that is not plain on, the rest of the file goes to csv-parse, after lines
 * standing for those already read (empty lines and records of the header's width, in the same
 * order), so that its line numbers, column-count check and errors are exactly the ones it gives
 * when it reads the whole file.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';

/** One CSV record: its cells and the line it starts on (1-based). */
export interface CsvRecord {
  readonly cells: string[];
  readonly line: number;
}

/** A csv-parse error, with the newlines read before it (for the line it is reported on). */
export class CsvParseError extends Error {
  constructor(
    readonly error: CsvError,
    readonly consumedLines: number,
  ) {
    super(error.message);
  }
}

/** Options of {@link csvRecords}. */
export interface CsvRecordsOptions {
  /** Split plain lines here (default true); false hands the whole file to csv-parse. */
  readonly fastPath?: boolean;
}

const PAD_LINES = 4096;

/**
 * The records of a CSV text (RFC 4180 quoting, LF / CRLF / CR line endings, BOM and empty lines
 * skipped), the header first. Throws {@link CsvParseError} for malformed CSV.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  options: CsvRecordsOptions = {},
): AsyncGenerator<CsvRecord> {
  const source = chunks[Symbol.asyncIterator]();
  try {
    yield* options.fastPath === false ? parsed(iterableOf(source, [], ''), 0) : split(source);
  } finally {
    // Stopped early (a bad header, an error downstream): the file is closed all the same.
    await source.return?.();
  }
}

async function* split(source: AsyncIterator<string>): AsyncGenerator<CsvRecord> {
  let buffer = '';
  let start = 0; // where the unread text of the buffer starts
  let lines = 0; // line endings read
  let ending: '\n' | '\r\n' | undefined; // the file's line ending, from its first line
  let width = 0; // cells of the header (0: no header yet)
  // The lines read, as runs of empty lines and of records (runs[i] even: empty, odd: records).
  const runs: number[] = [0];
  let given = 0; // records given
  let first = true;
  let eof = false;
  const fallBack = () =>
    parsed(iterableOf(source, padding(runs, width, ending ?? '\n'), buffer.slice(start)), given);
  for (;;) {
    const nl = buffer.indexOf('\n', start);
    let text: string;
    let end: '\n' | '\r\n' | '';
    let next: number;
    if (nl >= 0) {
      const cr = nl > start && buffer.charCodeAt(nl - 1) === 0x0d;
      text = buffer.slice(start, cr ? nl - 1 : nl);
      end = cr ? '\r\n' : '\n';
      next = nl + 1;
    } else if (!eof) {
      // A partial line with a quote or a CR is not plain whatever follows (and a file of lone
      // CRs has no LF to wait for).
      const cr = buffer.indexOf('\r', start);
      if (buffer.indexOf('"', start) >= 0 || (cr >= 0 && cr < buffer.length - 1)) {
        yield* fallBack();
        return;
      }
      const chunk = await source.next();
      buffer = buffer.slice(start) + (chunk.done ? '' : chunk.value);
      start = 0;
      if (first && buffer.length > 0) {
        first = false;
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      }
      if (chunk.done) eof = true;
      continue;
    } else if (start < buffer.length) {
      text = buffer.slice(start);
      end = '';
      next = buffer.length;
    } else return;
    const plain =
      text.indexOf('"') < 0 &&
      text.indexOf('\r') < 0 &&
      (end === '' || ending === undefined || end === ending);
    const cells = plain && text !== '' ? text.split(',') : undefined;
    if (!plain || (cells !== undefined && width > 0 && cells.length !== width)) {
      // Not plain: csv-parse reads on from this line, after the same lines as the file.
      yield* fallBack();
      return;
    }
    const line = lines + 1;
    if (end !== '') {
      ending ??= end;
      lines++;
    }
    start = next;
    const record = cells !== undefined;
    if (runs.length % 2 === (record ? 1 : 0)) runs.push(0);
    runs[runs.length - 1]!++;
    if (!record) continue; // an empty line
    if (width === 0) width = cells.length;
    given++;
    yield { cells, line };
  }
}

/**
 * The text that stands for the lines already read: as many empty lines and records (of the
 * header's width, quote-free), in the same order and with the same line ending, so that csv-parse
 * counts lines and raw text as it would have reading them.
 */
function* padding(runs: readonly number[], width: number, ending: string): Generator<string> {
  const dummy = (width > 1 ? ','.repeat(width - 1) : 'x') + ending;
  for (let i = 0; i < runs.length; i++) {
    const line = i % 2 === 0 ? ending : dummy;
    for (let left = runs[i]!; left > 0; left -= PAD_LINES)
      yield line.repeat(Math.min(left, PAD_LINES));
  }
}

/** `head` (produced lazily: the lines standing for millions read stay a few pieces), then the rest. */
async function* iterableOf(
  source: AsyncIterator<string>,
  head: Iterable<string>,
  rest: string,
): AsyncGenerator<string> {
  for (const piece of head) yield piece;
  if (rest !== '') yield rest;
  for (;;) {
    const chunk = await source.next();
    if (chunk.done) return;
    yield chunk.value;
  }
}

/**
 * Records by csv-parse; line numbers counted from each record's raw text. The first `skip`
 * records were already given (the text starts with lines standing for them).
 */
async function* parsed(chunks: AsyncIterable<string>, skip: number): AsyncGenerator<CsvRecord> {
  // No `info`/`on_record`: csv-parse builds an info object per record for those, which costs more
  // than the rest of the parse. Lines are counted from each record's raw text instead.
  const parser = parse({ raw: true, skip_empty_lines: true, bom: true });
  const input = Readable.from(chunks);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let consumed = 0; // newlines in the raw text of every record so far (blank lines included)
  try {
    for await (const item of drain<{ record: string[]; raw: string }>(parser)) {
      const leading = /^[\r\n]*/.exec(item.raw)![0];
      const line = consumed + countNewlines(leading) + 1;
      consumed += countNewlines(item.raw);
      if (skip > 0) skip--;
      else yield { cells: item.record, line };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvParseError(error, consumed);
    throw error;
  } finally {
    input.destroy();
  }
}

/**
 * Line breaks in a record's raw text: LF, CRLF or a lone CR each count once. (csv-parse leaves
 * the LF of a CRLF record delimiter out of `raw`, so a trailing CR stands for a whole CRLF.)
 */
function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && s.charCodeAt(i + 1) !== 0x0a)) n++;
  }
  return n;
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
