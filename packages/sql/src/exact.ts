/**
 * @module sql/exact
 * Exact decimal arithmetic for the SQL pushdown, on `bigint` (no float ever touches a figure):
 * parse a JSON number token or a decimal string, add, compare, and print the canonical string the
 * core prints (`Decimal#toFixed()`: no exponent, no trailing zeros, `"12.5"`).
 */

/** An exact decimal: `units × 10^-scale`. */
export interface Exact {
  readonly units: bigint;
  readonly scale: number;
}

/** The decimal-string format the core accepts (`-12.50`), no exponent. */
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** A JSON number token (what `JSON.stringify` writes), exponent allowed. */
const NUMBER_TOKEN = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** The zero decimal. */
export const ZERO: Exact = { units: 0n, scale: 0 };

/** Parse a number token (`12`, `0.10`, `1e+21`, `-3.5e-7`), or undefined when malformed. */
export function parseNumberToken(token: string): Exact | undefined {
  const m = NUMBER_TOKEN.exec(token);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let units = BigInt(`${m[2]!}${frac}`);
  let scale = frac.length - Number(m[4] ?? '0');
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] === '-' ? -units : units, scale };
}

/**
 * What the core's `numeric()` accepts, exactly: a finite number, or a string written as a plain
 * decimal (`"12.5"`, not `"1e3"`). Anything else is undefined.
 */
export function toExact(value: unknown): Exact | undefined {
  if (typeof value === 'bigint') return { units: value, scale: 0 };
  if (typeof value === 'number')
    return Number.isFinite(value) ? parseNumberToken(String(value)) : undefined;
  if (typeof value === 'string') return DECIMAL.test(value) ? parseNumberToken(value) : undefined;
  return undefined;
}

function align(a: Exact, b: Exact): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * 10n ** BigInt(a.scale - b.scale), a.scale];
  return [a.units * 10n ** BigInt(b.scale - a.scale), b.units, b.scale];
}

/** `a + b`, exactly. */
export function addExact(a: Exact, b: Exact): Exact {
  const [x, y, scale] = align(a, b);
  return { units: x + y, scale };
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareExact(a: Exact, b: Exact): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The canonical decimal string (as `Decimal#toFixed()`): `"12.5"`, `"-0.03"`, `"0"`. */
export function formatExact(value: Exact): string {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  if (units === 0n) return '0';
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(scale + 1, '0');
  const text = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  return negative ? `-${text}` : text;
}
