/**
 * The README's embedding example: a vendor's own plan with one indicator, evaluated over the core's
 * in-memory store. It reproduces the rectification rate of 002 篇3 (1,953 of 2,257 problems
 * rectified = 86.5 %, 四舍五入 to one decimal).
 *
 * Run: pnpm --filter @occhealth/examples exec tsx --conditions=source src/embed.ts
 */
import { definePlan, evaluate, MemoryStore } from '@occhealth/core';

/** The vendor's plan: one indicator and its target. */
export const coalPowerPlan = definePlan({
  id: 'coalPowerGovernance',
  label: { zh: '燃煤发电及热力专项治理', en: 'Coal power and heat special governance' },
  source: { doc: '篇3 黑龙江省安全监管局讲话', seed: '002' },
  indicators: [
    {
      id: 'rectificationRate',
      label: { zh: '问题整改率', en: 'Rectification rate' },
      kind: 'proportion',
      numerator: { op: 'sum-field', kind: 'inspection', field: 'problemsRectified' },
      denominator: { op: 'sum-field', kind: 'inspection', field: 'problemsFound' },
      unit: { zh: '%', en: '%' },
      source: { doc: '篇3', seed: '002' },
    },
  ],
  targets: [
    {
      indicator: 'rectificationRate',
      comparator: '>=',
      value: '90',
      period: '2016',
      source: { doc: 'example' },
    },
  ],
});

export async function embedExample(): Promise<string> {
  const store = new MemoryStore();
  await store.write({
    regions: [{ code: '230000', name: { zh: '黑龙江省' }, level: 'province', parent: null }],
    employers: [
      { creditCode: '91350100M000100Y43', name: '示例电厂', region: '230000', size: 'large' },
    ],
    facts: [
      {
        id: 'inspection-2016-001',
        kind: 'inspection',
        region: '230000',
        employer: '91350100M000100Y43',
        date: '2016-06-30',
        problemsFound: 2257,
        problemsRectified: 1953,
      },
    ],
  });

  const { results } = await evaluate({
    plan: coalPowerPlan,
    region: '230000',
    period: '2016',
    store,
  });
  const [rate] = results;
  return `${rate!.label.zh}: ${rate!.numerator} / ${rate!.denominator} = ${rate!.formatted}% (${rate!.status}, gap +${rate!.gap?.units})`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await embedExample());
