/**
 * @module employer/credit-code
 * Unified social credit codes (统一社会信用代码) per GB 32100-2015.
 */
import { fail } from '../errors/index.js';

/** The 31 characters a credit code may use: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const VALUE = new Map([...CREDIT_CODE_CHARSET].map((c, i) => [c, i]));

/** Registration authorities (登记管理部门) of position 1 with their organisation types (position 2). */
export const REGISTRATION_AUTHORITIES: Readonly<
  Record<string, { zh: string; en: string; types: Readonly<Record<string, string>> }>
> = {
  '1': {
    zh: '机构编制',
    en: 'Institutional establishment',
    types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  },
  '2': { zh: '外交', en: 'Foreign affairs', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    zh: '司法行政',
    en: 'Justice',
    types: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { zh: '文化', en: 'Culture', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': {
    zh: '民政',
    en: 'Civil affairs',
    types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  },
  '6': {
    zh: '旅游',
    en: 'Tourism',
    types: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  '7': { zh: '宗教', en: 'Religion', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { zh: '工会', en: 'Trade unions', types: { '1': '基层工会', '9': '其他' } },
  '9': {
    zh: '工商',
    en: 'Industry and commerce',
    types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
  },
  A: {
    zh: '中央军委改革和编制办公室',
    en: 'CMC reform and establishment office',
    types: { '1': '军队事业单位', '9': '其他' },
  },
  N: {
    zh: '农业',
    en: 'Agriculture',
    types: {
      '1': '组级集体经济组织',
      '2': '村级集体经济组织',
      '3': '乡镇级集体经济组织',
      '9': '其他',
    },
  },
  Y: { zh: '其他', en: 'Other', types: {} },
};

/** The parts of a credit code. */
export interface CreditCodeParts {
  /** The code, upper-case. */
  readonly code: string;
  /** Position 1: registration authority code, with labels. */
  readonly registrationAuthority: {
    readonly code: string;
    readonly zh: string;
    readonly en: string;
  };
  /** Position 2: organisation type code, with its Chinese label when the standard defines one. */
  readonly organisationType: { readonly code: string; readonly zh?: string };
  /** Positions 3–8: the GB/T 2260 division code of the registration authority. */
  readonly regionCode: string;
  /** Positions 9–17: the organisation code (GB 11714). */
  readonly organisationCode: string;
  /** Position 18: the check character. */
  readonly checkCharacter: string;
}

/**
 * The check character for the first 17 characters of a credit code, or undefined when they hold a
 * character outside the charset.
 * @example creditCodeCheckCharacter('91350100M000100Y4') // '3'
 */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]!);
    if (v === undefined) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Why a credit code is invalid: the rule that failed and its messages. */
export interface CreditCodeProblem {
  /** The rule broken, e.g. `credit-code.length`. */
  readonly rule: string;
  /** What is wrong, in English. */
  readonly message: string;
  /** What is wrong, in Chinese. */
  readonly messageZh: string;
}

function check(code: unknown): CreditCodeProblem | CreditCodeParts {
  if (typeof code !== 'string') {
    return { rule: 'credit-code.type', message: 'must be a string', messageZh: '必须是字符串' };
  }
  if (code.length !== 18) {
    return {
      rule: 'credit-code.length',
      message: `must have 18 characters, has ${code.length}`,
      messageZh: `必须为 18 位，实际为 ${code.length} 位`,
    };
  }
  for (let i = 0; i < 18; i++) {
    if (!VALUE.has(code[i]!)) {
      return {
        rule: 'credit-code.charset',
        message: `character ${i + 1} (${JSON.stringify(code[i])}) is not allowed: use 0-9 and A-Z without I, O, S, V, Z`,
        messageZh: `第 ${i + 1} 位字符（${code[i]}）不允许：只能使用数字和除 I、O、S、V、Z 以外的大写字母`,
      };
    }
  }
  const authority = REGISTRATION_AUTHORITIES[code[0]!];
  if (!authority) {
    return {
      rule: 'credit-code.registration-authority',
      message: `position 1 (${code[0]}) is not a registration authority code`,
      messageZh: `第 1 位（${code[0]}）不是有效的登记管理部门代码`,
    };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return {
      rule: 'credit-code.region',
      message: `positions 3–8 (${code.slice(2, 8)}) must be a six-digit division code`,
      messageZh: `第 3–8 位（${code.slice(2, 8)}）必须是 6 位数字行政区划码`,
    };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17))!;
  if (expected !== code[17]) {
    return {
      rule: 'credit-code.check-digit',
      message: `check character is ${code[17]} but should be ${expected}`,
      messageZh: `校验码为 ${code[17]}，应为 ${expected}`,
    };
  }
  const typeCode = code[1]!;
  const typeZh = authority.types[typeCode];
  return {
    code,
    registrationAuthority: { code: code[0]!, zh: authority.zh, en: authority.en },
    organisationType: typeZh === undefined ? { code: typeCode } : { code: typeCode, zh: typeZh },
    regionCode: code.slice(2, 8),
    organisationCode: code.slice(8, 17),
    checkCharacter: code[17]!,
  };
}

/**
 * Is `code` a valid unified social credit code (length, charset, registration authority,
 * division-code digits and the mod-31 check character)?
 * @example isValidCreditCode('91350100M000100Y43') // true
 */
export function isValidCreditCode(code: unknown): boolean {
  return 'code' in check(code);
}

/**
 * Parse a credit code into its parts.
 * @throws ValidationError naming the rule that failed: `credit-code.length`, `credit-code.charset`,
 * `credit-code.registration-authority`, `credit-code.region` or `credit-code.check-digit`.
 * @example parseCreditCode('91350100M000100Y43').regionCode // '350100'
 * @example parseCreditCode('91350100M000100Y44') // throws ValidationError (credit-code.check-digit)
 */
export function parseCreditCode(code: unknown, field = 'creditCode'): CreditCodeParts {
  const result = check(code);
  if ('code' in result) return result;
  return fail(field, code, result.rule, result.message, result.messageZh);
}

/**
 * The reason a code is invalid (rule id and messages), or undefined when it is valid.
 * @example creditCodeProblem('91350100M000100Y44')?.rule // 'credit-code.check-digit'
 * @example creditCodeProblem('91350100M000100Y43') // undefined
 */
export function creditCodeProblem(code: unknown): CreditCodeProblem | undefined {
  const result = check(code);
  return 'code' in result ? undefined : result;
}
