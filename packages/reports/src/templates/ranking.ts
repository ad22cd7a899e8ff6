/**
 * @module templates/ranking
 * The county ranking bulletin (seed 002's practice of 评估排名): the regions of one level ranked
 * on one indicator, best first, with value, target, status and gap.
 */
import type { Evaluation, Plan, RegionLevel } from '@occhealth/core';
import { defineTable, type Lang, type Table, textIn } from '../model.js';
import { forecastFootnote, gapCell, STATUS_TEXT, VERDICT_TEXT, valueCell } from './evaluation.js';

/** Options of {@link rankingTable}. */
export interface RankingTableOptions {
  /** Level ranked (default `county`). */
  readonly level?: RegionLevel;
  /** Language of statuses (default `both`). */
  readonly lang?: Lang;
}

/**
 * The regions of `level` ranked on `indicator` across the whole evaluation (ties share a rank, as
 * in 1, 1, 3), best first by the indicator's direction; regions without a value come last unranked.
 * The rank is computed here over all regions of the level, not among siblings as `evaluate()` does.
 * @example
 * ```ts check
 * declare const plan: Plan;
 * declare const evaluation: Evaluation; // from evaluate()
 * console.log(renderText(rankingTable(evaluation, plan, 'declarationRate')));
 * ```
 */
export function rankingTable(
  evaluation: Evaluation,
  plan: Plan,
  indicator: string,
  options: RankingTableOptions = {},
): Table {
  const level = options.level ?? 'county';
  const lang = options.lang ?? 'both';
  const results = evaluation.results.filter((r) => r.indicator === indicator && r.level === level);
  const names = new Map(evaluation.results.map((r) => [r.region, r.regionName]));
  const lowerIsBetter = results.some(
    (r) => r.target?.comparator === '<=' || r.target?.comparator === '<',
  );
  const withValue = results
    .filter((r) => r.rounded !== null)
    .sort(
      (a, b) =>
        (lowerIsBetter ? a.rounded!.cmp(b.rounded!) : b.rounded!.cmp(a.rounded!)) ||
        a.region.localeCompare(b.region),
    );
  const rankOf = new Map<string, number>();
  withValue.forEach((r, i) => {
    const previous = withValue[i - 1];
    rankOf.set(
      r.region,
      previous && previous.rounded!.eq(r.rounded!) ? rankOf.get(previous.region)! : i + 1,
    );
  });
  const ordered = [...withValue, ...results.filter((r) => r.rounded === null)];
  const label = results[0]?.label ?? { zh: indicator, en: indicator };
  const forecasts = results.some((r) => r.forecast !== undefined);
  return defineTable({
    id: `ranking.${evaluation.plan}.${indicator}.${evaluation.period}`,
    title: {
      zh: `${label.zh}排名（${evaluation.period}）`,
      en: `Ranking: ${label.en} (${evaluation.period})`,
    },
    columns: [
      { id: 'rank', label: { zh: '排名', en: 'Rank' }, type: { kind: 'count' } },
      { id: 'region', label: { zh: '地区', en: 'Region' }, type: { kind: 'text' } },
      { id: 'parent', label: { zh: '所属地区', en: 'Within' }, type: { kind: 'text' } },
      { id: 'value', label: { zh: '值', en: 'Value' }, type: { kind: 'count' } },
      { id: 'target', label: { zh: '目标', en: 'Target' }, type: { kind: 'text' } },
      { id: 'status', label: { zh: '状态', en: 'Status' }, type: { kind: 'text' } },
      { id: 'gap', label: { zh: '差距', en: 'Gap' }, type: { kind: 'count', signed: true } },
      ...(forecasts
        ? [
            {
              id: 'verdict',
              label: { zh: '年底预判', en: 'Year-end forecast' },
              type: { kind: 'text' as const },
            },
          ]
        : []),
    ],
    rows: ordered.map((r) => {
      const parent = r.parent ? names.get(r.parent) : undefined;
      return {
        cells: {
          rank: rankOf.get(r.region) ?? null,
          region: r.regionName.zh,
          parent: parent?.zh ?? null,
          value: valueCell(r, r.value),
          target: r.target ? `${r.target.comparator} ${r.target.value}` : null,
          status: textIn(STATUS_TEXT[r.status], lang),
          gap: gapCell(r.gap),
          ...(forecasts && r.forecast
            ? { verdict: textIn(VERDICT_TEXT[r.forecast.verdict], lang) }
            : {}),
        },
      };
    }),
    footnotes: [
      {
        zh: '按发布值（修约后）排名，并列者名次相同。',
        en: 'Ranked on the published (rounded) value; ties share a rank.',
      },
      ...(forecasts ? [forecastFootnote(evaluation)] : []),
    ],
    source: { doc: plan.source.doc },
  });
}
