/**
 * The shared Store conformance suite, run unchanged against the PostgreSQL store — including the
 * aggregate part (the pushdown compared with the core's in-memory evaluation) and the bulk part.
 */
import { RECORD_KINDS } from '@occhealth/core';
import { describeStoreConformance } from '@occhealth/core/testing';
import type { PostgresStore } from '../src/index.js';
import { freshStore, testPool, withPostgres } from './pg.js';

withPostgres(() => {
  describeStoreConformance(freshStore, {
    name: 'postgres',
    supportsAggregate: true,
    supportsBulk: true,
    supportsRestore: true,
    supportsIdempotency: true,
    supportsChangeMarker: true,
    raw: {
      count: async (kind, store) => {
        const { rows } = await testPool().query(
          `SELECT count(*)::integer AS n FROM ${(store as PostgresStore).schema}.${RECORD_KINDS[kind].table}`,
        );
        return rows[0].n as number;
      },
    },
  });
});
