/**
 * @module router
 * One factory of route modules' sub-apps, with the one validation hook: every request that fails
 * its route's zod schemas becomes a problem document (query, path and header problems are 400,
 * body problems 422), naming each field, value and rule.
 */
import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import {
  type BatchKind,
  fromZodIssues,
  redactIssue,
  ValidationError,
  type ValidationIssue,
} from '@occhealth/core';
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

/** A validation hook whose issues pass through `redact` first. */
function hookWith(
  redact: (issue: ValidationIssue) => ValidationIssue,
  // biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
): Hook<any, Env, any, any> {
  return (result) => {
    if (result.success) return;
    const target = (result as { target?: string }).target ?? 'request';
    const prefix = TARGET_PREFIX[target] ?? target;
    const issues = fromZodIssues(result.error.issues, (result as { data?: unknown }).data, {
      prefix,
    }).map(redact);
    if (target === 'json' || target === 'form') throw new ValidationError(issues);
    throw new HttpError(
      'BAD_REQUEST',
      `invalid ${prefix}: ${issues.map((i) => `${i.path} (${i.rule})`).join(', ')}`,
      `${prefix} 参数无效：${issues.map((i) => `${i.path}（${i.messageZh}）`).join('，')}`,
      { issues },
    );
  };
}

/** The validation hook shared by every route. */
export const validationHook = hookWith((issue) => issue);

/**
 * The validation hook of a route whose body is a record of `kind`: the value of a personal field
 * (a contact's name, phone, email) never comes back in the problem document.
 */
export const redactingHook = (kind: BatchKind) => hookWith((issue) => redactIssue(kind, issue));

/** A new sub-app of a route module. */
export function router(): OpenAPIHono<Env> {
  return new OpenAPIHono<Env>({ defaultHook: validationHook });
}
