/**
 * `occhealth copy`: the demo dataset (county scale) moved SQLite → PostgreSQL → SQLite with the
 * command. Every figure of every built-in plan at every region of the tree is the same in the
 * three stores to the last digit, each computed by its own pushdown; the audit trail arrives
 * entry for entry and its chains verify. Needs `OCCHEALTH_PG_URL` (never skipped in CI).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresStore } from '@occhealth/adapter-postgres';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import {
  type AuditEntry,
  type Evaluation,
  evaluate,
  PLANS,
  type Store,
  verifyAuditChain,
} from '@occhealth/core';
import { demoDataset, LAST_YEAR } from '@occhealth/core/demo';
import { chinaRegions } from '@occhealth/core/regions-cn';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/program.js';
import { makeContext, scratch } from './helpers.js';

const PG_URL = process.env.OCCHEALTH_PG_URL;
const required = process.env.CI === 'true' || process.env.OCCHEALTH_PG_REQUIRED === '1';
if (!PG_URL && required) {
  throw new Error('OCCHEALTH_PG_URL is required here (CI=true or OCCHEALTH_PG_REQUIRED=1)');
}

/** Every numerator and denominator of an evaluation, by indicator and region, as exact text. */
function figures(e: Evaluation): Map<string, string> {
  return new Map(
    e.results.map((r) => [
      `${r.indicator}@${r.region}`,
      `${r.numerator?.toFixed() ?? 'null'}/${r.denominator?.toFixed() ?? 'null'}`,
    ]),
  );
}

async function allFigures(store: Store, root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const plan of PLANS) {
    const e = await evaluate({ plan, region: root, period: String(LAST_YEAR), store });
    for (const [k, v] of figures(e)) out.set(`${plan.id}:${k}`, v);
  }
  return out;
}

async function trail(store: Store): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let after: string | undefined;
  do {
    const page = await store.listAudit(
      after === undefined ? { limit: 5000 } : { after, limit: 5000 },
    );
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

describe.skipIf(!PG_URL)('occhealth copy (SQLite → PostgreSQL → SQLite)', () => {
  const dir = scratch('occh-copy-');
  const first = join(dir, 'first.db');
  const back = join(dir, 'back.db');
  const schema = `copy_${process.pid}`;
  const url = `${PG_URL}${PG_URL?.includes('?') ? '&' : '?'}schema=${schema}`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  let root = '';

  beforeAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const data = demoDataset({
      scale: 'county',
      seed: 3,
      employers: 1_500,
      regions: chinaRegions(),
    });
    root = data.root;
    const store = openSqliteStore(first);
    const session = await store.bulk();
    await session.write({ regions: [...data.regions] });
    for (const batch of data.batches(500)) await session.write(batch);
    await session.commit();
    // Row-by-row entries besides the bulk summaries: an update, so versions above 1 travel too.
    const employer = (await store.page('employers', { limit: 1 })).items[0]!;
    const { version, ...body } = employer;
    await store.write({
      employers: [{ ...body, employees: (body.employees ?? 0) + 1, expectedVersion: version }],
    });
    await store.close();
  }, 180_000);

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('copies there and back: every figure of every plan at every region and the audit trail agree', async () => {
    const there = makeContext(dir);
    expect(await run(['copy', first, url, '--json'], there)).toBe(0);
    const summary = JSON.parse(there.stdout.text) as {
      counts: Record<string, number>;
      audit: { ok: boolean; entries: number };
    };
    expect(summary.counts.employers).toBe(1_500);
    expect(summary.audit.ok).toBe(true);
    const home = makeContext(dir);
    expect(await run(['copy', url, back, '--json'], home)).toBe(0);
    expect(JSON.parse(home.stdout.text).counts).toEqual(summary.counts);

    const a = openSqliteStore(first);
    const p = await openPostgresStore({ pool, schema });
    const b = openSqliteStore(back);
    try {
      const fromA = await allFigures(a, root);
      expect(fromA.size).toBeGreaterThan(100);
      // Not a comparison of zeros: the plans written for Yunnan have figures (other provinces'
      // plans count nothing in a Yunnan county).
      const nonZero = [...fromA.values()].filter((v) => !/\/(0|null)$/.test(v)).length;
      expect(nonZero).toBeGreaterThan(10);
      expect(await allFigures(p, root)).toEqual(fromA);
      expect(await allFigures(b, root)).toEqual(fromA);
      const entries = await trail(a);
      expect(entries.length).toBe(summary.counts.audit);
      expect(await trail(p)).toEqual(entries);
      expect(await trail(b)).toEqual(entries);
      for (const s of [p, b]) {
        expect(await verifyAuditChain(s)).toMatchObject({ ok: true, entries: entries.length });
      }
    } finally {
      await a.close();
      await p.close();
      await b.close();
    }
  });

  it('refuses a target that is not empty (exit 1, in both languages) and leaves it as it was', async () => {
    const before = openSqliteStore(back);
    const count = (await trail(before)).length;
    await before.close();
    const en = makeContext(dir);
    expect(await run(['copy', first, back], en)).toBe(1);
    expect(en.stderr.text).toMatch(/not empty/);
    const zh = makeContext(dir, { lang: 'zh_CN.UTF-8' });
    expect(await run(['copy', url, back], zh)).toBe(1);
    expect(zh.stderr.text).toMatch(/不为空/);
    const after = openSqliteStore(back);
    expect((await trail(after)).length).toBe(count);
    await after.close();
  });

  it('a missing source file is a NotFound exit (4) and creates nothing', async () => {
    const ctx = makeContext(dir);
    expect(await run(['copy', join(dir, 'missing.db'), join(dir, 'new.db')], ctx)).toBe(4);
    expect(existsSync(join(dir, 'new.db'))).toBe(false);
  });
});
