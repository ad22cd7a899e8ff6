/**
 * @module templates/reconciliation
 * The reconciliation table: per indicator and region, the figures the region reported, the
 * figures its records give, the sum of its children's reports, and each classified difference
 * with the records involved; rows with a difference are highlighted in HTML.
 */
import type { Plan, Reconciliation, ReconciliationRow } from '@occhealth/core';
import { defineTable, type Lang, type Row, type Table, textIn } from '../model.js';

/** Options of {@link reconciliationTable}. */
export interface ReconciliationTableOptions {
  /** Only rows with at least one difference (default false: every row). */
  readonly onlyDifferences?: boolean;
  /** Language of the difference labels (default `both`). */
  readonly lang?: Lang;
  /** Records listed per difference at most (default 5; the rest are counted). */
  readonly maxRecords?: number;
}

function differencesText(row: ReconciliationRow, lang: Lang): string | null {
  if (row.differences.length === 0) return null;
  const role = {
    numerator: { zh: '分子', en: 'numerator' },
    denominator: { zh: '分母', en: 'denominator' },
    value: { zh: '值', en: 'value' },
  } as const;
  return row.differences
    .map((d) => {
      const amount = d.amount.isPositive() ? `+${d.amount.toFixed()}` : d.amount.toFixed();
      return `${textIn(role[d.role], lang)} ${amount}${lang === 'en' ? ': ' : '：'}${textIn(d.label, lang)}`;
    })
    .join(lang === 'en' ? '; ' : '；');
}

function recordsText(row: ReconciliationRow, max: number, lang: Lang): string | null {
  const parts: string[] = [];
  for (const d of row.differences) {
    const shown = d.records
      .slice(0, max)
      .map((r) =>
        r.reason ? `${r.id}${lang === 'en' ? ` (${r.reason})` : `（${r.reason}）`}` : r.id,
      );
    if (d.records.length > max) shown.push(`… +${d.records.length - max}`);
    parts.push(...shown);
  }
  return parts.length > 0 ? [...new Set(parts)].join(lang === 'en' ? ', ' : '，') : null;
}

/**
 * A table of a {@link Reconciliation}: region (indented by depth), indicator, the reported
 * numerator / denominator / value, the recomputed ones, the children's sums, the differences
 * (role, amount, class) and the records involved. Rows with a difference carry `highlight`.
 * @example
 * ```ts fragment
 * renderHtml([reconciliationTable(await reconcile({ plan, region, period, store }), plan)]);
 * ```
 */
export function reconciliationTable(
  reconciliation: Reconciliation,
  plan: Plan,
  options: ReconciliationTableOptions = {},
): Table {
  const lang = options.lang ?? 'both';
  const max = options.maxRecords ?? 5;
  const depthOf = new Map<string, number>();
  for (const row of reconciliation.rows) {
    const parentDepth = row.parent === null ? undefined : depthOf.get(row.parent);
    depthOf.set(row.region, parentDepth === undefined ? 0 : parentDepth + 1);
  }
  const rows: Row[] = reconciliation.rows
    .filter((r) => !options.onlyDifferences || r.differences.length > 0)
    .map((r) => ({
      indent: depthOf.get(r.region) ?? 0,
      highlight: r.differences.length > 0,
      cells: {
        region: r.regionName.zh,
        code: r.region,
        indicator: textIn(r.label, lang),
        reportedNumerator: r.reported?.numerator ?? null,
        reportedDenominator: r.reported?.denominator ?? null,
        reportedValue: r.reported?.value?.toFixed() ?? null,
        recomputedNumerator: r.recomputed.numerator,
        recomputedDenominator: r.recomputed.denominator,
        recomputedValue: r.recomputed.formatted,
        childrenNumerator: r.childrenSum?.numerator ?? null,
        childrenDenominator: r.childrenSum?.denominator ?? null,
        differences: differencesText(r, lang),
        records: recordsText(r, max, lang),
      },
    }));
  const count = { kind: 'count' as const };
  const differing = reconciliation.rows.filter((r) => r.differences.length > 0).length;
  return defineTable({
    id: `reconciliation.${reconciliation.plan.id}.${reconciliation.region}.${reconciliation.period}`,
    title: {
      zh: `上报数与记录对账表（${reconciliation.period}）`,
      en: `Reconciliation of reported figures with the records (${reconciliation.period})`,
    },
    columns: [
      { id: 'region', label: { zh: '地区', en: 'Region' }, type: { kind: 'text' } },
      { id: 'code', label: { zh: '区划代码', en: 'Code' }, type: { kind: 'text' } },
      { id: 'indicator', label: { zh: '指标', en: 'Indicator' }, type: { kind: 'text' } },
      {
        label: { zh: '上报数', en: 'Reported' },
        children: [
          { id: 'reportedNumerator', label: { zh: '分子', en: 'Numerator' }, type: count },
          { id: 'reportedDenominator', label: { zh: '分母', en: 'Denominator' }, type: count },
          {
            id: 'reportedValue',
            label: { zh: '值', en: 'Value' },
            type: { kind: 'text' },
            align: 'right',
          },
        ],
      },
      {
        label: { zh: '按记录重算', en: 'From the records' },
        children: [
          { id: 'recomputedNumerator', label: { zh: '分子', en: 'Numerator' }, type: count },
          { id: 'recomputedDenominator', label: { zh: '分母', en: 'Denominator' }, type: count },
          {
            id: 'recomputedValue',
            label: { zh: '值', en: 'Value' },
            type: { kind: 'text' },
            align: 'right',
          },
        ],
      },
      {
        label: { zh: '下级上报之和', en: "Children's reports summed" },
        children: [
          { id: 'childrenNumerator', label: { zh: '分子', en: 'Numerator' }, type: count },
          { id: 'childrenDenominator', label: { zh: '分母', en: 'Denominator' }, type: count },
        ],
      },
      { id: 'differences', label: { zh: '差异及分类', en: 'Differences' }, type: { kind: 'text' } },
      { id: 'records', label: { zh: '涉及记录', en: 'Records involved' }, type: { kind: 'text' } },
    ],
    rows,
    footnotes: [
      {
        zh: `共 ${reconciliation.rows.length} 行，其中 ${differing} 行有差异（高亮）。下级之和为分子、分母分别相加，从不对比率求和。`,
        en: `${reconciliation.rows.length} rows, ${differing} with a difference (highlighted). Children's sums add numerators and denominators, never rates.`,
      },
      {
        zh: `按记录重算的基准日：${reconciliation.referenceDate}；计划：${plan.id}${plan.version ? ` ${plan.version}` : ''}。`,
        en: `Records as of ${reconciliation.referenceDate}; plan ${plan.id}${plan.version ? ` ${plan.version}` : ''}.`,
      },
    ],
    source: { doc: plan.source.doc },
  });
}
