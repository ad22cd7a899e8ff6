import { describe, expect, it } from 'vitest';
import { henanObligations, henanPhases } from '../plans/henan-three-actions/calendar.js';
import { deadlineOf, obligationsDue, phasesOn } from './obligations.js';

const plan = { obligations: henanObligations };

describe('obligationsDue', () => {
  it('includes event obligations for the events given, with the region named', () => {
    const got = obligationsDue(
      plan,
      { level: 'county', code: '410102' },
      '2025-01-01',
      '2025-03-31',
      {
        events: [
          { obligationId: 'henan.lead-verification', date: '2025-01-31', region: '410102' },
          { obligationId: 'henan.lead-verification', date: '2025-02-10', region: '410103' },
          { obligationId: 'henan.lead-verification', date: '2025-03-15', region: '410102' },
        ],
      },
    );
    expect(got.map((i) => [i.period, i.deadline, i.region])).toEqual([
      ['2025-01-31', '2025-02-28', '410102'],
    ]);
  });
  it('keeps the Q3 2024 report (due 2024-09-30) and nothing before the notice', () => {
    const got = obligationsDue(plan, 'prefecture', '2024-01-01', '2024-12-31').filter(
      (i) => i.obligationId === 'henan.db-supplement-quarterly',
    );
    expect(got.map((i) => i.period)).toEqual(['2024Q3', '2024Q4']);
  });
  it('lists the two-year QC cycle once, and no invented year-end QC report', () => {
    const got = obligationsDue(plan, 'province', '2025-12-31', '2025-12-31').map(
      (i) => i.obligationId,
    );
    expect(got).toContain('henan.qc-coverage-two-years');
    // Regression (issue 9): the yearly QC quotas are not reports due 12-31 (seed 001 附件3 二(三)).
    expect(got).not.toContain('henan.health-exam-qc-yearly');
    expect(got).not.toContain('henan.confirmed-institution-list'); // 2024 only
  });
  it('rejects a range that ends before it starts', () => {
    expect(() => obligationsDue(plan, 'prefecture', '2025-12-31', '2025-01-01')).toThrow(
      /calendar.window-order/,
    );
  });
});

describe('deadlineOf and phases', () => {
  it('an event obligation needs an event date, a period obligation a period', () => {
    const lead = henanObligations.find((o) => o.id === 'henan.lead-verification')!;
    const list = henanObligations.find((o) => o.id === 'henan.sme-list')!;
    expect(() => deadlineOf(lead, '2025')).toThrow(/calendar.period-type/);
    expect(() => deadlineOf(list, { eventDate: '2025-01-01' })).toThrow(/calendar.period-type/);
    expect(() => deadlineOf(list, '2026')).toThrow(/calendar.period-out-of-range/);
  });
  it('phasesOn finds the phases in progress (seed 001 附件2 三, 附件3 三)', () => {
    expect(
      phasesOn(henanPhases, '2024-09-15')
        .map((p) => p.id)
        .sort(),
    ).toEqual([
      'henan.institution.rectification',
      'henan.institution.self-check',
      'henan.sme.implementation',
    ]);
    expect(
      phasesOn(henanPhases, '2025-11-01')
        .map((p) => p.id)
        .sort(),
    ).toEqual(['henan.institution.summary', 'henan.sme.summary']);
  });
});
