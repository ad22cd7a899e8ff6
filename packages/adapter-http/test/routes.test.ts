import {
  actOnReport,
  evaluate,
  MemoryStore,
  openReport,
  yunnanSmeAssistance,
} from '@occhealth/core';
import { describe, expect, it } from 'vitest';
import { serve } from '../src/index.js';
import { as, loadSample, makeApp, snapshot, TODAY } from './fixtures.js';
import { EMPLOYERS, newCreditCode, ownEmployer } from './walk.js';

const jsonHeaders = (name: Parameters<typeof as>[0], more: Record<string, string> = {}) =>
  as(name, { 'Content-Type': 'application/json', ...more });

describe('regions', () => {
  it('the tree is the principal subtree; one region carries an ETag; If-None-Match gives 304', async () => {
    const { app } = await makeApp();
    const tree = await (await app.request('/regions', { headers: as('qujing') })).json();
    expect(tree.root).toBe('530300');
    expect(tree.regions.map((r: { code: string }) => r.code).sort()).toEqual([
      '530300',
      '530302',
      '530381',
    ]);
    const one = await app.request('/regions/530381', { headers: as('qujing') });
    expect(one.status).toBe(200);
    expect(one.headers.get('ETag')).toBe('"v1"');
    expect((await one.json()).name.zh).toBe('宣威市');
    const again = await app.request('/regions/530381', {
      headers: as('qujing', { 'If-None-Match': '"v1"' }),
    });
    expect(again.status).toBe(304);
  });
});

describe('employers', () => {
  it('pages walk every employer of the subtree once, in credit-code order, and match the file', async () => {
    const { app } = await makeApp();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/employers?region=530100&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await app.request(url, { headers: as('province') })).json();
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((e: { creditCode: string }) => e.creditCode));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const expected = EMPLOYERS.filter((e) => e.region.startsWith('5301'))
      .map((e) => e.creditCode)
      .sort();
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('search by name, credit-code prefix, industry prefix and hazard class equals a filter of the file', async () => {
    const { app } = await makeApp();
    const file = JSON.parse((await import('./fixtures.js')).sample('employers')) as {
      creditCode: string;
      name: string;
      industry?: string;
      hazardLevel?: string;
    }[];
    const cases: [string, (e: (typeof file)[number]) => boolean][] = [
      ['name=%E6%B0%B4%E6%B3%A5', (e) => e.name.includes('水泥')],
      ['creditCode=91530381', (e) => e.creditCode.startsWith('91530381')],
      ['industry=C30', (e) => (e.industry ?? '').startsWith('C30')],
      ['hazardLevel=severe', (e) => e.hazardLevel === 'severe'],
      [
        'hazardLevel=severe&industry=B',
        (e) => e.hazardLevel === 'severe' && (e.industry ?? '').startsWith('B'),
      ],
    ];
    for (const [q, keep] of cases) {
      const page = await (
        await app.request(`/employers?${q}&limit=500`, { headers: as('province') })
      ).json();
      const expected = file
        .filter(keep)
        .map((e) => e.creditCode)
        .sort();
      expect(expected.length, q).toBeGreaterThan(0);
      expect(
        page.items.map((e: { creditCode: string }) => e.creditCode),
        q,
      ).toEqual(expected);
    }
  });

  it('create, read, update with If-Match: 428 without it, 412 when stale, 200 and a new ETag when current', async () => {
    const { app, store } = await makeApp();
    const creditCode = newCreditCode('530381', 42);
    const body = { creditCode, name: '宣威测试企业', region: '530381', size: 'micro' };
    const created = await app.request('/employers', {
      method: 'POST',
      headers: jsonHeaders('qujing'),
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('ETag')).toBe('"v1"');
    expect(created.headers.get('Location')).toBe(`/employers/${creditCode}`);
    const twice = await app.request('/employers', {
      method: 'POST',
      headers: jsonHeaders('qujing'),
      body: JSON.stringify(body),
    });
    expect(twice.status).toBe(409);

    const update = (ifMatch?: string, name = '宣威测试企业（更名）') =>
      app.request(`/employers/${creditCode}`, {
        method: 'PUT',
        headers: jsonHeaders('qujing', ifMatch ? { 'If-Match': ifMatch } : {}),
        body: JSON.stringify({ ...body, name }),
      });
    const missing = await update();
    expect(missing.status).toBe(428);
    expect((await missing.json()).errors[0].rule).toBe('http.if-match.required');
    const ok = await update('"v1"');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ETag')).toBe('"v2"');
    const before = await snapshot(store);
    const stale = await update('"v1"', '又一次更名');
    expect(stale.status).toBe(412);
    expect(await snapshot(store)).toBe(before);
    expect((await store.getEmployer(creditCode))?.name).toBe('宣威测试企业（更名）');
    const bad = await update('W/"abc"');
    expect(bad.status).toBe(400);
  });

  it('an update may not move an employer out of the subtree', async () => {
    const { app, store } = await makeApp();
    const before = await snapshot(store);
    const res = await app.request(`/employers/${ownEmployer.creditCode}`, {
      method: 'PUT',
      headers: jsonHeaders('qujing', { 'If-Match': '"v1"' }),
      body: JSON.stringify({ ...ownEmployer, region: '530102' }),
    });
    expect(res.status).toBe(403);
    expect(await snapshot(store)).toBe(before);
  });
});

describe('facts, data values and imports', () => {
  it('single writes answer the stored record and its version', async () => {
    const { app } = await makeApp();
    const fact = {
      id: 'decl-test-1',
      kind: 'declaration',
      region: ownEmployer.region,
      employer: ownEmployer.creditCode,
      date: '2025-05-01',
    };
    const res = await app.request('/facts', {
      method: 'POST',
      headers: jsonHeaders('qujing'),
      body: JSON.stringify(fact),
    });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.written).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(out.record).toMatchObject({ ...fact, version: 1 });
    const read = await app.request('/facts/decl-test-1', { headers: as('qujing') });
    expect(read.headers.get('ETag')).toBe('"v1"');

    const dv = {
      dataElement: 'workInjuryInsuredPersons',
      region: '530300',
      period: '2025',
      value: '1200.5',
    };
    const put = await (
      await app.request('/data-values', {
        method: 'POST',
        headers: jsonHeaders('qujing'),
        body: JSON.stringify(dv),
      })
    ).json();
    expect(put.record).toMatchObject({ ...dv, value: '1200.5', version: 1 });
    const list = await (
      await app.request('/data-values?region=530300', { headers: as('qujing') })
    ).json();
    expect(list.items).toHaveLength(1);
  });

  it('a bad body names the field, value and rule (422), in the caller language', async () => {
    const { app } = await makeApp();
    const body = JSON.stringify({
      creditCode: '91530381MA00000001',
      name: 'x',
      region: '530381',
      size: 'small',
    });
    for (const [lang, word] of [
      ['en', 'Validation failed'],
      ['zh-CN', '数据校验未通过'],
    ] as const) {
      const res = await app.request('/employers', {
        method: 'POST',
        headers: jsonHeaders('qujing', { 'Accept-Language': lang }),
        body,
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('Content-Language')).toBe(lang === 'en' ? 'en' : 'zh-CN');
      const problem = await res.json();
      expect(problem.title).toBe(word);
      expect(problem.type).toBe('urn:occhealth:problem:validation-failed');
      expect(problem.errors[0]).toMatchObject({
        path: 'body.creditCode',
        value: '91530381MA00000001',
      });
      expect(problem.errors[0].rule).toMatch(/credit-code/);
    }
  });

  it('a CSV import in all-or-nothing mode lists every bad line and writes nothing; valid-rows writes the good ones', async () => {
    const { app, store } = await makeApp();
    const good1 = newCreditCode('530381', 101);
    const good2 = newCreditCode('530302', 102);
    const csv = [
      'creditCode,name,region,size',
      `${good1},甲企业,530381,small`,
      '91530381MA00000001,坏代码,530381,small',
      `${good2},乙企业,530302,huge`,
      `${newCreditCode('530302', 103)},丙企业,530302,micro`,
    ].join('\n');
    const before = await snapshot(store);
    const res = await app.request('/imports/employers', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'text/csv' }),
      body: csv,
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(await snapshot(store)).toBe(before);

    const lenient = await app.request('/imports/employers?mode=valid-rows', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'text/csv' }),
      body: csv,
    });
    const report = await lenient.json();
    expect(report).toMatchObject({
      kind: 'employers',
      mode: 'valid-rows',
      rowsRead: 4,
      written: { inserted: 2, updated: 0, unchanged: 0 },
    });
    expect(report.rejected.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect(await store.getEmployer(good1)).toBeDefined();
  });

  it('an Idempotency-Key replays the first answer and applies the upload once; another body under the key is refused', async () => {
    const { app, store } = await makeApp();
    const rows = [1, 2, 3].map((i) => ({
      dataElement: 'workInjuryInsuredPersons',
      region: ['530300', '530302', '530381'][i - 1],
      period: '2025',
      value: String(i * 100),
    }));
    const send = (body: unknown) =>
      app.request('/imports/dataValues', {
        method: 'POST',
        headers: as('qujing', {
          'Content-Type': 'application/json',
          'Idempotency-Key': 'upload-2025-06-15-a',
        }),
        body: JSON.stringify(body),
      });
    const first = await send(rows);
    expect(first.status).toBe(200);
    expect((await first.json()).written.inserted).toBe(3);
    const after = await snapshot(store);
    const retry = await send(rows);
    expect(retry.headers.get('Idempotency-Replayed')).toBe('true');
    expect((await retry.json()).written.inserted).toBe(3);
    expect(await snapshot(store)).toBe(after);
    const other = await send(rows.slice(0, 1));
    expect(other.status).toBe(422);
    expect((await other.json()).errors[0].rule).toBe('idempotency.reused');
    // Without the key, the same upload is applied again (unchanged rows: the store is idempotent too).
    const plain = await app.request('/imports/dataValues', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'application/json' }),
      body: JSON.stringify(rows),
    });
    expect((await plain.json()).written).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
  });
});

describe('plans, evaluation, explanation, calendar, reports', () => {
  it('plans list every pack with its counts; parts answer the plan arrays', async () => {
    const { app } = await makeApp();
    const list = await (await app.request('/plans', { headers: as('qujing') })).json();
    const yn = list.items.find((p: { id: string }) => p.id === 'yunnan-sme-assistance');
    expect(yn.indicators).toBe(yunnanSmeAssistance.indicators.length);
    for (const part of ['indicators', 'targets', 'allocations', 'checklists', 'forms'] as const) {
      const body = await (
        await app.request(`/plans/yunnan-sme-assistance/${part}`, { headers: as('qujing') })
      ).json();
      expect(
        body.items.map((x: { id?: string }) => x.id ?? null),
        part,
      ).toEqual(yunnanSmeAssistance[part].map((x) => (x as { id?: string }).id ?? null));
    }
    expect((await app.request('/plans/nope', { headers: as('qujing') })).status).toBe(404);
  });

  it('/evaluate answers the in-process evaluate() figure for figure (Decimals as exact strings)', async () => {
    const { app, store } = await makeApp();
    for (const region of ['530000', '530381']) {
      const res = await app.request(
        `/evaluate?plan=yunnan-sme-assistance&region=${region}&period=2025&asOf=2025-12-31`,
        { headers: as('province') },
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      const direct = await evaluate({
        plan: yunnanSmeAssistance,
        region,
        period: '2025',
        store,
        asOf: '2025-12-31',
      });
      expect(body.results).toHaveLength(direct.results.length);
      for (const [i, r] of direct.results.entries()) {
        expect(body.results[i]).toMatchObject({
          indicator: r.indicator,
          region: r.region,
          numerator: r.numerator?.toString() ?? null,
          denominator: r.denominator?.toString() ?? null,
          value: r.value?.toString() ?? null,
          formatted: r.formatted,
          status: r.status,
        });
      }
    }
  });

  it('the default reference date is the injected China-time clock inside the period, else the period end', async () => {
    const { app } = await makeApp();
    const inside = await (
      await app.request('/evaluate?plan=yunnan-sme-assistance&region=530381&period=2025', {
        headers: as('qujing'),
      })
    ).json();
    expect(inside.referenceDate).toBe(TODAY);
    const past = await (
      await app.request('/evaluate?plan=yunnan-sme-assistance&region=530381&period=2024', {
        headers: as('qujing'),
      })
    ).json();
    expect(past.referenceDate).toBe('2024-12-31');
  });

  it('/explain lists the records counted for one figure, all in the region', async () => {
    const { app, store } = await makeApp();
    const body = await (
      await app.request(
        '/explain?plan=yunnan-sme-assistance&indicator=declarationRate&region=530381&period=2025',
        { headers: as('qujing') },
      )
    ).json();
    expect(body.region).toBe('530381');
    const counted = body.explanation.inputs.flatMap(
      (i: { counted?: { id: string }[] }) => i.counted ?? [],
    );
    expect(counted.length).toBeGreaterThan(0);
    const own = new Set((await store.listEmployers({ region: '530381' })).map((e) => e.creditCode));
    for (const record of counted) expect(JSON.stringify(record)).toMatch(/530381/);
    expect(own.size).toBeGreaterThan(0);
  });

  it('/obligations statuses follow the injected clock: past deadlines missing, within 7 days due-soon', async () => {
    const { app } = await makeApp({ clock: () => '2025-07-01' });
    const body = await (
      await app.request('/obligations?region=530300&from=2025-01-01&to=2025-12-31', {
        headers: as('province'),
      })
    ).json();
    expect(body.today).toBe('2025-07-01');
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      const days =
        (Date.parse(`${item.deadline}T00:00:00Z`) - Date.parse('2025-07-01T00:00:00Z')) /
        86_400_000;
      const expected = days < 0 ? 'missing' : days <= 7 ? 'due-soon' : 'not-yet-due';
      expect(item.status, `${item.obligationId} ${item.deadline}`).toBe(expected);
    }
  });

  it('/obligations statuses read the stored reports: late, on-time, draft and none', async () => {
    const { app, store } = await makeApp({ clock: () => '2025-07-01' });
    const obligation = (id: string) => yunnanSmeAssistance.obligations.find((o) => o.id === id)!;
    const qujing = { id: 'qj-reporter', region: '530300', role: 'reporter' } as const;
    const province = { id: 'yn-admin', region: '530000', role: 'admin' } as const;
    const open = (id: string) =>
      openReport(
        store,
        {
          obligation: obligation(id),
          region: '530300',
          period: '2025',
          approvalChain: ['province'],
          on: '2025-04-01',
        },
        { actor: qujing },
      );
    // Submitted 20 May, after the 10 May deadline (even shifted to a working day), then approved.
    const plan = await open('yunnan.plan-and-list');
    await actOnReport(store, plan.id, 'submit', { on: '2025-05-20' }, { actor: qujing });
    await actOnReport(store, plan.id, 'approve', { on: '2025-05-25' }, { actor: province });
    // Submitted 10 June, a month before the 10 July deadline.
    const progress = await open('yunnan.progress-table');
    await actOnReport(store, progress.id, 'submit', { on: '2025-06-10' }, { actor: qujing });
    // A draft only: its status is the deadline's.
    await open('yunnan.work-summary');
    const expected: Record<string, { status: string; state: string | null; first?: string }> = {
      'yunnan.plan-and-list': { status: 'late', state: 'approved', first: '2025-05-20' },
      'yunnan.progress-table': { status: 'on-time', state: 'submitted', first: '2025-06-10' },
      'yunnan.work-summary': { status: 'not-yet-due', state: 'draft' },
    };
    const res = await app.request(
      '/obligations?region=530300&from=2025-01-01&to=2025-12-31&plan=yunnan-sme-assistance',
      { headers: as('qujing') },
    );
    const body = await res.json();
    const byId = new Map<
      string,
      { status: string; submission: { state: string; firstSubmittedOn?: string } | null }
    >(
      body.items
        .filter((i: { period: string }) => i.period === '2025')
        .map((i: { obligationId: string }) => [i.obligationId, i]),
    );
    for (const [id, want] of Object.entries(expected)) {
      const item = byId.get(id);
      expect(item, id).toBeDefined();
      expect(item!.status, id).toBe(want.status);
      expect(item!.submission?.state ?? null, id).toBe(want.state);
      expect(item!.submission?.firstSubmittedOn, id).toBe(want.first);
    }
    // Any other instance has no report: missing once its deadline has passed.
    for (const item of body.items) {
      if (item.period === '2025' && item.obligationId in expected) continue;
      expect(item.submission, item.obligationId).toBeNull();
      expect(['missing', 'due-soon', 'not-yet-due']).toContain(item.status);
    }
    // The sibling prefecture's calendar is untouched by Qujing's reports.
    const kunming = await (
      await app.request(
        '/obligations?region=530100&from=2025-01-01&to=2025-12-31&plan=yunnan-sme-assistance',
        { headers: as('kunming') },
      )
    ).json();
    for (const item of kunming.items) expect(item.submission, item.obligationId).toBeNull();
    // The calendar report shows the same statuses.
    const csv = await (
      await app.request(
        '/reports/obligations?format=csv&lang=en&region=530300&from=2025-01-01&to=2025-12-31&plan=yunnan-sme-assistance',
        { headers: as('qujing') },
      )
    ).text();
    const rows = csv
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      ['2025-05-10', '2025-05-20', 'late'],
      ['2025-07-10', '2025-06-10', 'on time'],
      ['2025-12-15', '', 'due'],
    ]);
  });

  it('a calendar range of more than 1100 days is a 400 (not a century of instances)', async () => {
    const { app } = await makeApp();
    for (const url of [
      '/obligations?region=530300&from=2020-01-01&to=2040-12-31',
      '/reports/obligations?format=csv&region=530300&from=2025-01-01&to=2028-01-07',
    ]) {
      const res = await app.request(url, { headers: as('qujing') });
      expect(res.status, url).toBe(400);
      expect((await res.json()).errors[0].rule).toBe('calendar.range-length');
    }
    const ok = await app.request('/obligations?region=530300&from=2025-01-01&to=2028-01-06', {
      headers: as('qujing'),
    });
    expect(ok.status).toBe(200);
  });

  it('reports come in the four formats with the right types', async () => {
    const { app } = await makeApp();
    const base = '/reports/evaluation?plan=yunnan-sme-assistance&region=530300&period=2025';
    const csv = await app.request(`${base}&format=csv`, { headers: as('qujing') });
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('宣威市');
    const xlsx = new Uint8Array(
      await (await app.request(`${base}&format=xlsx`, { headers: as('qujing') })).arrayBuffer(),
    );
    expect([xlsx[0], xlsx[1]]).toEqual([0x50, 0x4b]);
    const html = await (await app.request(`${base}&format=html`, { headers: as('qujing') })).text();
    expect(html).toMatch(/^<!doctype html>/i);
    const md = await (await app.request(`${base}&format=md`, { headers: as('qujing') })).text();
    expect(md).toContain('| ');
    const ranking = await app.request(
      '/reports/ranking?plan=yunnan-sme-assistance&region=530000&period=2025&indicator=declarationRate&format=md',
      { headers: as('province') },
    );
    expect(ranking.status).toBe(200);
    const missing = await app.request(
      '/reports/ranking?plan=yunnan-sme-assistance&region=530000&period=2025&format=md',
      { headers: as('province') },
    );
    expect(missing.status).toBe(400);
  });
});

describe('platform behaviour', () => {
  it('rate limit: RateLimit headers count down and the request past the limit is a 429 with Retry-After', async () => {
    let now = 1_000_000;
    const { app } = await makeApp({ rateLimit: { limit: 3, windowSeconds: 60 }, now: () => now });
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.request('/regions', { headers: as('qujing') });
      statuses.push(res.status);
      remaining.push(res.headers.get('RateLimit') ?? '');
      if (res.status === 429) expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining.slice(0, 3).map((h) => /r=(\d+)/.exec(h)?.[1])).toEqual(['2', '1', '0']);
    // Another token has its own budget; a new window resets.
    expect((await app.request('/regions', { headers: as('kunming') })).status).toBe(200);
    now += 60_000;
    expect((await app.request('/regions', { headers: as('qujing') })).status).toBe(200);
  });

  it('every answer carries the rate limit headers, counted once: a list, a cached read and its 304, a problem document, a query refused — in process and over a socket', async () => {
    const { app } = await makeApp({ rateLimit: { limit: 100, windowSeconds: 60 }, now: () => 0 });
    const server = await serve({ app, port: 0 });
    try {
      const etag = (await app.request('/regions/530381', { headers: as('qujing') })).headers.get(
        'ETag',
      )!;
      const answers: [string, number, Record<string, string>][] = [
        ['/regions', 200, {}],
        ['/regions/530381', 200, {}],
        ['/regions/530381', 304, { 'If-None-Match': etag }],
        ['/regions/530102', 403, {}],
        ['/no-such-route', 404, {}],
        ['/regions?depth=x', 400, {}],
        ['/employers?limit=0', 400, {}],
      ];
      const seen: number[] = [];
      for (const [path, status, more] of answers) {
        for (const res of [
          await app.request(path, { headers: as('qujing', more) }),
          await fetch(`${server.url}${path}`, { headers: as('qujing', more) }),
        ]) {
          expect(res.status, path).toBe(status);
          expect(res.headers.get('RateLimit-Policy'), path).toBe('"per-token";q=100;w=60');
          seen.push(Number(/r=(\d+)/.exec(res.headers.get('RateLimit') ?? '')?.[1]));
        }
      }
      // One count per request, whichever way the answer was built: 99 left after the first.
      expect(seen).toEqual(seen.map((_, i) => 98 - i));
    } finally {
      await server.close();
    }
  });

  it('CORS is off by default and on for the configured origin only', async () => {
    const off = (await makeApp()).app;
    const pre = {
      method: 'OPTIONS',
      headers: { Origin: 'https://portal.example', 'Access-Control-Request-Method': 'GET' },
    };
    expect(
      (await off.request('/health', { headers: { Origin: 'https://portal.example' } })).headers.get(
        'Access-Control-Allow-Origin',
      ),
    ).toBeNull();
    const on = (await makeApp({ cors: { origin: 'https://portal.example' } })).app;
    expect((await on.request('/health', pre)).headers.get('Access-Control-Allow-Origin')).toBe(
      'https://portal.example',
    );
    expect(
      (await on.request('/health', { headers: { Origin: 'https://evil.example' } })).headers.get(
        'Access-Control-Allow-Origin',
      ),
    ).not.toBe('https://evil.example');
  });

  it('createApp refuses missing options with a ValidationError', async () => {
    const { createApp } = await import('../src/index.js');
    expect(() => createApp({} as never)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    const store = new MemoryStore();
    await loadSample(store);
    expect(() => createApp({ store, auth: 'x' as never })).toThrow(/auth/);
  });
});
