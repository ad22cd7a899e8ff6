/**
 * @module routes/regions
 * Regions: the principal's tree, one region's subtree, one region (with its ETag).
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  NotFoundError,
  REGION_LEVELS,
  type Region,
  type RegionTree,
  type Stored,
} from '@occhealth/core';
import type { Context } from 'hono';
import { assertRegionInScope, type Deps, type Env, plainResponse } from '../context.js';
import { router } from '../router.js';
import { bearer, etagOf, json, noQuery, problemResponses } from '../schemas.js';

const labelSchema = z.object({ zh: z.string(), en: z.string().optional() });

/** A region in responses. */
export const regionOut = z
  .object({
    code: z.string(),
    name: labelSchema,
    level: z.enum(REGION_LEVELS),
    parent: z.string().nullable(),
  })
  .openapi('Region');

const regionList = z
  .object({ root: z.string(), regions: z.array(regionOut) })
  .openapi('RegionList');

const codeParam = z.object({
  code: z
    .string()
    .regex(/^[0-9A-Za-z]{6,12}$/)
    .openapi({ param: { name: 'code', in: 'path' }, example: '530102' }),
});

const treeRoute = createRoute({
  method: 'get',
  path: '/regions',
  summary: 'Your region tree · 管辖范围内的行政区划',
  tags: ['regions'],
  security: bearer,
  request: { query: noQuery },
  responses: {
    200: json(regionList, 'Every region of your subtree, top down'),
    ...problemResponses,
  },
});

const subtreeRoute = createRoute({
  method: 'get',
  path: '/regions/{code}/subtree',
  summary: 'One region and everything under it · 下级行政区划',
  tags: ['regions'],
  security: bearer,
  request: { params: codeParam, query: noQuery },
  responses: { 200: json(regionList, 'The subtree, top down'), ...problemResponses },
});

const oneRoute = createRoute({
  method: 'get',
  path: '/regions/{code}',
  summary: 'One region · 单个行政区划',
  tags: ['regions'],
  security: bearer,
  request: { params: codeParam, query: noQuery },
  responses: {
    200: {
      ...json(regionOut.extend({ version: z.number().int() }), 'The region, with an ETag'),
      headers: z.object({ ETag: z.string() }),
    },
    304: { description: 'Not modified (If-None-Match matched)' },
    ...problemResponses,
  },
});

const out = (r: Region) => ({ code: r.code, name: r.name, level: r.level, parent: r.parent });

function subtreeOf(tree: RegionTree, code: string) {
  return { root: code, regions: tree.subtree(code).map(out) };
}

/** Region routes. */
export function regionRoutes(deps: Deps) {
  return router(deps)
    .openapi(treeRoute, async (c) => {
      const tree = await deps.tree();
      const principal = c.get('principal');
      assertRegionInScope(tree, principal, principal.region, 'principal.region');
      return c.json(subtreeOf(tree, principal.region), 200);
    })
    .openapi(subtreeRoute, async (c) => {
      const { code } = c.req.valid('param');
      const tree = await deps.tree();
      assertRegionInScope(tree, c.get('principal'), code);
      return c.json(subtreeOf(tree, code), 200);
    })
    .openapi(oneRoute, (c) => {
      // Synchronous while the tree and the region are cached: a cached read awaits nothing.
      const { code } = c.req.valid('param');
      const tree = deps.tree();
      return tree instanceof Promise
        ? tree.then<Response>((t) => oneRegion(c, deps, t, code))
        : oneRegion(c, deps, tree, code);
    });
}

/** The answer of `GET /regions/:code` once the tree is at hand. */
function oneRegion(
  c: Context<Env>,
  deps: Deps,
  tree: RegionTree,
  code: string,
): Response | Promise<Response> {
  assertRegionInScope(tree, c.get('principal'), code);
  const region = deps.region(code);
  return region instanceof Promise
    ? region.then<Response>((r) => regionResponse(c, code, r))
    : regionResponse(c, code, region);
}

function regionResponse(c: Context<Env>, code: string, region: Stored<Region> | undefined) {
  if (!region) throw new NotFoundError('region', code, '行政区划');
  const { body, etag } = serialised(region);
  if (c.req.header('If-None-Match') === etag) return plainResponse(c, null, 304, { ETag: etag });
  return plainResponse(c, body, 200, { 'Content-Type': 'application/json', ETag: etag });
}

/**
 * A region's response body and ETag, computed once per stored region object: `deps.region()`
 * hands out the same object while it is cached and a new one once it is re-read (after a write
 * through the app or when stale), so a changed region is never served from here.
 */
const bodies = new WeakMap<Stored<Region>, { body: string; etag: string }>();
function serialised(region: Stored<Region>): { body: string; etag: string } {
  let hit = bodies.get(region);
  if (!hit) {
    hit = {
      body: JSON.stringify({ ...out(region), version: region.version }),
      etag: etagOf(region),
    };
    bodies.set(region, hit);
  }
  return hit;
}
