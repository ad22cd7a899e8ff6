/**
 * A damaged file gives typed errors: a store whose pages were overwritten answers reads and writes
 * with a StoreError (never a raw SqliteError), and a rejected write leaves the bytes as they were.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '@occhealth/core';
import { buildStoreFixture } from '@occhealth/core/testing';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'occhealth-sqlite-damaged-'));

describe('a corrupt store file', () => {
  it('reads and writes fail with StoreError, not SqliteError', async () => {
    const path = join(dir, 'corrupt.db');
    const store = openSqliteStore(path);
    await store.write(buildStoreFixture().batch);
    store.database.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();
    // Overwrite every page after the first (the schema page stays readable) with garbage.
    const size = readFileSync(path).length;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    closeSync(fd);
    const calls: Array<() => Promise<unknown>> = [];
    let damaged: ReturnType<typeof openSqliteStore> | undefined;
    try {
      damaged = openSqliteStore(path);
    } catch (e) {
      // Refused at open: that is typed too.
      expect(e).toBeInstanceOf(StoreError);
      return;
    }
    calls.push(
      () => damaged!.listFacts(),
      () => damaged!.listEmployers(),
      () => damaged!.write(buildStoreFixture().batch),
    );
    let failures = 0;
    for (const call of calls) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error !== undefined) {
        failures++;
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).code).toBe('STORE_FAILED');
      }
    }
    expect(failures).toBeGreaterThan(0);
    await damaged.close();
  });
});
