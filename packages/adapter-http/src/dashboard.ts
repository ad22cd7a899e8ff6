/**
 * @module dashboard
 * The server-rendered dashboard at `/` and `/dashboard?plan&region&period`: every request
 * evaluates the store for one region of the principal's subtree (the region and its children) and
 * renders `dashboardPage()` of `@occhealth/reports` with the app's China-time clock. Regions link
 * to their own pages (province → prefecture → county), reports link to `/reports/…`. No script,
 * nothing fetched: the page's CSP forbids it.
 */
import {
  isPeriodId,
  type Plan,
  parsePeriod,
  type Region,
  type RegionTree,
  regionsDeadlineStatuses,
} from '@occhealth/core';
import {
  type DashboardDeadline,
  type DashboardPlan,
  type DashboardReport,
  dashboardPage,
} from '@occhealth/reports';
import type { Context, Hono } from 'hono';
import { assertRegionInScope, type Deps, type Env } from './context.js';
import { HttpError } from './problem.js';
import { evaluateFor } from './routes/analysis.js';
import { planOf } from './routes/plans.js';

/** Options of the dashboard of {@link createApp} (`dashboard: true` takes the defaults). */
export interface DashboardOptions {
  /** Page title (default `<region>职业健康工作看板` · `Occupational-health dashboard: <region>`). */
  readonly title?: { readonly zh: string; readonly en: string };
  /** Period shown when the request names none (default: the year of the app's clock). */
  readonly period?: string;
  /** Lifetime of a browser session from `/login`, in ms (default 8 hours). */
  readonly sessionTtlMs?: number;
  /**
   * Secret the session cookies are sealed under (at least 32 characters; keep it out of the
   * code). Give the same secret after a restart and the browsers' sessions go on; default: a
   * random secret per app, so sessions end with the process. A session ends at once whatever the
   * secret when its token is revoked: every request resolves the token through `auth` again.
   */
  readonly sessionSecret?: string;
}

/** Content-Security-Policy of the page: inline styles and data: images only, no frame. */
export const DASHBOARD_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'self'";

const IDENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const REGION = /^[0-9A-Za-z]{6,12}$/;

function badQuery(field: string, value: string, rule: string, en: string, zh: string): HttpError {
  return new HttpError('BAD_REQUEST', `invalid query: ${field} ${en}`, `查询参数 ${field} ${zh}`, {
    issues: [{ path: `query.${field}`, value, rule, message: en, messageZh: zh }],
  });
}

/** The plans that cover `region` (a plan without a region covers every one). */
function plansCovering(plans: Iterable<Plan>, tree: RegionTree, region: string): Plan[] {
  return [...plans].filter(
    (p) => p.region === undefined || (tree.has(p.region) && tree.isWithin(region, p.region)),
  );
}

/** The query string of a dashboard or report link. */
const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();

/** Links to every report download of the page's region. */
function reportLinks(
  plans: readonly Plan[],
  region: Region,
  childLevel: string | undefined,
  period: string,
  year: string,
): DashboardReport[] {
  const links: DashboardReport[] = [];
  for (const plan of plans) {
    for (const format of ['xlsx', 'csv', 'html', 'md']) {
      links.push({
        label: { zh: `${plan.label.zh} 指标评估表`, en: `${plan.label.en}: evaluation table` },
        format,
        href: `reports/evaluation?${query({ format, plan: plan.id, region: region.code, period })}`,
      });
    }
    if (childLevel === undefined) continue;
    for (const indicator of plan.indicators) {
      if (indicator.kind !== 'proportion' && indicator.kind !== 'rate') continue;
      links.push({
        label: {
          zh: `${plan.label.zh} ${indicator.label.zh}排名`,
          en: `${plan.label.en}: ${indicator.label.en} ranking`,
        },
        format: 'xlsx',
        href: `reports/ranking?${query({ format: 'xlsx', plan: plan.id, region: region.code, period, indicator: indicator.id, level: childLevel })}`,
      });
    }
  }
  for (const format of ['xlsx', 'csv']) {
    links.push({
      label: { zh: `${year} 年报送时限`, en: `${year} reporting deadlines` },
      format,
      href: `reports/obligations?${query({ format, region: region.code, from: `${year}-01-01`, to: `${year}-12-31` })}`,
    });
  }
  return links;
}

/** What a dashboard page shows of the store: everything but the principal's breadcrumbs. */
interface PageData {
  readonly region: Region;
  readonly kids: readonly Region[];
  readonly plans: readonly Plan[];
  readonly evaluated: readonly DashboardPlan[];
  readonly deadlines: readonly DashboardDeadline[];
}

/** Evaluated pages kept at most; the least recently used go first. */
const PAGE_CACHE_SIZE = 32;

/**
 * Evaluated page data per (plan, region, period, China-time day, store change marker). The marker
 * is read before the data, so a cached page is never older than its marker; a write (from any
 * process) moves the marker and the next request recomputes. Requests for one key while it is
 * being computed share the computation. A store without `changeMarker()` is never cached.
 */
function pageCache(deps: Deps) {
  const pages = new Map<string, Promise<PageData>>();
  let lastMarker: string | undefined;
  return async (parts: readonly string[], compute: () => Promise<PageData>): Promise<PageData> => {
    const marker = await deps.store.changeMarker?.();
    if (marker === undefined) return compute();
    if (marker !== lastMarker) {
      // The store changed: the region tree cached for a few seconds may be older than the marker.
      if (lastMarker !== undefined) deps.invalidate();
      lastMarker = marker;
      pages.clear();
    }
    const key = JSON.stringify([...parts, marker]);
    let hit = pages.get(key);
    if (hit) {
      pages.delete(key); // re-insert: most recently used last
    } else {
      hit = compute();
      hit.catch(() => pages.delete(key));
      while (pages.size >= PAGE_CACHE_SIZE) pages.delete(pages.keys().next().value!);
    }
    pages.set(key, hit);
    return hit;
  };
}

/** Register `GET /` and `GET /dashboard` on `app`. */
export function dashboardRoutes(app: Hono<Env>, deps: Deps, options: DashboardOptions): void {
  const cached = pageCache(deps);
  const page = async (c: Context<Env>) => {
    const principal = c.get('principal');
    const q = c.req.query();
    const regionCode = q.region ?? principal.region;
    if (!REGION.test(regionCode)) {
      throw badQuery(
        'region',
        regionCode,
        'dashboard.region',
        'is not a region code',
        '不是区划代码',
      );
    }
    if (q.plan !== undefined && !IDENT.test(q.plan)) {
      throw badQuery('plan', q.plan, 'dashboard.plan', 'is not a plan id', '不是方案标识');
    }
    const day = deps.clock();
    const period = q.period ?? options.period ?? day.slice(0, 4);
    if (!isPeriodId(period)) {
      throw badQuery('period', period, 'dashboard.period', 'is not a period id', '不是期间标识');
    }
    const year = parsePeriod(period).start.slice(0, 4);
    if (q.plan !== undefined) planOf(deps, q.plan); // an unknown plan is a 404 before any work
    assertRegionInScope(await deps.tree(), principal, regionCode);
    const data = await cached([q.plan ?? '', regionCode, period, day], async () => {
      const tree = await deps.tree();
      const region = tree.get(regionCode)!;
      const kids = tree.children(region.code);
      const childLevel = kids[0]?.level;
      const plans =
        q.plan !== undefined
          ? [planOf(deps, q.plan)]
          : plansCovering(deps.plans.values(), tree, region.code);
      const levels = childLevel ? `${region.level},${childLevel}` : region.level;
      const evaluated: DashboardPlan[] = [];
      for (const plan of plans) {
        evaluated.push(
          await evaluateFor(deps, principal, {
            plan: plan.id,
            region: region.code,
            period,
            levels,
          }),
        );
      }
      const deadlines = await regionsDeadlineStatuses(
        deps.store,
        plans,
        [region, ...kids],
        `${year}-01-01`,
        `${year}-12-31`,
        day,
      );
      return { region, kids, plans, evaluated, deadlines };
    });
    const { region, kids, plans, evaluated, deadlines } = data;
    const childLevel = kids[0]?.level;
    const tree = await deps.tree();
    // Breadcrumbs from the principal's own region down to the page's parent.
    const ancestors: Region[] = [];
    for (let at = region.parent; at !== null && tree.has(at); at = tree.get(at)!.parent) {
      if (!tree.isWithin(at, principal.region)) break;
      ancestors.unshift(tree.get(at)!);
    }
    const html = dashboardPage({
      title: options.title ?? {
        zh: `${region.name.zh}职业健康工作看板`,
        en: `Occupational-health dashboard: ${region.name.en ?? region.name.zh}`,
      },
      clock: () => day,
      regions: [region, ...kids],
      ancestors,
      depth: 1,
      regionHref: (r) => `dashboard?${query({ region: r.code, plan: q.plan, period: q.period })}`,
      plans: evaluated,
      deadlines,
      reports: reportLinks(plans, region, childLevel, period, year),
      logoutAction: 'logout',
    });
    return c.html(html, 200, {
      'Content-Security-Policy': DASHBOARD_CSP,
      'Cache-Control': 'no-store',
      // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with the
      // log-out form, which the same-origin check must refuse.
      'Referrer-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    });
  };
  const guarded = deps.pipeline.handler(page);
  app.get('/', guarded);
  app.get('/dashboard', guarded);
}
