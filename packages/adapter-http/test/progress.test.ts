import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RunningServer, serve, staticTokens } from '../src/index.js';
import { PROGRESS_CHUNK_BYTES } from '../src/routes/records.js';
import { loadSample, TODAY, token, tokenConfig } from './fixtures.js';
import { newCreditCode } from './walk.js';

// A large upload over a real loopback socket with `Accept: application/x-ndjson`: progress lines
// arrive while the file is read and written, and the last line carries the import report.
describe('a streamed import reports its progress, then its result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occhealth-progress-'));
  const file = join(dir, 'occhealth.db');
  let server: RunningServer;
  let store: ReturnType<typeof openSqliteStore>;
  beforeAll(async () => {
    store = openSqliteStore(file);
    await loadSample(store);
    const app = createApp({ store, auth: staticTokens(await tokenConfig()), clock: () => TODAY });
    server = await serve({ app, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ROWS = 7_000;
  const csv = (foreignAt?: number) => {
    const lines = ['creditCode,name,region,size'];
    for (let i = 0; i < ROWS; i++) {
      const region = i === foreignAt ? '530102' : '530381';
      lines.push(`${newCreditCode(region, (70_000 + i) * 10)},宣威批量企业${i},${region},micro`);
    }
    return `${lines.join('\n')}\n`;
  };
  const countNew = () => {
    const db = new Database(file, { readonly: true });
    try {
      return (
        db
          .prepare(
            "SELECT count(*) AS n FROM employers WHERE json_extract(record, '$.name') LIKE '宣威批量企业%'",
          )
          .get() as { n: number }
      ).n;
    } finally {
      db.close();
    }
  };
  /** Send the file and read the answer line by line as it arrives. */
  const send = async (body: string, mode: string) => {
    const res = await fetch(`${server.url}/imports/employers?mode=${mode}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token('qujing')}`,
        'Content-Type': 'text/csv',
        Accept: 'application/x-ndjson',
      },
      body,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const lines: Record<string, unknown>[] = [];
    let chunks = 0;
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      buffered += decoder.decode(value, { stream: true });
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        lines.push(JSON.parse(buffered.slice(0, nl)));
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
      }
    }
    expect(buffered).toBe('');
    return { res, lines, chunks };
  };

  it('valid-rows: read progress up to the whole file, the rows written, the report last', async () => {
    const body = csv(5);
    const bytes = Buffer.byteLength(body);
    expect(bytes).toBeGreaterThan(PROGRESS_CHUNK_BYTES);
    const { res, lines } = await send(body, 'valid-rows');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('application/x-ndjson');
    const read = lines.filter((l) => l.type === 'progress' && l.phase === 'read');
    expect(read.length).toBe(Math.ceil(bytes / PROGRESS_CHUNK_BYTES));
    const positions = read.map((l) => l.bytesRead as number);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions.at(-1)).toBe(bytes);
    expect(read.every((l) => l.bytesTotal === bytes)).toBe(true);
    // Streamed, not buffered: the body has no length known in advance and goes out in chunks. (How
    // many pieces the client reads is up to the sockets: a fast run may get the whole body at once.)
    expect(res.headers.get('Content-Length')).toBeNull();
    expect(res.headers.get('Transfer-Encoding')).toBe('chunked');
    const written = lines.find((l) => l.phase === 'written');
    expect(written).toMatchObject({ rowsRead: ROWS, rowsWritten: ROWS - 1 });
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ type: 'result', status: 200, replayed: false });
    const report = last.report as { written: { inserted: number }; rejected: { row: number }[] };
    expect(report.written.inserted).toBe(ROWS - 1);
    // The sibling's row is rejected with its file line (header = line 1, row 5 = line 7).
    expect(report.rejected.map((r) => r.row)).toEqual([7]);
    expect(countNew()).toBe(ROWS - 1);
  }, 60_000);

  it('all-or-nothing with a refused row: the last line is the problem, nothing is written', async () => {
    const before = countNew();
    const body = csv(6_000).replaceAll('宣威批量企业', '宣威批量企业B');
    const { res, lines } = await send(body, 'all-or-nothing');
    expect(res.status).toBe(200);
    const last = lines.at(-1)!;
    expect(last.type).toBe('problem');
    expect(last.status).toBeGreaterThanOrEqual(400);
    const problem = last.problem as { errors: { row?: number; rule: string }[] };
    expect(problem.errors.some((e) => e.row === 6_002 && e.rule === 'auth.scope')).toBe(true);
    expect(countNew()).toBe(before);
  }, 60_000);
});
