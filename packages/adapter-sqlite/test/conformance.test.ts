/**
 * The shared Store conformance suite, run unchanged against the SQLite store — including the
 * aggregate part, which compares the SQL pushdown with the core's in-memory evaluation.
 */
import { RECORD_KINDS } from '@occhealth/core';
import { describeStoreConformance } from '@occhealth/core/testing';
import { openSqliteStore, type SqliteStore } from '../src/index.js';

describeStoreConformance((clock) => openSqliteStore(':memory:', clock), {
  name: 'sqlite',
  supportsAggregate: true,
  supportsBulk: true,
  supportsRestore: true,
  supportsIdempotency: true,
  supportsChangeMarker: true,
  raw: {
    count: async (kind, store) =>
      (
        (store as SqliteStore).database
          .prepare(`SELECT count(*) AS n FROM ${RECORD_KINDS[kind].table}`)
          .get() as { n: number }
      ).n,
  },
});
