/**
 * @module employer
 * Employers (用人单位): identity, classification, hazards and status history.
 */
import { z } from 'zod';
import { addMonths, type IsoDate, isoDateSchema } from '../date/index.js';
import { boundedText, MAX_CODE_LENGTH, MAX_NAME_LENGTH, parseWith } from '../errors/index.js';
import { regionCodeSchema } from '../region/index.js';
import { industryCodeSchema, isIndustrialIndustry, SIZE_CLASSES } from './classification.js';
import { creditCodeProblem } from './credit-code.js';

/** zod schema of a unified social credit code (GB 32100-2015, check character verified). */
export const creditCodeSchema = z.string().superRefine((code, ctx) => {
  const problem = creditCodeProblem(code);
  if (problem) {
    ctx.addIssue({
      code: 'custom',
      message: problem.message,
      params: { rule: problem.rule, messageZh: problem.messageZh },
    });
  }
});

/** Hazard-risk class of the employer's industry (建设项目职业病危害风险分类管理目录 2021). */
export const HAZARD_LEVELS = ['severe', 'general', 'none'] as const;
/** Hazard-risk class: `severe` (严重), `general` (一般) or `none`. */
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

/** Business status of an employer. */
export const EMPLOYER_STATUSES = ['active', 'suspended', 'deregistered'] as const;
/** Business status: `active` (在营), `suspended` (停产停业), `deregistered` (注销). */
export type EmployerStatus = (typeof EMPLOYER_STATUSES)[number];

/** One entry of the status history: the status that holds from `from` on. */
export const statusChangeSchema = z.object({
  status: z.enum(EMPLOYER_STATUSES),
  from: isoDateSchema,
});

/** zod schema of an employer record. */
export const employerSchema = z
  .object({
    creditCode: creditCodeSchema,
    name: z
      .string()
      .trim()
      .refine((s) => s.length > 0, {
        message: 'must not be empty',
        params: { rule: 'employer.name', messageZh: '不能为空' },
      })
      // Line breaks are allowed: names arrive from CSV quoted fields spanning lines (importer
      // tests pin that); NUL, other controls and lone surrogates are refused.
      .pipe(boundedText(MAX_NAME_LENGTH, { multiline: true })),
    region: regionCodeSchema,
    industry: industryCodeSchema.optional(),
    size: z.enum(SIZE_CLASSES),
    employees: z.number().int().nonnegative().optional(),
    hazardFactors: z.array(boundedText(MAX_CODE_LENGTH)).max(100).default([]),
    hazardLevel: z.enum(HAZARD_LEVELS).default('none'),
    /** Status changes in date order; an employer with none is active from registration. */
    statusHistory: z
      .array(statusChangeSchema)
      .default([])
      .superRefine((history, ctx) => {
        for (let i = 1; i < history.length; i++) {
          if (history[i]!.from <= history[i - 1]!.from) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'from'],
              message: 'status changes must be in strictly increasing date order',
              params: { rule: 'employer.status-order', messageZh: '状态变更日期必须严格递增' },
            });
          }
        }
      }),
    registeredOn: isoDateSchema.optional(),
  })
  .strict();

/** An employer as given by a caller. */
export type EmployerInput = z.input<typeof employerSchema>;
/** A validated employer. */
export type Employer = z.infer<typeof employerSchema>;

/**
 * Validate an employer record; errors name field, value, rule and row.
 * @example
 * ```ts
 * const employer = parseEmployer({ creditCode: '91530102100000000Y', name: '昆明五华机械有限公司', region: '530102', size: 'small' });
 * console.log(employer.hazardLevel, employer.statusHistory.length); // defaults filled in
 * // → none 0
 * try {
 *   parseEmployer({ creditCode: '91530102100000000Y', name: ' ', region: '530102', size: 'small' }, 7);
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.issues.map((i) => `${i.row} ${i.path} ${i.rule}`).join());
 * }
 * // → 7 name employer.name
 * ```
 */
export function parseEmployer(input: unknown, row?: number): Employer {
  return parseWith(employerSchema, input, row === undefined ? {} : { row });
}

/**
 * The status in force on `date`, or undefined before registration.
 *
 * An employer without `registeredOn`: with no status history it is active on every day; with a
 * history whose first change is to `active`, that change is its opening and before it the
 * employer is unknown (undefined); with a first change to `suspended` or `deregistered`, it was
 * active before that change (only an operating business can be suspended or deregistered).
 * @example statusOn(parseEmployer({ creditCode: '91530102100007919H', name: '五华化工', region: '530102', size: 'medium', statusHistory: [{ status: 'suspended', from: '2025-01-15' }, { status: 'active', from: '2025-09-01' }] }), '2025-03-01') // { status: 'suspended', from: '2025-01-15' }
 */
export function statusOn(
  employer: Employer,
  date: IsoDate,
): { status: EmployerStatus; from: IsoDate } | undefined {
  if (employer.registeredOn !== undefined && date < employer.registeredOn) return undefined;
  let current: { status: EmployerStatus; from: IsoDate } | undefined;
  for (const change of employer.statusHistory) {
    if (change.from <= date) current = change;
  }
  if (current) return current;
  // Before the first recorded change: active from registration when the registration date is
  // known. Without it (a decision, see `statusOn`'s doc): a first change to `active` is the
  // opening of the business, so nothing is known before it; a first change to `suspended` or
  // `deregistered` implies a business that was operating, so it was active before that change.
  const first = employer.statusHistory[0];
  if (first && employer.registeredOn === undefined && first.status === 'active') return undefined;
  return { status: 'active', from: employer.registeredOn ?? '1949-10-01' };
}

/**
 * Months a suspension may last and still count as active (豫卫职健〔2024〕7号 附件1 二(一)3:
 * 停产停业6个月以内). "以内" includes the end (民法典 第二百零一条、第一千二百五十九条): a suspension from
 * 2025-03-01 still counts on 2025-09-01 and no longer on 2025-09-02.
 */
export const SUSPENSION_GRACE_MONTHS = 6;

/**
 * Does the employer count as active on `date`? Active, or suspended for six months or less
 * (a suspension from 2025-01-15 still counts up to and including 2025-07-15, month ends clamped:
 * from 2024-08-31 up to 2025-02-28); deregistered never counts.
 * @example isActiveOn(parseEmployer({ creditCode: '91530102100000000Y', name: '五华机械', region: '530102', size: 'small', statusHistory: [{ status: 'suspended', from: '2025-01-15' }] }), '2025-07-16') // false (suspended more than six months)
 */
export function isActiveOn(employer: Employer, date: IsoDate): boolean {
  const current = statusOn(employer, date);
  if (!current) return false;
  if (current.status === 'active') return true;
  if (current.status === 'deregistered') return false;
  return date <= addMonths(current.from, SUSPENSION_GRACE_MONTHS);
}

/**
 * Is the employer a small, medium or micro enterprise (中小微企业)?
 * @example isSme({ size: 'micro' }) // true
 */
export function isSme(employer: Pick<Employer, 'size'>): boolean {
  return employer.size !== 'large';
}

/**
 * Is the employer in an industry with severe occupational-hazard risk?
 * @example hasSevereHazard({ hazardLevel: 'general' }) // false
 */
export function hasSevereHazard(employer: Pick<Employer, 'hazardLevel'>): boolean {
  return employer.hazardLevel === 'severe';
}

/**
 * Is the employer industrial (GB/T 4754 sections B, C, D)?
 * @example isIndustrial({ industry: 'C3311' }) // true (C: manufacturing)
 */
export function isIndustrial(employer: Pick<Employer, 'industry'>): boolean {
  return employer.industry !== undefined && isIndustrialIndustry(employer.industry);
}
