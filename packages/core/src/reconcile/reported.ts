/**
 * @module reconcile/reported
 * The figures regions reported: the data values of their submitted or approved reports, read once
 * for a subtree and a period, and looked up by region and data element.
 */
import { Decimal } from 'decimal.js';
import type { SubmissionRecord } from '../calendar/workflow.js';
import type { Store, Stored } from '../store/port.js';

/** One reported value and the report it comes from. */
export interface ReportedValue {
  /** The reported value. */
  readonly value: Decimal;
  /** Key of the report (`obligation|region|period`). */
  readonly submission: string;
  /** The obligation of the report. */
  readonly obligationId: string;
  /** The state of the report read. */
  readonly state: 'submitted' | 'approved';
}

/** The reports of a subtree and period, indexed for lookups. */
export interface ReportIndex {
  /**
   * The value of `element` reported by `region`, from a report of `obligation` (any obligation
   * when absent): an approved report wins over a submitted one, then the latest submission.
   */
  valueOf(region: string, element: string, obligation?: string): ReportedValue | undefined;
  /** The report a region would be read from for `obligation` (same preference). */
  reportOf(region: string, obligation?: string): Stored<SubmissionRecord> | undefined;
}

function rank(s: SubmissionRecord): string {
  return `${s.state === 'approved' ? '1' : '0'}|${s.lastSubmittedOn ?? ''}|${s.obligationId}`;
}

/**
 * Read every submitted or approved report with data values of `period` in the subtree of `region`.
 * Drafts and returned reports are not figures anyone reported.
 * @example
 * ```ts fragment
 * const reports = await readReports(store, { region: '530000', period: '2025' });
 * reports.valueOf('530102', 'monitoredPosts')?.value.toFixed(); // '40'
 * ```
 */
export async function readReports(
  store: Store,
  input: { readonly region: string; readonly period: string },
): Promise<ReportIndex> {
  const stored: Stored<SubmissionRecord>[] = [];
  let after: string | undefined;
  do {
    const page = await store.page('submissions', {
      region: input.region,
      where: { period: input.period },
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    stored.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  const byRegion = new Map<string, Stored<SubmissionRecord>[]>();
  for (const s of stored) {
    if (s.state !== 'submitted' && s.state !== 'approved') continue;
    if (s.content?.type !== 'values') continue;
    const list = byRegion.get(s.region) ?? [];
    list.push(s);
    byRegion.set(s.region, list);
  }
  for (const list of byRegion.values()) list.sort((a, b) => (rank(a) < rank(b) ? 1 : -1));
  const candidates = (region: string, obligation?: string) =>
    (byRegion.get(region) ?? []).filter(
      (s) => obligation === undefined || s.obligationId === obligation,
    );
  return {
    reportOf: (region, obligation) => candidates(region, obligation)[0],
    valueOf(region, element, obligation) {
      for (const s of candidates(region, obligation)) {
        if (s.content?.type !== 'values') continue;
        const v = s.content.values.find((x) => x.dataElement === element);
        if (v)
          return {
            value: new Decimal(v.value),
            submission: s.id,
            obligationId: s.obligationId,
            state: s.state as 'submitted' | 'approved',
          };
      }
      return undefined;
    },
  };
}
