import { describe, expect, it } from 'vitest';
import { as, makeApp, PARTIES, snapshot } from './fixtures.js';
import { EMPLOYERS, FACTS, initOf, operationsOf, SAMPLES } from './walk.js';

// Qujing (530300) asks for Kunming's data and its own: nothing outside 530300's subtree may
// appear in any answer — no employer name or credit code, no fact id, no region code or name.
const REGIONS = JSON.parse((await import('./fixtures.js')).sample('regions')) as {
  code: string;
  name: { zh: string; en?: string };
  parent: string | null;
}[];
const isOwn = (code: string) => code.startsWith('5303');
const outsideRegions = REGIONS.filter((r) => !isOwn(r.code) && r.parent !== null);
const RECORD_LEAKS = [
  ...EMPLOYERS.filter((e) => !isOwn(e.region)).flatMap((e) => [e.creditCode, e.name]),
  ...FACTS.filter((f) => !isOwn(f.region)).map((f) => f.id),
  ...[...PARTIES.institutions, ...PARTIES.departments]
    .filter((p) => !isOwn(p.region))
    .flatMap((p) => [p.id, p.name.zh]),
  ...PARTIES.contacts
    .filter((p) => !isOwn(p.region))
    .flatMap((p) => [p.id, p.name, p.phone, p.email]),
];
const REGION_LEAKS = outsideRegions.flatMap((r) => [r.code, r.name.zh]);

/** Outside names in `body` that the request itself did not carry (an error may echo its input). */
function leaksIn(body: string, request: { url: string; body?: string }): string[] {
  // Plans are published rules (the Yunnan task table names every prefecture): only records count.
  const names = request.url.startsWith('/plans')
    ? RECORD_LEAKS
    : [...RECORD_LEAKS, ...REGION_LEAKS];
  const asked = request.url + (request.body ?? '');
  return names.filter((s) => mentions(body, s) && !mentions(asked, s));
}

/**
 * Whether `text` mentions `needle`: short ASCII ids (fact ids such as `F12`) only as a whole token,
 * so `F1` is not found inside `F12` or inside a credit code.
 */
function mentions(text: string, needle: string): boolean {
  if (!/^[A-Za-z0-9]+$/.test(needle)) return text.includes(needle);
  return new RegExp(`(?<![A-Za-z0-9])${needle}(?![A-Za-z0-9])`).test(text);
}

describe('a sibling region sees nothing of its neighbour, on every route of the document', async () => {
  const { app, store } = await makeApp();
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations = operationsOf(doc);

  it('the leak lists are not empty (the check can fail)', () => {
    expect(RECORD_LEAKS.length).toBeGreaterThan(200);
    expect(REGION_LEAKS).toContain('五华区');
  });

  it.each(operations)(
    '%s aimed at the sibling: 403/404/422 or an empty answer, nothing written, nothing leaked',
    async (op) => {
      const before = await snapshot(store);
      const sample = SAMPLES[op]!('foreign');
      const res = await app.request(sample.url, initOf(sample, as(sample.token ?? 'qujing')));
      const body = await res.text();
      expect(leaksIn(body, sample), `${op} → ${res.status}`).toEqual([]);
      const open =
        op.startsWith('get /plans') || ['get /health', 'get /version', 'get /regions'].includes(op);
      if (!open) expect([403, 404, 422]).toContain(res.status);
      if (res.status >= 400) {
        expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      }
      expect(await snapshot(store)).toBe(before);
    },
  );

  it.each(operations)(
    '%s aimed at its own subtree: no record or region of the sibling in the answer',
    async (op) => {
      const sample = SAMPLES[op]!('own');
      const res = await app.request(sample.url, initOf(sample, as(sample.token ?? 'qujing')));
      expect(res.status, op).toBeLessThan(300);
      expect(leaksIn(await res.text(), sample), op).toEqual([]);
    },
  );

  it('the same own requests as the province do show the sibling (the leak check sees leaks)', async () => {
    const sample = SAMPLES['get /employers']!('foreign');
    const res = await app.request(sample.url, initOf(sample, as('province')));
    expect(res.status).toBe(200);
    expect(leaksIn(await res.text(), sample).length).toBeGreaterThan(10);
  });

  it('a viewer may not write, even in its own subtree (403, nothing written)', async () => {
    for (const op of operations.filter((o) => !o.startsWith('get '))) {
      const before = await snapshot(store);
      const sample = SAMPLES[op]!('own');
      const res = await app.request(sample.url, initOf(sample, as('qujingViewer')));
      expect(res.status, op).toBe(403);
      expect(await snapshot(store)).toBe(before);
    }
  });

  it('an import mixing own and sibling rows rejects the sibling rows with their file lines', async () => {
    const csv = [
      'creditCode,name,region,size',
      `${EMPLOYERS.find((e) => e.region === '530381')!.creditCode},本地企业,530381,small`,
      `${EMPLOYERS.find((e) => e.region === '530102')!.creditCode},邻区企业,530102,small`,
      `${EMPLOYERS.find((e) => e.region === '530302')!.creditCode},本地企业2,530302,small`,
    ].join('\n');
    const before = await snapshot(store);
    const strict = await app.request('/imports/employers', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'text/csv', 'Accept-Language': 'en' }),
      body: csv,
    });
    expect(strict.status).toBe(422);
    const problem = await strict.json();
    expect(problem.errors).toEqual([
      expect.objectContaining({ rule: 'auth.scope', row: 3, path: 'employers.1.region' }),
    ]);
    expect(await snapshot(store)).toBe(before);

    const lenient = await app.request('/imports/employers?mode=valid-rows', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'text/csv' }),
      body: csv,
    });
    expect(lenient.status).toBe(200);
    const report = await lenient.json();
    expect(report.written).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
    expect(report.rejected.map((r: { row: number }) => r.row)).toEqual([3]);
    const kept = await store.getEmployer(EMPLOYERS.find((e) => e.region === '530102')!.creditCode);
    expect(kept?.name).not.toBe('邻区企业');
  });

  it('an import taking over a sibling employer by moving it into its own region is rejected', async () => {
    const stolen = EMPLOYERS.find((e) => e.region === '530111')!;
    const before = await snapshot(store);
    const res = await app.request('/imports/employers', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'text/csv' }),
      body: `creditCode,name,region,size\n${stolen.creditCode},抢注,530381,small\n`,
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0]).toMatchObject({ rule: 'auth.scope', row: 2 });
    expect(await snapshot(store)).toBe(before);
  });
});
