/**
 * @module plans/shared/cite
 * One citation helper for every pack: indicators, targets, checklists and calendars of a pack cite
 * the same document the same way.
 */

/** A citation of a seed document's clause (fits both `SourceRef` and `CalendarSource`). */
export interface SeedCitation {
  readonly doc: string;
  readonly clause: string;
  readonly seed: string;
  readonly quote?: string;
}

/**
 * A citer for one source document.
 * For example `citeSeed('豫卫职健〔2024〕7号', '001')('附件1 一')` cites clause 附件1 一 of seed 001.
 */
export function citeSeed(
  doc: string,
  seed: string,
): (clause: string, quote?: string) => SeedCitation {
  return (clause, quote) =>
    quote === undefined ? { doc, clause, seed } : { doc, clause, seed, quote };
}
