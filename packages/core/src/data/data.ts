/**
 * @module data
 * Aggregate data values, DHIS2-style: figures that arrive already counted
 * (`{ dataElement, region, period, value }`), e.g. insured workers or institution counts.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import {
  boundedText,
  isBoundedDecimal,
  MAX_CODE_LENGTH,
  MAX_DECIMAL_DIGITS,
  parseWith,
} from '../errors/index.js';
import { periodIdSchema } from '../period/index.js';
import { labelSchema, regionCodeSchema } from '../region/index.js';

/** zod schema of a data-element id (`camelCase`, dots and dashes allowed). */
export const dataElementIdSchema = z.string().refine((s) => /^[A-Za-z][\w.-]{0,99}$/.test(s), {
  message: 'must start with a letter and use letters, digits, _ . - (max 100)',
  params: {
    rule: 'data-element.id',
    messageZh: '须以字母开头，只含字母、数字、_ . -（最多 100 位）',
  },
});

/** A decimal value given as a string (preferred) or a finite number; stored as a canonical string. */
export const decimalValueSchema = z
  // Not z.number(): it rejects NaN and Infinity itself, so `value.finite` would never be reported.
  .custom<string | number>((v) => typeof v === 'string' || typeof v === 'number', {
    message: 'must be a decimal string such as "12.5" or a number',
    params: { rule: 'value.type', messageZh: '必须是十进制数字符串（如 "12.5"）或数值' },
  })
  .transform((v, ctx) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a finite number',
        params: { rule: 'value.finite', messageZh: '必须是有限数值' },
      });
      return z.NEVER;
    }
    if (typeof v === 'number' && Math.abs(v) > Number.MAX_SAFE_INTEGER) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${Number.MAX_SAFE_INTEGER} in magnitude as a number (give larger values as a string)`,
        params: {
          rule: 'value.range',
          messageZh: `数值绝对值不能超过 ${Number.MAX_SAFE_INTEGER}（更大的值请用字符串）`,
        },
      });
      return z.NEVER;
    }
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) && !isBoundedDecimal(v.trim())) {
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${MAX_DECIMAL_DIGITS} digits before and after the decimal point`,
        params: {
          rule: 'value.range',
          messageZh: `整数与小数部分各不能超过 ${MAX_DECIMAL_DIGITS} 位`,
        },
      });
      return z.NEVER;
    }
    if (typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v.trim())) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a decimal number such as 12 or 12.5',
        params: { rule: 'value.decimal', messageZh: '必须是十进制数，如 12 或 12.5' },
      });
      return z.NEVER;
    }
    return new Decimal(typeof v === 'string' ? v.trim() : v).toFixed();
  });

/** zod schema of a data value. */
export const dataValueSchema = z
  .object({
    dataElement: dataElementIdSchema,
    region: regionCodeSchema,
    period: periodIdSchema,
    value: decimalValueSchema,
    source: z
      .object({
        system: boundedText(MAX_CODE_LENGTH).optional(),
        ref: boundedText(MAX_CODE_LENGTH).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A data value as given by a caller. */
export type DataValueInput = z.input<typeof dataValueSchema>;
/** A validated data value; `value` is a canonical decimal string. */
export type DataValue = z.infer<typeof dataValueSchema>;

/**
 * Validate one data value.
 * @example parseDataValue({ dataElement: 'sme.enrolled', region: '530100', period: '2025', value: '336.0' }).value // '336'
 */
export function parseDataValue(input: unknown, row?: number): DataValue {
  return parseWith(dataValueSchema, input, row === undefined ? {} : { row });
}

/**
 * The key that makes a data value unique.
 * @example dataValueKey({ dataElement: 'sme.enrolled', region: '530100', period: '2025' }) // 'sme.enrolled|530100|2025'
 */
export function dataValueKey(v: Pick<DataValue, 'dataElement' | 'region' | 'period'>): string {
  return `${v.dataElement}|${v.region}|${v.period}`;
}

/** zod schema of a data-element definition (what an aggregate figure means). */
export const dataElementSchema = z
  .object({
    id: dataElementIdSchema,
    label: labelSchema,
    /** `count` (integers), `decimal`, or `percent` (already a percentage). */
    valueType: z.enum(['count', 'decimal', 'percent']),
    /** How values of child regions combine: `sum`, `latest` (no sum; the latest period) or `none`. */
    aggregation: z.enum(['sum', 'latest', 'none']).default('sum'),
    unit: labelSchema.optional(),
  })
  .strict();
/** A data-element definition. */
export type DataElement = z.infer<typeof dataElementSchema>;
