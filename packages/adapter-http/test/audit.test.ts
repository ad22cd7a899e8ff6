import { verifyAuditChain } from '@occhealth/core';
import { describe, expect, it } from 'vitest';
import { scopedStore } from '../src/scoped-store.js';
import { as, makeApp, TOKENS } from './fixtures.js';
import { initOf, operationsOf, SAMPLES } from './walk.js';

// Every write route of the OpenAPI document, called by a reporter in its own subtree, leaves audit
// entries naming that principal as the actor, and the chain still verifies.
describe('every write route is audited with the principal as actor', async () => {
  const { app, store } = await makeApp();
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const writes = operationsOf(doc).filter((op) => !op.startsWith('get '));

  it('the document has write routes to check', () => {
    expect(writes.length).toBeGreaterThanOrEqual(4);
  });

  it.each(writes)('%s', async (op) => {
    const before = (await store.listAudit({ limit: 1000 })).items.length;
    const sample = SAMPLES[op]!('own');
    const res = await app.request(sample.url, initOf(sample, as(sample.token ?? 'qujing')));
    expect(res.status, op).toBeLessThan(300);
    const after = (await store.listAudit({ limit: 1000 })).items;
    const added = after.slice(before);
    expect(added.length, op).toBeGreaterThan(0);
    for (const entry of added) {
      expect(entry.actor).toEqual(TOKENS[sample.token ?? 'qujing']);
    }
    expect((await verifyAuditChain(store)).ok).toBe(true);
  });

  it('a workflow record of a region outside the subtree is refused through the API view of the store', async () => {
    const before = (await store.listAudit({ limit: 1000 })).items.length;
    const tree = (await store.regionTree())!;
    const view = scopedStore(store, tree, TOKENS.qujing);
    await expect(
      view.write({
        lockExceptions: [
          {
            obligationId: 'yunnan.progress-table',
            region: '530102',
            period: '2025',
            grantedBy: 'qj-reporter',
            until: '2025-12-31',
            reason: '测试',
          },
        ],
      }),
    ).rejects.toMatchObject({ issues: [{ rule: 'auth.scope', path: 'lockExceptions.0.region' }] });
    expect((await store.listAudit({ limit: 1000 })).items.length).toBe(before);
  });
});
