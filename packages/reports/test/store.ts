import { evaluate, MemoryStore } from '@occhealth/core';
import { coalPowerPlan } from '../../../examples/src/embed.js';

/** Problems found and rectified per county, 2016 (counties of two prefectures). */
export const COUNTY_FIGURES = [
  { code: '230102', name: '道里区', parent: '230100', found: 400, rectified: 380 },
  { code: '230103', name: '南岗区', parent: '230100', found: 300, rectified: 240 },
  { code: '230202', name: '龙沙区', parent: '230200', found: 200, rectified: 190 },
  { code: '230203', name: '建华区', parent: '230200', found: 57, rectified: 50 },
] as const;

/** The README's embedding plan (002 篇3's rectification rate, target ≥ 90 % in 2016), shared. */
export const plan = coalPowerPlan;

/** A small store: 黑龙江省 → 2 cities → 4 counties, one inspection record per county. */
export async function smallEvaluation() {
  const store = new MemoryStore();
  await store.write({
    regions: [
      { code: '230000', name: { zh: '黑龙江省' }, level: 'province', parent: null },
      { code: '230100', name: { zh: '哈尔滨市' }, level: 'prefecture', parent: '230000' },
      { code: '230200', name: { zh: '齐齐哈尔市' }, level: 'prefecture', parent: '230000' },
      ...COUNTY_FIGURES.map((c) => ({
        code: c.code,
        name: { zh: c.name },
        level: 'county' as const,
        parent: c.parent,
      })),
    ],
    employers: [],
    facts: COUNTY_FIGURES.map((c) => ({
      id: `inspection-${c.code}`,
      kind: 'inspection' as const,
      region: c.code,
      date: '2016-06-30',
      problemsFound: c.found,
      problemsRectified: c.rectified,
    })),
  });
  return evaluate({ plan, region: '230000', period: '2016', store });
}
