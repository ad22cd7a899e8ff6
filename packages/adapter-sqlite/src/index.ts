/**
 * @module @occhealth/adapter-sqlite
 * The embedded default store of occhealth: the core `Store` port over one SQLite file
 * (better-sqlite3), with versioned migrations and the port's optional `bulk` capability that
 * `@occhealth/import` uses to import files of any size in one transaction.
 */

export { APPLICATION_ID, SCHEMA_VERSION, SchemaVersionError } from './migrations.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
export { openSqliteStore, SQLITE_PRAGMAS, SqliteStore } from './sqlite-store.js';
