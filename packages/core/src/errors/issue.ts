/**
 * @module errors/issue
 * Helpers to build validation issues and to turn zod errors into them.
 */
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

/**
 * Build one {@link ValidationIssue}: the field's path, the offending value, the rule's id, the
 * message in English and in Chinese, and the 1-based row when the input is a file or a batch.
 * The occhealth packages build their errors with it, and so can an adapter or an integration that
 * rejects input the same way (throw `ValidationError.of(issue(…))`, or {@link fail}). The value is
 * kept as given: for a field that may hold personal data pass the issue through `redactIssue`.
 * @example issue('employers.0.size', 'huge', 'employer.size', 'not a size', '不是规模', 3).row // 3
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
 * Throw a {@link ValidationError} with the one issue {@link issue} builds from the same arguments
 * (no row). Its return type `never` lets a check end a branch.
 * @example fail('period', '2025-13', 'period.format', 'not a period', '不是期间') // throws ValidationError
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
 * Convert the issues of a failed zod parse of `input` into occhealth issues: the path (after
 * `options.prefix`) joined with dots, the value found at that path in `input`, the rule
 * `schema.<zod code>` and a Chinese message beside zod's English one; an unknown key becomes one
 * issue at its own path. A custom zod issue may carry `params: { rule, messageZh }` to name its own
 * rule and Chinese message. `options.row` is copied into every issue. For code that validates with
 * its own zod schemas and reports like the core's {@link parseWith}.
 * @example fromZodIssues(isoDateSchema.safeParse(42).error!.issues, 42, { prefix: 'facts.0.date', row: 2 })[0]!.rule // 'schema.invalid_type'
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
