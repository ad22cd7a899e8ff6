/**
 * @module scoped-store
 * A view of a store for one principal. Writes: every row of every batch (single writes, imports,
 * bulk imports, reports, lock exceptions) whose region is outside the principal's subtree is
 * rejected with its row — which the importer turns into its file line — and so is a row that would
 * overwrite a record held by another region. Reads: every record outside the subtree reads as
 * absent (a `get` is undefined, a list or page leaves it out), so the view never tells whether a
 * record exists elsewhere. The region tree itself is public reference data (`GET /regions` serves
 * it to every principal) and passes through.
 */
import {
  type AuditEntry,
  type AuditQuery,
  type BatchKind,
  ForbiddenError,
  type KindCounts,
  type Page,
  pageLimit,
  parseBatch,
  RECORD_KINDS,
  type RegionTree,
  type Store,
  ValidationError,
  type ValidationIssue,
  type WriteBatch,
  type WriteOptions,
  type WriteResult,
} from '@occhealth/core';
import { type Principal, requireRole } from './auth.js';
import { type Deps, inScope } from './context.js';

type Kind = Exclude<BatchKind, 'regions'>;
const KINDS: readonly Kind[] = [
  'employers',
  'institutions',
  'departments',
  'contacts',
  'facts',
  'dataValues',
  'submissions',
  'lockExceptions',
];

function field(row: unknown, key: string): string | undefined {
  if (row === null || typeof row !== 'object') return undefined;
  const value = (row as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The store `store` as seen by a principal: writes and reads limited to its subtree. It has no
 * `bulk` capability: scope checks read the store, which a bulk session would hold, so an import
 * through it is one `write` (bounded by the import body limit).
 */
export function scopedStore(store: Store, tree: RegionTree, principal: Principal): Store {
  const outside = (kind: Kind, index: number, path: string, value: unknown): ValidationIssue => ({
    path: `${kind}.${index}.${path}`,
    value,
    rule: 'auth.scope',
    message: `outside your region subtree (${principal.region}), or unknown`,
    messageZh: `不在您的管辖范围（${principal.region}）内，或不存在`,
    row: index + 1,
  });

  /** Issues of the rows of one kind that the principal may not write. */
  async function check(
    kind: Kind,
    rows: readonly unknown[],
    batch: WriteBatch,
  ): Promise<ValidationIssue[]> {
    const issues: ValidationIssue[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const region = field(row, 'region');
      if (region !== undefined && !inScope(tree, principal, region)) {
        issues.push(outside(kind, i, 'region', region));
        continue;
      }
      if (kind === 'employers') {
        const code = field(row, 'creditCode');
        const existing = code === undefined ? undefined : await store.getEmployer(code);
        if (existing && !inScope(tree, principal, existing.region)) {
          issues.push(outside(kind, i, 'creditCode', code));
        }
      } else if (kind === 'institutions' || kind === 'departments' || kind === 'contacts') {
        // Neither take over a record of another region nor hang a contact on its unit.
        const id = field(row, 'id');
        const existing = id === undefined ? undefined : await store.get(kind, id);
        if (existing && !inScope(tree, principal, existing.region)) {
          issues.push(outside(kind, i, 'id', id));
          continue;
        }
        const unitKind = kind === 'contacts' ? field(row, 'unitKind') : undefined;
        const unit = field(row, 'unit');
        if ((unitKind === 'department' || unitKind === 'institution') && unit !== undefined) {
          const units = unitKind === 'department' ? 'departments' : 'institutions';
          // A unit written by the same batch is checked as a row of its own kind.
          const inBatch = (batch[units] ?? []).some((u) => field(u, 'id') === unit);
          const found = inBatch ? undefined : await store.get(units, unit);
          if (!inBatch && (!found || !inScope(tree, principal, found.region))) {
            issues.push(outside(kind, i, 'unit', unit));
          }
        }
      } else if (kind === 'facts') {
        const employer = field(row, 'employer');
        if (employer !== undefined) {
          const found = await store.getEmployer(employer);
          if (!found || !inScope(tree, principal, found.region)) {
            issues.push(outside(kind, i, 'employer', employer));
            continue;
          }
        }
        const id = field(row, 'id');
        const existing = id === undefined ? undefined : await store.getFact(id);
        if (existing && !inScope(tree, principal, existing.region)) {
          issues.push(outside(kind, i, 'id', id));
        }
      }
    }
    return issues;
  }

  async function scopedWrite(
    write: (batch: WriteBatch, options?: WriteOptions) => Promise<WriteResult>,
    batch: WriteBatch,
    options?: WriteOptions,
  ): Promise<WriteResult> {
    if (batch.regions && batch.regions.length > 0 && principal.role !== 'admin') {
      throw ValidationError.of({
        path: 'regions',
        value: batch.regions.length,
        rule: 'auth.scope',
        message: 'only an admin may write regions',
        messageZh: '仅管理员可写入行政区划',
      });
    }
    // Every write through the API is audited with the principal as its actor.
    options = {
      ...options,
      actor: { id: principal.id, role: principal.role, region: principal.region },
    };
    const refused = new Map<Kind, ValidationIssue[]>();
    for (const kind of KINDS) refused.set(kind, await check(kind, batch[kind] ?? [], batch));
    const all = [...refused.values()].flat();
    if (all.length === 0) return write(batch, options);
    if ((options?.mode ?? 'all-or-nothing') === 'all-or-nothing') {
      // Report the refused rows with every other problem of the batch, then write nothing.
      const others = parseBatch(batch).issues.filter(
        (i) => !all.some((r) => r.row === i.row && i.path.startsWith(r.path.split('.')[0]!)),
      );
      throw new ValidationError([...all, ...others].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
    }
    // valid-rows: write the rows in scope; renumber the store's rejections to the batch's rows.
    const kept: Record<string, unknown[]> = {};
    const originalRow: Record<string, number[]> = {};
    for (const kind of ['regions', ...KINDS] as const) {
      const rows = batch[kind] ?? [];
      const bad = new Set(kind === 'regions' ? [] : refused.get(kind)!.map((i) => i.row!));
      kept[kind] = [];
      originalRow[kind] = [];
      rows.forEach((row, i) => {
        if (bad.has(i + 1)) return;
        kept[kind]!.push(row);
        originalRow[kind]!.push(i + 1);
      });
    }
    const result = await write(kept as WriteBatch, options);
    const renumbered = result.rejected.map((issue) => {
      const kind = issue.path.split('.')[0] ?? '';
      const rows = originalRow[kind];
      return issue.row !== undefined && rows
        ? { ...issue, row: rows[issue.row - 1] ?? issue.row }
        : issue;
    });
    return {
      ...result,
      rejected: [...renumbered, ...all].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
    };
  }

  const within = (code: string | null | undefined) =>
    typeof code === 'string' && inScope(tree, principal, code);
  /**
   * The region filter of a list for this principal: the asked region when it is inside the
   * subtree, the principal's own region when none is asked or an ancestor is, `null` (nothing)
   * when the asked region is elsewhere or unknown.
   */
  const narrow = (region: string | undefined): string | null => {
    if (region === undefined) return principal.region;
    if (within(region)) return region;
    if (tree.has(region) && tree.isWithin(principal.region, region)) return principal.region;
    return null;
  };
  const empty = <T>(query: { limit?: number } | undefined): Page<T> => {
    pageLimit(query ?? {});
    return { items: [] };
  };
  /**
   * Whether the principal's subtree covers whole audit chains (a province or the root): then the
   * batch summaries of those chains, which carry no region, are its own too.
   */
  const root = tree.get(principal.region);
  const wholeChains = root !== undefined && (root.parent === null || root.level === 'province');
  const chainInScope = (entry: AuditEntry) =>
    entry.region !== null
      ? within(entry.region)
      : wholeChains &&
        (root.parent === null || entry.chain === principal.region.slice(0, entry.chain.length));

  async function listAudit(query: AuditQuery = {}): Promise<Page<AuditEntry>> {
    const region = narrow(query.region);
    if (region === null) return empty(query);
    if (!wholeChains || query.region !== undefined) return store.listAudit({ ...query, region });
    // A province (or root) principal: its chains' batch summaries too, filtered here; a page may
    // come back shorter than `limit`, its `next` still continues the list.
    const page = await store.listAudit(query);
    return { ...page, items: page.items.filter(chainInScope) };
  }

  const view: Store = {
    name: store.name,
    write: (batch, options) => scopedWrite(store.write.bind(store), batch, options),
    regionTree: () => store.regionTree(),
    getRegion: async (code) => (within(code) ? store.getRegion(code) : undefined),
    getEmployer: async (code) => {
      const found = await store.getEmployer(code);
      return found && within(found.region) ? found : undefined;
    },
    listEmployers: async (query = {}) => {
      const region = narrow(query.region);
      return region === null ? [] : store.listEmployers({ ...query, region });
    },
    getFact: async (id) => {
      const found = await store.getFact(id);
      return found && within(found.region) ? found : undefined;
    },
    listFacts: async (query = {}) => {
      const region = narrow(query.region);
      return region === null ? [] : store.listFacts({ ...query, region });
    },
    listDataValues: async (query = {}) => {
      const region = narrow(query.region);
      return region === null ? [] : store.listDataValues({ ...query, region });
    },
    get: async (kind, key) => {
      const found = await store.get(kind, key);
      const regionOf = RECORD_KINDS[kind].regionOf as (record: unknown) => string;
      return found && within(regionOf(found)) ? found : undefined;
    },
    page: async (kind, query = {}) => {
      const region = narrow(query.region);
      return region === null ? empty(query) : store.page(kind, { ...query, region });
    },
    searchEmployers: async (query = {}) => {
      const region = narrow(query.region);
      return region === null ? empty(query) : store.searchEmployers({ ...query, region });
    },
    listAudit,
    close: () => store.close(),
  };
  return view;
}

/** Sum of a write's counts of every kind (for responses). */
export function totalCounts(result: WriteResult): KindCounts {
  const sum = { inserted: 0, updated: 0, unchanged: 0 };
  for (const kind of ['regions', ...KINDS] as const) {
    sum.inserted += result[kind].inserted;
    sum.updated += result[kind].updated;
    sum.unchanged += result[kind].unchanged;
  }
  return sum;
}

/**
 * Write one batch for a principal (reporter or above); a batch refused only for rows outside the
 * subtree is a 403, other problems the store's own errors.
 */
export async function writeScoped(
  deps: Pick<Deps, 'store' | 'tree'>,
  principal: Principal,
  batch: WriteBatch,
): Promise<WriteResult> {
  requireRole(principal, 'reporter');
  const store = scopedStore(deps.store, await deps.tree(), principal);
  try {
    return await store.write(batch);
  } catch (error) {
    if (error instanceof ValidationError && error.issues.every((i) => i.rule === 'auth.scope')) {
      throw new ForbiddenError(error.message, error.messageZh, error.details);
    }
    throw error;
  }
}
