/**
 * @module routes/employers
 * Employers (用人单位): create, read, update with `If-Match`, and a list with cursor pagination
 * and search by name, credit code, industry and hazard class. Every call sees only employers of
 * the principal's subtree; one outside it is "not found", so its existence is not told.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  type Employer,
  employerSchema,
  HAZARD_LEVELS,
  NotFoundError,
  regionCodeSchema,
  type Stored,
} from '@occhealth/core';
import { requireRole } from '../auth.js';
import { assertRegionInScope, type Deps, inScope } from '../context.js';
import { cursorOf, pageBody, pageQuery, pageSchema } from '../pagination.js';
import { router } from '../router.js';
import {
  bearer,
  etagOf,
  json,
  noQuery,
  plain,
  problemResponses,
  query,
  versionFromIfMatch,
  writeProblemResponses,
} from '../schemas.js';
import { writeScoped } from '../scoped-store.js';
import { assertPathMatchesBody, writeIfMatch } from '../versioned.js';

/** Most employers one page holds. */
export const MAX_PAGE = 500;

/** An employer in responses. */
export const employerOut = z
  .looseObject({
    creditCode: z.string(),
    name: z.string(),
    region: z.string(),
    size: z.string(),
    hazardLevel: z.string(),
    version: z.number().int(),
  })
  .openapi('Employer');

const page = pageSchema(employerOut).openapi('EmployerPage');

const codeParam = z.object({
  creditCode: z
    .string()
    .regex(/^[0-9A-Z]{18}$/)
    .openapi({ param: { name: 'creditCode', in: 'path' }, example: '91530102RPUQ7RBXFR' }),
});

const listQuery = query({
  region: regionCodeSchema.optional().openapi({ description: 'Subtree (default: yours)' }),
  name: z.string().min(1).max(64).optional().openapi({ description: 'Name contains' }),
  creditCode: z
    .string()
    .regex(/^[0-9A-Z]{1,18}$/)
    .optional()
    .openapi({ description: 'Credit code starts with' }),
  industry: z
    .string()
    .regex(/^[A-T][0-9]{0,4}$/)
    .optional()
    .openapi({ description: 'GB/T 4754 code starts with, e.g. C30' }),
  hazardLevel: z.enum(HAZARD_LEVELS).optional(),
  ...pageQuery(z.string().regex(/^[0-9A-Z]{18}$/), { max: MAX_PAGE, default: 50 }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/employers',
  summary: 'Search employers · 查询用人单位',
  tags: ['employers'],
  security: bearer,
  request: { query: listQuery },
  responses: { 200: json(page, 'One page, ordered by credit code'), ...problemResponses },
});

const body = { required: true, content: { 'application/json': { schema: employerSchema } } };

const createRouteDef = createRoute({
  method: 'post',
  path: '/employers',
  summary: 'Register an employer · 新增用人单位',
  tags: ['employers'],
  security: bearer,
  request: { query: noQuery, body },
  responses: {
    201: { ...json(employerOut, 'Created'), headers: z.object({ ETag: z.string() }) },
    ...writeProblemResponses,
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/employers/{creditCode}',
  summary: 'One employer · 单个用人单位',
  tags: ['employers'],
  security: bearer,
  request: { params: codeParam, query: noQuery },
  responses: {
    200: { ...json(employerOut, 'The employer'), headers: z.object({ ETag: z.string() }) },
    ...problemResponses,
  },
});

const updateRoute = createRoute({
  method: 'put',
  path: '/employers/{creditCode}',
  summary: 'Update an employer (If-Match) · 更新用人单位',
  tags: ['employers'],
  security: bearer,
  request: {
    params: codeParam,
    query: noQuery,
    headers: z.object({ 'if-match': z.string().max(64).optional() }),
    body,
  },
  responses: {
    200: { ...json(employerOut, 'Updated'), headers: z.object({ ETag: z.string() }) },
    ...writeProblemResponses,
  },
});

const out = (e: Stored<Employer>) => plain(e) as z.infer<typeof employerOut>;

/** Employer routes. */
export function employerRoutes(deps: Deps) {
  const visible = async (principal: Parameters<typeof inScope>[1], code: string) => {
    const employer = await deps.store.getEmployer(code);
    if (!employer || !inScope(await deps.tree(), principal, employer.region)) {
      throw new NotFoundError('employer', code, '用人单位');
    }
    return employer;
  };
  return router(deps)
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const principal = c.get('principal');
      const tree = await deps.tree();
      const region = q.region ?? principal.region;
      assertRegionInScope(tree, principal, region);
      const limit = q.limit ?? 50;
      const cursor = cursorOf(c, q);
      const name = q.name?.toLowerCase();
      const all = await deps.store.listEmployers({ region });
      const items: Stored<Employer>[] = [];
      let more = false;
      for (const e of all) {
        if (cursor !== undefined && e.creditCode <= cursor) continue;
        if (q.creditCode !== undefined && !e.creditCode.startsWith(q.creditCode)) continue;
        if (q.industry !== undefined && !(e.industry ?? '').startsWith(q.industry)) continue;
        if (q.hazardLevel !== undefined && e.hazardLevel !== q.hazardLevel) continue;
        if (name !== undefined && !e.name.toLowerCase().includes(name)) continue;
        if (items.length === limit) {
          more = true;
          break;
        }
        items.push(e);
      }
      const last = items.at(-1);
      return c.json(pageBody(items.map(out), more && last ? last.creditCode : undefined), 200);
    })
    .openapi(createRouteDef, async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'reporter');
      const employer = c.req.valid('json');
      await writeScoped(deps, principal, { employers: [{ ...employer, expectedVersion: 0 }] });
      const saved = (await deps.store.getEmployer(employer.creditCode))!;
      return c.json(out(saved), 201, {
        ETag: etagOf(saved),
        Location: `/employers/${saved.creditCode}`,
      });
    })
    .openapi(readRoute, async (c) => {
      const { creditCode } = c.req.valid('param');
      const employer = await visible(c.get('principal'), creditCode);
      return c.json(out(employer), 200, { ETag: etagOf(employer) });
    })
    .openapi(updateRoute, async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'reporter');
      const { creditCode } = c.req.valid('param');
      const expected = versionFromIfMatch(c.req.header('If-Match'));
      const employer = c.req.valid('json');
      assertPathMatchesBody('creditCode', employer.creditCode, creditCode);
      const current = await visible(principal, creditCode);
      await writeIfMatch(
        deps,
        principal,
        { noun: { en: 'employer', zh: '用人单位' }, key: creditCode, stored: current.version },
        expected,
        { employers: [{ ...employer, expectedVersion: expected }] },
      );
      const saved = (await deps.store.getEmployer(creditCode))!;
      return c.json(out(saved), 200, { ETag: etagOf(saved) });
    });
}
