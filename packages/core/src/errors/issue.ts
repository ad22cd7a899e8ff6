/**
 * @module errors/issue
 * Helpers to build validation issues and to turn zod errors into them.
 */
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

/**
 * Build one issue.
 * @internal Shared by the occhealth packages to build their errors; not part of the public API
 * (it may change in any release). Integrators catch `ValidationError` and read its `issues`.
 */
export function issue(
  path: string,
  value: unknown,
  rule: string,
  message: string,
  messageZh: string,
  row?: number,
): ValidationIssue {
  return row === undefined
    ? { path, value, rule, message, messageZh }
    : { path, value, rule, message, messageZh, row };
}

/**
 * Throw a ValidationError with one issue.
 * @internal Shared by the occhealth packages; not part of the public API.
 */
export function fail(
  path: string,
  value: unknown,
  rule: string,
  message: string,
  messageZh: string,
): never {
  throw ValidationError.of(issue(path, value, rule, message, messageZh));
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  null: '空值',
  undefined: '未填写',
  date: '日期',
  bigint: '大整数',
};

/** A Chinese sentence for a zod issue, built from its code and parameters (never zod's English). */
function zodMessageZh(zi: z.core.$ZodIssue, value: unknown): string {
  const i = zi as unknown as Record<string, unknown>;
  const unit = (origin: unknown) =>
    origin === 'string' ? '个字符' : origin === 'array' || origin === 'set' ? '项' : '';
  switch (zi.code) {
    case 'invalid_type':
      return value === undefined
        ? '缺少必填字段'
        : `类型错误：应为${TYPE_ZH[String(i.expected)] ?? String(i.expected)}`;
    case 'too_small':
      return `值过小：不得少于 ${String(i.minimum)}${unit(i.origin)}`;
    case 'too_big':
      return `值过大：不得多于 ${String(i.maximum)}${unit(i.origin)}`;
    case 'invalid_format':
      return `格式错误（应为 ${String(i.format)} 格式）`;
    case 'invalid_value':
      return `取值不在允许范围内：应为 ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join('、')} 之一`;
    case 'unrecognized_keys':
      return `包含未知字段：${(i.keys as string[]).join('、')}`;
    case 'invalid_union':
      return '不符合任何允许的类型';
    case 'not_multiple_of':
      return `应为 ${String(i.divisor)} 的倍数`;
    case 'invalid_key':
      return '字段名无效';
    case 'invalid_element':
      return '元素无效';
    default:
      return '不符合规则';
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Convert zod issues into occhealth issues. A custom zod issue may carry `params: { rule, messageZh }`.
 * @internal Shared by the occhealth packages; not part of the public API.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  options: { prefix?: string; row?: number } = {},
): ValidationIssue[] {
  return issues.flatMap((zi) => {
    // An unknown field is reported at its own path (`facts.0.colour`), not at its parent's.
    if (zi.code === 'unrecognized_keys') {
      return zi.keys.map((key) => {
        const keyPath = [...zi.path, key];
        const parts = [...(options.prefix ? [options.prefix] : []), ...keyPath.map(String)];
        return issue(
          parts.join('.') || '""',
          valueAt(input, keyPath),
          'schema.unrecognized_keys',
          `unknown field ${key}`,
          `未知字段 ${key}`,
          options.row,
        );
      });
    }
    const pathParts = [...(options.prefix ? [options.prefix] : []), ...zi.path.map(String)];
    const params = (zi as { params?: { rule?: string; messageZh?: string } }).params;
    const rule = params?.rule ?? `schema.${zi.code}`;
    const messageZh = params?.messageZh ?? zodMessageZh(zi, valueAt(input, zi.path));
    return issue(
      pathParts.join('.') || '(root)',
      valueAt(input, zi.path),
      rule,
      zi.message,
      messageZh,
      options.row,
    );
  });
}

/**
 * Parse `input` with `schema`, throwing a {@link ValidationError} that names field, value, rule and row.
 * @example parseWith(isoDateSchema, '2025-02-30') // throws ValidationError
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { prefix?: string; row?: number } = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(fromZodIssues(result.error.issues, input, options));
}
