/**
 * The shared Store conformance suite, run unchanged against the SQLite store — including the
 * aggregate part, which compares the SQL pushdown with the core's in-memory evaluation.
 */
import { describeStoreConformance } from '@occhealth/core/testing';
import { openSqliteStore, type SqliteStore } from '../src/index.js';

const TABLE = {
  regions: 'regions',
  employers: 'employers',
  facts: 'facts',
  dataValues: 'data_values',
};

describeStoreConformance(() => openSqliteStore(':memory:'), {
  name: 'sqlite',
  supportsAggregate: true,
  supportsBulk: true,
  raw: {
    count: async (kind, store) =>
      (
        (store as SqliteStore).database
          .prepare(`SELECT count(*) AS n FROM ${TABLE[kind]}`)
          .get() as { n: number }
      ).n,
  },
});
