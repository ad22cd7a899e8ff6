import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { createApp, serve, staticTokens } from '../src/index.js';
import { loadSample, seedReports, TODAY, token, tokenConfig } from './fixtures.js';

// Idempotency keys live in the store: a retry reaches a restarted server over the same SQLite
// file and is answered from the file, without the upload being applied again.
describe('Idempotency-Key responses kept in the SQLite file, across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occhealth-idem-'));
  const file = join(dir, 'occhealth.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = async () => {
    const store = openSqliteStore(file);
    const app = createApp({ store, auth: staticTokens(await tokenConfig()), clock: () => TODAY });
    const server = await serve({ app, port: 0 });
    return {
      server,
      stop: async () => {
        await server.close();
        await store.close();
      },
    };
  };
  const csv = (value: number) =>
    `dataElement,region,period,value\nworkInjuryInsuredPersons,530381,2025,${value}\nworkInjuryInsuredPersons,530302,2025,${value + 1}\n`;
  const upload = (url: string, body: string, who: 'qujing' | 'xuanwei' = 'qujing') =>
    fetch(`${url}/imports/dataValues`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token(who)}`,
        'Content-Type': 'text/csv',
        'Idempotency-Key': 'upload-2025-06-15-b',
      },
      body,
    });
  const sql = <T>(query: string): T => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(query).get() as T;
    } finally {
      db.close();
    }
  };

  it('replays the first answer after a restart, writes nothing twice, refuses another body', async () => {
    const seed = openSqliteStore(file);
    await loadSample(seed);
    await seedReports(seed);
    await seed.close();

    const first = await start();
    const answer = await upload(first.server.url, csv(100));
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body.written).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(answer.headers.get('Idempotency-Replayed')).toBeNull();
    await first.stop();

    const audit = sql<{ n: number }>('SELECT count(*) AS n FROM audit').n;
    expect(sql<{ n: number }>('SELECT count(*) AS n FROM idempotency_keys').n).toBe(1);
    const kept = sql<{ principal: string; status: number; body: string }>(
      'SELECT principal, status, body FROM idempotency_keys',
    );
    expect(kept.principal).toBe('qj-reporter');
    expect(JSON.parse(kept.body)).toEqual(body);

    const second = await start();
    try {
      const retry = await upload(second.server.url, csv(100));
      expect(retry.status).toBe(200);
      expect(retry.headers.get('Idempotency-Replayed')).toBe('true');
      expect(await retry.json()).toEqual(body);
      expect(sql<{ n: number }>('SELECT count(*) AS n FROM audit').n).toBe(audit);

      const other = await upload(second.server.url, csv(200));
      expect(other.status).toBe(422);
      expect(other.headers.get('Content-Type')).toContain('application/problem+json');
      expect((await other.json()).errors[0]).toMatchObject({
        rule: 'idempotency.reused',
        path: 'header.Idempotency-Key',
      });
      expect(
        sql<{ value: string }>(
          "SELECT json_extract(record, '$.value') AS value FROM data_values WHERE region = '530381'",
        ).value,
      ).toBe('100');

      // Keys are per principal: Xuanwei's same key is its own request.
      const xuanwei = await upload(
        second.server.url,
        'dataElement,region,period,value\nworkInjuryInsuredPersons,530381,2025,100\n',
        'xuanwei',
      );
      expect(xuanwei.status).toBe(200);
      expect(xuanwei.headers.get('Idempotency-Replayed')).toBeNull();
      expect(sql<{ n: number }>('SELECT count(*) AS n FROM idempotency_keys').n).toBe(2);

      // The typed client reaches the workflow routes of the same server.
      const api = createClient(second.server.url, { token: token('qujing') });
      const reports = await api.submissions.$get({ query: {} });
      expect(reports.status).toBe(200);
      if (reports.status === 200) {
        const page = await reports.json();
        expect(page.items.map((s) => s.region)).toEqual(['530381', '530381', '530381', '530381']);
      }
    } finally {
      await second.stop();
    }
  });
});
