/**
 * @module @occhealth/adapter-postgres
 * The server store of occhealth: the core `Store` port over PostgreSQL (node-postgres, a peer
 * dependency), with versioned migrations, `COPY` bulk import for `@occhealth/import` and the
 * `aggregate()` pushdown compiled by the SQL layer shared with the SQLite adapter.
 */

export type { PgClient, PgPool, PgResult } from './driver.js';
export { PG_SCHEMA_VERSION } from './migrations.js';
export type {
  PostgresReplicaOptions,
  PostgresStoreOptions,
  ReplicaReads,
} from './postgres-store.js';
export { openPostgresStore, PostgresStore } from './postgres-store.js';
