/**
 * @module store/plan
 * The write planner every adapter uses: it validates a batch (schemas, duplicate keys, references,
 * the region tree, versions, period locks, roles) against the records already stored, says what
 * to insert, update or leave alone, and drafts the audit entries of the change. Pure and
 * synchronous, so an adapter can call it inside its own transaction. Driven by the registry of
 * record kinds (`store/kinds`).
 */

import { z } from 'zod';
import { isLocked, type LockException } from '../calendar/submission.js';
import { historyProblem, lockedElements, type SubmissionRecord } from '../calendar/workflow.js';
import { type IsoDate, todayInChina } from '../date/index.js';
import {
  ConflictError,
  ForbiddenError,
  fromZodIssues,
  PeriodLockedError,
  parseWith,
  ValidationError,
  type ValidationIssue,
} from '../errors/index.js';
import { type Region, RegionTree } from '../region/index.js';
import { redactIssue } from './access.js';
import { type Actor, actorSchema, SYSTEM_ACTOR } from './actor.js';
import { type AuditDraft, auditChainOf, auditedRecord, checkFileHash } from './audit.js';
import {
  BATCH_KINDS,
  type BatchKind,
  RECORD_KINDS,
  REFERENCE_NOUNS,
  type RecordOf,
  type ReferencedKind,
} from './kinds.js';
import type {
  KindCounts,
  Stored,
  WriteAuditOptions,
  WriteBatch,
  WriteMode,
  WriteResult,
} from './port.js';

/** One parsed row of a batch. */
export interface ParsedRow<T> {
  /** The row after its schema (defaults filled in). */
  readonly record: T;
  /** The row's key in its kind (`RECORD_KINDS[kind].keyOf`). */
  readonly key: string;
  /** 1-based position of the row in its kind's array. */
  readonly row: number;
  /** The version the writer expects to replace (optimistic concurrency); 0: must not exist yet. */
  readonly expectedVersion?: number;
}

/** A batch whose rows passed their schemas; `issues` holds the rows that did not. */
export type ParsedBatch = { readonly [K in BatchKind]: ParsedRow<RecordOf<K>>[] } & {
  readonly issues: ValidationIssue[];
};

/** A (region, period) whose reports and lock exceptions decide on locks. */
export interface ReportScope {
  /** The region whose reports decide. */
  readonly region: string;
  /** The period whose reports decide. */
  readonly period: string;
}

/** The reports of every child region of `parent` for one obligation and period. */
export interface ChildScope {
  /** The obligation of the reports. */
  readonly obligationId: string;
  /** The region whose children's reports are needed. */
  readonly parent: string;
  /** The period of the reports. */
  readonly period: string;
}

/** The keys an adapter must look up before {@link planWrite}. */
export type BatchLookups = { readonly [K in BatchKind]: string[] } & {
  /** True when the batch writes regions: pass every stored region so the tree can be checked. */
  readonly needsAllRegions: boolean;
  /** Pass (in `submissions` and `lockExceptions`) every stored report and exception of these. */
  readonly reportScopes: ReportScope[];
  /** Pass (in `submissions`) every stored report of these child regions. */
  readonly childScopes: ChildScope[];
};

/**
 * Records already stored, as the adapter found them for {@link BatchLookups}: at least the
 * looked-up keys of each kind (every region when `needsAllRegions`), and the reports and lock
 * exceptions of the report and child scopes.
 */
export type ExistingRecords = {
  readonly [K in BatchKind]: ReadonlyMap<string, Stored<RecordOf<K>>>;
};

/** A row the adapter must write. */
export interface PlannedRow<T> {
  /** Insert a new row or replace the stored one. */
  readonly op: 'insert' | 'update';
  /** The row's key in its kind. */
  readonly key: string;
  /** The record to store, with its new version. */
  readonly record: Stored<T>;
}

/** What to write. Rows are in dependency order (parents before children for regions). */
export type WritePlan = { readonly [K in BatchKind]: PlannedRow<RecordOf<K>>[] } & {
  /** The result to return once the plan is applied. */
  readonly result: WriteResult;
  /** Audit entries to append in the same transaction (see `sealAudit`). */
  readonly audit: AuditDraft[];
};

/** What the planner knows about the write besides the rows. */
export interface PlanContext {
  /** Today in China, for expiry and lock exceptions. Default: today from the machine's clock. */
  readonly today?: IsoDate;
  /** Who writes. Default {@link SYSTEM_ACTOR}. */
  readonly actor?: Actor;
  /** Audit options of the write. */
  readonly audit?: WriteAuditOptions;
  /**
   * The store's audit secret (hex): personal fields go into audit entries as its HMAC
   * (`personalAuditValue`). Never logged.
   */
  readonly auditSecret?: string;
}

/**
 * A counts record with zeros for every kind.
 * @example emptyWriteResult().employers // { inserted: 0, updated: 0, unchanged: 0 }
 */
export function emptyWriteResult(): WriteResult {
  const out: Record<string, unknown> = { rejected: [] };
  for (const kind of BATCH_KINDS) out[kind] = { inserted: 0, updated: 0, unchanged: 0 };
  return out as WriteResult;
}

function splitExpectedVersion(raw: unknown): {
  body: unknown;
  expectedVersion?: number;
  bad?: unknown;
} {
  if (raw === null || typeof raw !== 'object' || !('expectedVersion' in raw)) return { body: raw };
  const { expectedVersion, ...body } = raw as Record<string, unknown>;
  if (
    typeof expectedVersion !== 'number' ||
    !Number.isInteger(expectedVersion) ||
    expectedVersion < 0
  ) {
    return { body, bad: expectedVersion };
  }
  return { body, expectedVersion };
}

const writeOptionsSchema = z
  .object({
    mode: z.enum(['all-or-nothing', 'valid-rows']).optional(),
    actor: actorSchema.optional(),
    audit: z
      .object({
        inserts: z.enum(['per-row', 'per-batch']).optional(),
        fileHash: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Write options after validation, with their defaults. */
export interface ParsedWriteOptions {
  /** `all-or-nothing` (default) or `valid-rows`. */
  readonly mode: WriteMode;
  /** Who writes (default {@link SYSTEM_ACTOR}). */
  readonly actor: Actor;
  /** The write's audit options (empty by default). */
  readonly audit: WriteAuditOptions;
}

/**
 * Validate the options of `store.write` (unknown options, modes such as `'yolo'`, a bad actor
 * are refused) and return them with their defaults: `all-or-nothing`, the `system` actor.
 * @throws ValidationError naming the option.
 * @example parseWriteContext({ mode: 'valid-rows' }).actor.id // 'system'
 */
export function parseWriteContext(options: unknown): ParsedWriteOptions {
  const parsed = parseWith(writeOptionsSchema, options === undefined ? {} : options, {
    prefix: 'options',
  });
  checkFileHash(parsed.audit?.fileHash);
  const actor: Actor = parsed.actor
    ? {
        id: parsed.actor.id,
        role: parsed.actor.role,
        region: parsed.actor.region,
        ...(parsed.actor.requestId === undefined ? {} : { requestId: parsed.actor.requestId }),
      }
    : SYSTEM_ACTOR;
  return {
    mode: parsed.mode ?? 'all-or-nothing',
    actor,
    audit: {
      ...(parsed.audit?.inserts ? { inserts: parsed.audit.inserts } : {}),
      ...(parsed.audit?.fileHash ? { fileHash: parsed.audit.fileHash } : {}),
    },
  };
}

/**
 * Validate the options of `store.write` and return the write mode, `all-or-nothing` by default.
 * @throws ValidationError naming the option.
 * @example parseWriteOptions({ mode: 'valid-rows' }) // 'valid-rows'
 */
export function parseWriteOptions(options: unknown): WriteMode {
  return parseWriteContext(options).mode;
}

const KIND_LIST = BATCH_KINDS.join(', ');
const KIND_LIST_ZH = BATCH_KINDS.join('、');

/**
 * Parse every row of a batch with the registry's schemas and find duplicate keys inside the
 * batch. Never throws for bad rows: they are returned in `issues`.
 * @example
 * ```ts
 * // rows as read from a file: the second one's level is not a region level
 * const regions = JSON.parse(`[
 *   { "code": "530000", "name": { "zh": "云南省" }, "level": "province", "parent": null },
 *   { "code": "530100", "name": { "zh": "昆明市" }, "level": "city", "parent": "530000" }
 * ]`);
 * const parsed = parseBatch({ regions });
 * console.log(parsed.regions.map((r) => `${r.row}:${r.key}`).join(), parsed.issues.length);
 * // → 1:530000 1
 * ```
 */
export function parseBatch(batch: WriteBatch): ParsedBatch {
  if (batch === null || typeof batch !== 'object' || Array.isArray(batch)) {
    throw ValidationError.of({
      path: '(root)',
      value: batch,
      rule: 'batch.object',
      message: `a batch must be an object with arrays of ${KIND_LIST}`,
      messageZh: `写入批次必须是含 ${KIND_LIST_ZH} 数组的对象`,
    });
  }
  const unknown = Object.keys(batch).filter((k) => !(BATCH_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((k) => ({
        path: k || '""',
        value: (batch as Record<string, unknown>)[k],
        rule: 'batch.unknown-kind',
        message: `unknown record kind ${k} (expected one of ${KIND_LIST})`,
        messageZh: `未知的记录类型 ${k}（应为 ${KIND_LIST_ZH} 之一）`,
      })),
    );
  }
  const issues: ValidationIssue[] = [];
  const out = Object.fromEntries(BATCH_KINDS.map((k) => [k, []])) as unknown as {
    [K in BatchKind]: ParsedRow<RecordOf<K>>[];
  };
  for (const kind of BATCH_KINDS) {
    const spec = RECORD_KINDS[kind];
    const rows = batch[kind] ?? [];
    // Issues never echo a personal value (store/access).
    const pushIssue = (...found: ValidationIssue[]) =>
      issues.push(...found.map((i) => redactIssue(kind, i)));
    if (!Array.isArray(rows)) {
      pushIssue({
        path: kind,
        value: rows,
        rule: 'batch.array',
        message: `${kind} must be an array`,
        messageZh: `${kind} 必须是数组`,
      });
      continue;
    }
    const seen = new Map<string, number>();
    rows.forEach((raw, i) => {
      const row = i + 1;
      const { body, expectedVersion, bad } = splitExpectedVersion(raw);
      if (bad !== undefined) {
        pushIssue({
          path: `${kind}.expectedVersion`,
          value: bad,
          rule: 'version.format',
          message: 'expectedVersion must be a non-negative integer',
          messageZh: 'expectedVersion 必须是非负整数',
          row,
        });
        return;
      }
      const result = spec.schema.safeParse(body);
      if (!result.success) {
        pushIssue(...fromZodIssues(result.error.issues, body, { prefix: kind, row }));
        return;
      }
      const record = result.data as never;
      const key = (spec.keyOf as (r: unknown) => string)(record);
      const first = seen.get(key);
      if (first !== undefined) {
        pushIssue({
          path: `${kind}.${spec.keyField}`,
          value: key,
          rule: 'batch.duplicate-key',
          message: `duplicate key in the batch (first on row ${first})`,
          messageZh: `批次内主键重复（首次出现在第 ${first} 行）`,
          row,
        });
        return;
      }
      seen.set(key, row);
      (out[kind] as ParsedRow<unknown>[]).push(
        expectedVersion === undefined
          ? { record, key, row }
          : { record, key, row, expectedVersion },
      );
    });
  }
  return { ...out, issues };
}

/**
 * The keys to look up for a parsed batch: its own keys, every key its rows reference, and the
 * report scopes its locked kinds depend on.
 * @example
 * ```ts
 * const lookups = batchLookups(parseBatch({ regions: [{ code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' }] }));
 * console.log([...lookups.regions].sort().join(), lookups.needsAllRegions); // the row and its parent
 * // → 530000,530100 true
 * ```
 */
export function batchLookups(parsed: ParsedBatch): BatchLookups {
  const keys = Object.fromEntries(BATCH_KINDS.map((k) => [k, new Set<string>()])) as Record<
    BatchKind,
    Set<string>
  >;
  const scopes = new Map<string, ReportScope>();
  const childScopes = new Map<string, ChildScope>();
  for (const kind of BATCH_KINDS) {
    const spec = RECORD_KINDS[kind];
    for (const r of parsed[kind] as ParsedRow<never>[]) {
      keys[kind].add(r.key);
      for (const ref of spec.references) {
        const value = (ref.value as (x: unknown) => string | null | undefined)(r.record);
        if (value) keys[ref.kind].add(value);
      }
      if (spec.lockScope) {
        const { region, period } = r.record as { region: string; period: string };
        scopes.set(`${region}|${period}`, { region, period });
      }
    }
  }
  for (const r of parsed.regions) if (r.record.parent) keys.regions.add(r.record.parent);
  for (const s of parsed.submissions) {
    if (!s.record.childrenRequired) continue;
    const c = {
      obligationId: s.record.obligationId,
      parent: s.record.region,
      period: s.record.period,
    };
    childScopes.set(`${c.obligationId}|${c.parent}|${c.period}`, c);
  }
  const out = Object.fromEntries(BATCH_KINDS.map((k) => [k, [...keys[k]]])) as Record<
    BatchKind,
    string[]
  >;
  return {
    ...out,
    needsAllRegions: parsed.regions.length > 0 || childScopes.size > 0,
    reportScopes: [...scopes.values()],
    childScopes: [...childScopes.values()],
  };
}

/**
 * Canonical JSON (sorted keys) so equal records compare equal whatever their key order.
 * @example canonicalJson({ b: 1, a: { d: [2, 1], c: null } }) // '{"a":{"c":null,"d":[2,1]},"b":1}'
 */
export function canonicalJson(value: unknown): string {
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

function withoutVersion<T extends { version: number }>(stored: T): Omit<T, 'version'> {
  const { version: _v, ...rest } = stored;
  return rest;
}

type AnyRow = ParsedRow<Record<string, unknown>>;

/**
 * Decide what a batch writes, given what is stored. In `all-or-nothing` mode any bad row throws a
 * ValidationError listing every problem, a stale `expectedVersion` throws a ConflictError and a
 * locked period a PeriodLockedError. In `valid-rows` mode bad rows (and rows that depend on
 * them) are left out and reported.
 * @throws ForbiddenError when a `viewer` writes, or anyone but an admin writes a lock exception.
 * @example
 * ```ts
 * // What an adapter does inside its transaction, here against an empty store.
 * const parsed = parseBatch({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }, { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' }] });
 * const existing = Object.fromEntries(BATCH_KINDS.map((k) => [k, new Map()])) as unknown as ExistingRecords;
 * const plan = planWrite(parsed, existing, 'all-or-nothing', { today: '2025-03-01' });
 * console.log(plan.regions.map((r) => `${r.op} ${r.key} v${r.record.version}`).join(', '), plan.result.regions.inserted);
 * // → insert 530000 v1, insert 530100 v1 2
 * ```
 */
export function planWrite(
  parsed: ParsedBatch,
  existing: ExistingRecords,
  mode: WriteMode = 'all-or-nothing',
  context: PlanContext = {},
): WritePlan {
  const actor = context.actor ?? SYSTEM_ACTOR;
  const today = context.today ?? todayInChina();
  const hasRows = BATCH_KINDS.some((k) => parsed[k].length > 0);
  if (hasRows && actor.role === 'viewer') {
    throw new ForbiddenError('a viewer may not write', '查看人不能写入数据', {
      path: 'options.actor.role',
      value: actor.role,
      rule: 'role.write',
    });
  }
  if (parsed.lockExceptions.length > 0 && actor.role !== 'admin') {
    throw new ForbiddenError(
      'only an admin may grant a lock exception',
      '只有管理员可以授予锁定例外',
      { path: 'options.actor.role', value: actor.role, rule: 'submission.admin-only' },
    );
  }
  const issues: ValidationIssue[] = [...parsed.issues];
  const rejectedRows = new Set<string>(
    parsed.issues.map((i) => `${i.path.split('.')[0]}#${i.row}`),
  );
  const reject = (kind: BatchKind, issue: ValidationIssue) => {
    issues.push(issue);
    rejectedRows.add(`${kind}#${issue.row}`);
  };

  // Versions first: a conflict in all-or-nothing mode is a ConflictError, not a validation issue.
  const conflicts: Array<{ kind: BatchKind; row: ParsedRow<unknown>; actual: number }> = [];
  const rows = {} as Record<BatchKind, AnyRow[]>;
  for (const kind of BATCH_KINDS) {
    const stored = existing[kind] as ReadonlyMap<string, { version: number }>;
    rows[kind] = (parsed[kind] as unknown as AnyRow[]).filter((r) => {
      if (r.expectedVersion === undefined) return true;
      const actual = stored.get(r.key)?.version ?? 0;
      if (actual === r.expectedVersion) return true;
      conflicts.push({ kind, row: r, actual });
      return false;
    });
  }
  if (conflicts.length > 0 && mode === 'all-or-nothing') {
    const c = conflicts[0]!;
    throw new ConflictError(c.kind, c.row.key, c.row.expectedVersion!, c.actual, {
      row: c.row.row,
    });
  }
  for (const c of conflicts) {
    reject(c.kind, {
      path: `${c.kind}.expectedVersion`,
      value: c.row.expectedVersion,
      rule: 'version.match',
      message: `expected version ${c.row.expectedVersion} but the stored version is ${c.actual}`,
      messageZh: `期望版本 ${c.row.expectedVersion}，但存储中的版本为 ${c.actual}`,
      row: c.row.row,
    });
  }

  const { tree, regionRows } = planRegions(
    rows.regions as unknown as ParsedRow<Region>[],
    existing.regions,
    mode,
    issues,
    reject,
  );
  rows.regions = regionRows as unknown as AnyRow[];
  // Without a valid merged tree (all-or-nothing mode already failing), treat the batch's own
  // region codes as present so its other rows are not blamed twice.
  const batchRegionCodes = new Set(regionRows.map((r) => r.key));
  const accepted = {} as Record<BatchKind, Set<string>>;
  accepted.regions = batchRegionCodes;
  const exists = (kind: ReferencedKind, key: string): boolean =>
    kind === 'regions'
      ? tree
        ? tree.has(key)
        : existing.regions.has(key) || batchRegionCodes.has(key)
      : accepted[kind]?.has(key) || existing[kind].has(key);

  // References, kind by kind in write order.
  for (const kind of BATCH_KINDS) {
    if (kind === 'regions') continue;
    const spec = RECORD_KINDS[kind];
    rows[kind] = rows[kind].filter((r) => {
      for (const ref of spec.references) {
        const value = (ref.value as (x: unknown) => string | null | undefined)(r.record);
        if (value === undefined || value === null || exists(ref.kind, value)) continue;
        const noun = REFERENCE_NOUNS[ref.kind];
        reject(kind, {
          path: `${kind}.${ref.field}`,
          value,
          rule: `${noun.rule}.exists`,
          message: `unknown ${noun.en} ${value}`,
          messageZh: `${noun.zh} ${value} 不存在`,
          row: r.row,
        });
        return false;
      }
      return true;
    });
    accepted[kind] = new Set(rows[kind].map((r) => r.key));
  }

  // A fact's institution class (institutionType, or a case report's reportType) must be one of
  // its institution's types: 001 附件3 一(三) and 一(四) read their own institutions' records.
  const institutionTypes = new Map<string, readonly string[]>();
  for (const [id, r] of existing.institutions) institutionTypes.set(id, r.types);
  for (const r of rows.institutions) {
    institutionTypes.set(r.key, (r.record as unknown as { types: string[] }).types);
  }
  rows.facts = rows.facts.filter((r) => {
    const f = r.record as { institution?: string; institutionType?: string; reportType?: string };
    const claimed = f.institutionType ?? f.reportType;
    const types = f.institution === undefined ? undefined : institutionTypes.get(f.institution);
    if (claimed === undefined || types === undefined) return true;
    const accepted = FACT_TYPE_OF_INSTITUTION[claimed] ?? [claimed];
    if (accepted.some((t) => types.includes(t))) return true;
    const field = f.institutionType === undefined ? 'reportType' : 'institutionType';
    reject('facts', {
      path: `facts.${field}`,
      value: claimed,
      rule: 'institution.type-mismatch',
      message: `institution ${f.institution} is not a ${claimed} institution (its types: ${types.join(', ')})`,
      messageZh: `机构 ${f.institution} 不是${FACT_INSTITUTION_ZH[claimed] ?? claimed}（其类型：${types.join('、')}）`,
      row: r.row,
    });
    return false;
  });
  accepted.facts = new Set(rows.facts.map((r) => r.key));

  // Period locks and the approval rule.
  const locked: Array<{
    kind: BatchKind;
    row: AnyRow;
    why: 'approved' | 'expired';
    report: SubmissionRecord;
  }> = [];
  const reports = mergedReports(
    existing,
    rows.submissions as unknown as ParsedRow<SubmissionRecord>[],
  );
  const exceptions = [
    ...[...existing.lockExceptions.values()].map((e) => withoutVersion(e) as LockException),
    ...(rows.lockExceptions as unknown as ParsedRow<LockException>[]).map((r) => r.record),
  ];
  const lockOf = (report: SubmissionRecord): 'approved' | 'expired' | undefined => {
    const target = {
      obligationId: report.obligationId,
      period: report.period,
      region: report.region,
      deadline: report.deadline,
      ...(report.expiryDays === undefined ? {} : { expiryDays: report.expiryDays }),
      state: report.state,
    };
    if (!isLocked(target, today, exceptions)) return undefined;
    return report.state === 'approved' ? 'approved' : 'expired';
  };
  rows.dataValues = rows.dataValues.filter((r) => {
    const d = r.record as { dataElement: string; region: string; period: string };
    for (const report of reports.values()) {
      if (report.region !== d.region || report.period !== d.period) continue;
      if (!lockedElements(report).has(d.dataElement)) continue;
      const why = lockOf(report);
      if (why) {
        locked.push({ kind: 'dataValues', row: r, why, report });
        return false;
      }
    }
    return true;
  });
  rows.submissions = rows.submissions.filter((r) => {
    const next = r.record as unknown as SubmissionRecord;
    const stored = existing.submissions.get(r.key);
    const before = stored ? (withoutVersion(stored) as SubmissionRecord) : undefined;
    const problem = historyProblem(before, next, actor);
    if (problem) {
      reject('submissions', {
        path: 'submissions.history',
        value: next.state,
        rule: 'submission.history',
        ...problem,
        row: r.row,
      });
      return false;
    }
    // A locked report may still move through sign-off (approve, return, reopen), but its content
    // and lock facts stay as they are and it cannot be submitted again.
    const submits = (s?: SubmissionRecord) =>
      s?.history.filter((e) => e.action === 'submit').length ?? 0;
    const contentChanged =
      before !== undefined &&
      canonicalJson([before.content, before.dataElements, before.deadline, before.expiryDays]) !==
        canonicalJson([next.content, next.dataElements, next.deadline, next.expiryDays]);
    const why = lockOf(before ?? { ...next, state: 'draft' });
    if (why && (contentChanged || submits(next) > submits(before))) {
      locked.push({ kind: 'submissions', row: r, why, report: before ?? next });
      return false;
    }
    const approvals = (s?: SubmissionRecord) =>
      s?.history.filter((e) => e.action === 'approve').length ?? 0;
    if (next.childrenRequired && approvals(next) > approvals(before)) {
      const children = childRegions(existing.regions, tree, next.region);
      const unapproved = children.filter(
        (code) => reports.get(`${next.obligationId}|${code}|${next.period}`)?.state !== 'approved',
      );
      if (unapproved.length > 0) {
        reject('submissions', {
          path: 'submissions.state',
          value: next.state,
          rule: 'submission.children-unapproved',
          message: `cannot approve while child regions are not approved: ${unapproved.slice(0, 10).join(', ')}${unapproved.length > 10 ? ', …' : ''}`,
          messageZh: `下级区划尚未审核通过，不能审核通过：${unapproved.slice(0, 10).join('、')}${unapproved.length > 10 ? '等' : ''}`,
          row: r.row,
        });
        return false;
      }
    }
    return true;
  });
  if (locked.length > 0 && mode === 'all-or-nothing') {
    const l = locked[0]!;
    const { obligationId, region, period } = l.report;
    throw new PeriodLockedError(
      `${RECORD_KINDS[l.kind].label.en} row ${l.row.row}: ${obligationId} ${period} for ${region} is locked (${l.why}); an admin may grant an exception`,
      `${RECORD_KINDS[l.kind].label.zh}第 ${l.row.row} 行：${region} 的 ${obligationId} ${period} 已锁定（${l.why === 'approved' ? '已审核通过' : '已过期'}），如需修改请由管理员授予例外`,
      {
        path: `${l.kind}.period`,
        value: period,
        rule: `submission.locked-${l.why}`,
        row: l.row.row,
        kind: l.kind,
        key: l.row.key,
        obligationId,
        region,
      },
    );
  }
  for (const l of locked) {
    reject(l.kind, {
      path: `${l.kind}.period`,
      value: l.report.period,
      rule: `submission.locked-${l.why}`,
      message: `${l.report.obligationId} ${l.report.period} for ${l.report.region} is locked (${l.why})`,
      messageZh: `${l.report.region} 的 ${l.report.obligationId} ${l.report.period} 已锁定（${l.why === 'approved' ? '已审核通过' : '已过期'}）`,
      row: l.row.row,
    });
  }

  if (issues.length > 0 && mode === 'all-or-nothing') {
    throw new ValidationError(issues.sort(byKindAndRow));
  }

  const audit: AuditDraft[] = [];
  const perBatch = context.audit?.inserts === 'per-batch';
  const planned = {} as Record<BatchKind, PlannedRow<unknown>[]>;
  const counts = {} as Record<BatchKind, KindCounts>;
  for (const kind of BATCH_KINDS) {
    const spec = RECORD_KINDS[kind];
    const stored = existing[kind] as ReadonlyMap<string, Stored<Record<string, unknown>>>;
    const c = { inserted: 0, updated: 0, unchanged: 0 };
    const out: PlannedRow<unknown>[] = [];
    const inserts = new Map<string, string[]>();
    for (const r of rows[kind]) {
      if (rejectedRows.has(`${kind}#${r.row}`)) continue;
      const before = stored.get(r.key);
      const region = (spec.regionOf as (x: unknown) => string)(r.record);
      if (!before) {
        c.inserted++;
        out.push({ op: 'insert', key: r.key, record: { ...r.record, version: 1 } });
        if (perBatch) {
          const chain = auditChainOf(region);
          const keys = inserts.get(chain);
          if (keys) keys.push(r.key);
          else inserts.set(chain, [r.key]);
        } else {
          audit.push({
            op: 'insert',
            kind,
            key: r.key,
            region,
            chain: auditChainOf(region),
            versionBefore: null,
            versionAfter: 1,
            before: null,
            after: auditedRecord(kind, r.record, context.auditSecret),
          });
        }
      } else if (canonicalJson(withoutVersion(before)) === canonicalJson(r.record)) {
        c.unchanged++;
      } else {
        c.updated++;
        out.push({
          op: 'update',
          key: r.key,
          record: { ...r.record, version: before.version + 1 },
        });
        audit.push({
          op: 'update',
          kind,
          key: r.key,
          region,
          chain: auditChainOf(region),
          versionBefore: before.version,
          versionAfter: before.version + 1,
          before: auditedRecord(kind, before, context.auditSecret),
          after: auditedRecord(kind, r.record, context.auditSecret),
        });
      }
    }
    for (const [chain, keys] of inserts) {
      audit.push({
        op: 'batch-insert',
        kind,
        key: null,
        region: null,
        chain,
        versionBefore: null,
        versionAfter: 1,
        before: null,
        after: null,
        batch: {
          count: keys.length,
          keys,
          ...(context.audit?.fileHash ? { fileHash: context.audit.fileHash } : {}),
        },
      });
    }
    planned[kind] = out;
    counts[kind] = c;
  }
  if (tree) {
    // Parents before children, so an adapter with foreign keys can insert in order.
    const order = new Map(tree.all().map((r, i) => [r.code, i]));
    planned.regions.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  }
  return {
    ...(planned as unknown as { [K in BatchKind]: PlannedRow<RecordOf<K>>[] }),
    audit,
    result: {
      ...(counts as { [K in BatchKind]: KindCounts }),
      rejected: issues.sort(byKindAndRow),
    },
  };
}

/** Stored reports with the batch's accepted ones laid over them, by key. */
function mergedReports(
  existing: ExistingRecords,
  rows: readonly ParsedRow<SubmissionRecord>[],
): Map<string, SubmissionRecord> {
  const out = new Map<string, SubmissionRecord>();
  for (const [key, s] of existing.submissions) out.set(key, withoutVersion(s) as SubmissionRecord);
  for (const r of rows) out.set(r.key, r.record);
  return out;
}

function childRegions(
  regions: ReadonlyMap<string, Stored<Region>>,
  tree: RegionTree | undefined,
  parent: string,
): string[] {
  if (tree)
    return tree
      .all()
      .filter((r) => r.parent === parent)
      .map((r) => r.code);
  return [...regions.values()].filter((r) => r.parent === parent).map((r) => r.code);
}

/** The region rows that keep the merged tree valid, and that tree. */
function planRegions(
  initial: ParsedRow<Region>[],
  existing: ReadonlyMap<string, Stored<Region>>,
  mode: WriteMode,
  issues: ValidationIssue[],
  reject: (kind: BatchKind, issue: ValidationIssue) => void,
): { tree: RegionTree | undefined; regionRows: ParsedRow<Region>[] } {
  let regionRows = initial;
  let tree: RegionTree | undefined;
  // Regions: the merged tree must be valid. In valid-rows mode, drop offending rows until it is.
  if (regionRows.length > 0) {
    for (;;) {
      const merged = new Map<string, Region>();
      for (const [code, r] of existing) merged.set(code, withoutVersion(r) as Region);
      const rowOfCode = new Map<string, ParsedRow<Region>>();
      for (const r of regionRows) {
        merged.set(r.key, r.record);
        rowOfCode.set(r.key, r);
      }
      const list = [...merged.values()];
      try {
        tree = RegionTree.build(list);
        break;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const bad = new Set<string>();
        for (const i of error.issues) {
          const region = i.row === undefined ? undefined : list[i.row - 1];
          const batchRow = region ? rowOfCode.get(region.code) : undefined;
          if (batchRow) {
            bad.add(batchRow.key);
            reject('regions', { ...i, path: `regions.${i.path}`, row: batchRow.row });
          } else {
            // A stored region is implicated. When its parent is in the batch, that row broke it
            // (e.g. a prefecture rewritten as a county leaves its stored counties out of order);
            // otherwise (a new second root) blame every new root.
            const parentRow = region?.parent ? rowOfCode.get(region.parent) : undefined;
            const culprits = parentRow
              ? [parentRow]
              : regionRows.filter((r) => r.record.parent === null);
            for (const r of culprits) {
              if (bad.has(r.key)) continue;
              bad.add(r.key);
              const levelIssue = i.rule === 'region.level-order';
              reject('regions', {
                ...i,
                path: `regions.${levelIssue ? 'level' : i.path}`,
                row: r.row,
                value: levelIssue ? r.record.level : r.record.code,
              });
            }
          }
        }
        if (bad.size === 0) {
          // No batch row to blame: never write regions that do not form a valid tree.
          if (mode === 'all-or-nothing') {
            issues.push(...error.issues.map((i) => ({ ...i, path: `regions.${i.path}` })));
          } else {
            const first = error.issues[0]!;
            for (const r of regionRows) {
              reject('regions', {
                ...first,
                path: `regions.${first.path}`,
                row: r.row,
                value: r.record.code,
              });
            }
            regionRows = [];
          }
          break;
        }
        if (mode === 'all-or-nothing') break;
        regionRows = regionRows.filter((r) => !bad.has(r.key));
        if (regionRows.length === 0) break;
      }
    }
  }
  return { tree, regionRows };
}

/** The institution types (`parties`) each fact institution class may be. */
const FACT_TYPE_OF_INSTITUTION: Readonly<Record<string, readonly string[]>> = {
  'tech-service': ['oh-tech-service', 'radiation-tech-service'],
  'health-exam': ['health-exam'],
  diagnosis: ['diagnosis'],
};

const FACT_INSTITUTION_ZH: Readonly<Record<string, string>> = {
  'tech-service': '技术服务机构',
  'health-exam': '职业健康检查机构',
  diagnosis: '职业病诊断机构',
};

const KIND_ORDER: Record<string, number> = Object.fromEntries(
  BATCH_KINDS.map((k) => [k, RECORD_KINDS[k].order]),
);
function byKindAndRow(a: ValidationIssue, b: ValidationIssue): number {
  const ka = KIND_ORDER[a.path.split('.')[0]!] ?? 9;
  const kb = KIND_ORDER[b.path.split('.')[0]!] ?? 9;
  return ka - kb || (a.row ?? 0) - (b.row ?? 0);
}
