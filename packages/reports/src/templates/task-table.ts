/**
 * @module templates/task-table
 * Seed 004 附表1 云南省中小微企业职业健康帮扶任务表: 州市, 辖区县（市、区）数量, 帮扶企业任务数（家）,
 * one row per prefecture in the allocation's order and a 合计 row summed from the rows.
 */
import type { Allocation } from '@occhealth/core';
import { defineTable, ROW_KIND_LABELS, type Table, textIn } from '../model.js';

/**
 * 附表1 from an allocation of the Yunnan pack (`yunnan-task-table-2024` or `-2025`): the 合计
 * row is the sum of the rows, and a footnote says so when it differs from the total the seed prints.
 * @example allocationTable(yunnanSmeAssistance.allocations[0]!).rows.length // 17 (16 + 合计)
 */
export function allocationTable(allocation: Allocation): Table {
  const units = allocation.rows.reduce((s, r) => s + r.units, 0);
  const quota = allocation.rows.reduce((s, r) => s + r.quota, 0);
  const stated = allocation.statedTotal;
  const differs = stated !== undefined && (stated.units !== units || stated.quota !== quota);
  return defineTable({
    id: allocation.id,
    title: {
      zh: '云南省中小微企业职业健康帮扶任务表',
      en: 'Yunnan SME occupational-health assistance task table',
    },
    formNumber: allocation.source.clause ?? '附表1',
    columns: [
      { id: 'prefecture', label: { zh: '州市', en: 'Prefecture' }, type: { kind: 'text' } },
      {
        id: 'counties',
        label: { zh: '辖区县（市、区）数量', en: 'Counties in the prefecture' },
        type: { kind: 'count' },
      },
      {
        id: 'tasks',
        label: { zh: '帮扶企业任务数（家）', en: 'Enterprises to assist' },
        type: { kind: 'count' },
      },
    ],
    rows: [
      ...allocation.rows.map((r) => ({
        cells: { prefecture: r.label?.zh ?? r.region, counties: r.units, tasks: r.quota },
      })),
      {
        kind: 'total' as const,
        cells: { prefecture: textIn(ROW_KIND_LABELS.total, 'zh'), counties: units, tasks: quota },
      },
    ],
    footnotes: [
      {
        zh: `${allocation.period}年度：每个县（市、区）每年帮扶中小微企业不少于20家。`,
        en: `Year ${allocation.period}: at least 20 SMEs assisted in each county every year.`,
      },
      ...(differs
        ? [
            {
              zh: `合计为各行之和；原文合计为 ${stated.units} / ${stated.quota}。`,
              en: `The total is the sum of the rows; the source prints ${stated.units} / ${stated.quota}.`,
            },
          ]
        : []),
    ],
    source: { doc: allocation.source.doc, clause: allocation.source.clause ?? '附表1' },
  });
}
