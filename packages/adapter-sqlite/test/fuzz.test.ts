/** Hostile rows thrown at the SQLite store's write; raw table counts must not move on a rejection. */
import { describe } from 'vitest';
import { registerHostileWrites } from '../../core/test/fuzz/hostile.js';
import { openSqliteStore, type SqliteStore } from '../src/index.js';

const TABLE = {
  regions: 'regions',
  employers: 'employers',
  facts: 'facts',
  dataValues: 'data_values',
};

describe('fuzz: SqliteStore.write', () => {
  registerHostileWrites({
    makeStore: async () => openSqliteStore(':memory:'),
    raw: {
      count: async (kind, store) =>
        (
          (store as SqliteStore).database
            .prepare(`SELECT count(*) AS n FROM ${TABLE[kind]}`)
            .get() as { n: number }
        ).n,
    },
  });
});
