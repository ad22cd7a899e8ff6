/**
 * @module commands/plans
 * `occhealth plans [id]`: the shipped policy packs; with an id (or a JSON plan file), one pack's
 * indicators, targets and reporting deadlines, each with its citation.
 */
import { PLANS, type Plan } from '@occhealth/core';
import type { Table } from '@occhealth/reports';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { renderTables, tableFormatOf } from '../render.js';
import { emit, resolvePlan } from '../shared.js';

/** Options of {@link plansCommand}. */
export interface PlansCommandOptions extends GlobalOptions {
  /** A pack id or a JSON plan file to show; none lists every pack. */
  readonly plan?: string;
  /** `table` (default), `json`, `csv`, `xlsx`, `html` or `md`. */
  readonly format?: string;
  /** Output file. */
  readonly out?: string;
}

const cite = (s: { doc: string; clause?: string | undefined } | undefined) =>
  s === undefined ? '' : s.clause ? `${s.doc} ${s.clause}` : s.doc;

/** The tables of one plan: indicators, targets, reporting obligations. */
async function planTables(plan: Plan): Promise<Table[]> {
  const { defineTable } = await import('@occhealth/reports');
  const text = { kind: 'text' } as const;
  const col = (id: string, zh: string, en: string) => ({ id, label: { zh, en }, type: text });
  return [
    defineTable({
      id: 'indicators',
      title: { zh: `${plan.label.zh}：指标`, en: `${plan.label.en}: indicators` },
      columns: [
        col('id', '标识', 'id'),
        col('label', '指标', 'indicator'),
        col('unit', '单位', 'unit'),
        col('source', '依据', 'source'),
      ],
      rows: plan.indicators.map((i) => ({
        cells: { id: i.id, label: i.label.zh, unit: i.unit?.zh ?? '', source: cite(i.source) },
      })),
    }),
    defineTable({
      id: 'targets',
      title: { zh: `${plan.label.zh}：目标`, en: `${plan.label.en}: targets` },
      columns: [
        col('indicator', '指标', 'indicator'),
        col('target', '目标', 'target'),
        col('period', '期间', 'period'),
        col('scope', '范围', 'scope'),
        col('source', '依据', 'source'),
      ],
      rows: plan.targets.map((t) => ({
        cells: {
          indicator: t.indicator,
          target: `${t.comparator} ${t.value}${t.milestone ? ' *' : ''}`,
          period: t.period,
          scope: t.scope.region ?? t.scope.level ?? '',
          source: cite(t.source),
        },
      })),
    }),
    defineTable({
      id: 'obligations',
      title: { zh: `${plan.label.zh}：报送事项`, en: `${plan.label.en}: reporting obligations` },
      columns: [
        col('id', '标识', 'id'),
        col('label', '事项', 'obligation'),
        col('who', '报送方', 'who'),
        col('toWhom', '接收方', 'to'),
        col('rule', '时限规则', 'rule'),
        col('source', '依据', 'source'),
      ],
      rows: plan.obligations.map((o) => ({
        cells: {
          id: o.id,
          label: o.label.zh,
          who: o.who.level,
          toWhom: o.toWhom.level,
          rule: `${o.periodType} · ${o.rule.type}`,
          source: cite(o.source),
        },
      })),
    }),
  ];
}

/**
 * List the packs, or show one.
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await plansCommand(ctx, { plan: 'yunnan-sme-assistance' });
 * ```
 */
export async function plansCommand(
  ctx: CommandContext,
  options: PlansCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const format = tableFormatOf(options);
  if (options.plan === undefined) {
    if (format === 'json') {
      emit(
        ctx,
        options.out,
        JSON.stringify(
          PLANS.map((p) => ({
            id: p.id,
            version: p.version,
            label: p.label,
            source: p.source,
            period: p.period,
            region: p.region,
            indicators: p.indicators.length,
            targets: p.targets.length,
            obligations: p.obligations.length,
          })),
        ),
      );
      return EXIT.ok;
    }
    const { defineTable } = await import('@occhealth/reports');
    const text = { kind: 'text' } as const;
    const count = { kind: 'count' } as const;
    const table = defineTable({
      id: 'plans',
      title: { zh: '政策方案包', en: 'Policy packs' },
      columns: [
        { id: 'id', label: { zh: '标识', en: 'id' }, type: text },
        { id: 'label', label: { zh: '名称', en: 'name' }, type: text },
        { id: 'source', label: { zh: '文件', en: 'document' }, type: text },
        { id: 'indicators', label: { zh: '指标', en: 'indicators' }, type: count },
        { id: 'targets', label: { zh: '目标', en: 'targets' }, type: count },
        { id: 'obligations', label: { zh: '报送事项', en: 'obligations' }, type: count },
      ],
      rows: PLANS.map((p) => ({
        cells: {
          id: p.id,
          label: p.label[lang],
          source: p.source.doc,
          indicators: p.indicators.length,
          targets: p.targets.length,
          obligations: p.obligations.length,
        },
      })),
    });
    emit(ctx, options.out, await renderTables([table], format, lang));
    if (format === 'table' && options.out === undefined) {
      ctx.stdout.write(
        say(lang, '查看一个方案：occhealth plans <标识>\n', 'show one: occhealth plans <id>\n'),
      );
    }
    return EXIT.ok;
  }
  const plan = resolvePlan(ctx, options.plan);
  if (format === 'json') {
    emit(ctx, options.out, JSON.stringify(plan));
    return EXIT.ok;
  }
  const head = `${plan.label[lang]} (${plan.id}${plan.version ? ` ${plan.version}` : ''}) — ${plan.source.doc}`;
  const body = await renderTables(await planTables(plan), format, lang, plan.label[lang]);
  emit(
    ctx,
    options.out,
    typeof body === 'string' && format === 'table' ? `${head}\n\n${body}` : body,
  );
  return EXIT.ok;
}
