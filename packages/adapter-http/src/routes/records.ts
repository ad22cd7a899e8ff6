/**
 * @module routes/records
 * Facts and data values: single writes, reads, and bulk import of CSV, JSON or NDJSON bodies
 * through `@occhealth/import` (either mode, rejected rows reported with their file line, rows of
 * regions outside the principal's subtree rejected). `Idempotency-Key` makes a retried upload
 * safe. The body is bounded by the app's import limit (20 MiB default); with
 * `Accept: application/x-ndjson` the answer streams progress lines and ends with the report.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  dataValueSchema,
  type Fact,
  ForbiddenError,
  factSchema,
  IMPORT_KINDS,
  NotFoundError,
  parseWith,
  type Stored,
  type ValidationError,
} from '@occhealth/core';
import { importText } from '@occhealth/import';
import { requireRole } from '../auth.js';
import { type Deps, inScope } from '../context.js';
import type { StoredResponse } from '../idempotency.js';
import { HttpError, type Lang, type Problem, problemOf } from '../problem.js';
import { router } from '../router.js';
import {
  bearer,
  etagOf,
  json,
  noQuery,
  plain,
  problemResponses,
  query,
  recordIdParam,
  writeProblemResponses,
} from '../schemas.js';
import { scopedStore, writeScoped } from '../scoped-store.js';

/**
 * The kinds `POST /imports/{kind}` reads: the importer's (the registry's `IMPORT_KINDS`), regions
 * aside (they are reference data).
 */
const httpImportKind = z.enum(IMPORT_KINDS).exclude(['regions']);

const counts = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

const factOut = z
  .looseObject({ id: z.string(), kind: z.string(), region: z.string(), version: z.number().int() })
  .openapi('Fact');
const dataValueOut = z
  .looseObject({
    dataElement: z.string(),
    region: z.string(),
    period: z.string(),
    value: z.string(),
    version: z.number().int(),
  })
  .openapi('DataValue');

/** The documented shape of a data value; the handler checks it with the core's `dataValueSchema`. */
const dataValueIn = z
  .object({
    dataElement: z.string(),
    region: z.string(),
    period: z.string(),
    value: z
      .union([z.string(), z.number()])
      .openapi({ description: 'Decimal string, e.g. "12.5"' }),
    source: z.object({ system: z.string().optional(), ref: z.string().optional() }).optional(),
  })
  .openapi('DataValueInput');

const writeOut = z.object({
  written: counts,
  record: z.looseObject({ version: z.number().int() }),
});

const rejectedRow = z.object({
  path: z.string(),
  value: z.unknown().optional(),
  rule: z.string(),
  row: z.number().int().optional(),
  detail: z.string(),
});

/** The import report: counts and the rejected rows with their file lines. */
export const importReport = z
  .object({
    kind: httpImportKind,
    mode: z.enum(['all-or-nothing', 'valid-rows']),
    rowsRead: z.number().int(),
    written: counts,
    rejectedCount: z.number().int(),
    rejected: z.array(rejectedRow),
  })
  .openapi('ImportReport');

const factRoute = createRoute({
  method: 'post',
  path: '/facts',
  summary: 'Record one fact (upsert by id) · 写入一条记录',
  tags: ['facts'],
  security: bearer,
  request: {
    query: noQuery,
    body: { required: true, content: { 'application/json': { schema: factSchema } } },
  },
  responses: { 200: json(writeOut, 'Written'), ...writeProblemResponses },
});

const factReadRoute = createRoute({
  method: 'get',
  path: '/facts/{id}',
  summary: 'One fact · 单条记录',
  tags: ['facts'],
  security: bearer,
  request: { params: z.object({ id: recordIdParam('id', 'inspection/2025/001') }), query: noQuery },
  responses: {
    200: { ...json(factOut, 'The fact'), headers: z.object({ ETag: z.string() }) },
    ...problemResponses,
  },
});

const dataValueRoute = createRoute({
  method: 'post',
  path: '/data-values',
  summary: 'Record one data value (upsert) · 写入一个汇总数据',
  tags: ['data values'],
  security: bearer,
  request: {
    query: noQuery,
    body: { required: true, content: { 'application/json': { schema: dataValueIn } } },
  },
  responses: { 200: json(writeOut, 'Written'), ...writeProblemResponses },
});

const dataValuesRoute = createRoute({
  method: 'get',
  path: '/data-values',
  summary: 'Data values of a subtree · 查询汇总数据',
  tags: ['data values'],
  security: bearer,
  request: {
    query: query({
      region: z
        .string()
        .regex(/^[0-9A-Za-z]{6,12}$/)
        .optional(),
      period: z.string().min(4).max(32).optional(),
      dataElement: z.string().min(1).max(128).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(dataValueOut) }), 'Values of your subtree'),
    ...problemResponses,
  },
});

const IMPORT_TYPES: Record<string, 'csv' | 'json' | 'ndjson'> = {
  'text/csv': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
};

const importRoute = createRoute({
  method: 'post',
  path: '/imports/{kind}',
  summary: 'Bulk import a CSV, JSON or NDJSON file · 批量导入',
  description:
    'The body is the file (Content-Type text/csv, application/json or application/x-ndjson). ' +
    '`all-or-nothing` (default): one bad row and nothing is written (422 listing every bad line). ' +
    '`valid-rows`: the good rows are written and the rejected ones reported. Rows of regions ' +
    'outside your subtree are rejected with their line. Send an `Idempotency-Key` to make a ' +
    'retry safe: the first response is replayed for 24 hours (kept in the store when it can), ' +
    'the same key with another body is a 422, and a retry while the first still runs is a 409 ' +
    '(`idempotency-in-progress`) with `Retry-After`. Send `Accept: application/x-ndjson` for a ' +
    'streamed answer: one JSON line per 256 KiB read (`{"type":"progress","phase":"read",…}`) and ' +
    'per chunk written, then a `result` line with the report (or a `problem` line).',
  tags: ['imports'],
  security: bearer,
  request: {
    params: z.object({ kind: httpImportKind }),
    query: query({ mode: z.enum(['all-or-nothing', 'valid-rows']).optional() }),
    headers: z.object({
      'idempotency-key': z
        .string()
        .regex(/^[\x21-\x7e]{1,128}$/)
        .optional(),
    }),
    body: {
      required: true,
      content: {
        'text/csv': { schema: z.string() },
        'application/x-ndjson': { schema: z.string() },
        'application/json': {
          schema: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'What was written and what was rejected (or, streamed, progress lines then it)',
      content: {
        'application/json': { schema: importReport },
        'application/x-ndjson': {
          schema: z.string().openapi({
            description: 'JSON lines: progress…, then {"type":"result","report":…} or a problem',
          }),
        },
      },
      headers: z.object({ 'Idempotency-Replayed': z.string().optional() }),
    },
    ...writeProblemResponses,
  },
});

/** Bytes of the body fed to the importer per progress line of a streamed import (256 KiB). */
export const PROGRESS_CHUNK_BYTES = 256 * 1024;

/** One line of a streamed import (`Accept: application/x-ndjson`). */
type ProgressLine =
  | { type: 'progress'; phase: 'read'; bytesRead: number; bytesTotal: number }
  | { type: 'progress'; phase: 'written'; rowsRead: number; rowsWritten: number }
  | { type: 'result'; status: number; replayed: boolean; report: z.infer<typeof importReport> }
  | { type: 'problem'; status: number; problem: Problem };

/** Whether the caller asked for a streamed progress body. */
function wantsProgress(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((t) => t.split(';')[0]!.trim().toLowerCase() === 'application/x-ndjson');
}

/** The body in chunks, a progress line after each one the importer has parsed. */
async function* chunked(
  bytes: Uint8Array,
  emit: (line: ProgressLine) => Promise<void>,
): AsyncGenerator<Uint8Array> {
  const total = bytes.byteLength;
  for (let at = 0; at < total; at += PROGRESS_CHUNK_BYTES) {
    const end = Math.min(total, at + PROGRESS_CHUNK_BYTES);
    yield bytes.subarray(at, end);
    await emit({ type: 'progress', phase: 'read', bytesRead: end, bytesTotal: total });
  }
}

async function fingerprint(parts: readonly string[]): Promise<string> {
  const bytes = new TextEncoder().encode(parts.join('\u0000'));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const detailIn = (lang: Lang) => (i: ValidationError['issues'][number]) => ({
  path: i.path,
  ...(i.value === undefined
    ? {}
    : { value: typeof i.value === 'string' ? i.value.slice(0, 200) : i.value }),
  rule: i.rule,
  ...(i.row === undefined ? {} : { row: i.row }),
  detail: lang === 'zh' ? i.messageZh : i.message,
});

/** Fact, data-value and import routes. */
export function recordRoutes(deps: Deps) {
  return router(deps)
    .openapi(factRoute, async (c) => {
      const fact = c.req.valid('json');
      const result = await writeScoped(deps, c.get('principal'), { facts: [fact] });
      const saved = (await deps.store.getFact(fact.id))!;
      return c.json({ written: result.facts, record: plain(saved) as { version: number } }, 200, {
        ETag: etagOf(saved),
      });
    })
    .openapi(factReadRoute, async (c) => {
      const { id } = c.req.valid('param');
      const fact: Stored<Fact> | undefined = await deps.store.getFact(id);
      if (!fact || !inScope(await deps.tree(), c.get('principal'), fact.region)) {
        throw new NotFoundError('fact', id, '记录');
      }
      return c.json(plain(fact) as z.infer<typeof factOut>, 200, { ETag: etagOf(fact) });
    })
    .openapi(dataValueRoute, async (c) => {
      const value = parseWith(dataValueSchema, c.req.valid('json'), { prefix: 'body' });
      const result = await writeScoped(deps, c.get('principal'), { dataValues: [value] });
      const record = (
        await deps.store.listDataValues({
          region: value.region,
          periods: [value.period],
          dataElements: [value.dataElement],
        })
      ).find((v) => v.region === value.region)!;
      return c.json(
        { written: result.dataValues, record: plain(record) as { version: number } },
        200,
      );
    })
    .openapi(dataValuesRoute, async (c) => {
      const q = c.req.valid('query');
      const principal = c.get('principal');
      const tree = await deps.tree();
      const region = q.region ?? principal.region;
      if (!inScope(tree, principal, region)) {
        throw new ForbiddenError(
          `region ${region} is outside your region subtree (${principal.region})`,
          `行政区划 ${region} 不在您的管辖范围（${principal.region}）内`,
          { path: 'query.region', value: region, rule: 'auth.scope' },
        );
      }
      const items = await deps.store.listDataValues({
        region,
        ...(q.period ? { periods: [q.period] } : {}),
        ...(q.dataElement ? { dataElements: [q.dataElement] } : {}),
      });
      return c.json({ items: items.map((v) => plain(v) as z.infer<typeof dataValueOut>) }, 200);
    })
    .openapi(importRoute, async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'reporter');
      const { kind } = c.req.valid('param');
      const mode = c.req.valid('query').mode ?? 'all-or-nothing';
      const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      const format = IMPORT_TYPES[type];
      if (!format) {
        throw new HttpError(
          'UNSUPPORTED_MEDIA_TYPE',
          `an import body must be text/csv, application/json or application/x-ndjson, not ${type || 'untyped'}`,
          `导入内容类型须为 text/csv、application/json 或 application/x-ndjson，而不是 ${type || '未声明'}`,
        );
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      const lang = c.get('lang');
      const work =
        (emit?: (line: ProgressLine) => Promise<void>) => async (): Promise<StoredResponse> => {
          const store = scopedStore(deps.store, await deps.tree(), principal);
          const result = await importText(store, emit ? chunked(bytes, emit) : text, {
            kind,
            format,
            mode,
            ...(emit
              ? {
                  onProgress: (p: { rowsRead: number; rowsWritten: number }) => {
                    void emit({ type: 'progress', phase: 'written', ...p });
                  },
                }
              : {}),
          });
          const report: z.infer<typeof importReport> = {
            kind,
            mode,
            rowsRead: result.rowsRead,
            written: result[kind],
            rejectedCount: result.rejectedCount,
            rejected: result.rejected.map(detailIn(lang)),
          };
          return { status: 200, body: JSON.stringify(report), contentType: 'application/json' };
        };
      const key = c.req.valid('header')['idempotency-key'];
      const run = async (emit?: (line: ProgressLine) => Promise<void>) =>
        key
          ? deps.idempotency.once(
              { principal: principal.id, key },
              await fingerprint([kind, mode, format, text]),
              work(emit),
            )
          : { response: await work(emit)(), replayed: false };
      if (wantsProgress(c.req.header('Accept'))) {
        // A streamed body: progress lines while the file is read and written, then one result
        // (or problem) line. The status is 200 once streaming starts; the last line tells.
        const encoder = new TextEncoder();
        let out!: ReadableStreamDefaultController<Uint8Array>;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            out = controller;
          },
        });
        const emit = async (line: ProgressLine) => {
          out.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          // Let the line reach the socket before the next chunk is parsed.
          await new Promise((resolve) => setTimeout(resolve, 0));
        };
        const path = c.req.path;
        void (async () => {
          try {
            const { response, replayed } = await run(emit);
            await emit({
              type: 'result',
              status: response.status,
              replayed,
              report: JSON.parse(response.body) as z.infer<typeof importReport>,
            });
          } catch (error) {
            const { problem } = problemOf(error, lang, path);
            await emit({ type: 'problem', status: problem.status, problem });
          } finally {
            out.close();
          }
        })();
        return c.body(stream, 200, {
          'Content-Type': 'application/x-ndjson; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        }) as never;
      }
      const { response, replayed } = await run();
      return c.json(JSON.parse(response.body) as z.infer<typeof importReport>, 200, {
        ...(replayed ? { 'Idempotency-Replayed': 'true' } : {}),
      });
    });
}
