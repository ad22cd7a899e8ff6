/**
 * @module store/memory
 * `MemoryStore`: the reference implementation of the {@link Store} port, in plain maps.
 */
import type { DataValue } from '../data/index.js';
import type { Employer } from '../employer/index.js';
import { StoreError } from '../errors/index.js';
import type { Fact } from '../facts/index.js';
import { type Region, RegionTree } from '../region/index.js';
import {
  batchLookups,
  type ExistingRecords,
  parseBatch,
  parseWriteOptions,
  planWrite,
  type WritePlan,
} from './plan.js';
import type {
  DataValueQuery,
  EmployerQuery,
  FactQuery,
  Store,
  Stored,
  WriteBatch,
  WriteOptions,
  WriteResult,
} from './port.js';

/**
 * An in-memory store. Writes are atomic: a batch is planned in full before anything changes.
 * @example
 * const store = new MemoryStore();
 * await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 */
export class MemoryStore implements Store {
  readonly name = 'memory';
  readonly #regions = new Map<string, Stored<Region>>();
  readonly #employers = new Map<string, Stored<Employer>>();
  readonly #facts = new Map<string, Stored<Fact>>();
  readonly #dataValues = new Map<string, Stored<DataValue>>();
  #tree: RegionTree | undefined;
  #closed = false;

  async write(batch: WriteBatch, options: WriteOptions = {}): Promise<WriteResult> {
    this.#assertOpen();
    const mode = parseWriteOptions(options);
    const parsed = parseBatch(batch);
    const lookups = batchLookups(parsed);
    const existing: ExistingRecords = {
      regions: this.#regions,
      employers: pick(this.#employers, lookups.employers),
      facts: pick(this.#facts, lookups.facts),
      dataValues: pick(this.#dataValues, lookups.dataValues),
    };
    const plan = planWrite(parsed, existing, mode);
    this.#apply(plan);
    return plan.result;
  }

  #apply(plan: WritePlan): void {
    for (const r of plan.regions) this.#regions.set(r.key, r.record);
    for (const e of plan.employers) this.#employers.set(e.key, e.record);
    for (const f of plan.facts) this.#facts.set(f.key, f.record);
    for (const d of plan.dataValues) this.#dataValues.set(d.key, d.record);
    if (plan.regions.length > 0)
      this.#tree = RegionTree.build([...this.#regions.values()].map(stripVersion));
  }

  async regionTree(): Promise<RegionTree | undefined> {
    this.#assertOpen();
    return this.#tree;
  }

  async getRegion(code: string): Promise<Stored<Region> | undefined> {
    this.#assertOpen();
    return copy(this.#regions.get(code));
  }

  async getEmployer(creditCode: string): Promise<Stored<Employer> | undefined> {
    this.#assertOpen();
    return copy(this.#employers.get(creditCode));
  }

  async listEmployers(query: EmployerQuery = {}): Promise<Stored<Employer>[]> {
    this.#assertOpen();
    const within = this.#within(query.region);
    return [...this.#employers.values()]
      .filter((e) => within(e.region))
      .sort((a, b) => cmp(a.creditCode, b.creditCode))
      .map((e) => copy(e)!);
  }

  async getFact(id: string): Promise<Stored<Fact> | undefined> {
    this.#assertOpen();
    return copy(this.#facts.get(id));
  }

  async listFacts(query: FactQuery = {}): Promise<Stored<Fact>[]> {
    this.#assertOpen();
    const within = this.#within(query.region);
    const kinds = query.kinds ? new Set(query.kinds) : undefined;
    return [...this.#facts.values()]
      .filter(
        (f) =>
          within(f.region) &&
          (query.from === undefined || f.date >= query.from) &&
          (query.to === undefined || f.date <= query.to) &&
          (kinds === undefined || kinds.has(f.kind)) &&
          (query.employer === undefined || ('employer' in f && f.employer === query.employer)),
      )
      .sort((a, b) => cmp(a.date, b.date) || cmp(a.id, b.id))
      .map((f) => copy(f)!);
  }

  async listDataValues(query: DataValueQuery = {}): Promise<Stored<DataValue>[]> {
    this.#assertOpen();
    const within = this.#within(query.region);
    const periods = query.periods ? new Set(query.periods) : undefined;
    const elements = query.dataElements ? new Set(query.dataElements) : undefined;
    return (
      [...this.#dataValues.values()]
        .filter(
          (d) =>
            within(d.region) &&
            (periods === undefined || periods.has(d.period)) &&
            (elements === undefined || elements.has(d.dataElement)),
        )
        // Compare field by field: the joined key would sort `a|…` after `a.b|…` and `5301|` after `53010|`.
        .sort(
          (a, b) =>
            cmp(a.dataElement, b.dataElement) || cmp(a.region, b.region) || cmp(a.period, b.period),
        )
        .map((d) => copy(d)!)
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #within(region: string | undefined): (code: string) => boolean {
    if (region === undefined) return () => true;
    const tree = this.#tree;
    if (!tree || !tree.has(region)) return () => false;
    return (code) => tree.isWithin(code, region);
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new StoreError('memory', 'the store is closed', { messageZh: '存储已关闭' });
  }
}

function pick<T>(map: ReadonlyMap<string, T>, keys: readonly string[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const k of keys) {
    const v = map.get(k);
    if (v !== undefined) out.set(k, v);
  }
  return out;
}

function stripVersion<T extends { version: number }>(r: T): Omit<T, 'version'> {
  const { version: _v, ...rest } = r;
  return rest;
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
