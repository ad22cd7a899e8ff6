/**
 * @module aggregate
 * The SQL pushdown of `Store.aggregate()` for the SQLite store.
 */

export { suspensionCutoff } from './active.js';
export { aggregateSql } from './aggregate.js';
