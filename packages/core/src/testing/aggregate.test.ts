import { describe, expect, it } from 'vitest';
import { aggregateInMemory } from '../evaluate/evaluate.js';
import type { AggregateRequest, AggregateResult } from '../store/aggregate.js';
import { MemoryStore } from '../store/memory.js';
import { aggregateFixture, describeAggregateConformance } from './aggregate.js';

/** A MemoryStore that answers aggregate() itself (with the reference semantics). */
class PushdownMemoryStore extends MemoryStore {
  aggregate(request: AggregateRequest): Promise<AggregateResult> {
    return aggregateInMemory(new MemoryStoreView(this), request);
  }
}
/** The same store seen without aggregate(). */
class MemoryStoreView {
  constructor(readonly inner: MemoryStore) {}
  readonly name = 'view';
  write = (...a: Parameters<MemoryStore['write']>) => this.inner.write(...a);
  regionTree = () => this.inner.regionTree();
  getRegion = (c: string) => this.inner.getRegion(c);
  getEmployer = (c: string) => this.inner.getEmployer(c);
  listEmployers = (...a: Parameters<MemoryStore['listEmployers']>) =>
    this.inner.listEmployers(...a);
  getFact = (id: string) => this.inner.getFact(id);
  listFacts = (...a: Parameters<MemoryStore['listFacts']>) => this.inner.listFacts(...a);
  listDataValues = (...a: Parameters<MemoryStore['listDataValues']>) =>
    this.inner.listDataValues(...a);
  get: MemoryStore['get'] = (k, key) => this.inner.get(k, key);
  page: MemoryStore['page'] = (k, q) => this.inner.page(k, q);
  searchEmployers = (...a: Parameters<MemoryStore['searchEmployers']>) =>
    this.inner.searchEmployers(...a);
  listAudit = (...a: Parameters<MemoryStore['listAudit']>) => this.inner.listAudit(...a);
  close = async () => {};
}

describeAggregateConformance(async () => new PushdownMemoryStore(), { name: 'memory (reference)' });

describe('aggregate fixture', () => {
  it('is a valid batch', async () => {
    const store = new MemoryStore();
    const result = await store.write(aggregateFixture());
    expect(result.rejected).toEqual([]);
    expect(result.employers.inserted).toBe(40);
  });
});
