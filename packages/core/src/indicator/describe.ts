/**
 * @module indicator/describe
 * Plain-language descriptions (Chinese and English) of expressions and indicator formulas, for
 * explanations and reports.
 */
import { SIZE_CLASS_LABELS } from '../employer/classification.js';
import { FACT_KIND_LABELS } from '../facts/index.js';
import { REGION_LEVEL_LABELS } from '../region/index.js';
import type {
  Bilingual,
  EmployerPredicate,
  Expression,
  FactTest,
  FieldCondition,
  Indicator,
} from './schema.js';

const HAZARD_ZH = { severe: '严重', general: '一般', none: '无' } as const;

function conditionText(c: FieldCondition): Bilingual {
  const v =
    c.value === undefined
      ? ''
      : typeof c.value === 'object' && !Array.isArray(c.value)
        ? `{${c.value.ref}}`
        : JSON.stringify(c.value);
  const ops: Record<string, [string, string]> = {
    eq: ['=', '='],
    ne: ['≠', '≠'],
    in: ['属于', 'in'],
    gt: ['>', '>'],
    gte: ['≥', '≥'],
    lt: ['<', '<'],
    lte: ['≤', '≤'],
    exists: ['已填写', 'is present'],
    missing: ['未填写', 'is missing'],
  };
  const [zh, en] = ops[c.op]!;
  return { zh: `${c.field} ${zh}${v ? ` ${v}` : ''}`, en: `${c.field} ${en}${v ? ` ${v}` : ''}` };
}

function whereText(where: readonly FieldCondition[] | undefined): Bilingual {
  if (!where || where.length === 0) return { zh: '', en: '' };
  const parts = where.map(conditionText);
  return {
    zh: `（${parts.map((p) => p.zh).join('，')}）`,
    en: ` (${parts.map((p) => p.en).join(', ')})`,
  };
}

function factTestText(t: FactTest): Bilingual {
  const label = FACT_KIND_LABELS[t.kind];
  const w = whereText(t.where);
  const when =
    t.withinMonths !== undefined
      ? {
          zh: `基准日前${t.withinMonths}个月内（含当日）`,
          en: `in the ${t.withinMonths} months up to the reference date (both ends included)`,
        }
      : t.window === 'to-date'
        ? { zh: '截至基准日', en: 'up to the reference date' }
        : { zh: '期内', en: 'in the period' };
  return {
    zh: `${when.zh}有${label.zh}记录${w.zh}`,
    en: `with a record of ${label.en.toLowerCase()} ${when.en}${w.en}`,
  };
}

/**
 * Describe an employer predicate, e.g. "基准日在营、中小微、期内有中小微企业帮扶记录的用人单位".
 * @internal
 */
export function describePredicate(p: EmployerPredicate | undefined): Bilingual {
  const zh: string[] = [];
  const en: string[] = [];
  if ((p?.activeOn ?? 'reference-date') === 'reference-date') {
    zh.push('基准日在营');
    en.push('active on the reference date');
  }
  if (p?.sizes) {
    zh.push(`规模为${p.sizes.map((s) => SIZE_CLASS_LABELS[s].zh).join('/')}`);
    en.push(`size ${p.sizes.join('/')}`);
  }
  if (p?.hazardLevels) {
    zh.push(`职业病危害风险${p.hazardLevels.map((h) => HAZARD_ZH[h]).join('/')}`);
    en.push(`hazard risk ${p.hazardLevels.join('/')}`);
  }
  if (p?.hasHazardFactors !== undefined) {
    zh.push(p.hasHazardFactors ? '存在职业病危害因素' : '无职业病危害因素');
    en.push(p.hasHazardFactors ? 'with hazard factors' : 'without hazard factors');
  }
  if (p?.industrial !== undefined) {
    zh.push(p.industrial ? '工业企业' : '非工业企业');
    en.push(p.industrial ? 'industrial' : 'non-industrial');
  }
  if (p?.industrySections) {
    zh.push(`行业门类 ${p.industrySections.join('/')}`);
    en.push(`industry section ${p.industrySections.join('/')}`);
  }
  if (p?.minEmployees !== undefined) {
    zh.push(`职工 ${p.minEmployees} 人及以上`);
    en.push(`${p.minEmployees}+ employees`);
  }
  if (p?.cohort) {
    const t = factTestText(p.cohort);
    zh.push(t.zh);
    en.push(t.en);
  }
  for (const t of p?.excludeIf ?? []) {
    const d = factTestText(t);
    zh.push(`排除${d.zh}`);
    en.push(`excluding those ${d.en}`);
  }
  for (const t of p?.hasFact ?? []) {
    const d = factTestText(t);
    zh.push(d.zh);
    en.push(d.en);
  }
  return {
    zh: `${zh.join('、')}的用人单位数`,
    en: `employers${en.length ? ` ${en.join(', ')}` : ''}`,
  };
}

/**
 * Describe an expression in Chinese and English.
 * @example describeExpression({ op: 'sum-field', kind: 'inspection', field: 'problemsRectified' }).en
 * // 'sum of problemsRectified over inspection records in the period'
 */
export function describeExpression(expr: Expression): Bilingual {
  switch (expr.op) {
    case 'count-employers':
      return describePredicate(expr.where);
    case 'count-facts': {
      const label = FACT_KIND_LABELS[expr.kind];
      const w = whereText(expr.where);
      const when =
        expr.withinMonths !== undefined
          ? {
              zh: `基准日前${expr.withinMonths}个月内（含当日）`,
              en: `in the ${expr.withinMonths} months up to the reference date (both ends included)`,
            }
          : expr.window === 'to-date'
            ? { zh: '截至基准日', en: 'up to the reference date' }
            : { zh: '期内', en: 'in the period' };
      if (expr.distinct) {
        const who =
          expr.distinct === 'employer'
            ? { zh: '用人单位', en: 'employers' }
            : expr.distinct === 'project'
              ? { zh: '项目', en: 'projects' }
              : { zh: '机构', en: 'institutions' };
        return {
          zh: `${when.zh}有${label.zh}记录${w.zh}的${who.zh}数`,
          en: `distinct ${who.en} with ${label.en.toLowerCase()} records ${when.en}${w.en}`,
        };
      }
      return {
        zh: `${when.zh}${label.zh}记录数${w.zh}`,
        en: `${label.en.toLowerCase()} records ${when.en}${w.en}`,
      };
    }
    case 'sum-field': {
      const label = FACT_KIND_LABELS[expr.kind];
      const w = whereText(expr.where);
      const when =
        expr.window === 'to-date'
          ? { zh: '截至基准日', en: 'up to the reference date' }
          : { zh: '期内', en: 'in the period' };
      return {
        zh: `${when.zh}${label.zh}记录的 ${expr.field} 合计${w.zh}`,
        en: `sum of ${expr.field} over ${label.en.toLowerCase()} records ${when.en}${w.en}`,
      };
    }
    case 'data-element':
      return expr.mode === 'latest'
        ? {
            zh: `数据元 ${expr.id} 的期内最新值`,
            en: `latest value of data element ${expr.id} in the period`,
          }
        : {
            zh: `数据元 ${expr.id} 的期内合计`,
            en: `sum of data element ${expr.id} in the period`,
          };
    case 'add': {
      const parts = expr.terms.map(describeExpression);
      return { zh: parts.map((p) => p.zh).join(' + '), en: parts.map((p) => p.en).join(' + ') };
    }
    case 'count-regions': {
      const level = REGION_LEVEL_LABELS[expr.level];
      if (!expr.where)
        return { zh: `${level.zh}区划数`, en: `number of ${level.en.toLowerCase()} regions` };
      const inner = describeExpression(expr.where.expr);
      return {
        zh: `${inner.zh} ${expr.where.comparator} ${expr.where.value} 的${level.zh}区划数`,
        en: `number of ${level.en.toLowerCase()} regions where ${inner.en} ${expr.where.comparator} ${expr.where.value}`,
      };
    }
  }
}

/**
 * The formula of an indicator in words, e.g. "整改问题数 ÷ 发现问题数 × 100".
 * @example formulaOf(defineIndicator({ id: 'rectificationRate', label: { zh: '问题整改率', en: 'Rectification rate' }, kind: 'proportion', numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' }, denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' }, unit: { zh: '%', en: '%' }, source: { doc: '篇3' } })).zh.endsWith('× 100') // true
 */
export function formulaOf(indicator: Indicator): Bilingual {
  const num = indicator.numeratorLabel ?? describeExpression(indicator.numerator);
  const factor =
    indicator.factor ??
    (indicator.kind === 'proportion' || indicator.kind === 'rate' ? '100' : '1');
  const times = factor === '1' ? '' : ` × ${factor}`;
  if (!indicator.denominator) return { zh: `${num.zh}${times}`, en: `${num.en}${times}` };
  const den = indicator.denominatorLabel ?? describeExpression(indicator.denominator);
  return { zh: `${num.zh} ÷ ${den.zh}${times}`, en: `${num.en} ÷ ${den.en}${times}` };
}
