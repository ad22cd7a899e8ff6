import { describe, expect, it } from 'vitest';
import { as, makeApp, snapshot } from './fixtures.js';
import { EMPLOYERS, initOf, operationsOf, SAMPLES, type Sample } from './walk.js';

const HOSTILE_IDS = [
  "1' OR '1'='1",
  '1; DROP TABLE employers;--',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  'a\u0000b',
  'a\r\nSet-Cookie: x=1',
  '\u202e530300',
  'x'.repeat(5000),
];

const APP = await makeApp({ bodyLimit: { json: 64 * 1024, import: 256 * 1024 } });
const { app, store } = APP;
const doc = (await (await app.request('/openapi.json')).json()) as {
  paths: Record<string, Record<string, unknown>>;
};
const operations = operationsOf(doc);

async function expectProblem(sample: Sample, statuses: number[], label: string) {
  const before = await snapshot(store);
  const res = await app.request(sample.url, initOf(sample, as('province')));
  expect(
    statuses,
    `${label}: ${sample.method} ${sample.url.slice(0, 120)} → ${res.status}`,
  ).toContain(res.status);
  expect(res.headers.get('Content-Type'), label).toContain('application/problem+json');
  const problem = await res.json();
  expect(problem).toMatchObject({
    status: res.status,
    type: expect.stringMatching(/^urn:occhealth:problem:/),
  });
  expect(problem.detail.length).toBeGreaterThan(0);
  expect(await snapshot(store), `${label} wrote something`).toBe(before);
  return problem;
}

/** Replace the value of the path parameter of `template` in `url`. */
function withPathParam(template: string, url: string, value: string): string | undefined {
  const [path, q] = url.split('?');
  const t = template.split('/');
  const u = path!.split('/');
  const i = t.findIndex((s) => s.startsWith('{'));
  if (i < 0) return undefined;
  u[i] = encodeURIComponent(value);
  return u.join('/') + (q ? `?${q}` : '');
}

describe('hostile input on every route: a problem document, nothing written', () => {
  it.each(operations)('%s: an unknown query parameter is a 400', async (op) => {
    const s = SAMPLES[op]!('own');
    const problem = await expectProblem(
      { ...s, url: `${s.url}${s.url.includes('?') ? '&' : '?'}colour=blue` },
      [400],
      'unknown param',
    );
    expect(problem.errors.some((e: { path: string }) => e.path.includes('colour'))).toBe(true);
  });

  const withParams = operations.filter((op) => op.includes('{'));
  it.each(withParams)(
    '%s: SQL, traversal, control characters and huge ids in the path',
    async (op) => {
      const template = op.split(' ')[1]!;
      for (const id of HOSTILE_IDS) {
        const url = withPathParam(template, SAMPLES[op]!('own').url, id)!;
        await expectProblem(
          { ...SAMPLES[op]!('own'), url },
          [400, 404],
          `id ${JSON.stringify(id.slice(0, 20))}`,
        );
      }
    },
  );

  const withQuery = operations.filter((op) => SAMPLES[op]!('own').url.includes('?'));
  it.each(withQuery)('%s: SQL-looking and oversized query values', async (op) => {
    const s = SAMPLES[op]!('own');
    const [path, q] = s.url.split('?');
    for (const [key] of new URLSearchParams(q)) {
      for (const value of ["530300' OR 1=1--", 'x'.repeat(5000), '\u0000']) {
        const params = new URLSearchParams(q);
        params.set(key, value);
        const url = `${path}?${params}`;
        if (op === 'get /employers' && key === 'name' && value.length < 100) continue;
        await expectProblem({ ...s, url }, [400, 404, 422], `query ${key}`);
      }
    }
  });

  it('a huge or negative limit is a 400 naming the parameter', async () => {
    for (const limit of ['100000000', '-1', '0', '1e9', 'NaN']) {
      const problem = await expectProblem(
        { method: 'GET', url: `/employers?limit=${limit}` },
        [400],
        `limit ${limit}`,
      );
      expect(problem.errors[0].path).toBe('query.limit');
    }
  });

  it('a SQL-looking search finds nothing and is not an error', async () => {
    const res = await app.request(
      `/employers?name=${encodeURIComponent("' OR 1=1; DROP TABLE employers;--")}`,
      { headers: as('province') },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).items).toEqual([]);
    expect((await store.listEmployers()).length).toBe(EMPLOYERS.length);
    expect(EMPLOYERS.length).toBeGreaterThan(100);
  });

  const writes = operations.filter((op) => !op.startsWith('get '));
  it.each(writes)(
    '%s: oversized, deeply nested, malformed, mistyped and SQL-looking bodies',
    async (op) => {
      const s = SAMPLES[op]!('own');
      const isImport = op.includes('/imports/');
      const big = 'x'.repeat(isImport ? 300 * 1024 : 70 * 1024);
      await expectProblem(
        { ...s, body: JSON.stringify({ name: big }), contentType: 'application/json' },
        [413],
        'oversized',
      );
      await expectProblem(
        {
          ...s,
          body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
          contentType: 'application/json',
        },
        [400],
        'deep',
      );
      await expectProblem(
        { ...s, body: '{"creditCode": ', contentType: 'application/json' },
        [400],
        'malformed JSON',
      );
      await expectProblem(
        { ...s, body: s.body!, contentType: isImport ? 'application/xml' : 'text/plain' },
        [415],
        'content type',
      );
      await expectProblem({ ...s, body: s.body!, contentType: '' }, [415], 'no content type');
      if (!isImport) {
        const sql = JSON.stringify({
          ...JSON.parse(s.body!),
          creditCode: "1'; DROP TABLE employers;--",
          id: "x'); DELETE FROM facts;--",
          region: "530381' OR '1'='1",
        });
        await expectProblem({ ...s, body: sql }, [400, 422], 'SQL-looking fields');
      }
    },
  );

  it('malformed CSV imports are 422 with the line, nothing written', async () => {
    const cases: [string, string, number][] = [
      [
        'creditCode,name,region,size\n91530381MA00000001,"unclosed,530381,small\n',
        'csv.unclosed-quote',
        2,
      ],
      ['creditCode,name,region,size\n91530381MA00000001,a,530381\n', 'csv.ragged-row', 2],
      ['colour,shape\nred,round\n', '', 1],
      ['', 'csv.empty', 1],
    ];
    for (const [body, rule, row] of cases) {
      const problem = await expectProblem(
        { method: 'POST', url: '/imports/employers', body, contentType: 'text/csv' },
        [422],
        `csv ${rule}`,
      );
      if (rule) expect(problem.errors[0]).toMatchObject({ rule, row });
      else expect(problem.errors[0].row).toBe(row);
    }
  });

  it('a token that is not a bearer token, or unknown, is a 401 with WWW-Authenticate', async () => {
    for (const header of [
      '',
      'Basic dXNlcjpwYXNz',
      'Bearer ',
      'Bearer a b',
      'Bearer wrong-token',
      `Bearer ${'x'.repeat(600)}`,
    ]) {
      const res = await app.request('/regions', {
        headers: header ? { Authorization: header } : {},
      });
      expect(res.status, header.slice(0, 20)).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toContain('Bearer');
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    }
  });

  const PUBLIC = new Set(['get /health', 'get /version']);
  it.each(operations.filter((op) => !PUBLIC.has(op)))(
    '%s: without a token, or with an unknown one, a 401 before any other check, nothing written',
    async (op) => {
      const s = SAMPLES[op]!('own');
      // A malformed query and (for a write) an oversized body: authentication still answers first.
      const url = `${s.url}${s.url.includes('?') ? '&' : '?'}colour=blue`;
      const body = s.body === undefined ? {} : { body: 'x'.repeat(300 * 1024) };
      const before = await snapshot(store);
      const anonymous: Record<string, string>[] = [
        {},
        { Authorization: 'Bearer wrong-token-0123456789' },
      ];
      for (const headers of anonymous) {
        const res = await app.request(url, initOf({ ...s, url, ...body }, headers));
        expect(res.status, `${op} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get('WWW-Authenticate')).toContain('Bearer');
        expect(res.headers.get('RateLimit')).toBeNull();
      }
      expect(await snapshot(store)).toBe(before);
    },
  );

  it('an unknown route without a token is a 401, not a 404', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await app.request('/no-such-route', { method });
      expect(res.status, method).toBe(401);
    }
  });

  it('an unknown route is a 404 problem document', async () => {
    const res = await app.request('/admin/../../etc/passwd', { headers: as('province') });
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
  });
});
