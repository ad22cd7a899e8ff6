/**
 * @module errors/issue
 * Helpers to build validation issues and to turn zod errors into them.
 */
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

/** Build one issue. */
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

/** Throw a ValidationError with one issue. */
export function fail(
  path: string,
  value: unknown,
  rule: string,
  message: string,
  messageZh: string,
): never {
  throw ValidationError.of(issue(path, value, rule, message, messageZh));
}

const ZOD_RULE_ZH: Record<string, string> = {
  invalid_type: '类型错误',
  too_small: '值过小',
  too_big: '值过大',
  invalid_format: '格式错误',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '包含未知字段',
  invalid_union: '不符合任何允许的类型',
  custom: '不符合规则',
  not_multiple_of: '不是规定倍数',
};

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
    const messageZh = params?.messageZh ?? `${ZOD_RULE_ZH[zi.code] ?? '不符合规则'}：${zi.message}`;
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
