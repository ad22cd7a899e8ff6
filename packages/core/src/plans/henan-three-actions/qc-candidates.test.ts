/**
 * 001 附件3 二(三)3: the provincial QC candidates, each ground tested on hand-built data (issue 9).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../../employer/credit-code.js';
import { MemoryStore } from '../../store/memory.js';
import { HENAN_QC_CANDIDATE_SOURCE, henanQcCandidates } from './qc-candidates.js';

const SEED = readFileSync(new URL('../../../../../docs/sources/001.txt', import.meta.url), 'utf8');

const regions = [
  { code: '000000', name: { zh: '全国' }, level: 'national', parent: null },
  { code: '410000', name: { zh: '河南省' }, level: 'province', parent: '000000' },
  { code: '410100', name: { zh: '郑州市' }, level: 'prefecture', parent: '410000' },
  { code: '410102', name: { zh: '中原区' }, level: 'county', parent: '410100' },
  { code: '530000', name: { zh: '云南省' }, level: 'province', parent: '000000' },
];
const exam = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: { zh: `体检机构${id}` },
  types: ['health-exam'],
  public: true,
  region: '410100',
  ...extra,
});
const institutions = [
  exam('A', { filing: { number: 'F-A', grantedOn: '2024-01-01' } }), // new: first day of last year
  exam('B', { filing: { number: 'F-B', grantedOn: '2023-12-31' } }), // filed the day before
  exam('C'),
  exam('D'),
  exam('E'),
  exam('G'),
  exam('H'),
  exam('I'),
  exam('J'),
  exam('K'),
  {
    id: 'T',
    name: { zh: '检测公司' },
    types: ['oh-tech-service'],
    public: false,
    region: '410100',
  },
  exam('Y', { region: '530000' }),
];

function cc(n: number): string {
  const first17 = `91410102${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}
const employers = [1, 2, 3].map((n) => ({
  creditCode: cc(n),
  name: `E${n}`,
  region: '410102',
  size: 'small',
}));

const qc = (id: string, institution: string, date: string, level: string, result: string) => ({
  id,
  kind: 'qc-activity',
  region: '410100',
  date,
  institution,
  institutionType: 'health-exam',
  activity: 'qc',
  level,
  result,
});
const examFact = (
  id: string,
  n: number,
  institution: string | undefined,
  s: number,
  c: number,
) => ({
  id,
  kind: 'health-exam',
  employer: cc(n),
  region: '410102',
  date: '2024-09-01',
  workersExamined: 1000,
  suspectedCases: s,
  contraindications: c,
  ...(institution ? { institution } : {}),
});
const complaint = (id: string, institution: string, major: boolean, investigated: boolean) => ({
  id,
  kind: 'complaint',
  region: '410100',
  date: '2025-03-01',
  institution,
  major,
  investigated,
});

const facts = [
  qc('q1', 'B', '2024-06-01', 'province', 'fail'), // last year, provincial, failed
  qc('q2', 'C', '2024-06-01', 'prefecture', 'fail'), // prefecture level: not the ground
  qc('q3', 'C', '2025-02-01', 'province', 'fail'), // this year: not 上一年度
  qc('q4', 'D', '2024-06-01', 'province', 'pass'),
  qc('q5', 'Y', '2024-06-01', 'province', 'fail'), // out of Henan
  // 2024 exams: province 3000 examined, 30 suspected (1 %), 120 contraindications (4 %).
  examFact('x1', 1, 'D', 10, 40), // 1 %, 4 %: not low
  examFact('x2', 2, 'E', 2, 20), // 0.2 % < 0.5 %: low; 2 % = ½ × 4 %: not under half
  examFact('x3', 3, undefined, 18, 60),
  complaint('c1', 'G', true, false), // major, to verify
  complaint('c2', 'H', true, true), // already investigated
  complaint('c3', 'I', false, false), // not major
];

async function store(): Promise<MemoryStore> {
  const s = new MemoryStore();
  await s.write({ regions, institutions, employers, facts });
  return s;
}

describe('001 附件3 二(三)3: the provincial QC candidates', () => {
  it('the clause is quoted from the seed', () => {
    expect(SEED).toContain(HENAN_QC_CANDIDATE_SOURCE.quote);
  });

  it('lists each qualifying health-exam institution of Henan with the grounds it meets', async () => {
    const r = await henanQcCandidates(await store(), 2025, {
      prefectureQcCentres: ['J', 'T'],
      refusedComparison: ['K', 'B'],
    });
    // 10 health-exam institutions in Henan (not T, a technical-service body; not Y, in Yunnan)
    expect(r.institutions).toBe(10);
    expect(r.required).toBe(5);
    expect(r.provincialDetection).toEqual({
      suspected: 30,
      contraindications: 120,
      examined: 3000,
    });
    const grounds = Object.fromEntries(
      r.candidates.map((c) => [c.institution, c.reasons.map((g) => g.reason)]),
    );
    expect(grounds).toEqual({
      A: ['newly-filed'],
      B: ['failed-provincial-qc', 'refused-comparison'],
      E: ['low-detection-rate'],
      G: ['major-complaint'],
      J: ['prefecture-qc-centre'],
      K: ['refused-comparison'],
    });
    const e = r.candidates.find((c) => c.institution === 'E')!.reasons[0]!;
    expect(e.detail).toBe('suspected 0.2 % < ½ × 1 %');
    expect(e.label.zh).toContain('低于全省平均水平50%以上');
    expect(r.candidates.find((c) => c.institution === 'B')!.reasons[0]!.detail).toContain('q1');
  });

  it('"最近年度新备案" runs from 1 January of last year to the reference date', async () => {
    const s = await store();
    await s.write({
      institutions: [exam('L', { filing: { number: 'F-L', grantedOn: '2025-06-02' } })],
    });
    const early = await henanQcCandidates(s, 2025, { asOf: '2025-06-01' });
    expect(early.candidates.map((c) => c.institution)).not.toContain('L');
    const late = await henanQcCandidates(s, 2025, { asOf: '2025-06-02' });
    expect(late.candidates.find((c) => c.institution === 'L')?.reasons[0]?.detail).toBe(
      'filed 2025-06-02',
    );
    // a year later, 2024 filings are no longer recent
    const next = await henanQcCandidates(s, 2026);
    expect(next.candidates.map((c) => c.institution)).not.toContain('A');
  });
});
