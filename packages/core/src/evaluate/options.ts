/**
 * @module evaluate/options
 * The zod schema of `evaluate()`'s options, checked at the boundary so a misspelt level, an
 * impossible date, a missing store or `plan: null` gets a `ValidationError` naming the option,
 * not a `TypeError` deep inside, nor an empty result.
 */
import { z } from 'zod';
import { isoDateSchema } from '../date/index.js';
import { REGION_LEVELS, regionCodeSchema } from '../region/index.js';

const STORE_METHODS = ['regionTree', 'listEmployers', 'listFacts', 'listDataValues'] as const;

const planShape = z.custom<object>(
  (p) =>
    typeof p === 'object' &&
    p !== null &&
    typeof (p as { id?: unknown }).id === 'string' &&
    ['indicators', 'targets', 'allocations', 'dataElements'].every((k) =>
      Array.isArray((p as Record<string, unknown>)[k]),
    ),
  {
    message: 'must be a plan from definePlan() or a policy pack',
    params: { rule: 'evaluate.plan', messageZh: '必须是 definePlan() 或政策包给出的计划' },
  },
);

const storeShape = z.custom<object>(
  (s) =>
    typeof s === 'object' &&
    s !== null &&
    STORE_METHODS.every((m) => typeof (s as Record<string, unknown>)[m] === 'function'),
  {
    message: `must be a Store (with ${STORE_METHODS.join(', ')})`,
    params: {
      rule: 'evaluate.store',
      messageZh: `必须是存储对象（含 ${STORE_METHODS.join('、')}）`,
    },
  },
);

const idList = z.array(z.string().min(1).max(128)).max(10_000);

/** zod schema of the options of `evaluate()`; unknown options are refused. */
export const evaluateOptionsSchema = z
  .object({
    plan: planShape,
    region: regionCodeSchema,
    period: z.string().min(1).max(32),
    store: storeShape,
    levels: z
      .array(z.enum(REGION_LEVELS))
      .max(REGION_LEVELS.length * 4)
      .optional(),
    indicators: idList.optional(),
    asOf: isoDateSchema.optional(),
    explain: z
      .union([z.boolean(), z.object({ regions: z.array(regionCodeSchema).max(100_000) }).strict()])
      .optional(),
    pushdown: z.boolean().optional(),
  })
  .strict();
