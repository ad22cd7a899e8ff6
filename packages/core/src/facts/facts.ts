/**
 * @module facts
 * Record-level facts: each says something happened at an employer or institution on a date.
 * A zod discriminated union on `kind`; every count is a non-negative integer and every part is at
 * most its whole.
 */
import { z } from 'zod';
import { isoDateSchema } from '../date/index.js';
import { creditCodeSchema } from '../employer/employer.js';
import {
  boundedText,
  isBoundedDecimal,
  isRecordId,
  MAX_CODE_LENGTH,
  MAX_DECIMAL_DIGITS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  parseWith,
  RECORD_ID_RULE,
} from '../errors/index.js';
import { regionCodeSchema } from '../region/index.js';

const count = z
  .number({ message: 'must be a number' })
  .refine(Number.isInteger, {
    message: 'must be a whole number',
    params: { rule: 'count.integer', messageZh: '必须是整数' },
  })
  .refine((n) => n >= 0, {
    message: 'must not be negative',
    params: { rule: 'count.non-negative', messageZh: '不能为负数' },
  })
  .refine((n) => !Number.isInteger(n) || Number.isSafeInteger(n), {
    message: `must be at most ${Number.MAX_SAFE_INTEGER} (a safe integer; larger counts would be stored rounded)`,
    params: {
      rule: 'count.safe-integer',
      messageZh: `不能超过 ${Number.MAX_SAFE_INTEGER}（安全整数范围）`,
    },
  });

const decimalString = z
  .string()
  .refine((s) => /^-?\d+(\.\d+)?$/.test(s), {
    message: 'must be a decimal number written as a string, e.g. "12.50"',
    params: { rule: 'decimal.format', messageZh: '必须是以字符串表示的十进制数，如 "12.50"' },
  })
  .refine((s) => !/^-?\d+(\.\d+)?$/.test(s) || isBoundedDecimal(s), {
    message: `must have at most ${MAX_DECIMAL_DIGITS} digits before and after the decimal point`,
    params: {
      rule: 'decimal.range',
      messageZh: `整数与小数部分各不能超过 ${MAX_DECIMAL_DIGITS} 位`,
    },
  });

/** Where a fact came from. */
export const factSourceSchema = z
  .object({
    /** Source document number or system name. */
    system: boundedText(MAX_CODE_LENGTH).optional(),
    /** Record id in the source system. */
    ref: boundedText(MAX_CODE_LENGTH).optional(),
  })
  .strict();

const base = {
  /** Caller-chosen unique id; writing the same id again updates (idempotent when unchanged). */
  id: z.string().refine(isRecordId, {
    message: RECORD_ID_RULE.message,
    params: { rule: 'fact.id', messageZh: RECORD_ID_RULE.messageZh },
  }),
  /** Region the fact is counted in (usually the employer's region). */
  region: regionCodeSchema,
  /** The day it happened (China time). */
  date: isoDateSchema,
  source: factSourceSchema.optional(),
  note: boundedText(MAX_TEXT_LENGTH, { multiline: true, allowEmpty: true }).optional(),
};

const employerRef = { employer: creditCodeSchema };
const institutionId = z.string().refine(isRecordId, {
  message: RECORD_ID_RULE.message,
  params: { rule: 'institution.id', messageZh: RECORD_ID_RULE.messageZh },
});

/**
 * The class of institution a fact concerns, as 001 附件3 groups them: `tech-service` 职业卫生/放射卫生
 * 技术服务机构 (一(三)), `health-exam` 职业健康检查机构 and `diagnosis` 职业病诊断机构 (一(四)). The
 * write planner checks it against the types of the fact's `institution` record.
 */
export const FACT_INSTITUTION_TYPES = ['health-exam', 'diagnosis', 'tech-service'] as const;
const institutionType = z.enum(FACT_INSTITUTION_TYPES);

/**
 * Which quality-control activity a `qc-activity` fact is (001 附件3 二(三)): `proficiency-comparison`
 * 检测能力比对 (every technical-service organisation once a year), `quality-monitoring` 质量监测
 * (≥ 40 % of them a year), `qc` 质控活动 (every health-exam institution once a year). Absent: read as
 * before this field existed — quality monitoring for a technical-service organisation, 质控活动 for a
 * health-exam or diagnosis institution.
 */
export const QC_ACTIVITIES = ['proficiency-comparison', 'quality-monitoring', 'qc'] as const;

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

function partOfWhole<T extends Record<string, unknown>>(
  part: keyof T & string,
  whole: keyof T & string,
) {
  return (value: T, ctx: z.RefinementCtx) => {
    const p = value[part];
    const w = value[whole];
    // Compare only valid counts: a negative or fractional count already has its own issue.
    if (isCount(p) && isCount(w) && p > w) {
      ctx.addIssue({
        code: 'custom',
        path: [part],
        message: `${part} (${p}) must not exceed ${whole} (${w})`,
        input: p,
        params: {
          rule: 'count.part-of-whole',
          messageZh: `${part}（${p}）不能大于 ${whole}（${w}）`,
        },
      });
    }
  };
}

/** 职业病危害项目申报: the employer declared its hazards in the national declaration system. */
export const declarationFactSchema = z
  .object({
    ...base,
    ...employerRef,
    kind: z.literal('declaration'),
    declarationType: z.enum(['initial', 'change', 'annual']).default('initial'),
  })
  .strict();

/** 工作场所职业病危害因素检测: posts tested and posts compliant. */
export const hazardTestingFactSchema = z
  .object({
    ...base,
    ...employerRef,
    kind: z.literal('hazard-testing'),
    /** `periodic` (定期检测 by the employer), `monitoring` (监测 by government), `supervisory` (监督检测). */
    programme: z.enum(['periodic', 'monitoring', 'supervisory']).default('periodic'),
    postsTested: count,
    postsCompliant: count,
    institution: institutionId.optional(),
  })
  .strict()
  .superRefine(partOfWhole('postsCompliant', 'postsTested'));

/** 职业健康检查: workers due and examined; suspected cases and contraindications found. */
export const healthExamFactSchema = z
  .object({
    ...base,
    ...employerRef,
    kind: z.literal('health-exam'),
    workersDue: count.optional(),
    workersExamined: count,
    suspectedCases: count.default(0),
    contraindications: count.default(0),
    institution: institutionId.optional(),
  })
  .strict()
  .superRefine(partOfWhole('workersExamined', 'workersDue'))
  .superRefine(partOfWhole('suspectedCases', 'workersExamined'))
  .superRefine(partOfWhole('contraindications', 'workersExamined'));

/** 职业健康培训: persons trained by role. */
export const trainingFactSchema = z
  .object({
    ...base,
    ...employerRef,
    kind: z.literal('training'),
    principalsTrained: count.default(0),
    managersTrained: count.default(0),
    workersTrained: count.default(0),
  })
  .strict();

/** 建设项目"三同时": one stage of a construction project's protective-facility review. */
export const threeSimultaneitiesFactSchema = z
  .object({
    ...base,
    employer: creditCodeSchema.optional(),
    kind: z.literal('three-simultaneities'),
    project: boundedText(MAX_NAME_LENGTH),
    stage: z.enum(['pre-assessment', 'design-review', 'completion-acceptance']),
    /** Total investment in 万元 (10,000 CNY), as a decimal string. */
    totalInvestment: decimalString.optional(),
  })
  .strict();

/** 现状评价 (status) or 检测评价 (testing) evaluation of an operating employer. */
export const hazardEvaluationFactSchema = z
  .object({
    ...base,
    ...employerRef,
    kind: z.literal('hazard-evaluation'),
    evaluationType: z.enum(['status', 'testing']),
    institution: institutionId.optional(),
  })
  .strict();

/** 帮扶: enrolment of an SME in an assistance programme, its checklist items and problems. */
export const assistanceFactSchema = z
  .object({
    ...base,
    ...employerRef,
    kind: z.literal('assistance'),
    /** Programme id, e.g. `henan-six-ones` or `yunnan-five-ones`. */
    programme: boundedText(MAX_NAME_LENGTH),
    /** Checklist items done (六个一 / 五个一), by item id. */
    items: z.record(z.string(), z.boolean()).default({}),
    /** Does the employer have posts exceeding exposure limits (makes the governance item applicable)? */
    hasExceedingPosts: z.boolean().optional(),
    problemsFound: count.default(0),
    problemsRectified: count.default(0),
  })
  .strict()
  .superRefine(partOfWhole('problemsRectified', 'problemsFound'));

/** 监督检查: an inspection of an employer or institution, problems found and how they were handled. */
export const inspectionFactSchema = z
  .object({
    ...base,
    employer: creditCodeSchema.optional(),
    institution: institutionId.optional(),
    /** The class of the inspected institution (001 附件3 一(三) vs 一(四)). */
    institutionType: institutionType.optional(),
    kind: z.literal('inspection'),
    problemsFound: count.default(0),
    problemsRectified: count.default(0),
    /** How each problem was handled; when given, the three parts sum to `problemsFound`. */
    dispositions: z
      .object({ onSpot: count, withinDeadline: count, penalty: count })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(partOfWhole('problemsRectified', 'problemsFound'))
  .superRefine((v, ctx) => {
    if (v.dispositions) {
      const sum = v.dispositions.onSpot + v.dispositions.withinDeadline + v.dispositions.penalty;
      if (sum !== v.problemsFound) {
        ctx.addIssue({
          code: 'custom',
          path: ['dispositions'],
          input: v.dispositions,
          message: `dispositions sum to ${sum} but ${v.problemsFound} problems were found`,
          params: {
            rule: 'inspection.dispositions-sum',
            messageZh: `处置合计 ${sum}，与发现问题数 ${v.problemsFound} 不符`,
          },
        });
      }
    }
  });

/** 违法案件: an enforcement case, filed (立案) on `date`, concluded (查处) on `concludedOn`. */
export const enforcementCaseFactSchema = z
  .object({
    ...base,
    employer: creditCodeSchema.optional(),
    institution: institutionId.optional(),
    /** The class of the institution the case is against (001 附件3 一(三) vs 一(四)). */
    institutionType: institutionType.optional(),
    kind: z.literal('enforcement-case'),
    category: z
      .enum([
        'employer-violation',
        'false-certificate',
        'reporting-violation',
        'qc-noncompliance',
        'other',
      ])
      .default('employer-violation'),
    concludedOn: isoDateSchema.optional(),
    /** Fine in CNY as a decimal string. */
    penalty: decimalString.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.concludedOn !== undefined && v.concludedOn < v.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['concludedOn'],
        input: v.concludedOn,
        message: `concludedOn (${v.concludedOn}) is before the filing date (${v.date})`,
        params: {
          rule: 'case.concluded-after-filed',
          messageZh: `结案日期（${v.concludedOn}）早于立案日期（${v.date}）`,
        },
      });
    }
  });

/** 技术服务信息报送卡: a technical-service job and whether its card was submitted. */
export const techServiceReportFactSchema = z
  .object({
    ...base,
    employer: creditCodeSchema.optional(),
    institution: institutionId,
    kind: z.literal('tech-service-report'),
    submittedOn: isoDateSchema.optional(),
  })
  .strict();

/** 个案信息报告: individual cases a health-exam or diagnosis institution had to report, and reported. */
export const caseReportFactSchema = z
  .object({
    ...base,
    institution: institutionId,
    kind: z.literal('case-report'),
    reportType: z.enum(['health-exam', 'diagnosis']),
    casesRequired: count,
    casesReported: count,
  })
  .strict()
  .superRefine(partOfWhole('casesReported', 'casesRequired'));

/** 质控: a quality-control activity at an institution, its result and problems. */
export const qcActivityFactSchema = z
  .object({
    ...base,
    institution: institutionId,
    kind: z.literal('qc-activity'),
    institutionType,
    /** Which activity (001 附件3 二(三)); see {@link QC_ACTIVITIES}. */
    activity: z.enum(QC_ACTIVITIES).optional(),
    level: z.enum(['province', 'prefecture']),
    result: z.enum(['pass', 'fail']),
    problemsFound: count.default(0),
    problemsRectified: count.default(0),
  })
  .strict()
  .superRefine(partOfWhole('problemsRectified', 'problemsFound'))
  .superRefine((v, ctx) => {
    // 001 附件3 二(三)2: 能力比对 and 质量监测 are of technical-service organisations; 二(三)3 and
    // 一(四): 质控活动 are of health-exam (and diagnosis) institutions.
    if (v.activity === undefined) return;
    const techService = v.institutionType === 'tech-service';
    if ((v.activity === 'qc') === techService) {
      ctx.addIssue({
        code: 'custom',
        path: ['activity'],
        input: v.activity,
        message:
          v.activity === 'qc'
            ? '质控活动 (qc) concerns health-exam or diagnosis institutions (001 附件3 二(三)3)'
            : `${v.activity} concerns technical-service organisations (001 附件3 二(三)2)`,
        params: {
          rule: 'qc.activity-institution-type',
          messageZh:
            v.activity === 'qc'
              ? '质控活动针对职业健康检查、职业病诊断机构（001 附件3 二(三)3）'
              : '检测能力比对、质量监测针对技术服务机构（001 附件3 二(三)2）',
        },
      });
    }
  });

/** 投诉举报: a complaint, whether it was investigated and when it was answered. */
export const complaintFactSchema = z
  .object({
    ...base,
    employer: creditCodeSchema.optional(),
    kind: z.literal('complaint'),
    /** The institution complained about, when it is one (001 附件3 二(三)3 投诉举报线索). */
    institution: institutionId.optional(),
    /** 重大: a major complaint or lead (001 附件3 二(三)3 有重大投诉举报线索需核实). */
    major: z.boolean().optional(),
    investigated: z.boolean(),
    repliedOn: isoDateSchema.optional(),
  })
  .strict();

/** 线索: a possible hazard employer found on `date`, verified (核实确认) on `verifiedOn`. */
export const leadFactSchema = z
  .object({
    ...base,
    employer: creditCodeSchema.optional(),
    kind: z.literal('lead'),
    leadSource: z.enum([
      'department',
      'enforcement',
      'patrol',
      'complaint',
      'system-cross-check',
      'zone',
      'daily-work',
    ]),
    verifiedOn: isoDateSchema.optional(),
  })
  .strict();

/** 健康企业 / 职业健康达人: an award to an employer or a worker. */
export const awardFactSchema = z
  .object({
    ...base,
    employer: creditCodeSchema.optional(),
    kind: z.literal('award'),
    awardType: z.enum(['healthy-enterprise', 'oh-champion']),
    level: z.enum(['national', 'province', 'prefecture', 'county']),
    person: boundedText(MAX_NAME_LENGTH).optional(),
  })
  .strict();

/** 技术指导: an institution's technical-guidance visit to an employer. */
export const guidanceFactSchema = z
  .object({ ...base, ...employerRef, institution: institutionId, kind: z.literal('guidance') })
  .strict();

/** zod schema of every fact kind (discriminated on `kind`). */
export const factSchema = z.discriminatedUnion('kind', [
  declarationFactSchema,
  hazardTestingFactSchema,
  healthExamFactSchema,
  trainingFactSchema,
  threeSimultaneitiesFactSchema,
  hazardEvaluationFactSchema,
  assistanceFactSchema,
  inspectionFactSchema,
  enforcementCaseFactSchema,
  techServiceReportFactSchema,
  caseReportFactSchema,
  qcActivityFactSchema,
  complaintFactSchema,
  leadFactSchema,
  awardFactSchema,
  guidanceFactSchema,
]);

/** A validated fact. */
export type Fact = z.infer<typeof factSchema>;
/** A fact as given by a caller (defaults not yet applied). */
export type FactInput = z.input<typeof factSchema>;
/** The kinds of fact. */
export type FactKind = Fact['kind'];
/** The fact of one kind. */
export type FactOf<K extends FactKind> = Extract<Fact, { kind: K }>;

/** Every fact kind. */
export const FACT_KINDS: readonly FactKind[] = factSchema.options.map(
  (o) => o.shape.kind.value,
) as FactKind[];

/** Labels of the fact kinds. */
export const FACT_KIND_LABELS: Record<FactKind, { zh: string; en: string }> = {
  declaration: { zh: '职业病危害项目申报', en: 'Hazard declaration' },
  'hazard-testing': { zh: '职业病危害因素检测', en: 'Workplace hazard testing' },
  'health-exam': { zh: '职业健康检查', en: 'Occupational health exam' },
  training: { zh: '职业健康培训', en: 'Occupational-health training' },
  'three-simultaneities': { zh: '建设项目"三同时"', en: 'Three simultaneities' },
  'hazard-evaluation': { zh: '现状评价 / 检测评价', en: 'Status / testing evaluation' },
  assistance: { zh: '中小微企业帮扶', en: 'SME assistance' },
  inspection: { zh: '监督检查', en: 'Inspection' },
  'enforcement-case': { zh: '违法案件', en: 'Enforcement case' },
  'tech-service-report': { zh: '技术服务信息报送卡', en: 'Technical-service report card' },
  'case-report': { zh: '个案信息报告', en: 'Individual-case reporting' },
  'qc-activity': { zh: '质量控制', en: 'Quality control' },
  complaint: { zh: '投诉举报', en: 'Complaint' },
  lead: { zh: '线索', en: 'Lead' },
  award: { zh: '健康企业 / 职业健康达人', en: 'Award' },
  guidance: { zh: '技术指导', en: 'Technical guidance' },
};

/**
 * Validate one fact; errors name field, value, rule and row.
 * @example parseFact({ kind: 'no-such-kind' }, 3) // throws ValidationError (row 3)
 */
export function parseFact(input: unknown, row?: number): Fact {
  return parseWith(factSchema, input, row === undefined ? {} : { row });
}
