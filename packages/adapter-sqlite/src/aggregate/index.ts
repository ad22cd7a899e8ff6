/**
 * @module aggregate
 * The SQL pushdown of `Store.aggregate()` for the SQLite store.
 */

export { aggregateSql } from './aggregate.js';
