import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../date/index.js';
import { henanObligations } from '../plans/henan-three-actions/calendar.js';
import { RegionTree } from '../region/index.js';
import {
  type ExpectedReport,
  REPORT_STATUSES,
  reportingRates,
  statusForDeadline,
  statusOf,
} from './status.js';

const quarterly = henanObligations.find((o) => o.id === 'henan.db-supplement-quarterly')!;

describe('statusOf', () => {
  it('classifies by the deadline 2025-06-30 (seed 001 附件1 二(一)3)', () => {
    expect(statusOf(quarterly, '2025Q2', '2025-06-30', '2025-07-05')).toBe('on-time');
    expect(statusOf(quarterly, '2025Q2', '2025-07-01', '2025-07-05')).toBe('late');
    expect(statusOf(quarterly, '2025Q2', undefined, '2025-07-01')).toBe('missing');
    expect(statusOf(quarterly, '2025Q2', null, '2025-06-30')).toBe('due-soon');
    expect(statusOf(quarterly, '2025Q2', undefined, '2025-06-23')).toBe('due-soon');
    expect(statusOf(quarterly, '2025Q2', undefined, '2025-06-22')).toBe('not-yet-due');
    expect(statusOf(quarterly, '2025Q2', undefined, '2025-06-10', { dueSoonDays: 30 })).toBe(
      'due-soon',
    );
  });
  it('rejects a period of the wrong type', () => {
    expect(() => statusOf(quarterly, '2025', undefined, '2025-06-10')).toThrow(
      /calendar.period-type/,
    );
  });
  it('is monotone in the submission date: on-time, then late, never back', () => {
    const rank = (s: string) => REPORT_STATUSES.indexOf(s as never);
    fc.assert(
      fc.property(
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: -400, max: 400 }),
        (a, gap, t) => {
          const deadline = '2025-06-30';
          const early = addDays(deadline, a);
          const later = addDays(early, gap);
          const today = addDays(deadline, t);
          const s1 = statusForDeadline(deadline, early, today);
          const s2 = statusForDeadline(deadline, later, today);
          expect(['on-time', 'late']).toContain(s1);
          expect(rank(s2)).toBeGreaterThanOrEqual(rank(s1));
        },
      ),
    );
  });
  it('without a submission, status only worsens as today advances', () => {
    const order = ['not-yet-due', 'due-soon', 'missing'];
    fc.assert(
      fc.property(fc.integer({ min: -60, max: 60 }), fc.integer({ min: 0, max: 60 }), (t, gap) => {
        const a = statusForDeadline('2025-03-30', undefined, addDays('2025-03-30', t));
        const b = statusForDeadline('2025-03-30', undefined, addDays('2025-03-30', t + gap));
        expect(order.indexOf(b)).toBeGreaterThanOrEqual(order.indexOf(a));
      }),
    );
  });
});

describe('reportingRates', () => {
  const tree = RegionTree.build([
    { code: '410000', name: { zh: '河南省' }, level: 'province', parent: null },
    { code: '410100', name: { zh: '郑州市' }, level: 'prefecture', parent: '410000' },
    { code: '410200', name: { zh: '开封市' }, level: 'prefecture', parent: '410000' },
    { code: '410300', name: { zh: '洛阳市' }, level: 'prefecture', parent: '410000' },
  ]);
  const q = (region: string, period: string, deadline: string): ExpectedReport => ({
    obligationId: quarterly.id,
    region,
    period,
    deadline,
  });
  const expected = [
    q('410100', '2025Q1', '2025-03-30'),
    q('410100', '2025Q2', '2025-06-30'),
    q('410100', '2025Q3', '2025-09-30'),
    q('410200', '2025Q1', '2025-03-30'),
    q('410200', '2025Q2', '2025-06-30'),
    q('410200', '2025Q3', '2025-09-30'),
    q('410300', '2025Q3', '2025-09-30'),
  ];
  const s = (region: string, period: string, submittedOn: string) => ({
    obligationId: quarterly.id,
    region,
    period,
    submittedOn,
  });
  const submissions = [
    s('410100', '2025Q1', '2025-03-28'),
    s('410100', '2025Q1', '2025-04-20'), // resubmission: the earliest date counts
    s('410100', '2025Q2', '2025-07-02'),
    s('410200', '2025Q1', '2025-03-30'),
    s('410200', '2025Q3', '2025-09-20'), // early: credited though not yet due
  ];
  const rates = reportingRates({ expected, submissions, today: '2025-07-15', tree });

  it('counts expected (due or received), received and on time per region', () => {
    // 410100: Q1 on time, Q2 late, Q3 not yet due → 2 expected.
    expect(rates.get('410100')).toMatchObject({ expected: 2, received: 2, onTime: 1 });
    // 410200: Q1 on time, Q2 missing, Q3 early → 3 expected.
    expect(rates.get('410200')).toMatchObject({ expected: 3, received: 2, onTime: 2 });
    expect(rates.get('410300')).toMatchObject({ expected: 0, received: 0, onTime: 0 });
    expect(rates.get('410300')?.completeness.value).toBeNull();
  });
  it('rolls up as a ratio of sums, not an average of rates', () => {
    const p = rates.get('410000')!;
    expect([p.expected, p.received, p.onTime]).toEqual([5, 4, 3]);
    expect(p.completeness.value?.toString()).toBe('80');
    expect(p.timeliness.value?.toFixed(2)).toBe('60.00');
    // Average of the children's timeliness (50 % and 66.7 %) would be 58.3 %, not 60 %.
    expect(p.timeliness.numerator).toBe(3);
    expect(p.timeliness.denominator).toBe(5);
  });
  it('without a tree, each region gets its own counts', () => {
    const flat = reportingRates({ expected, submissions, today: '2025-12-31' });
    expect(flat.get('410300')).toMatchObject({ expected: 1, received: 0 });
    expect(flat.has('410000')).toBe(false);
  });
});
