import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { type Actor, isRecordId, openReport, PLANS } from '@occhealth/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { createApp, type RunningServer, serve, staticTokens } from '../src/index.js';
import { loadSample, TODAY, TOKENS, token, tokenConfig } from './fixtures.js';

// Ids the core allows may hold `/` (and `.` segments): each must be reachable through its
// single-record route, percent-encoded as one path segment, over a real server and SQLite file.
const SLASHED = [
  'qj/cdc/2025',
  'qj/../km-cdc', // a `..` segment inside an id is data, never a path step
  '../../regions/530000',
  'qj/./x:y_1-2',
  '/leading/and/trailing/',
];

const institution = (id: string, region: string, zh: string) => ({
  id,
  name: { zh },
  types: ['cdc'],
  public: true,
  region,
});

describe('ids holding "/" through the single-record routes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occhealth-ids-'));
  const file = join(dir, 'occhealth.db');
  let server: RunningServer;
  let store: Awaited<ReturnType<typeof openSqliteStore>>;
  const auth = (name: keyof typeof TOKENS) => ({
    Authorization: `Bearer ${token(name)}`,
    'Content-Type': 'application/json',
  });
  const get = (path: string, name: keyof typeof TOKENS = 'qujing') =>
    fetch(`${server.url}${path}`, { headers: auth(name) });

  beforeAll(async () => {
    store = await openSqliteStore(file);
    await loadSample(store);
    const app = createApp({
      store,
      auth: staticTokens(await tokenConfig()),
      clock: () => TODAY,
      rateLimit: false,
    });
    server = await serve({ app, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the core allows "/" and "." segments in record ids, but not "." or ".." alone', () => {
    for (const id of SLASHED) expect(isRecordId(id), id).toBe(true);
    for (const id of ['.', '..', 'a%2Fb', 'a b', '曲靖疾控', '', 'x'.repeat(129)]) {
      expect(isRecordId(id), id).toBe(false);
    }
  });

  it('raw fetch: institutions with slashed ids are created, read back percent-encoded, and the file holds each id as given', async () => {
    for (const id of SLASHED) {
      const created = await fetch(`${server.url}/institutions`, {
        method: 'POST',
        headers: auth('qujing'),
        body: JSON.stringify(institution(id, '530300', `曲靖测试机构 ${id}`)),
      });
      expect(created.status, id).toBe(201);
      expect(created.headers.get('Location')).toBe(`/institutions/${encodeURIComponent(id)}`);
      const read = await get(`/institutions/${encodeURIComponent(id)}`);
      expect(read.status, id).toBe(200);
      expect((await read.json()).id).toBe(id);
      expect(read.headers.get('ETag')).toBe('"v1"');
    }
    const raw = new Database(file, { readonly: true });
    const ids = (raw.prepare('SELECT id FROM institutions').all() as { id: string }[]).map(
      (r) => r.id,
    );
    raw.close();
    for (const id of SLASHED) expect(ids).toContain(id);
  });

  it('an unencoded "/" is another path, never the record; a double-encoded one is the id "a%2Fb", which the rule refuses', async () => {
    expect((await get('/institutions/qj/cdc/2025')).status).toBe(404);
    const doubled = await get('/institutions/qj%252Fcdc%252F2025');
    expect(doubled.status).toBe(400);
    const problem = await doubled.json();
    expect(problem.errors[0]).toMatchObject({ path: 'path.id', value: 'qj%2Fcdc%2F2025' });
    expect(problem.errors[0].rule).toBe('http.record-id');
  });

  it('ids with "%", a space, Chinese, or "." / ".." alone are refused on write (422, naming the field) and on read (400)', async () => {
    for (const id of ['50%', 'a b', '曲靖疾控', '.', '..']) {
      const res = await fetch(`${server.url}/facts`, {
        method: 'POST',
        headers: auth('qujing'),
        body: JSON.stringify({
          id,
          kind: 'hazard-evaluation',
          region: '530302',
          date: '2025-03-01',
          employer: '91530302000542EN2L',
          evaluationType: 'testing',
        }),
      });
      expect(res.status, id).toBe(422);
      const problem = await res.json();
      expect(problem.errors.map((e: { path: string }) => e.path)).toContain('body.id');
      expect(problem.errors.find((e: { path: string }) => e.path === 'body.id').rule).toBe(
        'fact.id',
      );
    }
    for (const id of ['50%', 'a b', '曲靖疾控']) {
      const res = await get(`/facts/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(400);
      expect((await res.json()).errors[0]).toMatchObject({ path: 'path.id', value: id });
    }
    // "." and ".." alone are dot segments: the URL itself drops them, so they reach no record.
    for (const segment of ['.', '..', '%2E', '%2e%2E']) {
      const res = await get(`/facts/${segment}`);
      expect(res.status, segment).not.toBe(200);
    }
  });

  it('a fact with a slashed id is written and read back; SQL-looking and traversal ids read as not found', async () => {
    const fact = {
      id: 'inspection/2025/001',
      kind: 'hazard-evaluation',
      region: '530302',
      date: '2025-03-01',
      employer: '91530302000542EN2L',
      evaluationType: 'testing',
    };
    const written = await fetch(`${server.url}/facts`, {
      method: 'POST',
      headers: auth('qujing'),
      body: JSON.stringify(fact),
    });
    expect(written.status).toBe(200);
    const read = await get(`/facts/${encodeURIComponent(fact.id)}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: fact.id, region: '530302', version: 1 });
    for (const id of ['../regions/530000', '..%2F..%2Fhealth', "x'--"]) {
      const res = await get(`/facts/${encodeURIComponent(id)}`);
      expect([400, 404], id).toContain(res.status);
    }
  });

  it('the typed client encodes the id: read, update with If-Match (a stale ETag is 412), and the file holds version 2', async () => {
    const api = createClient(server.url, { token: token('qujing'), lang: 'en' });
    for (const id of SLASHED) {
      const read = await api.institutions[':id'].$get({ param: { id }, query: {} });
      if (read.status !== 200) throw new Error(`${id}: read answered ${read.status}`);
      const etag = read.headers.get('ETag')!;
      const body = institution(id, '530300', `曲靖改名机构 ${id}`);
      const updated = await api.institutions[':id'].$put(
        { param: { id }, query: {}, header: { 'if-match': etag }, json: body },
        { headers: { 'If-Match': etag } },
      );
      expect(updated.status, id).toBe(200);
      expect(updated.headers.get('ETag')).toBe('"v2"');
      const stale = await api.institutions[':id'].$put(
        { param: { id }, query: {}, header: { 'if-match': etag }, json: body },
        { headers: { 'If-Match': etag } },
      );
      expect(stale.status, id).toBe(412);
      expect(api.institutions[':id'].$url({ param: { id }, query: {} }).pathname).toBe(
        `/institutions/${encodeURIComponent(id)}`,
      );
    }
    const raw = new Database(file, { readonly: true });
    for (const id of SLASHED) {
      const row = raw.prepare('SELECT version, record FROM institutions WHERE id = ?').get(id) as
        | { version: number; record: string }
        | undefined;
      expect(row?.version, id).toBe(2);
      expect(JSON.parse(row!.record).name.zh).toBe(`曲靖改名机构 ${id}`);
    }
    raw.close();
  });

  it('the sibling region reads none of them (404, its name never in the answer), by raw fetch or the typed client', async () => {
    const sibling = createClient(server.url, { token: token('kunming') });
    for (const id of SLASHED) {
      const raw = await get(`/institutions/${encodeURIComponent(id)}`, 'kunming');
      expect(raw.status, id).toBe(404);
      expect(await raw.text()).not.toContain('曲靖');
      const typed = await sibling.institutions[':id'].$get({ param: { id }, query: {} });
      expect(typed.status, id).toBe(404);
      const put = await fetch(`${server.url}/institutions/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { ...auth('kunming'), 'If-Match': '"v2"' },
        body: JSON.stringify(institution(id, '530100', '昆明冒名机构')),
      });
      expect([403, 404], id).toContain(put.status);
    }
    const db = new Database(file, { readonly: true });
    const names = db.prepare('SELECT record FROM institutions').all() as { record: string }[];
    db.close();
    expect(names.map((r) => r.record).join()).not.toContain('昆明冒名机构');
  });

  it('a report of a two-year period ("2024/2025") is reached with the period percent-encoded, and not by the sibling', async () => {
    const henan = PLANS.find((p) => p.id === 'henan-three-actions')!;
    const obligation = henan.obligations.find((o) => o.id === 'henan.qc-coverage-two-years')!;
    await openReport(
      store,
      {
        obligation,
        region: '530000',
        period: '2024/2025',
        approvalChain: ['province'],
        on: '2025-06-01',
      },
      { actor: TOKENS.province as Actor },
    );
    const path = `/submissions/${obligation.id}/530000/${encodeURIComponent('2024/2025')}`;
    const res = await get(path, 'province');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ region: '530000', period: '2024/2025' });
    const api = createClient(server.url, { token: token('province') });
    const typed = await api.submissions[':obligation'][':region'][':period'].$get({
      param: { obligation: obligation.id, region: '530000', period: '2024/2025' },
      query: {},
    });
    expect(typed.status).toBe(200);
    expect((await get(path, 'kunming')).status).toBe(404);
  });
});
