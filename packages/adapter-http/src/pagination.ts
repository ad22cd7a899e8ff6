/**
 * @module pagination
 * The one pagination convention of every list route: `?cursor=…&limit=…` in, `{ items,
 * nextCursor }` out (`nextCursor` null on the last page). `after` is a deprecated alias of
 * `cursor` (the spelling of the audit and submission lists before 0.1): still accepted, answered
 * with a `Deprecation` header (RFC 9745), and those two lists also still answer `next` beside
 * `nextCursor`. Both go in the next minor version.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HttpError } from './problem.js';

/**
 * When `after` was deprecated (2026-12-02T00:00:00Z), as the RFC 9745 `Deprecation` header
 * gives it: a structured-field date, seconds since the epoch.
 */
export const AFTER_DEPRECATED = '@1796169600';

/** The query fields of a paged list: `cursor`, its deprecated alias `after`, and `limit`. */
export function pageQuery<C extends z.ZodType<string>>(
  cursor: C,
  limits: { readonly max: number; readonly default: number },
) {
  return {
    cursor: cursor
      .optional()
      .openapi({ description: "The previous page's nextCursor · 上一页的 nextCursor" }),
    after: cursor.optional().openapi({
      deprecated: true,
      description:
        'Deprecated alias of cursor; removed in the next minor version · 已弃用，同 cursor',
    }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(limits.max)
      .optional()
      .openapi({ description: `1–${limits.max}, default ${limits.default}` }),
  };
}

/**
 * The cursor a request names (`cursor`, or the deprecated `after`, which sets the `Deprecation`
 * header on the answer).
 * @throws HttpError 400 when both are given and differ.
 */
export function cursorOf(
  c: Context,
  q: { readonly cursor?: string | undefined; readonly after?: string | undefined },
): string | undefined {
  if (q.after === undefined) return q.cursor;
  c.header('Deprecation', AFTER_DEPRECATED);
  if (q.cursor !== undefined && q.cursor !== q.after) {
    throw new HttpError(
      'BAD_REQUEST',
      'give cursor or its deprecated alias after, not both',
      'cursor 与已弃用的 after 只能给出一个',
      {
        issues: [
          {
            path: 'query.after',
            value: q.after,
            rule: 'http.page.cursor-alias',
            message: 'differs from cursor; send cursor alone',
            messageZh: '与 cursor 不同；请只传 cursor',
          },
        ],
      },
    );
  }
  return q.after;
}

/**
 * The schema of one page of `item`. With `legacyNext` the page also holds `next` (deprecated,
 * the same value as `nextCursor`, absent on the last page) for the lists that answered it.
 */
export function pageSchema<T extends z.ZodType>(
  item: T,
  options: { readonly legacyNext?: boolean } = {},
) {
  const base = {
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as cursor for the next page; null on the last page' }),
  };
  return options.legacyNext
    ? z.object({
        ...base,
        next: z
          .string()
          .optional()
          .openapi({ deprecated: true, description: 'Deprecated: the same as nextCursor' }),
      })
    : z.object(base);
}

/** The body of one page (`legacyNext` as in {@link pageSchema}). */
export function pageBody<T>(
  items: T[],
  next: string | undefined,
  options: { readonly legacyNext?: boolean } = {},
): { items: T[]; nextCursor: string | null; next?: string } {
  return {
    items,
    nextCursor: next ?? null,
    ...(options.legacyNext && next !== undefined ? { next } : {}),
  };
}
