/**
 * @module plans/henan-three-actions/qc-candidates
 * 001 附件3 二(三)3: "省级按照每年不少于50%的比例，从最近年度新备案的、上一年度省级质控结果为
 * “不合格”的、疑似职业病或者职业禁忌证检出率低于全省平均水平50%以上的、对外提供职业健康检查服务
 * 的市级质控机构及有重大投诉举报线索需核实的、拒不参加全省能力比对的机构中选择省级质控对象" — the
 * health-exam institutions that qualify as provincial QC objects in a year, each with the reasons
 * it qualifies, and how many the province must select (≥ 50 % of all health-exam institutions).
 */
import { Decimal } from 'decimal.js';
import type { IsoDate } from '../../date/index.js';
import type { Bilingual, SourceRef } from '../../indicator/schema.js';
import type { Label } from '../../region/index.js';
import type { Store } from '../../store/port.js';
import { pageAll } from '../../store/workflow.js';
import { henanSource } from './indicators.js';

/** The six grounds of 二(三)3, in the clause's order. */
export const QC_CANDIDATE_REASONS = [
  'newly-filed',
  'failed-provincial-qc',
  'low-detection-rate',
  'prefecture-qc-centre',
  'major-complaint',
  'refused-comparison',
] as const;
/** One ground of 二(三)3. */
export type QcCandidateReason = (typeof QC_CANDIDATE_REASONS)[number];

/** The clause's words for each ground, with the reading the query applies. */
export const QC_CANDIDATE_REASON_LABELS: Readonly<Record<QcCandidateReason, Bilingual>> = {
  'newly-filed': {
    zh: '最近年度新备案的（备案日期在上一年1月1日至基准日之间）',
    en: 'newly filed in the most recent year (filed from 1 January of last year to the reference date)',
  },
  'failed-provincial-qc': {
    zh: '上一年度省级质控结果为“不合格”的',
    en: 'failed the provincial QC of last year',
  },
  'low-detection-rate': {
    zh: '疑似职业病或者职业禁忌证检出率低于全省平均水平50%以上的（上一年度，低于全省平均值的一半）',
    en: 'suspected-OD or contraindication detection rate more than 50 % below the provincial average (last year: under half the average)',
  },
  'prefecture-qc-centre': {
    zh: '对外提供职业健康检查服务的市级质控机构',
    en: 'a prefecture QC centre that also examines workers for employers',
  },
  'major-complaint': {
    zh: '有重大投诉举报线索需核实的（未核实的重大投诉举报）',
    en: 'a major complaint or lead to verify (not yet investigated)',
  },
  'refused-comparison': {
    zh: '拒不参加全省能力比对的',
    en: 'refused the province-wide proficiency comparison',
  },
};

/** One ground an institution qualifies on, with the figures or records behind it. */
export interface QcCandidateGround {
  /** The ground. */
  readonly reason: QcCandidateReason;
  /** The clause's words for it. */
  readonly label: Bilingual;
  /** What in the data meets it (a date, a fact id, the rates compared). */
  readonly detail: string;
}

/** An institution that qualifies as a provincial QC object. */
export interface QcCandidate {
  /** The institution id. */
  readonly institution: string;
  /** Its name. */
  readonly name: Label;
  /** Its region. */
  readonly region: string;
  /** Every ground it qualifies on, in the clause's order. */
  readonly reasons: readonly QcCandidateGround[];
}

/** A detection rate of last year's examinations. */
export interface DetectionRate {
  /** Suspected occupational-disease cases found. */
  readonly suspected: number;
  /** Occupational contraindications found. */
  readonly contraindications: number;
  /** Workers examined. */
  readonly examined: number;
}

/** The candidate list of one year. */
export interface QcCandidates {
  /** The selection year. */
  readonly year: number;
  /** The day the records are read to. */
  readonly asOf: IsoDate;
  /** Health-exam institutions of the province (the 50 % base). */
  readonly institutions: number;
  /** Provincial QC objects to select at least: ⌈50 % × institutions⌉. */
  readonly required: number;
  /** The province's detection figures of last year (all its health-exam facts). */
  readonly provincialDetection: DetectionRate;
  /** The qualifying institutions, ordered by region then id. */
  readonly candidates: readonly QcCandidate[];
  /** The clause. */
  readonly source: SourceRef;
}

/** What the registry does not record, given by the caller. */
export interface QcCandidateOptions {
  /** Read records to this day (default 31 December of the year). */
  readonly asOf?: IsoDate;
  /** Ids of the institutions designated 市级质控机构 (a designation the registry does not hold). */
  readonly prefectureQcCentres?: readonly string[];
  /** Ids of the institutions that refused the province-wide proficiency comparison. */
  readonly refusedComparison?: readonly string[];
}

/** The clause the query implements. */
export const HENAN_QC_CANDIDATE_SOURCE: SourceRef = henanSource(
  '附件3 二(三)3',
  '省级按照每年不少于50%的比例，从最近年度新备案的、上一年度省级质控结果为“不合格”的、疑似职业病或者职业禁忌证检出率低于全省平均水平50%以上的、对外提供职业健康检查服务的市级质控机构及有重大投诉举报线索需核实的、拒不参加全省能力比对的机构中选择省级质控对象',
);

const HENAN = '410000';

function rateText(n: number, d: number): string {
  return d === 0 ? '—' : new Decimal(n).div(d).times(100).toDecimalPlaces(2).toFixed();
}

/**
 * The provincial QC candidates of 001 附件3 二(三)3 for `year`: every health-exam institution
 * (type `health-exam`) registered in 河南省 that qualifies on at least one ground, each ground with
 * its evidence. Readings: "最近年度新备案" — `filing.grantedOn` from 1 January of `year − 1` to
 * `asOf`; "上一年度省级质控结果为不合格" — a `qc-activity` fact of level `province`, result `fail`,
 * dated in `year − 1`; the detection rates — last year's `health-exam` facts, suspected cases and
 * contraindications each ÷ workers examined, an institution qualifying when either rate is under
 * half the province's (ratio of sums over all Henan facts; an institution that examined nobody has
 * no rate); "重大投诉举报线索需核实" — a `complaint` fact naming the institution, `major: true`,
 * `investigated: false`, dated from 1 January of `year − 1` to `asOf`. 市级质控机构 and refusals
 * of the comparison are not in the registry and come from `options`.
 * @example
 * ```ts fragment
 * const { candidates, required } = await henanQcCandidates(store, 2025, { prefectureQcCentres: ['zz-qc'] });
 * for (const c of candidates) console.log(c.institution, c.reasons.map((r) => r.reason).join());
 * ```
 */
export async function henanQcCandidates(
  store: Store,
  year: number,
  options: QcCandidateOptions = {},
): Promise<QcCandidates> {
  const asOf = options.asOf ?? `${year}-12-31`;
  const lastYearStart = `${year - 1}-01-01`;
  const lastYearEnd = `${year - 1}-12-31`;
  const tree = await store.regionTree();
  const inHenan = (code: string) => Boolean(tree?.has(code) && tree.isWithin(code, HENAN));
  const all = tree?.has(HENAN) ? await pageAll(store, 'institutions', { region: HENAN }) : [];
  const exam = all.filter((i) => i.types.includes('health-exam') && inHenan(i.region));
  const facts = tree?.has(HENAN)
    ? await store.listFacts({
        region: HENAN,
        kinds: ['qc-activity', 'health-exam', 'complaint'],
        from: lastYearStart,
        to: asOf,
      })
    : [];
  const province = { suspected: 0, contraindications: 0, examined: 0 };
  const byInstitution = new Map<string, { suspected: number; contra: number; examined: number }>();
  const grounds = new Map<string, QcCandidateGround[]>();
  const add = (id: string, reason: QcCandidateReason, detail: string) => {
    const list = grounds.get(id) ?? [];
    if (!list.some((g) => g.reason === reason))
      list.push({ reason, label: QC_CANDIDATE_REASON_LABELS[reason], detail });
    grounds.set(id, list);
  };
  for (const f of facts) {
    if (f.kind === 'health-exam' && f.date <= lastYearEnd) {
      province.suspected += f.suspectedCases;
      province.contraindications += f.contraindications;
      province.examined += f.workersExamined;
      if (f.institution === undefined) continue;
      const e = byInstitution.get(f.institution) ?? { suspected: 0, contra: 0, examined: 0 };
      e.suspected += f.suspectedCases;
      e.contra += f.contraindications;
      e.examined += f.workersExamined;
      byInstitution.set(f.institution, e);
    } else if (
      f.kind === 'qc-activity' &&
      f.date <= lastYearEnd &&
      f.level === 'province' &&
      f.result === 'fail' &&
      f.institutionType !== 'tech-service'
    ) {
      add(f.institution, 'failed-provincial-qc', `qc-activity ${f.id} (${f.date})`);
    } else if (
      f.kind === 'complaint' &&
      f.institution !== undefined &&
      f.major === true &&
      !f.investigated
    ) {
      add(f.institution, 'major-complaint', `complaint ${f.id} (${f.date})`);
    }
  }
  const centres = new Set(options.prefectureQcCentres ?? []);
  const refused = new Set(options.refusedComparison ?? []);
  const half = (n: number) => new Decimal(n).div(province.examined).div(2);
  for (const i of exam) {
    const filed = i.filing?.grantedOn;
    if (filed !== undefined && filed >= lastYearStart && filed <= asOf)
      add(i.id, 'newly-filed', `filed ${filed}`);
    const e = byInstitution.get(i.id);
    if (e && e.examined > 0 && province.examined > 0) {
      const low: string[] = [];
      if (new Decimal(e.suspected).div(e.examined).lt(half(province.suspected)))
        low.push(
          `suspected ${rateText(e.suspected, e.examined)} % < ½ × ${rateText(province.suspected, province.examined)} %`,
        );
      if (new Decimal(e.contra).div(e.examined).lt(half(province.contraindications)))
        low.push(
          `contraindications ${rateText(e.contra, e.examined)} % < ½ × ${rateText(province.contraindications, province.examined)} %`,
        );
      if (low.length > 0) add(i.id, 'low-detection-rate', low.join('; '));
    }
    if (centres.has(i.id)) add(i.id, 'prefecture-qc-centre', 'designated 市级质控机构');
    if (refused.has(i.id)) add(i.id, 'refused-comparison', 'refused the comparison');
  }
  const order = (r: QcCandidateReason) => QC_CANDIDATE_REASONS.indexOf(r);
  const candidates: QcCandidate[] = exam
    .filter((i) => grounds.has(i.id))
    .map((i) => ({
      institution: i.id,
      name: i.name,
      region: i.region,
      reasons: [...grounds.get(i.id)!].sort((a, b) => order(a.reason) - order(b.reason)),
    }))
    .sort((a, b) =>
      a.region < b.region ? -1 : a.region > b.region ? 1 : a.institution < b.institution ? -1 : 1,
    );
  return {
    year,
    asOf,
    institutions: exam.length,
    required: Math.ceil(exam.length / 2),
    provincialDetection: province,
    candidates,
    source: HENAN_QC_CANDIDATE_SOURCE,
  };
}
