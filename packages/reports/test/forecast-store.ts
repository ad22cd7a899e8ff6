import { definePlan, evaluate, MemoryStore } from '@occhealth/core';

/**
 * A pack whose rate publishes two places rounded down (to show the result's own decimals reach
 * every renderer) and a yearly count quota of 20 (the shape of seed 001's "每年…不少于20家").
 */
export const forecastPlan = definePlan({
  id: 'forecast-report',
  label: { zh: '预判报表', en: 'Forecast report' },
  source: { doc: '003', seed: '003' },
  indicators: [
    {
      id: 'rectificationRate',
      label: { zh: '问题整改率', en: 'Rectification rate' },
      kind: 'proportion',
      decimals: 2,
      rounding: 'floor',
      numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
      denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
      unit: { zh: '%', en: '%' },
      forecast: { methods: ['hold'] },
    },
    {
      id: 'inspections',
      label: { zh: '检查次数', en: 'Inspections' },
      kind: 'count',
      aggregation: 'sum',
      numerator: { op: 'count-facts', kind: 'inspection' },
      numeratorLabel: { zh: '检查次数', en: 'inspections' },
      unit: { zh: '次', en: 'inspections' },
    },
  ],
  targets: [
    {
      indicator: 'rectificationRate',
      comparator: '>=',
      value: '90',
      period: '2025',
      source: { doc: 'test' },
    },
    {
      indicator: 'inspections',
      comparator: '>=',
      value: '20',
      period: '2025',
      source: { doc: 'test' },
    },
  ],
});

/** Eight inspections in 2025 by 30 June, 3 problems found each, 1 rectified in the first and 3 in the rest: 22 of 24. */
export const INSPECTIONS = Array.from({ length: 8 }, (_, i) => ({
  id: `i-${i}`,
  kind: 'inspection' as const,
  region: '410102',
  date: `2025-0${1 + (i % 6)}-15`,
  problemsFound: 3,
  problemsRectified: i === 0 ? 1 : 3,
}));

export async function forecastStore() {
  const store = new MemoryStore();
  await store.write({
    regions: [
      { code: '410100', name: { zh: '郑州市' }, level: 'prefecture', parent: null },
      { code: '410102', name: { zh: '中原区' }, level: 'county', parent: '410100' },
    ],
    employers: [],
    facts: INSPECTIONS,
  });
  return store;
}

/** The evaluation of 2025 as of 30 June (day 181 of 365), or at the year's end. */
export async function forecastEvaluation(asOf?: string) {
  return evaluate({
    plan: forecastPlan,
    region: '410100',
    period: '2025',
    store: await forecastStore(),
    ...(asOf ? { asOf } : {}),
  });
}
