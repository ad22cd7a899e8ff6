/**
 * @module bench/csv-writer
 * A buffered, synchronous line writer: rows are appended to a string buffer that is flushed to
 * the file every megabyte, so a file of any size is written without holding it in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

/** Writes CSV lines to a file through a small buffer. */
export class LineWriter {
  readonly #fd: number;
  #buffer = '';
  #lines = 0;

  /** Create (truncate) `path` and write the header line. */
  constructor(path: string, header: readonly string[]) {
    this.#fd = openSync(path, 'w');
    this.line(header.join(','));
    this.#lines = 0;
  }

  /** Data lines written so far (the header excluded). */
  get lines(): number {
    return this.#lines;
  }

  /** Append one line (without its newline). */
  line(text: string): void {
    this.#buffer += `${text}\n`;
    this.#lines++;
    if (this.#buffer.length >= FLUSH_AT) this.flush();
  }

  /** Write the buffer out. */
  flush(): void {
    if (this.#buffer.length > 0) {
      writeSync(this.#fd, this.#buffer);
      this.#buffer = '';
    }
  }

  /** Flush and close the file. */
  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}
