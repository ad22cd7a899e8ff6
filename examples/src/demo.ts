/**
 * The main job: load the bundled Yunnan sample into a store, evaluate the Yunnan SME-assistance
 * plan (云南省中小微企业职业健康帮扶行动 2024–2025) for 2025 at every level, and print the figures
 * with their targets, statuses, gaps and one full explanation, then the plan's 2025 reporting
 * deadlines.
 *
 * Run: pnpm --filter @occhealth/examples demo (the CLI's `occhealth demo` is the province-scale main job)
 */
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { evaluate, obligationsDue, type Store, yunnanSmeAssistance } from '@occhealth/core';
import { importFile } from '@occhealth/import';
import { evaluationTable, obligationsTable, renderText } from '@occhealth/reports';

const dataDir = fileURLToPath(new URL('../data/yunnan-sample/', import.meta.url));

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
  out.push(renderText(evaluationTable(evaluation, plan), { frame: false }));

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
  out.push(renderText(obligationsTable(due), { frame: false }));
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
