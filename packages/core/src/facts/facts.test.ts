import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { makeCreditCode } from '../testing/fixtures.js';
import { FACT_KIND_LABELS, FACT_KINDS, type FactKind, parseFact } from './facts.js';

const employer = makeCreditCode(42, '530102');
const at = { region: '530102', date: '2025-06-30' };

function issuesOf(input: unknown) {
  try {
    parseFact(input, 3);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return expect.unreachable('expected a ValidationError');
}

/** For every kind: a minimal input and the record it must parse to (defaults written out). */
const KINDS: Record<FactKind, { input: object; output: object }> = {
  declaration: {
    input: { employer },
    output: { employer, declarationType: 'initial' },
  },
  'hazard-testing': {
    input: { employer, postsTested: 10, postsCompliant: 9 },
    output: { employer, postsTested: 10, postsCompliant: 9, programme: 'periodic' },
  },
  'health-exam': {
    input: { employer, workersExamined: 40 },
    output: { employer, workersExamined: 40, suspectedCases: 0, contraindications: 0 },
  },
  training: {
    input: { employer },
    output: { employer, principalsTrained: 0, managersTrained: 0, workersTrained: 0 },
  },
  'three-simultaneities': {
    input: { project: '扩建项目', stage: 'pre-assessment', totalInvestment: '1200.50' },
    output: { project: '扩建项目', stage: 'pre-assessment', totalInvestment: '1200.50' },
  },
  'hazard-evaluation': {
    input: { employer, evaluationType: 'status' },
    output: { employer, evaluationType: 'status' },
  },
  assistance: {
    input: { employer, programme: 'yunnan-five-ones' },
    output: {
      employer,
      programme: 'yunnan-five-ones',
      items: {},
      problemsFound: 0,
      problemsRectified: 0,
    },
  },
  inspection: {
    input: { employer },
    output: { employer, problemsFound: 0, problemsRectified: 0 },
  },
  'enforcement-case': {
    input: { employer },
    output: { employer, category: 'employer-violation' },
  },
  'tech-service-report': {
    input: { institution: 'inst-1' },
    output: { institution: 'inst-1' },
  },
  'case-report': {
    input: { institution: 'inst-1', reportType: 'diagnosis', casesRequired: 3, casesReported: 3 },
    output: { institution: 'inst-1', reportType: 'diagnosis', casesRequired: 3, casesReported: 3 },
  },
  'qc-activity': {
    input: {
      institution: 'inst-1',
      institutionType: 'health-exam',
      level: 'province',
      result: 'pass',
    },
    output: {
      institution: 'inst-1',
      institutionType: 'health-exam',
      level: 'province',
      result: 'pass',
      problemsFound: 0,
      problemsRectified: 0,
    },
  },
  complaint: { input: { investigated: false }, output: { investigated: false } },
  lead: { input: { leadSource: 'zone' }, output: { leadSource: 'zone' } },
  award: {
    input: { awardType: 'healthy-enterprise', level: 'county', employer },
    output: { awardType: 'healthy-enterprise', level: 'county', employer },
  },
  guidance: {
    input: { employer, institution: 'inst-2' },
    output: { employer, institution: 'inst-2' },
  },
};

describe('facts', () => {
  it('knows sixteen kinds, each labelled in Chinese and English', () => {
    expect([...FACT_KINDS].sort()).toEqual(Object.keys(KINDS).sort());
    for (const kind of FACT_KINDS) {
      expect(FACT_KIND_LABELS[kind].zh.length).toBeGreaterThan(0);
      expect(FACT_KIND_LABELS[kind].en.length).toBeGreaterThan(0);
    }
  });

  it.each(Object.entries(KINDS))('parses %s with its defaults', (kind, { input, output }) => {
    const id = `f-${kind}`;
    expect(parseFact({ id, kind, ...at, ...input })).toEqual({ id, kind, ...at, ...output });
  });

  it('rejects an unknown kind and unknown fields', () => {
    expect(issuesOf({ id: 'x', kind: 'picnic', ...at })[0]).toMatchObject({ path: 'kind', row: 3 });
    expect(
      issuesOf({ id: 'x', kind: 'complaint', investigated: true, ...at, colour: 1 })[0],
    ).toMatchObject({
      rule: 'schema.unrecognized_keys',
      row: 3,
    });
  });

  it.each([
    ['a bad id', { id: 'has space' }, 'id', 'fact.id'],
    ['an impossible date', { date: '2025-02-29' }, 'date', 'date.format'],
    ['a date out of range', { date: '2101-01-01' }, 'date', 'date.range'],
    ['a bad region code', { region: '5' }, 'region', 'region.code-format'],
    [
      'a bad employer code',
      { employer: '91350100M000100Y44' },
      'employer',
      'credit-code.check-digit',
    ],
    [
      'a negative count',
      { postsTested: -1, postsCompliant: 0 },
      'postsTested',
      'count.non-negative',
    ],
    ['a fractional count', { postsTested: 1.5, postsCompliant: 0 }, 'postsTested', 'count.integer'],
    [
      'compliant > tested',
      { postsTested: 3, postsCompliant: 4 },
      'postsCompliant',
      'count.part-of-whole',
    ],
    ['a bad institution id', { institution: 'a b' }, 'institution', 'institution.id'],
  ] as const)('rejects %s', (_label, change, path, rule) => {
    const input = {
      id: 'ht-1',
      kind: 'hazard-testing',
      employer,
      ...at,
      postsTested: 5,
      postsCompliant: 5,
      ...change,
    };
    const issues = issuesOf(input);
    expect(issues).toEqual([
      expect.objectContaining({
        path,
        value: (change as Record<string, unknown>)[path],
        rule,
        row: 3,
      }),
    ]);
  });

  it('checks parts against wholes in health exams, assistance, case reports and QC', () => {
    expect(
      issuesOf({
        id: 'e',
        kind: 'health-exam',
        employer,
        ...at,
        workersDue: 10,
        workersExamined: 11,
      }),
    ).toEqual([
      expect.objectContaining({ path: 'workersExamined', value: 11, rule: 'count.part-of-whole' }),
    ]);
    expect(
      issuesOf({
        id: 'e',
        kind: 'health-exam',
        employer,
        ...at,
        workersExamined: 5,
        suspectedCases: 6,
      }),
    ).toEqual([expect.objectContaining({ path: 'suspectedCases', rule: 'count.part-of-whole' })]);
    expect(
      issuesOf({
        id: 'a',
        kind: 'assistance',
        employer,
        ...at,
        programme: 'p',
        problemsFound: 1,
        problemsRectified: 2,
      }),
    ).toEqual([
      expect.objectContaining({ path: 'problemsRectified', rule: 'count.part-of-whole' }),
    ]);
    expect(
      issuesOf({
        id: 'c',
        kind: 'case-report',
        institution: 'i',
        ...at,
        reportType: 'health-exam',
        casesRequired: 2,
        casesReported: 3,
      }),
    ).toEqual([expect.objectContaining({ path: 'casesReported', rule: 'count.part-of-whole' })]);
    // Without workersDue there is no whole to exceed.
    expect(
      parseFact({ id: 'e', kind: 'health-exam', employer, ...at, workersExamined: 500 }),
    ).toMatchObject({
      workersExamined: 500,
    });
  });

  it('does not add a part-of-whole issue on top of an invalid count', () => {
    const issues = issuesOf({
      id: 'ht',
      kind: 'hazard-testing',
      employer,
      ...at,
      postsTested: -1,
      postsCompliant: 3,
    });
    expect(issues.map((i) => i.rule)).toEqual(['count.non-negative']);
  });

  it('rejects a case concluded before it was filed, accepts one concluded the same day', () => {
    expect(
      issuesOf({ id: 'c', kind: 'enforcement-case', ...at, concludedOn: '2025-06-29' }),
    ).toEqual([
      expect.objectContaining({
        path: 'concludedOn',
        value: '2025-06-29',
        rule: 'case.concluded-after-filed',
      }),
    ]);
    expect(
      parseFact({ id: 'c', kind: 'enforcement-case', ...at, concludedOn: '2025-06-30' }),
    ).toMatchObject({
      concludedOn: '2025-06-30',
    });
  });

  it('rejects a fine that is not a decimal string', () => {
    expect(issuesOf({ id: 'c', kind: 'enforcement-case', ...at, penalty: '3万' })).toEqual([
      expect.objectContaining({ path: 'penalty', value: '3万', rule: 'decimal.format' }),
    ]);
  });

  describe('inspection dispositions ([002] 篇2)', () => {
    // seeds/002 篇2 (Jiangsu): "发现问题542项，责令当场立即改正398项、限期整改136项，予以行政处罚8项".
    const inspection = (problemsFound: number) => ({
      id: 'js-special-inspections',
      kind: 'inspection',
      region: '320000',
      date: '2025-12-31',
      problemsFound,
      dispositions: { onSpot: 398, withinDeadline: 136, penalty: 8 },
    });

    it('accepts 398 + 136 + 8 dispositions for 542 problems', () => {
      expect(parseFact(inspection(542))).toMatchObject({
        problemsFound: 542,
        problemsRectified: 0,
        dispositions: { onSpot: 398, withinDeadline: 136, penalty: 8 },
      });
    });

    it('rejects the same dispositions for 541 problems', () => {
      expect(issuesOf(inspection(541))).toEqual([
        expect.objectContaining({
          path: 'dispositions',
          value: { onSpot: 398, withinDeadline: 136, penalty: 8 },
          rule: 'inspection.dispositions-sum',
          row: 3,
        }),
      ]);
    });
  });
});
