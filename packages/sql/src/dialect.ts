/**
 * @module sql/dialect
 * The hooks one SQL dialect provides to the shared compiler: placeholders and driver values,
 * boolean literals, JSON field access on a `record` column, native columns of the employer
 * record, the status-history walk behind "active on a date", exact decimal sums, and how rows read
 * back become exact decimals. Everything else — which tables, which CTEs, how rollups go up the
 * `region_closure` table — is written once in `compile.ts`.
 */
import type { Exact } from './exact.js';
import type { Query, SqlType } from './query.js';

/** A scalar a condition compares with. */
export type Scalar = string | number | boolean;

/** The SQL that differs between SQLite and PostgreSQL. */
export interface Dialect {
  /** `sqlite` or `postgres`. */
  readonly name: 'sqlite' | 'postgres';
  /** The placeholder of the n-th (1-based) bound value. */
  placeholder(n: number, type: SqlType | undefined): string;
  /** The value handed to the driver for a bound value (SQLite has no booleans: 1 / 0). */
  toDriver(value: unknown, type: SqlType | undefined): unknown;
  /** Boolean literals. */
  readonly true: string;
  readonly false: string;
  /**
   * The field `path` of the JSON `record` compared with a scalar, as SQL yielding -1 / 0 / 1, or
   * NULL when the core's `compareScalars` says "not comparable" (or the field is missing).
   */
  jsonCompare(record: string, path: readonly string[], value: Scalar, q: Query): string;
  /**
   * The field equals a string that is not a plain decimal — the only case where the core's
   * comparison is plain text equality (a number never equals it) — as a SQL boolean, never NULL.
   * Cheaper than {@link Dialect.jsonCompare}; a dialect without it uses that.
   */
  jsonEqualsText?(record: string, path: readonly string[], value: string, q: Query): string;
  /** The field is present (not absent, not JSON null), as a SQL boolean. */
  jsonPresent(record: string, path: readonly string[], q: Query): string;
  /** The field as text (distinct keys), NULL when missing. */
  jsonText(record: string, path: readonly string[], q: Query): string;
  /** A field of the employer record with a known type, as a native SQL value. */
  column(record: string, name: string, type: 'text' | 'integer'): string;
  /**
   * What follows `facts f` in the one pass that builds the per-employer flags: SQLite walks the
   * `(employer, kind, date)` index in employer order (no sort for the `GROUP BY`, and a row's
   * JSON record is read only when a test's condition needs it); PostgreSQL chooses by its
   * statistics (empty).
   */
  readonly flagsIndex: string;
  /**
   * Whether `aggregate()` over a large subtree takes the one-pass form (`onepass.ts`: one scan
   * per table, the aggregation in JavaScript) instead of aggregating in the server. Chosen per
   * engine by measurement (`pnpm bench`): SQLite does (in process, with each row handed over as
   * one packed value); PostgreSQL does not (its rows cross a socket).
   */
  readonly onePass: boolean;
  /** A hint after `FROM facts f` for the one-pass scan of the facts (SQLite: a table scan). */
  readonly scanHint: string;
  /**
   * An integer key of the facts' rows in table order (SQLite: `f.rowid`), by which the one pass
   * scans the facts in slices so that only one slice's rows are held at once; `undefined`: one
   * statement.
   */
  readonly rowKey: string | undefined;
  /** A `date` column as `YYYY-MM-DD` text (the one pass packs it into a row's text). */
  dateText(column: string): string;
  /**
   * A JSON array of the top-level fields `keys` (at least one) of the JSON `record`, as text, in
   * order: each value's JSON text as stored, `null` where a field is absent.
   */
  jsonRawArray(record: string, keys: readonly string[], q: Query): string;
  /** "Some row of the group satisfies `cond`" as an aggregate yielding the dialect's booleans. */
  anyOf(cond: string): string;
  /** The GB/T 4754 section letter of the employer's industry (NULL without one). */
  industrySection(record: string): string;
  /** Whether the employer has at least one hazard factor, as a SQL boolean. */
  hasHazardFactors(record: string): string;
  /**
   * The core's `isActiveOn(employer, date)` over the employer row alias `e` (its `record`), as a
   * SQL boolean; `cutoff` is the earliest suspension start still counted (see `active.ts`).
   */
  active(e: string, date: string, cutoff: string, q: Query): string;
  /**
   * Aggregate columns of the exact sum of a JSON field over rows satisfying `cond`, named from
   * `name`, and their rollup columns over the per-region groups `g`.
   */
  sumField(
    record: string,
    path: readonly string[],
    cond: string,
    name: string,
    q: Query,
  ): { columns: string[]; rollups: string[] };
  /** The exact sum a row holds in the columns of {@link Dialect.sumField} named `name`. */
  readSum(row: Readonly<Record<string, unknown>>, name: string): Exact;
  /** A data value's value (from the `record` of alias `d`), as the input of {@link decimalSum}. */
  dataValue(d: string): string;
  /** An exact decimal sum aggregate of {@link dataValue} values. */
  decimalSum(expr: string): string;
  /** The exact sum of per-region {@link decimalSum} results (a rollup column of `g`). */
  decimalRollup(column: string): string;
}
