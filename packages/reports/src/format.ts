/**
 * @module format
 * Turning typed cells into text: the one place numbers, dates and yes/no values are written, so
 * every renderer rounds a Decimal once, with its indicator's decimals and mode.
 */
import { formatValue, type RoundingMode, roundValue } from '@occhealth/core';
import { Decimal } from 'decimal.js';
import { type Lang, type TypedCell, textIn } from './model.js';

const YES = { zh: '是', en: 'yes' } as const;
const NO = { zh: '否', en: 'no' } as const;

function withThousands(integer: string): string {
  const negative = integer.startsWith('-');
  const digits = negative ? integer.slice(1) : integer;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `-${grouped}` : grouped;
}

/**
 * A cell for people: counts with thousands separators (`2,782`), percents rounded once with the
 * indicator's decimals and a `%` sign (`86.5%`), 是 / 否, dates as written; blank is `''`.
 * @example displayCell({ value: 2782, type: { kind: 'count' } }, 'zh') // '2,782'
 */
export function displayCell(cell: TypedCell, lang: Lang): string {
  const { value, type } = cell;
  if (value === null) return '';
  switch (type.kind) {
    case 'count': {
      const n = new Decimal(value as Decimal.Value);
      return `${type.signed && n.gt(0) ? '+' : ''}${withThousands(n.toFixed(0))}`;
    }
    case 'percent':
      return `${formatValue(value as Decimal | number, type.decimals, type.rounding)}%`;
    case 'number':
      return formatValue(value as Decimal | number, type.decimals, type.rounding);
    case 'yes-no':
      return textIn(value === true ? YES : NO, lang);
    default:
      return String(value);
  }
}

/**
 * A cell for machines (CSV): numbers plain (`2782`, a percent as its rounded value `86.5`, the
 * unit being in the header), yes/no as 是 / 否, blank as `''`.
 * @example plainCell({ value: 2782, type: { kind: 'count' } }, 'zh') // '2782'
 */
export function plainCell(cell: TypedCell, lang: Lang): string {
  const { value, type } = cell;
  if (value === null) return '';
  switch (type.kind) {
    case 'count':
      return new Decimal(value as Decimal.Value).toFixed(0);
    case 'number':
    case 'percent':
      return formatValue(value as Decimal | number, type.decimals, type.rounding);
    case 'yes-no':
      return textIn(value === true ? YES : NO, lang);
    default:
      return String(value);
  }
}

/**
 * The number a spreadsheet cell holds: a count, or a percent rounded once in the indicator's mode
 * (so the sheet shows and sums the published figure); undefined for other types.
 * @example numericCell({ value: new Decimal('86.5307930882'), type: { kind: 'percent', decimals: 1 } }) // 86.5
 * @example numericCell({ value: '昆明市', type: { kind: 'text' } }) // undefined
 */
export function numericCell(cell: TypedCell): number | undefined {
  const { value, type } = cell;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return undefined;
  if (type.kind === 'count') return new Decimal(value).toNumber();
  if (type.kind === 'percent' || type.kind === 'number')
    return roundValue(value, type.decimals, type.rounding).toNumber();
  return undefined;
}

/**
 * Neutralise spreadsheet formula injection (OWASP "CSV Injection"): text beginning with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel, WPS and LibreOffice show it as
 * text instead of evaluating it. Applied to every text cell of CSV and XLSX output.
 * @example neutraliseFormula('=HYPERLINK("http://x")') // `'=HYPERLINK("http://x")`
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * @internal A figure as a chart shows it: exact, cut to `decimals` places in `rounding` (the
 * indicator's own) only when it has more.
 */
export function shown(
  v: Decimal | number,
  decimals: number,
  rounding: RoundingMode = 'half-up',
): string {
  return roundValue(v, decimals, rounding).toString();
}

/** @internal The word "target" in a chart's language. */
export const TARGET_TEXT = { zh: '目标', en: 'target' } as const;
