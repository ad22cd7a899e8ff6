/**
 * @module router
 * One factory of route modules' sub-apps, with the one validation hook: every request that fails
 * its route's zod schemas becomes a problem document (query, path and header problems are 400,
 * body problems 422), naming each field, value and rule.
 */
import { type Hook, OpenAPIHono, type z } from '@hono/zod-openapi';
import {
  type BatchKind,
  fromZodIssues,
  redactIssue,
  ValidationError,
  type ValidationIssue,
} from '@occhealth/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { Deps, Env, Pipeline } from './context.js';
import { HttpError } from './problem.js';
import { noQuery } from './schemas.js';

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

// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
type AnyHook = Hook<any, Env, any, any>;
type Schema = z.ZodType;

/** The request parts a route validates synchronously: they need no body read. */
interface SyncParts {
  readonly query?: Schema;
  readonly params?: Schema;
  readonly headers?: Schema;
}

/**
 * A synchronous check of a route's query, path and header parameters, as
 * `@hono/zod-validator` would (the same values, the same hook, the same order) but without its
 * per-target async middleware and `safeParseAsync`: on the read path each of those costs an
 * awaited promise per request. The schemas are plain objects of strings (no async refinements),
 * which `safeParse` handles.
 */
function syncValidator(parts: SyncParts, hook: AnyHook): (c: Context<Env>) => void {
  // The header schema's keys as written (`If-Match`) from the lowercased request header names.
  const headerKeys = parts.headers
    ? new Map(
        Object.keys(
          (parts.headers as unknown as { shape?: Record<string, unknown> }).shape ?? {},
        ).map((k) => [k.toLowerCase(), k]),
      )
    : undefined;
  const check = (
    c: Context<Env>,
    target: 'query' | 'param' | 'header',
    schema: Schema,
    value: unknown,
  ) => {
    const result = schema.safeParse(value);
    // The shared hooks throw on a failure (and do nothing on a success).
    if (!result.success) {
      void hook({ data: value, ...result, target } as never, c as never);
      // A hook that lets a failure through would hand the route no data at all.
      throw new Error(`the validation hook did not refuse an invalid ${target}`);
    }
    c.req.addValidatedData(target, result.data as object);
  };
  return (c) => {
    if (parts.query === noQuery && !c.req.url.includes('?')) {
      // No query string where none is allowed: `noQuery` accepts exactly `{}`, so its answer is
      // known without reading the URL's parameters or running the schema (≈ 3 µs a request).
      c.req.addValidatedData('query', {});
    } else if (parts.query) {
      const value: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(c.req.queries())) value[k] = v.length === 1 ? v[0]! : v;
      check(c, 'query', parts.query, value);
    }
    if (parts.params) check(c, 'param', parts.params, c.req.param());
    if (parts.headers) {
      const value: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.req.header())) value[headerKeys!.get(k) ?? k] = v;
      check(c, 'header', parts.headers, value);
    }
  };
}

/**
 * A new sub-app of a route module, whose every route runs inside `pipeline` (authentication, the
 * rate limit, the body checks; see {@link Pipeline}).
 */
export function router({ pipeline }: Pick<Deps, 'pipeline'>): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const openapi = app.openapi;
  // Each route's query, path and header parameters are validated by one synchronous check: in
  // the handler itself for a route without a body or middleware of its own, with the pipeline
  // around both (a middleware layer costs the read path as much as the check, and a route of one
  // handler lets a cached read be answered synchronously); else the pipeline is the route's
  // first middleware and the check its last, ahead of the body's validation, which
  // `@hono/zod-openapi` still does. Either way the order is: authentication, body size and
  // syntax, parameters, body schema.
  app.openapi = ((route, handler, hook) => {
    const { query, params, headers: headerSchemas, ...rest } = route.request ?? {};
    // Header parameters given as a list of schemas stay with `@hono/zod-openapi`.
    const headers = Array.isArray(headerSchemas) ? undefined : headerSchemas;
    const request = headers ? rest : { ...rest, headers: headerSchemas };
    const { middleware, hide, ...documented } = route;
    if (!hide) app.openAPIRegistry.registerPath(documented);
    const validate =
      query || params || headers
        ? syncValidator({ query, params, headers }, hook ?? validationHook)
        : undefined;
    if (middleware === undefined && !request.body) {
      const checked = ((c: Context<Env>) => {
        validate?.(c);
        return (handler as unknown as (c: Context<Env>) => unknown)(c);
      }) as unknown as typeof handler;
      return openapi({ ...route, hide: true, request }, pipeline.handler(checked), hook);
    }
    const before = Array.isArray(middleware) ? middleware : middleware ? [middleware] : [];
    const checking: MiddlewareHandler<Env>[] = validate
      ? [
          (c, next) => {
            validate(c);
            return next();
          },
        ]
      : [];
    return openapi(
      {
        ...route,
        hide: true,
        request,
        middleware: [pipeline.middleware, ...before, ...checking],
      },
      handler,
      hook,
    );
  }) as typeof app.openapi;
  return app;
}
