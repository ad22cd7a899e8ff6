/**
 * @module plans/shared/sme-rates
 * The four core rates of an SME assistance programme (帮扶企业申报率、检测率、体检率、培训率) and the
 * count of assisted SMEs, shared by the Henan, Yunnan and Yaohai packs.
 *
 * Cohort (denominator): employers with an `assistance` fact of the programme dated in the
 * evaluated period (from the period's first day to the reference date) that are active on the
 * reference date (the registry snapshot: deregistered employers and those suspended six months or
 * more are denominator exclusions, listed with their reason in the explanation).
 *
 * Numerators (date windows, a documented decision — the seeds give none):
 * - declaration: a `declaration` fact dated any time up to the reference date (declaring is a
 *   standing status: an SME that declared in 2023 has declared);
 * - testing: a `hazard-testing` fact with `programme: 'periodic'` (定期检测) dated in the period;
 * - health exam: a `health-exam` fact with at least one worker examined, dated in the period;
 * - training: a `training` fact dated in the period.
 */
import type { EmployerPredicate, FactTest, PlanInput, SourceRef } from '../../indicator/schema.js';

/** An indicator as written in a pack. */
export type PackIndicator = NonNullable<PlanInput['indicators']>[number];

/** Ids of the four core rates of assisted SMEs, in the order the seeds list them. */
export const SME_CORE_RATE_IDS = [
  'declarationRate',
  'testingRate',
  'healthExamRate',
  'trainingRate',
] as const;
/** One of the four core-rate ids. */
export type SmeCoreRateId = (typeof SME_CORE_RATE_IDS)[number];

/**
 * The assisted cohort of a programme: employers active on the reference date with an
 * `assistance` fact of `programme` in the period.
 * @example assistedCohort('yunnan-five-ones').cohort?.kind // 'assistance'
 */
export function assistedCohort(programme: string): EmployerPredicate {
  return {
    activeOn: 'reference-date',
    cohort: {
      kind: 'assistance',
      where: [{ field: 'programme', op: 'eq', value: programme }],
      window: 'period',
    },
  };
}

/** The numerator fact test of each core rate (see the module comment for the windows). */
export const SME_CORE_RATE_TESTS: Readonly<Record<SmeCoreRateId, FactTest>> = {
  declarationRate: { kind: 'declaration', window: 'to-date' },
  testingRate: {
    kind: 'hazard-testing',
    where: [{ field: 'programme', op: 'eq', value: 'periodic' }],
    window: 'period',
  },
  healthExamRate: {
    kind: 'health-exam',
    where: [{ field: 'workersExamined', op: 'gt', value: 0 }],
    window: 'period',
  },
  trainingRate: { kind: 'training', window: 'period' },
};

const LABELS: Record<SmeCoreRateId, { zh: string; en: string }> = {
  declarationRate: {
    zh: '帮扶企业职业病危害项目申报率',
    en: 'Occupational-hazard declaration rate of assisted SMEs',
  },
  testingRate: {
    zh: '帮扶企业工作场所职业病危害因素定期检测率',
    en: 'Periodic workplace hazard-testing rate of assisted SMEs',
  },
  healthExamRate: {
    zh: '帮扶企业职业健康检查开展率',
    en: 'Occupational health-examination rate of assisted SMEs',
  },
  trainingRate: {
    zh: '帮扶企业职业健康培训率',
    en: 'Occupational-health training rate of assisted SMEs',
  },
};

const NUMERATOR_LABELS: Record<SmeCoreRateId, { zh: string; en: string }> = {
  declarationRate: {
    zh: '截至基准日已申报职业病危害项目的帮扶企业数(家)',
    en: 'Assisted SMEs that have declared by the reference date',
  },
  testingRate: {
    zh: '期内开展工作场所职业病危害因素定期检测的帮扶企业数(家)',
    en: 'Assisted SMEs with periodic hazard testing in the period',
  },
  healthExamRate: {
    zh: '期内开展职业健康检查的帮扶企业数(家)',
    en: 'Assisted SMEs with occupational health exams in the period',
  },
  trainingRate: {
    zh: '期内开展职业健康培训的帮扶企业数(家)',
    en: 'Assisted SMEs with occupational-health training in the period',
  },
};

const NOTES: Record<SmeCoreRateId, { zh: string; en: string }> = {
  declarationRate: {
    zh: '分母为期内有本帮扶项目记录的企业；分子为其中截至基准日有申报记录者（申报不限于期内）。',
    en: 'Denominator: employers assisted under the programme in the period; numerator: those with a declaration dated up to the reference date (not only in the period).',
  },
  testingRate: {
    zh: '分母为期内有本帮扶项目记录的企业；分子为其中期内有定期检测（programme = periodic）记录者。',
    en: 'Denominator: employers assisted in the period; numerator: those with a periodic hazard-testing record (programme = periodic) in the period.',
  },
  healthExamRate: {
    zh: '分母为期内有本帮扶项目记录的企业；分子为其中期内有职业健康检查（受检人数 > 0）记录者。',
    en: 'Denominator: employers assisted in the period; numerator: those with a health-exam record (workers examined > 0) in the period.',
  },
  trainingRate: {
    zh: '分母为期内有本帮扶项目记录的企业；分子为其中期内有职业健康培训记录者。',
    en: 'Denominator: employers assisted in the period; numerator: those with a training record in the period.',
  },
};

/**
 * The four core-rate indicators over the cohort of `programme`, each citing `source`.
 * @example smeCoreRateIndicators('henan-six-ones', { doc: '豫卫职健〔2024〕7号', clause: '附件2 一' }).map((i) => i.id)
 * // ['declarationRate', 'testingRate', 'healthExamRate', 'trainingRate']
 */
export function smeCoreRateIndicators(programme: string, source: SourceRef): PackIndicator[] {
  const cohort = assistedCohort(programme);
  return SME_CORE_RATE_IDS.map((id) => ({
    id,
    label: LABELS[id],
    kind: 'proportion',
    numerator: {
      op: 'count-employers',
      where: { ...cohort, hasFact: [SME_CORE_RATE_TESTS[id]] },
    },
    denominator: { op: 'count-employers', where: cohort },
    numeratorLabel: NUMERATOR_LABELS[id],
    denominatorLabel: {
      zh: `期内帮扶企业数(家)（帮扶项目 ${programme}）`,
      en: `SMEs assisted in the period (programme ${programme})`,
    },
    unit: { zh: '%', en: '%' },
    levels: ['province', 'prefecture', 'county'],
    source,
    note: NOTES[id],
  }));
}

/**
 * "SMEs assisted": distinct employers with an `assistance` fact of `programme` in the period, by
 * the employer's region.
 */
export function smesAssistedIndicator(programme: string, source: SourceRef): PackIndicator {
  return {
    id: 'smesAssisted',
    label: { zh: '帮扶中小微企业数量', en: 'SMEs assisted' },
    kind: 'count',
    numerator: { op: 'count-employers', where: assistedCohort(programme) },
    numeratorLabel: {
      zh: `期内帮扶企业数(家)（帮扶项目 ${programme}）`,
      en: `SMEs assisted in the period (programme ${programme})`,
    },
    unit: { zh: '家', en: 'enterprises' },
    aggregation: 'sum',
    levels: ['province', 'prefecture', 'county'],
    source,
  };
}
