/**
 * @module routes/analysis
 * `GET /evaluate`, `GET /explain` and `GET /obligations`: the core's evaluation, one figure's
 * explanation, and the reporting calendar with statuses as of today in China time (from the app's
 * injected clock, never the machine's time zone). Every region asked for must be in the
 * principal's subtree, and results cover only that region's subtree.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  DEFAULT_DUE_SOON_DAYS,
  deadlineStatuses,
  type Evaluation,
  evaluate,
  isoDateSchema,
  NotFoundError,
  type ObligationInstance,
  obligationsDue,
  type Plan,
  parsePeriod,
  REGION_LEVELS,
  REPORT_STATUSES,
  type RegionLevel,
  reportKey,
  SUBMISSION_STATES,
  type SubmissionRecord,
} from '@occhealth/core';
import type { Principal } from '../auth.js';
import { assertRegionInScope, type Deps } from '../context.js';
import { HttpError } from '../problem.js';
import { router } from '../router.js';
import { bearer, json, plain, problemResponses, query } from '../schemas.js';
import { planOf } from './plans.js';

const regionParam = z
  .string()
  .regex(/^[0-9A-Za-z]{6,12}$/)
  .openapi({ example: '530000' });
const planParam = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  .openapi({ example: 'yunnanSmeAssistance' });
const periodParam = z.string().min(4).max(32).openapi({ example: '2025' });
const listParam = (description: string) =>
  z
    .string()
    .max(2000)
    .regex(/^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$/)
    .optional()
    .openapi({ description });

const resultOut = z.looseObject({
  indicator: z.string(),
  region: z.string(),
  level: z.enum(REGION_LEVELS),
  numerator: z.string().nullable(),
  denominator: z.string().nullable(),
  value: z.string().nullable(),
  formatted: z.string().nullable(),
  status: z.enum(['met', 'not-met', 'no-data', 'not-applicable']),
});

/** An evaluation in responses (Decimals as strings). */
export const evaluationOut = z
  .object({
    plan: z.string(),
    planVersion: z.string().optional(),
    region: z.string(),
    period: z.string(),
    referenceDate: z.string(),
    via: z.enum(['aggregate', 'memory']),
    results: z.array(resultOut),
  })
  .openapi('Evaluation');

const evaluateQuery = query({
  plan: planParam,
  region: regionParam,
  period: periodParam,
  levels: listParam(`Comma-separated levels: ${REGION_LEVELS.join(', ')}`),
  indicators: listParam('Comma-separated indicator ids'),
  explanations: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: "Include each figure's explanation (default false; see /explain)" }),
  asOf: isoDateSchema.optional().openapi({
    description:
      'Reference date (default: today in China time when inside the period, else its last day)',
  }),
});

const evaluateRoute = createRoute({
  method: 'get',
  path: '/evaluate',
  summary: 'Evaluate a plan for a region and period · 指标评估',
  tags: ['evaluation'],
  security: bearer,
  request: { query: evaluateQuery },
  responses: {
    200: json(evaluationOut, 'Every indicator at every region of the subtree'),
    ...problemResponses,
  },
});

const explainRoute = createRoute({
  method: 'get',
  path: '/explain',
  summary: 'Explain one figure back to its records · 指标解释',
  tags: ['evaluation'],
  security: bearer,
  request: {
    query: query({
      plan: planParam,
      indicator: planParam,
      region: regionParam,
      period: periodParam,
      asOf: isoDateSchema.optional(),
    }),
  },
  responses: {
    200: json(resultOut, 'The figure with its explanation and records'),
    ...problemResponses,
  },
});

const obligationOut = z.object({
  plan: z.string(),
  obligationId: z.string(),
  label: z.looseObject({ zh: z.string() }),
  what: z.string(),
  period: z.string(),
  deadline: z.string(),
  window: z.looseObject({}),
  status: z.enum(REPORT_STATUSES).openapi({
    description:
      'on-time / late: first submitted on or before / after the deadline; missing: deadline ' +
      'passed without a submission; due-soon / not-yet-due otherwise',
  }),
  submission: z
    .object({
      id: z.string(),
      state: z.enum(SUBMISSION_STATES),
      firstSubmittedOn: z.string().optional(),
      lastSubmittedOn: z.string().optional(),
    })
    .nullable()
    .openapi({ description: "The region's stored report of this instance, if any" }),
});

const obligationsRoute = createRoute({
  method: 'get',
  path: '/obligations',
  summary: 'Reports due in a date range, with statuses · 报送日历',
  tags: ['calendar'],
  security: bearer,
  request: {
    query: query({
      region: regionParam,
      from: isoDateSchema,
      to: isoDateSchema,
      plan: planParam.optional().openapi({ description: 'Default: every plan' }),
      dueSoonDays: z.coerce.number().int().min(0).max(366).optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ today: z.string(), items: z.array(obligationOut) }).openapi('Obligations'),
      'Instances due in the range, statuses from the deadline, the stored report and today',
    ),
    ...problemResponses,
  },
});

/** Longest date range of a calendar query, in days (about three years). */
export const MAX_CALENDAR_DAYS = 1100;

/**
 * Refuse (400) a calendar range longer than {@link MAX_CALENDAR_DAYS}: the instances of every
 * plan over a century would be a denial of service, not a question.
 */
export function checkCalendarRange(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > MAX_CALENDAR_DAYS) {
    throw new HttpError(
      'BAD_REQUEST',
      `the range from ${from} to ${to} is longer than ${MAX_CALENDAR_DAYS} days`,
      `查询区间 ${from} 至 ${to} 超过 ${MAX_CALENDAR_DAYS} 天`,
      {
        issues: [
          {
            path: 'query.to',
            value: to,
            rule: 'calendar.range-length',
            message: `at most ${MAX_CALENDAR_DAYS} days after from`,
            messageZh: `距 from 不得超过 ${MAX_CALENDAR_DAYS} 天`,
          },
        ],
      },
    );
  }
}

/**
 * The stored reports of one region for calendar instances, by {@link reportKey}: the state and
 * first submission date the statuses are computed from (the core's `deadlineStatuses()`, the one
 * helper of `/obligations`, `/reports/obligations` and the dashboard).
 */
export async function storedReportsOf(
  deps: Deps,
  region: string,
  instances: readonly ObligationInstance[],
): Promise<Map<string, SubmissionRecord>> {
  const out = new Map<string, SubmissionRecord>();
  for (const row of await deadlineStatuses(deps.store, region, instances, deps.clock())) {
    if (row.report) out.set(reportKey(row.report), row.report);
  }
  return out;
}

/** The options shared by evaluate, explain and the report templates. */
export interface EvaluateQuery {
  readonly plan: string;
  readonly region: string;
  readonly period: string;
  readonly levels?: string | undefined;
  readonly indicators?: string | undefined;
  readonly asOf?: string | undefined;
}

/** Evaluate for a principal: the region must be in its subtree; "today" is the app's clock. */
export async function evaluateFor(
  deps: Deps,
  principal: Principal,
  q: EvaluateQuery,
  extra: { explain?: { regions: string[] } } = {},
): Promise<{ plan: Plan; evaluation: Evaluation }> {
  const plan = planOf(deps, q.plan);
  assertRegionInScope(await deps.tree(), principal, q.region);
  let asOf = q.asOf;
  if (asOf === undefined) {
    const period = parsePeriod(q.period);
    const today = deps.clock();
    if (today >= period.start && today <= period.end) asOf = today;
  }
  const evaluation = await evaluate({
    plan,
    region: q.region,
    period: q.period,
    store: deps.store,
    ...(q.levels ? { levels: q.levels.split(',') as RegionLevel[] } : {}),
    ...(q.indicators ? { indicators: q.indicators.split(',') } : {}),
    ...(asOf ? { asOf } : {}),
    ...extra,
  });
  return { plan, evaluation };
}

/** Evaluation, explanation and calendar routes. */
export function analysisRoutes(deps: Deps) {
  return router(deps)
    .openapi(evaluateRoute, async (c) => {
      const q = c.req.valid('query');
      const { evaluation } = await evaluateFor(deps, c.get('principal'), q);
      const body =
        q.explanations === 'true'
          ? evaluation
          : { ...evaluation, results: evaluation.results.map(({ explanation: _, ...r }) => r) };
      // One JSON pass: Decimal's toJSON writes each figure as its exact string.
      return c.json(body as unknown as z.infer<typeof evaluationOut>, 200);
    })
    .openapi(explainRoute, async (c) => {
      const q = c.req.valid('query');
      const { evaluation } = await evaluateFor(
        deps,
        c.get('principal'),
        { ...q, indicators: q.indicator, levels: undefined },
        { explain: { regions: [q.region] } },
      );
      const result = evaluation.results.find((r) => r.region === q.region);
      if (!result) throw new NotFoundError('indicator', q.indicator, '指标');
      return c.json(plain(result) as z.infer<typeof resultOut>, 200);
    })
    .openapi(obligationsRoute, async (c) => {
      const q = c.req.valid('query');
      checkCalendarRange(q.from, q.to);
      const tree = await deps.tree();
      assertRegionInScope(tree, c.get('principal'), q.region);
      const region = tree.get(q.region)!;
      const plans = q.plan ? [planOf(deps, q.plan)] : [...deps.plans.values()];
      const today = deps.clock();
      const instances = plans.flatMap((plan) =>
        obligationsDue(plan, region, q.from, q.to).map((i) => ({ plan, i })),
      );
      const rows = await deadlineStatuses(
        deps.store,
        region.code,
        instances.map(({ i }) => i),
        today,
        { dueSoonDays: q.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS },
      );
      const items = rows.map(({ instance: i, report, status }, n) => {
        const plan = instances[n]!.plan;
        return {
          plan: plan.id,
          obligationId: i.obligationId,
          label: i.obligation.label as { zh: string },
          what: i.obligation.what,
          period: i.period,
          deadline: i.deadline,
          window: plain(i.window) as Record<string, unknown>,
          status,
          submission: report
            ? {
                id: report.id,
                state: report.state,
                ...(report.firstSubmittedOn ? { firstSubmittedOn: report.firstSubmittedOn } : {}),
                ...(report.lastSubmittedOn ? { lastSubmittedOn: report.lastSubmittedOn } : {}),
              }
            : null,
        };
      });
      items.sort(
        (a, b) =>
          a.deadline.localeCompare(b.deadline) || a.obligationId.localeCompare(b.obligationId),
      );
      return c.json({ today, items }, 200);
    });
}
