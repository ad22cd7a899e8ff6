// schema: stable
/**
 * @module indicator/schema
 * Indicators as data: the expression language over employers, facts and data values, and the
 * zod schemas of an indicator. Expressions are a closed, serialisable discriminated union on `op`,
 * small enough that an adapter can translate each leaf into SQL.
 *
 * Leaf expressions (an adapter's `aggregate()` computes these): `count-employers`, `count-facts`,
 * `sum-field`, `data-element`. Composite expressions (always computed by the core from the leaves'
 * per-region figures): `add`, `count-regions`.
 */
import { z } from 'zod';
import { obligationSchema } from '../calendar/schema.js';
import { dataElementSchema } from '../data/index.js';
import { isoDateSchema } from '../date/index.js';
import { SIZE_CLASSES } from '../employer/classification.js';
import { HAZARD_LEVELS } from '../employer/employer.js';
import { FACT_KINDS, type FactKind, factSchema } from '../facts/index.js';
import { periodIdSchema } from '../period/index.js';
import { labelSchema, REGION_LEVELS, type RegionLevel, regionCodeSchema } from '../region/index.js';

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** A bilingual label with both languages required: `{ zh, en }`. */
export const bilingualSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
/** A bilingual label `{ zh, en }`. */
export type Bilingual = z.infer<typeof bilingualSchema>;

/** A decimal number written as a string, e.g. `"95"`, `"0.5"`, `"-3.25"`. */
export const decimalStringSchema = z.string().refine((s) => /^-?\d+(\.\d+)?$/.test(s), {
  message: 'must be a decimal number written as a string, e.g. "95" or "12.5"',
  params: { rule: 'decimal.format', messageZh: '必须是以字符串表示的十进制数，如 "95" 或 "12.5"' },
});

/** Where a rule comes from: the source document and its clause. */
export const sourceRefSchema = z
  .object({
    /** Document number or short title, e.g. `豫卫职健〔2024〕7号`. */
    doc: z.string().min(1),
    /** Clause, table or annex, e.g. `附件2 二(一)` or `附表1`. */
    clause: z.string().min(1).optional(),
    /** Seed file the figure was taken from, e.g. `001`. */
    seed: z.string().min(1).optional(),
    /** The original wording, quoted. */
    quote: z.string().min(1).optional(),
  })
  .strict();
/** A citation `{ doc, clause?, seed?, quote? }`. */
export type SourceRef = z.infer<typeof sourceRefSchema>;

/** Comparators of targets and conditions. */
export const COMPARATORS = ['>=', '<=', '=', '>', '<'] as const;
/** A comparator. */
export type Comparator = (typeof COMPARATORS)[number];

/** Ids of indicators, targets, plans, allocations: letters, digits, `_ . -`, starting with a letter. */
export const idSchema = z.string().refine((s) => /^[A-Za-z][\w.-]{0,99}$/.test(s), {
  message: 'must start with a letter and use letters, digits, _ . - (max 100)',
  params: { rule: 'id.format', messageZh: '须以字母开头，只含字母、数字、_ . -（最多 100 位）' },
});

// ---------------------------------------------------------------------------------------------
// Field conditions on facts

/** Operators of a field condition. `exists` / `missing` take no value. */
export const FIELD_OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists', 'missing'] as const;
/** A field-condition operator. */
export type FieldOp = (typeof FIELD_OPS)[number];

/** A date known only at evaluation time: the period's first or last day, or the reference date. */
export const dateRefSchema = z
  .object({ ref: z.enum(['period-start', 'period-end', 'reference-date']) })
  .strict();
/** A date reference `{ ref: 'period-start' | 'period-end' | 'reference-date' }`. */
export type DateRef = z.infer<typeof dateRefSchema>;

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A condition on one field of a fact: `{ field: 'programme', op: 'eq', value: 'periodic' }`.
 * `field` is a top-level field of the fact kind, or a dotted path into a record field
 * (`items.declaration`, `dispositions.onSpot`). Numbers compare numerically, strings (ISO dates
 * too) lexically; a missing field fails every operator but `ne` and `missing`.
 */
export const fieldConditionSchema = z
  .object({
    field: z.string().refine((s) => /^[A-Za-z][A-Za-z0-9]*(\.[\w-]+)?$/.test(s), {
      message: 'must be a field name, optionally followed by one .key (e.g. items.declaration)',
      params: {
        rule: 'expression.field-format',
        messageZh: '必须是字段名，可带一级 .键（如 items.declaration）',
      },
    }),
    op: z.enum(FIELD_OPS),
    value: z.union([scalarSchema, z.array(scalarSchema), dateRefSchema]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const needsValue = c.op !== 'exists' && c.op !== 'missing';
    if (needsValue && c.value === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        input: c.value,
        message: `operator ${c.op} needs a value`,
        params: { rule: 'expression.condition-value', messageZh: `运算符 ${c.op} 需要取值` },
      });
    }
    if (!needsValue && c.value !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        input: c.value,
        message: `operator ${c.op} takes no value`,
        params: { rule: 'expression.condition-value', messageZh: `运算符 ${c.op} 不接受取值` },
      });
    }
    if (c.op === 'in' && !Array.isArray(c.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        input: c.value,
        message: 'operator in needs an array of values',
        params: { rule: 'expression.condition-value', messageZh: '运算符 in 需要取值数组' },
      });
    }
    if (c.op !== 'in' && Array.isArray(c.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        input: c.value,
        message: `operator ${c.op} takes one value, not an array`,
        params: { rule: 'expression.condition-value', messageZh: `运算符 ${c.op} 只接受单个取值` },
      });
    }
  });
/** A field condition on a fact. */
export type FieldCondition = z.infer<typeof fieldConditionSchema>;

/**
 * Which facts count by date. `period` (default): dated from the period's first day to the
 * reference date. `to-date`: dated on or before the reference date, whenever (e.g. "has ever
 * declared").
 */
export const FACT_WINDOWS = ['period', 'to-date'] as const;
/** A fact window. */
export type FactWindow = (typeof FACT_WINDOWS)[number];

/**
 * "Has a fact of kind K, matching `where`, dated in `window`". `withinMonths: n` replaces the
 * window with one relative to the reference date: dated from `addMonths(referenceDate, −n)`
 * (month ends clamped) through the reference date, both days included — with n = 36 and
 * reference date 2025-12-31, a fact of 2022-12-31 counts and one of 2022-12-30 does not
 * (a periodic test "at least every three years", 工作场所职业卫生管理规定 第二十条). A test with
 * both `window` and `withinMonths` is rejected.
 */
export const factTestSchema = z
  .object({
    kind: z.enum(FACT_KINDS as unknown as [FactKind, ...FactKind[]]),
    where: z.array(fieldConditionSchema).optional(),
    window: z.enum(FACT_WINDOWS).optional(),
    withinMonths: z.number().int().min(1).max(1200).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.window !== undefined && t.withinMonths !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['withinMonths'],
        input: t.withinMonths,
        message: 'give either window or withinMonths, not both',
        params: {
          rule: 'expression.window-exclusive',
          messageZh: 'window 与 withinMonths 只能给出其一',
        },
      });
    }
  });
/** A fact test `{ kind, where?, window?, withinMonths? }`. */
export type FactTest = z.infer<typeof factTestSchema>;

// ---------------------------------------------------------------------------------------------
// Employer predicate

/**
 * Which employers count. The region subtree is implied by where the expression is evaluated.
 * Every given clause must hold (AND); an employer failing one is excluded with that clause as the
 * reason, checked in this order: `activeOn`, `sizes`, `hazardLevels`, `hasHazardFactors`,
 * `industrial`, `industrySections`, `minEmployees`, `cohort`, `excludeIf`, `hasFact`.
 */
export const employerPredicateSchema = z
  .object({
    /**
     * `reference-date` (default): only employers active on the reference date (registry snapshot;
     * suspended six months or less counts, deregistered or not yet registered does not). `any`: all.
     */
    activeOn: z.enum(['reference-date', 'any']).optional(),
    /** Size classes, e.g. `['medium', 'small', 'micro']` for SMEs. */
    sizes: z.array(z.enum(SIZE_CLASSES)).min(1).optional(),
    /** Hazard-risk classes of the industry, e.g. `['severe']`. */
    hazardLevels: z.array(z.enum(HAZARD_LEVELS)).min(1).optional(),
    /** true: has at least one hazard factor recorded (存在职业病危害). */
    hasHazardFactors: z.boolean().optional(),
    /** true: industrial (GB/T 4754 sections B, C, D); false: not industrial. */
    industrial: z.boolean().optional(),
    /** GB/T 4754 section letters, e.g. `['B', 'C']`. */
    industrySections: z
      .array(z.string().regex(/^[A-T]$/))
      .min(1)
      .optional(),
    /** Headcount at least this (employers without `employees` fail). */
    minEmployees: z.number().int().nonnegative().optional(),
    /** Initial population: has a fact of this kind (e.g. enrolled in assistance in the period). */
    cohort: factTestSchema.optional(),
    /** Denominator exclusions: an employer with any such fact is excluded (e.g. exempt). */
    excludeIf: z.array(factTestSchema).min(1).optional(),
    /** Numerator conditions: has every one of these facts. */
    hasFact: z.array(factTestSchema).min(1).optional(),
  })
  .strict();
/** An employer predicate. */
export type EmployerPredicate = z.infer<typeof employerPredicateSchema>;

// ---------------------------------------------------------------------------------------------
// Expressions

/**
 * Count distinct employers in the region subtree matching `where` (employer's own region).
 * @example { op: 'count-employers', where: { sizes: ['small', 'micro'], cohort: { kind: 'assistance' } } }
 */
export const countEmployersSchema = z
  .object({ op: z.literal('count-employers'), where: employerPredicateSchema.optional() })
  .strict();

/**
 * Count facts of `kind` in the region subtree (the fact's region) matching `where`, dated in
 * `window`; with `distinct`, count distinct employers / institutions instead (facts without one are
 * excluded). `employer` restricts to facts whose employer matches (facts without an employer fail).
 * `withinMonths: n` replaces the window with a rolling one, as in a fact test: dated from
 * `addMonths(referenceDate, −n)` through the reference date, both days included (with n = 24 and
 * reference date 2025-06-30, a fact of 2023-06-30 counts, one of 2023-06-29 does not) — "质控覆盖率每
 * 两年达到100%" over any two-year window. Both `window` and `withinMonths` is rejected.
 */
export const countFactsSchema = z
  .object({
    op: z.literal('count-facts'),
    kind: z.enum(FACT_KINDS as unknown as [FactKind, ...FactKind[]]),
    where: z.array(fieldConditionSchema).optional(),
    window: z.enum(FACT_WINDOWS).optional(),
    withinMonths: z.number().int().min(1).max(1200).optional(),
    /** `project`: distinct `project` ids (a 三同时 project with several records counts once). */
    distinct: z.enum(['employer', 'institution', 'project']).optional(),
    employer: employerPredicateSchema.optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.window !== undefined && t.withinMonths !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['withinMonths'],
        input: t.withinMonths,
        message: 'give either window or withinMonths, not both',
        params: {
          rule: 'expression.window-exclusive',
          messageZh: 'window 与 withinMonths 只能给出其一',
        },
      });
    }
  });

/**
 * Sum a numeric field (a count, or a decimal-string field such as `totalInvestment`) of facts of
 * `kind` in the region subtree matching `where`. Facts without the field add nothing.
 */
export const sumFieldSchema = z
  .object({
    op: z.literal('sum-field'),
    kind: z.enum(FACT_KINDS as unknown as [FactKind, ...FactKind[]]),
    field: z.string().refine((s) => /^[A-Za-z][A-Za-z0-9]*(\.[\w-]+)?$/.test(s), {
      message: 'must be a field name, optionally followed by one .key',
      params: { rule: 'expression.field-format', messageZh: '必须是字段名，可带一级 .键' },
    }),
    where: z.array(fieldConditionSchema).optional(),
    window: z.enum(FACT_WINDOWS).optional(),
    employer: employerPredicateSchema.optional(),
  })
  .strict();

/**
 * A data element's values. `mode: 'sum'` (default) sums every value whose period lies within the
 * evaluated period; `latest` takes, per region, the value of the latest such period (latest end,
 * then shortest). `scope: 'subtree'` (default) sums over the region and every region below it;
 * `self` reads only the region's own value. No value at all gives no data (not zero).
 */
export const dataElementExprSchema = z
  .object({
    op: z.literal('data-element'),
    id: z.string().refine((s) => /^[A-Za-z][\w.-]{0,99}$/.test(s), {
      message: 'must be a data-element id',
      params: { rule: 'data-element.id', messageZh: '必须是数据元标识' },
    }),
    mode: z.enum(['sum', 'latest']).optional(),
    scope: z.enum(['subtree', 'self']).optional(),
  })
  .strict();

/** A leaf expression: one an adapter's `aggregate()` can compute. */
export const leafExpressionSchema = z.discriminatedUnion('op', [
  countEmployersSchema,
  countFactsSchema,
  sumFieldSchema,
  dataElementExprSchema,
]);
/** `count-employers`. */
export type CountEmployersExpr = z.infer<typeof countEmployersSchema>;
/** `count-facts`. */
export type CountFactsExpr = z.infer<typeof countFactsSchema>;
/** `sum-field`. */
export type SumFieldExpr = z.infer<typeof sumFieldSchema>;
/** `data-element`. */
export type DataElementExpr = z.infer<typeof dataElementExprSchema>;
/** A leaf expression. */
export type LeafExpression = z.infer<typeof leafExpressionSchema>;

/** Sum of several expressions, e.g. on-spot + within-deadline + penalty dispositions. */
export interface AddExpr {
  /** Discriminator: `add`. */
  readonly op: 'add';
  /** The expressions summed (at least two). */
  readonly terms: readonly Expression[];
}

/**
 * Number of regions of `level` in the subtree (the region itself included when at that level)
 * for which `where.expr`, evaluated at that region, compares to `where.value` (all of them when
 * `where` is absent). "Counties with at least one public health-exam institution" is
 * `{ op: 'count-regions', level: 'county', where: { expr, comparator: '>=', value: '1' } }`.
 */
export interface CountRegionsExpr {
  /** Discriminator: `count-regions`. */
  readonly op: 'count-regions';
  /** Level of the regions counted (e.g. `county`). */
  readonly level: RegionLevel;
  /** The test each counted region passes: `expr` evaluated there compares to `value` with `comparator`. */
  readonly where?: {
    readonly expr: Expression;
    readonly comparator: Comparator;
    readonly value: string;
  };
}

/** Any expression. */
export type Expression = LeafExpression | AddExpr | CountRegionsExpr;

/** `add`: the sum of its terms. */
export const addExprSchema = z
  .object({
    op: z.literal('add'),
    get terms(): z.ZodArray<z.ZodType<Expression>> {
      return z.array(expressionSchema).min(1);
    },
  })
  .strict();

/** `count-regions`: regions of a level meeting a condition. */
export const countRegionsExprSchema = z
  .object({
    op: z.literal('count-regions'),
    level: z.enum(REGION_LEVELS),
    get where(): z.ZodOptional<
      z.ZodType<{ expr: Expression; comparator: Comparator; value: string }>
    > {
      return z
        .object({
          expr: expressionSchema,
          comparator: z.enum(COMPARATORS),
          value: decimalStringSchema,
        })
        .strict()
        .optional() as z.ZodOptional<
        z.ZodType<{ expr: Expression; comparator: Comparator; value: string }>
      >;
    },
  })
  .strict();

/** zod schema of any expression (recursive through `add` and `count-regions`). */
export const expressionSchema: z.ZodType<Expression> = z.discriminatedUnion('op', [
  countEmployersSchema,
  countFactsSchema,
  sumFieldSchema,
  dataElementExprSchema,
  addExprSchema,
  countRegionsExprSchema,
]) as z.ZodType<Expression>;

// ---------------------------------------------------------------------------------------------
// Indicator

/** Rounding modes: `half-up` (四舍五入, default), `half-even` (banker's), `floor` (towards −∞). */
export const ROUNDING_MODES = ['half-up', 'half-even', 'floor'] as const;
/** A rounding mode. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/**
 * How values roll up the region tree. `ratio-of-sums` (rates: numerator and denominator are each
 * summed over the subtree, never an average of children's rates); `sum` (the value is the
 * numerator over the subtree); `latest` (like `sum`, but data-element terms take each region's
 * latest value in the period); `none` (not rolled up: only regions with their own data).
 */
export const AGGREGATIONS = ['ratio-of-sums', 'sum', 'latest', 'none'] as const;
/** An aggregation rule. */
export type Aggregation = (typeof AGGREGATIONS)[number];

/**
 * `proportion` (numerator ⊆ denominator; above 100 % is flagged), `rate` (per factor, may exceed),
 * `count` (no denominator), `ratio` (any quotient).
 */
export const INDICATOR_KINDS = ['proportion', 'rate', 'count', 'ratio'] as const;
/** An indicator kind. */
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** `higher` is better (most rates) or `lower` is better (e.g. exceedance). */
export const DIRECTIONS = ['higher', 'lower'] as const;
/** A direction. */
export type Direction = (typeof DIRECTIONS)[number];

/**
 * How a year-end forecast projects a value evaluated part-way through the year (seed 003:
 * 对年底能否达到目标值作出预判):
 * - `same-period-last-year`: the numerator to date × last year's final numerator ÷ last year's
 *   numerator on the same day (used only when last year has data on both days);
 * - `linear`: the numerator to date ÷ elapsed days × days in the year, the denominator fixed;
 * - `hold`: the value to date is the year-end value (a rate whose numerator and denominator both
 *   accrue through the year).
 */
export const FORECAST_METHODS = ['same-period-last-year', 'linear', 'hold'] as const;
/** A year-end forecast method (see {@link FORECAST_METHODS}). */
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

/** An indicator's year-end forecast rule, as a pack writes it. */
export const forecastRuleSchema = z
  .object({
    /** Methods in order of preference: the first one that applies is used (default `['same-period-last-year', 'linear']`). */
    methods: z
      .array(z.enum(FORECAST_METHODS))
      .min(1)
      .refine((m) => new Set(m).size === m.length, {
        message: 'each forecast method at most once',
        params: { rule: 'indicator.forecast-methods-unique', messageZh: '预判方法不得重复' },
      })
      .optional(),
    /**
     * Why the pack chose these methods, with the clause that suggests them (stated in every
     * forecast's explanation).
     */
    basis: bilingualSchema.optional(),
    /**
     * A projection that misses the target by at most this share of the target value, in percent,
     * is `at-risk`; further off is `unlikely` (default `"10"`).
     */
    atRiskShare: decimalStringSchema.optional(),
  })
  .strict();
/** An indicator's year-end forecast rule. */
export type ForecastRule = z.infer<typeof forecastRuleSchema>;

/** One region a rule evaluates as a unit in its own right (see {@link indicatorUnitsSchema}). */
export const ownUnitSchema = z
  .object({
    /** The region's code. */
    region: regionCodeSchema,
    /** The rank it is evaluated at, e.g. `prefecture` for a zone the tree lists as a county. */
    level: z.enum(REGION_LEVELS),
  })
  .strict();

/**
 * Which regions one rule counts as its units, as pack data (issue 9: the units a notice addresses
 * are not always the tree's):
 * - `own`: regions evaluated as units of `level` in their own right — the result row reports that
 *   level (targets of that level apply), and the region's figures are left out of every tree
 *   ancestor of that rank or finer (a coarser ancestor, e.g. the province, keeps them); in those
 *   ancestors its regions are not counted by `count-regions` either. Additive figures only: an
 *   indicator reading a `distinct` count cannot name `own` units.
 * - `notCounted`: regions that are not units of the rule — never counted by its `count-regions`
 *   and given no result row; their records still count in their ancestors' figures (a development
 *   zone's enterprises count for the prefecture it lies in).
 */
export const indicatorUnitsSchema = z
  .object({
    own: z.array(ownUnitSchema).max(1000).optional(),
    notCounted: z.array(regionCodeSchema).max(10000).optional(),
  })
  .strict();
/** Which regions one rule counts as its units. */
export type IndicatorUnits = z.infer<typeof indicatorUnitsSchema>;

/** zod schema of an indicator definition. */
export const indicatorSchema = z
  .object({
    id: idSchema,
    label: bilingualSchema,
    description: bilingualSchema.optional(),
    kind: z.enum(INDICATOR_KINDS),
    /** Numerator (for `count`: the counted quantity). */
    numerator: expressionSchema,
    /** Denominator; required unless `kind` is `count`. */
    denominator: expressionSchema.optional(),
    /** Label of the numerator, e.g. `2-1 申报职业病危害的工业企业数量(家)`. */
    numeratorLabel: bilingualSchema.optional(),
    /** Label of the denominator. */
    denominatorLabel: bilingualSchema.optional(),
    /** Multiplier: 100 for %, 1 for counts (default: 100 for proportion/rate, 1 otherwise). */
    factor: decimalStringSchema.optional(),
    /** Decimal places of the published value (default 1 for proportion/rate, 0 for count, 2 for ratio). */
    decimals: z.number().int().min(0).max(10).optional(),
    rounding: z.enum(ROUNDING_MODES).default('half-up'),
    unit: bilingualSchema,
    direction: z.enum(DIRECTIONS).default('higher'),
    aggregation: z.enum(AGGREGATIONS).default('ratio-of-sums'),
    /** Levels the indicator is meant for (informational; evaluation still runs at every level). */
    levels: z.array(z.enum(REGION_LEVELS)).optional(),
    source: sourceRefSchema.optional(),
    note: bilingualSchema.optional(),
    /** The year-end forecast's methods and at-risk margin (see {@link forecastRuleSchema}). */
    forecast: forecastRuleSchema.optional(),
    /** Which regions the rule counts as its units (see {@link indicatorUnitsSchema}). */
    units: indicatorUnitsSchema.optional(),
  })
  .strict()
  .superRefine((ind, ctx) => {
    if (ind.kind !== 'count' && ind.denominator === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['denominator'],
        input: undefined,
        message: `a ${ind.kind} indicator needs a denominator`,
        params: { rule: 'indicator.denominator-required', messageZh: '比率类指标必须有分母' },
      });
    }
    if (ind.kind === 'count' && ind.aggregation === 'ratio-of-sums') {
      ctx.addIssue({
        code: 'custom',
        path: ['aggregation'],
        input: ind.aggregation,
        message: 'a count indicator aggregates by sum, latest or none, not ratio-of-sums',
        params: {
          rule: 'indicator.count-aggregation',
          messageZh: '计数类指标的汇总方式应为 sum、latest 或 none',
        },
      });
    }
    for (const [role, expr] of [
      ['numerator', ind.numerator],
      ['denominator', ind.denominator],
    ] as const) {
      if (expr) checkFields(expr, [role], ctx);
    }
    const own = ind.units?.own ?? [];
    if (own.length > 0 && [ind.numerator, ind.denominator].some((e) => e && readsDistinct(e))) {
      ctx.addIssue({
        code: 'custom',
        path: ['units', 'own'],
        input: own.map((u) => u.region).join(','),
        message: 'own units subtract a unit from its ancestors: a distinct count cannot be',
        params: {
          rule: 'indicator.units-additive',
          messageZh: '独立计算单位须从上级扣除，去重计数不能相减',
        },
      });
    }
    const notCounted = new Set(ind.units?.notCounted ?? []);
    for (const [i, u] of own.entries())
      if (notCounted.has(u.region))
        ctx.addIssue({
          code: 'custom',
          path: ['units', 'own', i, 'region'],
          input: u.region,
          message: `region ${u.region} is both an own unit and not counted`,
          params: {
            rule: 'indicator.units-disjoint',
            messageZh: `区划 ${u.region} 不能既独立计算又不计入`,
          },
        });
  });

/** Does an expression read a `distinct` fact count anywhere? */
function readsDistinct(expr: Expression): boolean {
  switch (expr.op) {
    case 'count-facts':
      return Boolean(expr.distinct);
    case 'add':
      return expr.terms.some(readsDistinct);
    case 'count-regions':
      return expr.where ? readsDistinct(expr.where.expr) : false;
    default:
      return false;
  }
}
/** An indicator as written in a pack (defaults not yet applied). */
export type IndicatorInput = z.input<typeof indicatorSchema>;
/** A validated indicator. */
export type Indicator = z.infer<typeof indicatorSchema>;

// ---------------------------------------------------------------------------------------------
// Field checks against the fact schemas

const FACT_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  factSchema.options.map((o) => [o.shape.kind.value as string, new Set(Object.keys(o.shape))]),
);

/**
 * The top-level field names of a fact kind.
 * @example factFields('inspection').has('problemsFound') // true
 */
export function factFields(kind: FactKind): ReadonlySet<string> {
  return FACT_FIELDS.get(kind) ?? new Set();
}

function checkConditions(
  kind: FactKind,
  where: readonly FieldCondition[] | undefined,
  path: PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  for (const [i, c] of (where ?? []).entries())
    checkField(kind, c.field, [...path, 'where', i, 'field'], ctx);
}

function checkField(
  kind: FactKind,
  field: string,
  path: PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  const top = field.split('.')[0]!;
  if (!factFields(kind).has(top)) {
    ctx.addIssue({
      code: 'custom',
      path,
      input: field,
      message: `fact kind ${kind} has no field ${top} (fields: ${[...factFields(kind)].join(', ')})`,
      params: { rule: 'expression.unknown-field', messageZh: `事实类型 ${kind} 没有字段 ${top}` },
    });
  }
}

function checkPredicate(
  p: EmployerPredicate | undefined,
  path: PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  if (!p) return;
  if (p.cohort) checkConditions(p.cohort.kind, p.cohort.where, [...path, 'cohort'], ctx);
  for (const [i, t] of (p.excludeIf ?? []).entries())
    checkConditions(t.kind, t.where, [...path, 'excludeIf', i], ctx);
  for (const [i, t] of (p.hasFact ?? []).entries())
    checkConditions(t.kind, t.where, [...path, 'hasFact', i], ctx);
}

function checkFields(expr: Expression, path: PropertyKey[], ctx: z.RefinementCtx): void {
  switch (expr.op) {
    case 'count-employers':
      checkPredicate(expr.where, [...path, 'where'], ctx);
      return;
    case 'count-facts':
      checkConditions(expr.kind, expr.where, path, ctx);
      checkPredicate(expr.employer, [...path, 'employer'], ctx);
      return;
    case 'sum-field':
      checkField(expr.kind, expr.field, [...path, 'field'], ctx);
      checkConditions(expr.kind, expr.where, path, ctx);
      checkPredicate(expr.employer, [...path, 'employer'], ctx);
      return;
    case 'data-element':
      return;
    case 'add':
      for (const [i, t] of expr.terms.entries()) checkFields(t, [...path, 'terms', i], ctx);
      return;
    case 'count-regions':
      if (expr.where) checkFields(expr.where.expr, [...path, 'where', 'expr'], ctx);
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Targets

/** Which regions a target applies to: a level, one region, or (both absent) every region. */
export const targetScopeSchema = z
  .object({
    level: z.enum(REGION_LEVELS).optional(),
    region: regionCodeSchema.optional(),
  })
  .strict();
/** A target scope. */
export type TargetScope = z.infer<typeof targetScopeSchema>;

/**
 * zod schema of a target: `indicator comparator value` for `period` in `scope`. `value` is in the
 * indicator's unit (`"95"` for 95 %). A target applies to an evaluation when its period contains
 * the evaluated period; the nearest (shortest) period wins, then region scope over level scope
 * over no scope. Judged on the unrounded value unless `compareOn: 'rounded'`.
 */
export const targetSchema = z
  .object({
    id: idSchema.optional(),
    indicator: idSchema,
    comparator: z.enum(COMPARATORS),
    value: decimalStringSchema,
    period: periodIdSchema,
    scope: targetScopeSchema.default({}),
    /** An interim milestone (e.g. 90 % by end-2024 on the way to 100 % by end-2025). */
    milestone: z.boolean().default(false),
    /** `unrounded` (default): 94.96 is not ≥ 95; `rounded`: compare the published value. */
    compareOn: z.enum(['unrounded', 'rounded']).default('unrounded'),
    /**
     * Report 时序进度 (time progress: by month m, m/12 of a yearly target). Default: on for
     * `count` indicators with a yearly target, off otherwise.
     */
    timeProgress: z.boolean().optional(),
    label: bilingualSchema.optional(),
    source: sourceRefSchema,
    note: bilingualSchema.optional(),
  })
  .strict();
/** A target as written in a pack. */
export type TargetInput = z.input<typeof targetSchema>;
/** A validated target. */
export type Target = z.infer<typeof targetSchema>;

// ---------------------------------------------------------------------------------------------
// Allocations

/** One row of an allocation table: a region, how many units it has, and its quota. */
export const allocationRowSchema = z
  .object({
    region: regionCodeSchema,
    label: labelSchema.optional(),
    /** Units the rule multiplies (e.g. counties in the prefecture). */
    units: z.number().int().nonnegative(),
    /** The quota (e.g. enterprises to assist). */
    quota: z.number().int().nonnegative(),
  })
  .strict();
/** An allocation row. */
export type AllocationRow = z.infer<typeof allocationRowSchema>;

/**
 * zod schema of an allocation (task table), e.g. 004 附表1: each prefecture's county count and
 * enterprise quota, checked against "at least 20 per county per year" (`rule`). When `indicator`
 * is given, each row's quota becomes a `>=` target of that indicator for the row's region.
 */
export const allocationSchema = z
  .object({
    id: idSchema,
    label: bilingualSchema,
    indicator: idSchema.optional(),
    /** Period each quota covers (e.g. `2024` for a per-year task). */
    period: periodIdSchema,
    /** Level of the regions the units are (e.g. `county`). */
    unitLevel: z.enum(REGION_LEVELS),
    /** Rule every row must meet: `quota >= perUnit × units × years`. */
    rule: z
      .object({ perUnit: decimalStringSchema, years: z.number().int().positive().default(1) })
      .strict()
      .optional(),
    rows: z.array(allocationRowSchema).min(1),
    /** Totals as printed in the source, to check the rows against. */
    statedTotal: z
      .object({ units: z.number().int().nonnegative(), quota: z.number().int().nonnegative() })
      .strict()
      .optional(),
    source: sourceRefSchema,
  })
  .strict()
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.rows.forEach((r, i) => {
      if (seen.has(r.region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'region'],
          input: r.region,
          message: `region ${r.region} appears twice`,
          params: { rule: 'allocation.duplicate-region', messageZh: `区划 ${r.region} 重复出现` },
        });
      }
      seen.add(r.region);
    });
  });
/** An allocation as written in a pack. */
export type AllocationInput = z.input<typeof allocationSchema>;
/** A validated allocation. */
export type Allocation = z.infer<typeof allocationSchema>;

// ---------------------------------------------------------------------------------------------
// Checklists and forms

/** zod schema of a checklist (e.g. Henan 六个一, Yunnan 五个一). */
export const checklistSchema = z
  .object({
    id: idSchema,
    label: bilingualSchema,
    /** Assistance programme id the items belong to (matches `assistance.programme`). */
    programme: z.string().min(1).optional(),
    items: z
      .array(
        z
          .object({
            /** Item id, as used in `assistance.items`. */
            id: z.string().min(1),
            label: bilingualSchema,
            /** When the item applies, in words (e.g. only with posts exceeding limits). */
            applicability: bilingualSchema.optional(),
            source: sourceRefSchema.optional(),
          })
          .strict(),
      )
      .min(1),
    source: sourceRefSchema,
  })
  .strict();
/** A checklist. */
export type Checklist = z.infer<typeof checklistSchema>;

/** zod schema of a form (loose: `id`, `label`, then whatever the form needs, e.g. columns). */
export const formSchema = z.looseObject({
  id: idSchema,
  label: bilingualSchema,
  source: sourceRefSchema.optional(),
});
/** A form description. */
export type Form = z.infer<typeof formSchema>;

// ---------------------------------------------------------------------------------------------
// Reported figures and data-quality rules (used by `reconcile` and `checkRules`)

const dataElementRef = z.string().refine((s) => /^[A-Za-z][\w.-]{0,99}$/.test(s), {
  message: 'must be a data-element id',
  params: { rule: 'data-element.id', messageZh: '必须是数据元标识' },
});
const obligationRef = z
  .string()
  .max(128)
  .refine((s) => /^[a-z0-9][a-z0-9.-]*$/.test(s), {
    message: 'must be an obligation id (lower-case letters, digits, "." and "-")',
    params: {
      rule: 'obligation.id',
      messageZh: '必须是报送任务标识（小写字母、数字、"." 和 "-"）',
    },
  });

/**
 * Which reported data elements carry an indicator's figure in the reports of an obligation: the
 * numerator's and the denominator's (a `count` indicator has only `numerator`), and optionally the
 * published value itself (a rate as the report printed it). Without `obligation` the mapping
 * applies to the indicator's figures in any report of the period.
 * @example { indicator: 'monitoringPassRate', obligation: 'yongqing.county-summary-report', numerator: 'monitoredPostsCompliant', denominator: 'monitoredPosts' }
 */
export const reportedAsSchema = z
  .object({
    indicator: idSchema,
    obligation: obligationRef.optional(),
    numerator: dataElementRef,
    denominator: dataElementRef.optional(),
    value: dataElementRef.optional(),
    source: sourceRefSchema.optional(),
  })
  .strict();
/** A reported-figure mapping of a plan (see {@link reportedAsSchema}). */
export type ReportedAs = z.infer<typeof reportedAsSchema>;

/** Comparison operators of a data-quality rule. */
export const RULE_OPERATORS = ['<=', '<', '=', '>=', '>', '!='] as const;
/** A data-quality rule's operator. */
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/**
 * What a rule does when a side has no value (DHIS2's missing-value strategies):
 * `skip-if-any-missing` (default) checks only when both sides have a value;
 * `skip-if-all-missing` checks when at least one side has a value, a missing side counting as 0;
 * `never-skip` always checks, a missing side counting as 0.
 */
export const MISSING_VALUE_STRATEGIES = [
  'skip-if-any-missing',
  'skip-if-all-missing',
  'never-skip',
] as const;
/** A missing-value strategy (see {@link MISSING_VALUE_STRATEGIES}). */
export type MissingValueStrategy = (typeof MISSING_VALUE_STRATEGIES)[number];

/** How much a violation matters. */
export const RULE_IMPORTANCES = ['high', 'medium', 'low'] as const;
/** A rule's importance. */
export type RuleImportance = (typeof RULE_IMPORTANCES)[number];

/**
 * One side of a data-quality rule, read at each region:
 * `{ records }` an expression over the store's records (as an indicator's numerator);
 * `{ indicator, part }` an indicator's numerator or denominator recomputed from the records;
 * `{ reported }` the value of a data element in the region's own submitted or approved report;
 * `{ childrenReported }` the sum of that element over the reports of the region's direct children.
 */
export type RuleOperand =
  | { readonly records: Expression }
  | { readonly indicator: string; readonly part: 'numerator' | 'denominator' }
  | { readonly reported: string }
  | { readonly childrenReported: string };

/** zod schema of a {@link RuleOperand}. */
export const ruleOperandSchema: z.ZodType<RuleOperand> = z.union([
  z.object({ records: expressionSchema }).strict(),
  z.object({ indicator: idSchema, part: z.enum(['numerator', 'denominator']) }).strict(),
  z.object({ reported: dataElementRef }).strict(),
  z.object({ childrenReported: dataElementRef }).strict(),
]) as z.ZodType<RuleOperand>;

const ruleCommon = {
  id: idSchema,
  label: bilingualSchema,
  missing: z.enum(MISSING_VALUE_STRATEGIES).default('skip-if-any-missing'),
  importance: z.enum(RULE_IMPORTANCES).default('medium'),
  /** A violation at a region refuses the approval of that region's report of the period. */
  blocksApproval: z.boolean().default(false),
  /** Only regions of these levels (default: every region). */
  levels: z.array(z.enum(REGION_LEVELS)).min(1).optional(),
  /** Reported operands read only this obligation's reports (default: any report of the period). */
  obligation: obligationRef.optional(),
  source: sourceRefSchema,
  note: bilingualSchema.optional(),
};

/**
 * zod schema of a data-quality (validation) rule, as data. `compare`: `left operator right`
 * (e.g. 检测合格岗位数 ≤ 检测岗位数). `outlier`: the value against the same period last year —
 * method `ratio-to-same-period-last-year`: a violation when this year ÷ last year exceeds
 * `factor` or falls below 1 ÷ `factor` (last year 0: a violation when this year is not 0).
 */
export const qualityRuleSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('compare'),
      ...ruleCommon,
      left: ruleOperandSchema,
      operator: z.enum(RULE_OPERATORS),
      right: ruleOperandSchema,
    })
    .strict(),
  z
    .object({
      type: z.literal('outlier'),
      ...ruleCommon,
      value: ruleOperandSchema,
      method: z.literal('ratio-to-same-period-last-year').default('ratio-to-same-period-last-year'),
      /** A decimal greater than 1, e.g. `"2"`: more than double or less than half is an outlier. */
      factor: decimalStringSchema.refine((s) => Number(s) > 1, {
        message: 'must be greater than 1',
        params: { rule: 'rule.factor', messageZh: '必须大于 1' },
      }),
    })
    .strict(),
]);
/** A data-quality rule as written in a pack. */
export type QualityRuleInput = z.input<typeof qualityRuleSchema>;
/** A validated data-quality rule. */
export type QualityRule = z.infer<typeof qualityRuleSchema>;

function checkReportedAndRules(
  plan: {
    readonly indicators: readonly Indicator[];
    readonly dataElements: readonly { readonly id: string }[];
    readonly obligations: readonly { readonly id: string }[];
    readonly reportedAs: readonly ReportedAs[];
    readonly rules: readonly QualityRule[];
  },
  ctx: z.RefinementCtx,
): void {
  const indicators = new Map(plan.indicators.map((i) => [i.id, i]));
  const elements = new Set(plan.dataElements.map((d) => d.id));
  const obligations = new Set(plan.obligations.map((o) => o.id));
  const issue = (path: PropertyKey[], input: unknown, rule: string, en: string, zh: string) =>
    ctx.addIssue({ code: 'custom', path, input, message: en, params: { rule, messageZh: zh } });
  const element = (path: PropertyKey[], id: string) => {
    if (!elements.has(id))
      issue(
        path,
        id,
        'plan.unknown-data-element',
        `refers to data element ${id}, which the plan does not declare in dataElements`,
        `引用了计划未在 dataElements 中声明的数据元 ${id}`,
      );
  };
  const obligation = (path: PropertyKey[], id: string | undefined) => {
    if (id !== undefined && !obligations.has(id))
      issue(
        path,
        id,
        'plan.unknown-obligation',
        `refers to obligation ${id}, which the plan does not declare`,
        `引用了计划未声明的报送任务 ${id}`,
      );
  };
  const seen = new Set<string>();
  plan.reportedAs.forEach((r, i) => {
    const ind = indicators.get(r.indicator);
    if (!ind) {
      issue(
        ['reportedAs', i, 'indicator'],
        r.indicator,
        'plan.unknown-indicator',
        `reportedAs refers to unknown indicator ${r.indicator}`,
        `reportedAs 引用了不存在的指标 ${r.indicator}`,
      );
    } else if (ind.kind === 'count' && r.denominator !== undefined) {
      issue(
        ['reportedAs', i, 'denominator'],
        r.denominator,
        'reported-as.count-denominator',
        `${r.indicator} is a count: it is reported as one element (numerator), without a denominator`,
        `${r.indicator} 是计数类指标，只报一个数据元（numerator），不报分母`,
      );
    } else if (ind.kind !== 'count' && r.denominator === undefined) {
      issue(
        ['reportedAs', i, 'denominator'],
        undefined,
        'reported-as.denominator-required',
        `${r.indicator} is a ${ind.kind}: name the element carrying its denominator`,
        `${r.indicator} 是比率类指标，须指明上报其分母的数据元`,
      );
    }
    element(['reportedAs', i, 'numerator'], r.numerator);
    if (r.denominator !== undefined) element(['reportedAs', i, 'denominator'], r.denominator);
    if (r.value !== undefined) element(['reportedAs', i, 'value'], r.value);
    obligation(['reportedAs', i, 'obligation'], r.obligation);
    const key = `${r.indicator}|${r.obligation ?? ''}`;
    if (seen.has(key))
      issue(
        ['reportedAs', i],
        key,
        'reported-as.duplicate',
        `indicator ${r.indicator} is mapped twice for the same obligation`,
        `指标 ${r.indicator} 对同一报送任务映射了两次`,
      );
    seen.add(key);
  });
  const ruleIds = new Set<string>();
  const operand = (o: RuleOperand, path: PropertyKey[]) => {
    if ('records' in o) checkFields(o.records, [...path, 'records'], ctx);
    else if ('indicator' in o) {
      const ind = indicators.get(o.indicator);
      if (!ind)
        issue(
          [...path, 'indicator'],
          o.indicator,
          'plan.unknown-indicator',
          `rule refers to unknown indicator ${o.indicator}`,
          `规则引用了不存在的指标 ${o.indicator}`,
        );
      else if (o.part === 'denominator' && ind.denominator === undefined)
        issue(
          [...path, 'part'],
          o.part,
          'rule.no-denominator',
          `${o.indicator} has no denominator`,
          `${o.indicator} 没有分母`,
        );
    } else if ('reported' in o) element([...path, 'reported'], o.reported);
    else element([...path, 'childrenReported'], o.childrenReported);
  };
  plan.rules.forEach((r, i) => {
    if (ruleIds.has(r.id))
      issue(
        ['rules', i, 'id'],
        r.id,
        'plan.duplicate-rule',
        `rule id ${r.id} appears twice`,
        `规则标识 ${r.id} 重复`,
      );
    ruleIds.add(r.id);
    obligation(['rules', i, 'obligation'], r.obligation);
    if (r.type === 'compare') {
      operand(r.left, ['rules', i, 'left']);
      operand(r.right, ['rules', i, 'right']);
    } else operand(r.value, ['rules', i, 'value']);
  });
}

// ---------------------------------------------------------------------------------------------
// Plan

/** The document a plan (policy pack) implements. */
export const planSourceSchema = z
  .object({
    /** Document number, e.g. `豫卫职健〔2024〕7号`, or a short title when it has none. */
    doc: z.string().min(1),
    title: z.string().min(1).optional(),
    issuer: z.string().min(1).optional(),
    /** Date issued. */
    date: isoDateSchema.optional(),
    /** Seed file, e.g. `001`. */
    seed: z.string().min(1).optional(),
  })
  .strict();
/** A plan's source document. */
export type PlanSource = z.infer<typeof planSourceSchema>;

/**
 * zod schema of a plan (policy pack): indicators, targets, allocations, reporting obligations,
 * checklists and forms, each citing its source. `obligations` are validated with the calendar
 * module's `obligationSchema`.
 */
export const planSchema = z
  .object({
    id: idSchema,
    /**
     * Version of the pack's rules (semver, e.g. `2.0.0`): a major step whenever a published figure
     * can change. Every evaluation names it (`Evaluation.planVersion`, `Explanation.plan`).
     */
    version: z
      .string()
      .refine((s) => /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(s), {
        message: 'must be a semantic version, e.g. 2.0.0',
        params: { rule: 'plan.version-format', messageZh: '必须是语义化版本号，如 2.0.0' },
      })
      .optional(),
    label: bilingualSchema,
    description: bilingualSchema.optional(),
    source: planSourceSchema,
    /** The plan's period, e.g. `2024/2025`. */
    period: periodIdSchema.optional(),
    /** Region the plan was issued for (e.g. `410000` for Henan). */
    region: regionCodeSchema.optional(),
    dataElements: z.array(dataElementSchema).default([]),
    indicators: z.array(indicatorSchema).default([]),
    targets: z.array(targetSchema).default([]),
    allocations: z.array(allocationSchema).default([]),
    /** Reporting obligations (who reports what by when), see the calendar module. */
    obligations: z.array(obligationSchema).default([]),
    checklists: z.array(checklistSchema).default([]),
    forms: z.array(formSchema).default([]),
    /** Which reported data elements carry each indicator's figures (see `reconcile`). */
    reportedAs: z.array(reportedAsSchema).default([]),
    /** Data-quality rules over records and reported values (see `checkRules`). */
    rules: z.array(qualityRuleSchema).default([]),
  })
  .strict()
  .superRefine((plan, ctx) => {
    checkReportedAndRules(plan, ctx);
    const ids = new Set<string>();
    plan.indicators.forEach((ind, i) => {
      if (ids.has(ind.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'id'],
          input: ind.id,
          message: `indicator id ${ind.id} appears twice`,
          params: { rule: 'plan.duplicate-indicator', messageZh: `指标标识 ${ind.id} 重复` },
        });
      }
      ids.add(ind.id);
    });
    plan.targets.forEach((t, i) => {
      if (!ids.has(t.indicator)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'indicator'],
          input: t.indicator,
          message: `target refers to unknown indicator ${t.indicator}`,
          params: {
            rule: 'plan.unknown-indicator',
            messageZh: `目标引用了不存在的指标 ${t.indicator}`,
          },
        });
      }
    });
    plan.allocations.forEach((a, i) => {
      if (a.indicator !== undefined && !ids.has(a.indicator)) {
        ctx.addIssue({
          code: 'custom',
          path: ['allocations', i, 'indicator'],
          input: a.indicator,
          message: `allocation refers to unknown indicator ${a.indicator}`,
          params: {
            rule: 'plan.unknown-indicator',
            messageZh: `分配表引用了不存在的指标 ${a.indicator}`,
          },
        });
      }
    });
    // A data element an indicator reads must be declared, or it would evaluate to "no data" everywhere.
    const declared = new Set(plan.dataElements.map((d) => d.id));
    const undeclared = (expr: Expression, path: Array<string | number>): void => {
      if (expr.op === 'add') {
        for (const [k, t] of expr.terms.entries()) undeclared(t, [...path, 'terms', k]);
      } else if (expr.op === 'count-regions' && expr.where)
        undeclared(expr.where.expr, [...path, 'where', 'expr']);
      else if (expr.op === 'data-element' && !declared.has(expr.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'id'],
          input: expr.id,
          message: `refers to data element ${expr.id}, which the plan does not declare in dataElements`,
          params: {
            rule: 'plan.unknown-data-element',
            messageZh: `引用了计划未在 dataElements 中声明的数据元 ${expr.id}`,
          },
        });
      }
    };
    plan.indicators.forEach((ind, i) => {
      undeclared(ind.numerator, ['indicators', i, 'numerator']);
      if (ind.denominator) undeclared(ind.denominator, ['indicators', i, 'denominator']);
    });
    const targetIds = new Set<string>();
    plan.targets.forEach((t, i) => {
      if (t.id === undefined) return;
      if (targetIds.has(t.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'id'],
          input: t.id,
          message: `target id ${t.id} appears twice`,
          params: { rule: 'plan.duplicate-target', messageZh: `目标标识 ${t.id} 重复` },
        });
      }
      targetIds.add(t.id);
    });
  });
/** A plan as written by a pack author (defaults not yet applied). */
export type PlanInput = z.input<typeof planSchema>;
/** A validated plan. */
export type Plan = z.infer<typeof planSchema>;
