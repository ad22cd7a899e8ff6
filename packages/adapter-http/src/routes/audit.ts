/**
 * @module routes/audit
 * The audit trail for admins: `GET /audit` lists the entries of the admin's subtree in write
 * order, one cursor page at a time (a prefecture admin sees the rows of its prefecture; a
 * province admin also its province chain's batch summaries), and `GET /audit/verify` checks the
 * hash chains its subtree's entries belong to. A chain is a province: verifying it reads every
 * entry of that chain, but the answer names only the first failing entry when it is the admin's
 * own, so verification never reveals another region's rows.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  type AuditEntry,
  auditChainOf,
  BATCH_KINDS,
  ForbiddenError,
  isoDateSchema,
  verifyAuditChain,
} from '@occhealth/core';
import type { Principal } from '../auth.js';
import { assertRegionInScope, type Deps, inScope } from '../context.js';
import { cursorOf, pageBody, pageQuery, pageSchema } from '../pagination.js';
import { router } from '../router.js';
import { bearer, json, plain, problemResponses, query } from '../schemas.js';
import { scopedStore } from '../scoped-store.js';

const regionParam = z
  .string()
  .regex(/^[0-9A-Za-z]{6,12}$/)
  .openapi({ example: '530300' });

/** An audit entry in responses (personal fields are hashed by the store). */
export const auditEntryOut = z
  .looseObject({
    seq: z.number().int(),
    chain: z.string(),
    chainSeq: z.number().int(),
    at: z.string(),
    op: z.enum(['insert', 'update', 'batch-insert']),
    kind: z.enum(BATCH_KINDS),
    key: z.string().nullable(),
    region: z.string().nullable(),
    actor: z.looseObject({ id: z.string(), role: z.string(), region: z.string() }),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const listRoute = createRoute({
  method: 'get',
  path: '/audit',
  summary: 'The audit trail of your subtree (admins) · 审计日志',
  tags: ['audit'],
  security: bearer,
  request: {
    query: query({
      region: regionParam.optional(),
      kind: z.enum(BATCH_KINDS).optional(),
      key: z.string().min(1).max(256).optional(),
      actor: z.string().min(1).max(128).optional(),
      from: isoDateSchema.optional(),
      to: isoDateSchema.optional(),
      ...pageQuery(z.string().max(4000), { max: 1000, default: 100 }),
    }),
  },
  responses: {
    200: json(
      pageSchema(auditEntryOut, { legacyNext: true }).openapi('AuditPage'),
      'One page of entries, oldest first; pass `nextCursor` as `cursor` for the next page',
    ),
    ...problemResponses,
  },
});

const verifyRoute = createRoute({
  method: 'get',
  path: '/audit/verify',
  summary: 'Verify the audit hash chains of your subtree (admins) · 校验审计链',
  tags: ['audit'],
  security: bearer,
  request: { query: query({ region: regionParam.optional() }) },
  responses: {
    200: json(
      z
        .object({
          ok: z.boolean(),
          chains: z.array(z.string()),
          seq: z.number().int().optional().openapi({ description: 'First failing entry (yours)' }),
          reason: z.enum(['hash', 'link', 'order']).optional(),
          detail: z.string().optional(),
        })
        .openapi('AuditVerification'),
      'Whether every entry of the chains verifies',
    ),
    ...problemResponses,
  },
});

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') {
    throw new ForbiddenError(
      'only an admin may read the audit trail',
      '只有管理员可以查看审计日志',
      {
        path: 'role',
        value: principal.role,
        rule: 'auth.role',
      },
    );
  }
}

/** Audit routes. */
export function auditRoutes(deps: Deps) {
  return router(deps)
    .openapi(listRoute, async (c) => {
      const principal = c.get('principal');
      requireAdmin(principal);
      const q = c.req.valid('query');
      const cursor = cursorOf(c, q);
      const tree = await deps.tree();
      if (q.region !== undefined) assertRegionInScope(tree, principal, q.region);
      const page = await scopedStore(deps.store, tree, principal).listAudit({
        ...(q.region ? { region: q.region } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.key ? { key: q.key } : {}),
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(cursor ? { after: cursor } : {}),
        limit: q.limit ?? 100,
      });
      return c.json(
        pageBody(plain(page.items) as z.infer<typeof auditEntryOut>[], page.next, {
          legacyNext: true,
        }),
        200,
      );
    })
    .openapi(verifyRoute, async (c) => {
      const principal = c.get('principal');
      requireAdmin(principal);
      const tree = await deps.tree();
      const region = c.req.valid('query').region ?? principal.region;
      assertRegionInScope(tree, principal, region);
      // The chains (provinces) of the subtree: the root's subtree spans every chain.
      const chains = new Set(
        tree.get(region)?.parent === null
          ? tree
              .children(region)
              .map((r) => auditChainOf(r.code))
              .concat(auditChainOf(region))
          : [auditChainOf(region)],
      );
      // The verifier stops in the page it was last given: keep it to find the failing entry.
      let last: readonly AuditEntry[] = [];
      const result = await verifyAuditChain({
        listAudit: async (query) => {
          const page = await deps.store.listAudit(query);
          last = page.items.filter((e) => chains.has(e.chain));
          return { ...page, items: [...last] };
        },
      });
      const lang = c.get('lang');
      if (result.ok) return c.json({ ok: true, chains: [...chains].sort() }, 200);
      // Name the failing entry only when it is the admin's own.
      const failing = last.find((e) => e.seq === result.seq);
      const own =
        failing !== undefined &&
        (failing.region !== null
          ? inScope(tree, principal, failing.region)
          : tree.get(principal.region)?.level === 'province' ||
            tree.get(principal.region)?.parent === null);
      return c.json(
        {
          ok: false,
          chains: [...chains].sort(),
          reason: result.reason,
          ...(own ? { seq: result.seq } : {}),
          detail: own
            ? lang === 'zh'
              ? result.messageZh
              : result.message
            : lang === 'zh'
              ? `链 ${result.chain} 未通过校验，请联系上级管理员`
              : `chain ${result.chain} does not verify; ask the administrator above you`,
        },
        200,
      );
    });
}
