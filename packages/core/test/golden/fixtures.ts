/**
 * @module test/golden/fixtures
 * Small builders for golden tests: valid credit codes, region trees, stores and plans.
 */
import { creditCodeCheckCharacter } from '../../src/employer/credit-code.js';
import type { IndicatorInput, PlanInput, TargetInput } from '../../src/indicator/schema.js';
import { definePlan } from '../../src/plans/define.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { WriteBatch } from '../../src/store/port.js';

/** A valid unified social credit code for employer number `n` in six-digit region `region`. */
export function creditCode(region: string, n: number): string {
  const first17 = `91${region.slice(0, 6).padEnd(6, '0')}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

/** Split `total` into `parts` whole numbers differing by at most one, larger ones first. */
export function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/** A province with prefectures, each with `counties` counties (codes `PPPP01`, `PPPP02`, …). */
export function regionRows(
  province: { code: string; zh: string },
  prefectures: ReadonlyArray<{ code: string; zh: string; counties: number }>,
): Array<{ code: string; name: { zh: string }; level: string; parent: string | null }> {
  const rows: Array<{ code: string; name: { zh: string }; level: string; parent: string | null }> =
    [{ code: province.code, name: { zh: province.zh }, level: 'province', parent: null }];
  for (const p of prefectures) {
    rows.push({ code: p.code, name: { zh: p.zh }, level: 'prefecture', parent: province.code });
    for (let i = 1; i <= p.counties; i++) {
      rows.push({
        code: `${p.code.slice(0, 4)}${String(i).padStart(2, '0')}`,
        name: { zh: `${p.zh}第${i}县` },
        level: 'county',
        parent: p.code,
      });
    }
  }
  return rows;
}

/** The county codes of a prefecture built by {@link regionRows}. */
export function countiesOf(prefecture: string, counties: number): string[] {
  return Array.from(
    { length: counties },
    (_, i) => `${prefecture.slice(0, 4)}${String(i + 1).padStart(2, '0')}`,
  );
}

/** A MemoryStore holding the batch. */
export async function storeWith(batch: WriteBatch): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.write(batch);
  return store;
}

/** Ids of the data elements an expression reads. */
function dataElementIds(expr: unknown, out: Set<string>): Set<string> {
  if (!expr) return out;
  const e = expr as { op?: string; id?: string; terms?: unknown[]; where?: { expr?: unknown } };
  if (e.op === 'data-element' && e.id) out.add(e.id);
  for (const t of e.terms ?? []) dataElementIds(t, out);
  if (e.op === 'count-regions' && e.where?.expr) dataElementIds(e.where.expr, out);
  return out;
}

/**
 * A one-indicator (or more) plan citing a seed. The data elements its indicators read are
 * declared as `decimal` elements unless `extra.dataElements` declares them.
 */
export function planOf(
  doc: string,
  indicators: IndicatorInput[],
  targets: TargetInput[] = [],
  extra: Partial<PlanInput> = {},
) {
  const ids = new Set<string>();
  for (const ind of indicators) {
    dataElementIds(ind.numerator, ids);
    dataElementIds(ind.denominator, ids);
  }
  return definePlan({
    id: 'golden',
    label: { zh: '测试', en: 'Golden' },
    source: { doc },
    indicators,
    targets,
    dataElements: [...ids].map((id) => ({ id, label: { zh: id }, valueType: 'decimal' as const })),
    ...extra,
  });
}

/** A percentage (proportion) indicator of two expressions. */
export function proportion(
  id: string,
  numerator: IndicatorInput['numerator'],
  denominator: IndicatorInput['denominator'],
): IndicatorInput {
  return {
    id,
    label: { zh: id, en: id },
    kind: 'proportion',
    unit: { zh: '%', en: '%' },
    numerator,
    denominator,
  };
}

/** A percentage of two data elements, e.g. `elementShare('fullTimeShare', 'fullTime', 'all')`. */
export function elementShare(id: string, numerator: string, denominator: string): IndicatorInput {
  return proportion(
    id,
    { op: 'data-element', id: numerator },
    { op: 'data-element', id: denominator },
  );
}

/** A count indicator. */
export function count(id: string, numerator: IndicatorInput['numerator']): IndicatorInput {
  return {
    id,
    label: { zh: id, en: id },
    kind: 'count',
    unit: { zh: '个', en: 'units' },
    aggregation: 'sum',
    numerator,
  };
}
