/**
 * The main job: load the bundled Yunnan sample into a store, evaluate the Yunnan SME-assistance
 * plan (云南省中小微企业职业健康帮扶行动 2024–2025) for 2025 at every level, and print the figures
 * with their targets, statuses, gaps and one full explanation, then the plan's 2025 reporting
 * deadlines.
 *
 * Run: pnpm demo
 */
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import {
  evaluate,
  type IndicatorResult,
  obligationsDue,
  type Store,
  yunnanSmeAssistance,
} from '@occhealth/core';
import { importFile } from '@occhealth/import';
import { renderTable } from './table.js';

const dataDir = fileURLToPath(new URL('../data/yunnan-sample/', import.meta.url));

const STATUS: Record<IndicatorResult['status'], string> = {
  met: '达标 met',
  'not-met': '未达标 not met',
  'no-data': '无数据 no data',
  'not-applicable': '不适用 n/a',
};

/** Import the bundled sample files into `store` (each file in one transaction); returns a summary. */
export async function loadSample(store: Store): Promise<string> {
  const counts: string[] = [];
  for (const kind of ['regions', 'employers', 'facts'] as const) {
    const result = await importFile(store, { kind, path: `${dataDir}${kind}.json` });
    counts.push(`${kind} ${result[kind].inserted}`);
  }
  return `imported into the ${store.name} store: ${counts.join(', ')}`;
}

/** Evaluate the Yunnan plan for 2025 and render the report as text. */
export async function runDemo(store: Store): Promise<string> {
  const out: string[] = [];
  const plan = yunnanSmeAssistance;
  const evaluation = await evaluate({ plan, region: '530000', period: '2025', store });
  out.push(
    `${plan.label.zh} · ${plan.label.en}`,
    `${plan.source.doc} — period ${evaluation.period}, reference date ${evaluation.referenceDate}, computed via ${evaluation.via}`,
    '',
  );
  const rows = evaluation.results.map((r) => [
    `${'  '.repeat(r.level === 'province' ? 0 : r.level === 'prefecture' ? 1 : 2)}${r.regionName.zh}`,
    r.label.zh,
    r.numerator?.toFixed() ?? '—',
    r.denominator?.toFixed() ?? '—',
    r.formatted === null ? '—' : `${r.formatted}${r.unit.en === '%' ? '%' : ''}`,
    r.target ? `${r.target.comparator} ${r.target.value}` : '—',
    STATUS[r.status],
    r.gap && r.gap.action !== 'none'
      ? `${r.gap.action === 'add' ? '+' : '−'}${r.gap.units.toFixed()}`
      : '',
    r.rank !== undefined ? `${r.rank}/${r.rankOf}` : '',
  ]);
  out.push(
    renderTable(
      [
        '区划 region',
        '指标 indicator',
        ' 分子',
        ' 分母',
        ' 值 value',
        '目标 target',
        '状态 status',
        ' 差距 gap',
        ' 排名',
      ],
      rows,
    ),
  );

  // One figure, explained back to its records.
  const explained = await evaluate({
    plan,
    region: '530381',
    period: '2025',
    store,
    indicators: ['declarationRate'],
    explain: true,
  });
  const fig = explained.results.find((r) => r.region === '530381')!;
  out.push('', `Explanation · 解释: ${fig.label.zh} @ ${fig.regionName.zh} = ${fig.formatted}%`);
  out.push(`  formula: ${fig.explanation.formula.en}`);
  for (const input of fig.explanation.inputs) {
    const reasons = new Map<string, number>();
    for (const e of input.excluded ?? []) {
      const key = e.message?.zh ?? e.reason ?? 'excluded';
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    out.push(
      `  ${input.role} = ${input.value}: ${input.counted?.length ?? 0} records counted` +
        (reasons.size > 0
          ? `; excluded: ${[...reasons].map(([k, n]) => `${n} × ${k}`).join('; ')}`
          : ''),
    );
  }
  if (fig.explanation.comparison) out.push(`  ${fig.explanation.comparison.text.en}`);

  // The plan's 2025 reporting calendar.
  const due = obligationsDue(plan, 'prefecture', '2025-01-01', '2025-12-31');
  out.push('', '2025 reporting deadlines · 报送时限 (prefecture → province)');
  out.push(
    renderTable(
      ['截止 due', '事项 obligation', '依据 source'],
      due.map((d) => [
        d.deadline,
        d.obligation.label.zh,
        d.obligation.source.clause ?? d.obligation.source.doc,
      ]),
    ),
  );
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = fileURLToPath(new URL('../.data/', import.meta.url));
  const path = `${dir}occhealth-demo.db`;
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const store = openSqliteStore(path);
  console.log(`SQLite store: ${path}`);
  console.log(await loadSample(store));
  console.log(await runDemo(store));
  await store.close();
}
