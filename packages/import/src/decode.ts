/**
 * @module decode
 * Bytes to text for imports. Without an encoding the input must be valid UTF-8 (a BOM is
 * stripped) or carry a UTF-16 byte-order mark (then it is decoded as UTF-16); anything else is
 * refused with a hint: `encoding: 'gbk'` for GBK bytes, "save as CSV" for an Excel workbook,
 * `encoding: 'utf-16le'` for UTF-16 without a mark. With an encoding, iconv-lite converts (GBK,
 * GB18030, Big5, …).
 */
import { ValidationError } from '@occhealth/core';
import iconv from 'iconv-lite';

/** Something an import can read: text, bytes, or an async stream of either. */
export type ImportSource = string | Uint8Array | AsyncIterable<string | Uint8Array>;

async function* chunksOf(source: ImportSource): AsyncGenerator<string | Uint8Array> {
  if (typeof source === 'string' || source instanceof Uint8Array) yield source;
  else yield* source;
}

const isUtf8 = (encoding: string | undefined) =>
  encoding === undefined || /^utf-?8$/i.test(encoding.trim());

/**
 * Decode `source` to text chunks.
 * @throws ValidationError `import.encoding` for an unknown encoding, `import.not-utf8` (with the
 * line of the first bad byte) when no encoding is given and the bytes are not UTF-8.
 */
export async function* decodeText(source: ImportSource, encoding?: string): AsyncGenerator<string> {
  const sniffed = await sniff(chunksOf(source), isUtf8(encoding));
  if (
    (sniffed.bom === 'utf-16le' || sniffed.bom === 'utf-16be') &&
    (encoding === undefined || /^utf-?16/i.test(encoding.trim()))
  ) {
    encoding = sniffed.bom;
  }
  source = sniffed.rest;
  let first = true;
  const strip = (text: string) => {
    if (!first || text === '') return text;
    first = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  if (isUtf8(encoding)) {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let lines = 1;
    for await (const chunk of chunksOf(source)) {
      if (typeof chunk === 'string') {
        yield strip(chunk);
        continue;
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const lossy = new TextDecoder('utf-8').decode(chunk);
        const at = lossy.indexOf('\uFFFD');
        const line = lines + countLines(lossy.slice(0, Math.max(0, at)));
        throw ValidationError.of({
          path: '(file)',
          value: encoding ?? 'utf-8',
          rule: 'import.not-utf8',
          message: `the file is not valid UTF-8 (first bad byte on line ${line}); if it was saved as GBK (e.g. by Excel on Chinese Windows), pass encoding: 'gbk'`,
          messageZh: `文件不是有效的 UTF-8 编码（第 ${line} 行首次出现无效字节）；如为 GBK 编码（如中文 Windows 下 Excel 另存），请指定 encoding: 'gbk'`,
          row: line,
        });
      }
      lines += countLines(text);
      yield strip(text);
    }
    try {
      const rest = decoder.decode();
      if (rest) yield strip(rest);
    } catch {
      throw ValidationError.of({
        path: '(file)',
        value: 'utf-8',
        rule: 'import.not-utf8',
        message: `the file ends inside a UTF-8 character (line ${lines}); pass encoding: 'gbk' if it is GBK`,
        messageZh: `文件在 UTF-8 字符中间结束（第 ${lines} 行）；如为 GBK 编码，请指定 encoding: 'gbk'`,
        row: lines,
      });
    }
    return;
  }
  const name = encoding!.trim();
  if (!iconv.encodingExists(name)) {
    throw ValidationError.of({
      path: 'encoding',
      value: encoding,
      rule: 'import.encoding',
      message: `unknown encoding ${name}; use utf-8 or gbk`,
      messageZh: `不支持的编码 ${name}；请使用 utf-8 或 gbk`,
    });
  }
  const decoder = iconv.getDecoder(name);
  for await (const chunk of chunksOf(source)) {
    if (typeof chunk === 'string') yield strip(chunk);
    else yield strip(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }
  const rest = decoder.end();
  if (rest) yield strip(rest);
}

/** What the first bytes of a file say about it. */
interface Sniffed {
  readonly bom?: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** The whole input again, first chunk included. */
  readonly rest: AsyncIterable<string | Uint8Array>;
}

/**
 * Look at the first bytes: refuse Excel workbooks (zip or OLE signature) and UTF-16 text without a
 * byte-order mark (NUL bytes at every other position) with a hint; report a byte-order mark.
 */
async function sniff(
  chunks: AsyncGenerator<string | Uint8Array>,
  expectUtf8: boolean,
): Promise<Sniffed> {
  const taken: Array<string | Uint8Array> = [];
  let head = new Uint8Array(0);
  for (;;) {
    if (head.length >= 64) break;
    const next = await chunks.next();
    if (next.done) break;
    taken.push(next.value);
    if (typeof next.value === 'string') {
      // Text was decoded by the caller; only a stray UTF-16 mark can be told apart.
      if (head.length === 0) break;
      continue;
    }
    const merged = new Uint8Array(head.length + next.value.length);
    merged.set(head);
    merged.set(next.value, head.length);
    head = merged.subarray(0, Math.min(merged.length, 64));
  }
  async function* rest() {
    yield* taken;
    yield* chunks;
  }
  const b = head;
  const starts = (...bytes: number[]) => bytes.every((x, i) => b[i] === x);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    throw ValidationError.of({
      path: '(file)',
      value: starts(0x50) ? 'xlsx' : 'xls',
      rule: 'import.spreadsheet',
      message:
        'this is an Excel workbook, not a CSV file: in Excel choose "Save as" → "CSV UTF-8 (comma delimited)" and import that file',
      messageZh:
        '这是 Excel 工作簿，不是 CSV 文件：请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后导入该文件',
      row: 1,
    });
  }
  if (starts(0xff, 0xfe)) return { bom: 'utf-16le', rest: rest() };
  if (starts(0xfe, 0xff)) return { bom: 'utf-16be', rest: rest() };
  if (starts(0xef, 0xbb, 0xbf)) return { bom: 'utf-8', rest: rest() };
  if (expectUtf8 && b.length >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < b.length; i++) if (b[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++;
    const half = Math.floor(b.length / 2);
    if (evenNul >= half * 0.4 || oddNul >= half * 0.4) {
      const guess = oddNul >= evenNul ? 'utf-16le' : 'utf-16be';
      throw ValidationError.of({
        path: '(file)',
        value: guess,
        rule: 'import.utf16',
        message: `the file looks like UTF-16 text without a byte-order mark: save it as UTF-8, or pass encoding: '${guess}'`,
        messageZh: `文件似乎是不带字节顺序标记的 UTF-16 文本：请另存为 UTF-8，或指定 encoding: '${guess}'`,
        row: 1,
      });
    }
  }
  return { rest: rest() };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
