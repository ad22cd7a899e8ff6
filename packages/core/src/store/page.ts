/**
 * @module store/page
 * Cursor pagination shared by every list method: `{ after, limit } → { items, next }`. A cursor is
 * the opaque, URL-safe encoding of the last item's sort tuple, so pages stay stable while rows are
 * inserted between calls (keyset pagination: no row skipped or repeated).
 */
import { fail } from '../errors/index.js';

/** Default and largest page sizes. */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest `limit` a list method accepts. */
export const MAX_PAGE_SIZE = 10_000;

/** The paging part of a list query. */
export interface PageRequest {
  /** Cursor of the previous page's `next`; absent for the first page. */
  readonly after?: string;
  /** Items per page, 1–{@link MAX_PAGE_SIZE}; default {@link DEFAULT_PAGE_SIZE}. */
  readonly limit?: number;
}

/** One page of a list. */
export interface Page<T> {
  /** The items of this page, in the list's order. */
  readonly items: T[];
  /** Cursor of the next page, or undefined on the last page. */
  readonly next?: string;
}

/**
 * Encode a sort tuple as a cursor (URL-safe base64 of its JSON).
 * @example decodeCursor(encodeCursor(['91530102MA6K0Q1A2B', 3]), 2) // ['91530102MA6K0Q1A2B', 3]
 */
export function encodeCursor(tuple: readonly (string | number)[]): string {
  const json = JSON.stringify(tuple);
  let binary = '';
  for (const byte of new TextEncoder().encode(json)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decode a cursor into its sort tuple of `length` parts.
 * @throws ValidationError (`page.cursor`) for a cursor this list did not issue.
 * @example decodeCursor(encodeCursor(['530102']), 1) // ['530102']
 * @example decodeCursor('not a cursor!', 1) // throws ValidationError
 */
export function decodeCursor(cursor: string, length: number): (string | number)[] {
  const bad = () =>
    fail(
      'after',
      cursor,
      'page.cursor',
      'not a cursor of this list (pass the `next` of the previous page)',
      '不是本列表的游标（请传入上一页返回的 next）',
    );
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]{1,4000}$/.test(cursor)) bad();
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const tuple = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    if (
      Array.isArray(tuple) &&
      tuple.length === length &&
      tuple.every((p) => typeof p === 'string' || typeof p === 'number')
    ) {
      return tuple as (string | number)[];
    }
  } catch {
    // fall through
  }
  return bad();
}

/**
 * Validate a page request and return its limit.
 * @throws ValidationError (`page.limit`) for a limit outside 1–{@link MAX_PAGE_SIZE}.
 * @example pageLimit({}) // 100
 * @example pageLimit({ limit: 0 }) // throws ValidationError
 */
export function pageLimit(request: PageRequest): number {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    fail(
      'limit',
      limit,
      'page.limit',
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
      `limit 须为 1 至 ${MAX_PAGE_SIZE} 的整数`,
    );
  }
  return limit;
}

/**
 * Compare two sort tuples part by part (numbers numerically, strings by UTF-16 code units).
 * @example compareTuples(['530102', 10], ['530102', 9]) // 1
 * @example compareTuples(['530102'], ['530103']) // -1
 */
export function compareTuples(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Page through items already sorted by `tupleOf` (the in-memory path every store can share).
 * @example
 * ```ts
 * const sorted = ['530102', '530103', '530302'].map((code) => ({ code }));
 * const first = pageOf(sorted, (r) => [r.code], { limit: 2 }, 1);
 * const second = pageOf(sorted, (r) => [r.code], { limit: 2, after: first.next }, 1);
 * console.log(first.items.map((r) => r.code).join(), '|', second.items.map((r) => r.code).join(), second.next);
 * // → 530102,530103 | 530302 undefined
 * ```
 */
export function pageOf<T>(
  sorted: readonly T[],
  tupleOf: (item: T) => readonly (string | number)[],
  request: PageRequest,
  width: number,
): Page<T> {
  const limit = pageLimit(request);
  const after = request.after === undefined ? undefined : decodeCursor(request.after, width);
  const start =
    after === undefined ? sorted : sorted.filter((x) => compareTuples(tupleOf(x), after) > 0);
  const items = start.slice(0, limit);
  const last = items[items.length - 1];
  return start.length > limit && last !== undefined
    ? { items, next: encodeCursor(tupleOf(last)) }
    : { items };
}
