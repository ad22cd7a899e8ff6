/**
 * @module routes/parties
 * The registry's other parties: institutions (机构), departments (部门) and contacts (联系人) —
 * a list of the principal's subtree with cursor pagination, read, create, and update with
 * `If-Match`; their bulk import is `POST /imports/{kind}`. A record outside the subtree is "not
 * found". A contact's name, phone and email are personal: in clear only for an approver or admin,
 * as their hash (`sha256:…`, the audit trail's) for everyone else, and never in a problem document.
 */
import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import {
  contactSchema,
  departmentSchema,
  institutionSchema,
  NotFoundError,
  personalFields,
  personalHash,
  type RecordOf,
  readableRecord,
  regionCodeSchema,
  type Stored,
} from '@occhealth/core';
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../auth.js';
import { requireRole } from '../auth.js';
import { assertRegionInScope, type Deps, type Env, inScope } from '../context.js';
import { cursorOf, pageBody, pageQuery, pageSchema } from '../pagination.js';
import { redactingHook, router } from '../router.js';
import {
  bearer,
  etagOf,
  json,
  noQuery,
  plain,
  problemResponses,
  query,
  recordIdParam,
  versionFromIfMatch,
  writeProblemResponses,
} from '../schemas.js';
import { writeScoped } from '../scoped-store.js';
import { assertPathMatchesBody, type Noun, writeIfMatch } from '../versioned.js';

/** The party kinds served, by path segment. */
type PartyKind = 'institutions' | 'departments' | 'contacts';

/** Most records one page of a party list holds. */
export const MAX_PARTY_PAGE = 500;

interface PartyDefinition<K extends PartyKind, P extends string> {
  readonly kind: K;
  readonly path: P;
  readonly noun: Noun;
  readonly schema: z.ZodType;
  readonly example: string;
  readonly note?: string;
}

/**
 * The store's audit secret, read once per store: the key of the hashes a reader without personal
 * access is shown (the audit trail's own), so they cannot be reversed by hashing candidates.
 */
const secrets = new WeakMap<Deps['store'], Promise<string | undefined>>();
function secretOf(store: Deps['store']): Promise<string | undefined> {
  let secret = secrets.get(store);
  if (!secret) {
    secret = store.auditSecret ? store.auditSecret() : Promise.resolve(undefined);
    // A failed read (a dropped connection) is not kept: the next request tries again.
    secret.catch(() => secrets.delete(store));
    secrets.set(store, secret);
  }
  return secret;
}

const stored = z.object({ id: z.string(), region: z.string(), version: z.number().int() });

/**
 * Before an update is validated: a personal field sent back as the hash its reader was shown
 * (`readableRecord`) is replaced by the stored value, so a reporter can update a contact it may
 * not read in clear without erasing its name, phone or email.
 */
function keepHashedPersonal(deps: Deps, kind: PartyKind): MiddlewareHandler<Env> {
  const fields = personalFields(kind);
  return async (c, next) => {
    const current =
      fields.length > 0 ? await deps.store.get(kind, c.req.param('id') ?? '') : undefined;
    if (!current || !inScope(await deps.tree(), c.get('principal'), current.region)) return next();
    let body: unknown;
    try {
      body = await c.req.raw.clone().json();
    } catch {
      return next();
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return next();
    const record = body as Record<string, unknown>;
    const stored = current as unknown as Record<string, unknown>;
    const secret = await secretOf(deps.store);
    let changed = false;
    for (const field of fields) {
      const was = stored[field];
      if (was !== undefined && was !== null && record[field] === personalHash(was, secret)) {
        record[field] = was;
        changed = true;
      }
    }
    if (changed) {
      c.req.raw = new Request(c.req.raw, { body: JSON.stringify(record) });
    }
    return next();
  };
}

/** The routes of one party kind. */
function partyKindRoutes<K extends PartyKind, P extends string>(
  deps: Deps,
  def: PartyDefinition<K, P>,
) {
  const { kind, noun } = def;
  const name = noun.en[0]!.toUpperCase() + noun.en.slice(1);
  const out = z.looseObject(stored.shape).openapi(name);
  const tags = [`${noun.en}s`];
  const idParams = z.object({ id: recordIdParam('id', def.example) });
  const body = {
    required: true,
    content: { 'application/json': { schema: def.schema } },
  } as const;
  const withEtag = (description: string) => ({
    ...json(out, description),
    headers: z.object({ ETag: z.string() }),
  });
  const note = def.note ? ` ${def.note}` : '';

  const list = createRoute({
    method: 'get',
    path: `/${def.path}` as `/${P}`,
    summary: `List ${noun.en}s of a subtree · ${noun.zh}列表`,
    description: `One page at a time: pass the previous page's nextCursor as cursor.${note}`,
    tags,
    security: bearer,
    request: {
      query: query({
        region: regionCodeSchema.optional().openapi({ description: 'Subtree (default: yours)' }),
        ...pageQuery(z.string().regex(/^[A-Za-z0-9_-]{1,4000}$/), {
          max: MAX_PARTY_PAGE,
          default: 50,
        }),
      }),
    },
    responses: {
      200: json(pageSchema(out), 'One page, in key order'),
      ...problemResponses,
    },
  });
  const create = createRoute({
    method: 'post',
    path: `/${def.path}` as `/${P}`,
    summary: `Register ${/^[aeiou]/.test(noun.en) ? 'an' : 'a'} ${noun.en} · 新增${noun.zh}`,
    tags,
    security: bearer,
    request: { query: noQuery, body },
    responses: { 201: withEtag('Created'), ...writeProblemResponses },
  });
  const read = createRoute({
    method: 'get',
    path: `/${def.path}/{id}` as `/${P}/{id}`,
    summary: `One ${noun.en} · 单个${noun.zh}`,
    ...(def.note ? { description: def.note } : {}),
    tags,
    security: bearer,
    request: { params: idParams, query: noQuery },
    responses: { 200: withEtag(`The ${noun.en}`), ...problemResponses },
  });
  const update = createRoute({
    middleware: [keepHashedPersonal(deps, kind)] as const,
    method: 'put',
    path: `/${def.path}/{id}` as `/${P}/{id}`,
    summary: `Update ${/^[aeiou]/.test(noun.en) ? 'an' : 'a'} ${noun.en} (If-Match) · 更新${noun.zh}`,
    ...(def.note ? { description: def.note } : {}),
    tags,
    security: bearer,
    request: {
      params: idParams,
      query: noQuery,
      headers: z.object({ 'if-match': z.string().max(64).optional() }),
      body,
    },
    responses: { 200: withEtag('Updated'), ...writeProblemResponses },
  });

  const readable = async (principal: Principal) => {
    const secret = await secretOf(deps.store);
    return (r: Stored<RecordOf<K>>) =>
      plain(readableRecord(kind, r, principal.role, secret)) as z.infer<typeof out>;
  };
  const visible = async (principal: Principal, id: string) => {
    const found = (await deps.store.get(kind, id)) as Stored<RecordOf<K>> | undefined;
    if (!found || !inScope(await deps.tree(), principal, found.region)) {
      throw new NotFoundError(noun.en, id, noun.zh);
    }
    return found;
  };
  const saved = async (id: string) => (await deps.store.get(kind, id)) as Stored<RecordOf<K>>;
  const hook = redactingHook(kind);

  const onList: RouteHandler<typeof list, Env> = async (c) => {
    const principal = c.get('principal');
    const q = c.req.valid('query');
    const region = q.region ?? principal.region;
    assertRegionInScope(await deps.tree(), principal, region, 'query.region');
    const cursor = cursorOf(c, q);
    const page = await deps.store.page(kind, {
      region,
      limit: q.limit ?? 50,
      ...(cursor === undefined ? {} : { after: cursor }),
    });
    const items = (page.items as Stored<RecordOf<K>>[]).map(await readable(principal));
    return c.json(pageBody(items, page.next), 200);
  };
  const onCreate: RouteHandler<typeof create, Env> = async (c) => {
    const principal = c.get('principal');
    requireRole(principal, 'reporter');
    const record = c.req.valid('json') as RecordOf<K> & { id: string };
    await writeScoped(deps, principal, { [kind]: [{ ...record, expectedVersion: 0 }] });
    const written = await saved(record.id);
    return c.json((await readable(principal))(written), 201, {
      ETag: etagOf(written),
      Location: `/${def.path}/${encodeURIComponent(written.id)}`,
    });
  };
  const onRead: RouteHandler<typeof read, Env> = async (c) => {
    const principal = c.get('principal');
    const found = await visible(principal, c.req.valid('param').id);
    return c.json((await readable(principal))(found), 200, { ETag: etagOf(found) });
  };
  const onUpdate: RouteHandler<typeof update, Env> = async (c) => {
    const principal = c.get('principal');
    requireRole(principal, 'reporter');
    const { id } = c.req.valid('param');
    const expected = versionFromIfMatch(c.req.header('If-Match'));
    const record = c.req.valid('json') as Record<string, unknown>;
    assertPathMatchesBody('id', String(record.id), id);
    const current = (await visible(principal, id)) as unknown as Record<string, unknown>;
    await writeIfMatch(
      deps,
      principal,
      { noun, key: id, stored: current.version as number },
      expected,
      { [kind]: [{ ...record, expectedVersion: expected }] },
    );
    const written = await saved(id);
    return c.json((await readable(principal))(written), 200, { ETag: etagOf(written) });
  };
  return { list, create, read, update, onList, onCreate, onRead, onUpdate, hook };
}

const INSTITUTIONS = {
  kind: 'institutions',
  path: 'institutions',
  noun: { en: 'institution', zh: '机构' },
  schema: institutionSchema,
  example: 'qj-cdc',
} as const;
const DEPARTMENTS = {
  kind: 'departments',
  path: 'departments',
  noun: { en: 'department', zh: '部门' },
  schema: departmentSchema,
  example: 'xw-health-bureau',
} as const;
const CONTACTS = {
  kind: 'contacts',
  path: 'contacts',
  noun: { en: 'contact', zh: '联系人' },
  schema: contactSchema,
  example: 'xw-liaison-1',
  note:
    'name, phone and email are personal: in clear for an approver or admin, else as ' +
    '`sha256:…` hashes; an update may send a hash back to keep the stored value.',
} as const;

/** Institution, department and contact routes. */
export function partyRoutes(deps: Deps) {
  // Registered here, not in the generic builder, so each path keeps its literal type (typed client).
  const i = partyKindRoutes(deps, INSTITUTIONS);
  const d = partyKindRoutes(deps, DEPARTMENTS);
  const p = partyKindRoutes(deps, CONTACTS);
  return router(deps)
    .openapi(i.list, i.onList)
    .openapi(i.create, i.onCreate, i.hook)
    .openapi(i.read, i.onRead)
    .openapi(i.update, i.onUpdate, i.hook)
    .openapi(d.list, d.onList)
    .openapi(d.create, d.onCreate, d.hook)
    .openapi(d.read, d.onRead)
    .openapi(d.update, d.onUpdate, d.hook)
    .openapi(p.list, p.onList)
    .openapi(p.create, p.onCreate, p.hook)
    .openapi(p.read, p.onRead)
    .openapi(p.update, p.onUpdate, p.hook);
}
