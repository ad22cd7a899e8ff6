/**
 * @module plans/table
 * An official's check: every rule of a pack as one Markdown table (what, clause, value, period,
 * party), generated from the pack itself. `pnpm --filter @occhealth/core packs:docs` writes
 * `docs/packs/<pack>.md`; a test fails when a committed file differs from the code.
 */
import type { CalendarNote, Obligation, Party, Phase } from '../calendar/index.js';
import { forecastMethods } from '../evaluate/forecast.js';
import type { Indicator, Plan, SourceRef } from '../indicator/schema.js';
import { chinaRegionTree } from '../regions-cn.js';
import {
  HENAN_UNIT_RULES,
  type HenanUnitRule,
  henanCalendarNotes,
  henanPhases,
} from './henan-three-actions/index.js';
import { PLANS } from './index.js';
import { yaohaiCalendarNotes, yaohaiPhases } from './yaohai-2025/index.js';
import { yongqingCalendarNotes, yongqingPhases } from './yongqing-final-evaluation/index.js';
import { yunnanPhases } from './yunnan-sme-assistance/index.js';

/** The calendar entries a pack exports beside its plan (phases and notes without a date). */
export const PACK_CALENDAR: Readonly<
  Record<string, { phases: readonly Phase[]; notes: readonly CalendarNote[] }>
> = {
  'henan-three-actions': { phases: henanPhases, notes: henanCalendarNotes },
  'yaohai-2025': { phases: yaohaiPhases, notes: yaohaiCalendarNotes },
  'yongqing-final-evaluation': { phases: yongqingPhases, notes: yongqingCalendarNotes },
  'yunnan-sme-assistance': { phases: yunnanPhases, notes: [] },
};

/** Per pack, which units each rule counts, in words (the rulings on a notice's units). */
export const PACK_UNIT_RULES: Readonly<Record<string, readonly HenanUnitRule[]>> = {
  'henan-three-actions': HENAN_UNIT_RULES,
};

function cell(s: string | undefined): string {
  return (s ?? '—').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|') || '—';
}

function clauseOf(src: SourceRef | undefined): string {
  if (!src) return '—';
  const where = [src.doc, src.clause].filter(Boolean).join(' ');
  return src.seed ? `${where} (seed ${src.seed})` : `${where} (no seed)`;
}

function partyText(p: Party): string {
  return p.actor ? `${p.actor.zh} (${p.level})` : p.level;
}

function ruleText(o: Obligation): string {
  const { type, ...rest } = o.rule as { type: string } & Record<string, unknown>;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return args.length ? `${type} ${args.join(', ')}` : type;
}

function unitsText(i: Indicator): string {
  if (!i.units) return 'tree';
  const own = (i.units.own ?? []).map((u) => `${u.region} as ${u.level}`);
  const not = i.units.notCounted ?? [];
  return [
    own.length ? `own: ${own.join(', ')}` : '',
    not.length ? `not counted: ${not.length} regions (see below)` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The regions the pack's rules do not count, one table per distinct set, with their names. */
function notCountedSection(plan: Plan): string[] {
  const sets = new Map<string, { ids: string[]; codes: readonly string[] }>();
  for (const i of plan.indicators) {
    const codes = i.units?.notCounted ?? [];
    if (codes.length === 0) continue;
    const key = codes.join(',');
    const set = sets.get(key) ?? { ids: [], codes };
    set.ids.push(i.id);
    sets.set(key, set);
  }
  if (sets.size === 0) return [];
  const tree = chinaRegionTree();
  return [...sets.values()].flatMap((set) => [
    `### Regions not counted by ${set.ids.join(', ')}`,
    '',
    ...table(
      ['Region', 'Name (shipped tree)'],
      set.codes.map((c) => [c, tree.get(c)?.name.zh ?? '—']),
    ),
  ]);
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return ['(none)', ''];
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
  ];
}

/**
 * The Markdown page of one pack: indicators, targets, allocations, obligations, phases and
 * calendar notes, each with its clause.
 * For example `packTable(henanThreeActions)` starts with `# henan-three-actions`.
 */
export function packTable(plan: Plan): string {
  const cal = PACK_CALENDAR[plan.id] ?? { phases: [], notes: [] };
  const label = (id: string) => plan.indicators.find((i) => i.id === id)?.label.zh ?? id;
  const lines = [
    `# ${plan.id} ${plan.version ?? ''}`.trimEnd(),
    '',
    `${plan.label.zh} — ${plan.label.en}`,
    '',
    `Source: ${plan.source.doc}${plan.source.seed ? ` (seed ${plan.source.seed}, docs/sources/${plan.source.seed}.txt)` : ''}.`,
    '',
    'Generated from the pack by `pnpm --filter @occhealth/core packs:docs`; do not edit by hand.',
    '',
    '## Indicators',
    '',
    ...table(
      ['Indicator', 'Label', 'Kind', 'Units', 'Forecast', 'Clause'],
      plan.indicators.map((i) => [
        i.id,
        i.label.zh,
        i.kind,
        unitsText(i),
        forecastMethods(i).join(' → '),
        clauseOf(i.source),
      ]),
    ),
    ...(PACK_UNIT_RULES[plan.id]
      ? [
          '## Which units count',
          '',
          ...table(
            ['Rules', 'Units', 'Clause', 'Wording'],
            PACK_UNIT_RULES[plan.id]!.map((r) => [
              r.rules.join(', '),
              r.units.zh,
              clauseOf(r.source),
              r.source.quote ?? '—',
            ]),
          ),
        ]
      : []),
    ...notCountedSection(plan),
    '## Targets',
    '',
    ...table(
      ['Target', 'Indicator', 'Value', 'Period', 'Scope', 'Clause'],
      plan.targets.map((t) => [
        t.id ?? '—',
        `${t.indicator} ${label(t.indicator)}`,
        `${t.comparator} ${t.value}${t.milestone ? ' (milestone)' : ''}`,
        t.period,
        t.scope.region ?? t.scope.level ?? 'every region',
        clauseOf(t.source),
      ]),
    ),
    '## Allocations',
    '',
    ...table(
      ['Allocation', 'Region', 'Units', 'Quota', 'Period', 'Clause'],
      plan.allocations.flatMap((a) =>
        a.rows.map((r) => [
          a.id,
          `${r.region}${r.label ? ` ${r.label.zh}` : ''}`,
          `${r.units} ${a.unitLevel}`,
          String(r.quota),
          a.period,
          clauseOf(a.source),
        ]),
      ),
    ),
    '## Reporting obligations',
    '',
    ...table(
      ['Obligation', 'What', 'Party', 'To', 'Periods', 'Rule', 'Clause'],
      plan.obligations.map((o) => [
        o.id,
        o.label.zh,
        partyText(o.who),
        partyText(o.toWhom),
        `${o.periodType} ${o.periods ? `${o.periods.from}–${o.periods.to}` : ''}`.trim(),
        ruleText(o),
        clauseOf(o.source),
      ]),
    ),
    '## Phases',
    '',
    ...table(
      ['Phase', 'Label', 'Windows', 'Clause'],
      cal.phases.map((p) => [
        p.id,
        p.label.zh,
        p.windows.map((w) => `${w.start} – ${w.end}`).join('; '),
        clauseOf(p.source),
      ]),
    ),
    '## Duties without a date',
    '',
    ...table(
      ['Duty', 'Label', 'When', 'Clause'],
      cal.notes.map((n) => [n.id, n.label.zh, n.when.zh, clauseOf(n.source)]),
    ),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Every pack's page, by file name under `docs/packs/`. */
export function packTables(): ReadonlyMap<string, string> {
  return new Map(PLANS.map((p) => [`${p.id}.md`, packTable(p)]));
}
