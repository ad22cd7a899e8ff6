import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { evaluate, MemoryStore, yunnanSmeAssistance } from '@occhealth/core';
import { evaluationTable, renderCsv } from '@occhealth/reports';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadSample, runDemo } from '../src/demo.js';
import { embedExample } from '../src/embed.js';

interface RawEmployer {
  creditCode: string;
  region: string;
  size?: string;
  hazardLevel?: string;
  registeredOn?: string;
  statusHistory: { status: string; from: string }[];
}
interface RawFact {
  kind: string;
  employer: string;
  date: string;
  programme?: string;
  workersExamined?: number;
}

const dir = fileURLToPath(new URL('../data/yunnan-sample/', import.meta.url));
const employers: RawEmployer[] = JSON.parse(readFileSync(`${dir}employers.json`, 'utf8'));
const facts: RawFact[] = JSON.parse(readFileSync(`${dir}facts.json`, 'utf8'));

/** `YYYY-MM-DD` plus `months` calendar months (day clamped to the month's end), in UTC arithmetic. */
function plusMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The four core rates per county, computed by hand from the raw JSON with none of the library's
 * code (sme-rates.ts, seed 004): cohort = SMEs assisted under yunnan-five-ones up to 2025-12-31
 * and active that day (registered, not deregistered, not suspended more than six months);
 * declaration any time up to that day; periodic testing within 12 months (严重 class) or 36 months
 * (others); an exam with someone examined, and training, in 2025.
 */
function handRates(county: string) {
  const REF = '2025-12-31';
  const active = (e: RawEmployer) => {
    if (e.registeredOn !== undefined && e.registeredOn > REF) return false;
    const last = e.statusHistory.filter((s) => s.from <= REF).at(-1);
    if (!last || last.status === 'active') return true;
    if (last.status === 'deregistered') return false;
    // Suspended: still active up to six calendar months on, the end day included.
    return REF <= plusMonths(last.from, 6);
  };
  const in2025 = (f: RawFact) => f.date >= '2025-01-01' && f.date <= REF;
  const cohort = employers.filter(
    (e) =>
      e.region === county &&
      e.size !== 'large' &&
      active(e) &&
      facts.some(
        (f) =>
          f.kind === 'assistance' &&
          f.programme === 'yunnan-five-ones' &&
          f.employer === e.creditCode &&
          f.date <= REF,
      ),
  );
  const has = (e: RawEmployer, test: (f: RawFact) => boolean) =>
    facts.some((f) => f.employer === e.creditCode && test(f));
  return {
    denominator: cohort.length,
    declarationRate: cohort.filter((e) => has(e, (f) => f.kind === 'declaration' && f.date <= REF))
      .length,
    testingRate: cohort.filter((e) => {
      const from = plusMonths(REF, e.hazardLevel === 'severe' ? -12 : -36);
      return has(
        e,
        (f) =>
          f.kind === 'hazard-testing' &&
          f.programme === 'periodic' &&
          f.date >= from &&
          f.date <= REF,
      );
    }).length,
    healthExamRate: cohort.filter((e) =>
      has(e, (f) => f.kind === 'health-exam' && (f.workersExamined ?? 0) > 0 && in2025(f)),
    ).length,
    trainingRate: cohort.filter((e) => has(e, (f) => f.kind === 'training' && in2025(f))).length,
  };
}

const COUNTIES = ['530102', '530111', '530181', '530302', '530381', '532301', '532302'];

/** The four rates of the SME cohort that the demo prints per county. */
const SME_RATE_IDS = ['declarationRate', 'testingRate', 'healthExamRate', 'trainingRate'] as const;

/** n / d as a percentage, half-up to one decimal, from integers: (n * 1000 / d) rounded, then / 10. */
function halfUpTenths(n: number, d: number): string {
  const tenths = Math.floor((n * 2000) / d + 1) >> 1;
  return (tenths / 10).toFixed(1);
}

describe('the main job (pnpm demo) on the bundled sample', () => {
  it('computes every county rate in SQLite exactly as a hand count of the raw files does', async () => {
    const store = openSqliteStore(':memory:');
    await loadSample(store);
    const { results, via } = await evaluate({
      plan: yunnanSmeAssistance,
      region: '530000',
      period: '2025',
      store,
    });
    expect(via).toBe('aggregate');
    for (const county of COUNTIES) {
      const hand = handRates(county);
      for (const id of SME_RATE_IDS) {
        const r = results.find((x) => x.region === county && x.indicator === id)!;
        expect(r.numerator?.toNumber(), `${id} ${county}`).toBe(hand[id]);
        expect(r.denominator?.toNumber(), `${id} ${county}`).toBe(hand.denominator);
        expect(r.formatted).toBe(halfUpTenths(hand[id], hand.denominator));
      }
    }
    await store.close();
  });

  it('gives the same report text from SQLite (pushdown) and from MemoryStore', async () => {
    const sqlite = openSqliteStore(':memory:');
    const memory = new MemoryStore();
    await loadSample(sqlite);
    await loadSample(memory);
    const a = (await runDemo(sqlite)).replace(/computed via \w+/, '');
    const b = (await runDemo(memory)).replace(/computed via \w+/, '');
    expect(a).toBe(b);
    expect(a).toContain('2025-12-15');
    await sqlite.close();
  });
});

describe('the evaluation table (@occhealth/reports) of the demo', () => {
  it('writes each county rate with the numerator and denominator of a hand count', async () => {
    const store = openSqliteStore(':memory:');
    await loadSample(store);
    const evaluation = await evaluate({
      plan: yunnanSmeAssistance,
      region: '530000',
      period: '2025',
      store,
    });
    await store.close();
    const records: string[][] = parse(
      renderCsv(evaluationTable(evaluation, yunnanSmeAssistance), { lang: 'zh' }),
      { bom: true },
    );
    expect(records[0]).toEqual([
      '区划',
      '指标',
      '分子',
      '分母',
      '值',
      '目标',
      '状态',
      '差距',
      '排名',
    ]);
    const byName = new Map(records.slice(1).map((r) => [`${r[0]}|${r[1]}`, r]));
    const names = new Map(evaluation.results.map((r) => [r.region, r.regionName.zh]));
    const labels = new Map(evaluation.results.map((r) => [r.indicator, r.label.zh]));
    for (const county of COUNTIES) {
      const hand = handRates(county);
      for (const id of SME_RATE_IDS) {
        const row = byName.get(`${names.get(county)}|${labels.get(id)}`)!;
        expect([row[2], row[3]]).toEqual([String(hand[id]), String(hand.denominator)]);
        // Published to one place, half-up, from the hand count.
        expect(row[4]).toBe(halfUpTenths(hand[id], hand.denominator));
      }
    }
  });
});

describe('the README embedding example', () => {
  it('reproduces 002 篇3: 1,953 of 2,257 rectified is 86.5 %, 79 short of 90 %', async () => {
    // Gap by hand: the smallest n with (1953 + n) / 2257 >= 0.9 is ceil(2031.3) - 1953 = 79.
    expect(Math.ceil((2257 * 9) / 10) - 1953).toBe(79);
    expect(await embedExample()).toBe('问题整改率: 1953 / 2257 = 86.5% (not-met, gap +79)');
  });
});

describe('the README', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const embed = readFileSync(fileURLToPath(new URL('../src/embed.ts', import.meta.url)), 'utf8');

  it('shows the embedding example exactly as examples/src/embed.ts runs it', () => {
    const block = /```ts\n(import \{ definePlan[\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const code = block!
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('console.log') && !l.startsWith('//'));
    for (const line of code) expect(embed).toContain(line);
  });

  it('shows the demo output as pnpm demo prints it (every line but the path and the elision)', async () => {
    const block = /```text\n(SQLite store:[\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const store = openSqliteStore(':memory:');
    const output = `${await loadSample(store)}\n${await runDemo(store)}`.split('\n');
    await store.close();
    const shown = block!
      .split('\n')
      .filter((l) => !l.startsWith('SQLite store:') && !l.startsWith('…'));
    expect(shown.length).toBeGreaterThan(30);
    for (const line of shown) expect(output, line).toContain(line);
  });

  it('names the two set-up commands: the main job and the tests', () => {
    expect(readme).toMatch(/pnpm install && pnpm demo/);
    expect(readme).toMatch(/\npnpm test\n/);
  });
});
