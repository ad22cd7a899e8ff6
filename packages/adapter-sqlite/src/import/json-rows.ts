/**
 * @module import/json-rows
 * JSON import input: an array of records (or an object holding the array under the kind's name,
 * e.g. `{ "employers": [...] }`), each record paired with the file line it starts on.
 */
import { type BatchKind, ValidationError } from '@occhealth/core';

/** A record of a JSON file with the line its value starts on. */
export interface JsonRow {
  readonly line: number;
  readonly record: unknown;
}

/**
 * Parse JSON text into rows with their start lines.
 * @throws ValidationError `json.syntax` (with the line) or `json.shape` when there is no array.
 */
export function jsonRows(text: string, kind: BatchKind): JsonRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? lineAt(text, Number(pos[1])) : undefined;
    throw ValidationError.of({
      path: '(file)',
      value: message,
      rule: 'json.syntax',
      message: `invalid JSON${line ? ` on line ${line}` : ''}: ${message}`,
      messageZh: `JSON 格式错误${line ? `（第 ${line} 行）` : ''}：${message}`,
      ...(line ? { row: line } : {}),
    });
  }
  let array: unknown[] | undefined;
  let arrayKey: string | undefined;
  if (Array.isArray(value)) array = value;
  else if (
    value &&
    typeof value === 'object' &&
    Array.isArray((value as Record<string, unknown>)[kind])
  ) {
    array = (value as Record<string, unknown[]>)[kind];
    arrayKey = kind;
  }
  if (!array) {
    throw ValidationError.of({
      path: '(file)',
      value: typeof value,
      rule: 'json.shape',
      message: `a JSON import must be an array of ${kind}, or an object with a "${kind}" array`,
      messageZh: `JSON 导入文件必须是 ${kind} 数组，或含有 "${kind}" 数组的对象`,
    });
  }
  const lines = elementLines(text, arrayKey);
  return array.map((record, i) => ({ line: lines[i] ?? i + 1, record }));
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Start line of each element of the records array: the top-level array, or the array under
 * `key` of the top-level object. Runs only on text JSON.parse accepted, so it can be simple.
 */
function elementLines(text: string, key: string | undefined): number[] {
  const out: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let lastString = '';
  let stringStart = 0;
  let targetDepth = key === undefined ? 1 : -1; // depth of the records array, once known
  let pendingKey: string | undefined;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        lastString = JSON.parse(text.slice(stringStart, i + 1)) as string;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === targetDepth && expectValue && c !== ']') {
      out.push(line);
      expectValue = false;
    }
    if (c === '"') {
      inString = true;
      stringStart = i;
    } else if (c === ':') {
      if (depth === 1 && targetDepth === -1) pendingKey = lastString;
    } else if (c === '[' || c === '{') {
      depth++;
      if (c === '[' && targetDepth === -1 && depth === 2 && pendingKey === key) targetDepth = 2;
      if (c === '[' && depth === targetDepth) expectValue = true;
    } else if (c === ']' || c === '}') {
      if (depth === targetDepth && c === ']') targetDepth = -2; // done
      depth--;
    } else if (c === ',') {
      if (depth === targetDepth) expectValue = true;
      if (depth === 1) pendingKey = undefined;
    }
  }
  return out;
}
