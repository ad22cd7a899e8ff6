/**
 * @module store/audit
 * The audit trail every store keeps: one entry per changed row (and, for bulk imports, one entry
 * per batch of inserts), appended in the same transaction as the change. Entries are
 * append-only and hash-chained per partition (the province: the first two characters of the
 * region code), so tampering is detectable and writers in different provinces never share a chain.
 */
import type { IsoDate } from '../date/index.js';
import { ValidationError } from '../errors/index.js';
import type { Actor } from './actor.js';
import type { BatchKind } from './kinds.js';
import { RECORD_KINDS } from './kinds.js';
import type { Page, PageRequest } from './page.js';
import { hmacSha256Hex, sha256Hex } from './sha256.js';

/** The `prevHash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an audit entry records. */
export type AuditOp = 'insert' | 'update' | 'batch-insert';

/** An audit entry before the store sealed it into its chain. */
export interface AuditDraft {
  /** What the write did to the row (or, `batch-insert`, to a bulk load). */
  readonly op: AuditOp;
  /** The record kind written. */
  readonly kind: BatchKind;
  /** The row's key; null for a `batch-insert` summary. */
  readonly key: string | null;
  /** The row's region; null for a `batch-insert` summary. */
  readonly region: string | null;
  /** The chain (partition) the entry belongs to. */
  readonly chain: string;
  /** The row's version before the write; null for an insert or a batch summary. */
  readonly versionBefore: number | null;
  /** The row's version after the write; null for a batch summary. */
  readonly versionAfter: number | null;
  /** The record before (personal fields hashed); null for an insert. */
  readonly before: unknown;
  /** The record after (personal fields hashed); null for a batch summary. */
  readonly after: unknown;
  /** For a `batch-insert`: how many rows, their keys, the source file's hash when given. */
  readonly batch?: {
    readonly count: number;
    readonly keys: readonly string[];
    readonly fileHash?: string;
  };
}

/** A sealed audit entry. */
export interface AuditEntry extends AuditDraft {
  /** Position in the store's whole trail (1, 2, …; the list order). */
  readonly seq: number;
  /** Position in its chain (1, 2, …). */
  readonly chainSeq: number;
  /** When the write happened: an ISO 8601 UTC instant from the store's clock. */
  readonly at: string;
  /** Who wrote. */
  readonly actor: Actor;
  /** Hash of the chain's previous entry ({@link GENESIS_HASH} for the first). */
  readonly prevHash: string;
  /** SHA-256 of this entry's canonical JSON without `hash` (and without `seq`). */
  readonly hash: string;
}

/** The last entry of a chain, as a store keeps it. */
export interface ChainHead {
  /** Position of the chain's last entry. */
  readonly chainSeq: number;
  /** Hash of the chain's last entry (the next entry's `prevHash`). */
  readonly hash: string;
}

/** Filter of `Store.listAudit`. */
export interface AuditQuery extends PageRequest {
  /** Only entries of rows in this region's subtree (batch summaries carry no region). */
  readonly region?: string;
  /** Only entries of rows of this kind. */
  readonly kind?: BatchKind;
  /** Only entries of this row key. */
  readonly key?: string;
  /** Only entries written by this actor id. */
  readonly actor?: string;
  /** Only entries written on or after this day (China time). */
  readonly from?: IsoDate;
  /** Only entries written on or before this day (China time). */
  readonly to?: IsoDate;
}

/** The audit part of the store port. */
export interface AuditReader {
  /** Audit entries in `seq` order, one page at a time. */
  listAudit(query?: AuditQuery): Promise<Page<AuditEntry>>;
}

/**
 * The chain (partition key) of a region: its province prefix, the code's first two characters.
 * @example auditChainOf('530102') // '53'
 */
export function auditChainOf(region: string): string {
  return region.slice(0, 2);
}

/**
 * The audit form of one personal value: `hmac-sha256:<hex>`, the HMAC-SHA-256 of the value under
 * the store's audit secret (see {@link Store.auditSecret}) — an 11-digit phone number cannot be
 * recovered by hashing every candidate without the secret; without a secret, the unkeyed
 * `sha256:<hex>` of earlier releases (kept for pure use: every store passes its secret).
 * @example personalAuditValue('13800000000', '4a656665').startsWith('hmac-sha256:') // true
 */
export function personalAuditValue(value: unknown, secret?: string): string {
  return secret === undefined
    ? `sha256:${sha256Hex(String(value))}`
    : `hmac-sha256:${hmacSha256Hex(secret, String(value))}`;
}

/**
 * A record as it goes into the audit trail: personal fields replaced by
 * {@link personalAuditValue} (keyed by `secret`, the store's audit secret), the store's `version`
 * dropped.
 * @example auditedRecord('regions', { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null, version: 3 }) // { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }
 */
export function auditedRecord(kind: BatchKind, record: unknown, secret?: string): unknown {
  if (record === null || record === undefined) return null;
  const { version: _v, ...body } = record as Record<string, unknown>;
  for (const field of RECORD_KINDS[kind].personal) {
    const value = body[field];
    if (value !== undefined && value !== null) body[field] = personalAuditValue(value, secret);
  }
  return body;
}

/** Canonical JSON (sorted keys). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
          a < b ? -1 : a > b ? 1 : 0,
        ),
      );
    }
    return v;
  });
}

/**
 * The hash of an entry (everything but `hash` and the store-wide `seq`): SHA-256 of its JSON with
 * sorted keys, so the order of a record's fields does not matter.
 * @example
 * ```ts
 * const [entry] = sealAudit(
 *   [{ op: 'insert', kind: 'regions', key: '530000', region: '530000', chain: '53', versionBefore: null, versionAfter: 1, before: null, after: { code: '530000' } }],
 *   { actor: SYSTEM_ACTOR, at: '2025-03-01T00:00:00.000Z' },
 *   new Map(),
 *   1,
 * );
 * const { hash, seq, ...body } = entry!;
 * console.log(auditHash(body) === hash, hash === sha256Hex(canonicalJson(body)));
 * // → true true
 * ```
 */
export function auditHash(entry: Omit<AuditEntry, 'hash' | 'seq'>): string {
  return sha256Hex(canonical(entry));
}

/**
 * Seal drafts into their chains: number them, stamp time and actor, link each to the previous
 * entry of its chain. `heads` is updated in place; `nextSeq` is the store-wide position of the
 * first entry.
 * @example
 * ```ts
 * const draft = { op: 'insert', kind: 'regions', key: '530000', region: '530000', chain: '53', versionBefore: null, versionAfter: 1, before: null, after: { code: '530000' } } as const;
 * const heads = new Map<string, ChainHead>();
 * const entries = sealAudit([draft, { ...draft, key: '530100', region: '530100' }], { actor: SYSTEM_ACTOR, at: '2025-03-01T00:00:00.000Z' }, heads, 1);
 * console.log(entries.map((e) => e.chainSeq).join(), entries[0]!.prevHash === GENESIS_HASH, entries[1]!.prevHash === entries[0]!.hash);
 * // → 1,2 true true
 * console.log(verifyAuditEntries(entries).ok);
 * // → true
 * ```
 */
export function sealAudit(
  drafts: readonly AuditDraft[],
  context: { readonly actor: Actor; readonly at: string },
  heads: Map<string, ChainHead>,
  nextSeq: number,
): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const draft of drafts) {
    const head = heads.get(draft.chain);
    const body: Omit<AuditEntry, 'hash' | 'seq'> = {
      ...draft,
      chainSeq: (head?.chainSeq ?? 0) + 1,
      at: context.at,
      actor: { ...context.actor },
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const hash = auditHash(body);
    heads.set(draft.chain, { chainSeq: body.chainSeq, hash });
    out.push({ ...body, seq: nextSeq + out.length, hash });
  }
  return out;
}

/** The outcome of {@link verifyAuditChain}. */
export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly chains: number }
  | {
      readonly ok: false;
      readonly entries: number;
      /** The first entry that does not verify. */
      readonly seq: number;
      readonly chain: string;
      readonly reason: 'hash' | 'link' | 'order';
      readonly message: string;
      readonly messageZh: string;
    };

/**
 * A verifier fed entries in `seq` order, one at a time (constant memory per chain).
 * @internal
 */
export function auditVerifier() {
  const heads = new Map<string, ChainHead>();
  let count = 0;
  return {
    /** Check one entry; the failure, or undefined when it verifies. */
    check(e: AuditEntry): AuditVerification | undefined {
      count++;
      const { hash, seq, ...body } = e;
      const head = heads.get(e.chain);
      const failed = (reason: 'hash' | 'link' | 'order', en: string, zh: string) =>
        ({
          ok: false,
          entries: count,
          seq,
          chain: e.chain,
          reason,
          message: `audit entry ${seq} (chain ${e.chain}) ${en}`,
          messageZh: `审计记录 ${seq}（链 ${e.chain}）${zh}`,
        }) as const;
      if (e.chainSeq !== (head?.chainSeq ?? 0) + 1) {
        return failed('order', 'is out of order or follows a gap', '顺序错误或前有缺失');
      }
      if (e.prevHash !== (head?.hash ?? GENESIS_HASH)) {
        return failed(
          'link',
          'does not link to the previous entry',
          '未指向上一条记录（链被篡改或删改）',
        );
      }
      if (auditHash(body) !== hash) {
        return failed('hash', 'was changed after it was written', '写入后被修改');
      }
      heads.set(e.chain, { chainSeq: e.chainSeq, hash });
      return undefined;
    },
    done(): AuditVerification {
      return { ok: true, entries: count, chains: heads.size };
    },
  };
}

/**
 * Check entries (in `seq` order) against their hashes and links: every entry's hash is its
 * content's hash, every entry points at the previous entry of its chain, chain positions count
 * 1, 2, … without gaps.
 * @internal
 */
export function verifyAuditEntries(entries: Iterable<AuditEntry>): AuditVerification {
  const verifier = auditVerifier();
  for (const e of entries) {
    const failure = verifier.check(e);
    if (failure) return failure;
  }
  return verifier.done();
}

/**
 * Read a store's whole audit trail page by page and verify every chain (memory: one head per chain).
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write(buildStoreFixture().batch);
 * console.log((await verifyAuditChain(store)).ok);
 * // → true
 * ```
 */
export async function verifyAuditChain(store: AuditReader): Promise<AuditVerification> {
  const verifier = auditVerifier();
  let after: string | undefined;
  do {
    const page = await store.listAudit(
      after === undefined ? { limit: 1000 } : { after, limit: 1000 },
    );
    for (const e of page.items) {
      const failure = verifier.check(e);
      if (failure) return failure;
    }
    after = page.next;
  } while (after !== undefined);
  return verifier.done();
}

/** Validate the audit options of a write. */
export function checkFileHash(fileHash: unknown): void {
  if (
    fileHash !== undefined &&
    (typeof fileHash !== 'string' || !/^[0-9a-f]{64}$/.test(fileHash))
  ) {
    throw ValidationError.of({
      path: 'options.audit.fileHash',
      value: fileHash,
      rule: 'audit.file-hash',
      message: 'fileHash must be 64 lower-case hex digits (SHA-256)',
      messageZh: 'fileHash 须为 64 位小写十六进制（SHA-256）',
    });
  }
}
