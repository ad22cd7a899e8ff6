/**
 * @module schemas
 * Schemas shared by the route modules: the problem document, strict query objects (an unknown
 * query parameter is a 400), ETags from record versions and JSON-safe copies of core results.
 */
import { z } from '@hono/zod-openapi';
import { isRecordId, RECORD_ID_RULE, type Stored } from '@occhealth/core';
import { HttpError } from './problem.js';

/** The problem document schema (RFC 9457). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    errors: z.array(
      z.object({
        path: z.string(),
        value: z.unknown().optional(),
        rule: z.string(),
        row: z.number().int().optional(),
        detail: z.string(),
      }),
    ),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** The error responses every authenticated route may give. */
export const problemResponses = {
  400: { description: 'Bad request · 请求格式错误', content: problemContent },
  401: { description: 'No or unknown bearer token · 未认证', content: problemContent },
  403: { description: 'Outside your subtree or role · 无权访问', content: problemContent },
  404: { description: 'Not found · 未找到', content: problemContent },
  422: { description: 'Validation failed · 数据校验未通过', content: problemContent },
  429: { description: 'Rate limited · 请求过于频繁', content: problemContent },
} as const;

/** Problem responses of writes (adds 409, 412, 413, 415, 423, 428). */
export const writeProblemResponses = {
  ...problemResponses,
  409: { description: 'Conflict · 冲突', content: problemContent },
  412: { description: 'Stale If-Match · 记录已被修改', content: problemContent },
  413: { description: 'Body too large · 请求体过大', content: problemContent },
  415: { description: 'Wrong content type · 内容类型不支持', content: problemContent },
  423: { description: 'Period locked · 报送期已锁定', content: problemContent },
  428: { description: 'If-Match missing · 缺少 If-Match', content: problemContent },
} as const;

/** Bearer security requirement of a route. */
export const bearer = [{ bearer: [] as string[] }];

/** A strict query object: unknown parameters are refused. */
export const query = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

/** No query parameter at all. */
export const noQuery = z.object({}).strict();

/** A JSON response of a schema. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** An id path segment: printable, no slash, no control character, no `..`. */
export const idParam = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/)
    .refine((s) => !s.includes('..'))
    .openapi({ param: { name, in: 'path' }, example });

/**
 * The id path segment of a fact, institution, department or contact: any id the core allows
 * ({@link isRecordId}), `/` included. A client percent-encodes the id as one segment
 * (`encodeURIComponent`: `a/b` → `a%2Fb`); the router matches the encoded segment and the
 * parameter is decoded once, so `%252F` is the id `a%2Fb`, which the rule refuses.
 */
export const recordIdParam = (name: string, example: string) =>
  z
    .string()
    .refine(isRecordId, {
      message: RECORD_ID_RULE.message,
      params: { rule: 'http.record-id', messageZh: RECORD_ID_RULE.messageZh },
    })
    .openapi({
      param: { name, in: 'path' },
      example,
      description:
        'The record id, percent-encoded as one path segment (a `/` in the id is `%2F`) · ' +
        '记录标识，按单个路径段百分号编码（标识中的 `/` 写作 `%2F`）',
    });

/** ETag of a stored record: its version. */
export const etagOf = (record: Stored<object>): string => `"v${record.version}"`;

/**
 * The version an `If-Match` header names.
 * @throws HttpError 428 when the header is missing, 400 when it is not an ETag of ours.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpError(
      'PRECONDITION_REQUIRED',
      'an update needs an If-Match header with the ETag you read',
      '更新须带 If-Match 请求头，值为读取时的 ETag',
      {
        issues: [
          {
            path: 'If-Match',
            value: undefined,
            rule: 'http.if-match.required',
            message: 'required on updates',
            messageZh: '更新时必填',
          },
        ],
      },
    );
  }
  const m = /^\s*(?:W\/)?"v([1-9][0-9]{0,15})"\s*$/.exec(header);
  if (!m) {
    throw new HttpError(
      'BAD_REQUEST',
      'If-Match is not an ETag of this API',
      'If-Match 不是本接口的 ETag',
      {
        issues: [
          {
            path: 'If-Match',
            value: header,
            rule: 'http.if-match.format',
            message: 'must be an ETag such as "v3"',
            messageZh: '须为形如 "v3" 的 ETag',
          },
        ],
      },
    );
  }
  return Number(m[1]);
}

/** A JSON-safe copy (Decimals become strings, as their `toJSON` gives). */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** A loose object schema with some known fields (extra fields allowed in responses). */
export const loose = <T extends z.ZodRawShape>(shape: T, name?: string) => {
  const schema = z.looseObject(shape);
  return name ? schema.openapi(name) : schema;
};
