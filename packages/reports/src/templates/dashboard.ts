/**
 * @module templates/dashboard
 * The dashboard: ONE standalone HTML page (inline CSS and SVG, no script, no framework, nothing
 * fetched) of the plans' indicators against their targets for a region tree — drill down
 * province → prefecture → county through anchors — with rankings, the year's reporting deadlines
 * and their statuses, and links to every report download. Pure: the caller evaluates, and passes
 * a China-time clock for "today".
 */
import {
  type Evaluation,
  type IndicatorResult,
  type IsoDate,
  isCalendarDate,
  type ObligationInstance,
  type Plan,
  REPORT_STATUS_LABELS,
  type Region,
  type ReportStatus,
  statusForDeadline,
  ValidationError,
} from '@occhealth/core';
import { rankingChart } from '../charts.js';
import { escapeHtml, FONT } from '../html.js';

/** One plan's evaluation on the dashboard. */
export interface DashboardPlan {
  /** The plan evaluated. */
  readonly plan: Plan;
  /** `evaluate()`'s result for the dashboard's root region. */
  readonly evaluation: Evaluation;
}

/** One reporting deadline on the dashboard. */
export interface DashboardDeadline {
  /** Id of the plan the obligation belongs to. */
  readonly plan: string;
  /** The instance from `obligationsDue()`. */
  readonly instance: ObligationInstance;
  /**
   * The region whose report it is, shown beside the obligation (a dashboard of several regions
   * lists each region's own deadlines).
   */
  readonly region?: Pick<Region, 'code' | 'name'>;
  /**
   * Day the report was first submitted, when known (`deadlineStatuses()` of the core reads it from
   * the stored reports): without it a past deadline shows as missing.
   */
  readonly submitted?: IsoDate;
}

/** A report the dashboard links to. */
export interface DashboardReport {
  /** Link text, e.g. `{ zh: '指标评估表', en: 'Evaluation table' }`. */
  readonly label: { readonly zh: string; readonly en: string };
  /** Format shown beside the link, e.g. `xlsx`. */
  readonly format: string;
  /** Relative or absolute URL of the download. */
  readonly href: string;
}

/** Input of {@link dashboardPage}. */
export interface DashboardInput {
  /** Page title. */
  readonly title: { readonly zh: string; readonly en: string };
  /** Today in China (`YYYY-MM-DD`), called once: every status and "as of" on the page uses it. */
  readonly clock: () => IsoDate;
  /** The region tree (root first, parents before children). */
  readonly regions: readonly Region[];
  /** The plans' evaluations. */
  readonly plans: readonly DashboardPlan[];
  /** The year's deadlines (statuses computed here against the clock). */
  readonly deadlines: readonly DashboardDeadline[];
  /** Report downloads. */
  readonly reports: readonly DashboardReport[];
  /** Regions at most this deep below the root get a section (default 2: prefecture and county). */
  readonly depth?: number;
  /**
   * Where a region's link goes. Default: its section on this page (`#r-<code>`); a server gives
   * each region its own page (e.g. `dashboard?region=530300`), so a drill-down is one request per
   * level.
   */
  readonly regionHref?: (region: Region) => string;
  /** Regions above the root (topmost first), shown as breadcrumbs linked by `regionHref`. */
  readonly ancestors?: readonly Region[];
  /**
   * Where the header's log-out button posts (a server's session route, e.g. `logout`); no button
   * without it.
   */
  readonly logoutAction?: string;
}

const STATUS: Record<IndicatorResult['status'], { zh: string; en: string; colour: string }> = {
  met: { zh: '达标', en: 'met', colour: '#2e7d32' },
  'not-met': { zh: '未达标', en: 'not met', colour: '#c62828' },
  'no-data': { zh: '无数据', en: 'no data', colour: '#757575' },
  'not-applicable': { zh: '无目标', en: 'no target', colour: '#546e7a' },
};

const DEADLINE_COLOUR: Record<ReportStatus, string> = {
  'not-yet-due': '#546e7a',
  'due-soon': '#ef6c00',
  'on-time': '#2e7d32',
  late: '#f9a825',
  missing: '#c62828',
};

const e = escapeHtml;
const anchor = (code: string) => `r-${code}`;

function badge(text: string, colour: string): string {
  return `<span class="badge" style="background:${colour}">${e(text)}</span>`;
}

function valueText(r: IndicatorResult): string {
  if (r.formatted === null) return '—';
  return `${r.formatted}${r.unit.en === '%' ? '%' : ''}`;
}

/** A progress bar of a value against its target (percent indicators only). */
function bar(r: IndicatorResult): string {
  if (r.unit.en !== '%' || r.value === null) return '';
  const width = Math.max(0, Math.min(100, r.value.toNumber()));
  const target = r.target ? Math.max(0, Math.min(100, Number(r.target.value))) : undefined;
  const colour = STATUS[r.status].colour;
  return `<svg class="bar" viewBox="0 0 100 8" width="120" height="10" role="img" aria-label="${e(valueText(r))}"><rect width="100" height="8" fill="#eceff1"/><rect width="${width.toFixed(2)}" height="8" fill="${colour}"/>${target === undefined ? '' : `<line x1="${target}" x2="${target}" y1="0" y2="8" stroke="#212121" stroke-width="0.8"/>`}</svg>`;
}

function check(input: DashboardInput): IsoDate {
  const today = input.clock();
  if (typeof today !== 'string' || !isCalendarDate(today)) {
    throw ValidationError.of({
      path: 'clock',
      value: today,
      rule: 'dashboard.clock',
      message: 'the clock must return a calendar day YYYY-MM-DD (China time)',
      messageZh: '时钟应返回 YYYY-MM-DD 格式的日期（中国时间）',
    });
  }
  if (input.regions.length === 0) {
    throw ValidationError.of({
      path: 'regions',
      value: [],
      rule: 'dashboard.regions',
      message: 'the dashboard needs the region tree (at least its root)',
      messageZh: '仪表板需要区划树（至少包含根区划）',
    });
  }
  return today;
}

/**
 * The dashboard page. Each region of the tree (down to `depth` levels below the root) has a
 * section (`#r-<code>`) with a breadcrumb back up, its figures for every plan against their
 * targets (value, bar, target, status, gap, rank among siblings), and its children's statuses as
 * links one level down. Then the rankings of the root's children and of the deepest level, the
 * deadlines with their statuses on `clock()`, and the report downloads.
 * @throws ValidationError when the clock gives no calendar day or there is no region.
 * @example
 * ```ts check
 * declare const tree: RegionTree; // await store.regionTree()
 * declare const plan: Plan;
 * declare const evaluation: Evaluation; // from evaluate()
 * const html = dashboardPage({
 *   title: { zh: '职业健康工作看板', en: 'Occupational-health dashboard' },
 *   clock: () => todayInChina(),
 *   regions: tree.all(),
 *   plans: [{ plan, evaluation }],
 *   deadlines: obligationsDue(plan, 'prefecture', '2025-01-01', '2025-12-31').map((instance) => ({ plan: plan.id, instance })),
 *   reports: [{ label: { zh: '评估表', en: 'Evaluation' }, format: 'xlsx', href: 'evaluation.xlsx' }],
 * });
 * ```
 */
export function dashboardPage(input: DashboardInput): string {
  const today = check(input);
  const depthLimit = input.depth ?? 2;
  const byCode = new Map(input.regions.map((r) => [r.code, r]));
  const children = new Map<string, Region[]>();
  for (const r of input.regions) {
    if (r.parent !== null && byCode.has(r.parent)) {
      const list = children.get(r.parent) ?? [];
      list.push(r);
      children.set(r.parent, list);
    }
  }
  const root = input.regions.find((r) => r.parent === null || !byCode.has(r.parent))!;
  const results = new Map<string, IndicatorResult[]>(); // plan|region → results
  for (const { plan, evaluation } of input.plans) {
    for (const r of evaluation.results) {
      const key = `${plan.id}|${r.region}`;
      const list = results.get(key) ?? [];
      list.push(r);
      results.set(key, list);
    }
  }
  const name = (r: Region) => `${r.name.zh}${r.name.en ? ` · ${r.name.en}` : ''}`;
  const hrefOf = input.regionHref ?? ((r: Region) => `#${anchor(r.code)}`);
  const link = (r: Region) => `<a href="${e(hrefOf(r))}">${e(r.name.zh)}</a>`;

  // Sections, depth first so that a county follows its prefecture.
  const sections: string[] = [];
  const visit = (region: Region, depth: number, path: Region[]) => {
    const kids = children.get(region.code) ?? [];
    const crumbs = [...path.map(link), `<strong>${e(region.name.zh)}</strong>`].join(' › ');
    const parts = [
      `<section id="${anchor(region.code)}" class="region">`,
      `<nav class="crumbs">${crumbs}</nav>`,
      `<h2>${e(name(region))} <small>${e(region.code)} · ${e(region.level)}</small></h2>`,
    ];
    for (const { plan } of input.plans) {
      const own = results.get(`${plan.id}|${region.code}`) ?? [];
      if (own.length === 0) continue;
      parts.push(`<h3>${e(plan.label.zh)} <small>${e(plan.label.en)}</small></h3>`);
      parts.push(
        '<table><thead><tr><th>指标 indicator</th><th>值 value</th><th></th><th>目标 target</th><th>状态 status</th><th>差距 gap</th><th>排名 rank</th></tr></thead><tbody>',
      );
      for (const r of own) {
        const s = STATUS[r.status];
        parts.push(
          `<tr><td>${e(r.label.zh)}<br><small>${e(r.label.en)}</small></td><td class="num">${e(valueText(r))}</td><td>${bar(r)}</td><td class="num">${r.target ? e(`${r.target.comparator} ${r.target.value}`) : '—'}</td><td>${badge(`${s.zh} ${s.en}`, s.colour)}</td><td class="num">${r.gap && r.gap.action !== 'none' ? e(`${r.gap.action === 'add' ? '+' : '−'}${r.gap.units.toString()}`) : '—'}</td><td class="num">${r.rank !== undefined ? `${r.rank}/${r.rankOf}` : '—'}</td></tr>`,
        );
      }
      parts.push('</tbody></table>');
      if (kids.length > 0 && depth < depthLimit) {
        const indicators = own.map((r) => r.indicator);
        parts.push(
          `<table class="grid"><thead><tr><th>下级 sub-region</th>${own.map((r) => `<th>${e(r.label.zh)}</th>`).join('')}</tr></thead><tbody>`,
        );
        for (const kid of kids) {
          const kidResults = new Map(
            (results.get(`${plan.id}|${kid.code}`) ?? []).map((r) => [r.indicator, r]),
          );
          parts.push(
            `<tr><td>${link(kid)}</td>${indicators
              .map((id) => {
                const r = kidResults.get(id);
                if (!r) return '<td>—</td>';
                return `<td class="num" style="color:${STATUS[r.status].colour}">${e(valueText(r))}</td>`;
              })
              .join('')}</tr>`,
          );
        }
        parts.push('</tbody></table>');
      }
    }
    parts.push('</section>');
    sections.push(parts.join('\n'));
    if (depth < depthLimit) for (const kid of kids) visit(kid, depth + 1, [...path, region]);
  };
  visit(root, 0, [...(input.ancestors ?? [])]);

  // Rankings: the root's children, and the deepest level shown, on every percent indicator.
  const rankings: string[] = [];
  for (const { plan, evaluation } of input.plans) {
    const ids = [...new Set(evaluation.results.map((r) => r.indicator))];
    for (const id of ids) {
      const sample = evaluation.results.find((r) => r.indicator === id)!;
      if (sample.unit.en !== '%') continue;
      const childLevel = children.get(root.code)?.[0]?.level;
      if (!childLevel) continue;
      const ranked = evaluation.results
        .filter((r) => r.indicator === id && r.level === childLevel && r.value !== null)
        .sort((a, b) => b.value!.comparedTo(a.value!));
      if (ranked.length === 0) continue;
      const target = sample.target ? Number(sample.target.value) : undefined;
      rankings.push(
        `<figure>${rankingChart(
          `${plan.label.zh} · ${sample.label.zh}`,
          ranked.slice(0, 20).map((r) => ({ label: r.regionName.zh, value: r.value! })),
          target === undefined ? {} : { target },
        )}</figure>`,
      );
    }
  }

  const deadlineRows = [...input.deadlines]
    .sort((a, b) =>
      a.instance.deadline < b.instance.deadline
        ? -1
        : a.instance.deadline > b.instance.deadline
          ? 1
          : 0,
    )
    .map((d) => {
      const status = statusForDeadline(d.instance.deadline, d.submitted, today);
      const label = REPORT_STATUS_LABELS[status];
      const src = d.instance.obligation.source;
      const where = d.region
        ? `<small>${e(d.region.name.zh)}（${e(d.region.code)}）</small><br>`
        : '';
      return `<tr><td>${e(d.instance.deadline)}</td><td>${where}${e(d.instance.obligation.label.zh)}<br><small>${e(d.instance.obligation.label.en)}</small></td><td>${e(d.plan)}</td><td>${e(d.instance.period)}</td><td>${badge(`${label.zh} ${label.en}`, DEADLINE_COLOUR[status])}</td><td>${e(`${src.doc} ${src.clause}`)}</td></tr>`;
    });

  const tree = (region: Region, depth: number): string => {
    const kids = depth < depthLimit ? (children.get(region.code) ?? []) : [];
    return `<li>${link(region)}${kids.length > 0 ? `<ul>${kids.map((k) => tree(k, depth + 1)).join('')}</ul>` : ''}</li>`;
  };

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(input.title.zh)} · ${e(input.title.en)}</title>
<style>
body { font-family: ${FONT}; margin: 0; color: #212121; background: #fafafa; }
header { background: #1a4f8b; color: #fff; padding: 12px 20px; }
header h1 { margin: 0; font-size: 20px; }
main { display: grid; grid-template-columns: 260px 1fr; gap: 16px; padding: 16px; }
aside { font-size: 13px; max-height: 90vh; overflow: auto; position: sticky; top: 8px; }
aside ul { padding-left: 14px; margin: 2px 0; }
section { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 16px; margin-bottom: 16px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid #eeeeee; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { color: #fff; border-radius: 3px; padding: 1px 6px; font-size: 12px; white-space: nowrap; }
.crumbs { font-size: 12px; color: #616161; }
.logout { float: right; }
small { color: #757575; }
figure { margin: 8px 0; }
a { color: #1a4f8b; }
</style>
</head>
<body>
<header>${input.logoutAction === undefined ? '' : `<form class="logout" method="post" action="${e(input.logoutAction)}"><button type="submit">退出登录 · Log out</button></form>`}<h1>${e(input.title.zh)} · ${e(input.title.en)}</h1><div>数据截至 as of <time id="today" datetime="${e(today)}">${e(today)}</time> · ${input.plans.map((p) => e(p.plan.label.zh)).join('；')}</div></header>
<main>
<aside><h2>区划 Regions</h2><ul>${tree(root, 0)}</ul>
<h2>导航 Sections</h2><ul><li><a href="#rankings">排名 Rankings</a></li><li><a href="#deadlines">报送时限 Deadlines</a></li><li><a href="#reports">报表下载 Reports</a></li></ul></aside>
<div>
${sections.join('\n')}
<section id="rankings"><h2>排名 Rankings</h2>${rankings.join('\n') || '<p>—</p>'}</section>
<section id="deadlines"><h2>报送时限 Reporting deadlines</h2>
<table><thead><tr><th>截止 due</th><th>事项 obligation</th><th>方案 plan</th><th>期间 period</th><th>状态 status（${e(today)}）</th><th>依据 source</th></tr></thead><tbody>
${deadlineRows.join('\n') || '<tr><td colspan="6">—</td></tr>'}
</tbody></table></section>
<section id="reports"><h2>报表下载 Reports</h2><ul>
${input.reports.map((r) => `<li><a href="${e(r.href)}" download>${e(r.label.zh)} · ${e(r.label.en)}</a> <small>${e(r.format)}</small></li>`).join('\n')}
</ul></section>
</div>
</main>
</body>
</html>
`;
}
