/**
 * Golden deadlines and phase windows of the source documents (seeds 000, 001, 003, 004) for 2024
 * and 2025. Every expected date below is read from the seed text, not from the code.
 */
import { describe, expect, it } from 'vitest';
import {
  deadlineOf,
  type Obligation,
  obligationSchema,
  obligationsDue,
  type Phase,
  phaseSchema,
  phaseWindows,
} from '../../src/calendar/index.js';
import {
  henanCalendarNotes,
  henanObligations,
  henanPhases,
} from '../../src/plans/henan-three-actions/calendar.js';
import { yaohaiObligations, yaohaiPhases } from '../../src/plans/yaohai-2025/calendar.js';
import {
  yongqingObligations,
  yongqingPhases,
} from '../../src/plans/yongqing-final-evaluation/calendar.js';
import { yunnanObligations, yunnanPhases } from '../../src/plans/yunnan-sme-assistance/calendar.js';

const byId = <T extends { id: string }>(list: readonly T[], id: string): T => {
  const found = list.find((x) => x.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const due = (list: readonly Obligation[], id: string, period: string) =>
  deadlineOf(byId(list, id), period).deadline;
const windows = (list: readonly Phase[], id: string) => phaseWindows(byId(list, id));

describe('every pack entry is valid and cites its clause', () => {
  const all: Array<[string, readonly Obligation[], readonly Phase[]]> = [
    ['001', henanObligations, henanPhases],
    ['004', yunnanObligations, yunnanPhases],
    ['000', yaohaiObligations, yaohaiPhases],
    ['003', yongqingObligations, yongqingPhases],
  ];
  it.each(all)('seed %s', (seed, obligations, phases) => {
    for (const o of obligations) {
      expect(obligationSchema.safeParse(o).success, o.id).toBe(true);
      expect(o.source.seed).toBe(seed);
      expect(o.source.clause.length).toBeGreaterThan(0);
    }
    for (const p of phases) {
      expect(phaseSchema.safeParse(p).success, p.id).toBe(true);
      expect(p.source.seed).toBe(seed);
    }
    const ids = [...obligations.map((o) => o.id), ...phases.map((p) => p.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('Henan 豫卫职健〔2024〕7号 (seed 001_a63a6f9d9ceef480.txt)', () => {
  // Regression (issue 9): 附件3 二(三)1–2, 二(三)3, 二(四)3 set yearly quotas and 附件1 二(一)3(3) a
  // quarterly comparison, with no deadline and no report; they were modelled as reports due 12-31
  // and at quarter end. They are calendar notes now, kept with the seed's wording.
  it('invents no deadline for the yearly quotas and the quarterly comparison', () => {
    const invented = [
      'henan.system-cross-check',
      'henan.monitoring-guidance-yearly',
      'henan.tech-service-qc-yearly',
      'henan.health-exam-qc-yearly',
      'henan.out-of-province-sampling-yearly',
    ];
    for (const id of invented) {
      expect(
        henanObligations.some((o) => o.id === id),
        id,
      ).toBe(false);
      expect(henanCalendarNotes.find((n) => n.id === id)?.when.zh, id).toMatch(/未规定日期/);
    }
  });

  it('附件1 二(一)1–2: database by 2024-07-10, verification by 2024-09-01', () => {
    expect(due(henanObligations, 'henan.db-initial-screening', '2024')).toBe('2024-07-10');
    expect(due(henanObligations, 'henan.db-verification', '2024')).toBe('2024-09-01');
  });

  it('附件1 二(一)3: quarterly database report by the 30th of each quarter’s last month', () => {
    const o = byId(henanObligations, 'henan.db-supplement-quarterly');
    expect(['2025Q1', '2025Q2', '2025Q3', '2025Q4'].map((q) => deadlineOf(o, q).deadline)).toEqual([
      '2025-03-30',
      '2025-06-30',
      '2025-09-30',
      '2025-12-30',
    ]);
    // The notice is dated 2024-07-01: the 2024 reports due after it are Q3 and Q4.
    expect(deadlineOf(o, '2024Q3').deadline).toBe('2024-09-30');
    expect(deadlineOf(o, '2024Q4').deadline).toBe('2024-12-30');
    expect(() => deadlineOf(o, '2024Q2')).toThrow(/period-out-of-range/);
  });

  it('obligationsDue lists the prefectures’ 2025 reports in date order', () => {
    const got = obligationsDue(
      { obligations: henanObligations },
      'prefecture',
      '2025-01-01',
      '2025-12-31',
    ).map((i) => `${i.deadline} ${i.obligationId}`);
    expect(got).toEqual([
      '2025-03-30 henan.db-supplement-quarterly',
      '2025-06-30 henan.db-supplement-quarterly',
      '2025-07-30 henan.sme-list',
      '2025-09-30 henan.db-supplement-quarterly',
      '2025-12-10 henan.declaration-work-report',
      '2025-12-10 henan.institution-work-report',
      '2025-12-10 henan.sme-evaluation-report',
      '2025-12-30 henan.db-supplement-quarterly',
    ]);
  });

  it('annual reports by 2024-12-10 and 2025-12-10 (附件1 三, 附件2 三(三), 附件3 三(四))', () => {
    for (const id of [
      'henan.declaration-work-report',
      'henan.sme-evaluation-report',
      'henan.institution-work-report',
    ]) {
      expect(due(henanObligations, id, '2024')).toBe('2024-12-10');
      expect(due(henanObligations, id, '2025')).toBe('2025-12-10');
    }
  });

  it('附件2 二(三): SME lists every year by 07-30', () => {
    expect(due(henanObligations, 'henan.sme-list', '2024')).toBe('2024-07-30');
    expect(due(henanObligations, 'henan.sme-list', '2025')).toBe('2025-07-30');
  });

  it('附件3 三(二): problem ledger by 2024-08-31; 附件3 二(二)3: confirmed list by end-2024', () => {
    expect(due(henanObligations, 'henan.institution-problem-ledger', '2024')).toBe('2024-08-31');
    expect(due(henanObligations, 'henan.confirmed-institution-list', '2024')).toBe('2024-12-31');
  });

  it('附件1 二(一)3: a lead is verified within one calendar month, clamped at month end', () => {
    const o = byId(henanObligations, 'henan.lead-verification');
    expect(deadlineOf(o, { eventDate: '2025-01-31' }).deadline).toBe('2025-02-28');
    expect(deadlineOf(o, { eventDate: '2024-01-31' }).deadline).toBe('2024-02-29');
    expect(deadlineOf(o, { eventDate: '2025-03-15' }).deadline).toBe('2025-04-15');
  });

  it('附件3 一(四): QC coverage reaches 100 % every two years — the 2024–2025 cycle ends 2025-12-31', () => {
    const d = deadlineOf(byId(henanObligations, 'henan.qc-coverage-two-years'), '2024/2025');
    expect(d.deadline).toBe('2025-12-31');
    expect(d.window).toEqual({ start: '2024-01-01', end: '2025-12-31' });
  });

  it('附件2 三: SME phases — mobilisation 2024-07, implementation 2024-08..2025-10, summary 2024-12 and 2025-11..12', () => {
    expect(windows(henanPhases, 'henan.sme.mobilisation')).toEqual([
      { start: '2024-07-01', end: '2024-07-31' },
    ]);
    expect(windows(henanPhases, 'henan.sme.implementation')).toEqual([
      { start: '2024-08-01', end: '2025-10-31' },
    ]);
    expect(windows(henanPhases, 'henan.sme.summary')).toEqual([
      { start: '2024-12-01', end: '2024-12-31' },
      { start: '2025-11-01', end: '2025-12-31' },
    ]);
  });

  it('附件3 三: institution phases — self-check 2024-07..09, rectification 2024-09..2025-10', () => {
    expect(windows(henanPhases, 'henan.institution.mobilisation')).toEqual([
      { start: '2024-07-01', end: '2024-07-31' },
    ]);
    expect(windows(henanPhases, 'henan.institution.self-check')).toEqual([
      { start: '2024-07-01', end: '2024-09-30' },
    ]);
    expect(windows(henanPhases, 'henan.institution.rectification')).toEqual([
      { start: '2024-09-01', end: '2025-10-31' },
    ]);
    expect(windows(henanPhases, 'henan.institution.summary')).toEqual([
      { start: '2024-12-01', end: '2024-12-31' },
      { start: '2025-11-01', end: '2025-12-31' },
    ]);
  });
});

describe('Yunnan SME assistance, Annex 3 (seed 004_a59e30811f371dda.txt)', () => {
  it('三(四): plan and list by 2024-08-30 and 2025-05-10; progress table by 2025-07-10; summaries by 12-15', () => {
    expect(due(yunnanObligations, 'yunnan.plan-and-list', '2024')).toBe('2024-08-30');
    expect(due(yunnanObligations, 'yunnan.plan-and-list', '2025')).toBe('2025-05-10');
    expect(due(yunnanObligations, 'yunnan.progress-table', '2025')).toBe('2025-07-10');
    expect(due(yunnanObligations, 'yunnan.work-summary', '2024')).toBe('2024-12-15');
    expect(due(yunnanObligations, 'yunnan.work-summary', '2025')).toBe('2025-12-15');
  });

  it('附表3 备注 repeats 2024-12-15, 2025-07-10 and 2025-12-15 as the dates 附表3 travels', () => {
    const dates = obligationsDue(
      { obligations: yunnanObligations },
      'prefecture',
      '2024-01-01',
      '2025-12-31',
    )
      .filter((i) => i.obligationId !== 'yunnan.plan-and-list')
      .map((i) => i.deadline);
    expect(dates).toEqual(['2024-12-15', '2025-07-10', '2025-12-15']);
  });

  it('the action window is 2024–2025 (title and 一)', () => {
    expect(windows(yunnanPhases, 'yunnan.sme.action')).toEqual([
      { start: '2024-01-01', end: '2025-12-31' },
    ]);
  });
});

describe('Yaohai 2025 key points drafting note (seed 000_4148c18198bf1530.txt)', () => {
  it('二: drafting phases Dec 2024 – Jan 2025, mid–late Jan, late Jan – early Feb 2025', () => {
    expect(windows(yaohaiPhases, 'yaohai.drafting.preparation')).toEqual([
      { start: '2024-12-01', end: '2025-01-31' },
    ]);
    expect(windows(yaohaiPhases, 'yaohai.drafting.writing')).toEqual([
      { start: '2025-01-11', end: '2025-01-31' },
    ]);
    expect(windows(yaohaiPhases, 'yaohai.drafting.consultation')).toEqual([
      { start: '2025-01-21', end: '2025-02-10' },
    ]);
  });

  it('三 第一板块: target review by end of June, final-evaluation report by end of August 2025', () => {
    expect(due(yaohaiObligations, 'yaohai.fyp14-target-review', '2025')).toBe('2025-06-30');
    expect(due(yaohaiObligations, 'yaohai.final-evaluation-report', '2025')).toBe('2025-08-31');
  });
});

describe('Yongqing final evaluation (seed 003_e793edc77947b793.txt)', () => {
  // Regression (issue 9): 三(一) makes each of the 16 member departments and 县行政审批局 owe its
  // own self-evaluation: 17 reports, not one.
  it('三(一): each of the 17 parties owes its self-evaluation by 2025-06-10', () => {
    const own = yongqingObligations.filter((o) => o.what === 'yongqing.department-self-evaluation');
    expect(own).toHaveLength(17);
    expect(new Set(own.map((o) => o.who.actor?.zh)).size).toBe(17);
    expect(own.some((o) => o.who.actor?.zh === '县行政审批局')).toBe(true);
    for (const o of own) expect(due(yongqingObligations, o.id, '2025')).toBe('2025-06-10');
  });
  it('三(二): the mid-October report goes to 市卫生健康委', () => {
    const report = yongqingObligations.find((o) => o.id === 'yongqing.final-evaluation-report');
    expect(report?.toWhom?.actor?.zh).toBe('市卫生健康委');
    expect(report?.toWhom?.level).toBe('prefecture');
  });
  it('三(三): provincial spot checks late May – late July; national June – September 2025', () => {
    expect(windows(yongqingPhases, 'yongqing.provincial-spot-check')).toEqual([
      { start: '2025-05-21', end: '2025-07-31' },
    ]);
    expect(windows(yongqingPhases, 'yongqing.national-review')).toEqual([
      { start: '2025-06-01', end: '2025-09-30' },
    ]);
  });
  it('joint tasks 一, 二, 五: report by mid-October (10-20), draft and training by end-2025', () => {
    expect(due(yongqingObligations, 'yongqing.final-evaluation-report', '2025')).toBe('2025-10-20');
    expect(due(yongqingObligations, 'yongqing.fyp15-first-draft', '2025')).toBe('2025-12-31');
    expect(due(yongqingObligations, 'yongqing.injury-prevention-training', '2025')).toBe(
      '2025-12-31',
    );
  });
  it('jurisdictions differ: Yaohai’s report is due before Yongqing’s (DOMAIN §4.4 ⚠)', () => {
    expect(
      due(yaohaiObligations, 'yaohai.final-evaluation-report', '2025') <
        due(yongqingObligations, 'yongqing.final-evaluation-report', '2025'),
    ).toBe(true);
  });
});
