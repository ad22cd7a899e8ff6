/**
 * @module problem
 * RFC 9457 `application/problem+json` documents, and the one table that maps error codes to HTTP
 * statuses. The core's stable `code` decides the status, never an error's class name.
 */
import { type ErrorCode, isOccHealthError, type ValidationIssue } from '@occhealth/core';

/** Error codes of the HTTP layer itself (the core's codes are `ErrorCode`). */
export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'PRECONDITION_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'INTERNAL';

/** Every code a problem document can carry. */
export type ProblemCode = ErrorCode | HttpErrorCode;

/** The one table: error code → HTTP status. */
export const HTTP_STATUS_OF: Readonly<Record<ProblemCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  PERIOD_LOCKED: 423,
  RULE_VIOLATED: 422,
  PRECONDITION_REQUIRED: 428,
  RATE_LIMITED: 429,
  STORE_FAILED: 500,
  INTERNAL: 500,
};

const TITLES: Readonly<Record<ProblemCode, { readonly zh: string; readonly en: string }>> = {
  BAD_REQUEST: { zh: '请求格式错误', en: 'Bad request' },
  UNAUTHENTICATED: { zh: '未认证', en: 'Authentication required' },
  FORBIDDEN: { zh: '无权访问', en: 'Forbidden' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
  CONFLICT: { zh: '版本冲突', en: 'Conflict' },
  IDEMPOTENCY_IN_PROGRESS: {
    zh: '同一幂等键的请求正在处理',
    en: 'Request with this key in progress',
  },
  PRECONDITION_FAILED: { zh: '记录已被修改', en: 'Precondition failed' },
  PAYLOAD_TOO_LARGE: { zh: '请求体过大', en: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported media type' },
  VALIDATION_FAILED: { zh: '数据校验未通过', en: 'Validation failed' },
  PERIOD_LOCKED: { zh: '报送期已锁定', en: 'Period locked' },
  RULE_VIOLATED: { zh: '未通过数据质量规则', en: 'Data-quality rule violated' },
  PRECONDITION_REQUIRED: { zh: '缺少 If-Match 请求头', en: 'Precondition required' },
  RATE_LIMITED: { zh: '请求过于频繁', en: 'Too many requests' },
  STORE_FAILED: { zh: '存储故障', en: 'Storage failure' },
  INTERNAL: { zh: '服务器内部错误', en: 'Internal server error' },
};

/**
 * A problem raised by the HTTP layer (bad header, missing token, body too large, …).
 * @example
 * ```ts
 * const error = new HttpError('RATE_LIMITED', 'too many requests', '请求过于频繁', { headers: { 'Retry-After': '1' } });
 * const { problem, headers } = problemOf(error, 'en', '/regions');
 * console.log(problem.status, problem.type, headers['Retry-After']);
 * // → 429 urn:occhealth:problem:rate-limited 1
 * ```
 */
export class HttpError extends Error {
  /** Stable code, a key of {@link HTTP_STATUS_OF}. */
  readonly code: HttpErrorCode;
  /** Chinese message (the English one is `message`). */
  readonly messageZh: string;
  /** Field-level problems, when there are any. */
  readonly issues: readonly ValidationIssue[];
  /** Extra response headers (e.g. `WWW-Authenticate`, `Retry-After`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: HttpErrorCode,
    message: string,
    messageZh: string,
    options: { issues?: readonly ValidationIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.messageZh = messageZh;
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
  }
}

/** Language of a response: `zh` (default) or `en`. */
export type Lang = 'zh' | 'en';

/**
 * The caller's language from `Accept-Language`: the first of `zh*` or `en*` by quality,
 * Chinese when neither is named.
 * @example languageOf('en-GB,en;q=0.9,zh-CN;q=0.8') // 'en'
 */
export function languageOf(header: string | undefined | null): Lang {
  if (!header) return 'zh';
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lower = tag.toLowerCase();
    const lang: Lang | undefined = lower.startsWith('zh')
      ? 'zh'
      : lower.startsWith('en')
        ? 'en'
        : undefined;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh';
}

/** One field-level problem of a problem document. */
export interface ProblemField {
  /** Dotted path of the field. */
  readonly path: string;
  /** The offending value (long text cut to 200 characters). */
  readonly value?: unknown;
  /** Stable rule id. */
  readonly rule: string;
  /** 1-based row or file line, for batches and imports. */
  readonly row?: number;
  /** What is wrong, in the caller's language. */
  readonly detail: string;
}

/** An RFC 9457 problem document. */
export interface Problem {
  /** `urn:occhealth:problem:<code in kebab case>`. */
  readonly type: string;
  /** Short summary in the caller's language. */
  readonly title: string;
  /** HTTP status. */
  readonly status: number;
  /** What happened, in the caller's language. */
  readonly detail: string;
  /** The request path. */
  readonly instance: string;
  /** Stable error code. */
  readonly code: ProblemCode;
  /** Field-level problems (may be empty). */
  readonly errors: readonly ProblemField[];
}

const MAX_ISSUES = 1000;

function shortValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : value;
}

function fieldOf(issue: ValidationIssue, lang: Lang): ProblemField {
  return {
    path: issue.path,
    ...(issue.value === undefined ? {} : { value: shortValue(issue.value) }),
    rule: issue.rule,
    ...(issue.row === undefined ? {} : { row: issue.row }),
    detail: lang === 'zh' ? issue.messageZh : issue.message,
  };
}

/**
 * The problem document, status and headers for any thrown value: a typed error's own code and
 * messages, anything else a 500 that shows nothing of the error.
 * @example
 * ```ts
 * const refused = ValidationError.of({
 *   path: 'employees', value: -3, rule: 'employer.employees',
 *   message: 'employees must not be negative', messageZh: '职工人数不能为负数',
 * });
 * const { problem } = problemOf(refused, 'zh', '/employers');
 * console.log(problem.status, problem.title, problem.errors[0]?.detail);
 * // → 422 数据校验未通过 职工人数不能为负数
 * console.log(problemOf(new Error('db password is hunter2'), 'en', '/employers').problem.detail);
 * // → internal server error
 * ```
 */
export function problemOf(
  error: unknown,
  lang: Lang,
  instance: string,
): { problem: Problem; headers: Readonly<Record<string, string>> } {
  let code: ProblemCode = 'INTERNAL';
  let detail = lang === 'zh' ? '服务器内部错误' : 'internal server error';
  let issues: readonly ValidationIssue[] = [];
  let headers: Readonly<Record<string, string>> = {};
  if (error instanceof HttpError) {
    code = error.code;
    detail = lang === 'zh' ? error.messageZh : error.message;
    issues = error.issues;
    headers = error.headers;
  } else if (isOccHealthError(error) && error.code in HTTP_STATUS_OF) {
    code = error.code;
    if (code === 'STORE_FAILED') {
      detail = lang === 'zh' ? '存储故障，请稍后重试' : 'the store failed; try again later';
    } else {
      detail = lang === 'zh' ? error.messageZh : error.message;
      const withIssues = error as { issues?: readonly ValidationIssue[] };
      const d = error.details;
      issues =
        withIssues.issues ??
        (typeof d.path === 'string' && typeof d.rule === 'string'
          ? [
              {
                path: d.path,
                value: d.value,
                rule: d.rule,
                message: error.message,
                messageZh: error.messageZh,
                ...(typeof d.row === 'number' ? { row: d.row } : {}),
              },
            ]
          : []);
    }
  }
  const title = TITLES[code];
  return {
    problem: {
      type: `urn:occhealth:problem:${code.toLowerCase().replaceAll('_', '-')}`,
      title: title[lang],
      status: HTTP_STATUS_OF[code],
      detail,
      instance,
      code,
      errors: issues.slice(0, MAX_ISSUES).map((i) => fieldOf(i, lang)),
    },
    headers,
  };
}
