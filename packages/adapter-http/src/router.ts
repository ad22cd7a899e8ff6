/**
 * @module router
 * One factory of route modules' sub-apps, with the one validation hook: every request that fails
 * its route's zod schemas becomes a problem document (query, path and header problems are 400,
 * body problems 422), naming each field, value and rule.
 */
import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import { fromZodIssues, ValidationError } from '@occhealth/core';
import type { Env } from './context.js';
import { HttpError } from './problem.js';

const TARGET_PREFIX: Record<string, string> = {
  query: 'query',
  param: 'path',
  header: 'header',
  json: 'body',
  form: 'body',
  cookie: 'cookie',
};

/** The validation hook shared by every route. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
export const validationHook: Hook<any, Env, any, any> = (result) => {
  if (result.success) return;
  const target = (result as { target?: string }).target ?? 'request';
  const prefix = TARGET_PREFIX[target] ?? target;
  const issues = fromZodIssues(result.error.issues, (result as { data?: unknown }).data, {
    prefix,
  });
  if (target === 'json' || target === 'form') throw new ValidationError(issues);
  throw new HttpError(
    'BAD_REQUEST',
    `invalid ${prefix}: ${issues.map((i) => `${i.path} (${i.rule})`).join(', ')}`,
    `${prefix} 参数无效：${issues.map((i) => `${i.path}（${i.messageZh}）`).join('，')}`,
    { issues },
  );
};

/** A new sub-app of a route module. */
export function router(): OpenAPIHono<Env> {
  return new OpenAPIHono<Env>({ defaultHook: validationHook });
}
