/**
 * @module testing/fixtures
 * Deterministic test data for store adapters, benchmarks and the conformance suites: valid credit
 * codes made from a seed, and a small Yunnan region tree with employers, facts and data values.
 */
import type { DataValueInput } from '../data/index.js';
import type { EmployerInput } from '../employer/index.js';
import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from '../employer/index.js';
import type { FactInput } from '../facts/index.js';
import type { InstitutionInput } from '../parties/index.js';
import type { Region } from '../region/index.js';
import type { WriteBatch } from '../store/index.js';

const SEED_DIGITS = 7;
const SEED_LIMIT = CREDIT_CODE_CHARSET.length ** SEED_DIGITS;

/**
 * A valid unified social credit code made from a seed: `91` (工商 / 企业), the six-digit division
 * code, `MA` and seven base-31 characters of the seed, then the GB 32100 check character.
 * Different seeds (0 ≤ seed < 31⁷) give different codes; codes of one region sort by seed.
 * @param seed a non-negative integer below 31⁷
 * @param regionCode six digits of the registering authority's division (default `530100`)
 * @example makeCreditCode(1) // '91530100MA0000001W'
 */
export function makeCreditCode(seed: number, regionCode = '530100'): string {
  if (!Number.isInteger(seed) || seed < 0 || seed >= SEED_LIMIT) {
    throw new RangeError(`makeCreditCode: seed must be an integer in [0, ${SEED_LIMIT})`);
  }
  if (!/^\d{6}$/.test(regionCode)) {
    throw new RangeError('makeCreditCode: regionCode must be six digits');
  }
  let rest = seed;
  let digits = '';
  for (let i = 0; i < SEED_DIGITS; i++) {
    digits = CREDIT_CODE_CHARSET[rest % 31]! + digits;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91${regionCode}MA${digits}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

/**
 * Replace the check character of a valid code with a wrong one (for tests of
 * `credit-code.check-digit`).
 * @example withWrongCheckCharacter('91350100M000100Y43') // '91350100M000100Y40'
 */
export function withWrongCheckCharacter(code: string): string {
  const right = code[17];
  const wrong = right === '0' ? '1' : '0';
  return code.slice(0, 17) + wrong;
}

/**
 * Minimal institution records for generated fixtures whose facts name institutions by id (a fact's
 * `institution` must name a stored institution): one public CDC per id, in `region`.
 * @example institutionsFor(['inst-0', 'inst-1'], '530000').length // 2
 */
export function institutionsFor(ids: readonly string[], region: string): InstitutionInput[] {
  return ids.map((id) => ({
    id,
    name: { zh: `机构${id}` },
    types: ['cdc'],
    public: true,
    region,
  }));
}

/**
 * Rows the shared fixture lacks: one department of 五华区 (530102) and its liaison, a contact whose
 * name and phone are personal. Write them after the fixture's batch (the department's region).
 * @example partiesBatch().departments?.length // 1
 */
export function partiesBatch(): Pick<WriteBatch, 'departments' | 'contacts'> {
  return {
    departments: [
      {
        id: 'dept-1',
        name: { zh: '五华区卫生健康局', en: 'Wuhua Health Bureau' },
        region: '530102',
        kind: 'joint-meeting-member',
      },
    ],
    contacts: [
      {
        id: 'contact-1',
        region: '530102',
        role: 'liaison',
        unitKind: 'department',
        unit: 'dept-1',
        name: '赵六',
        phone: '0871-12345678',
      },
    ],
  };
}

/** The credit codes of the fixture's employers. */
export interface FixtureCodes {
  /** 五华区 (530102), a small machinery maker with severe hazards. */
  readonly wuhuaMachinery: string;
  /** 五华区 (530102), a micro restaurant without hazards. */
  readonly wuhuaRestaurant: string;
  /** 盘龙区 (530103), a medium chemical plant, suspended since 2025-03-01. */
  readonly panlongChemical: string;
  /** 麒麟区 (530302), a large coal mine. */
  readonly qilinMine: string;
}

/** A fixture: rows to write (inputs, before defaults) and the codes of its employers. */
export interface StoreFixture {
  /** The six regions, parents first. */
  readonly regions: Region[];
  /** The four employers. */
  readonly employers: EmployerInput[];
  /** The institution the fixture's facts name (a Kunming CDC doing health exams). */
  readonly institutions: InstitutionInput[];
  /** The eight facts. */
  readonly facts: FactInput[];
  /** The six data values. */
  readonly dataValues: DataValueInput[];
  /** The employers' credit codes, by name. */
  readonly codes: FixtureCodes;
  /** Every row in one batch. */
  readonly batch: WriteBatch;
}

/**
 * A fresh copy of the shared fixture: Yunnan province (530000) with two prefectures, Kunming
 * (530100: counties 530102 五华区, 530103 盘龙区) and Qujing (530300: county 530302 麒麟区);
 * four employers, one institution, eight facts of seven kinds and six data values (two elements share a prefix,
 * `insured` and `insuredWorkers`, to pin the ordering). Each call returns new objects.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * const fx = buildStoreFixture();
 * await store.write(fx.batch);
 * console.log((await store.get('employers', fx.codes.qilinMine))?.name);
 * // → 曲靖示例煤业有限公司
 * ```
 */
export function buildStoreFixture(): StoreFixture {
  const codes: FixtureCodes = {
    wuhuaMachinery: makeCreditCode(101, '530102'),
    wuhuaRestaurant: makeCreditCode(102, '530102'),
    panlongChemical: makeCreditCode(201, '530103'),
    qilinMine: makeCreditCode(301, '530302'),
  };
  const regions: Region[] = [
    { code: '530000', name: { zh: '云南省', en: 'Yunnan' }, level: 'province', parent: null },
    {
      code: '530100',
      name: { zh: '昆明市', en: 'Kunming' },
      level: 'prefecture',
      parent: '530000',
    },
    { code: '530102', name: { zh: '五华区' }, level: 'county', parent: '530100' },
    { code: '530103', name: { zh: '盘龙区' }, level: 'county', parent: '530100' },
    {
      code: '530300',
      name: { zh: '曲靖市', en: 'Qujing' },
      level: 'prefecture',
      parent: '530000',
    },
    { code: '530302', name: { zh: '麒麟区' }, level: 'county', parent: '530300' },
  ];
  const employers: EmployerInput[] = [
    {
      creditCode: codes.qilinMine,
      name: '曲靖示例煤业有限公司',
      region: '530302',
      industry: 'B0610',
      size: 'large',
      employees: 2400,
      hazardFactors: ['煤尘', '噪声'],
      hazardLevel: 'severe',
    },
    {
      creditCode: codes.wuhuaMachinery,
      name: '昆明示例机械制造有限公司',
      region: '530102',
      industry: 'C3411',
      size: 'small',
      employees: 85,
      hazardFactors: ['噪声', '电焊烟尘'],
      hazardLevel: 'severe',
      registeredOn: '2015-06-01',
    },
    {
      creditCode: codes.panlongChemical,
      name: '昆明示例化工有限公司',
      region: '530103',
      industry: 'C2614',
      size: 'medium',
      hazardFactors: ['苯'],
      hazardLevel: 'general',
      statusHistory: [{ status: 'suspended', from: '2025-03-01' }],
      registeredOn: '2010-01-01',
    },
    {
      creditCode: codes.wuhuaRestaurant,
      name: '五华示例餐饮店',
      region: '530102',
      industry: 'H6210',
      size: 'micro',
    },
  ];
  const institutions: InstitutionInput[] = [
    {
      id: 'inst-km-01',
      name: { zh: '昆明市疾病预防控制中心', en: 'Kunming CDC' },
      types: ['cdc', 'health-exam'],
      public: true,
      region: '530100',
      licence: { number: 'YN-OH-2023-001', grantedOn: '2023-05-01' },
      monitoringConfirmation: 'direct',
    },
  ];
  const facts: FactInput[] = [
    {
      id: 'train-d-2025',
      kind: 'training',
      employer: codes.qilinMine,
      region: '530302',
      date: '2025-06-30',
      workersTrained: 120,
    },
    {
      id: 'decl-a-2025',
      kind: 'declaration',
      employer: codes.wuhuaMachinery,
      region: '530102',
      date: '2025-03-10',
    },
    {
      id: 'test-a-2025',
      kind: 'hazard-testing',
      employer: codes.wuhuaMachinery,
      region: '530102',
      date: '2025-04-01',
      postsTested: 12,
      postsCompliant: 10,
      institution: 'inst-km-01',
    },
    {
      id: 'exam-c-2025',
      kind: 'health-exam',
      employer: codes.panlongChemical,
      region: '530103',
      date: '2025-05-20',
      workersDue: 60,
      workersExamined: 55,
    },
    {
      // [002] 篇2: 542 problems = 398 on the spot + 136 within a deadline + 8 penalties.
      id: 'insp-d-2025',
      kind: 'inspection',
      employer: codes.qilinMine,
      region: '530302',
      date: '2025-06-30',
      problemsFound: 542,
      problemsRectified: 534,
      dispositions: { onSpot: 398, withinDeadline: 136, penalty: 8 },
    },
    {
      id: 'complaint-qj-2025',
      kind: 'complaint',
      region: '530300',
      date: '2025-01-05',
      investigated: true,
      repliedOn: '2025-01-20',
    },
    {
      id: 'lead-km-2024',
      kind: 'lead',
      region: '530102',
      date: '2024-12-31',
      leadSource: 'patrol',
    },
    {
      id: 'case-a-2025',
      kind: 'enforcement-case',
      employer: codes.wuhuaMachinery,
      region: '530102',
      date: '2025-08-15',
      concludedOn: '2025-09-30',
      penalty: '30000.00',
    },
  ];
  const dataValues: DataValueInput[] = [
    { dataElement: 'insuredWorkers', region: '530100', period: '2024', value: '1200' },
    { dataElement: 'insured', region: '530302', period: '2024', value: '3' },
    { dataElement: 'insured', region: '530102', period: '2025Q1', value: '4.0' },
    { dataElement: 'insured', region: '530102', period: '2024', value: '12.50' },
    { dataElement: 'insured', region: '530103', period: '2024', value: 7 },
    { dataElement: 'institutions', region: '530000', period: '2024', value: '15' },
  ];
  return {
    regions,
    employers,
    institutions,
    facts,
    dataValues,
    codes,
    batch: { regions, employers, institutions, facts, dataValues },
  };
}
