/**
 * @module routes/health
 * `GET /health` and `GET /version`: public, no token needed, no data.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../context.js';
import { router } from '../router.js';
import { json, noQuery } from '../schemas.js';
import { VERSION } from '../version.js';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness · 健康检查',
  tags: ['meta'],
  request: { query: noQuery },
  responses: { 200: json(z.object({ status: z.literal('ok') }), 'The service answers') },
});

const versionRoute = createRoute({
  method: 'get',
  path: '/version',
  summary: 'Package version · 版本',
  tags: ['meta'],
  request: { query: noQuery },
  responses: {
    200: json(z.object({ name: z.string(), version: z.string(), store: z.string() }), 'Versions'),
  },
});

/** Health and version routes. */
export function healthRoutes(deps: Deps) {
  return router(deps)
    .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(versionRoute, (c) =>
      c.json({ name: '@occhealth/adapter-http', version: VERSION, store: deps.store.name }, 200),
    );
}
