/**
 * @module @occhealth/adapter-sqlite
 * The embedded default store of occhealth: the core `Store` port over one SQLite file
 * (better-sqlite3), with versioned migrations and bulk CSV/JSON import in one transaction.
 */

export type { CellType, ColumnSpec } from './import/columns.js';
export { COLUMNS, REQUIRED_COLUMNS } from './import/columns.js';
export type { ImportSource } from './import/decode.js';
export type {
  ImportFileOptions,
  ImportOptions,
  ImportProgress,
  ImportResult,
} from './import/import.js';
export { importFile, importText } from './import/import.js';
export { APPLICATION_ID, SCHEMA_VERSION, SchemaVersionError } from './migrations.js';
export type { BulkSession, SqliteStoreOptions } from './sqlite-store.js';
export { openSqliteStore, SqliteStore } from './sqlite-store.js';
