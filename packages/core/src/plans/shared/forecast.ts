/**
 * @module plans/shared/forecast
 * The year-end forecast methods the packs choose, each with the reading of its seed (issue 9).
 */
import type { ForecastRule } from '../../indicator/schema.js';

/**
 * A rate of a programme's assisted enterprises (seeds 001 附件2 一, 004 一): numerator and
 * denominator grow together as the 帮扶名单 fills, so the value to date is held to year end —
 * projecting the numerator alone over a fixed denominator would overstate it.
 */
export const HOLD_COHORT_RATE: ForecastRule = {
  methods: ['hold'],
  basis: {
    zh: '被帮扶企业的比率：分子与分母随帮扶名单同步增加，以截至基准日的值作为年底预计值。',
    en: 'A rate of the assisted enterprises: numerator and denominator grow together with the list, so the value to date is the year-end projection.',
  },
};

/**
 * A yearly count of a programme that began in the second half of 2024 (seed 001: 动员部署阶段
 * 2024年7月; seed 004: 帮扶清单 2024年8月30日前): last year's same period is not comparable, so
 * the count is projected linearly over the year.
 */
export function linearProgrammeCount(start: { zh: string; en: string }): ForecastRule {
  return {
    methods: ['linear'],
    basis: {
      zh: `行动${start.zh}启动，上年同期不可比，按时间进度线性推算年底数。`,
      en: `The programme began ${start.en}: last year's same period is not comparable, so the count is projected linearly.`,
    },
  };
}

/**
 * A survey-table rate of seed 003 二(一) ("相关数据指标采用最新数据，并对年底能否达到……目标值作出
 * 预判"): the latest data stand for the year-end value.
 */
export const HOLD_LATEST_DATA: ForecastRule = {
  methods: ['hold'],
  basis: {
    zh: '终期评估方案二(一)：“相关数据指标采用最新数据，并对年底能否达到目标值作出预判”——以最新数据作为年底预计值。',
    en: 'Final-evaluation scheme 二(一): "use the latest data and forecast whether the year-end target is met" — the latest value stands for year end.',
  },
};
