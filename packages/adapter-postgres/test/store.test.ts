/**
 * @module test/store
 * What the conformance suite cannot see: concurrent writers on two connections, lock timeouts and
 * refused schemas mapped to typed errors, COPY escaping, and hand SQL over what really landed.
 */
import { ConflictError, StoreError, verifyAuditChain } from '@occhealth/core';
import { buildStoreFixture } from '@occhealth/core/testing';
import { describe, expect, it } from 'vitest';
import { copyField } from '../src/copy.js';
import { openPostgresStore } from '../src/index.js';
import { PG_SCHEMA_VERSION } from '../src/migrations.js';
import { freshStore, PG_URL, testPool, withPostgres } from './pg.js';

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return, and writes NULL as \\N', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField(3)).toBe('3');
  });
});

withPostgres(() => {
  describe('PostgreSQL store', () => {
    it('two writers inserting the same new employer at once: one inserts, the other plans again', async () => {
      const f = buildStoreFixture();
      const a = await freshStore();
      await a.write({ regions: f.regions });
      const b = await openPostgresStore({ pool: testPool(), schema: a.schema.slice(1, -1) });
      const employer = f.employers[0]!;
      const [ra, rb] = await Promise.all([
        a.write({ employers: [employer] }),
        b.write({ employers: [employer] }),
      ]);
      expect(ra.employers.inserted + rb.employers.inserted).toBe(1);
      expect(ra.employers.unchanged + rb.employers.unchanged).toBe(1);
      const { rows } = await testPool().query(
        `SELECT version FROM ${a.schema}.employers WHERE credit_code = $1`,
        [employer.creditCode],
      );
      expect(rows).toEqual([{ version: 1 }]);
    });

    it('two writers changing one employer with the same expectedVersion: one wins, one ConflictError', async () => {
      const f = buildStoreFixture();
      const a = await freshStore();
      await a.write({ regions: f.regions, employers: [f.employers[0]!] });
      const b = await openPostgresStore({ pool: testPool(), schema: a.schema.slice(1, -1) });
      const base = f.employers[0]!;
      const results = await Promise.allSettled([
        a.write({ employers: [{ ...base, employees: 11, expectedVersion: 1 }] }),
        b.write({ employers: [{ ...base, employees: 12, expectedVersion: 1 }] }),
      ]);
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed).toHaveLength(1);
      expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
      expect((await a.getEmployer(base.creditCode))?.version).toBe(2);
    });

    it('a lock held by another transaction beyond lockTimeout is a StoreError in both languages', async () => {
      const f = buildStoreFixture();
      const a = await freshStore();
      await a.write({ regions: f.regions, employers: [f.employers[0]!] });
      const quick = await openPostgresStore({
        pool: testPool(),
        schema: a.schema.slice(1, -1),
        lockTimeout: 200,
      });
      const holder = await testPool().connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM ${a.schema}.employers FOR UPDATE`);
        const error = await quick
          .write({ employers: [{ ...f.employers[0]!, employees: 99 }] })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).message).toMatch(/lock timeout.*55P03/);
        expect((error as StoreError).messageZh).toContain('锁等待超时');
      } finally {
        await holder.query('ROLLBACK');
        holder.release();
      }
      expect((await a.getEmployer(f.employers[0]!.creditCode))?.version).toBe(1);
    });

    it('refuses a schema written by a newer release, leaving it untouched', async () => {
      const a = await freshStore();
      await testPool().query(
        `INSERT INTO ${a.schema}.schema_migrations(version, name) VALUES (99, 'from the future')`,
      );
      const error = await openPostgresStore({
        pool: testPool(),
        schema: a.schema.slice(1, -1),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toMatch(/version 99.*newer release/);
      const { rows } = await testPool().query(
        `SELECT max(version) AS v FROM ${a.schema}.schema_migrations`,
      );
      expect(rows[0].v).toBe(99);
    });

    it('opens its own pool from a connection string and ends it on close()', async () => {
      const f = buildStoreFixture();
      const schema = `t${process.pid}_own`;
      const store = await openPostgresStore({ connectionString: PG_URL!, schema });
      try {
        await store.write({ regions: f.regions });
        expect((await store.regionTree())?.subtreeCodes('530000')).toHaveLength(f.regions.length);
      } finally {
        await store.close();
        await testPool().query(`DROP SCHEMA ${schema} CASCADE`);
      }
      await expect(store.getRegion('530000')).rejects.toThrow(StoreError);
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      await expect(openPostgresStore({ pool: testPool(), schema: 'x"; DROP' })).rejects.toThrow(
        StoreError,
      );
    });

    it('a bulk session COPYs names with tabs, newlines and backslashes intact, and hand SQL sees them', async () => {
      const f = buildStoreFixture();
      const store = await freshStore();
      await store.write({ regions: f.regions });
      const name = '昆明\t"示例"\n机械\\厂\r分厂';
      const session = await store.bulk();
      await session.write({ employers: [{ ...f.employers[0]!, name }] });
      await session.commit();
      expect((await store.getEmployer(f.employers[0]!.creditCode))?.name).toBe(name);
      const { rows } = await testPool().query(
        `SELECT record ->> 'name' AS name, version FROM ${store.schema}.employers`,
      );
      expect(rows).toEqual([{ name, version: 1 }]);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit rows by hand SQL, leaving the trail intact', async () => {
      const f = buildStoreFixture();
      const store = await freshStore();
      await store.write({ regions: f.regions });
      const before = await testPool().query(
        `SELECT seq, hash, entry FROM ${store.schema}.audit ORDER BY seq`,
      );
      expect(before.rows).toHaveLength(f.regions.length);
      for (const sql of [
        `UPDATE ${store.schema}.audit SET hash = repeat('0', 64) WHERE seq = 1`,
        `DELETE FROM ${store.schema}.audit WHERE seq = 1`,
        `TRUNCATE ${store.schema}.audit`,
      ]) {
        await expect(testPool().query(sql)).rejects.toThrow(/append-only/);
      }
      const after = await testPool().query(
        `SELECT seq, hash, entry FROM ${store.schema}.audit ORDER BY seq`,
      );
      expect(after.rows).toEqual(before.rows);
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true });
    });

    it('two stores writing at once append to one province chain without gaps or a shared head', async () => {
      const f = buildStoreFixture();
      const a = await freshStore();
      await a.write({ regions: f.regions });
      const b = await openPostgresStore({ pool: testPool(), schema: a.schema.slice(1, -1) });
      const half = Math.ceil(f.employers.length / 2);
      await Promise.all([
        ...f.employers.slice(0, half).map((e) => a.write({ employers: [e] })),
        ...f.employers.slice(half).map((e) => b.write({ employers: [e] })),
      ]);
      const { rows } = await testPool().query(
        `SELECT chain, count(*)::integer AS n, max(chain_seq) AS top, count(DISTINCT chain_seq)::integer AS distinct_seqs FROM ${a.schema}.audit GROUP BY chain`,
      );
      const total = rows.reduce((sum, r) => sum + (r.n as number), 0);
      expect(total).toBe(f.regions.length + f.employers.length);
      for (const r of rows) {
        expect(r.distinct_seqs).toBe(r.n);
        expect(r.top).toBe(r.n);
      }
      expect(await verifyAuditChain(a)).toMatchObject({ ok: true });
    });

    it('migrates a schema of the first release (no workflow or audit tables), keeping its rows', async () => {
      const f = buildStoreFixture();
      const store = await freshStore();
      await store.write({ regions: f.regions, employers: f.employers });
      // Back to version 1 as the first release left it.
      await testPool().query(
        `SET search_path TO ${store.schema};
         DROP TABLE audit, submissions, lock_exceptions, institutions, departments, contacts, idempotency_keys, audit_secret, idempotency_claims;
         DROP FUNCTION audit_append_only();
         DELETE FROM schema_migrations WHERE version > 1;
         RESET search_path`,
      );
      const reopened = await openPostgresStore({
        pool: testPool(),
        schema: store.schema.slice(1, -1),
      });
      const { rows } = await testPool().query(
        `SELECT max(version) AS v FROM ${store.schema}.schema_migrations`,
      );
      expect(rows[0].v).toBe(PG_SCHEMA_VERSION);
      expect(PG_SCHEMA_VERSION).toBe(6);
      // v5 gave the migrated schema its own audit secret, distinct from another schema's
      expect(await reopened.auditSecret()).toMatch(/^[0-9a-f]{64}$/);
      expect(await reopened.auditSecret()).not.toBe(await (await freshStore()).auditSecret());
      expect(await reopened.listEmployers()).toHaveLength(f.employers.length);
      await reopened.write({ employers: [{ ...f.employers[0]!, employees: 77 }] });
      const audit = await reopened.listAudit();
      expect(audit.items.map((e) => [e.kind, e.op, e.versionAfter])).toEqual([
        ['employers', 'update', 2],
      ]);
    });

    it('a write from another connection waits for an open bulk session and times out as a StoreError', async () => {
      const f = buildStoreFixture();
      const store = await freshStore();
      await store.write({ regions: f.regions });
      const other = await openPostgresStore({
        pool: testPool(),
        schema: store.schema.slice(1, -1),
        lockTimeout: 200,
      });
      const session = await store.bulk();
      try {
        await session.write({ employers: [f.employers[0]!] });
        const error = await other.write({ employers: [f.employers[1]!] }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).message).toMatch(/55P03/);
      } finally {
        await session.commit();
      }
      expect((await other.write({ employers: [f.employers[1]!] })).employers.inserted).toBe(1);
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true });
    });

    it('keeps the region closure equal to the tree, by hand SQL, after a region moves', async () => {
      const f = buildStoreFixture();
      const store = await freshStore();
      await store.write({ regions: f.regions });
      // 530302 moves from 曲靖市 to 昆明市.
      const moved = f.regions.find((r) => r.code === '530302')!;
      await store.write({ regions: [{ ...moved, parent: '530100' }] });
      const { rows } = await testPool().query(
        `SELECT ancestor, depth FROM ${store.schema}.region_closure WHERE descendant = '530302' ORDER BY depth`,
      );
      expect(rows).toEqual([
        { ancestor: '530302', depth: 0 },
        { ancestor: '530100', depth: 1 },
        { ancestor: '530000', depth: 2 },
      ]);
    });
  });
});
