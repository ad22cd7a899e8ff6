/**
 * @module plans/shared/quality
 * Data-quality rules every pack's documents imply: a proportion's numerator is part of its
 * denominator, so it never exceeds it (合格岗位数 ≤ 检测岗位数, 已申报企业数 ≤ 存在职业病危害的企业数,
 * 受检人数 ≤ 应检人数 …). Each rule cites the clause its indicator cites.
 */
import type { IndicatorInput, QualityRuleInput, SourceRef } from '../../indicator/schema.js';

/**
 * One `compare` rule per `proportion` indicator: its numerator, recomputed from the records, is at
 * most its denominator (high importance: a proportion above 100 % cannot be published).
 * @example
 * ```ts fragment
 * partOfWholeRules(indicators, henanSource('附件2 一')); // one rule per proportion indicator
 * ```
 */
export function partOfWholeRules(
  indicators: readonly IndicatorInput[],
  fallback: SourceRef,
): QualityRuleInput[] {
  return indicators
    .filter((i) => i.kind === 'proportion' && i.denominator !== undefined)
    .map((i) => ({
      type: 'compare' as const,
      id: `${i.id}.part-of-whole`,
      label: {
        zh: `${i.label.zh}：分子 ≤ 分母`,
        en: `${i.label.en}: numerator ≤ denominator`,
      },
      left: { indicator: i.id, part: 'numerator' as const },
      operator: '<=' as const,
      right: { indicator: i.id, part: 'denominator' as const },
      importance: 'high' as const,
      source: i.source ?? fallback,
    }));
}
