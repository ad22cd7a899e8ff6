/**
 * @module store/memory
 * `MemoryStore`: the reference implementation of the {@link Store} port, in plain maps, driven by
 * the registry of record kinds.
 */
import type { DataValue } from '../data/index.js';
import { todayInChina } from '../date/index.js';
import type { Employer } from '../employer/index.js';
import { fail, StoreError } from '../errors/index.js';
import type { Fact } from '../facts/index.js';
import { type Region, RegionTree } from '../region/index.js';
import { type AuditEntry, type AuditQuery, type ChainHead, sealAudit } from './audit.js';
import {
  checkHeldIdempotencyClaim,
  checkIdempotencyClaimRequest,
  checkIdempotencyRecord,
  claimExpiry,
  type HeldIdempotencyClaim,
  type IdempotencyRecord,
  type IdempotencyStore,
  newIdempotencyClaimToken,
} from './idempotency.js';
import {
  assertBatchKind,
  BATCH_KINDS,
  type BatchKind,
  RECORD_KINDS,
  type RecordOf,
} from './kinds.js';
import { type Page, pageOf } from './page.js';
import {
  batchLookups,
  type ExistingRecords,
  parseBatch,
  parseWriteContext,
  planWrite,
  type WritePlan,
} from './plan.js';
import type {
  BulkSession,
  DataValueQuery,
  EmployerQuery,
  EmployerSearch,
  FactQuery,
  RecordQuery,
  Store,
  StoreClockOptions,
  Stored,
  WriteBatch,
  WriteOptions,
  WriteResult,
} from './port.js';
import {
  checkAuditSecret,
  checkRestoredAudit,
  type RestoreSession,
  restoreRows,
  targetNotEmpty,
} from './restore.js';
import { newAuditSecret } from './sha256.js';

type AnyStored = Stored<Record<string, unknown>>;
type Undo = () => void;

/**
 * An in-memory store. Writes are atomic: a batch is planned in full before anything changes.
 * @example
 * const store = new MemoryStore();
 * await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 */
export class MemoryStore implements Store {
  readonly name = 'memory';
  readonly #records = Object.fromEntries(
    BATCH_KINDS.map((k) => [k, new Map<string, AnyStored>()]),
  ) as Record<BatchKind, Map<string, AnyStored>>;
  readonly #audit: AuditEntry[] = [];
  readonly #heads = new Map<string, ChainHead>();
  readonly #now: () => Date;
  readonly #kept = new Map<string, IdempotencyRecord>();
  readonly #claims = new Map<string, HeldIdempotencyClaim>();
  #tree: RegionTree | undefined;
  #closed = false;
  #busy: Promise<void> = Promise.resolve();
  /** The audit secret, generated with the store (see `Store.auditSecret`). */
  #auditSecret = newAuditSecret();

  /** @param options the clock (default: the machine's). */
  constructor(options: StoreClockOptions = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  /** The store's audit secret (see `Store.auditSecret`): read by `copyStore` only. */
  async auditSecret(): Promise<string> {
    await this.#idle();
    this.#assertOpen();
    return this.#auditSecret;
  }

  /** Idempotency records, kept in memory until they expire by the store's clock. */
  readonly idempotency: IdempotencyStore = {
    get: async (principal, key) => {
      this.#assertOpen();
      const found = this.#kept.get(JSON.stringify([principal, key]));
      return found && Date.parse(found.expiresAt) > this.#now().getTime()
        ? { ...found }
        : undefined;
    },
    put: async (record) => {
      this.#assertOpen();
      const checked = checkIdempotencyRecord(record);
      const now = this.#now().getTime();
      for (const [k, r] of this.#kept) if (Date.parse(r.expiresAt) <= now) this.#kept.delete(k);
      const id = JSON.stringify([checked.principal, checked.key]);
      const live = this.#kept.get(id);
      if (live) return { ...live };
      this.#kept.set(id, checked);
      return { ...checked };
    },
    // One synchronous step each (no await between the reads and the writes), so a claim is
    // atomic with respect to every other call on this store.
    claim: async (request) => {
      this.#assertOpen();
      const r = checkIdempotencyClaimRequest(request);
      const now = this.#now();
      const id = JSON.stringify([r.principal, r.key]);
      const kept = this.#kept.get(id);
      if (kept && Date.parse(kept.expiresAt) > now.getTime()) {
        return { outcome: 'done', record: { ...kept } };
      }
      for (const [k, c] of this.#claims) {
        if (Date.parse(c.claimExpiresAt) <= now.getTime()) this.#claims.delete(k);
      }
      const held = this.#claims.get(id);
      if (held) {
        const { token: _hidden, ...claim } = held;
        return { outcome: 'pending', claim };
      }
      const claim: HeldIdempotencyClaim = {
        principal: r.principal,
        key: r.key,
        requestHash: r.requestHash,
        claimedAt: now.toISOString(),
        claimExpiresAt: claimExpiry(now, r.claimMs),
        token: newIdempotencyClaimToken(),
      };
      this.#claims.set(id, claim);
      return { outcome: 'claimed', claim: { ...claim } };
    },
    complete: async (claim, response) => {
      this.#assertOpen();
      const c = checkHeldIdempotencyClaim(claim);
      const record = checkIdempotencyRecord({
        principal: c.principal,
        key: c.key,
        requestHash: c.requestHash,
        status: response?.status,
        contentType: response?.contentType,
        body: response?.body,
        expiresAt: response?.expiresAt,
      });
      const id = JSON.stringify([c.principal, c.key]);
      if (this.#claims.get(id)?.token === c.token) this.#claims.delete(id);
      return this.idempotency.put(record);
    },
    release: async (claim) => {
      this.#assertOpen();
      const c = checkHeldIdempotencyClaim(claim);
      const id = JSON.stringify([c.principal, c.key]);
      if (this.#claims.get(id)?.token !== c.token) return false;
      this.#claims.delete(id);
      return true;
    },
  };

  async write(batch: WriteBatch, options: WriteOptions = {}): Promise<WriteResult> {
    await this.#idle();
    this.#assertOpen();
    return this.#writeNow(batch, options, []);
  }

  #writeNow(batch: WriteBatch, options: WriteOptions, undo: Undo[]): WriteResult {
    const context = parseWriteContext(options);
    const parsed = parseBatch(batch);
    const lookups = batchLookups(parsed);
    const existing = {} as Record<BatchKind, Map<string, AnyStored>>;
    for (const kind of BATCH_KINDS) existing[kind] = pick(this.#records[kind], lookups[kind]);
    existing.regions = this.#records.regions;
    const scopes = new Set(lookups.reportScopes.map((s) => `${s.region}|${s.period}`));
    for (const kind of ['submissions', 'lockExceptions'] as const) {
      for (const [key, r] of this.#records[kind]) {
        if (scopes.has(`${r.region}|${r.period}`)) existing[kind].set(key, r);
      }
    }
    for (const c of lookups.childScopes) {
      for (const [key, r] of this.#records.submissions) {
        if (
          r.obligationId === c.obligationId &&
          r.period === c.period &&
          this.#records.regions.get(r.region as string)?.parent === c.parent
        ) {
          existing.submissions.set(key, r);
        }
      }
    }
    const now = this.#now();
    const plan = planWrite(parsed, existing as unknown as ExistingRecords, context.mode, {
      today: todayInChina(now),
      actor: context.actor,
      audit: context.audit,
      auditSecret: this.#auditSecret,
    });
    this.#apply(plan, now, context.actor, undo);
    return plan.result;
  }

  #apply(plan: WritePlan, now: Date, actor: WriteOptions['actor'] & object, undo: Undo[]): void {
    for (const kind of BATCH_KINDS) {
      const map = this.#records[kind];
      for (const row of plan[kind]) {
        const previous = map.get(row.key);
        map.set(row.key, row.record as unknown as AnyStored);
        undo.push(() => (previous ? map.set(row.key, previous) : map.delete(row.key)));
      }
    }
    const heads = new Map(this.#heads);
    const entries = sealAudit(
      plan.audit,
      { actor, at: now.toISOString() },
      this.#heads,
      this.#audit.length + 1,
    );
    this.#audit.push(...entries);
    undo.push(() => {
      this.#audit.splice(this.#audit.length - entries.length, entries.length);
      this.#heads.clear();
      for (const [k, v] of heads) this.#heads.set(k, v);
    });
    if (plan.regions.length > 0) {
      this.#tree = this.#buildTree();
      undo.push(() => {
        this.#tree = this.#buildTree();
      });
    }
  }

  #buildTree(): RegionTree | undefined {
    const regions = [...this.#records.regions.values()].map(stripVersion) as Region[];
    return regions.length === 0 ? undefined : RegionTree.build(regions);
  }

  /**
   * The port's bulk capability: batches written in one session commit together or are undone
   * together. Other calls wait until the session ends.
   */
  async bulk(): Promise<BulkSession> {
    await this.#idle();
    this.#assertOpen();
    let release!: () => void;
    this.#busy = new Promise<void>((resolve) => {
      release = resolve;
    });
    const undo: Undo[] = [];
    const claimed = new Map<string, number>();
    let open = true;
    const live = () => {
      if (!open)
        throw new StoreError('memory', 'the bulk session has ended', {
          messageZh: '批量导入会话已结束',
        });
      this.#assertOpen();
    };
    const end = () => {
      open = false;
      release();
    };
    return {
      write: async (batch, options = {}) => {
        live();
        return this.#writeNow(batch, options, undo);
      },
      claimKeys: async (kind, keys) => {
        live();
        const seen = new Map<string, number>();
        for (const { key, tag } of keys) {
          const id = `${kind}\u0000${key}`;
          const first = claimed.get(id);
          if (first === undefined) claimed.set(id, tag);
          else seen.set(key, first);
        }
        return seen;
      },
      commit: async () => {
        if (open) end();
      },
      rollback: async () => {
        if (!open) return;
        for (const u of undo.reverse()) u();
        end();
      },
    };
  }

  /**
   * The port's restore capability (see `copyStore`): records and sealed audit entries are staged
   * and go in together on commit. Other calls wait until the session ends.
   */
  async restore(): Promise<RestoreSession> {
    await this.#idle();
    this.#assertOpen();
    for (const kind of BATCH_KINDS) {
      if (this.#records[kind].size > 0) throw targetNotEmpty(this.name, kind);
    }
    if (this.#audit.length > 0) throw targetNotEmpty(this.name, 'audit');
    let release!: () => void;
    this.#busy = new Promise<void>((resolve) => {
      release = resolve;
    });
    const staged = Object.fromEntries(
      BATCH_KINDS.map((k) => [k, new Map<string, AnyStored>()]),
    ) as Record<BatchKind, Map<string, AnyStored>>;
    const audit: AuditEntry[] = [];
    let secret: string | undefined;
    let lastSeq = 0;
    let open = true;
    const live = () => {
      if (!open)
        throw new StoreError('memory', 'the restore session has ended', {
          messageZh: '恢复会话已结束',
        });
      this.#assertOpen();
    };
    return {
      put: async (kind, records) => {
        live();
        const map = staged[kind];
        for (const row of restoreRows(kind, records, map.size)) {
          if (map.has(row.key)) throw duplicateKey(this.name, kind, row.key);
          map.set(row.key, copy(row.record as unknown as AnyStored)!);
        }
      },
      putAudit: async (entries) => {
        live();
        lastSeq = checkRestoredAudit(entries, lastSeq);
        for (const e of entries) audit.push(structuredClone(e));
      },
      putAuditSecret: async (value) => {
        live();
        secret = checkAuditSecret(value);
      },
      commit: async () => {
        if (!open) return;
        open = false;
        if (secret !== undefined) this.#auditSecret = secret;
        for (const kind of BATCH_KINDS) {
          for (const [key, r] of staged[kind]) this.#records[kind].set(key, r);
        }
        this.#audit.push(...audit);
        for (const e of audit) this.#heads.set(e.chain, { chainSeq: e.chainSeq, hash: e.hash });
        this.#tree = this.#buildTree();
        release();
      },
      rollback: async () => {
        if (!open) return;
        open = false;
        release();
      },
    };
  }

  async regionTree(): Promise<RegionTree | undefined> {
    await this.#idle();
    this.#assertOpen();
    return this.#tree;
  }

  async getRegion(code: string): Promise<Stored<Region> | undefined> {
    return this.get('regions', code);
  }

  async getEmployer(creditCode: string): Promise<Stored<Employer> | undefined> {
    return this.get('employers', creditCode);
  }

  async get<K extends BatchKind>(kind: K, key: string): Promise<Stored<RecordOf<K>> | undefined> {
    await this.#idle();
    this.#assertOpen();
    assertBatchKind(kind);
    return copy(this.#records[kind].get(key)) as unknown as Stored<RecordOf<K>> | undefined;
  }

  async listEmployers(query: EmployerQuery = {}): Promise<Stored<Employer>[]> {
    await this.#idle();
    this.#assertOpen();
    const within = this.#within(query.region);
    return (this.#values('employers') as Stored<Employer>[])
      .filter((e) => within(e.region))
      .sort((a, b) => cmp(a.creditCode, b.creditCode))
      .map((e) => copy(e)!);
  }

  async searchEmployers(query: EmployerSearch = {}): Promise<Page<Stored<Employer>>> {
    const all = await this.listEmployers(
      query.region === undefined ? {} : { region: query.region },
    );
    const items = all.filter(
      (e) =>
        (query.name === undefined || e.name.includes(query.name)) &&
        (query.creditCodePrefix === undefined || e.creditCode.startsWith(query.creditCodePrefix)) &&
        (query.industry === undefined || (e.industry ?? '').startsWith(query.industry)) &&
        (query.hazardLevel === undefined || e.hazardLevel === query.hazardLevel),
    );
    return pageOf(items, (e) => [e.creditCode], query, 1);
  }

  async getFact(id: string): Promise<Stored<Fact> | undefined> {
    return this.get('facts', id);
  }

  async listFacts(query: FactQuery = {}): Promise<Stored<Fact>[]> {
    await this.#idle();
    this.#assertOpen();
    const within = this.#within(query.region);
    const kinds = query.kinds ? new Set(query.kinds) : undefined;
    return (this.#values('facts') as Stored<Fact>[])
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
    await this.#idle();
    this.#assertOpen();
    const within = this.#within(query.region);
    const periods = query.periods ? new Set(query.periods) : undefined;
    const elements = query.dataElements ? new Set(query.dataElements) : undefined;
    return (
      (this.#values('dataValues') as Stored<DataValue>[])
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

  async page<K extends BatchKind>(
    kind: K,
    query: RecordQuery = {},
  ): Promise<Page<Stored<RecordOf<K>>>> {
    await this.#idle();
    this.#assertOpen();
    assertBatchKind(kind);
    const spec = RECORD_KINDS[kind];
    const where = Object.entries(query.where ?? {});
    const columns = where.map(([column, value]) => {
      const c = spec.columns.find((x) => x.column === column);
      if (!c) {
        fail(
          `where.${column}`,
          value,
          'page.where-column',
          `${kind} has no indexed column ${column} (columns: ${spec.columns.map((x) => x.column).join(', ')})`,
          `${spec.label.zh}没有可筛选的列 ${column}（可用：${spec.columns.map((x) => x.column).join('、')}）`,
        );
      }
      return { get: c.value as (r: unknown) => unknown, value };
    });
    const within = this.#within(query.region);
    const tupleOf = (r: AnyStored) => [
      ...(spec.sortOf as (x: unknown) => readonly string[])(r),
      (spec.keyOf as (x: unknown) => string)(r),
    ];
    const items = [...this.#records[kind].values()]
      .filter(
        (r) =>
          within((spec.regionOf as (x: unknown) => string)(r)) &&
          columns.every((c) => String(c.get(r)) === c.value),
      )
      .sort((a, b) => {
        const x = tupleOf(a);
        const y = tupleOf(b);
        for (let i = 0; i < x.length; i++) {
          const d = cmp(x[i]!, y[i]!);
          if (d !== 0) return d;
        }
        return 0;
      });
    const page = pageOf(items, tupleOf, query, spec.sortColumns.length + 1);
    return {
      ...page,
      items: page.items.map((r) => copy(r) as unknown as Stored<RecordOf<K>>),
    };
  }

  /** The last audit entry's `seq` (see {@link Store.changeMarker}). */
  async changeMarker(): Promise<string> {
    await this.#idle();
    this.#assertOpen();
    return String(this.#audit.at(-1)?.seq ?? 0);
  }

  async listAudit(query: AuditQuery = {}): Promise<Page<AuditEntry>> {
    await this.#idle();
    this.#assertOpen();
    if (query.kind !== undefined) assertBatchKind(query.kind);
    const within = this.#within(query.region);
    const items = this.#audit.filter((e) => {
      const day =
        query.from !== undefined || query.to !== undefined ? todayInChina(new Date(e.at)) : '';
      return (
        (query.region === undefined || (e.region !== null && within(e.region))) &&
        (query.kind === undefined || e.kind === query.kind) &&
        (query.key === undefined || e.key === query.key) &&
        (query.actor === undefined || e.actor.id === query.actor) &&
        (query.from === undefined || day >= query.from) &&
        (query.to === undefined || day <= query.to)
      );
    });
    const page = pageOf(items, (e) => [e.seq], query, 1);
    return { ...page, items: page.items.map((e) => structuredClone(e)) };
  }

  async close(): Promise<void> {
    await this.#idle();
    this.#closed = true;
  }

  #values(kind: BatchKind): AnyStored[] {
    return [...this.#records[kind].values()];
  }

  /** Wait until no bulk session holds the store. */
  async #idle(): Promise<void> {
    for (;;) {
      const busy = this.#busy;
      await busy;
      if (busy === this.#busy) return;
    }
  }

  #within(region: string | undefined): (code: string) => boolean {
    if (region === undefined) return () => true;
    const tree = this.#tree;
    if (!tree || !tree.has(region)) return () => false;
    return (code) => tree.has(code) && tree.isWithin(code, region);
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

/** A key put twice into one restore session. */
function duplicateKey(store: string, kind: BatchKind, key: string): StoreError {
  const label = RECORD_KINDS[kind].label;
  return new StoreError(store, `${label.en} ${key} was put twice into one restore`, {
    messageZh: `${label.zh} ${key} 在一次恢复中出现两次`,
  });
}
