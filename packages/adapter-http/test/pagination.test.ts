import type { Store, WriteBatch } from '@occhealth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AFTER_DEPRECATED } from '../src/pagination.js';
import { as, makeApp, type TokenName } from './fixtures.js';

type App = Awaited<ReturnType<typeof makeApp>>['app'];
type Item = Record<string, unknown>;

// Every list route, walked a small page at a time to the end with `cursor` (and with its
// deprecated alias `after`), must give exactly the records the store holds for the subtree:
// none twice, none missing, in one order.
describe('one pagination convention: cursor in, nextCursor out, on every list route', () => {
  let app: App;
  let store: Store;
  const qujingSubtree = new Set<string>();

  beforeAll(async () => {
    ({ app, store } = await makeApp());
    // More parties than one page holds, in Qujing and its counties.
    const regions = ['530300', '530302', '530381'];
    const batch = {
      institutions: Array.from({ length: 7 }, (_, i) => ({
        id: `page/inst-${i}`,
        name: { zh: `分页测试机构${i}` },
        types: ['cdc'],
        public: true,
        region: regions[i % 3]!,
      })),
      departments: Array.from({ length: 7 }, (_, i) => ({
        id: `page/dept-${i}`,
        name: { zh: `分页测试部门${i}`, en: `Paging department ${i}` },
        region: regions[i % 3]!,
        kind: 'joint-meeting-member',
      })),
      contacts: Array.from({ length: 7 }, (_, i) => ({
        id: `page/contact-${i}`,
        region: regions[i % 3]!,
        role: 'liaison',
        unitKind: 'department',
        unit: `page/dept-${i}`,
        name: `联系人${i}`,
      })),
    };
    await store.write(batch as unknown as WriteBatch);
    const tree = (await store.regionTree())!;
    for (const r of tree.all()) if (tree.isWithin(r.code, '530300')) qujingSubtree.add(r.code);
  });

  /** Walk `path` with pages of `limit`, sending the cursor as `param` and reading `field`. */
  async function walk(
    path: string,
    who: TokenName,
    limit: number,
    param: 'cursor' | 'after',
    field: 'nextCursor' | 'next',
  ): Promise<{ items: Item[]; pages: number }> {
    const items: Item[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const url = `${path}${sep}limit=${limit}${cursor === undefined ? '' : `&${param}=${encodeURIComponent(cursor)}`}`;
      const res = await app.request(url, { headers: as(who) });
      expect(res.status, url).toBe(200);
      // The alias is answered with the Deprecation header; the documented spelling is not.
      expect(res.headers.get('Deprecation'), url).toBe(
        param === 'after' && cursor !== undefined ? AFTER_DEPRECATED : null,
      );
      const body = (await res.json()) as Record<string, unknown> & { items: Item[] };
      expect(body.items.length, url).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      pages++;
      const next = body[field] as string | null | undefined;
      if (field === 'nextCursor') expect(next === null || typeof next === 'string').toBe(true);
      cursor = next ?? undefined;
      expect(pages, `${path} does not end`).toBeLessThan(1000);
    } while (cursor !== undefined);
    return { items, pages };
  }

  const keyed = (items: Item[], key: (i: Item) => string) => items.map(key);

  async function both(
    path: string,
    who: TokenName,
    limit: number,
    key: (i: Item) => string,
    expected: string[],
    legacyNext: boolean,
  ) {
    expect(expected.length, `${path}: too few records to page`).toBeGreaterThan(limit * 2);
    for (const [param, field] of [
      ['cursor', 'nextCursor'],
      ['after', legacyNext ? 'next' : 'nextCursor'],
    ] as const) {
      const { items, pages } = await walk(path, who, limit, param, field);
      const keys = keyed(items, key);
      expect(new Set(keys).size, `${path} ${param}: duplicates`).toBe(keys.length);
      expect(keys, `${path} ${param}`).toEqual(expected);
      // A full last page may or may not be followed by an empty one; never more.
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / limit));
      expect(pages).toBeLessThanOrEqual(Math.ceil(expected.length / limit) + 1);
    }
  }

  it('GET /employers: 71 employers of 530302 in pages of 10, both spellings', async () => {
    const expected = (await store.listEmployers({ region: '530302' }))
      .map((e) => e.creditCode)
      .sort();
    await both(
      '/employers?region=530302',
      'qujing',
      10,
      (e) => e.creditCode as string,
      expected,
      false,
    );
  });

  for (const kind of ['institutions', 'departments', 'contacts'] as const) {
    it(`GET /${kind}: the subtree's records in pages of 2, both spellings`, async () => {
      const all = (await store.page(kind, { limit: 10_000 })).items as unknown as Item[];
      const expected = all
        .filter((r) => qujingSubtree.has(r.region as string))
        .map((r) => r.id as string)
        .sort();
      await both(`/${kind}`, 'qujingApprover', 2, (r) => r.id as string, expected, false);
    });
  }

  it('GET /submissions: the subtree\'s reports in pages of 1, both spellings (the alias also reads "next")', async () => {
    const all = (await store.page('submissions', { limit: 10_000 })).items;
    const expected = all
      .filter((s) => qujingSubtree.has(s.region))
      .map((s) => s.id)
      .sort();
    const { items } = await walk('/submissions', 'qujingAdmin', 1000, 'cursor', 'nextCursor');
    expect(keyed(items, (s) => s.id as string).sort()).toEqual(expected);
    const order = keyed(items, (s) => s.id as string);
    await both('/submissions', 'qujingAdmin', 1, (s) => s.id as string, order, true);
  });

  it('GET /audit: the subtree\'s entries in pages of 3, both spellings (the alias also reads "next")', async () => {
    const { items } = await walk('/audit', 'qujingAdmin', 1000, 'cursor', 'nextCursor');
    const key = (e: Item) => `${e.chain}#${e.seq}`;
    const order = keyed(items, key);
    // The store's own trail, filtered to the subtree by hand, holds the same entries.
    const trail = (await store.listAudit({ limit: 10_000 })).items.filter(
      (e) => e.region !== null && qujingSubtree.has(e.region),
    );
    expect(order.length).toBeGreaterThanOrEqual(trail.length);
    for (const e of trail) expect(order).toContain(`${e.chain}#${e.seq}`);
    await both('/audit', 'qujingAdmin', 3, key, order, true);
  });

  it('cursor and a different after at once is a 400 naming query.after; the same value is accepted', async () => {
    const first = await app.request('/employers?region=530302&limit=2', { headers: as('qujing') });
    const { nextCursor } = (await first.json()) as { nextCursor: string };
    const clash = await app.request(
      `/employers?region=530302&limit=2&cursor=${nextCursor}&after=91530302000542EN2L`,
      { headers: as('qujing') },
    );
    expect(clash.status).toBe(400);
    expect((await clash.json()).errors[0]).toMatchObject({
      path: 'query.after',
      rule: 'http.page.cursor-alias',
    });
    const same = await app.request(
      `/employers?region=530302&limit=2&cursor=${nextCursor}&after=${nextCursor}`,
      { headers: as('qujing') },
    );
    expect(same.status).toBe(200);
  });
});
