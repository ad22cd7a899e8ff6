/**
 * Crash safety: a child process imports a large CSV into a file database and is SIGKILLed in the
 * middle (after progress events show thousands of rows written into the open transaction). The
 * file must then hold exactly what it held before: same row counts, same checksum of every row.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { describe, expect, it } from 'vitest';
import { fixture, snapshot } from './helpers.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const KILL_AFTER_ROWS = 20_000;
const ROWS = 300_000;

describe('crash safety', () => {
  it('leaves the database exactly as before when the importing process is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'occhealth-sqlite-crash-'));
    const dbPath = join(dir, 'store.db');
    const store = openSqliteStore(dbPath);
    const load = (name: string) => {
      const v = JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown;
      return (Array.isArray(v) ? v : (v as { employers: unknown[] }).employers) as unknown[];
    };
    await store.write({
      regions: load('regions.json'),
      employers: load('employers.json'),
      institutions: load('institutions.json'),
      facts: load('facts.json'),
    });
    await store.close();
    const before = snapshot(dbPath);
    expect(before.facts?.count).toBe(9);

    const employers = ['91530102100000000Y', '91530102100023757N'];
    const lines = ['id,kind,region,date,employer,note'];
    for (let i = 0; i < ROWS; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(`big-${i},declaration,530102,2025-03-${day},${employers[i % 2]},第${i}条`);
    }
    const csvPath = join(dir, 'big.csv');
    writeFileSync(csvPath, lines.join('\n'));

    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'test/fixtures/import-child.ts', dbPath, csvPath],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    let walBytesAtKill = -1;
    let killedAt = -1;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const written = [...stdout.matchAll(/progress (\d+) (\d+)/g)].map((m) => Number(m[2]));
      const last = written[written.length - 1] ?? 0;
      const wal = existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0;
      // Kill once the open transaction has spilled uncommitted pages into the WAL file, so the
      // kill hits real on-disk state (better-sqlite3's page cache holds the first ~16 MB).
      if (killedAt < 0 && last >= KILL_AFTER_ROWS && wal > 0) {
        killedAt = last;
        walBytesAtKill = wal;
        child.kill('SIGKILL');
      }
    });
    const exit = await exited;
    expect(stderr).toBe('');
    expect(exit.signal).toBe('SIGKILL');
    expect(stdout).not.toContain('done');
    expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER_ROWS);
    expect(killedAt).toBeLessThan(ROWS);
    expect(walBytesAtKill).toBeGreaterThan(0);

    // Reopen (SQLite recovers from the WAL) and compare with the state before the import.
    const reopened = openSqliteStore(dbPath);
    expect((await reopened.listFacts()).length).toBe(9);
    await reopened.close();
    expect(snapshot(dbPath)).toEqual(before);
  }, 120_000);
});
