/**
 * Idempotency across processes: apps over their own connections to one SQLite file (as separate
 * processes would have) race one `Idempotency-Key`; the store's atomic claim lets exactly one run
 * the import. Counted with hand SQL on the file, never with the app's own answers alone. Also:
 * a claim left by a dead process is taken over after its expiry, a failed request frees its key.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { type Store, sha256Hex } from '@occhealth/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, staticTokens, storeIdempotencyCache } from '../src/index.js';
import { loadSample, TODAY, token, tokenConfig } from './fixtures.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const ROWS = 400;
/** A CSV of `ROWS` data values of Xuanwei (in Qujing's subtree), all new to the store. */
const csv = (value: number, rows = ROWS) =>
  [
    'dataElement,region,period,value',
    ...Array.from({ length: rows }, (_, i) => `raceElement${i},530381,2025,${value + i}`),
  ].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'occhealth-idem-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh SQLite file with the sample loaded. */
async function seededFile(name: string): Promise<string> {
  const file = join(dir, name);
  const seed = openSqliteStore(file);
  await loadSample(seed);
  await seed.close();
  return file;
}

/** One value of one row of hand SQL on the file, on a connection of its own. */
function scalar(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

const RACE_ROWS = "SELECT count(*) FROM data_values WHERE data_element LIKE 'raceElement%'";
const RACE_AUDIT = "SELECT count(*) FROM audit WHERE kind = 'dataValues'";

type Answer = readonly [status: number, replayed: boolean, body: string];

/** Exactly one original 200; every other answer a 409 in-progress problem or the replay of it. */
function expectOneOriginal(answers: readonly Answer[]) {
  const originals = answers.filter(([s, r]) => s === 200 && !r);
  expect(originals).toHaveLength(1);
  const original = JSON.parse(originals[0]![2]) as { written: Record<string, number> };
  expect(original.written).toEqual({ inserted: ROWS, updated: 0, unchanged: 0 });
  for (const [status, replayed, body] of answers) {
    if (status === 200) {
      expect(JSON.parse(body)).toEqual(original);
      continue;
    }
    expect(replayed).toBe(false);
    expect(status).toBe(409);
    expect(JSON.parse(body)).toMatchObject({
      type: 'urn:occhealth:problem:idempotency-in-progress',
      status: 409,
    });
  }
  return original;
}

describe('one Idempotency-Key raced by apps over separate connections to one SQLite file', () => {
  let config: Awaited<ReturnType<typeof tokenConfig>>;
  beforeAll(async () => {
    config = await tokenConfig();
  });
  const post = (app: ReturnType<typeof createApp>, body: string, key = 'race-2025-06-15') =>
    Promise.resolve(
      app.request('/imports/dataValues', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token('qujing')}`,
          'Content-Type': 'text/csv',
          'Idempotency-Key': key,
          'Accept-Language': 'en',
        },
        body,
      }),
    ).then(
      async (res): Promise<Answer> => [
        res.status,
        res.headers.get('Idempotency-Replayed') === 'true',
        await res.text(),
      ],
    );

  it('two apps, two stores, 24 parallel requests: one runs the import, 23 get a 409 while it runs', async () => {
    const file = await seededFile('two-stores.db');
    const audit = scalar(file, RACE_AUDIT);
    const stores = [openSqliteStore(file), openSqliteStore(file)];
    // Every write waits until 23 answers are in: the requests are all in flight together while
    // the first one's import is running, whatever the machine's load.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let answered = 0;
    const gated = (store: Store): Store =>
      new Proxy(store, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target) as unknown;
          if (typeof value !== 'function') return value;
          if (prop === 'write') {
            return async (...args: Parameters<Store['write']>) => {
              await gate;
              return target.write(...args);
            };
          }
          return (value as (...a: unknown[]) => unknown).bind(target);
        },
      });
    try {
      const apps = stores.map((store) =>
        createApp({
          store: gated(store),
          auth: staticTokens(config),
          clock: () => TODAY,
          rateLimit: false,
        }),
      );
      const body = csv(100);
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          post(apps[i % 2]!, body).then((answer) => {
            if (++answered === 23) open();
            return answer;
          }),
        ),
      );
      expectOneOriginal(answers);
      expect(answers.filter(([s]) => s === 409)).toHaveLength(23);
      expect(scalar(file, RACE_ROWS)).toBe(ROWS);
      expect(scalar(file, RACE_AUDIT) - audit).toBe(1);
      expect(scalar(file, 'SELECT count(*) FROM idempotency_keys')).toBe(1);
      expect(scalar(file, 'SELECT count(*) FROM idempotency_claims')).toBe(0);
      // Once done, every retry on either app is the replay, and nothing more is written.
      for (const app of apps) {
        const [status, replayed] = await post(app, body);
        expect([status, replayed]).toEqual([200, true]);
      }
      expect(scalar(file, RACE_AUDIT) - audit).toBe(1);
      // The same key with another body is still a 422 on both apps.
      for (const app of apps) {
        const [status, , problem] = await post(app, csv(7));
        expect(status).toBe(422);
        expect(JSON.parse(problem).errors[0].rule).toBe('idempotency.reused');
      }
    } finally {
      open();
      for (const s of stores) await s.close();
    }
  }, 60_000);

  it('two real child processes with 12 parallel requests each: exactly one import', async () => {
    const file = await seededFile('two-processes.db');
    const audit = scalar(file, RACE_AUDIT);
    const csvPath = join(dir, 'race.csv');
    writeFileSync(csvPath, csv(100));
    const children = [0, 1].map(() =>
      spawn(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          'tsx',
          'test/fixtures/idem-child.ts',
          file,
          csvPath,
          '12',
        ],
        { cwd: packageDir, stdio: ['pipe', 'pipe', 'pipe'] },
      ),
    );
    const outputs = children.map((child) => {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const ready = new Promise<void>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.startsWith('ready\n')) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { ready, exited, out: () => stdout, err: () => stderr };
    });
    // Both processes have opened the file; start them together.
    await Promise.all(outputs.map((o) => o.ready));
    for (const child of children) child.stdin.end('go\n');
    const codes = await Promise.all(outputs.map((o) => o.exited));
    for (const o of outputs) expect(o.err()).toBe('');
    expect(codes).toEqual([0, 0]);
    const answers = outputs.flatMap(
      (o) => JSON.parse(o.out().split('\n')[1]!) as [number, boolean, string][],
    );
    expect(answers).toHaveLength(24);
    expectOneOriginal(answers);
    expect(scalar(file, RACE_ROWS)).toBe(ROWS);
    expect(scalar(file, RACE_AUDIT) - audit).toBe(1);
    expect(scalar(file, 'SELECT count(*) FROM idempotency_keys')).toBe(1);
    expect(scalar(file, 'SELECT count(*) FROM idempotency_claims')).toBe(0);
  }, 120_000);

  it('a claim left by a process that died is refused until it expires, then taken over', async () => {
    const file = await seededFile('crash.db');
    const audit = scalar(file, RACE_AUDIT);
    let at = Date.parse('2025-06-15T04:00:00.000Z');
    const now = () => new Date(at);
    const body = csv(100);
    // The dead process: it claimed the key for this very request, then never completed.
    const dead = openSqliteStore(file, { now });
    const fingerprint = sha256Hex(['dataValues', 'all-or-nothing', 'csv', body].join('\u0000'));
    const left = await dead.idempotency!.claim({
      principal: 'qj-reporter',
      key: 'race-2025-06-15',
      requestHash: fingerprint,
      claimMs: 60_000,
    });
    expect(left.outcome).toBe('claimed');
    await dead.close();

    const store = openSqliteStore(file, { now });
    try {
      const app = createApp({
        store,
        auth: staticTokens(config),
        clock: () => TODAY,
        rateLimit: false,
        now: () => at,
        idempotency: storeIdempotencyCache(store.idempotency!, { claimMs: 60_000, now: () => at }),
      });
      const blocked = await post(app, body);
      expect(blocked[0]).toBe(409);
      const res = JSON.parse(blocked[2]);
      expect(res).toMatchObject({ type: 'urn:occhealth:problem:idempotency-in-progress' });
      expect(res.title).toMatch(/in progress/);
      expect(scalar(file, RACE_ROWS)).toBe(0);
      at += 59_999;
      expect((await post(app, body))[0]).toBe(409);
      at += 1;
      const [status, replayed, taken] = await post(app, body);
      expect([status, replayed]).toEqual([200, false]);
      expect(JSON.parse(taken).written).toEqual({ inserted: ROWS, updated: 0, unchanged: 0 });
      expect(scalar(file, RACE_ROWS)).toBe(ROWS);
      expect(scalar(file, RACE_AUDIT) - audit).toBe(1);
      expect(await post(app, body)).toEqual([200, true, taken]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a failed request releases its key: the retry runs again, in this app and the other', async () => {
    const file = await seededFile('release.db');
    const stores = [openSqliteStore(file), openSqliteStore(file)];
    try {
      const [a, b] = stores.map((store) =>
        createApp({ store, auth: staticTokens(config), clock: () => TODAY, rateLimit: false }),
      );
      const bad = `${csv(100, 3)}\nraceElement9,530381,2025,not-a-number`;
      const first = await post(a!, bad);
      expect(first[0]).toBe(422);
      expect(scalar(file, 'SELECT count(*) FROM idempotency_claims')).toBe(0);
      // The retry of the same request runs again (422 again, not a 409, not a replay) …
      const again = await post(b!, bad);
      expect([again[0], again[1]]).toEqual([422, false]);
      // … and, nothing being kept, a corrected file with the key is a fresh import.
      const fixed = await post(b!, csv(100, 3));
      expect([fixed[0], fixed[1]]).toEqual([200, false]);
      expect(scalar(file, RACE_ROWS)).toBe(3);
      expect(scalar(file, 'SELECT count(*) FROM idempotency_keys')).toBe(1);
    } finally {
      for (const s of stores) await s.close();
    }
  }, 60_000);
});
