/**
 * @module store/restore
 * The port's optional restore capability, used by {@link copyStore}: an empty store takes records
 * and sealed audit entries exactly as another store holds them — versions, `seq`, chain positions
 * and hashes kept — in one transaction, without planning (a copied period lock must not refuse
 * the copy of its own data) and without writing audit entries of its own.
 */
import { fail, issue, StoreError, ValidationError } from '../errors/index.js';
import type { AuditEntry } from './audit.js';
import {
  assertBatchKind,
  BATCH_KINDS,
  type BatchKind,
  isBatchKind,
  RECORD_KINDS,
  type RecordOf,
} from './kinds.js';
import { emptyWriteResult, type PlannedRow, type WritePlan } from './plan.js';
import type { Stored } from './port.js';

/** A session of {@link Store.restore}: everything put commits together or not at all. */
export interface RestoreSession {
  /**
   * Insert records of one kind as they are, versions kept (regions in any order: the store
   * rebuilds its region index). Each record must pass its kind's schema.
   * @throws ValidationError naming the row for a record that does not; StoreError for a key
   * already put or a storage failure.
   */
  put<K extends BatchKind>(kind: K, records: readonly Stored<RecordOf<K>>[]): Promise<void>;
  /**
   * Append sealed audit entries verbatim, in `seq` order (after every entry put before).
   * @throws ValidationError for an entry that is not a sealed entry or breaks the `seq` order.
   */
  putAudit(entries: readonly AuditEntry[]): Promise<void>;
  /**
   * Take the source's audit secret (see `Store.auditSecret`) in place of the target's own, so
   * personal values hashed after the copy compare with the copied entries.
   * @throws ValidationError when it is not 64 hex digits.
   */
  putAuditSecret?(secret: string): Promise<void>;
  /** Commit everything put in the session and end it. */
  commit(): Promise<void>;
  /** Discard everything put in the session and end it (a no-op once ended). */
  rollback(): Promise<void>;
}

/**
 * Check an audit secret given to {@link RestoreSession.putAuditSecret}: 64 lower-case hex digits.
 * The value itself is never echoed.
 * @throws ValidationError otherwise.
 * @example checkAuditSecret('ab'.repeat(32)) // returns the secret
 */
export function checkAuditSecret(secret: unknown): string {
  if (typeof secret !== 'string' || !/^[0-9a-f]{64}$/.test(secret))
    fail(
      'auditSecret',
      '(hidden)',
      'store.audit-secret',
      'an audit secret is 64 lower-case hex digits',
      '审计密钥应为64位小写十六进制数字',
    );
  return secret as string;
}

/**
 * The error of a restore into a store that holds rows: a copy goes into an empty store only,
 * so nothing of the target is ever overwritten or interleaved with the copy.
 * @example targetNotEmpty('sqlite', 'employers').code // 'STORE_FAILED'
 */
export function targetNotEmpty(store: string, kind: BatchKind | 'audit'): StoreError {
  const label =
    kind === 'audit' ? { zh: '审计记录', en: 'audit entries' } : RECORD_KINDS[kind].label;
  return new StoreError(
    store,
    `the target store is not empty (it holds ${label.en}); copy into a new SQLite file or a new PostgreSQL schema`,
    {
      messageZh: `目标存储不为空（已有${label.zh}）；请复制到新的 SQLite 文件或新的 PostgreSQL 模式`,
    },
  );
}

/**
 * Check records given to {@link RestoreSession.put} and turn them into planned inserts:
 * `row` numbers count from `offset + 1` across the session's calls for the kind.
 * @example restoreRows('no-such-kind' as 'regions', []) // throws ValidationError
 * @throws ValidationError for a bad kind, a bad version or a record its schema refuses.
 */
export function restoreRows<K extends BatchKind>(
  kind: K,
  records: readonly unknown[],
  offset = 0,
): PlannedRow<RecordOf<K>>[] {
  assertBatchKind(kind);
  const spec = RECORD_KINDS[kind];
  return records.map((raw, i) => {
    const row = offset + i + 1;
    const { version, ...body } = (raw ?? {}) as Record<string, unknown>;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
      throw ValidationError.of(
        issue(
          `${kind}[${row}].version`,
          version,
          'restore.version',
          `${spec.label.en} row ${row}: version must be a whole number ≥ 1`,
          `${spec.label.zh}第 ${row} 行：version 须为不小于 1 的整数`,
          row,
        ),
      );
    }
    const parsed = spec.schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const field = first?.path.join('.') ?? '';
      throw ValidationError.of(
        issue(
          `${kind}[${row}]${field ? `.${field}` : ''}`,
          field ? (body as Record<string, unknown>)[String(first?.path[0])] : body,
          'restore.schema',
          `${spec.label.en} row ${row} is not a valid record: ${first?.message ?? 'invalid'}`,
          `${spec.label.zh}第 ${row} 行不是有效记录：${first?.message ?? '无效'}`,
          row,
        ),
      );
    }
    // The record as the source stored it (not the schema's output), so the copy is verbatim.
    const record = { ...body, version } as unknown as Stored<RecordOf<K>>;
    return { op: 'insert', key: spec.keyOf(parsed.data as RecordOf<K>), record };
  });
}

/**
 * A write plan holding only `rows` of `kind` as inserts, and no audit drafts.
 * @example
 * ```ts
 * const rows = restoreRows('regions', [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null, version: 1 }]);
 * const plan = restorePlan('regions', rows);
 * console.log(plan.regions.length, plan.employers.length);
 * // → 1 0
 * ```
 */
export function restorePlan<K extends BatchKind>(
  kind: K,
  rows: readonly PlannedRow<RecordOf<K>>[],
): WritePlan {
  const plan = Object.fromEntries(BATCH_KINDS.map((k) => [k, [] as unknown[]])) as Record<
    BatchKind,
    unknown[]
  >;
  plan[kind] = [...rows];
  return { ...plan, result: emptyWriteResult(), audit: [] } as unknown as WritePlan;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Check entries given to {@link RestoreSession.putAudit}: sealed entries (a `seq`, a chain
 * position, a 64-hex hash and previous hash, an actor, an instant) in increasing `seq` order after
 * `lastSeq`. Hashes and links are checked by `verifyAuditChain` once the copy is done.
 * @example checkRestoredAudit([], 41) // 41
 * @returns the `seq` of the last entry.
 * @throws ValidationError naming the first bad entry.
 */
export function checkRestoredAudit(entries: readonly unknown[], lastSeq: number): number {
  let last = lastSeq;
  entries.forEach((raw, i) => {
    const e = (raw ?? {}) as Partial<AuditEntry>;
    const where = `audit[${i + 1}]`;
    const bad = (field: string, value: unknown, en: string, zh: string): never =>
      fail(
        `${where}.${field}`,
        value,
        'restore.audit',
        `audit entry ${i + 1} (seq ${String(e.seq)}): ${en}`,
        `第 ${i + 1} 条审计记录（seq ${String(e.seq)}）：${zh}`,
      );
    if (typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || e.seq <= last) {
      bad('seq', e.seq, `seq must be a whole number after ${last}`, `seq 须为大于 ${last} 的整数`);
    }
    if (typeof e.chainSeq !== 'number' || !Number.isSafeInteger(e.chainSeq) || e.chainSeq < 1) {
      bad(
        'chainSeq',
        e.chainSeq,
        'chainSeq must be a whole number ≥ 1',
        'chainSeq 须为不小于 1 的整数',
      );
    }
    if (typeof e.chain !== 'string' || e.chain === '') {
      bad('chain', e.chain, 'chain must be a non-empty text', 'chain 须为非空文本');
    }
    if (!isBatchKind(e.kind)) bad('kind', e.kind, 'kind is not a record kind', 'kind 不是记录类型');
    if (typeof e.hash !== 'string' || !HEX64.test(e.hash)) {
      bad('hash', e.hash, 'hash must be 64 hexadecimal digits', 'hash 须为 64 位十六进制数');
    }
    if (typeof e.prevHash !== 'string' || !HEX64.test(e.prevHash)) {
      bad(
        'prevHash',
        e.prevHash,
        'prevHash must be 64 hexadecimal digits',
        'prevHash 须为 64 位十六进制数',
      );
    }
    if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at))) {
      bad('at', e.at, 'at must be an ISO 8601 instant', 'at 须为 ISO 8601 时间');
    }
    if (typeof e.actor?.id !== 'string') {
      bad('actor.id', e.actor?.id, 'actor.id must be a text', 'actor.id 须为文本');
    }
    last = e.seq as number;
  });
  return last;
}
