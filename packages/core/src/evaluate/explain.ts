/**
 * @module evaluate/explain
 * Explanations as plain data: the formula, the inputs, the rounding, the comparison with the
 * target, and (on request) every record counted or excluded with the reason.
 */
import type {
  Aggregation,
  Bilingual,
  Comparator,
  Expression,
  RoundingMode,
} from '../indicator/schema.js';
import type { ExclusionReason } from './memory.js';

/** Chinese and English text of each exclusion reason. */
export const EXCLUSION_REASON_LABELS: Readonly<Record<ExclusionReason, Bilingual>> = {
  inactive: {
    zh: '基准日不在营（注销、未登记或停产停业超过6个月）',
    en: 'not active on the reference date (deregistered, not yet registered, or suspended more than 6 months)',
  },
  size: { zh: '企业规模不在范围内', en: 'size class out of scope' },
  'hazard-level': { zh: '职业病危害风险类别不在范围内', en: 'hazard-risk class out of scope' },
  'hazard-factors': { zh: '不在职业病危害范围内', en: 'not in the hazard scope' },
  industrial: { zh: '工业/非工业属性不符', en: 'industrial / non-industrial mismatch' },
  'industry-section': { zh: '行业门类不在范围内', en: 'industry section out of scope' },
  employees: { zh: '职工人数不足或未填写', en: 'too few employees, or headcount missing' },
  'not-in-cohort': {
    zh: '不在对象范围内（期内无相应记录）',
    en: 'not in the cohort (no such record in the period)',
  },
  'excluded-by-fact': {
    zh: '因有排除记录而排除（如豁免）',
    en: 'excluded by a record (e.g. exempt)',
  },
  'missing-fact': { zh: '缺少所需记录', en: 'required record missing' },
  'outside-period': { zh: '不在统计期内', en: 'outside the period' },
  'after-reference-date': { zh: '晚于基准日', en: 'after the reference date' },
  condition: { zh: '不满足字段条件', en: 'field condition not met' },
  'no-employer': { zh: '无对应用人单位', en: 'no employer' },
  'no-institution': { zh: '无对应机构', en: 'no institution' },
  'no-project': { zh: '无项目标识', en: 'no project id' },
  'employer-excluded': { zh: '所属用人单位不在范围内', en: 'its employer is out of scope' },
  'missing-field': { zh: '字段未填写', en: 'field not filled in' },
  duplicate: {
    zh: '重复记录（同一单位已计入）',
    en: 'duplicate (the same unit is already counted)',
  },
  superseded: { zh: '已被更新一期数据替代', en: 'superseded by a later period' },
  'condition-not-met': { zh: '未达到条件', en: 'condition not met' },
  'no-data': { zh: '无数据', en: 'no data' },
};

/** A record in an explanation. */
export interface ExplainedRecord {
  /** What kind of record it is. */
  readonly type: 'employer' | 'fact' | 'data-value' | 'region';
  /** Credit code, fact id, data-value key or region code. */
  readonly id: string;
  /** The record's region code. */
  readonly region: string;
  /** Contribution (counted records). */
  readonly value?: string;
  /** Why it was left out (excluded records). */
  readonly reason?: ExclusionReason;
  /** The reason in Chinese and English, for display. */
  readonly message?: Bilingual;
  /** What exactly failed, e.g. the date or field compared. */
  readonly detail?: string;
  /** Index of the leaf term within the role's expression (0 for a single leaf). */
  readonly term: number;
}

/** One input of a formula. */
export interface ExplainedInput {
  /** Which side of the formula. */
  readonly role: 'numerator' | 'denominator';
  /** The input's name, from the indicator. */
  readonly label: Bilingual;
  /** The expression that computed it. */
  readonly expression: Expression;
  /** Canonical decimal string, or null (no data). */
  readonly value: string | null;
  /** Records counted (present when the explanation was asked for with records). */
  readonly counted?: readonly ExplainedRecord[];
  /** Records left out, each with its reason. */
  readonly excluded?: readonly ExplainedRecord[];
}

/** The explanation of one figure. */
export interface Explanation {
  /** The formula in words, e.g. 申报数 ÷ 应申报数 × 100. */
  readonly formula: Bilingual;
  /** The factor the ratio is multiplied by (`100` for a percentage). */
  readonly factor: string;
  /** How a region's figure rolls up its subtree (ratio of sums…), and that rule in words. */
  readonly aggregation: { readonly rule: Aggregation; readonly text: Bilingual };
  /** The numerator and denominator, with their values (and records when asked for). */
  readonly inputs: readonly ExplainedInput[];
  /** The one rounding: mode, decimals, the value before and after. */
  readonly rounding: {
    readonly mode: RoundingMode;
    readonly decimals: number;
    readonly unrounded: string | null;
    readonly rounded: string | null;
  };
  /** The comparison with the target, when there is one: what was compared with what, and the verdict. */
  readonly comparison?: {
    readonly comparator: Comparator;
    readonly target: string;
    readonly on: 'unrounded' | 'rounded';
    readonly compared: string;
    readonly met: boolean;
    readonly text: Bilingual;
  };
  /** Where the figures came from: the store's `aggregate()` or the core's own reading. */
  readonly via: 'aggregate' | 'memory';
  /** The plan (policy pack) whose rules gave the figure, and its version when it has one. */
  readonly plan: { readonly id: string; readonly version?: string };
}

/**
 * Text of an aggregation rule.
 * @example aggregationText('sum') // { zh: '按下级合计', en: 'summed over the subtree' }
 */
export function aggregationText(rule: Aggregation): Bilingual {
  switch (rule) {
    case 'ratio-of-sums':
      return {
        zh: '分子、分母分别按下级汇总后相除（不取下级比率的平均）',
        en: 'numerator and denominator each summed over the subtree, then divided (never an average of rates)',
      };
    case 'sum':
      return { zh: '按下级合计', en: 'summed over the subtree' };
    case 'latest':
      return {
        zh: '各地取期内最新值后合计',
        en: 'each region’s latest value in the period, summed',
      };
    case 'none':
      return { zh: '不汇总，仅本级数据', en: 'not rolled up: the region’s own data only' };
  }
}
