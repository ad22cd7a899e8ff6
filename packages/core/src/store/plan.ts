/**
 * @module store/plan
 * The write planner every adapter uses: it validates a batch (schemas, duplicate keys, references,
 * the region tree, versions) against the records already stored, and says what to insert, update
 * or leave alone. Pure and synchronous, so an adapter can call it inside its own transaction.
 */

import { z } from 'zod';
import { type DataValue, dataValueKey, dataValueSchema } from '../data/index.js';
import { type Employer, employerSchema } from '../employer/index.js';
import {
  ConflictError,
  fromZodIssues,
  parseWith,
  ValidationError,
  type ValidationIssue,
} from '../errors/index.js';
import { type Fact, factSchema } from '../facts/index.js';
import { type Region, RegionTree, regionSchema } from '../region/index.js';
import type { BatchKind, KindCounts, Stored, WriteBatch, WriteMode, WriteResult } from './port.js';

type RecordOf<K extends BatchKind> = K extends 'regions'
  ? Region
  : K extends 'employers'
    ? Employer
    : K extends 'facts'
      ? Fact
      : DataValue;

/** One parsed row of a batch. */
export interface ParsedRow<T> {
  readonly record: T;
  readonly key: string;
  /** 1-based position of the row in its kind's array. */
  readonly row: number;
  readonly expectedVersion?: number;
}

/** A batch whose rows passed their schemas; `issues` holds the rows that did not. */
export interface ParsedBatch {
  readonly regions: ParsedRow<Region>[];
  readonly employers: ParsedRow<Employer>[];
  readonly facts: ParsedRow<Fact>[];
  readonly dataValues: ParsedRow<DataValue>[];
  readonly issues: ValidationIssue[];
}

/** The keys an adapter must look up before {@link planWrite}. */
export interface BatchLookups {
  readonly regions: string[];
  readonly employers: string[];
  readonly facts: string[];
  readonly dataValues: string[];
  /** True when the batch writes regions: pass every stored region so the tree can be checked. */
  readonly needsAllRegions: boolean;
}

/** Records already stored, as the adapter found them for {@link BatchLookups}. */
export interface ExistingRecords {
  /** Stored regions: every one when `needsAllRegions`, else at least the looked-up ones. */
  readonly regions: ReadonlyMap<string, Stored<Region>>;
  readonly employers: ReadonlyMap<string, Stored<Employer>>;
  readonly facts: ReadonlyMap<string, Stored<Fact>>;
  readonly dataValues: ReadonlyMap<string, Stored<DataValue>>;
}

/** A row the adapter must write. */
export interface PlannedRow<T> {
  readonly op: 'insert' | 'update';
  readonly key: string;
  readonly record: Stored<T>;
}

/** What to write. Rows are in dependency order (parents before children for regions). */
export interface WritePlan {
  readonly regions: PlannedRow<Region>[];
  readonly employers: PlannedRow<Employer>[];
  readonly facts: PlannedRow<Fact>[];
  readonly dataValues: PlannedRow<DataValue>[];
  /** The result to return once the plan is applied. */
  readonly result: WriteResult;
}

const SCHEMAS = {
  regions: regionSchema,
  employers: employerSchema,
  facts: factSchema,
  dataValues: dataValueSchema,
} as const;

const KEY_OF: { [K in BatchKind]: (r: RecordOf<K>) => string } = {
  regions: (r) => r.code,
  employers: (r) => r.creditCode,
  facts: (r) => r.id,
  dataValues: (r) => dataValueKey(r),
};

const KEY_FIELD: Record<BatchKind, string> = {
  regions: 'code',
  employers: 'creditCode',
  facts: 'id',
  dataValues: 'dataElement|region|period',
};

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
  .object({ mode: z.enum(['all-or-nothing', 'valid-rows']).optional() })
  .strict();

/**
 * Validate the options of `store.write` (unknown options and modes such as `'yolo'` are refused)
 * and return the write mode, `all-or-nothing` by default.
 * @throws ValidationError naming the option.
 * @example parseWriteOptions({ mode: 'valid-rows' }) // 'valid-rows'
 */
export function parseWriteOptions(options: unknown): WriteMode {
  return (
    parseWith(writeOptionsSchema, options === undefined ? {} : options, { prefix: 'options' })
      .mode ?? 'all-or-nothing'
  );
}

/**
 * Parse every row of a batch with the core schemas and find duplicate keys inside the batch.
 * Never throws for bad rows: they are returned in `issues`.
 */
export function parseBatch(batch: WriteBatch): ParsedBatch {
  if (batch === null || typeof batch !== 'object' || Array.isArray(batch)) {
    throw ValidationError.of({
      path: '(root)',
      value: batch,
      rule: 'batch.object',
      message: 'a batch must be an object with regions, employers, facts and/or dataValues arrays',
      messageZh: '写入批次必须是含 regions、employers、facts、dataValues 数组的对象',
    });
  }
  const unknown = Object.keys(batch).filter(
    (k) => !(['regions', 'employers', 'facts', 'dataValues'] as readonly string[]).includes(k),
  );
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((k) => ({
        path: k || '""',
        value: (batch as Record<string, unknown>)[k],
        rule: 'batch.unknown-kind',
        message: `unknown record kind ${k} (expected regions, employers, facts or dataValues)`,
        messageZh: `未知的记录类型 ${k}（应为 regions、employers、facts 或 dataValues）`,
      })),
    );
  }
  const issues: ValidationIssue[] = [];
  const out = { regions: [], employers: [], facts: [], dataValues: [] } as unknown as {
    [K in BatchKind]: ParsedRow<RecordOf<K>>[];
  };
  for (const kind of ['regions', 'employers', 'facts', 'dataValues'] as const) {
    const rows = batch[kind] ?? [];
    if (!Array.isArray(rows)) {
      issues.push({
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
        issues.push({
          path: `${kind}.expectedVersion`,
          value: bad,
          rule: 'version.format',
          message: 'expectedVersion must be a non-negative integer',
          messageZh: 'expectedVersion 必须是非负整数',
          row,
        });
        return;
      }
      const result = SCHEMAS[kind].safeParse(body);
      if (!result.success) {
        issues.push(...fromZodIssues(result.error.issues, body, { prefix: kind, row }));
        return;
      }
      const record = result.data as never;
      const key = (KEY_OF[kind] as (r: unknown) => string)(record);
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push({
          path: `${kind}.${KEY_FIELD[kind]}`,
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

/** The keys to look up for a parsed batch (its own keys and every region/employer it references). */
export function batchLookups(parsed: ParsedBatch): BatchLookups {
  const regions = new Set<string>();
  const employers = new Set<string>();
  for (const r of parsed.regions) {
    regions.add(r.key);
    if (r.record.parent) regions.add(r.record.parent);
  }
  for (const e of parsed.employers) {
    employers.add(e.key);
    regions.add(e.record.region);
  }
  for (const f of parsed.facts) {
    regions.add(f.record.region);
    if ('employer' in f.record && f.record.employer) employers.add(f.record.employer);
  }
  for (const d of parsed.dataValues) regions.add(d.record.region);
  return {
    regions: [...regions],
    employers: [...employers],
    facts: parsed.facts.map((f) => f.key),
    dataValues: parsed.dataValues.map((d) => d.key),
    needsAllRegions: parsed.regions.length > 0,
  };
}

/** Canonical JSON (sorted keys) so equal records compare equal whatever their key order. */
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

/**
 * Decide what a batch writes, given what is stored. In `all-or-nothing` mode any bad row throws a
 * ValidationError listing every problem, and a stale `expectedVersion` throws a ConflictError. In
 * `valid-rows` mode bad rows (and rows that depend on them) are left out and reported.
 */
export function planWrite(
  parsed: ParsedBatch,
  existing: ExistingRecords,
  mode: WriteMode = 'all-or-nothing',
): WritePlan {
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
  const checkVersion = <T>(
    kind: BatchKind,
    rows: ParsedRow<T>[],
    stored: ReadonlyMap<string, { version: number }>,
  ) =>
    rows.filter((r) => {
      if (r.expectedVersion === undefined) return true;
      const actual = stored.get(r.key)?.version ?? 0;
      if (actual === r.expectedVersion) return true;
      conflicts.push({ kind, row: r as ParsedRow<unknown>, actual });
      return false;
    });
  let regionRows = checkVersion('regions', parsed.regions, existing.regions);
  let employerRows = checkVersion('employers', parsed.employers, existing.employers);
  let factRows = checkVersion('facts', parsed.facts, existing.facts);
  let dataRows = checkVersion('dataValues', parsed.dataValues, existing.dataValues);
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

  // Regions: the merged tree must be valid. In valid-rows mode, drop offending rows until it is.
  let tree: RegionTree | undefined;
  if (regionRows.length > 0) {
    for (;;) {
      const merged = new Map<string, Region>();
      for (const [code, r] of existing.regions) merged.set(code, withoutVersion(r) as Region);
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
  // Without a valid merged tree (all-or-nothing mode already failing), treat the batch's own
  // region codes as present so its other rows are not blamed twice.
  const batchRegionCodes = new Set(regionRows.map((r) => r.key));
  const regionExists = (code: string): boolean =>
    tree ? tree.has(code) : existing.regions.has(code) || batchRegionCodes.has(code);

  employerRows = employerRows.filter((e) => {
    if (regionExists(e.record.region)) return true;
    reject('employers', {
      path: 'employers.region',
      value: e.record.region,
      rule: 'region.exists',
      message: `unknown region ${e.record.region}`,
      messageZh: `区划 ${e.record.region} 不存在`,
      row: e.row,
    });
    return false;
  });
  const employerKeys = new Set(employerRows.map((e) => e.key));
  const employerExists = (code: string) => employerKeys.has(code) || existing.employers.has(code);

  factRows = factRows.filter((f) => {
    if (!regionExists(f.record.region)) {
      reject('facts', {
        path: 'facts.region',
        value: f.record.region,
        rule: 'region.exists',
        message: `unknown region ${f.record.region}`,
        messageZh: `区划 ${f.record.region} 不存在`,
        row: f.row,
      });
      return false;
    }
    const employer = 'employer' in f.record ? f.record.employer : undefined;
    if (employer !== undefined && !employerExists(employer)) {
      reject('facts', {
        path: 'facts.employer',
        value: employer,
        rule: 'employer.exists',
        message: `unknown employer ${employer}`,
        messageZh: `用人单位 ${employer} 不存在`,
        row: f.row,
      });
      return false;
    }
    return true;
  });
  dataRows = dataRows.filter((d) => {
    if (regionExists(d.record.region)) return true;
    reject('dataValues', {
      path: 'dataValues.region',
      value: d.record.region,
      rule: 'region.exists',
      message: `unknown region ${d.record.region}`,
      messageZh: `区划 ${d.record.region} 不存在`,
      row: d.row,
    });
    return false;
  });

  if (issues.length > 0 && mode === 'all-or-nothing') {
    throw new ValidationError(issues.sort(byKindAndRow));
  }

  const plan = <T>(
    kind: BatchKind,
    rows: ParsedRow<T>[],
    stored: ReadonlyMap<string, Stored<T>>,
  ) => {
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    const planned: PlannedRow<T>[] = [];
    for (const r of rows) {
      if (rejectedRows.has(`${kind}#${r.row}`)) continue;
      const before = stored.get(r.key);
      if (!before) {
        counts.inserted++;
        planned.push({ op: 'insert', key: r.key, record: { ...r.record, version: 1 } });
      } else if (canonicalJson(withoutVersion(before)) === canonicalJson(r.record)) {
        counts.unchanged++;
      } else {
        counts.updated++;
        planned.push({
          op: 'update',
          key: r.key,
          record: { ...r.record, version: before.version + 1 },
        });
      }
    }
    return { counts: counts as KindCounts, planned };
  };
  const regionsPlanned = plan('regions', regionRows, existing.regions);
  if (tree) {
    // Parents before children, so an adapter with foreign keys can insert in order.
    const order = new Map(tree.all().map((r, i) => [r.code, i]));
    regionsPlanned.planned.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  }
  const employersPlanned = plan('employers', employerRows, existing.employers);
  const factsPlanned = plan('facts', factRows, existing.facts);
  const dataPlanned = plan('dataValues', dataRows, existing.dataValues);
  return {
    regions: regionsPlanned.planned,
    employers: employersPlanned.planned,
    facts: factsPlanned.planned,
    dataValues: dataPlanned.planned,
    result: {
      regions: regionsPlanned.counts,
      employers: employersPlanned.counts,
      facts: factsPlanned.counts,
      dataValues: dataPlanned.counts,
      rejected: issues.sort(byKindAndRow),
    },
  };
}

const KIND_ORDER: Record<string, number> = { regions: 0, employers: 1, facts: 2, dataValues: 3 };
function byKindAndRow(a: ValidationIssue, b: ValidationIssue): number {
  const ka = KIND_ORDER[a.path.split('.')[0]!] ?? 9;
  const kb = KIND_ORDER[b.path.split('.')[0]!] ?? 9;
  return ka - kb || (a.row ?? 0) - (b.row ?? 0);
}
