/**
 * @module demo/model
 * The generative model of the synthetic dataset: the national county list with skewed employer
 * weights, one employer from its (seed, index), and the facts of one employer over the years.
 * Every draw comes from an {@link Rng} keyed by (seed, stream, index), so any employer and its
 * facts can be regenerated alone, in any order, and the same seed always gives the same data.
 *
 * Rates are calibrated on DOMAIN.md §2.5 / §3 (seed 002 and 004): declaration 87–95 %, training
 * ≈ 90 %, health exams ≈ 62–78 %, monitoring pass ≈ 90–95 %, rectification ≈ 86 %, ≥ 20 assisted
 * SMEs per county per year in 2024–2025.
 */
import { addDays } from '../date/index.js';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
  type SizeClass,
} from '../employer/index.js';
import type { Region } from '../region/index.js';
import { type DemoIndustry, INDUSTRIES } from './industries.js';
import { cumulative, Rng } from './prng.js';

/** Random streams (one per purpose) so that draws never interleave between purposes. */
export const STREAM = { county: 1, employer: 2, facts: 3 } as const;

/** Assistance programme id written on assistance facts (the Yunnan pack's, applied nationally). */
export const ASSISTANCE_PROGRAMME = 'yunnan-five-ones';

/** Assisted SMEs aimed at per county per year (seed 004: ≥ 20; 附表1 averages 21.6). */
export const ASSISTED_PER_COUNTY = 24;

/**
 * Cap on the yearly chance that an eligible SME is enrolled, so that at small sizes the assisted
 * cohort does not swallow the whole population (≥ 20 per county is then reached only at national
 * size, where counties hold ~300 employers).
 */
const MAX_ASSIST_CHANCE = 0.3;

/** Years facts are generated for. */
export const FIRST_YEAR = 2021;
/** Last year of facts. */
export const LAST_YEAR = 2025;

/** Share of an industry's employers that have hazard factors, by its hazard class (before scaling). */
const FACTOR_SHARE = { severe: 0.95, general: 0.55, none: 0.04 } as const;

/** Size mix: micro ≫ small > medium > large. */
const SIZES: readonly SizeClass[] = ['micro', 'small', 'medium', 'large'];
const SIZE_CUM = cumulative([0.7, 0.23, 0.055, 0.015]);

const INDUSTRY_CUM = cumulative(INDUSTRIES.map((i) => i.weight));

/** Provinces with more (or fewer) employers than their county count alone gives. */
const PROVINCE_FACTOR: Readonly<Record<string, number>> = {
  '32': 3, // 江苏
  '33': 2.6, // 浙江
  '44': 2.8, // 广东
  '37': 2, // 山东
  '35': 1.6, // 福建
  '41': 1.5, // 河南
  '13': 1.4, // 河北
  '31': 2.5, // 上海
  '11': 1.8, // 北京
  '12': 1.6, // 天津
  '54': 0.15, // 西藏
  '63': 0.3, // 青海
  '65': 0.5, // 新疆
  '15': 0.6, // 内蒙古
};

const BRAND = '宏达鑫盛华兴隆源泰丰恒昌永利通瑞祥安鼎佳德信诚金海天宇东方明新辉远';

// Year-by-year rates among employers with hazard factors (index 0 = 2021).
const DECLARED_BY_YEAR_END = [0.76, 0.8, 0.83, 0.86, 0.88];
const TESTING = [0.68, 0.71, 0.73, 0.75, 0.77];
const EXAM = [0.58, 0.61, 0.64, 0.67, 0.7];
const TRAINING = [0.76, 0.79, 0.82, 0.85, 0.87];
const POST_PASS = [0.88, 0.89, 0.9, 0.91, 0.92];
const RECTIFIED = [0.83, 0.845, 0.86, 0.87, 0.885];

/** A county with its share of employers. */
export interface County {
  /** The county's division code. */
  readonly code: string;
  /** The county's Chinese name. */
  readonly name: string;
  /** Relative share of the employers (seeded, skewed). */
  readonly weight: number;
}

/** Everything the per-record functions need, built once per run. */
export interface Model {
  /** Seed of every random draw. */
  readonly seed: number;
  /** Employers to generate. */
  readonly employers: number;
  /** The counties employers are spread over. */
  readonly counties: readonly County[];
  /** Cumulative county weights, for drawing an employer's county. */
  readonly countyCum: Float64Array;
  /** Multiplier on the hazard-factor share by industry class (calibrated so the fact count meets its target). */
  readonly factorScale: number;
  /** Mean extra exam / training sessions per such fact (when the fact target needs them). */
  readonly extraSessions: number;
  /** Chance per year that an eligible SME of county `i` is enrolled in assistance. */
  readonly assistChance: Float64Array;
  /** Day strings from 1990-01-01. */
  readonly days: readonly string[];
}

/** Day number (from 1990-01-01) of January 1st of `year`. */
function yearStart(year: number): number {
  return Math.round((Date.UTC(year, 0, 1) - Date.UTC(1990, 0, 1)) / 86_400_000);
}

let dayTable: string[] | undefined;
function days(): string[] {
  if (!dayTable) {
    dayTable = [];
    let d = '1990-01-01';
    const end = yearStart(2027);
    for (let i = 0; i < end; i++) {
      dayTable.push(d);
      d = addDays(d, 1);
    }
  }
  return dayTable;
}

/**
 * Counties of a region list with seeded, skewed (log-normal × province) employer weights.
 * @example
 * ```ts
 * const counties = countiesOf(chinaRegions().filter((r) => r.code.startsWith('53')), 1);
 * console.log(counties.length > 100, counties.every((c) => c.code.startsWith('53') && c.weight > 0));
 * // → true true
 * ```
 */
export function countiesOf(regions: readonly Region[], seed: number): County[] {
  return regions
    .filter((r) => r.level === 'county')
    .map((r, i) => {
      const rng = new Rng(seed, STREAM.county, i);
      const urban = r.name.zh.endsWith('区') ? 1.6 : 1;
      const factor = PROVINCE_FACTOR[r.code.slice(0, 2)] ?? 1;
      return {
        code: r.code,
        name: r.name.zh,
        weight: Math.exp(0.9 * rng.normal()) * urban * factor,
      };
    });
}

/**
 * Build the model for `employers` employers with a given calibration.
 * @example
 * ```ts
 * const counties = countiesOf(chinaRegions(), 1);
 * const model = buildModel(counties, { seed: 1, employers: 100, factorScale: 1, extraSessions: 0 });
 * console.log(model.counties.length === counties.length, model.seed);
 * // → true 1
 * ```
 */
export function buildModel(
  counties: readonly County[],
  options: { seed: number; employers: number; factorScale: number; extraSessions: number },
): Model {
  const countyCum = cumulative(counties.map((c) => c.weight));
  const total = countyCum[countyCum.length - 1]!;
  // Expected share of employers that are SMEs with hazard factors.
  let hazardShare = 0;
  for (const ind of INDUSTRIES)
    hazardShare +=
      (ind.weight / 1000) * Math.min(1, FACTOR_SHARE[ind.hazardLevel] * options.factorScale);
  const smeHazardShare = hazardShare * (1 - 0.015) * 0.9; // ~10 % are not operating in a given year
  const assistChance = new Float64Array(counties.length);
  counties.forEach((c, i) => {
    const expected = (options.employers * c.weight * smeHazardShare) / total;
    assistChance[i] =
      expected > 0 ? Math.min(MAX_ASSIST_CHANCE, ASSISTED_PER_COUNTY / expected) : 0;
  });
  return { ...options, counties, countyCum, assistChance, days: days() };
}

/** One generated employer, with the latent traits its facts depend on. */
export interface GenEmployer {
  /** Position in the generated list (its random stream). */
  readonly index: number;
  /** A valid unified social credit code. */
  readonly creditCode: string;
  /** A generated Chinese company name. */
  readonly name: string;
  /** Index of its county in {@link Model.counties}. */
  readonly countyIndex: number;
  /** Its county's code. */
  readonly region: string;
  /** Its industry class. */
  readonly industry: DemoIndustry;
  /** Its size class. */
  readonly size: SizeClass;
  /** Number of employees. */
  readonly employees: number;
  /** Hazard factors present (empty when none). */
  readonly hazardFactors: readonly string[];
  /** Registration day number. */
  readonly registered: number;
  /** Suspension: [from, to) day numbers (`to` = Infinity when not resumed), or undefined. */
  readonly suspended?: readonly [number, number];
  /** Deregistration day number, or undefined. */
  readonly deregistered?: number;
  /** Compliance propensity in [0, 1). */
  readonly propensity: number;
  /** Uniform draw deciding the year of first declaration. */
  readonly declareDraw: number;
  /** Share of employees exposed to hazards. */
  readonly exposedShare: number;
}

const ORG_SPACE = 31 ** 9;

/**
 * The nine-character organisation code of employer `index` (unique for index < 10 million).
 * @example organisationCode(1) !== organisationCode(2) && organisationCode(1).length === 9 // true
 */
export function organisationCode(index: number): string {
  let n = (index * 2_345_677 + 123_456_789) % ORG_SPACE;
  let s = '';
  for (let k = 0; k < 9; k++) {
    s = CREDIT_CODE_CHARSET[n % 31]! + s;
    n = Math.floor(n / 31);
  }
  return s;
}

/**
 * A valid credit code of an enterprise (`91`) registered in `region`.
 * @example isValidCreditCode(creditCodeFor('530102', 42)) // true (GB 32100-2015 check character)
 */
export function creditCodeFor(region: string, index: number): string {
  const first17 = `91${region}${organisationCode(index)}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

/**
 * Generate employer `index`.
 * @example
 * ```ts
 * const model = buildModel(countiesOf(chinaRegions(), 1), { seed: 1, employers: 100, factorScale: 1, extraSessions: 0 });
 * const e = makeEmployer(model, 7);
 * console.log(isValidCreditCode(e.creditCode), makeEmployer(model, 7).creditCode === e.creditCode);
 * // → true true
 * ```
 */
export function makeEmployer(model: Model, index: number): GenEmployer {
  const rng = new Rng(model.seed, STREAM.employer, index);
  const countyIndex = rng.pickCumulative(model.countyCum);
  const county = model.counties[countyIndex]!;
  const industry = INDUSTRIES[rng.pickCumulative(INDUSTRY_CUM)]!;
  const size = SIZES[rng.pickCumulative(SIZE_CUM)]!;
  const employees =
    size === 'micro'
      ? rng.int(2, 19)
      : size === 'small'
        ? rng.int(20, 299)
        : size === 'medium'
          ? rng.int(300, 999)
          : rng.int(1000, 8000);
  const hasFactors = rng.chance(
    Math.min(1, FACTOR_SHARE[industry.hazardLevel] * model.factorScale),
  );
  let hazardFactors: string[] = [];
  if (hasFactors && industry.factors.length > 0) {
    const n = Math.min(industry.factors.length, 1 + rng.binomial(3, 0.4));
    hazardFactors = industry.factors.slice(0, n);
  } else if (hasFactors) {
    hazardFactors = ['噪声'];
  }
  // Registration: most employers are older than the plan period; a tail registers during it.
  const age = Math.min(30, -Math.log(1 - rng.next()) * 9);
  const registered = Math.max(0, yearStart(2026) - Math.floor(age * 365.25) - 1);
  const start2021 = yearStart(FIRST_YEAR);
  const end = yearStart(LAST_YEAR + 1);
  const from = Math.max(registered + 30, start2021);
  const statusDraw = rng.next();
  let suspended: [number, number] | undefined;
  let deregistered: number | undefined;
  if (statusDraw < 0.03 && from < end - 30) {
    const s = rng.int(from, end - 30);
    suspended = [
      s,
      rng.chance(0.3) ? Math.min(end + 400, s + rng.int(60, 500)) : Number.POSITIVE_INFINITY,
    ];
  } else if (statusDraw < 0.05 && from < end - 30) {
    deregistered = rng.int(from, end - 30);
  }
  const brand = BRAND[rng.int(0, BRAND.length - 1)]! + BRAND[rng.int(0, BRAND.length - 1)]!;
  return {
    index,
    creditCode: creditCodeFor(county.code, index),
    name: `${county.name}${brand}${industry.word}有限公司`,
    countyIndex,
    region: county.code,
    industry,
    size,
    employees,
    hazardFactors,
    registered,
    ...(suspended ? { suspended } : {}),
    ...(deregistered !== undefined ? { deregistered } : {}),
    propensity: rng.next(),
    declareDraw: rng.next(),
    exposedShare: 0.15 + 0.55 * rng.next(),
  };
}

/**
 * The employer's status history as the importer's `status@date;…` cell (empty when none).
 * @example
 * ```ts
 * const model = buildModel(countiesOf(chinaRegions(), 1), { seed: 1, employers: 100, factorScale: 1, extraSessions: 0 });
 * const cells = Array.from({ length: 100 }, (_, i) => statusHistoryCell(model, makeEmployer(model, i)));
 * console.log(cells.every((c) => c === '' || /^active@\d{4}-\d{2}-\d{2}(;[a-z]+@\d{4}-\d{2}-\d{2})+$/.test(c)));
 * // → true
 * ```
 */
export function statusHistoryCell(model: Model, e: GenEmployer): string {
  const d = model.days;
  if (e.deregistered !== undefined)
    return `active@${d[e.registered]};deregistered@${d[e.deregistered]}`;
  if (e.suspended) {
    const [s, t] = e.suspended;
    const resumed = Number.isFinite(t) && t < d.length ? `;active@${d[t]}` : '';
    return `active@${d[e.registered]};suspended@${d[s]}${resumed}`;
  }
  return '';
}

/** One fact as the columns it fills (id, kind, region, date, employer are given separately). */
export type FactFields = Readonly<Record<string, string | number | boolean>>;

/** Receives the facts of an employer. */
export type FactSink = (kind: string, day: number, fields: FactFields) => void;

/** What happened to an employer in one year (for the generator's rate summary). */
export interface YearFlags {
  /** Has declared its hazards in any year up to this one. */
  declaredToDate: boolean;
  /** Had its workplace hazards tested this year. */
  tested: boolean;
  /** Had workers examined this year. */
  examined: boolean;
  /** Had training this year. */
  trained: boolean;
  /** Was enrolled in the SME assistance programme this year. */
  assisted: boolean;
}

/** The operating days [lo, hi] of an employer in `year`, or undefined when it did not operate. */
function operatingWindow(e: GenEmployer, year: number): [number, number] | undefined {
  let lo = Math.max(yearStart(year), e.registered);
  let hi = yearStart(year + 1) - 1;
  if (e.deregistered !== undefined) hi = Math.min(hi, e.deregistered - 1);
  if (e.suspended) {
    const [s, t] = e.suspended;
    // Keep the longer operating stretch of the year around the suspension [s, t).
    if (s <= hi && t > lo) {
      const before = s - lo;
      const after = hi - t + 1;
      if (before >= after) hi = s - 1;
      else lo = t;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

const clamp = (p: number) => Math.min(0.995, Math.max(0, p));

/**
 * Emit the facts of employer `e` through `sink`, in year order. Returns the flags of the last
 * year (for the rate summary).
 * @example
 * ```ts
 * const model = buildModel(countiesOf(chinaRegions(), 1), { seed: 1, employers: 100, factorScale: 1, extraSessions: 0 });
 * const e = makeEmployer(model, 0);
 * const trace = () => {
 *   const out: string[] = [];
 *   makeFacts(model, e, (kind, day) => out.push(`${kind}@${model.days[day]}`));
 *   return out.join(';');
 * };
 * console.log(trace() === trace()); // seeded: the same facts every time
 * // → true
 * ```
 */
export function makeFacts(model: Model, e: GenEmployer, sink: FactSink): YearFlags {
  const rng = new Rng(model.seed, STREAM.facts, e.index);
  const hazard = e.hazardFactors.length > 0;
  const sme = e.size !== 'large';
  const q = e.propensity - 0.5;
  const exposed = Math.max(1, Math.round(e.employees * e.exposedShare));
  let declared = false;
  const flags: YearFlags = {
    declaredToDate: false,
    tested: false,
    examined: false,
    trained: false,
    assisted: false,
  };
  const day = (w: [number, number]) => rng.int(w[0], w[1]);
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const y = year - FIRST_YEAR;
    const window = operatingWindow(e, year);
    const last = year === LAST_YEAR;
    if (!window) {
      if (last) flags.declaredToDate = declared;
      continue;
    }
    let tested = false;
    let examined = false;
    let trained = false;
    let assisted = false;
    if (hazard) {
      assisted = sme && year >= 2024 && rng.chance(model.assistChance[e.countyIndex]!);
      if (assisted) {
        const problems = rng.poisson(3);
        sink('assistance', day(window), {
          programme: ASSISTANCE_PROGRAMME,
          problemsFound: problems,
          problemsRectified: rng.binomial(problems, year === 2024 ? 0.85 : 0.95),
          hasExceedingPosts: rng.chance(0.12),
        });
      }
      const boost = year === 2024 ? 0.93 : 0.975;
      if (
        !declared &&
        (e.declareDraw < DECLARED_BY_YEAR_END[y]! || (assisted && rng.chance(boost)))
      ) {
        declared = true;
        sink('declaration', day(window), { declarationType: 'initial' });
      } else if (declared && rng.chance(0.25)) {
        sink('declaration', day(window), {
          declarationType: rng.chance(0.5) ? 'annual' : 'change',
        });
      }
      tested = rng.chance(assisted ? boost : clamp(TESTING[y]! + 0.35 * q));
      if (tested) {
        const posts = Math.min(120, 1 + rng.poisson(Math.sqrt(exposed)));
        sink('hazard-testing', day(window), {
          programme: 'periodic',
          postsTested: posts,
          postsCompliant: rng.binomial(posts, clamp(POST_PASS[y]! + 0.1 * q)),
        });
      } else if (rng.chance(0.03)) {
        // Government monitoring (监测) does not count as the employer's periodic testing.
        const posts = 1 + rng.poisson(2);
        sink('hazard-testing', day(window), {
          programme: 'monitoring',
          postsTested: posts,
          postsCompliant: rng.binomial(posts, 0.9),
        });
      }
      const exam = rng.chance(assisted ? boost : clamp(EXAM[y]! + 0.35 * q));
      if (exam) {
        const sessions = 1 + rng.poisson(model.extraSessions);
        for (let k = 0; k < sessions; k++) {
          const due = k === 0 ? exposed : Math.max(1, Math.round(exposed * 0.2));
          const none = rng.chance(0.015);
          const n = none ? 0 : rng.binomial(due, clamp(0.9 + 0.15 * q));
          if (n > 0) examined = true;
          sink('health-exam', day(window), {
            workersDue: due,
            workersExamined: n,
            suspectedCases: rng.chance(n * 0.0004) ? 1 : 0,
            contraindications: rng.binomial(n, 0.008),
          });
        }
      }
      trained = rng.chance(assisted ? boost : clamp(TRAINING[y]! + 0.35 * q));
      if (trained) {
        const sessions = 1 + rng.poisson(model.extraSessions);
        for (let k = 0; k < sessions; k++) {
          sink('training', day(window), {
            principalsTrained: k === 0 ? 1 : 0,
            managersTrained: rng.int(k === 0 ? 1 : 0, 3),
            workersTrained: rng.binomial(exposed, 0.85),
          });
        }
      }
      if (e.industry.hazardLevel === 'severe' && rng.chance(0.3)) {
        sink('hazard-evaluation', day(window), {
          evaluationType: rng.chance(0.8) ? 'status' : 'testing',
        });
      }
    }
    if (rng.chance(hazard ? 0.1 : 0.015)) {
      const d = day(window);
      const found = rng.poisson(hazard ? 3.5 : 1.2);
      const onSpot = rng.binomial(found, 0.73);
      const penalty = rng.binomial(found - onSpot, 0.06);
      sink('inspection', d, {
        problemsFound: found,
        problemsRectified: rng.binomial(found, clamp(RECTIFIED[y]! + 0.1 * q)),
        'dispositions.onSpot': onSpot,
        'dispositions.withinDeadline': found - onSpot - penalty,
        'dispositions.penalty': penalty,
      });
      if (penalty > 0) {
        const filed = Math.min(d + rng.int(0, 10), yearStart(year + 1) - 1);
        const concluded = filed + rng.int(20, 120);
        sink('enforcement-case', filed, {
          category: 'employer-violation',
          ...(concluded < yearStart(LAST_YEAR + 1) ? { concludedOn: model.days[concluded]! } : {}),
          penalty: String(rng.int(1, 30) * 1000),
        });
      }
    }
    if (last) {
      flags.declaredToDate = declared;
      flags.tested = tested;
      flags.examined = examined;
      flags.trained = trained;
      flags.assisted = assisted;
    }
  }
  return flags;
}
