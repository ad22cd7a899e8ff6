/**
 * @module routes/workflow
 * Submissions and sign-off, lock exceptions and reporting rates, on the store port v2 workflow of
 * the core (`openReport`, `actOnReport`, `grantException`, `storedReportingRates`):
 * - a reporter creates and saves the draft report of its own region (with its data-value
 *   payload) and submits it;
 * - an approver of a level above the report's region returns it (with a reason) or approves it,
 *   when the report awaits that level;
 * - an admin may do all of that in its subtree, and alone grants lock exceptions.
 * Every other principal gets a 403; a report outside the principal's subtree reads as absent
 * (404). Every write is one store write with `expectedVersion`, audited with the principal.
 * "Today" (the day of every step, the reference day of the rates) is the app's China-time clock.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  actOnReport,
  ConflictError,
  ForbiddenError,
  fail,
  grantException,
  isOccHealthError,
  NotFoundError,
  type Obligation,
  openReport,
  parseWith,
  REGION_LEVELS,
  type RegionLevel,
  type ReportContent,
  reportContentSchema,
  reportKey,
  type Store,
  type Stored,
  SUBMISSION_STATES,
  type SubmissionAction,
  type SubmissionRecord,
  storedReportingRates,
  ValidationError,
} from '@occhealth/core';
import type { Principal } from '../auth.js';
import { assertRegionInScope, type Deps } from '../context.js';
import { cursorOf, pageBody, pageQuery, pageSchema } from '../pagination.js';
import { HttpError } from '../problem.js';
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
import { scopedStore } from '../scoped-store.js';
import { planOf } from './plans.js';

const regionParam = z
  .string()
  .regex(/^[0-9A-Za-z]{6,12}$/)
  .openapi({ example: '530381' });
const planParam = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  .openapi({ example: 'yunnan-sme-assistance' });
const noteText = z.string().min(1).max(2000);
/** Obligation and period parameters (the core's own schemas check them again when written). */
const obligationParam = z
  .string()
  .max(128)
  .regex(/^[a-z0-9][a-z0-9.-]*$/)
  .openapi({ example: 'yunnan.progress-table' });
const periodParam = z
  .string()
  .min(4)
  .max(32)
  .regex(/^[0-9A-Za-z-]+(\/[0-9]{4})?$/)
  .openapi({ example: '2025' });

/**
 * The documented shape of a report's payload; the handlers check it with the core's
 * `reportContentSchema` (values are exact decimals).
 */
const contentIn = z
  .union([
    z.object({
      type: z.literal('values'),
      values: z
        .array(
          z.object({
            dataElement: z.string(),
            value: z
              .union([z.string(), z.number()])
              .openapi({ description: 'Decimal string, e.g. "12.5"' }),
          }),
        )
        .max(10_000),
    }),
    z.object({
      type: z.literal('file'),
      sha256: z.string().openapi({ description: "Lower-case hex SHA-256 of the file's bytes" }),
      size: z.number().int(),
      name: z.string().optional(),
    }),
  ])
  .openapi('ReportContent');

/** A stored report in responses (`submissionRecordSchema` of the core, with its version). */
export const submissionOut = z
  .object({
    id: z.string(),
    obligationId: z.string(),
    region: z.string(),
    period: z.string(),
    reporter: z.string(),
    state: z.enum(SUBMISSION_STATES),
    approvalChain: z.array(z.enum(REGION_LEVELS)),
    awaiting: z.number().int(),
    firstSubmittedOn: z.string().optional(),
    lastSubmittedOn: z.string().optional(),
    history: z.array(
      z.object({
        action: z.string(),
        by: z.string(),
        level: z.enum(REGION_LEVELS),
        on: z.string(),
        note: z.string().optional(),
      }),
    ),
    deadline: z.string(),
    expiryDays: z.number().int().optional(),
    dataElements: z.array(z.string()),
    childrenRequired: z.boolean(),
    content: contentIn.optional(),
    version: z.number().int(),
  })
  .openapi('Submission');

/** A stored lock exception in responses. */
export const lockExceptionOut = z
  .object({
    obligationId: z.string(),
    region: z.string(),
    period: z.string(),
    grantedBy: z.string(),
    until: z.string(),
    reason: z.string(),
    version: z.number().int(),
  })
  .openapi('LockException');

/** The payload of a request body, checked with the core's schema (422 naming `body.content…`). */
const contentOf = (content: unknown): ReportContent =>
  parseWith(reportContentSchema, content, { prefix: 'body.content' }) as ReportContent;

const rateValueOut = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  value: z.string().nullable().openapi({ description: 'Percentage as an exact decimal string' }),
});

/** The reporting rates of one region. */
export const reportingRateOut = z
  .object({
    region: z.string(),
    expected: z.number().int(),
    received: z.number().int(),
    onTime: z.number().int(),
    completeness: rateValueOut,
    timeliness: rateValueOut,
  })
  .openapi('ReportingRate');

const reportParams = z.object({
  obligation: obligationParam.openapi({ param: { name: 'obligation', in: 'path' } }),
  region: regionParam.openapi({ param: { name: 'region', in: 'path' } }),
  period: periodParam.openapi({ param: { name: 'period', in: 'path' } }),
});

const reportHeaders = { 200: z.object({ ETag: z.string() }) };

const createBody = z
  .object({
    plan: planParam,
    obligation: obligationParam,
    region: regionParam,
    period: periodParam,
    approvalChain: z
      .array(z.enum(REGION_LEVELS))
      .min(1)
      .max(REGION_LEVELS.length)
      .optional()
      .openapi({ description: "Levels that approve in turn (default: the region's parent level)" }),
    dataElements: z.array(z.string().min(1).max(128)).max(10_000).optional(),
    content: contentIn.optional(),
  })
  .strict()
  .openapi('SubmissionCreate');

const createRoute_ = createRoute({
  method: 'post',
  path: '/submissions',
  summary: 'Open the draft report of your region · 创建报送草稿',
  description:
    'A reporter opens the report of its own region (an admin: of any region of its subtree) for ' +
    'an obligation of a plan and a period, optionally with its data-value payload. The deadline ' +
    "comes from the obligation's calendar.",
  tags: ['submissions'],
  security: bearer,
  request: {
    query: noQuery,
    body: { required: true, content: { 'application/json': { schema: createBody } } },
  },
  responses: {
    201: {
      ...json(submissionOut, 'The new draft'),
      headers: z.object({ ETag: z.string() }),
    },
    ...writeProblemResponses,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/submissions',
  summary: 'Reports of your subtree, paginated · 报送列表',
  tags: ['submissions'],
  security: bearer,
  request: {
    query: query({
      region: regionParam.optional(),
      obligation: obligationParam.optional(),
      period: periodParam.optional(),
      state: z.enum(SUBMISSION_STATES).optional(),
      ...pageQuery(z.string().max(4000), { max: 1000, default: 100 }),
    }),
  },
  responses: {
    200: json(
      pageSchema(submissionOut, { legacyNext: true }).openapi('SubmissionPage'),
      'One page of reports; pass `nextCursor` as `cursor` for the next page',
    ),
    ...problemResponses,
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/submissions/{obligation}/{region}/{period}',
  summary: 'One report and its sign-off history · 单个报送',
  tags: ['submissions'],
  security: bearer,
  request: { params: reportParams, query: noQuery },
  responses: {
    200: { ...json(submissionOut, 'The report'), headers: reportHeaders[200] },
    ...problemResponses,
  },
});

const saveBody = z
  .object({
    content: contentIn,
    dataElements: z.array(z.string().min(1).max(128)).max(10_000).optional(),
  })
  .strict()
  .openapi('SubmissionDraft');

const saveRoute = createRoute({
  method: 'put',
  path: '/submissions/{obligation}/{region}/{period}',
  summary: 'Save a draft (or returned) report · 保存报送草稿',
  description: 'Replaces the payload of a draft or returned report. Needs `If-Match`.',
  tags: ['submissions'],
  security: bearer,
  request: {
    params: reportParams,
    query: noQuery,
    headers: z.object({ 'if-match': z.string().max(64).optional() }),
    body: { required: true, content: { 'application/json': { schema: saveBody } } },
  },
  responses: {
    200: { ...json(submissionOut, 'Saved'), headers: reportHeaders[200] },
    ...writeProblemResponses,
  },
});

const actionBody = (note: 'optional' | 'required', name: string) =>
  z
    .object({
      note: note === 'required' ? noteText : noteText.optional(),
      ...(name === 'SubmissionSubmit' ? { content: contentIn.optional() } : {}),
    })
    .strict()
    .openapi(name);

const actionRoute = (
  action: 'submit' | 'return' | 'approve',
  summary: string,
  description: string,
  body: z.ZodType,
) =>
  createRoute({
    method: 'post',
    path: `/submissions/{obligation}/{region}/{period}/${action}`,
    summary,
    description,
    tags: ['submissions'],
    security: bearer,
    request: {
      params: reportParams,
      query: noQuery,
      body: { required: true, content: { 'application/json': { schema: body } } },
    },
    responses: {
      200: { ...json(submissionOut, 'The report after the step'), headers: reportHeaders[200] },
      ...writeProblemResponses,
    },
  });

const submitRoute = actionRoute(
  'submit',
  'Submit a report · 提交报送',
  'The reporter of the region (or an admin) submits a draft or returned report; the first ' +
    'approving level decides next. A period past its expiry needs a lock exception (423).',
  actionBody('optional', 'SubmissionSubmit'),
);
const returnRoute = actionRoute(
  'return',
  'Return a report with a reason · 退回报送',
  'An approver at the awaited level above the region (or an admin) returns the report; `note` ' +
    'is the reason and is required.',
  actionBody('required', 'SubmissionReturn'),
);
const approveRoute = actionRoute(
  'approve',
  'Approve a report · 审核通过',
  'An approver at the awaited level above the region (or an admin) approves; the last level ' +
    'locks the period for writing.',
  actionBody('optional', 'SubmissionApprove'),
);

const exceptionBody = z
  .object({
    obligation: obligationParam,
    region: regionParam,
    period: periodParam,
    until: z.string().openapi({ example: '2025-12-31', description: 'Last day (China time)' }),
    reason: z.string().min(1).max(2000),
  })
  .strict()
  .openapi('LockExceptionInput');

const exceptionRoute = createRoute({
  method: 'post',
  path: '/lock-exceptions',
  summary: 'Grant a lock exception (admins) · 授予锁定例外',
  description:
    'Reopens a locked (approved or expired) report of your subtree for writing until a day.',
  tags: ['submissions'],
  security: bearer,
  request: {
    query: noQuery,
    body: { required: true, content: { 'application/json': { schema: exceptionBody } } },
  },
  responses: { 200: json(lockExceptionOut, 'The exception'), ...writeProblemResponses },
});

const ratesRoute = createRoute({
  method: 'get',
  path: '/reporting-rates',
  summary: 'Completeness and timeliness of an obligation · 报送率与及时率',
  description:
    'For one obligation and period: every region of the subtree with its expected, received and ' +
    'on-time reports and the two rates (ratios of sums, as exact decimal percentages). Expected ' +
    "reports are those of the obligation's reporting level due by today (China time).",
  tags: ['submissions'],
  security: bearer,
  request: {
    query: query({
      plan: planParam,
      obligation: obligationParam,
      region: regionParam,
      period: periodParam,
    }),
  },
  responses: {
    200: json(
      z.object({ today: z.string(), items: z.array(reportingRateOut) }).openapi('ReportingRates'),
      'Rates of every region of the subtree',
    ),
    ...problemResponses,
  },
});

/** The principal as the audit actor of a workflow step. */
const actorOf = (p: Principal) => ({ id: p.id, role: p.role, region: p.region });

function forbidden(principal: Principal, why: string, whyZh: string): never {
  throw new ForbiddenError(why, whyZh, { path: 'role', value: principal.role, rule: 'auth.role' });
}

/** The report's own reporter (or an admin of the subtree) may create, save and submit. */
function requireReporter(principal: Principal, region: string): void {
  if (principal.role === 'admin') return;
  if (principal.role !== 'reporter' || principal.region !== region) {
    forbidden(
      principal,
      `only the reporter of region ${region} (or an admin) may do this`,
      `只有区划 ${region} 的报送人（或管理员）可以执行此操作`,
    );
  }
}

/** An approver of a level above the report's region (or an admin of the subtree) decides. */
function requireApprover(principal: Principal, region: string): void {
  if (principal.role === 'admin') return;
  if (principal.role !== 'approver' || principal.region === region) {
    forbidden(
      principal,
      `only an approver above region ${region} (or an admin) may do this`,
      `只有区划 ${region} 的上级审核人（或管理员）可以执行此操作`,
    );
  }
}

/** A refusal of the scoped view for rows outside the subtree is a 403. */
async function scoped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError && error.issues.every((i) => i.rule === 'auth.scope')) {
      throw new ForbiddenError(error.message, error.messageZh, error.details);
    }
    throw error;
  }
}

function obligationOf(deps: Deps, plan: string, id: string): Obligation {
  const found = planOf(deps, plan).obligations.find((o) => o.id === id);
  if (!found) throw new NotFoundError('obligation', id, '报送任务');
  return found;
}

const out = (record: Stored<SubmissionRecord>) => plain(record) as z.infer<typeof submissionOut>;

/** Submission, lock-exception and reporting-rate routes. */
export function workflowRoutes(deps: Deps) {
  const view = async (principal: Principal): Promise<Store> =>
    scopedStore(deps.store, await deps.tree(), principal);

  /** The report of the path as the principal sees it (404 outside its subtree). */
  async function reportOf(store: Store, p: z.infer<typeof reportParams>) {
    const key = reportKey({ obligationId: p.obligation, region: p.region, period: p.period });
    const found = await store.get('submissions', key);
    if (!found) throw new NotFoundError('report', key, '报送');
    return { key, found };
  }

  async function act(
    principal: Principal,
    params: z.infer<typeof reportParams>,
    action: SubmissionAction,
    body: { note?: string | undefined; content?: SubmissionRecord['content'] },
  ) {
    const store = await view(principal);
    const { key } = await reportOf(store, params);
    if (action === 'submit') requireReporter(principal, params.region);
    else requireApprover(principal, params.region);
    return scoped(() =>
      actOnReport(
        store,
        key,
        action,
        {
          on: deps.clock(),
          ...(body.note === undefined ? {} : { note: body.note }),
          ...(body.content === undefined ? {} : { content: body.content }),
        },
        { actor: actorOf(principal) },
      ),
    );
  }

  return router(deps)
    .openapi(createRoute_, async (c) => {
      const principal = c.get('principal');
      const body = c.req.valid('json');
      const tree = await deps.tree();
      assertRegionInScope(tree, principal, body.region, 'body.region');
      requireReporter(principal, body.region);
      const obligation = obligationOf(deps, body.plan, body.obligation);
      let approvalChain = body.approvalChain as RegionLevel[] | undefined;
      if (!approvalChain) {
        const parent = tree.get(body.region)?.parent;
        const level = parent ? tree.get(parent)?.level : undefined;
        if (!level) {
          fail(
            'body.approvalChain',
            undefined,
            'submission.approval-chain',
            `region ${body.region} has no parent level: name the approvalChain`,
            `区划 ${body.region} 没有上级，请指定 approvalChain`,
          );
        }
        approvalChain = [level];
      }
      const store = await view(principal);
      const record = await scoped(() =>
        openReport(
          store,
          {
            obligation,
            region: body.region,
            period: body.period,
            approvalChain,
            on: deps.clock(),
            ...(body.dataElements ? { dataElements: body.dataElements } : {}),
            ...(body.content ? { content: contentOf(body.content) } : {}),
          },
          { actor: actorOf(principal) },
        ),
      );
      return c.json(out(record), 201, { ETag: etagOf(record) });
    })
    .openapi(listRoute, async (c) => {
      const principal = c.get('principal');
      const q = c.req.valid('query');
      const cursor = cursorOf(c, q);
      if (q.region !== undefined) assertRegionInScope(await deps.tree(), principal, q.region);
      const where: Record<string, string> = {};
      if (q.obligation) where.obligation = q.obligation;
      if (q.period) where.period = q.period;
      if (q.state) where.state = q.state;
      const page = await (await view(principal)).page('submissions', {
        ...(q.region ? { region: q.region } : {}),
        where,
        ...(cursor ? { after: cursor } : {}),
        limit: q.limit ?? 100,
      });
      return c.json(pageBody(page.items.map(out), page.next, { legacyNext: true }), 200);
    })
    .openapi(readRoute, async (c) => {
      const { found } = await reportOf(await view(c.get('principal')), c.req.valid('param'));
      return c.json(out(found), 200, { ETag: etagOf(found) });
    })
    .openapi(saveRoute, async (c) => {
      const principal = c.get('principal');
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      const store = await view(principal);
      const { key, found } = await reportOf(store, params);
      requireReporter(principal, params.region);
      const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match']);
      if (found.state !== 'draft' && found.state !== 'returned') {
        fail(
          'state',
          found.state,
          'submission.editable',
          `report ${key} is ${found.state}: only a draft or returned report can be saved`,
          `报送 ${key} 状态为 ${found.state}，只有草稿或已退回的报送可以保存`,
        );
      }
      const { version: _v, ...current } = found;
      try {
        await scoped(() =>
          store.write(
            {
              submissions: [
                {
                  ...current,
                  content: contentOf(body.content),
                  ...(body.dataElements ? { dataElements: body.dataElements } : {}),
                  expectedVersion,
                },
              ],
            },
            { actor: actorOf(principal) },
          ),
        );
      } catch (error) {
        if (error instanceof ConflictError || isOccHealthError(error, 'CONFLICT')) {
          throw new HttpError(
            'PRECONDITION_FAILED',
            `report ${key} changed since you read it (If-Match ${c.req.valid('header')['if-match']})`,
            `报送 ${key} 在您读取后已被修改`,
          );
        }
        throw error;
      }
      const saved = (await store.get('submissions', key))!;
      return c.json(out(saved), 200, { ETag: etagOf(saved) });
    })
    .openapi(submitRoute, async (c) => {
      const body = c.req.valid('json') as { note?: string; content?: unknown };
      const saved = await act(c.get('principal'), c.req.valid('param'), 'submit', {
        ...(body.note === undefined ? {} : { note: body.note }),
        ...(body.content === undefined ? {} : { content: contentOf(body.content) }),
      });
      return c.json(out(saved), 200, { ETag: etagOf(saved) });
    })
    .openapi(returnRoute, async (c) => {
      const body = c.req.valid('json') as { note: string };
      const saved = await act(c.get('principal'), c.req.valid('param'), 'return', body);
      return c.json(out(saved), 200, { ETag: etagOf(saved) });
    })
    .openapi(approveRoute, async (c) => {
      const body = c.req.valid('json') as { note?: string };
      const saved = await act(c.get('principal'), c.req.valid('param'), 'approve', body);
      return c.json(out(saved), 200, { ETag: etagOf(saved) });
    })
    .openapi(exceptionRoute, async (c) => {
      const principal = c.get('principal');
      const body = c.req.valid('json');
      assertRegionInScope(await deps.tree(), principal, body.region, 'body.region');
      if (principal.role !== 'admin') {
        forbidden(
          principal,
          'only an admin may grant a lock exception',
          '只有管理员可以授予锁定例外',
        );
      }
      const store = await view(principal);
      const saved = await scoped(() =>
        grantException(
          store,
          {
            obligationId: body.obligation,
            region: body.region,
            period: body.period,
            until: body.until,
            reason: body.reason,
          },
          { actor: actorOf(principal) },
        ),
      );
      return c.json(plain(saved) as z.infer<typeof lockExceptionOut>, 200);
    })
    .openapi(ratesRoute, async (c) => {
      const principal = c.get('principal');
      const q = c.req.valid('query');
      assertRegionInScope(await deps.tree(), principal, q.region);
      const obligation = obligationOf(deps, q.plan, q.obligation);
      const today = deps.clock();
      const rates = await storedReportingRates(await view(principal), {
        obligation,
        period: q.period,
        region: q.region,
        today,
      });
      const items = [...rates.values()].sort((a, b) => a.region.localeCompare(b.region));
      return c.json({ today, items: plain(items) as z.infer<typeof reportingRateOut>[] }, 200);
    });
}
