/**
 * The plain-line fast path of the CSV reader gives exactly what csv-parse gives for the whole
 * file: the same records, the same line numbers, the same error (code, message, line) — whatever
 * mix of plain lines, quotes, CR / CRLF / LF endings, BOM, empty lines and ragged rows, and
 * wherever the text is cut into chunks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParseError, csvRecords } from './csv.js';

async function* chunked(text: string, cuts: readonly number[]): AsyncGenerator<string> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(cut, text.length);
    if (end > at) {
      yield text.slice(at, end);
      at = end;
    }
  }
  yield text.slice(at);
}

type Outcome = {
  records: { cells: string[]; line: number }[];
  error?: { code: string; message: string; consumedLines: number };
};

async function read(text: string, cuts: readonly number[], fastPath: boolean): Promise<Outcome> {
  const records: Outcome['records'] = [];
  try {
    for await (const r of csvRecords(chunked(text, cuts), { fastPath }))
      records.push({ cells: r.cells, line: r.line });
    return { records };
  } catch (error) {
    if (!(error instanceof CsvParseError)) throw error;
    return {
      records,
      error: {
        code: error.error.code,
        message: error.error.message,
        consumedLines: error.consumedLines,
      },
    };
  }
}

describe('csvRecords', () => {
  it('splits plain lines itself: cells and file lines, empty lines and a BOM skipped', async () => {
    const text = '\uFEFFid,kind\n\na1,declaration\na2,\n\n';
    const out = await read(text, [3, 9], true);
    expect(out).toEqual({
      records: [
        { cells: ['id', 'kind'], line: 1 },
        { cells: ['a1', 'declaration'], line: 3 },
        { cells: ['a2', ''], line: 4 },
      ],
    });
  });

  it('hands the rest to csv-parse at the first quote: a quoted line break, then a ragged row', async () => {
    const text = 'id,note\nf1,plain\nf2,"two\nlines"\nf3,ok\nf4,ragged,row\nf5,never\n';
    const out = await read(text, [], true);
    expect(out.records).toEqual([
      { cells: ['id', 'note'], line: 1 },
      { cells: ['f1', 'plain'], line: 2 },
      { cells: ['f2', 'two\nlines'], line: 3 },
      { cells: ['f3', 'ok'], line: 5 },
    ]);
    expect(out.error?.code).toBe('CSV_RECORD_INCONSISTENT_FIELDS_LENGTH');
    // The ragged record is on line 6 of the file, as csv-parse reports it when it reads it all.
    expect(out.error?.message).toMatch(/line 6/);
    expect(out).toEqual(await read(text, [], false));
  });

  it('gives what csv-parse gives for the whole file, for any text cut anywhere', async () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '1',
      ',',
      ',',
      '"',
      '""',
      '\n',
      '\n',
      '\r\n',
      '\r',
      'é',
      ' ',
    );
    const text = fc
      .tuple(fc.boolean(), fc.array(piece, { maxLength: 60 }))
      .map(([bom, parts]) => (bom ? '\uFEFF' : '') + parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(70), { maxLength: 4 }), async (t, cuts) => {
        expect(await read(t, cuts, true)).toEqual(await read(t, [], false));
      }),
      { numRuns: 600 },
    );
  });

  it('reads plain CRLF files cut between CR and LF', async () => {
    const rows = ['id,kind', ...Array.from({ length: 50 }, (_, i) => `f${i},declaration`)];
    const text = `${rows.join('\r\n')}\r\n`;
    const cuts = Array.from({ length: 20 }, (_, i) => text.indexOf('\r', i * 30) + 1);
    const out = await read(text, cuts, true);
    expect(out.records).toHaveLength(51);
    expect(out.records[50]).toEqual({ cells: ['f49', 'declaration'], line: 51 });
    expect(out).toEqual(await read(text, [], false));
  });

  it('falls back after tens of thousands of lines with the same line numbers', async () => {
    const rows = ['id,note', ...Array.from({ length: 20_000 }, (_, i) => `f${i},n`)];
    const text = `${rows.join('\n')}\n\nq1,"a ""quoted"" note"\nq2,ok\n`;
    const out = await read(text, [100_000], true);
    expect(out.records.slice(-2)).toEqual([
      { cells: ['q1', 'a "quoted" note'], line: 20_003 },
      { cells: ['q2', 'ok'], line: 20_004 },
    ]);
    expect(out).toEqual(await read(text, [], false));
  });
});
