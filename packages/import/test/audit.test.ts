/**
 * Imports are audited on every store alike: inserts as one batch entry per chunk (count, keys, the
 * file's hash), updates one entry per row as the importing actor, re-imports nothing, a refused
 * file nothing at all; the chain verifies.
 */
import { createHash } from 'node:crypto';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { type AuditEntry, MemoryStore, type Store, verifyAuditChain } from '@occhealth/core';
import { makeCreditCode } from '@occhealth/core/testing';
import { describe, expect, it } from 'vitest';
import { importText } from '../src/index.js';

const REGIONS = `code,name,level,parent
530000,云南省,province,
530100,昆明市,prefecture,530000
530102,五华区,county,530100
`;
const codes = Array.from({ length: 5 }, (_x, i) => makeCreditCode(100 + i, '530102'));
const employers = (suffix: string) =>
  `creditCode,name,region,size\n${codes.map((c, i) => `${c},单位${i}${i === 0 ? suffix : ''},530102,small`).join('\n')}\n`;

async function all(store: Store): Promise<AuditEntry[]> {
  return (await store.listAudit({ limit: 10_000 })).items;
}

describe.each([
  ['memory', () => new MemoryStore()],
  ['sqlite', () => openSqliteStore(':memory:')],
] as const)('importing into %s', (_name, make) => {
  it('audits inserts per batch with the file hash and updates per row', async () => {
    const store: Store = make();
    const actor = { id: 'importer-1', role: 'reporter' as const, region: '530000' };
    await importText(store, REGIONS, { kind: 'regions' });
    const text = employers('');
    const fileHash = createHash('sha256').update(text).digest('hex');
    await importText(store, text, { kind: 'employers', batchSize: 2, actor, fileHash });
    const inserts = (await all(store)).filter((e) => e.kind === 'employers');
    // Five rows in chunks of two: three batch entries, every key once, the file's hash on each.
    expect(inserts.map((e) => [e.op, e.batch?.count])).toEqual([
      ['batch-insert', 2],
      ['batch-insert', 2],
      ['batch-insert', 1],
    ]);
    expect(inserts.flatMap((e) => e.batch!.keys)).toEqual(codes);
    expect(new Set(inserts.map((e) => e.batch!.fileHash))).toEqual(new Set([fileHash]));
    expect(new Set(inserts.map((e) => e.actor.id))).toEqual(new Set(['importer-1']));

    const before = (await all(store)).length;
    await importText(store, text, { kind: 'employers', actor }); // idempotent re-import
    expect(await all(store)).toHaveLength(before);

    await importText(store, employers('（更名）'), { kind: 'employers', actor });
    const last = (await all(store)).slice(before);
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({
      op: 'update',
      key: codes[0],
      versionBefore: 1,
      versionAfter: 2,
    });

    const bad = `creditCode,name,region,size\n${makeCreditCode(900, '530102')},新单位,530102,small\n${makeCreditCode(901, '530102')},坏单位,999999,small\n`;
    await expect(importText(store, bad, { kind: 'employers' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await all(store)).toHaveLength(before + 1);
    expect(await verifyAuditChain(store)).toMatchObject({ ok: true });
    await store.close();
  });
});
