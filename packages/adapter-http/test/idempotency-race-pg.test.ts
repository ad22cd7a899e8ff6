/**
 * Idempotency across processes over PostgreSQL: two apps, each with its own store on its own pool
 * (as two app processes would have) over one schema, race one `Idempotency-Key`. The claim
 * (`INSERT … ON CONFLICT DO NOTHING` under a per-key advisory lock) lets exactly one run the
 * import; counted with hand SQL. Needs `OCCHEALTH_PG_URL`; skipped visibly without it, and
 * required under `CI=true` or `OCCHEALTH_PG_REQUIRED=1`.
 */
import { openPostgresStore, type PostgresStore } from '@occhealth/adapter-postgres';
import type { Store } from '@occhealth/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, staticTokens, storeIdempotencyCache } from '../src/index.js';
import { loadSample, TODAY, token, tokenConfig } from './fixtures.js';

const PG_URL = process.env.OCCHEALTH_PG_URL;
if (!PG_URL && (process.env.CI === 'true' || process.env.OCCHEALTH_PG_REQUIRED === '1')) {
  throw new Error('PostgreSQL tests are required here but OCCHEALTH_PG_URL is not set');
}

const ROWS = 400;
const csv = (value: number) =>
  [
    'dataElement,region,period,value',
    ...Array.from({ length: ROWS }, (_, i) => `raceElement${i},530381,2025,${value + i}`),
  ].join('\n');

type Answer = readonly [status: number, replayed: boolean, body: string];

describe.skipIf(!PG_URL)(
  'one Idempotency-Key raced by two apps on two pools over PostgreSQL',
  () => {
    const pools = PG_URL ? [0, 1].map(() => new pg.Pool({ connectionString: PG_URL, max: 4 })) : [];
    const schemas: string[] = [];
    let n = 0;
    afterAll(async () => {
      for (const s of schemas) await pools[0]!.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      for (const p of pools) await p.end();
    });
    /** Two stores of one fresh schema, one per pool, on the clock `now` if given. */
    const twoStores = async (now?: () => Date): Promise<PostgresStore[]> => {
      const schema = `idem_${process.pid}_${++n}`;
      schemas.push(schema);
      const first = await openPostgresStore({ pool: pools[0]!, schema, ...(now ? { now } : {}) });
      await loadSample(first);
      const second = await openPostgresStore({ pool: pools[1]!, schema, ...(now ? { now } : {}) });
      return [first, second];
    };
    const count = async (store: PostgresStore, sql: string) =>
      Number((await pools[0]!.query(sql.replaceAll('$schema', store.schema))).rows[0].n);
    const RACE_ROWS =
      "SELECT count(*) AS n FROM $schema.data_values WHERE data_element LIKE 'raceElement%'";
    const RACE_AUDIT = "SELECT count(*) AS n FROM $schema.audit WHERE kind = 'dataValues'";
    const post = async (app: ReturnType<typeof createApp>, body: string): Promise<Answer> => {
      const res = await app.request('/imports/dataValues', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token('qujing')}`,
          'Content-Type': 'text/csv',
          'Idempotency-Key': 'race-2025-06-15',
        },
        body,
      });
      return [res.status, res.headers.get('Idempotency-Replayed') === 'true', await res.text()];
    };

    it('24 parallel requests over two pools: one import, 23 answers 409 while it runs', async () => {
      const stores = await twoStores();
      const audit = await count(stores[0]!, RACE_AUDIT);
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      // Writes wait until 23 answers are in, so every request meets the running claim.
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
        const config = await tokenConfig();
        const apps = stores.map((store) =>
          createApp({
            store: gated(store),
            auth: staticTokens(config),
            clock: () => TODAY,
            rateLimit: false,
          }),
        );
        const body = csv(100);
        let answered = 0;
        const answers = await Promise.all(
          Array.from({ length: 24 }, (_, i) =>
            post(apps[i % 2]!, body).then((a) => {
              if (++answered === 23) open();
              return a;
            }),
          ),
        );
        const originals = answers.filter(([s, r]) => s === 200 && !r);
        expect(originals).toHaveLength(1);
        expect(JSON.parse(originals[0]![2]).written).toEqual({
          inserted: ROWS,
          updated: 0,
          unchanged: 0,
        });
        const conflicts = answers.filter(([s]) => s === 409);
        expect(conflicts).toHaveLength(23);
        for (const [, , problem] of conflicts) {
          expect(JSON.parse(problem).type).toBe('urn:occhealth:problem:idempotency-in-progress');
        }
        expect(await count(stores[0]!, RACE_ROWS)).toBe(ROWS);
        expect((await count(stores[0]!, RACE_AUDIT)) - audit).toBe(1);
        expect(await count(stores[0]!, 'SELECT count(*) AS n FROM $schema.idempotency_keys')).toBe(
          1,
        );
        expect(
          await count(stores[0]!, 'SELECT count(*) AS n FROM $schema.idempotency_claims'),
        ).toBe(0);
        for (const app of apps) {
          const [status, replayed, replay] = await post(app, body);
          expect([status, replayed, replay]).toEqual([200, true, originals[0]![2]]);
        }
        expect((await count(stores[0]!, RACE_AUDIT)) - audit).toBe(1);
      } finally {
        open();
        for (const s of stores) await s.close();
      }
    }, 60_000);

    it('a claim left by a dead process is taken over after it expires', async () => {
      let at = Date.parse('2025-06-15T04:00:00.000Z');
      const stores = await twoStores(() => new Date(at));
      try {
        const [dead, alive] = stores;
        const audit = await count(dead!, RACE_AUDIT);
        const config = await tokenConfig();
        const appOf = (store: PostgresStore) =>
          createApp({
            store,
            auth: staticTokens(config),
            clock: () => TODAY,
            rateLimit: false,
            now: () => at,
            idempotency: storeIdempotencyCache(store.idempotency, {
              claimMs: 30_000,
              now: () => at,
            }),
          });
        // The dead process claimed the key with a gated write and never finished.
        const body = csv(100);
        const never = new Promise<never>(() => {});
        const stuck = createApp({
          store: new Proxy(dead!, {
            get(target, prop) {
              const value = Reflect.get(target, prop, target) as unknown;
              if (prop === 'write') return () => never;
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }),
          auth: staticTokens(config),
          clock: () => TODAY,
          rateLimit: false,
          now: () => at,
          idempotency: storeIdempotencyCache(dead!.idempotency, { claimMs: 30_000, now: () => at }),
        });
        void post(stuck, body);
        // Wait until its claim is in the database.
        for (let i = 0; i < 200; i++) {
          if ((await count(dead!, 'SELECT count(*) AS n FROM $schema.idempotency_claims')) === 1)
            break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        const app = appOf(alive!);
        expect((await post(app, body))[0]).toBe(409);
        at += 29_999;
        expect((await post(app, body))[0]).toBe(409);
        at += 1;
        const [status, replayed, taken] = await post(app, body);
        expect([status, replayed]).toEqual([200, false]);
        expect(JSON.parse(taken).written.inserted).toBe(ROWS);
        expect(await count(alive!, RACE_ROWS)).toBe(ROWS);
        expect((await count(alive!, RACE_AUDIT)) - audit).toBe(1);
        expect(await post(app, body)).toEqual([200, true, taken]);
      } finally {
        for (const s of stores) await s.close().catch(() => undefined);
      }
    }, 60_000);
  },
);
