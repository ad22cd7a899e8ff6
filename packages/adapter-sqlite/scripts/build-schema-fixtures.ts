/**
 * Build the migration fixtures `test/fixtures/schema-v1.db` … `schema-v4.db`: SQLite files at each
 * earlier schema version, made with that release's own `migrations.ts` taken from git history
 * (not with today's code). Rows are written at v1 exactly as the first release's store wrote them
 * (indexed columns + the JSON record), then that release's `migrate()` brings the file to its
 * version, as opening it with that release would have.
 *
 * Run from the repository root: `pnpm --filter @occhealth/adapter-sqlite exec tsx scripts/build-schema-fixtures.ts`
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dataValueKey, parseBatch } from '@occhealth/core';
import { buildStoreFixture } from '@occhealth/core/testing';
import Database from 'better-sqlite3';

/** The commit whose `migrations.ts` last defined each schema version. */
const RELEASES: ReadonlyArray<{ version: number; commit: string }> = [
  { version: 1, commit: '71fe6fd' }, // v1 and v2 came together; v1 is its first step alone
  { version: 2, commit: '71fe6fd' },
  { version: 3, commit: 'e0a4b5b' },
  { version: 4, commit: '8f138e6' },
];

const here = fileURLToPath(new URL('.', import.meta.url));
const fixtures = join(here, '..', 'test', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'occhealth-schema-'));

/** The old migrations module, its MIGRATIONS exported and its one core import replaced by a stub. */
async function oldMigrations(commit: string) {
  const source = execFileSync(
    'git',
    ['show', `${commit}:packages/adapter-sqlite/src/migrations.ts`],
    {
      encoding: 'utf8',
    },
  )
    .replace(
      "import { StoreError } from '@occhealth/core';",
      'class StoreError extends Error { constructor(_s: string, m: string, _o?: unknown) { super(m); } }',
    )
    .replace(
      'const MIGRATIONS: readonly Migration[]',
      'export const MIGRATIONS: readonly Migration[]',
    );
  const file = join(work, `migrations-${commit}.ts`);
  writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as {
    MIGRATIONS: ReadonlyArray<{ version: number; up: (db: Database.Database) => void }>;
    migrate: (db: Database.Database, path: string) => void;
  };
}

const parsed = parseBatch(buildStoreFixture().batch);
if (parsed.issues.length > 0) throw new Error('fixture rows must be valid');

for (const { version, commit } of RELEASES) {
  const old = await oldMigrations(commit);
  const path = join(fixtures, `schema-v${version}.db`);
  rmSync(path, { force: true });
  const db = new Database(path);
  db.transaction(() => {
    old.MIGRATIONS[0]!.up(db);
    db.pragma('user_version = 1');
  })();
  // Versions other than 1 prove a migration keeps them.
  const insert = {
    region: db.prepare('INSERT INTO regions VALUES (?, ?, ?, ?, ?)'),
    employer: db.prepare('INSERT INTO employers VALUES (?, ?, ?, ?)'),
    fact: db.prepare('INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?)'),
    value: db.prepare('INSERT INTO data_values VALUES (?, ?, ?, ?, ?, ?)'),
  };
  db.transaction(() => {
    for (const { record: r } of parsed.regions) {
      insert.region.run(r.code, r.parent, r.level, 1, JSON.stringify(r));
    }
    parsed.employers.forEach(({ record: e }, i) => {
      insert.employer.run(e.creditCode, e.region, i + 1, JSON.stringify(e));
    });
    parsed.facts.forEach(({ record: f }, i) => {
      const employer = 'employer' in f ? (f.employer ?? null) : null;
      insert.fact.run(f.id, f.kind, f.region, employer, f.date, (i % 3) + 1, JSON.stringify(f));
    });
    for (const { record: d } of parsed.dataValues) {
      insert.value.run(dataValueKey(d), d.dataElement, d.region, d.period, 2, JSON.stringify(d));
    }
  })();
  if (version > 1) old.migrate(db, path);
  const got = db.pragma('user_version', { simple: true });
  if (got !== version) throw new Error(`schema-v${version}.db is at ${String(got)}`);
  db.pragma('journal_mode = DELETE');
  db.exec('VACUUM');
  db.close();
  console.log(`schema-v${version}.db ← ${commit}`);
}
rmSync(work, { recursive: true, force: true });
