/**
 * @module routes/reports
 * `GET /reports/{template}?format=xlsx|csv|html|md` through `@occhealth/reports`: the evaluation
 * table, a ranking of one indicator, and the reporting calendar, for a region of the principal's
 * subtree.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { isoDateSchema, obligationsDue, REGION_LEVELS } from '@occhealth/core';
import {
  evaluationTable,
  obligationKey,
  obligationsTable,
  rankingTable,
  renderCsv,
  renderHtml,
  renderMarkdown,
  renderXlsx,
  type Table,
} from '@occhealth/reports';
import { assertRegionInScope, type Deps } from '../context.js';
import { HttpError } from '../problem.js';
import { router } from '../router.js';
import { bearer, problemResponses, query } from '../schemas.js';
import { checkCalendarRange, evaluateFor, storedReportsOf } from './analysis.js';
import { planOf } from './plans.js';

/** Report templates served. */
export const REPORT_TEMPLATES = ['evaluation', 'ranking', 'obligations'] as const;
/** Output formats. */
export const REPORT_FORMATS = ['xlsx', 'csv', 'html', 'md'] as const;

const CONTENT_TYPES: Record<(typeof REPORT_FORMATS)[number], string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

const ident = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

const reportRoute = createRoute({
  method: 'get',
  path: '/reports/{template}',
  summary: 'A report file · 报表文件',
  description:
    '`evaluation` and `ranking` need plan, region and period (`ranking` also indicator and ' +
    'optionally level); `obligations` needs region, from and to (plan optional).',
  tags: ['reports'],
  security: bearer,
  request: {
    params: z.object({ template: z.enum(REPORT_TEMPLATES) }),
    query: query({
      format: z.enum(REPORT_FORMATS),
      plan: ident.optional(),
      region: z.string().regex(/^[0-9A-Za-z]{6,12}$/),
      period: z.string().min(4).max(32).optional(),
      indicator: ident.optional(),
      level: z.enum(REGION_LEVELS).optional(),
      asOf: isoDateSchema.optional(),
      from: isoDateSchema.optional(),
      to: isoDateSchema.optional(),
      lang: z.enum(['zh', 'en', 'both']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'The file',
      content: {
        [CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string() },
        'text/html': { schema: z.string() },
        'text/markdown': { schema: z.string() },
      },
    },
    ...problemResponses,
  },
});

const missing = (field: string) =>
  new HttpError(
    'BAD_REQUEST',
    `query parameter ${field} is required for this template`,
    `该报表须提供查询参数 ${field}`,
    {
      issues: [
        {
          path: `query.${field}`,
          value: undefined,
          rule: 'report.required',
          message: 'required for this template',
          messageZh: '该报表必填',
        },
      ],
    },
  );

/** Report routes. */
export function reportRoutes(deps: Deps) {
  return router(deps).openapi(reportRoute, async (c) => {
    const { template } = c.req.valid('param');
    const q = c.req.valid('query');
    const principal = c.get('principal');
    const lang = q.lang ?? 'both';
    let table: Table;
    if (template === 'obligations') {
      if (!q.from) throw missing('from');
      if (!q.to) throw missing('to');
      checkCalendarRange(q.from, q.to);
      const tree = await deps.tree();
      assertRegionInScope(tree, principal, q.region);
      const plans = q.plan ? [planOf(deps, q.plan)] : [...deps.plans.values()];
      const region = tree.get(q.region)!;
      const instances = plans.flatMap((p) => obligationsDue(p, region, q.from!, q.to!));
      instances.sort((a, b) => a.deadline.localeCompare(b.deadline));
      const submitted: Record<string, string> = {};
      for (const report of (await storedReportsOf(deps, region.code, instances)).values()) {
        if (report.firstSubmittedOn) submitted[obligationKey(report)] = report.firstSubmittedOn;
      }
      table = obligationsTable(instances, { today: deps.clock(), lang, submitted });
    } else {
      if (!q.plan) throw missing('plan');
      if (!q.period) throw missing('period');
      if (template === 'ranking' && !q.indicator) throw missing('indicator');
      const { plan, evaluation } = await evaluateFor(deps, principal, {
        plan: q.plan,
        region: q.region,
        period: q.period,
        asOf: q.asOf,
        ...(template === 'ranking' ? { indicators: q.indicator } : {}),
      });
      table =
        template === 'ranking'
          ? rankingTable(evaluation, plan, q.indicator!, {
              lang,
              ...(q.level ? { level: q.level } : {}),
            })
          : evaluationTable(evaluation, plan, { lang });
    }
    const name = `${template}-${q.region}${q.period ? `-${q.period}` : ''}.${q.format}`;
    const headers = {
      'Content-Type': CONTENT_TYPES[q.format],
      'Content-Disposition': `attachment; filename="${name}"`,
    };
    switch (q.format) {
      case 'xlsx': {
        const bytes = await renderXlsx([table], { lang });
        return c.body(new Uint8Array(bytes), 200, headers);
      }
      case 'csv':
        return c.body(renderCsv(table, { lang }), 200, headers);
      case 'html':
        return c.body(renderHtml([table], { lang }), 200, headers);
      case 'md':
        return c.body(renderMarkdown(table, { lang }), 200, headers);
    }
  });
}
