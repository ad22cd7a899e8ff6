/**
 * @module parties
 * Records of the parties the documents name besides employers and regions: technical-support and
 * service institutions (疾控中心, 职业病防治院所, 技术服务机构, 职业健康检查机构, 职业病诊断机构,
 * 卫生监督机构), departments (a county's 联席会议 member units, 县行政审批局, …) and contacts (the
 * people who fill in and answer for a form: 003 附表1/2 and 附件4 回执, 004's 填表人). A contact's
 * name, phone and email are personal information: the registry marks them personal, so audit
 * entries hold a hash and rejected rows never echo them (see `store/access`).
 */
import { z } from 'zod';
import { isoDateSchema } from '../date/index.js';
import {
  boundedText,
  isRecordId,
  MAX_CODE_LENGTH,
  MAX_NAME_LENGTH,
  RECORD_ID_RULE,
} from '../errors/index.js';
import { labelSchema, regionCodeSchema } from '../region/index.js';

/** zod schema of an institution, department or contact id: 1–128 letters, digits or `_ . : / -`
 * (see {@link isRecordId}). */
export const partyIdSchema = z.string().refine(isRecordId, {
  message: RECORD_ID_RULE.message,
  params: { rule: 'party.id', messageZh: RECORD_ID_RULE.messageZh },
});

/**
 * Institution types (001 附件3, 004): `cdc` 疾病预防控制中心, `od-institute` 职业病防治院所,
 * `oh-tech-service` 职业卫生技术服务机构, `radiation-tech-service` 放射卫生技术服务机构,
 * `health-exam` 职业健康检查机构, `diagnosis` 职业病诊断机构, `supervision` 卫生监督机构.
 */
export const INSTITUTION_TYPES = [
  'cdc',
  'od-institute',
  'oh-tech-service',
  'radiation-tech-service',
  'health-exam',
  'diagnosis',
  'supervision',
] as const;
/** An institution type. */
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** Chinese and English names of each institution type. */
export const INSTITUTION_TYPE_LABELS: Readonly<
  Record<InstitutionType, { readonly zh: string; readonly en: string }>
> = {
  cdc: { zh: '疾病预防控制中心', en: 'Center for disease control and prevention' },
  'od-institute': { zh: '职业病防治院所', en: 'Occupational-disease prevention institute' },
  'oh-tech-service': {
    zh: '职业卫生技术服务机构',
    en: 'Occupational-health technical service organisation',
  },
  'radiation-tech-service': {
    zh: '放射卫生技术服务机构',
    en: 'Radiological-health technical service organisation',
  },
  'health-exam': { zh: '职业健康检查机构', en: 'Occupational health-examination institution' },
  diagnosis: { zh: '职业病诊断机构', en: 'Occupational-disease diagnosis institution' },
  supervision: { zh: '卫生监督机构', en: 'Health-supervision agency' },
};

/**
 * Monitoring-capability confirmation (001 附件3 二(二)): `direct` 直接确认 (the institution holds an
 * occupational- or radiological-health technical-service licence), `by-standard` 达标确认 (no such
 * licence; its self-evaluation reached the standard and 省三院 confirmed it), `none` not confirmed.
 */
export const MONITORING_CONFIRMATIONS = ['direct', 'by-standard', 'none'] as const;
/** A monitoring-capability confirmation. */
export type MonitoringConfirmation = (typeof MONITORING_CONFIRMATIONS)[number];

/** A licence (资质) or filing (备案): its number and dates. */
export const authorisationSchema = z
  .object({
    /** Licence or filing number. */
    number: boundedText(MAX_CODE_LENGTH),
    /** Day it was granted or filed. */
    grantedOn: isoDateSchema.optional(),
    /** Last day it is valid, when it expires. */
    validUntil: isoDateSchema.optional(),
  })
  .strict();
/** A licence or filing. */
export type Authorisation = z.infer<typeof authorisationSchema>;

/** zod schema of an institution record. */
export const institutionSchema = z
  .object({
    id: partyIdSchema,
    name: labelSchema,
    /** Every type the institution is (a CDC is often also a health-exam institution). */
    types: z
      .array(z.enum(INSTITUTION_TYPES))
      .refine((t) => t.length > 0, {
        message: 'must name at least one type',
        params: { rule: 'institution.types-empty', messageZh: '至少须有一个机构类型' },
      })
      .refine((t) => new Set(t).size === t.length, {
        message: 'must not repeat a type',
        params: { rule: 'institution.types-duplicate', messageZh: '机构类型不能重复' },
      }),
    /** 公立 (public) or not. */
    public: z.boolean(),
    /**
     * The region the institution is registered in; for an out-of-province institution, the
     * region where it serves (its supervising authority).
     */
    region: regionCodeSchema,
    /** Technical-service licence (职业卫生/放射卫生技术服务机构资质). */
    licence: authorisationSchema.optional(),
    /** Filing (备案) as a health-exam or diagnosis institution. */
    filing: authorisationSchema.optional(),
    /** Monitoring-capability confirmation (001 附件3 二(二)); `none` when absent. */
    monitoringConfirmation: z.enum(MONITORING_CONFIRMATIONS).optional(),
    /** Day 省三院 confirmed the capability (达标确认) or the licence was recognised (直接确认). */
    monitoringConfirmedOn: isoDateSchema.optional(),
    /** Registered outside the province, serving in it (来豫开展技术服务的外地机构, 001 附件3 二(四)3). */
    outOfProvince: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    // 001 附件3 二(二)1: only an institution with a technical-service licence is confirmed directly.
    if (v.monitoringConfirmation === 'direct' && v.licence === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['monitoringConfirmation'],
        message:
          'direct confirmation (直接确认) needs a technical-service licence (001 附件3 二(二)1); without one, confirmation is by-standard (达标确认)',
        input: v.monitoringConfirmation,
        params: {
          rule: 'institution.direct-needs-licence',
          messageZh:
            '直接确认须已取得职业卫生、放射卫生技术服务机构资质（001 附件3 二(二)1）；未取得资质的须达标确认',
        },
      });
    }
    if (v.monitoringConfirmedOn !== undefined && (v.monitoringConfirmation ?? 'none') === 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['monitoringConfirmedOn'],
        message: 'a confirmation date needs a confirmation (direct or by-standard)',
        input: v.monitoringConfirmedOn,
        params: {
          rule: 'institution.confirmed-on-without-confirmation',
          messageZh: '有确认日期时须注明确认方式（直接确认或达标确认）',
        },
      });
    }
  });
/** An institution record. */
export type Institution = z.infer<typeof institutionSchema>;
/** An institution as written (before defaults: `outOfProvince` may be absent). */
export type InstitutionInput = z.input<typeof institutionSchema>;

/**
 * Department kinds: `joint-meeting-member` 联席会议成员单位 (003: the 16 member units of 永清's
 * joint meeting), `government-department` another government department that owes reports (such as
 * 县行政审批局), `other`.
 */
export const DEPARTMENT_KINDS = ['joint-meeting-member', 'government-department', 'other'] as const;
/** A department kind. */
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** zod schema of a department record. */
export const departmentSchema = z
  .object({
    id: partyIdSchema,
    /** Chinese name, and the English one. */
    name: z.object({ zh: boundedText(MAX_NAME_LENGTH), en: boundedText(MAX_NAME_LENGTH) }).strict(),
    /** The region whose government the department belongs to. */
    region: regionCodeSchema,
    kind: z.enum(DEPARTMENT_KINDS),
  })
  .strict();
/** A department record. */
export type Department = z.infer<typeof departmentSchema>;

/**
 * Contact roles: `liaison` 联络员/联系人, `form-filler` 填表人, `head` 负责人, `other`.
 */
export const CONTACT_ROLES = ['liaison', 'form-filler', 'head', 'other'] as const;
/** A contact role. */
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** What a contact answers for: a department, an institution or a region's administration. */
export const CONTACT_UNIT_KINDS = ['department', 'institution', 'region'] as const;
/** A contact's unit kind. */
export type ContactUnitKind = (typeof CONTACT_UNIT_KINDS)[number];

const phoneSchema = z.string().refine((s) => /^\+?[0-9][0-9 ()-]{2,31}$/.test(s), {
  message:
    'must be a phone number: digits, spaces, ( ) - and an optional leading +, 3–32 characters',
  params: {
    rule: 'contact.phone-format',
    messageZh: '须为电话号码：数字、空格、( ) -，可以 + 开头，3–32 个字符',
  },
});
const emailSchema = z
  .string()
  .refine((s) => s.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), {
    message: 'must be an email address',
    params: { rule: 'contact.email-format', messageZh: '须为电子邮箱地址' },
  });

/**
 * zod schema of a contact record. `name`, `phone` and `email` are personal information: hashed in
 * audit entries, never echoed in errors, readable only by roles that may see them.
 */
export const contactSchema = z
  .object({
    id: partyIdSchema,
    /** The region of the unit (for a region unit, the unit itself). */
    region: regionCodeSchema,
    role: z.enum(CONTACT_ROLES),
    unitKind: z.enum(CONTACT_UNIT_KINDS),
    /** Id of the department or institution, or the region code. */
    unit: partyIdSchema,
    name: boundedText(MAX_NAME_LENGTH),
    phone: phoneSchema.optional(),
    email: emailSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.unitKind === 'region' && v.unit !== v.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: 'a contact of a region has that region as its unit and its region',
        input: v.unit,
        params: {
          rule: 'contact.region-unit',
          messageZh: '区划联系人的单位须与其所属区划相同',
        },
      });
    }
  });
/** A contact record. */
export type Contact = z.infer<typeof contactSchema>;
