import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../src/server.js';

// docs/http.md promises what each curl example answers (`<!-- expect: STATUS "text" -->` after
// the block). This runs every example, in order, with the real curl against the demo server over
// a fresh SQLite file, and checks the status and the text.
const run = promisify(execFile);
const doc = readFileSync(fileURLToPath(new URL('../../docs/http.md', import.meta.url)), 'utf8');
const EXAMPLES = [
  ...doc.matchAll(/```sh\n([\s\S]*?)```\n<!-- expect: (\d{3}) "((?:[^"\\]|\\.)*)" -->/g),
].map((m) => ({ command: m[1]!.trim(), status: Number(m[2]), text: m[3]!.replace(/\\"/g, '"') }));

describe('the curl examples of docs/http.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occhealth-docs-'));
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  beforeAll(async () => {
    server = await startDemoServer({ file: join(dir, 'demo.db'), port: 0, today: '2025-06-15' });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every curl block of the guide has an expectation (none is skipped)', () => {
    expect(EXAMPLES.length).toBe((doc.match(/```sh\n/g) ?? []).length);
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(10);
  });

  it('each example answers the status and text the guide shows', async () => {
    for (const example of EXAMPLES) {
      const { stdout } = await run('sh', ['-c', `${example.command} -w '\\n%{http_code}'`], {
        env: { ...process.env, OCC: server.url },
      });
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
      expect(status, example.command).toBe(example.status);
      expect(stdout, example.command).toContain(example.text);
    }
  });
});
