import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { as, makeApp, PARTIES, snapshot } from './fixtures.js';

const jsonAs = (name: Parameters<typeof as>[0], more: Record<string, string> = {}) =>
  as(name, { 'Content-Type': 'application/json', ...more });
/**
 * The hash a reader without personal access sees, computed here with node:crypto: HMAC-SHA-256
 * under the store's audit secret (hex), so it cannot be reversed without the secret.
 */
const hashedWith = (secret: string) => (value: string) =>
  `hmac-sha256:${createHmac('sha256', Buffer.from(secret, 'hex')).update(value, 'utf8').digest('hex')}`;
const xuanwei = PARTIES.contacts[0];

describe('institutions, departments and contacts', () => {
  it("a contact's name, phone and email are clear for an approver or admin and hashes for a reporter or viewer", async () => {
    const { app, store } = await makeApp();
    const hashed = hashedWith(await store.auditSecret!());
    for (const name of ['qujingApprover', 'qujingAdmin', 'province'] as const) {
      const one = await (
        await app.request(`/contacts/${xuanwei.id}`, { headers: as(name) })
      ).json();
      expect(one, name).toMatchObject({
        name: xuanwei.name,
        phone: xuanwei.phone,
        email: xuanwei.email,
      });
    }
    for (const name of ['qujing', 'qujingViewer', 'xuanwei'] as const) {
      const res = await app.request(`/contacts/${xuanwei.id}`, { headers: as(name) });
      const text = await res.text();
      expect(res.status, name).toBe(200);
      for (const secret of [xuanwei.name, xuanwei.phone, xuanwei.email]) {
        expect(text, name).not.toContain(secret);
      }
      expect(JSON.parse(text), name).toMatchObject({
        id: xuanwei.id,
        unit: xuanwei.unit,
        name: hashed(xuanwei.name),
        phone: hashed(xuanwei.phone),
        email: hashed(xuanwei.email),
      });
      const list = await (await app.request('/contacts', { headers: as(name) })).text();
      expect(list).toContain(hashed(xuanwei.phone));
      expect(list).not.toContain(xuanwei.phone);
    }
  });

  it('a bad contact never echoes its personal values: body validation, the store and the importer', async () => {
    const { app, store } = await makeApp();
    const before = await snapshot(store);
    const secret = { name: '秘'.repeat(300), phone: 'call 李红梅 at home', email: 'lihm at wh' };
    const bad = { ...PARTIES.contacts[0], id: 'xw-bad', ...secret, mobile: '13900000000' };
    const posted = await app.request('/contacts', {
      method: 'POST',
      headers: jsonAs('qujing'),
      body: JSON.stringify(bad),
    });
    expect(posted.status).toBe(422);
    const problem = await posted.text();
    const rules = JSON.parse(problem).errors.map((e: { rule: string }) => e.rule);
    expect(rules).toEqual(expect.arrayContaining(['contact.phone-format', 'contact.email-format']));
    for (const value of [secret.phone, secret.email, '秘秘秘秘', '13900000000']) {
      expect(problem).not.toContain(value);
    }
    const put = await app.request(`/contacts/${xuanwei.id}`, {
      method: 'PUT',
      headers: jsonAs('qujing', { 'If-Match': '"v1"' }),
      body: JSON.stringify({ ...xuanwei, phone: secret.phone }),
    });
    expect(put.status).toBe(422);
    expect(await put.text()).not.toContain(secret.phone);
    const csv = [
      'id,region,role,unitKind,unit,name,phone',
      `xw-csv-1,530381,liaison,department,xw-health-bureau,赵秘密,${secret.phone}`,
    ].join('\n');
    const imported = await app.request('/imports/contacts?mode=valid-rows', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'text/csv' }),
      body: csv,
    });
    expect(imported.status).toBe(200);
    const report = await imported.text();
    expect(JSON.parse(report).rejected).toEqual([
      expect.objectContaining({ rule: 'contact.phone-format', row: 2 }),
    ]);
    expect(report).not.toContain(secret.phone);
    expect(await snapshot(store)).toBe(before);
  });

  it('a reporter updates a contact it reads as hashes: the hashes it sends back keep the stored values', async () => {
    const { app, store } = await makeApp();
    const read = await app.request(`/contacts/${xuanwei.id}`, { headers: as('qujing') });
    const shown = await read.json();
    const res = await app.request(`/contacts/${xuanwei.id}`, {
      method: 'PUT',
      headers: jsonAs('qujing', { 'If-Match': read.headers.get('ETag')! }),
      body: JSON.stringify({ ...shown, version: undefined, role: 'head' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"v2"');
    const stored = await store.get('contacts', xuanwei.id);
    expect(stored).toMatchObject({
      role: 'head',
      name: xuanwei.name,
      phone: xuanwei.phone,
      email: xuanwei.email,
    });
    // The audit trail holds the hashes, not the values.
    const audit = JSON.stringify((await store.listAudit({ limit: 1000 })).items);
    expect(audit).not.toContain(xuanwei.phone);
  });

  it('updates need a fresh If-Match: missing 428, stale 412, path and body ids must agree', async () => {
    const { app, store } = await makeApp();
    const dept = PARTIES.departments[0];
    const send = (headers: Record<string, string>, body: unknown = { ...dept, kind: 'other' }) =>
      app.request(`/departments/${dept.id}`, {
        method: 'PUT',
        headers: jsonAs('qujing', headers),
        body: JSON.stringify(body),
      });
    expect((await send({})).status).toBe(428);
    expect((await send({ 'If-Match': '"v1"' }, { ...dept, id: 'other-id' })).status).toBe(400);
    const ok = await send({ 'If-Match': '"v1"' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).kind).toBe('other');
    const stale = await send({ 'If-Match': '"v1"' });
    expect(stale.status).toBe(412);
    expect((await store.get('departments', dept.id))?.version).toBe(2);
    const again = await app.request('/departments', {
      method: 'POST',
      headers: jsonAs('qujing'),
      body: JSON.stringify(dept),
    });
    expect(again.status).toBe(409);
  });

  it('pages walk every department of the subtree once, in id order, and stay inside it', async () => {
    const { app, store } = await makeApp();
    const ids = Array.from({ length: 7 }, (_, i) => `qj-dept-${String(i).padStart(2, '0')}`);
    const csv = [
      'id,name.zh,name.en,region,kind',
      ...ids.map((id, i) => `${id},部门${i},Department ${i},${i % 2 ? '530302' : '530381'},other`),
      'km-dept-x,邻区部门,Neighbour,530102,other',
    ].join('\n');
    const res = await app.request('/imports/departments?mode=valid-rows', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'text/csv' }),
      body: csv,
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.written.inserted).toBe(7);
    expect(report.rejected).toEqual([expect.objectContaining({ rule: 'auth.scope', row: 9 })]);
    expect(await store.get('departments', 'km-dept-x')).toBeUndefined();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/departments?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await app.request(url, { headers: as('qujing') })).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids, PARTIES.departments[0].id].sort());
  });

  it('a contact may not hang on a unit of another region, nor take over a record of one', async () => {
    const { app, store } = await makeApp();
    const before = await snapshot(store);
    const foreignUnit = await app.request('/contacts', {
      method: 'POST',
      headers: jsonAs('qujing'),
      body: JSON.stringify({ ...xuanwei, id: 'xw-new', unit: 'wh-health-bureau' }),
    });
    expect(foreignUnit.status).toBe(403);
    expect((await foreignUnit.json()).errors[0]).toMatchObject({
      rule: 'auth.scope',
      path: 'contacts.0.unit',
    });
    const takeover = await app.request('/imports/institutions', {
      method: 'POST',
      headers: as('qujing', { 'Content-Type': 'application/json' }),
      body: JSON.stringify([{ ...PARTIES.institutions[1], region: '530381' }]),
    });
    expect(takeover.status).toBe(422);
    expect((await takeover.json()).errors[0]).toMatchObject({
      rule: 'auth.scope',
      path: 'institutions.0.id',
      row: 1,
    });
    expect(await snapshot(store)).toBe(before);
  });
});
