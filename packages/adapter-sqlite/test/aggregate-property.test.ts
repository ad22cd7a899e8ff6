/**
 * The shared pushdown property (`@occhealth/core/testing`): on random data, evaluation through the
 * SQLite pushdown equals the core's in-memory evaluation, figure for figure. The property
 * evaluates the whole tree, where the compiler reads the facts in one pass (`scan`); a second run
 * forces the index-seek form used for small subtrees (`seek`) on the same data, a third the
 * one-pass form (`onepass`: one scan per table, the aggregation in JavaScript).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePushdownProperty } from '@occhealth/core/testing';
import Database from 'better-sqlite3';
import { aggregateSql } from '../src/aggregate/index.js';
import { openSqliteStore } from '../src/index.js';

describePushdownProperty(() => openSqliteStore(':memory:'), { name: 'sqlite' });

/** A store on a file whose `aggregate()` always takes the given strategy. */
function forced(strategy: 'seek' | 'onepass') {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `occh-${strategy}-`));
    const path = join(dir, `${strategy}.db`);
    const store = openSqliteStore(path);
    let reader: Database.Database | undefined;
    return new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'aggregate') {
          return async (request: Parameters<typeof store.aggregate>[0]) => {
            reader ??= new Database(path, { readonly: true });
            return aggregateSql(reader, request, strategy);
          };
        }
        if (prop === 'close') {
          return async () => {
            reader?.close();
            await target.close();
            rmSync(dir, { recursive: true, force: true });
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
}

describePushdownProperty(forced('seek'), { name: 'sqlite, index-seek form' });
describePushdownProperty(forced('onepass'), { name: 'sqlite, one-pass form' });
