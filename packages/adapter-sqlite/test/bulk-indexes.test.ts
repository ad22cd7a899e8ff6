/**
 * A bulk session loads a still-empty table without its secondary indexes and builds them again at
 * commit: after a commit or a rollback the file has exactly the indexes it had,
 * and the data is readable through them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function indexes(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .pluck()
        .all() as string[]
    ).sort();
  } finally {
    db.close();
  }
}

const regions = [
  { code: '530000', name: { zh: '云南省' }, level: 'province' as const, parent: null },
  { code: '530100', name: { zh: '昆明市' }, level: 'prefecture' as const, parent: '530000' },
];
const employer = {
  creditCode: '91530102100000000Y',
  name: '单位',
  region: '530100',
  size: 'small' as const,
};
const facts = Array.from({ length: 50 }, (_, i) => ({
  id: `F${i}`,
  kind: 'declaration',
  region: '530100',
  date: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
  employer: employer.creditCode,
}));

describe('bulk session indexes', () => {
  it('are all there after a rollback and after a commit of several batches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'occh-bulk-'));
    dirs.push(dir);
    const path = join(dir, 'b.db');
    const store = openSqliteStore(path);
    await store.write({ regions, employers: [employer] });
    await store.close();
    const before = indexes(path);
    expect(before.some((s) => s.includes('facts_employer_kind_date'))).toBe(true);

    const again = openSqliteStore(path);
    // Rolled back: nothing written, every index still there.
    let session = await again.bulk!();
    await session.write({ facts });
    await session.rollback();
    expect(await again.listFacts({ region: '530100' })).toHaveLength(0);
    // Committed: the rows, read through the (employer, kind, date) index, and every index.
    session = await again.bulk!();
    await session.write({ facts: facts.slice(0, 25) });
    await session.write({ facts: facts.slice(25) });
    await session.commit();
    await again.close();
    expect(indexes(path)).toEqual(before);
    const db = new Database(path, { readonly: true });
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM facts WHERE employer = ? AND kind = 'declaration'",
      )
      .all(employer.creditCode) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('facts_employer_kind_date');
    expect(
      db.prepare('SELECT count(*) FROM facts WHERE employer = ?').pluck().get(employer.creditCode),
    ).toBe(50);
    db.close();
  });
});
