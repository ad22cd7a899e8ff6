/**
 * @module explain-text
 * One figure and its explanation as terminal text: formula, inputs, records counted and excluded
 * (with reasons), rounding and the comparison with the target.
 */
import type { IndicatorResult } from '@occhealth/core';
import { type CliLang, say } from './context.js';

const STATUS: Record<IndicatorResult['status'], { zh: string; en: string }> = {
  met: { zh: '达标', en: 'met' },
  'not-met': { zh: '未达标', en: 'not met' },
  'no-data': { zh: '无数据', en: 'no data' },
  'not-applicable': { zh: '不适用', en: 'not applicable' },
};

/** The explanation of `result` as lines of text (at most `records` record ids listed per input). */
export function explainLines(result: IndicatorResult, lang: CliLang, records = 10): string[] {
  const e = result.explanation;
  const name =
    lang === 'zh' ? result.regionName.zh : (result.regionName.en ?? result.regionName.zh);
  const out = [
    `${result.label[lang]} @ ${name} (${result.region}) = ${result.formatted ?? '—'}${result.formatted && result.unit.en === '%' ? '%' : ''}`,
    `  ${say(lang, '状态', 'status')}: ${STATUS[result.status][lang]}${result.reason ? ` (${result.reason.message[lang]})` : ''}`,
    `  ${say(lang, '公式', 'formula')}: ${e.formula[lang]}`,
  ];
  for (const input of e.inputs) {
    const role =
      input.role === 'numerator'
        ? say(lang, '分子', 'numerator')
        : say(lang, '分母', 'denominator');
    out.push(`  ${role} = ${input.value ?? '—'}: ${input.label[lang]}`);
    if (input.counted) {
      const ids = input.counted.slice(0, records).map((r) => r.id);
      out.push(
        `    ${say(lang, '计入', 'counted')} ${input.counted.length}${ids.length ? `: ${ids.join(', ')}${input.counted.length > ids.length ? ', …' : ''}` : ''}`,
      );
    }
    if (input.excluded && input.excluded.length > 0) {
      const reasons = new Map<string, number>();
      for (const r of input.excluded) {
        const key = r.message?.[lang] ?? r.reason ?? 'excluded';
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      out.push(
        `    ${say(lang, '排除', 'excluded')} ${input.excluded.length}: ${[...reasons].map(([k, n]) => `${n} × ${k}`).join('; ')}`,
      );
    }
  }
  out.push(
    `  ${say(lang, '修约', 'rounding')}: ${e.rounding.unrounded ?? '—'} → ${e.rounding.rounded ?? '—'} (${e.rounding.mode}, ${e.rounding.decimals} ${say(lang, '位小数', e.rounding.decimals === 1 ? 'decimal' : 'decimals')})`,
  );
  out.push(`  ${say(lang, '汇总', 'aggregation')}: ${e.aggregation.text[lang]}`);
  if (e.comparison) out.push(`  ${say(lang, '比较', 'comparison')}: ${e.comparison.text[lang]}`);
  if (result.gap && result.gap.action !== 'none') {
    out.push(
      `  ${say(lang, '差距', 'gap')}: ${result.gap.action === 'add' ? '+' : '−'}${result.gap.units.toString()}`,
    );
  }
  return out;
}
