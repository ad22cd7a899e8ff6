/**
 * @module plans/shared/sme-rates
 * The four core rates of an SME assistance programme (帮扶企业申报率、检测率、体检率、培训率) and the
 * count of assisted SMEs, shared by the Henan, Yunnan and Yaohai packs.
 *
 * Only 中小微企业 count (seeds 001 附件2 and 004 cover SMEs only; 统计上大中小微型企业划分办法
 * 2017): a large enterprise with an assistance record is excluded by size everywhere here.
 *
 * Two cohorts, because the seeds state two different things:
 * - the yearly count ("每年每县…帮扶中小微企业数量不少于20家", 001 附件2 一 / 004 一) counts SMEs
 *   with an `assistance` fact of the programme dated in the evaluated period (per year);
 * - the end-of-programme rates ("2025年底，被帮扶企业的申报率…均达到100%") concern every SME
 *   assisted under the programme (2024–2025) up to the reference date, whatever the year of its
 *   assistance record.
 * Both keep only employers active on the reference date (deregistered employers and those
 * suspended more than six months are denominator exclusions, listed with their reason).
 *
 * Numerators (date windows; the seeds name the rates, the windows follow the rules they rest on):
 * - declaration: a `declaration` fact dated any time up to the reference date (declaring is a
 *   standing status: an SME that declared in 2023 has declared);
 * - testing: a `hazard-testing` fact of a counted programme dated within the 12 months up to the
 *   reference date for a 严重 (severe) class employer, within the 36 months for any other
 *   (工作场所职业卫生管理规定 第二十条: 一般 class at least every three years; 第二十一条: 严重 class every
 *   year); "within n months" is from `addMonths(referenceDate, −n)` through the reference date,
 *   both days included. Counted programmes: `periodic` (定期检测), plus `monitoring` where the seed
 *   makes government monitoring part of the assistance (Henan 六个一 item 5 组织一轮职业病危害因素
 *   检（监）测; Yunnan 五个一 item 1 为其开展工作场所职业病危害因素检测);
 * - health exam: a `health-exam` fact with at least one worker examined, dated in the period;
 * - training: a `training` fact dated in the period.
 */
import type {
  EmployerPredicate,
  Expression,
  FactTest,
  PlanInput,
  SourceRef,
} from '../../indicator/schema.js';

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

/** The size classes of 中小微企业 (统计上大中小微型企业划分办法 2017). */
export const SME_SIZES = ['medium', 'small', 'micro'] as const;

/**
 * The SMEs assisted under `programme`, active on the reference date: with an `assistance` fact of
 * the programme dated in the period (`window: 'period'`, the default: the yearly count), or dated
 * any time up to the reference date (`'to-date'`: everyone the programme has assisted, the cohort
 * of the end-of-programme rates).
 * @example assistedCohort('yunnan-five-ones').sizes // ['medium', 'small', 'micro']
 */
export function assistedCohort(
  programme: string,
  window: 'period' | 'to-date' = 'period',
): EmployerPredicate {
  return {
    activeOn: 'reference-date',
    sizes: [...SME_SIZES],
    cohort: {
      kind: 'assistance',
      where: [{ field: 'programme', op: 'eq', value: programme }],
      window,
    },
  };
}

/** Hazard-testing programmes counted by default: the employer's own periodic testing (定期检测). */
export const DEFAULT_TESTING_PROGRAMMES: readonly string[] = ['periodic'];

/** Months within which a periodic test counts, by hazard class (工作场所职业卫生管理规定 第二十、二十一条). */
export const TESTING_INTERVAL_MONTHS = { severe: 12, other: 36 } as const;

/**
 * The numerator fact tests of each core rate (see the module comment for the windows); the
 * testing rate has two, one per hazard class, see {@link smeTestingNumerator}.
 */
export function smeCoreRateTests(
  testingProgrammes: readonly string[] = DEFAULT_TESTING_PROGRAMMES,
): Readonly<Record<SmeCoreRateId, readonly FactTest[]>> {
  const testing = (withinMonths: number): FactTest => ({
    kind: 'hazard-testing',
    where: [{ field: 'programme', op: 'in', value: [...testingProgrammes] }],
    withinMonths,
  });
  return {
    declarationRate: [{ kind: 'declaration', window: 'to-date' }],
    testingRate: [testing(TESTING_INTERVAL_MONTHS.severe), testing(TESTING_INTERVAL_MONTHS.other)],
    healthExamRate: [
      {
        kind: 'health-exam',
        where: [{ field: 'workersExamined', op: 'gt', value: 0 }],
        window: 'period',
      },
    ],
    trainingRate: [{ kind: 'training', window: 'period' }],
  };
}

/**
 * The testing-rate numerator over `cohort`: severe-class employers with a counted test within 12
 * months plus all other employers with one within 36 months.
 */
export function smeTestingNumerator(
  cohort: EmployerPredicate,
  testingProgrammes: readonly string[] = DEFAULT_TESTING_PROGRAMMES,
): Expression {
  const [severe, other] = smeCoreRateTests(testingProgrammes).testingRate as [FactTest, FactTest];
  return {
    op: 'add',
    terms: [
      {
        op: 'count-employers',
        where: { ...cohort, hazardLevels: ['severe'], hasFact: [severe] },
      },
      {
        op: 'count-employers',
        where: { ...cohort, hazardLevels: ['general', 'none'], hasFact: [other] },
      },
    ],
  };
}

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
    zh: '按期开展工作场所职业病危害因素定期检测的帮扶企业数(家)（严重类12个月内、其他36个月内）',
    en: 'Assisted SMEs tested on schedule (severe class within 12 months, others within 36)',
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

const COHORT_NOTE = {
  zh: '分母为截至基准日在本帮扶项目中被帮扶、基准日在营的中小微企业（不限帮扶记录年份）',
  en: 'Denominator: SMEs assisted under the programme up to the reference date (any year of the programme) and active on it',
};

const NOTES: Record<SmeCoreRateId, { zh: string; en: string }> = {
  declarationRate: {
    zh: `${COHORT_NOTE.zh}；分子为其中截至基准日有申报记录者（申报不限于期内）。`,
    en: `${COHORT_NOTE.en}; numerator: those with a declaration dated up to the reference date (not only in the period).`,
  },
  testingRate: {
    zh: `${COHORT_NOTE.zh}；分子为其中职业病危害严重的企业在基准日前12个月内、其他企业在基准日前36个月内（含两端日期）有定期检测记录者（工作场所职业卫生管理规定第二十、二十一条）。`,
    en: `${COHORT_NOTE.en}; numerator: those with a periodic test dated within the 12 months (severe hazard class) or 36 months (other classes) up to the reference date, both ends included (Workplace Occupational Health Management Provisions arts. 20, 21).`,
  },
  healthExamRate: {
    zh: `${COHORT_NOTE.zh}；分子为其中期内有职业健康检查（受检人数 > 0）记录者。`,
    en: `${COHORT_NOTE.en}; numerator: those with a health-exam record (workers examined > 0) in the period.`,
  },
  trainingRate: {
    zh: `${COHORT_NOTE.zh}；分子为其中期内有职业健康培训记录者。`,
    en: `${COHORT_NOTE.en}; numerator: those with a training record in the period.`,
  },
};

/** Options of {@link smeCoreRateIndicators}. */
export interface SmeCoreRateOptions {
  /** Hazard-testing programmes that count for the testing rate (default: `periodic` only). */
  readonly testingProgrammes?: readonly string[];
}

/**
 * The four core-rate indicators over the whole programme cohort of `programme`, each citing
 * `source`.
 * @example smeCoreRateIndicators('henan-six-ones', { doc: '豫卫职健〔2024〕7号', clause: '附件2 一' }).map((i) => i.id)
 * // ['declarationRate', 'testingRate', 'healthExamRate', 'trainingRate']
 */
export function smeCoreRateIndicators(
  programme: string,
  source: SourceRef,
  options: SmeCoreRateOptions = {},
): PackIndicator[] {
  const cohort = assistedCohort(programme, 'to-date');
  const tests = smeCoreRateTests(options.testingProgrammes);
  return SME_CORE_RATE_IDS.map((id) => ({
    id,
    label: LABELS[id],
    kind: 'proportion',
    numerator:
      id === 'testingRate'
        ? smeTestingNumerator(cohort, options.testingProgrammes)
        : { op: 'count-employers', where: { ...cohort, hasFact: [...tests[id]] } },
    denominator: { op: 'count-employers', where: cohort },
    numeratorLabel: NUMERATOR_LABELS[id],
    denominatorLabel: {
      zh: `截至基准日帮扶的中小微企业数(家)（帮扶项目 ${programme}）`,
      en: `SMEs assisted up to the reference date (programme ${programme})`,
    },
    unit: { zh: '%', en: '%' },
    levels: ['province', 'prefecture', 'county'],
    source,
    note: NOTES[id],
  }));
}

/**
 * "SMEs assisted": distinct SMEs with an `assistance` fact of `programme` in the period (the
 * yearly count), by the employer's region.
 * @internal
 */
export function smesAssistedIndicator(programme: string, source: SourceRef): PackIndicator {
  return {
    id: 'smesAssisted',
    label: { zh: '帮扶中小微企业数量', en: 'SMEs assisted' },
    kind: 'count',
    numerator: { op: 'count-employers', where: assistedCohort(programme) },
    numeratorLabel: {
      zh: `期内帮扶中小微企业数(家)（帮扶项目 ${programme}）`,
      en: `SMEs assisted in the period (programme ${programme})`,
    },
    unit: { zh: '家', en: 'enterprises' },
    aggregation: 'sum',
    levels: ['province', 'prefecture', 'county'],
    source,
  };
}
