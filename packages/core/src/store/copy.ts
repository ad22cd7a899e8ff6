/**
 * @module store/copy
 * `copyStore`: move a whole store to another adapter (SQLite ↔ PostgreSQL, or into memory) over
 * the port alone — every record kind of the registry page by page, then the audit trail verbatim
 * — into an empty target that has the restore capability, in one transaction of the target.
 */
import { StoreError } from '../errors/index.js';
import { type AuditVerification, auditVerifier, verifyAuditChain } from './audit.js';
import { BATCH_KINDS, type BatchKind } from './kinds.js';
import type { Store } from './port.js';

/** What {@link copyStore} reports after each page. */
export interface CopyProgress {
  /** The kind being copied (`audit` for the audit trail, copied last). */
  readonly kind: BatchKind | 'audit';
  /** Rows of that kind copied so far. */
  readonly copied: number;
  /** Rows of every kind copied so far. */
  readonly total: number;
}

/** Options of {@link copyStore}. */
export interface CopyStoreOptions {
  /** The store read from (left unchanged). */
  readonly from: Store;
  /** The store written to: empty, with the restore capability (`Store.restore`). */
  readonly to: Store;
  /** Called after each page. */
  readonly onProgress?: (progress: CopyProgress) => void;
  /** Rows per page read from `from` (1–10000). Default 1000. */
  readonly pageSize?: number;
}

/** What {@link copyStore} copied. */
export interface CopyStoreResult {
  /** Rows copied per kind, and audit entries. */
  readonly counts: { readonly [K in BatchKind | 'audit']: number };
  /** The target's audit trail, verified after the commit. */
  readonly audit: Extract<AuditVerification, { ok: true }>;
}

/**
 * Copy every record (versions kept) and the whole audit trail (`seq`, chains and hashes kept) of
 * `from` into the empty store `to`, then verify the target's audit chains. The source's audit
 * secret is carried when both stores have one (`Store.auditSecret`, `RestoreSession.putAuditSecret`),
 * so a phone number written after the copy hashes as it did before. The source's chains
 * are checked while they are read: a source whose trail does not verify is not copied.
 * @throws StoreError when `to` lacks the restore capability, is not empty, or the source's trail
 * does not verify (nothing is written then); ValidationError for a record the target refuses.
 * @example
 * ```ts fragment
 * const result = await copyStore({ from: await openSqliteStore('occhealth.db'), to: pgStore });
 * result.counts.facts; // rows copied
 * ```
 */
export async function copyStore(options: CopyStoreOptions): Promise<CopyStoreResult> {
  const { from, to, onProgress } = options;
  const limit = options.pageSize ?? 1000;
  if (to.restore === undefined) {
    throw new StoreError(to.name, 'this store cannot be copied into (no restore capability)', {
      messageZh: '该存储不支持作为复制目标（无 restore 能力）',
    });
  }
  const session = await to.restore();
  const counts = Object.fromEntries([...BATCH_KINDS, 'audit'].map((k) => [k, 0])) as Record<
    BatchKind | 'audit',
    number
  >;
  let total = 0;
  try {
    // The source's secret goes with its trail, so personal values hashed later compare.
    if (from.auditSecret && session.putAuditSecret)
      await session.putAuditSecret(await from.auditSecret());
    for (const kind of BATCH_KINDS) {
      let after: string | undefined;
      do {
        const page = await from.page(kind, after === undefined ? { limit } : { after, limit });
        if (page.items.length > 0) await session.put(kind, page.items);
        counts[kind] += page.items.length;
        total += page.items.length;
        onProgress?.({ kind, copied: counts[kind], total });
        after = page.next;
      } while (after !== undefined);
    }
    // The source's trail is checked as it streams by (one chain head per chain in memory).
    const verifier = auditVerifier();
    let after: string | undefined;
    do {
      const page = await from.listAudit(after === undefined ? { limit } : { after, limit });
      for (const e of page.items) {
        const failure = verifier.check(e);
        if (failure && !failure.ok) {
          throw new StoreError(
            from.name,
            `the source's audit trail does not verify, nothing was copied: ${failure.message}`,
            { messageZh: `源存储的审计链校验失败，未复制任何内容：${failure.messageZh}` },
          );
        }
      }
      if (page.items.length > 0) await session.putAudit(page.items);
      counts.audit += page.items.length;
      total += page.items.length;
      onProgress?.({ kind: 'audit', copied: counts.audit, total });
      after = page.next;
    } while (after !== undefined);
    await session.commit();
  } catch (error) {
    await session.rollback().catch(() => {});
    throw error;
  }
  const audit = await verifyAuditChain(to);
  if (!audit.ok || audit.entries !== counts.audit) {
    throw new StoreError(
      to.name,
      `the copy's audit trail does not verify: ${audit.ok ? `${audit.entries} entries instead of ${counts.audit}` : audit.message}`,
      {
        messageZh: `副本的审计链校验失败：${audit.ok ? `共 ${audit.entries} 条，应为 ${counts.audit} 条` : audit.messageZh}`,
      },
    );
  }
  return { counts, audit };
}
