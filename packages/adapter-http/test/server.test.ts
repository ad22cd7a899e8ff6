import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { evaluate, yunnanSmeAssistance } from '@occhealth/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { createApp, type RunningServer, serve, staticTokens } from '../src/index.js';
import { loadSample, TODAY, token, tokenConfig } from './fixtures.js';
import { newCreditCode } from './walk.js';

// The real thing: a server on a loopback port over a SQLite file, driven by the typed client and
// by raw fetch; what landed is read back from the file with plain SQL.
describe('the server over a SQLite file, on a loopback port', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occhealth-http-'));
  const file = join(dir, 'occhealth.db');
  let server: RunningServer;
  let store: Awaited<ReturnType<typeof openSqliteStore>>;

  beforeAll(async () => {
    store = await openSqliteStore(file);
    await loadSample(store);
    const app = createApp({ store, auth: staticTokens(await tokenConfig()), clock: () => TODAY });
    server = await serve({ app, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only, on the port it reports', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('the typed client reads a region, a page of employers and an evaluation', async () => {
    const api = createClient(server.url, { token: token('qujing'), lang: 'en' });
    const region = await api.regions[':code'].$get({ param: { code: '530381' }, query: {} });
    expect(region.status).toBe(200);
    if (region.status === 200) {
      const body = await region.json();
      expect(body.name.zh).toBe('宣威市');
      expect(region.headers.get('ETag')).toBe(`"v${body.version}"`);
    }
    const page = await api.employers.$get({ query: { limit: '5' as unknown as number } });
    if (page.status !== 200) throw new Error(`employers answered ${page.status}`);
    const employers = await page.json();
    expect(employers.items).toHaveLength(5);
    const raw = new Database(file, { readonly: true });
    const inSubtree = raw
      .prepare("SELECT count(*) AS n FROM employers WHERE region IN ('530300','530302','530381')")
      .get() as { n: number } | undefined;
    raw.close();
    expect(inSubtree?.n).toBeGreaterThan(5);

    const evaluation = await api.evaluate.$get({
      query: { plan: 'yunnan-sme-assistance', region: '530300', period: '2025' },
    });
    if (evaluation.status !== 200) throw new Error(`evaluate answered ${evaluation.status}`);
    const body = await evaluation.json();
    const direct = await evaluate({
      plan: yunnanSmeAssistance,
      region: '530300',
      period: '2025',
      store,
      asOf: TODAY,
    });
    expect(body.results.map((r) => r.formatted)).toEqual(direct.results.map((r) => r.formatted));
    expect(body.via).toBe(direct.via);
  });

  it('raw fetch: create an employer, update it with If-Match, and the file holds it once at version 2', async () => {
    const creditCode = newCreditCode('530302', 777);
    const headers = {
      Authorization: `Bearer ${token('qujing')}`,
      'Content-Type': 'application/json',
    };
    const body = { creditCode, name: '麒麟区接口测试企业', region: '530302', size: 'small' };
    const created = await fetch(`${server.url}/employers`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const etag = created.headers.get('ETag')!;
    const updated = await fetch(`${server.url}/employers/${creditCode}`, {
      method: 'PUT',
      headers: { ...headers, 'If-Match': etag },
      body: JSON.stringify({ ...body, employees: 12 }),
    });
    expect(updated.status).toBe(200);
    const raw = new Database(file, { readonly: true });
    const rows = raw
      .prepare('SELECT version FROM employers WHERE credit_code = ?')
      .all(creditCode) as { version: number }[];
    raw.close();
    expect(rows).toEqual([{ version: 2 }]);
  });

  it('raw fetch: a CSV import over the wire reports its rejected line; a problem comes as problem+json', async () => {
    const csv = `creditCode,name,region,size\n${newCreditCode('530381', 778)},导入企业,530381,micro\nBAD,坏企业,530381,micro\n`;
    const res = await fetch(`${server.url}/imports/employers?mode=valid-rows`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token('qujing')}`, 'Content-Type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.written.inserted).toBe(1);
    expect(report.rejected[0].row).toBe(3);
    const denied = await fetch(`${server.url}/regions/530102`, {
      headers: { Authorization: `Bearer ${token('qujing')}` },
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('Content-Type')).toContain('application/problem+json');
  });

  it('the typed client: a department and its contact created, the contact read as hashes by a reporter and in clear by an approver, the file holding the clear values', async () => {
    const reporter = createClient(server.url, { token: token('xuanwei') });
    const dept = await reporter.departments.$post({
      query: {},
      json: {
        id: 'xw-emergency',
        name: { zh: '宣威市应急管理局', en: 'Xuanwei Emergency Bureau' },
        region: '530381',
        kind: 'joint-meeting-member',
      },
    });
    expect(dept.status).toBe(201);
    const contact = {
      id: 'xw-emergency-liaison',
      region: '530381',
      role: 'liaison',
      unitKind: 'department',
      unit: 'xw-emergency',
      name: '陈志强',
      phone: '0874-7223344',
    } as const;
    const created = await reporter.contacts.$post({ query: {}, json: contact });
    expect(created.status).toBe(201);
    const asReporter = await reporter.contacts[':id'].$get({
      param: { id: contact.id },
      query: {},
    });
    if (asReporter.status !== 200) throw new Error(`contact answered ${asReporter.status}`);
    const hidden = await asReporter.json();
    expect(hidden.phone).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(hidden)).not.toContain(contact.name);
    const approver = createClient(server.url, { token: token('qujingApprover') });
    const page = await approver.contacts.$get({ query: { region: '530381' } });
    if (page.status !== 200) throw new Error(`contacts answered ${page.status}`);
    const listed = (await page.json()).items.find((c) => c.id === contact.id);
    expect(listed).toMatchObject({ name: contact.name, phone: contact.phone, version: 1 });
    const raw = new Database(file, { readonly: true });
    const row = raw.prepare('SELECT record FROM contacts WHERE id = ?').get(contact.id) as
      | { record: string }
      | undefined;
    raw.close();
    expect(JSON.parse(row!.record)).toMatchObject({ name: contact.name, phone: contact.phone });
  });
});
