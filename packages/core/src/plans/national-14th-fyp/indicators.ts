/**
 * @module plans/national-14th-fyp/indicators
 * Indicators of the national occupational-disease prevention plan 2021–2025 (国卫职健发〔2021〕39号).
 * The plan text is **not in the seeds**; its indicators are operationalised by the quantitative
 * indicator survey table of the final evaluation (seed 003 附件1 附表), so the definitions and data
 * elements are those of the Yongqing pack, each citing its survey row.
 */
import type { SourceRef } from '../../indicator/schema.js';
import {
  dataElements as surveyDataElements,
  indicators as surveyIndicators,
} from '../yongqing-final-evaluation/indicators.js';

/** Document number of the national plan. */
export const NATIONAL_DOC = '国卫职健发〔2021〕39号';

/** Title of the national plan. */
export const NATIONAL_TITLE = '国家职业病防治规划（2021—2025年）';

/**
 * A citation of the national plan text. It carries no `seed`: the plan is not among the seed
 * documents, so a figure citing it has not been checked against a source text.
 */
export function nationalSource(clause: string): SourceRef {
  return { doc: NATIONAL_DOC, clause };
}

/** Data elements (the survey table's sub-items and row 1). */
export const dataElements = surveyDataElements;

/** Indicators (the survey table's rows 1–6 and 8–10). */
export const indicators = surveyIndicators;
