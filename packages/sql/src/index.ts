/**
 * @module sql
 * The SQL layer shared by the SQL adapters (private, bundled into each): one compiler of the
 * expression IR, SQL fragments with deferred placeholders, the SQLite and PostgreSQL dialects, and
 * the write glue (reads → plan) and restore checks both stores share.
 */
export { suspensionCutoff } from './active.js';
export {
  type AggregateSteps,
  type AggregateStepsOptions,
  aggregateSteps,
  type Row,
  runAsync,
  runSync,
  type Strategy,
} from './compile.js';
export type { Dialect, Scalar } from './dialect.js';
export {
  addExact,
  compareExact,
  type Exact,
  formatExact,
  parseNumberToken,
  toExact,
  ZERO,
} from './exact.js';
export { postgresDialect } from './postgres.js';
export { Query, type Rendered, type SqlType } from './query.js';
export { sqliteDialect } from './sqlite.js';
export {
  type KeyedRow,
  type PlannedWrite,
  recordColumns,
  recordValues,
  restoreTargetEmpty,
  revive,
  type StoredRow,
  type WriteRead,
  writeSteps,
} from './write.js';
