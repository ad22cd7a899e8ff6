/**
 * @module employer/classification
 * GB/T 4754-2017 industry codes and the 2017 statistical size classes.
 */
import { z } from 'zod';

/** GB/T 4754-2017 sections (门类) with their division (大类) ranges and labels. */
export const INDUSTRY_SECTIONS: Readonly<
  Record<string, { from: number; to: number; zh: string; en: string }>
> = {
  A: {
    from: 1,
    to: 5,
    zh: '农、林、牧、渔业',
    en: 'Agriculture, forestry, animal husbandry and fishery',
  },
  B: { from: 6, to: 12, zh: '采矿业', en: 'Mining' },
  C: { from: 13, to: 43, zh: '制造业', en: 'Manufacturing' },
  D: {
    from: 44,
    to: 46,
    zh: '电力、热力、燃气及水生产和供应业',
    en: 'Electricity, heat, gas and water supply',
  },
  E: { from: 47, to: 50, zh: '建筑业', en: 'Construction' },
  F: { from: 51, to: 52, zh: '批发和零售业', en: 'Wholesale and retail' },
  G: { from: 53, to: 60, zh: '交通运输、仓储和邮政业', en: 'Transport, storage and post' },
  H: { from: 61, to: 62, zh: '住宿和餐饮业', en: 'Accommodation and catering' },
  I: {
    from: 63,
    to: 65,
    zh: '信息传输、软件和信息技术服务业',
    en: 'Information transmission, software and IT services',
  },
  J: { from: 66, to: 69, zh: '金融业', en: 'Finance' },
  K: { from: 70, to: 70, zh: '房地产业', en: 'Real estate' },
  L: { from: 71, to: 72, zh: '租赁和商务服务业', en: 'Leasing and business services' },
  M: {
    from: 73,
    to: 75,
    zh: '科学研究和技术服务业',
    en: 'Scientific research and technical services',
  },
  N: {
    from: 76,
    to: 79,
    zh: '水利、环境和公共设施管理业',
    en: 'Water, environment and public facilities management',
  },
  O: {
    from: 80,
    to: 82,
    zh: '居民服务、修理和其他服务业',
    en: 'Residential, repair and other services',
  },
  P: { from: 83, to: 83, zh: '教育', en: 'Education' },
  Q: { from: 84, to: 85, zh: '卫生和社会工作', en: 'Health and social work' },
  R: { from: 86, to: 90, zh: '文化、体育和娱乐业', en: 'Culture, sports and entertainment' },
  S: {
    from: 91,
    to: 96,
    zh: '公共管理、社会保障和社会组织',
    en: 'Public administration, social security and social organisations',
  },
  T: { from: 97, to: 97, zh: '国际组织', en: 'International organisations' },
};

/** The parts of an industry code such as `C3011`. */
export interface IndustryCode {
  /** The code as given, e.g. `C3011`. */
  readonly code: string;
  /** Section (门类) letter, `A`–`T`. */
  readonly section: string;
  /** Division (大类), two digits. */
  readonly division: string;
  /** Group (中类), three digits, when given. */
  readonly group?: string;
  /** Class (小类), four digits, when given. */
  readonly class?: string;
}

/**
 * Parse a GB/T 4754-2017 code (`C30`, `C301`, `C3011`; a section letter alone is not accepted), or undefined when malformed.
 * @example parseIndustryCode('C3011') // { code: 'C3011', section: 'C', division: '30', group: '301', class: '3011' }
 */
export function parseIndustryCode(code: string): IndustryCode | undefined {
  const m = /^([A-T])(\d{2,4})?$/.exec(code);
  if (!m) return undefined;
  const section = INDUSTRY_SECTIONS[m[1]!]!;
  const digits = m[2];
  if (digits === undefined) return undefined;
  const division = Number(digits.slice(0, 2));
  if (division < section.from || division > section.to) return undefined;
  return {
    code,
    section: m[1]!,
    division: digits.slice(0, 2),
    ...(digits.length >= 3 ? { group: digits.slice(0, 3) } : {}),
    ...(digits.length === 4 ? { class: digits } : {}),
  };
}

/** zod schema of a GB/T 4754-2017 industry code: a section letter and 2–4 digits of a division in it. */
export const industryCodeSchema = z.string().refine((c) => parseIndustryCode(c) !== undefined, {
  message:
    'must be a GB/T 4754-2017 code: a section letter A–T and 2–4 digits of a division in that section (e.g. C3011)',
  params: {
    rule: 'industry.code',
    messageZh: '须为 GB/T 4754-2017 行业代码：门类字母 A–T 加属于该门类的 2–4 位数字（如 C3011）',
  },
});

/**
 * Is the industry industrial (工业: mining B, manufacturing C, utilities D)?
 * @example isIndustrialIndustry('F5211') // false (F: wholesale and retail)
 */
export function isIndustrialIndustry(code: string): boolean {
  const parsed = parseIndustryCode(code);
  return parsed !== undefined && ['B', 'C', 'D'].includes(parsed.section);
}

/** Enterprise size classes (统计上大中小微型企业划分办法（2017）). */
export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
/** An enterprise size class. */
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** Labels of the size classes. */
export const SIZE_CLASS_LABELS: Record<SizeClass, { zh: string; en: string }> = {
  large: { zh: '大型', en: 'Large' },
  medium: { zh: '中型', en: 'Medium' },
  small: { zh: '小型', en: 'Small' },
  micro: { zh: '微型', en: 'Micro' },
};

/**
 * Size class of an **industrial** enterprise by the 2017 statistical thresholds: large ≥ 1,000
 * employees and ≥ 400 M CNY revenue; medium ≥ 300 and ≥ 20 M; small ≥ 20 and ≥ 3 M; otherwise micro.
 * Large, medium and small must meet both lower bounds, else they fall one class.
 * @param employees 从业人员 (persons)
 * @param revenueTenThousandYuan 营业收入 in 万元 (10,000 CNY)
 * @example industrialSizeClass(350, 1500) // 'small' (employees reach medium, revenue does not)
 */
export function industrialSizeClass(employees: number, revenueTenThousandYuan: number): SizeClass {
  if (employees >= 1000 && revenueTenThousandYuan >= 40000) return 'large';
  if (employees >= 300 && revenueTenThousandYuan >= 2000) return 'medium';
  if (employees >= 20 && revenueTenThousandYuan >= 300) return 'small';
  return 'micro';
}
