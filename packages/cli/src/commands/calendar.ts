/**
 * @module commands/calendar
 * `occhealth calendar <db> --region --from --to [--plan]`: the reports a region owes, with their
 * deadlines, sources and statuses as of today in China.
 */
import {
  type ObligationInstance,
  obligationsDue,
  PLANS,
  type Plan,
  REPORT_STATUS_LABELS,
  type Region,
  type RegionTree,
  type ReportStatus,
  statusForDeadline,
} from '@occhealth/core';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
} from '../context.js';
import { todayOf } from '../failure.js';
import { renderTables, tableFormatOf } from '../render.js';
import { emit, printJson, regionOf, required, resolvePlan, withStore } from '../shared.js';

/** Options of {@link calendarCommand}. */
export interface CalendarCommandOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
  /** Region code. */
  readonly region?: string;
  /** First day (`YYYY-MM-DD`). */
  readonly from?: string;
  /** Last day (`YYYY-MM-DD`). */
  readonly to?: string;
  /** Only this plan (a pack id or a JSON plan file); default every pack that covers the region. */
  readonly plan?: string;
  /** `table` (default), `json`, `csv`, `xlsx`, `html` or `md`. */
  readonly format?: string;
  /** Output file. */
  readonly out?: string;
}

/** One deadline of a region with its plan and status on `today`. */
export interface DeadlineRow {
  /** Plan id. */
  readonly plan: string;
  /** The obligation instance. */
  readonly instance: ObligationInstance;
  /** Status on `today` (no submission known: not yet due, due soon or missing). */
  readonly status: ReportStatus;
}

/**
 * The plans that cover `region`: packs without a region, or issued for it or one of its ancestors.
 * @example
 * ```ts
 * const tree = RegionTree.build([
 *   { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null },
 *   { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' },
 * ]);
 * // the national pack and Yunnan's; not Henan's (410000), Yongqing's (131023) nor Yaohai's (340102)
 * console.log(plansCovering(tree, tree.get('530100')!).map((p) => p.id).sort().join(' '));
 * // → national-14th-fyp yunnan-sme-assistance
 * ```
 */
export function plansCovering(
  tree: RegionTree,
  region: Region,
  plans: readonly Plan[] = PLANS,
): Plan[] {
  return plans.filter(
    (p) => p.region === undefined || (tree.has(p.region) && tree.isWithin(region.code, p.region)),
  );
}

/**
 * The deadlines of `region` in `from`..`to` under `plans`, sorted by deadline.
 * @internal
 */
export function deadlinesOf(
  plans: readonly Plan[],
  region: Region,
  from: string,
  to: string,
  today: string,
): DeadlineRow[] {
  const rows: DeadlineRow[] = [];
  for (const plan of plans) {
    for (const instance of obligationsDue(plan, region, from, to)) {
      rows.push({
        plan: plan.id,
        instance,
        status: statusForDeadline(instance.deadline, undefined, today),
      });
    }
  }
  return rows.sort((a, b) =>
    a.instance.deadline < b.instance.deadline
      ? -1
      : a.instance.deadline > b.instance.deadline
        ? 1
        : 0,
  );
}

/**
 * Print the deadlines a region owes between two days.
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await calendarCommand(ctx, { db: 'occhealth.db', region: '530300', from: '2025-01-01', to: '2025-12-31' });
 * ```
 */
export async function calendarCommand(
  ctx: CommandContext,
  options: CalendarCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const format = tableFormatOf(options);
  const from = required('--from', options.from);
  const to = required('--to', options.to);
  const only = options.plan === undefined ? undefined : resolvePlan(ctx, options.plan);
  const today = todayOf(ctx);
  const rows = await withStore(ctx, options.db, async (store) => {
    const region = await regionOf(store, options.region);
    const tree = (await store.regionTree())!;
    return deadlinesOf(only ? [only] : plansCovering(tree, region), region, from, to, today);
  });
  if (format === 'json') {
    emit(
      ctx,
      options.out,
      JSON.stringify({
        today,
        deadlines: rows.map((r) => ({
          plan: r.plan,
          obligation: r.instance.obligationId,
          label: r.instance.obligation.label,
          period: r.instance.period,
          deadline: r.instance.deadline,
          status: r.status,
          statusLabel: REPORT_STATUS_LABELS[r.status],
          source: r.instance.obligation.source,
        })),
      }),
    );
    return EXIT.ok;
  }
  const { obligationsTable } = await import('@occhealth/reports');
  const table = obligationsTable(
    rows.map((r) => r.instance),
    { today, lang },
  );
  const path = emit(ctx, options.out, await renderTables([table], format, lang));
  if (path && options.json) printJson(ctx, { out: path });
  return EXIT.ok;
}
