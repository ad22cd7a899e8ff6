/**
 * @module errors/bounds
 * Bounds shared by the record schemas. Text is refused, never repaired: a lone UTF-16 surrogate
 * (which a database or JSON encoder would replace with U+FFFD) or a control character is an
 * error naming the field, as is text longer than its documented maximum.
 */
import { z } from 'zod';

/** Longest name or label (characters): employer names, region names, labels. */
export const MAX_NAME_LENGTH = 200;
/** Longest free text (characters): notes. */
export const MAX_TEXT_LENGTH = 2000;
/** Longest short code or reference (characters): source systems and refs, hazard factors. */
export const MAX_CODE_LENGTH = 200;
/** Most digits before, and after, the decimal point of a decimal given as a string. */
export const MAX_DECIMAL_DIGITS = 30;

/**
 * Is `s` a record id (fact, institution, department, contact): 1–128 letters, digits or
 * `_ . : / -`, and not `.` or `..` alone (a URL path cannot carry those as one segment, even
 * percent-encoded, so the HTTP API could not reach the record).
 * @example isRecordId('inspection/2025/001') // true
 * @example isRecordId('..') // false
 */
export function isRecordId(s: string): boolean {
  return /^[\w.:/-]{1,128}$/.test(s) && s !== '.' && s !== '..';
}

/** The message of the {@link isRecordId} rule, in English and Chinese. */
export const RECORD_ID_RULE = {
  message: 'must be 1–128 letters, digits or _ . : / -, and not "." or ".." alone',
  messageZh: '必须为 1–128 位字母、数字或 _ . : / -，且不能仅为 "." 或 ".."',
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Does `s` hold NUL or a C0/C1 control (tab, line feed and carriage return allowed when `multiline`)? */
function hasControl(s: string, multiline: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (multiline && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * zod schema of bounded text: 1 to `max` characters (0 allowed when `allowEmpty`), no lone
 * surrogate, no control character (tab and line breaks allowed when `multiline`).
 */
export function boundedText(
  max: number,
  options: { multiline?: boolean; allowEmpty?: boolean } = {},
) {
  const multiline = options.multiline ?? false;
  return z
    .string()
    .refine((s) => options.allowEmpty || s.length > 0, {
      message: 'must not be empty',
      params: { rule: 'text.empty', messageZh: '不能为空' },
    })
    .refine((s) => s.length <= max, {
      message: `must be at most ${max} characters`,
      params: { rule: 'text.max-length', messageZh: `长度不能超过 ${max} 个字符` },
    })
    .refine((s) => s.length > max || !LONE_SURROGATE.test(s), {
      message: 'must not contain a lone UTF-16 surrogate (malformed Unicode)',
      params: {
        rule: 'text.lone-surrogate',
        messageZh: '不能含有孤立的 UTF-16 代理项（Unicode 编码错误）',
      },
    })
    .refine((s) => s.length > max || !hasControl(s, multiline), {
      message: options.multiline
        ? 'must not contain control characters (other than tab and line breaks) or NUL'
        : 'must not contain control characters, line breaks or NUL',
      params: { rule: 'text.control-character', messageZh: '不能含有控制字符或 NUL' },
    });
}

/** Is `s` a decimal string within {@link MAX_DECIMAL_DIGITS} digits on each side of the point? */
export function isBoundedDecimal(s: string): boolean {
  const m = /^-?(\d+)(?:\.(\d+))?$/.exec(s);
  return (
    m !== null && m[1]!.length <= MAX_DECIMAL_DIGITS && (m[2]?.length ?? 0) <= MAX_DECIMAL_DIGITS
  );
}
