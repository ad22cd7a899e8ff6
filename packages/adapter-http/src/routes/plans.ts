/**
 * @module routes/plans
 * Policy packs (plans): list, one plan, and its indicators, targets, allocations, checklists and
 * forms. Plans are rules, not records: every authenticated principal may read them.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError, type Plan } from '@occhealth/core';
import type { Deps } from '../context.js';
import { router } from '../router.js';
import { bearer, idParam, json, noQuery, plain, problemResponses } from '../schemas.js';

const bilingual = z.object({ zh: z.string(), en: z.string().optional() });

const planSummary = z
  .object({
    id: z.string(),
    version: z.string().optional(),
    label: bilingual,
    source: z.looseObject({ doc: z.string() }),
    period: z.string().optional(),
    region: z.string().optional(),
    indicators: z.number().int(),
    targets: z.number().int(),
  })
  .openapi('PlanSummary');

const entries = z.object({ items: z.array(z.looseObject({})) });
const params = z.object({ id: idParam('id', 'yunnanSmeAssistance') });

const listRoute = createRoute({
  method: 'get',
  path: '/plans',
  summary: 'Policy packs · 政策包列表',
  tags: ['plans'],
  security: bearer,
  request: { query: noQuery },
  responses: { 200: json(z.object({ items: z.array(planSummary) }), 'Plans'), ...problemResponses },
});

const readRoute = createRoute({
  method: 'get',
  path: '/plans/{id}',
  summary: 'One policy pack · 单个政策包',
  tags: ['plans'],
  security: bearer,
  request: { params, query: noQuery },
  responses: {
    200: json(z.looseObject({ id: z.string() }), 'The whole plan'),
    ...problemResponses,
  },
});

type Part = 'indicators' | 'targets' | 'allocations' | 'checklists' | 'forms';
const ZH: Record<Part, string> = {
  indicators: '指标',
  targets: '目标',
  allocations: '任务分配',
  checklists: '工作清单',
  forms: '报表',
};

const partRoute = <P extends Part>(part: P) =>
  createRoute({
    method: 'get',
    path: `/plans/{id}/${part}` as `/plans/{id}/${P}`,
    summary: `A plan's ${part} · 政策包${ZH[part]}`,
    tags: ['plans'],
    security: bearer,
    request: { params, query: noQuery },
    responses: { 200: json(entries, `The plan's ${part}`), ...problemResponses },
  });

const summary = (p: Plan) => ({
  id: p.id,
  ...(p.version ? { version: p.version } : {}),
  label: p.label,
  source: p.source,
  ...(p.period ? { period: p.period } : {}),
  ...(p.region ? { region: p.region } : {}),
  indicators: p.indicators.length,
  targets: p.targets.length,
});

/** Look a plan up by id. @throws NotFoundError */
export function planOf(deps: Deps, id: string): Plan {
  const plan = deps.plans.get(id);
  if (!plan) throw new NotFoundError('plan', id, '政策包');
  return plan;
}

/** Plan routes. */
export function planRoutes(deps: Deps) {
  const part = (name: Part) => (id: string) => ({
    items: plain(planOf(deps, id)[name]) as Record<string, unknown>[],
  });
  const indicators = part('indicators');
  const targets = part('targets');
  const allocations = part('allocations');
  const checklists = part('checklists');
  const forms = part('forms');
  return router(deps)
    .openapi(listRoute, (c) => c.json({ items: [...deps.plans.values()].map(summary) }, 200))
    .openapi(readRoute, (c) =>
      c.json(plain(planOf(deps, c.req.valid('param').id)) as { id: string }, 200),
    )
    .openapi(partRoute('indicators'), (c) => c.json(indicators(c.req.valid('param').id), 200))
    .openapi(partRoute('targets'), (c) => c.json(targets(c.req.valid('param').id), 200))
    .openapi(partRoute('allocations'), (c) => c.json(allocations(c.req.valid('param').id), 200))
    .openapi(partRoute('checklists'), (c) => c.json(checklists(c.req.valid('param').id), 200))
    .openapi(partRoute('forms'), (c) => c.json(forms(c.req.valid('param').id), 200));
}
