/**
 * @module copy
 * Rows in PostgreSQL's `COPY … FROM STDIN` text format: tab-separated columns, `\N` for NULL,
 * backslash escapes for backslash, tab, newline and carriage return. Rows are streamed in chunks,
 * so a bulk session's batch never becomes one large string.
 */
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';

/** One column value in COPY text format. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** A stream of COPY text lines for `rows`, a few hundred rows per chunk. */
export function copyRows(rows: readonly (readonly unknown[])[]): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i >= rows.length) {
        this.push(null);
        return;
      }
      const end = Math.min(rows.length, i + 500);
      let chunk = '';
      for (; i < end; i++) chunk += `${rows[i]!.map(copyField).join('\t')}\n`;
      this.push(chunk);
    },
  });
}

/** The `COPY … FROM STDIN` submittable of pg-copy-streams. */
export function copyFromStdin(sql: string): ReturnType<typeof copyFrom> {
  return copyFrom(sql);
}
