/**
 * @module json-rows
 * Streaming JSON import input, in memory bounded by one record: a top-level array of records, an
 * object holding the array under the kind's name (e.g. `{ "employers": [...] }`), or NDJSON (one
 * object per line). A small tokenizer of our own finds where each record starts and ends (no
 * streaming parser on npm both reports line numbers and runs on Node 20 without native code);
 * each record's text is then parsed by `JSON.parse`. Syntax errors carry line and column.
 */
import { type ImportKind, ValidationError } from '@occhealth/core';

/** A record of a JSON file with the line its value starts on. */
export interface JsonRow {
  readonly line: number;
  readonly record: unknown;
}

/** Deepest nesting accepted inside one record (records are at most a few levels deep). */
export const MAX_JSON_DEPTH = 64;
/** Largest text of one record, in UTF-16 code units. */
export const MAX_RECORD_CHARS = 1_000_000;

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function syntax(line: number, column: number, what: string, whatZh: string): ValidationError {
  return ValidationError.of({
    path: '(file)',
    value: `${line}:${column}`,
    rule: 'json.syntax',
    message: `invalid JSON on line ${line}, column ${column}: ${what}`,
    messageZh: `JSON 格式错误（第 ${line} 行第 ${column} 列）：${whatZh}`,
    row: line,
  });
}

/**
 * Rows of a JSON or NDJSON text stream, each with the line its value starts on.
 * @throws ValidationError `json.syntax` (with line and column), `json.too-deep`,
 * `json.record-too-large`, or `json.shape` when the text holds no records array.
 */
export async function* jsonRows(
  chunks: AsyncIterable<string>,
  kind: ImportKind,
  ndjson = false,
): AsyncGenerator<JsonRow> {
  let line = 1;
  let column = 0;
  const stack: number[] = []; // open brackets: 0x5b '[' or 0x7b '{'
  let inString = false;
  let escaped = false;
  // Depth at which records sit: 1 inside a top-level array, 2 inside `{ "<kind>": [ … ] }`; -1 for
  // NDJSON/top-level objects (each top-level object is a record candidate).
  let recordsDepth = -1;
  let finished = false; // the records array has closed
  let topLevelValues = 0;
  // Keys of the top-level object: the last string read at depth 1 and whether a key is expected.
  let expectKey = false;
  let lastKey = '';
  let keyParts: string[] | undefined;
  let keyStart = -1;
  // Capture of the current record's text.
  let capturing = false;
  let primitive = false;
  let parts: string[] = [];
  let partsLength = 0;
  let captureStart = 0;
  let captureLine = 0;
  let captureColumn = 0;
  let afterRecord = false; // at recordsDepth, a record just ended: expect ',' or ']'
  const pendingObjects: JsonRow[] = []; // top-level objects seen before NDJSON is certain
  let ndjsonSure = ndjson;

  const finishCapture = (chunk: string, end: number): JsonRow => {
    parts.push(chunk.slice(captureStart, end));
    const text = parts.join('');
    parts = [];
    partsLength = 0;
    capturing = false;
    primitive = false;
    return { line: captureLine, record: parseRecord(text, captureLine, captureColumn) };
  };

  for await (const chunk of chunks) {
    captureStart = 0;
    const out: JsonRow[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x0a) {
        line++;
        column = 0;
      } else column++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) {
          inString = false;
          if (keyStart >= 0) {
            keyParts!.push(chunk.slice(keyStart, i + 1));
            try {
              lastKey = JSON.parse(keyParts!.join('')) as string;
            } catch {
              lastKey = '';
            }
            keyStart = -1;
            keyParts = undefined;
          }
          if (capturing && stack.length === recordsDepth) {
            out.push(finishCapture(chunk, i + 1));
            afterRecord = true;
          }
        }
        continue;
      }
      if (primitive && (WS(c) || c === 0x2c || c === 0x5d || c === 0x7d)) {
        out.push(finishCapture(chunk, i));
        afterRecord = true;
      }
      if (WS(c)) continue;
      const depth = stack.length;
      if (finished) {
        throw syntax(line, column, 'unexpected text after the records', '记录数组之后有多余内容');
      }
      if (depth === 0) {
        // A new top-level value.
        if (c !== 0x5b && c !== 0x7b) {
          throw syntax(line, column, 'expected [ or {', '应为 [ 或 {');
        }
        topLevelValues++;
        if (topLevelValues > 1) {
          if (recordsDepth !== -1 || c !== 0x7b) {
            throw syntax(
              line,
              column,
              'unexpected text after the records',
              '记录数组之后有多余内容',
            );
          }
          ndjsonSure = true;
          for (const p of pendingObjects.splice(0)) out.push(p);
        }
        if (c === 0x5b && topLevelValues === 1) {
          recordsDepth = 1;
          stack.push(c);
          continue;
        }
        // A top-level object: a record candidate (NDJSON) or the `{ "<kind>": [...] }` wrapper.
        stack.push(c);
        expectKey = true;
        capturing = true;
        captureStart = i;
        captureLine = line;
        captureColumn = column;
        continue;
      }
      if (depth === recordsDepth && !capturing) {
        if (afterRecord) {
          if (c === 0x2c) {
            afterRecord = false;
            continue;
          }
          if (c === 0x5d && stack[depth - 1] === 0x5b) {
            stack.pop();
            finished = recordsDepth === 1;
            if (recordsDepth === 2) recordsDepth = -2; // back in the wrapper object
            afterRecord = false;
            continue;
          }
          throw syntax(line, column, 'expected , or ] between records', '记录之间应为 , 或 ]');
        }
        if (c === 0x5d) {
          // An empty array (or a trailing comma, which JSON forbids).
          stack.pop();
          finished = recordsDepth === 1;
          if (recordsDepth === 2) recordsDepth = -2;
          continue;
        }
        if (c === 0x2c || c === 0x7d || c === 0x3a) {
          throw syntax(
            line,
            column,
            `unexpected ${String.fromCharCode(c)}`,
            `意外的 ${String.fromCharCode(c)}`,
          );
        }
        capturing = true;
        captureStart = i;
        captureLine = line;
        captureColumn = column;
        if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) stack.push(c);
        else primitive = true;
        continue;
      }
      // Inside a value.
      if (c === 0x22) {
        inString = true;
        if (depth === 1 && recordsDepth !== 1 && expectKey) {
          keyStart = i;
          keyParts = [];
        }
        continue;
      }
      if (depth === 1 && recordsDepth !== 1) {
        if (c === 0x3a) expectKey = false;
        else if (c === 0x2c) expectKey = true;
        else if (
          c === 0x5b &&
          lastKey === kind &&
          !expectKey &&
          topLevelValues === 1 &&
          !ndjsonSure
        ) {
          // The wrapper's records array: stream it instead of capturing the whole object.
          capturing = false;
          parts = [];
          partsLength = 0;
          stack.push(c);
          recordsDepth = 2;
          continue;
        }
      }
      if (c === 0x5b || c === 0x7b) {
        stack.push(c);
        if (stack.length - Math.max(recordsDepth, 1) > MAX_JSON_DEPTH) {
          throw ValidationError.of({
            path: '(file)',
            value: stack.length,
            rule: 'json.too-deep',
            message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels on line ${line}`,
            messageZh: `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层（第 ${line} 行）`,
            row: line,
          });
        }
      } else if (c === 0x5d || c === 0x7d) {
        const open = stack.pop();
        if (open !== (c === 0x5d ? 0x5b : 0x7b)) {
          throw syntax(
            line,
            column,
            `unexpected ${String.fromCharCode(c)}`,
            `意外的 ${String.fromCharCode(c)}`,
          );
        }
        if (stack.length === 0) {
          // A top-level object ended.
          if (capturing) {
            const row = finishCapture(chunk, i + 1);
            if (ndjsonSure) out.push(row);
            else pendingObjects.push(row);
          } else if (recordsDepth === -2) finished = true;
          expectKey = false;
          lastKey = '';
          continue;
        }
        if (capturing && stack.length === recordsDepth) {
          out.push(finishCapture(chunk, i + 1));
          afterRecord = true;
        }
      }
    }
    if (capturing) {
      const piece = chunk.slice(captureStart);
      partsLength += piece.length;
      parts.push(piece);
      if (partsLength > MAX_RECORD_CHARS) {
        throw ValidationError.of({
          path: '(file)',
          value: partsLength,
          rule: 'json.record-too-large',
          message: `the record starting on line ${captureLine} is larger than ${MAX_RECORD_CHARS} characters`,
          messageZh: `第 ${captureLine} 行开始的记录超过 ${MAX_RECORD_CHARS} 个字符`,
          row: captureLine,
        });
      }
    }
    if (keyStart >= 0) {
      keyParts!.push(chunk.slice(keyStart));
      keyStart = 0;
    }
    yield* out;
  }
  if (primitive) {
    yield { line: captureLine, record: parseRecord(parts.join(''), captureLine, captureColumn) };
    primitive = false;
    capturing = false;
  }
  if (inString || stack.length > 0 || topLevelValues === 0) {
    if (topLevelValues === 0) {
      throw ValidationError.of({
        path: '(file)',
        value: '',
        rule: 'json.shape',
        message: `the file is empty: a JSON import must be an array of ${kind}, or an object with a "${kind}" array`,
        messageZh: `文件为空：JSON 导入文件必须是记录数组，或含有“${kind}”数组的对象`,
      });
    }
    throw syntax(line, column, 'unexpected end of file', '文件意外结束');
  }
  if (pendingObjects.length > 0) {
    if (!ndjsonSure) {
      throw ValidationError.of({
        path: '(file)',
        value: 'object',
        rule: 'json.shape',
        message: `a JSON import must be an array of ${kind}, an object with a "${kind}" array, or NDJSON (one object per line)`,
        messageZh: `JSON 导入文件必须是记录数组、含有“${kind}”数组的对象，或每行一个对象的 NDJSON`,
        row: pendingObjects[0]!.line,
      });
    }
    yield* pendingObjects;
  }
}

/** Parse one record's text; on a syntax error, point at its line and column in the file. */
function parseRecord(text: string, line: number, column: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const offset = syntaxErrorOffset(text);
    let l = line;
    let c = column;
    for (let i = 0; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 0x0a) {
        l++;
        c = 1;
      } else c++;
    }
    throw syntax(l, c, `unexpected ${describe(text, offset)}`, `意外的${describeZh(text, offset)}`);
  }
}

function describe(text: string, offset: number): string {
  return offset >= text.length ? 'end of the record' : JSON.stringify(text[offset]);
}

function describeZh(text: string, offset: number): string {
  return offset >= text.length ? '记录结尾' : ` ${JSON.stringify(text[offset])}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Offset of the first character that makes `text` invalid JSON (a small recursive-descent check,
 * bounded by {@link MAX_JSON_DEPTH} because the tokenizer refuses deeper records first).
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && WS(text.charCodeAt(i))) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw i;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw i;
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw i + 1;
        i += 2;
        continue;
      }
      i++;
    }
    throw i;
  };
  const value = (depth: number): void => {
    if (depth > MAX_JSON_DEPTH + 2) throw i;
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') throw i;
          string();
          ws();
          if (text[i] !== ':') throw i;
          i++;
        }
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        throw i;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    throw i;
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : 0;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}
