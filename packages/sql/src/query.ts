/**
 * @module sql/query
 * SQL text with deferred placeholders: a fragment binds a value and gets back an opaque marker
 * (never the value); only {@link Query.render} turns markers into the dialect's placeholders
 * (`?` or `$1`, `$2`, …) in the order they appear in the final text, with the values in that
 * order. So fragments can be assembled in any order, and no value ever enters SQL text.
 */
import type { Dialect } from './dialect.js';

/** The SQL type of a bound value (PostgreSQL casts placeholders to it; SQLite ignores it). */
export type SqlType = 'text' | 'numeric' | 'integer' | 'boolean' | 'date' | 'text[]' | 'jsonb';

/** A statement ready for a driver: text with the dialect's placeholders and the values in order. */
export interface Rendered {
  readonly text: string;
  readonly values: readonly unknown[];
}

const MARKER = /\uE000(\d+)\uE001/g;

/** The bound values of one statement under construction. */
export class Query {
  readonly #values: unknown[] = [];
  readonly #types: (SqlType | undefined)[] = [];

  /** Bind a value; returns its marker, to be written into the SQL text. */
  bind(value: unknown, type?: SqlType): string {
    const i = this.#values.push(value) - 1;
    this.#types.push(type);
    return `\uE000${i}\uE001`;
  }

  /** Markers for a list of values: `?, ?, ?`. */
  list(values: readonly unknown[], type?: SqlType): string {
    return values.map((v) => this.bind(v, type)).join(', ');
  }

  /** Render `text` (assembled from this query's markers) for a dialect. */
  render(text: string, dialect: Dialect): Rendered {
    const values: unknown[] = [];
    const out = text.replace(MARKER, (_m, index: string) => {
      const i = Number(index);
      const type = this.#types[i];
      values.push(dialect.toDriver(this.#values[i], type));
      return dialect.placeholder(values.length, type);
    });
    return { text: out, values };
  }
}
