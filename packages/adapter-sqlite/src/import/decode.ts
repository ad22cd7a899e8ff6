/**
 * @module import/decode
 * Bytes to text for imports. Without an encoding the input must be valid UTF-8 (a BOM is
 * stripped); anything else is refused with a hint to pass `encoding: 'gbk'`. With an encoding,
 * iconv-lite converts (GBK, GB18030, Big5, …).
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

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
