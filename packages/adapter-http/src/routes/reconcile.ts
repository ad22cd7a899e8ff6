/**
 * @module routes/reconcile
 * `GET /reconcile`: the core's reconciliation of reported figures with the records and the
 * children's reports, every difference classified, for a region in the principal's subtree
 * (the rows cover only that region's subtree).
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  DIFFERENCE_CLASSES,
  isoDateSchema,
  parsePeriod,
  REGION_LEVELS,
  reconcile,
} from '@occhealth/core';
import { assertRegionInScope, type Deps } from '../context.js';
import { router } from '../router.js';
import { bearer, json, plain, problemResponses, query } from '../schemas.js';
import { planOf } from './plans.js';

const figuresOut = z.looseObject({
  numerator: z.string().nullable(),
  denominator: z.string().nullable(),
  value: z.string().nullable(),
});

const differenceOut = z.looseObject({
  class: z.enum(DIFFERENCE_CLASSES),
  label: z.looseObject({ zh: z.string(), en: z.string() }),
  role: z.enum(['numerator', 'denominator', 'value']),
  reported: z.string(),
  compared: z.string(),
  amount: z.string(),
  records: z.array(
    z.looseObject({
      type: z.enum(['employer', 'fact', 'data-value', 'region', 'submission']),
      id: z.string(),
      region: z.string(),
    }),
  ),
});

const rowOut = z.looseObject({
  indicator: z.string(),
  region: z.string(),
  level: z.enum(REGION_LEVELS),
  parent: z.string().nullable(),
  reported: figuresOut.nullable(),
  recomputed: figuresOut,
  childrenSum: z
    .looseObject({
      numerator: z.string().nullable(),
      denominator: z.string().nullable(),
      reporting: z.array(z.string()),
      notReporting: z.array(z.string()),
    })
    .nullable(),
  differences: z.array(differenceOut),
});

/** A reconciliation in responses (Decimals as strings). */
export const reconciliationOut = z
  .object({
    plan: z.looseObject({ id: z.string() }),
    region: z.string(),
    period: z.string(),
    referenceDate: z.string(),
    obligation: z.string().optional(),
    rows: z.array(rowOut),
  })
  .openapi('Reconciliation');

const idParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);

const reconcileRoute = createRoute({
  method: 'get',
  path: '/reconcile',
  summary: 'Reconcile reported figures with the records · 上报数对账',
  description:
    "Per indicator mapped to reported data elements and per region of the subtree: the region's reported figures, the figures recomputed from the records, the sum of its children's reports, and each difference classified (missing-from-store, excluded-by-rule, children-not-in-sum, numerator-changed, denominator-changed, rounding-only, value-inconsistent) with the records involved.",
  tags: ['evaluation'],
  security: bearer,
  request: {
    query: query({
      plan: idParam.openapi({ example: 'yongqing-final-evaluation' }),
      region: z
        .string()
        .regex(/^[0-9A-Za-z]{6,12}$/)
        .openapi({ example: '131023' }),
      period: z.string().min(4).max(32).openapi({ example: '2025' }),
      obligation: idParam.optional().openapi({
        description: "Only this obligation's reports and mappings (default: all)",
      }),
      asOf: isoDateSchema.optional().openapi({
        description:
          'Recompute the records as of this day (default: today in China time inside the period, else its last day)',
      }),
      differences: z
        .enum(['only', 'all'])
        .optional()
        .openapi({ description: '`only`: rows with a difference (default `all`)' }),
    }),
  },
  responses: {
    200: json(reconciliationOut, 'Every mapped indicator at every region of the subtree'),
    ...problemResponses,
  },
});

/** The reconciliation route. */
export function reconcileRoutes(deps: Deps) {
  return router(deps).openapi(reconcileRoute, async (c) => {
    const q = c.req.valid('query');
    const plan = planOf(deps, q.plan);
    assertRegionInScope(await deps.tree(), c.get('principal'), q.region);
    let asOf = q.asOf;
    if (asOf === undefined) {
      const period = parsePeriod(q.period);
      const today = deps.clock();
      if (today >= period.start && today <= period.end) asOf = today;
    }
    const result = await reconcile({
      plan,
      region: q.region,
      period: q.period,
      store: deps.store,
      ...(q.obligation ? { obligation: q.obligation } : {}),
      ...(asOf ? { asOf } : {}),
    });
    const rows =
      q.differences === 'only' ? result.rows.filter((r) => r.differences.length > 0) : result.rows;
    return c.json(plain({ ...result, rows }) as z.infer<typeof reconciliationOut>, 200);
  });
}
