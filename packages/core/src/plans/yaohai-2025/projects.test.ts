/**
 * Regression (issue 9): Yaohai's "2025年度完成“三同时”项目4个" (seed 000 三 第一板块) counts projects;
 * completion-acceptance records were counted instead, so one project with two such records counted
 * twice.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../evaluate/index.js';
import { MemoryStore } from '../../store/memory.js';
import { yaohai2025 } from '../index.js';

describe('Yaohai 三同时 projects (seed 000 三 第一板块)', () => {
  it('counts distinct projects with a completion-acceptance record', async () => {
    const region = '340102';
    const ts = (id: string, project: string, stage: string, date: string) => ({
      id,
      kind: 'three-simultaneities',
      region,
      date,
      project,
      stage,
    });
    const store = new MemoryStore();
    await store.write({
      regions: [
        { code: '340000', name: { zh: '安徽省' }, level: 'province', parent: null },
        { code: '340100', name: { zh: '合肥市' }, level: 'prefecture', parent: '340000' },
        { code: region, name: { zh: '瑶海区' }, level: 'county', parent: '340100' },
      ],
      facts: [
        ts('a1', 'A', 'completion-acceptance', '2025-03-01'),
        ts('a2', 'A', 'completion-acceptance', '2025-05-01'), // a second acceptance record of A
        ts('b1', 'B', 'completion-acceptance', '2025-06-01'),
        ts('c1', 'C', 'design-review', '2025-06-01'), // not completed
        ts('d1', 'D', 'completion-acceptance', '2024-12-01'), // completed in 2024
      ],
    });
    const { results } = await evaluate({
      plan: yaohai2025,
      store,
      region,
      period: '2025',
      indicators: ['tsProjectsCompleted'],
    });
    const r = results.find((x) => x.region === region)!;
    expect(r.numerator?.toNumber()).toBe(2); // A and B
    expect(r.status).toBe('not-met'); // 2 < 4
  });
});
