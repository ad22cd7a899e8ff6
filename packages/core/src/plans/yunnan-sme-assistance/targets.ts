/**
 * @module plans/yunnan-sme-assistance/targets
 * Targets of the Yunnan SME assistance action (seed 004 一 and 附表1): at least 20 SMEs assisted
 * in **each** county every year; the four core rates of the assisted cohort at 90 % by end-2024
 * (milestone) and 100 % by end-2025; and the per-prefecture task table 附表1 as an allocation for
 * each of 2024 and 2025 (the table is read as per-year: the text says "每年", and every row is at
 * least 20 × its county count).
 */
import type { PlanInput } from '../../indicator/schema.js';
import { SME_CORE_RATE_IDS } from '../shared/sme-rates.js';
import { yunnanSource } from './indicators.js';

/** A target as written in a pack. */
type PackTarget = NonNullable<PlanInput['targets']>[number];
/** An allocation as written in a pack. */
type PackAllocation = NonNullable<PlanInput['allocations']>[number];

/** One row of 附表1 (云南省中小微企业职业健康帮扶任务表), in the seed's order. */
export interface YunnanTaskRow {
  /** GB/T 2260 code of the prefecture (州市). */
  readonly region: string;
  /** Name as printed in 附表1 (short form, e.g. `楚雄州`). */
  readonly zh: string;
  /** English name. */
  readonly en: string;
  /** 辖区县（市、区）数量. */
  readonly counties: number;
  /** 帮扶企业任务数（家）. */
  readonly tasks: number;
}

/** 附表1 rows, in the seed's order (seed 004). */
export const YUNNAN_TASK_TABLE: readonly YunnanTaskRow[] = [
  { region: '530100', zh: '昆明市', en: 'Kunming', counties: 14, tasks: 336 },
  { region: '530600', zh: '昭通市', en: 'Zhaotong', counties: 11, tasks: 264 },
  { region: '530300', zh: '曲靖市', en: 'Qujing', counties: 9, tasks: 216 },
  { region: '530400', zh: '玉溪市', en: 'Yuxi', counties: 9, tasks: 180 },
  { region: '530500', zh: '保山市', en: 'Baoshan', counties: 5, tasks: 100 },
  { region: '532300', zh: '楚雄州', en: 'Chuxiong', counties: 10, tasks: 240 },
  { region: '532500', zh: '红河州', en: 'Honghe', counties: 13, tasks: 286 },
  { region: '532600', zh: '文山州', en: 'Wenshan', counties: 8, tasks: 160 },
  { region: '530800', zh: '普洱市', en: "Pu'er", counties: 10, tasks: 200 },
  { region: '532800', zh: '西双版纳州', en: 'Xishuangbanna', counties: 3, tasks: 60 },
  { region: '532900', zh: '大理州', en: 'Dali', counties: 12, tasks: 240 },
  { region: '533100', zh: '德宏州', en: 'Dehong', counties: 5, tasks: 100 },
  { region: '530700', zh: '丽江市', en: 'Lijiang', counties: 5, tasks: 100 },
  { region: '533300', zh: '怒江州', en: 'Nujiang', counties: 4, tasks: 80 },
  { region: '533400', zh: '迪庆州', en: 'Diqing', counties: 3, tasks: 60 },
  { region: '530900', zh: '临沧市', en: 'Lincang', counties: 8, tasks: 160 },
];

/** The 合计 (total) row of 附表1 as printed: 129 counties, 2,782 enterprises. */
export const YUNNAN_TASK_TABLE_TOTAL = { counties: 129, tasks: 2782 } as const;

function taskTable(year: '2024' | '2025'): PackAllocation {
  return {
    id: `yunnan-task-table-${year}`,
    label: {
      zh: `云南省中小微企业职业健康帮扶任务表（${year}年）`,
      en: `Yunnan SME occupational-health assistance task table (${year})`,
    },
    indicator: 'smesAssisted',
    period: year,
    unitLevel: 'county',
    rule: { perUnit: '20', years: 1 },
    rows: YUNNAN_TASK_TABLE.map((r) => ({
      region: r.region,
      label: { zh: r.zh, en: r.en },
      units: r.counties,
      quota: r.tasks,
    })),
    statedTotal: { units: YUNNAN_TASK_TABLE_TOTAL.counties, quota: YUNNAN_TASK_TABLE_TOTAL.tasks },
    source: yunnanSource('附表1', '合计 129 2782'),
  };
}

/** Allocations: 附表1 for 2024 and for 2025. */
export const allocations: PackAllocation[] = [taskTable('2024'), taskTable('2025')];

const RATE_QUOTE =
  '2025年底，被帮扶企业的职业病危害项目申报率、工作场所职业病危害因素定期检测率、职业健康检查开展率、职业健康培训率均达到100%（2024年达到90%）';

/** Targets of the Yunnan pack. */
export const targets: PackTarget[] = [
  ...(['2024', '2025'] as const).map(
    (year): PackTarget => ({
      id: `smesAssisted.county.${year}`,
      indicator: 'smesAssisted',
      comparator: '>=',
      value: '20',
      period: year,
      scope: { level: 'county' },
      label: {
        zh: '每个县（市、区）每年帮扶不少于20家',
        en: 'At least 20 SMEs per county per year',
      },
      source: yunnanSource('一', '每个县（市、区）每年帮扶中小微企业数量不少于20家（见附表1）'),
      note: {
        zh: '每个县各自不少于20家（不是州市平均）。',
        en: 'Each county on its own (not an average over the prefecture).',
      },
    }),
  ),
  ...SME_CORE_RATE_IDS.flatMap((indicator): PackTarget[] => [
    {
      id: `${indicator}.2024`,
      indicator,
      comparator: '>=',
      value: '90',
      period: '2024',
      milestone: true,
      source: yunnanSource('一', RATE_QUOTE),
      note: { zh: '2024年达到90%（阶段目标）', en: '90 % in 2024 (interim milestone)' },
    },
    {
      id: `${indicator}.2025`,
      indicator,
      comparator: '>=',
      value: '100',
      period: '2025',
      source: yunnanSource('一', RATE_QUOTE),
    },
  ]),
];
