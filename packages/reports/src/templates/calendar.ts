/**
 * @module templates/calendar
 * The obligations calendar: each reporting deadline from `obligationsDue()` with its status —
 * 待报 due, 按时 on time, 逾期 late, 未报 missing — from the dates the caller says were submitted.
 */
import type { IsoDate, ObligationInstance } from '@occhealth/core';
import { defineTable, type Lang, type Table, type Text, textIn } from '../model.js';

/** A submission's status against its deadline. */
export type SubmissionStatus = 'due' | 'on-time' | 'late' | 'missing';

/** Labels of {@link SubmissionStatus}. */
export const SUBMISSION_STATUS_TEXT: Record<SubmissionStatus, Text> = {
  due: { zh: '待报', en: 'due' },
  'on-time': { zh: '按时', en: 'on time' },
  late: { zh: '逾期', en: 'late' },
  missing: { zh: '未报', en: 'missing' },
};

/** Options of {@link obligationsTable}. */
export interface ObligationsTableOptions {
  /** Submission dates by `obligationId|period` (see {@link obligationKey}). */
  readonly submitted?: Readonly<Record<string, IsoDate>>;
  /** Today's date in China time (`YYYY-MM-DD`): an unsubmitted item past it is missing. */
  readonly today?: IsoDate;
  /** Language of statuses in the cells (default `both`). */
  readonly lang?: Lang;
  /** Title (default 报送时限 / Reporting deadlines). */
  readonly title?: Text;
}

/**
 * The key of an obligation instance in {@link ObligationsTableOptions.submitted}.
 * @example obligationKey({ obligationId: 'henan.db-supplement-quarterly', period: '2025Q1' }) // 'henan.db-supplement-quarterly|2025Q1'
 */
export function obligationKey(
  instance: Pick<ObligationInstance, 'obligationId' | 'period'>,
): string {
  return `${instance.obligationId}|${instance.period}`;
}

/**
 * The status of one instance: submitted on or before the deadline is on time, after it late;
 * unsubmitted is missing once `today` is past the deadline, else due. Dates compare as strings.
 * @example submissionStatus('2025-05-10', '2025-05-12', undefined) // 'late'
 */
export function submissionStatus(
  deadline: IsoDate,
  submitted: IsoDate | undefined,
  today: IsoDate | undefined,
): SubmissionStatus {
  if (submitted !== undefined) return submitted <= deadline ? 'on-time' : 'late';
  return today !== undefined && today > deadline ? 'missing' : 'due';
}

/**
 * The calendar of `obligationsDue()`'s instances: deadline, obligation, period, source and — when
 * submission dates or today are given — submitted date and status.
 * @example
 * ```ts
 * const instances = obligationsDue(henanThreeActions, 'prefecture', '2025-01-01', '2025-12-31');
 * const text = renderText(obligationsTable(instances));
 * console.log(text.includes('2025-03-30')); // the 2025Q1 database supplement (seed 001: 每个季度最后一个月30日前)
 * // → true
 * ```
 */
export function obligationsTable(
  instances: readonly ObligationInstance[],
  options: ObligationsTableOptions = {},
): Table {
  const lang = options.lang ?? 'both';
  const tracked = options.submitted !== undefined || options.today !== undefined;
  return defineTable({
    id: 'obligations',
    title: options.title ?? { zh: '报送时限', en: 'Reporting deadlines' },
    columns: [
      { id: 'deadline', label: { zh: '截止', en: 'due' }, type: { kind: 'date' } },
      { id: 'obligation', label: { zh: '事项', en: 'obligation' }, type: { kind: 'text' } },
      { id: 'source', label: { zh: '依据', en: 'source' }, type: { kind: 'text' } },
      ...(tracked
        ? [
            {
              id: 'submitted',
              label: { zh: '报送日期', en: 'submitted' },
              type: { kind: 'date' },
            } as const,
            { id: 'status', label: { zh: '状态', en: 'status' }, type: { kind: 'text' } } as const,
          ]
        : []),
    ],
    rows: instances.map((i) => {
      const submitted = options.submitted?.[obligationKey(i)];
      return {
        cells: {
          deadline: i.deadline,
          obligation: i.obligation.label.zh,
          source: i.obligation.source.clause ?? i.obligation.source.doc,
          ...(tracked
            ? {
                submitted: submitted ?? null,
                status: textIn(
                  SUBMISSION_STATUS_TEXT[submissionStatus(i.deadline, submitted, options.today)],
                  lang,
                ),
              }
            : {}),
        },
      };
    }),
  });
}
