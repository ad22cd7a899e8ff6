/**
 * Regression (issue 9): Henan's Annex 3 rates read institution records. 一(三) concerns
 * 技术服务机构, 一(四) 职业健康检查机构 and 职业病诊断机构 — one case is never counted in both; the
 * 质控覆盖率 "每两年达到100%" rolls over the 24 months up to the reference date; 能力比对 is not
 * 质量监测 (二(三)2). Each case below quotes the vendored seed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../../employer/credit-code.js';
import { evaluate } from '../../evaluate/index.js';
import { MemoryStore } from '../../store/memory.js';
import { henanThreeActions } from '../index.js';
import { HENAN_GUIDANCE_SOURCE, henanGuidanceByInstitution } from './guidance.js';

const SEED = readFileSync(new URL('../../../../../docs/sources/001.txt', import.meta.url), 'utf8');

const regions = [
  { code: '410000', name: { zh: '河南省' }, level: 'province', parent: null },
  { code: '410100', name: { zh: '郑州市' }, level: 'prefecture', parent: '410000' },
  { code: '410102', name: { zh: '中原区' }, level: 'county', parent: '410100' },
];
const institutions = [
  {
    id: 'ts-1',
    name: { zh: '检测公司甲' },
    types: ['oh-tech-service'],
    public: false,
    region: '410100',
  },
  {
    id: 'ts-2',
    name: { zh: '检测公司乙' },
    types: ['radiation-tech-service'],
    public: false,
    region: '410100',
  },
  {
    id: 'ex-1',
    name: { zh: '体检机构甲' },
    types: ['health-exam'],
    public: true,
    region: '410102',
  },
  { id: 'dx-1', name: { zh: '诊断机构甲' }, types: ['diagnosis'], public: true, region: '410100' },
  {
    id: 'ex-2',
    name: { zh: '体检机构乙' },
    types: ['health-exam'],
    public: true,
    region: '410102',
  },
];

async function figures(
  facts: unknown[],
  referenceDate: string,
  indicators: string[],
  dataValues: unknown[] = [],
) {
  const store = new MemoryStore();
  await store.write({ regions, institutions, facts, dataValues });
  const { results } = await evaluate({
    plan: henanThreeActions,
    store,
    region: '410000',
    period: '2025',
    asOf: referenceDate,
    indicators,
  });
  return Object.fromEntries(
    results
      .filter((r) => r.region === '410000')
      .map((r) => [
        r.indicator,
        [r.numerator?.toFixed() ?? null, r.denominator?.toFixed() ?? null],
      ]),
  );
}

describe('001 附件3 一(三) and 一(四): each rate reads its own institutions', () => {
  it('a false-certificate case against a technical-service body counts in 一(三) only, one against an exam institution in 一(四) only', async () => {
    expect(SEED).toContain('出具虚假证明文件等违法案件查处率达到100%');
    expect(SEED).toContain('出具虚假或者失实的证明文件');
    const c = (id: string, institution: string, institutionType: string, concluded: boolean) => ({
      id,
      kind: 'enforcement-case',
      region: '410100',
      date: '2025-03-01',
      institution,
      institutionType,
      category: 'false-certificate',
      ...(concluded ? { concludedOn: '2025-05-01' } : {}),
    });
    const f = await figures(
      [
        c('k1', 'ts-1', 'tech-service', true),
        c('k2', 'ts-2', 'tech-service', false),
        c('k3', 'ex-1', 'health-exam', true),
        // an employer's own case is neither
        {
          id: 'k4',
          kind: 'enforcement-case',
          region: '410102',
          date: '2025-03-01',
          category: 'false-certificate',
        },
      ],
      '2025-12-31',
      ['falseCertCaseHandlingRate', 'orgViolationHandlingRate'],
    );
    // 一(三): 1 of 2 technical-service cases concluded; 一(四): 1 of 1 exam-institution case.
    expect(f.falseCertCaseHandlingRate).toEqual(['1', '2']);
    expect(f.orgViolationHandlingRate).toEqual(['1', '1']);
  });

  it('inspection problems of technical-service bodies only enter 一(三)’s rectification rate', async () => {
    const insp = (
      id: string,
      institution: string,
      institutionType: string,
      found: number,
      fixed: number,
    ) => ({
      id,
      kind: 'inspection',
      region: '410100',
      date: '2025-04-01',
      institution,
      institutionType,
      problemsFound: found,
      problemsRectified: fixed,
    });
    const f = await figures(
      [insp('i1', 'ts-1', 'tech-service', 4, 3), insp('i2', 'ex-1', 'health-exam', 10, 0)],
      '2025-12-31',
      ['rectificationRate'],
    );
    expect(f.rectificationRate).toEqual(['3', '4']);
  });

  it('refuses a fact whose institutionType is not one of its institution’s types', async () => {
    const store = new MemoryStore();
    await store.write({ regions, institutions });
    const r = await store.write(
      {
        facts: [
          {
            id: 'x',
            kind: 'enforcement-case',
            region: '410100',
            date: '2025-03-01',
            institution: 'ex-1',
            institutionType: 'tech-service',
            category: 'false-certificate',
          },
          {
            id: 'y',
            kind: 'case-report',
            region: '410100',
            date: '2025-03-01',
            institution: 'ts-1',
            reportType: 'diagnosis',
            casesRequired: 1,
            casesReported: 1,
          },
        ],
      },
      { mode: 'valid-rows' },
    );
    expect(r.rejected.map((i) => [i.row, i.path, i.rule, i.value])).toEqual([
      [1, 'facts.institutionType', 'institution.type-mismatch', 'tech-service'],
      [2, 'facts.reportType', 'institution.type-mismatch', 'diagnosis'],
    ]);
    expect(r.rejected[0]!.messageZh).toContain('不是技术服务机构');
  });
});

describe('001 附件3 一(四) "质控覆盖率每两年达到100%": a rolling 24-month window', () => {
  const qc = (id: string, institution: string, institutionType: string, date: string) => ({
    id,
    kind: 'qc-activity',
    region: '410100',
    date,
    institution,
    institutionType,
    activity: 'qc',
    level: 'province',
    result: 'pass',
  });
  const orgs = [
    { dataElement: 'healthExamAndDiagnosisOrgs', region: '410000', period: '2025', value: '3' },
  ];

  it('on 2025-06-30 counts a QC of 2023-06-30 (24 months, both ends) and not one of 2023-06-29', async () => {
    expect(SEED).toContain('质控覆盖率每两年达到100%');
    const f = await figures(
      [
        qc('q1', 'ex-1', 'health-exam', '2023-06-30'),
        qc('q2', 'dx-1', 'diagnosis', '2025-02-01'),
        qc('q3', 'ex-2', 'health-exam', '2023-06-29'),
        // a second QC of the same institution counts it once
        qc('q4', 'ex-1', 'health-exam', '2024-09-01'),
      ],
      '2025-06-30',
      ['qcCoverageRate'],
      orgs,
    );
    expect(f.qcCoverageRate).toEqual(['2', '3']);
  });

  it('a QC after the reference date does not count yet', async () => {
    const f = await figures(
      [qc('q1', 'ex-1', 'health-exam', '2025-07-01')],
      '2025-06-30',
      ['qcCoverageRate'],
      orgs,
    );
    expect(f.qcCoverageRate).toEqual(['0', '3']);
  });
});

describe('001 附件3 二(三)2: 能力比对 and 质量监测 are different activities', () => {
  it('quality monitoring (≥ 40 %) counts 质量监测 records, not proficiency comparisons', async () => {
    expect(SEED).toContain('每年开展1次检测能力比对，每年选取不少于40%的机构开展质量监测');
    const act = (id: string, institution: string, activity?: string) => ({
      id,
      kind: 'qc-activity',
      region: '410100',
      date: '2025-05-01',
      institution,
      institutionType: 'tech-service',
      ...(activity ? { activity } : {}),
      level: 'province',
      result: 'pass',
    });
    const f = await figures(
      [
        act('p1', 'ts-1', 'proficiency-comparison'),
        act('m1', 'ts-2', 'quality-monitoring'),
        act('m0', 'ts-1'),
      ],
      '2025-12-31',
      ['qualityMonitoringShare'],
      [{ dataElement: 'techServiceOrgs', region: '410000', period: '2025', value: '5' }],
    );
    // ts-2 (质量监测) and ts-1's record without an activity (read as before: 质量监测).
    expect(f.qualityMonitoringShare).toEqual(['2', '5']);
    const only = await figures(
      [act('p1', 'ts-1', 'proficiency-comparison')],
      '2025-12-31',
      ['qualityMonitoringShare'],
      [{ dataElement: 'techServiceOrgs', region: '410000', period: '2025', value: '5' }],
    );
    expect(only.qualityMonitoringShare).toEqual(['0', '5']);
  });

  it('refuses 质控活动 of a technical-service body and 质量监测 of an exam institution', async () => {
    const store = new MemoryStore();
    await store.write({ regions, institutions });
    const r = await store.write(
      {
        facts: [
          {
            id: 'a',
            kind: 'qc-activity',
            region: '410100',
            date: '2025-05-01',
            institution: 'ts-1',
            institutionType: 'tech-service',
            activity: 'qc',
            level: 'province',
            result: 'pass',
          },
          {
            id: 'b',
            kind: 'qc-activity',
            region: '410100',
            date: '2025-05-01',
            institution: 'ex-1',
            institutionType: 'health-exam',
            activity: 'quality-monitoring',
            level: 'province',
            result: 'pass',
          },
        ],
      },
      { mode: 'valid-rows' },
    );
    expect(r.rejected.map((i) => [i.row, i.path, i.rule])).toEqual([
      [1, 'facts.activity', 'qc.activity-institution-type'],
      [2, 'facts.activity', 'qc.activity-institution-type'],
    ]);
  });
});

describe('001 附件3 二(三)1 "每年要到50家以上用人单位开展技术指导、帮扶": per institution', () => {
  const cc = (n: number) => {
    const first17 = `91410102${String(n).padStart(9, '0')}`;
    return first17 + creditCodeCheckCharacter(first17)!;
  };

  it('judges 省三院 and each 市级疾控中心 by the distinct employers its own visits name, not by region', async () => {
    expect(SEED).toContain(HENAN_GUIDANCE_SOURCE.quote!);
    const employers = Array.from({ length: 60 }, (_, i) => ({
      creditCode: cc(i + 1),
      name: `单位${i}`,
      region: '410102',
      size: 'small',
    }));
    const parties = [
      {
        id: 'sy3',
        name: { zh: '河南省第三人民医院' },
        types: ['od-institute', 'health-exam'],
        public: true,
        region: '410000',
      },
      {
        id: 'zz-cdc',
        name: { zh: '郑州市疾控中心' },
        types: ['cdc'],
        public: true,
        region: '410100',
      },
      {
        id: 'zy-cdc',
        name: { zh: '中原区疾控中心' },
        types: ['cdc'],
        public: true,
        region: '410102',
      },
      {
        id: 'zz-ts',
        name: { zh: '检测公司' },
        types: ['oh-tech-service'],
        public: false,
        region: '410100',
      },
    ];
    const visit = (id: string, institution: string, n: number, date = '2025-05-01') => ({
      id,
      kind: 'guidance',
      region: '410102',
      date,
      employer: cc(n),
      institution,
    });
    const facts = [
      // 省三院: 50 distinct employers (one visited twice) — met, "50家以上" read as ≥ 50.
      ...Array.from({ length: 50 }, (_, i) => visit(`s${i}`, 'sy3', i + 1)),
      visit('s-again', 'sy3', 1),
      // 郑州市疾控中心: 49 in 2025 and one in 2024 — not met, one short.
      ...Array.from({ length: 49 }, (_, i) => visit(`z${i}`, 'zz-cdc', i + 11)),
      visit('z-2024', 'zz-cdc', 60, '2024-12-31'),
      // A county CDC takes part (全程参与) but is not addressed by the quota.
      visit('c1', 'zy-cdc', 5),
    ];
    const store = new MemoryStore();
    await store.write({ regions, employers, institutions: parties, facts });
    const rows = await henanGuidanceByInstitution(store, 2025);
    expect(
      rows.map((r) => [r.institution, r.level, r.employersGuided, r.met, r.shortfall]),
    ).toEqual([
      ['sy3', 'province', 50, true, 0],
      ['zz-cdc', 'prefecture', 49, false, 1],
    ]);
    // The region-based indicator cannot tell them apart: all 60 employers sit in 中原区.
    const { results } = await evaluate({
      plan: henanThreeActions,
      store,
      region: '410000',
      period: '2025',
      indicators: ['employersGuidedPerYear'],
    });
    expect(results.find((r) => r.region === '410000')?.numerator?.toFixed()).toBe('59');
    // As of mid-year only the visits made by then count.
    expect((await henanGuidanceByInstitution(store, 2025, '2025-04-30'))[0]?.employersGuided).toBe(
      0,
    );
  });
});
