/** Hostile rows thrown at the SQLite store's write; raw table counts must not move on a rejection. */
import { RECORD_KINDS } from '@occhealth/core';
import { describe } from 'vitest';
import { registerHostileWrites } from '../../core/test/fuzz/hostile.js';
import { openSqliteStore, type SqliteStore } from '../src/index.js';

describe('fuzz: SqliteStore.write', () => {
  registerHostileWrites({
    makeStore: async () => openSqliteStore(':memory:'),
    raw: {
      count: async (kind, store) =>
        (
          (store as SqliteStore).database
            .prepare(`SELECT count(*) AS n FROM ${RECORD_KINDS[kind].table}`)
            .get() as { n: number }
        ).n,
    },
  });
});
