import type { BatchKind, Store } from '../store/index.js';
import { describeStoreConformance } from '../testing.js';
import { MemoryStore } from './memory.js';

describeStoreConformance((clock) => new MemoryStore(clock), {
  name: 'memory',
  supportsBulk: true,
  supportsRestore: true,
  supportsIdempotency: true,
  supportsChangeMarker: true,
});

/** MemoryStore has no database to read behind its back; counting through its reads exercises the suite's `raw` checks. */
async function countThroughReads(kind: BatchKind, store: Store): Promise<number> {
  switch (kind) {
    case 'regions':
      return (await store.regionTree())?.size ?? 0;
    case 'employers':
      return (await store.listEmployers()).length;
    case 'facts':
      return (await store.listFacts()).length;
    case 'dataValues':
      return (await store.listDataValues()).length;
    default:
      return countPages(kind, store);
  }
}

describeStoreConformance((clock) => new MemoryStore(clock), {
  name: 'memory (raw counts through reads)',
  raw: { count: countThroughReads },
});

async function countPages(kind: BatchKind, store: Store): Promise<number> {
  let n = 0;
  let after: string | undefined;
  do {
    const page = await store.page(kind, after === undefined ? {} : { after });
    n += page.items.length;
    after = page.next;
  } while (after !== undefined);
  return n;
}
