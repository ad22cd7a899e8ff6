/**
 * @module templates/records
 * Forms filled from registry records (the caller reads them from its store): seed 004 附表2
 * 帮扶企业清单 and 附表3 进度表 from employers and assistance facts (五个一 items), and seed 001's
 * quarterly “数据库”补充信息情况 report from lead facts (线索).
 */
import {
  addMonths,
  type Employer,
  type Fact,
  type FactOf,
  INDUSTRY_SECTIONS,
  type IsoDate,
  isActiveOn,
  NotFoundError,
  type Plan,
  parseIndustryCode,
  parsePeriod,
  type RegionTree,
  SIZE_CLASS_LABELS,
  statusOn,
  YUNNAN_PROGRAMME,
  yunnanSmeAssistance,
} from '@occhealth/core';
import { type CellValue, defineTable, type Row, type Table, type Text } from '../model.js';
import { formTable } from './form.js';

/** The records a form is filled from. */
export interface FormRecords {
  /** The region tree (names, prefectures). */
  readonly tree: RegionTree;
  /** Employers of the regions reported on. */
  readonly employers: readonly Employer[];
  /** Their facts (other kinds are ignored). */
  readonly facts: readonly Fact[];
}

/** Options of {@link enterpriseListTable} and {@link progressTable}. */
export interface AssistanceFormOptions {
  /** First day of the assistance records read (default 1 January of `asOf`'s year). */
  readonly from?: IsoDate;
  /** The reference date: the last day read, and the day statuses are judged on. */
  readonly asOf: IsoDate;
  /** Assistance programme (default Yunnan's 五个一, `yunnan-five-ones`). */
  readonly programme?: string;
  /** The pack whose forms are filled (default the Yunnan SME pack). */
  readonly plan?: Plan;
  /**
   * Hazard-testing programmes that count for column 6 (default `periodic` and `monitoring`: 五个一
   * item 1 may include testing under monitoring projects, seed 004 二(三)1).
   */
  readonly testingProgrammes?: readonly string[];
}

type Assistance = FactOf<'assistance'>;

interface Assisted {
  readonly employer: Employer;
  readonly records: Assistance[];
}

const within = (d: IsoDate, from: IsoDate, to: IsoDate) => d >= from && d <= to;

/** Assisted SMEs of the window, in region-code then name order; large employers left out. */
function assisted(
  records: FormRecords,
  options: AssistanceFormOptions,
): {
  list: Assisted[];
  large: number;
} {
  const from = options.from ?? `${options.asOf.slice(0, 4)}-01-01`;
  const programme = options.programme ?? YUNNAN_PROGRAMME;
  const byCode = new Map(records.employers.map((e) => [e.creditCode, e]));
  const found = new Map<string, Assistance[]>();
  for (const f of records.facts) {
    if (f.kind !== 'assistance' || f.programme !== programme) continue;
    if (!within(f.date, from, options.asOf)) continue;
    const list = found.get(f.employer) ?? [];
    list.push(f);
    found.set(f.employer, list);
  }
  let large = 0;
  const list: Assisted[] = [];
  for (const [code, facts] of found) {
    const employer = byCode.get(code);
    if (!employer) continue;
    // Seed 004 (and 001) cover 中小微企业 only (统计上大中小微型企业划分办法 2017).
    if (employer.size === 'large') {
      large++;
      continue;
    }
    list.push({ employer, records: facts });
  }
  list.sort(
    (a, b) =>
      a.employer.region.localeCompare(b.employer.region) ||
      a.employer.name.localeCompare(b.employer.name, 'zh-CN'),
  );
  return { list, large };
}

function placeOf(
  tree: RegionTree,
  code: string,
): { prefecture: string | null; county: string | null } {
  const here = tree.get(code);
  const chain = [here, ...tree.ancestors(code)].filter((r) => r !== undefined);
  return {
    prefecture: chain.find((r) => r.level === 'prefecture')?.name.zh ?? null,
    county: chain.find((r) => r.level === 'county')?.name.zh ?? null,
  };
}

function formOf(plan: Plan, id: string) {
  const form = plan.forms.find((f) => f.id === id);
  if (!form) throw new NotFoundError('form', id, '表单');
  return form;
}

function largeNote(large: number): Text[] {
  return large === 0
    ? []
    : [
        {
          zh: `另有${large}家大型企业有帮扶记录，不属于中小微企业，未列入。`,
          en: `${large} large enterprises with assistance records are not SMEs and are left out.`,
        },
      ];
}

function withNotes(table: Table, notes: readonly Text[]): Table {
  return notes.length === 0
    ? table
    : defineTable({ ...table, footnotes: [...(table.footnotes ?? []), ...notes] });
}

/**
 * 004 附表2 云南省中小微企业职业健康帮扶企业清单 from the registry: every SME with an assistance
 * record of the programme dated from `from` to `asOf`, with its prefecture and county (from the
 * region tree), name, industry (the GB/T 4754 门类 of its industry code), size, credit code and
 * industry code. Large employers are left out and counted in a footnote.
 * @example
 * ```ts check
 * declare const records: FormRecords; // the tree, employers and facts of the regions reported on
 * console.log(renderText(enterpriseListTable(records, { asOf: '2025-05-10' })));
 * ```
 */
export function enterpriseListTable(records: FormRecords, options: AssistanceFormOptions): Table {
  const plan = options.plan ?? yunnanSmeAssistance;
  const { list, large } = assisted(records, options);
  const rows = list.map(({ employer: e }, i): Record<string, CellValue> => {
    const industry = e.industry ? parseIndustryCode(e.industry) : undefined;
    return {
      seq: i + 1,
      ...placeOf(records.tree, e.region),
      enterpriseName: e.name,
      industryName: industry ? (INDUSTRY_SECTIONS[industry.section]?.zh ?? null) : null,
      size: SIZE_CLASS_LABELS[e.size].zh,
      creditCode: e.creditCode,
      industryCode: e.industry ?? null,
    };
  });
  return withNotes(formTable(formOf(plan, 'yunnan-sme.enterprise-list'), rows), [
    {
      zh: `帮扶记录日期${options.from ?? `${options.asOf.slice(0, 4)}-01-01`}至${options.asOf}；“企业所属行业”按行业编码的门类填写。`,
      en: `Assistance records dated ${options.from ?? `${options.asOf.slice(0, 4)}-01-01`} to ${options.asOf}; the industry is the GB/T 4754 section of the industry code.`,
    },
    ...largeNote(large),
  ]);
}

/** Columns of 附表3 the model has no record for: blank, named in a footnote. */
export const PROGRESS_UNSOURCED = ['protectiveFacilitiesSet'] as const;

/**
 * 004 附表3 云南省中小微企业职业健康帮扶行动进度表 from the registry, one row per assisted SME (as
 * {@link enterpriseListTable}). Columns 5–8 (主体责任落实情况; the seed gives no value type) are
 * written 已/未 from facts, judged on `asOf`: 申报 — a declaration up to `asOf`; 定期检测 — a
 * hazard test of a counted programme within the 12 months up to `asOf` for a 严重 class employer,
 * 36 months for others (工作场所职业卫生管理规定 第二十、二十一条); 体检 — a health exam with a
 * worker examined, and 培训 — a training record, dated from `from` to `asOf`. Columns 9–12 and 14
 * are the 五个一 items of the assistance records (any record with the item done); column 14 is blank
 * when the records say the employer has no exceeding posts (the item does not apply). Column 15
 * sums the problems found, column 16 writes the problems rectified of those found. Column 13
 * (是否设置职业病防护设施, not one of the 五个一) has no record in the model: blank, with a footnote.
 * @example
 * ```ts check
 * declare const records: FormRecords; // the tree, employers and facts of the regions reported on
 * console.log(renderText(progressTable(records, { asOf: '2025-07-10' })));
 * ```
 */
export function progressTable(records: FormRecords, options: AssistanceFormOptions): Table {
  const plan = options.plan ?? yunnanSmeAssistance;
  const from = options.from ?? `${options.asOf.slice(0, 4)}-01-01`;
  const asOf = options.asOf;
  const testing = new Set(options.testingProgrammes ?? ['periodic', 'monitoring']);
  const { list, large } = assisted(records, options);
  const factsOf = new Map<string, Fact[]>();
  for (const f of records.facts) {
    const code = 'employer' in f ? f.employer : undefined;
    if (code === undefined) continue;
    const list = factsOf.get(code) ?? [];
    list.push(f);
    factsOf.set(code, list);
  }
  const done = (yes: boolean, zh: [string, string]) => (yes ? zh[0] : zh[1]);
  const rows = list.map(({ employer: e, records: help }, i): Record<string, CellValue> => {
    const facts = factsOf.get(e.creditCode) ?? [];
    const months = e.hazardLevel === 'severe' ? 12 : 36;
    const since = addMonths(asOf, -months);
    const item = (id: string) => help.some((a) => a.items[id] === true);
    const noExceeding = help.every((a) => a.hasExceedingPosts === false);
    const found = help.reduce((s, a) => s + a.problemsFound, 0);
    const rectified = help.reduce((s, a) => s + a.problemsRectified, 0);
    return {
      seq: i + 1,
      ...placeOf(records.tree, e.region),
      enterpriseName: e.name,
      declared: done(
        facts.some((f) => f.kind === 'declaration' && f.date <= asOf),
        ['已申报', '未申报'],
      ),
      periodicTested: done(
        facts.some(
          (f) =>
            f.kind === 'hazard-testing' && testing.has(f.programme) && within(f.date, since, asOf),
        ),
        ['已检测', '未检测'],
      ),
      healthExamined: done(
        facts.some(
          (f) => f.kind === 'health-exam' && f.workersExamined > 0 && within(f.date, from, asOf),
        ),
        ['已体检', '未体检'],
      ),
      trained: done(
        facts.some((f) => f.kind === 'training' && within(f.date, from, asOf)),
        ['已培训', '未培训'],
      ),
      hazardIdentificationDone: item('hazardIdentification'),
      managementSystemEstablished: item('managementSystem'),
      noticeAndPpeGuidanceDone: item('noticeAndPpeGuidance'),
      trainingHeld: item('training'),
      exceedingPostGovernanceDone: noExceeding ? null : item('exceedingPostGovernance'),
      problemsFound: found,
      rectificationStatus: found === 0 ? '无问题' : `已整改${rectified}项/共${found}项`,
    };
  });
  return withNotes(
    formTable(formOf(plan, 'yunnan-sme.progress-table'), rows, {
      unsourced: [...PROGRESS_UNSOURCED],
    }),
    [
      {
        zh: `截至${asOf}：申报为截至当日的申报记录；定期检测为当日前12个月（严重类）或36个月（其他）内的检测；体检、培训为${from}至${asOf}的记录；无超标岗位的企业“超标岗位治理”不适用，留空。`,
        en: `As of ${asOf}: declared = a declaration up to that day; tested = a test within the 12 months (severe class) or 36 months (others) before it; examined and trained = records dated ${from} to ${asOf}; exceeding-post governance is blank where the employer has no exceeding posts.`,
      },
      ...largeNote(large),
    ],
  );
}

/** Labels of a lead's source (seed 001 附件1 二(一)3 (1)–(4) and the closing paragraph). */
export const LEAD_SOURCE_TEXT: Record<FactOf<'lead'>['leadSource'], Text> = {
  department: { zh: '有关部门信息', en: 'other departments' },
  enforcement: { zh: '卫生监督执法信息', en: 'enforcement records' },
  patrol: { zh: '卫生监督协管员巡查', en: 'township patrols' },
  complaint: { zh: '投诉举报', en: 'complaints' },
  'system-cross-check': { zh: '信息系统比对', en: 'information-system cross-check' },
  zone: { zh: '开发区、工业园区、赋权乡镇（街道）', en: 'development zones and parks' },
  'daily-work': { zh: '日常工作发现', en: 'found in daily work' },
};

const STATUS_TEXT = { active: '在营', suspended: '停产停业', deregistered: '注销' } as const;
const HAZARD_TEXT = { severe: '严重', general: '一般', none: null } as const;

/** Options of {@link databaseSupplementTable}. */
export interface DatabaseSupplementOptions {
  /** The quarter reported, e.g. `2025Q3`. */
  readonly quarter: string;
}

/**
 * Seed 001 (附件1 二(一)3) quarterly report of the 职业病危害用人单位数据库's supplements
 * (“要在每个季度最后一个月30日前向省卫生健康委报告1次‘数据库’补充信息情况”): every lead found in
 * the quarter, with its county, employer, source, the days found and verified, whether it was
 * verified within one month (“要在1个月内完成相关线索核实确认”), and — on the quarter's last day —
 * whether the employer has declared, its business status (停产停业6个月以内 still counts) and its
 * industry's hazard class. The seed prints no form: the columns follow what the clause asks to
 * report. A lead without an employer shows blank employer cells.
 * @example
 * ```ts check
 * declare const records: FormRecords; // the tree, employers and facts of the regions reported on
 * console.log(renderText(databaseSupplementTable(records, { quarter: '2025Q3' })));
 * ```
 */
export function databaseSupplementTable(
  records: FormRecords,
  options: DatabaseSupplementOptions,
): Table {
  const q = parsePeriod(options.quarter);
  const byCode = new Map(records.employers.map((e) => [e.creditCode, e]));
  const declared = new Set(
    records.facts
      .filter((f) => f.kind === 'declaration' && f.date <= q.end)
      .map((f) => (f as FactOf<'declaration'>).employer),
  );
  const leads = records.facts
    .filter((f): f is FactOf<'lead'> => f.kind === 'lead' && within(f.date, q.start, q.end))
    .sort((a, b) => a.region.localeCompare(b.region) || a.date.localeCompare(b.date));
  let verified = 0;
  let onTime = 0;
  const rows: Row[] = leads.map((lead, i) => {
    const e = lead.employer ? byCode.get(lead.employer) : undefined;
    const inTime = lead.verifiedOn !== undefined && lead.verifiedOn <= addMonths(lead.date, 1);
    if (lead.verifiedOn !== undefined) verified++;
    if (inTime) onTime++;
    const status = e ? statusOn(e, q.end) : undefined;
    return {
      cells: {
        seq: i + 1,
        county:
          placeOf(records.tree, lead.region).county ??
          records.tree.get(lead.region)?.name.zh ??
          lead.region,
        employer: e?.name ?? null,
        creditCode: lead.employer ?? null,
        source: LEAD_SOURCE_TEXT[lead.leadSource].zh,
        foundOn: lead.date,
        verifiedOn: lead.verifiedOn ?? null,
        verifiedInMonth: inTime,
        declared: e ? declared.has(e.creditCode) : null,
        status: status
          ? `${STATUS_TEXT[status.status]}${status.status === 'suspended' ? (isActiveOn(e!, q.end) ? '（6个月以内）' : '（超过6个月）') : ''}`
          : null,
        hazardFactors: e && e.hazardFactors.length > 0 ? e.hazardFactors.join('、') : null,
        hazardLevel: e ? HAZARD_TEXT[e.hazardLevel] : null,
      },
    };
  });
  rows.push({
    kind: 'total',
    cells: {
      seq: null,
      county: '合计',
      employer: `新增线索${leads.length}条，已核实${verified}条，其中1个月内${onTime}条`,
    },
  });
  return defineTable({
    id: `henan.db-supplement.${q.id}`,
    title: {
      zh: `职业病危害用人单位“数据库”补充信息情况（${q.id}）`,
      en: `Hazard-employer database: supplements of ${q.id}`,
    },
    headerLines: [
      { zh: '填报单位：', en: 'Reporting unit:' },
      { zh: `报送时限：${q.end.slice(0, 7)}-30前`, en: `Due by ${q.end.slice(0, 7)}-30` },
    ],
    columns: [
      { id: 'seq', label: { zh: '序号', en: 'No.' }, type: { kind: 'count' } },
      { id: 'county', label: { zh: '县（市、区）', en: 'County' }, type: { kind: 'text' } },
      {
        label: { zh: '用人单位', en: 'Employer' },
        children: [
          { id: 'employer', label: { zh: '名称', en: 'Name' }, type: { kind: 'text' } },
          {
            id: 'creditCode',
            label: { zh: '统一社会信用代码', en: 'Credit code' },
            type: { kind: 'text' },
          },
        ],
      },
      {
        label: { zh: '线索', en: 'Lead' },
        children: [
          { id: 'source', label: { zh: '来源', en: 'Source' }, type: { kind: 'text' } },
          { id: 'foundOn', label: { zh: '发现日期', en: 'Found on' }, type: { kind: 'date' } },
          {
            id: 'verifiedOn',
            label: { zh: '核实确认日期', en: 'Verified on' },
            type: { kind: 'date' },
          },
          {
            id: 'verifiedInMonth',
            label: { zh: '1个月内核实', en: 'Verified within a month' },
            type: { kind: 'yes-no' },
          },
        ],
      },
      {
        label: { zh: `季末（${q.end}）情况`, en: `At quarter end (${q.end})` },
        children: [
          {
            id: 'declared',
            label: { zh: '是否已申报', en: 'Declared?' },
            type: { kind: 'yes-no' },
          },
          {
            id: 'status',
            label: { zh: '经营状态', en: 'Business status' },
            type: { kind: 'text' },
          },
          {
            id: 'hazardFactors',
            label: { zh: '主要危害因素', en: 'Main hazard factors' },
            type: { kind: 'text' },
          },
          {
            id: 'hazardLevel',
            label: { zh: '职业病危害风险分类', en: 'Hazard-risk class' },
            type: { kind: 'text' },
          },
        ],
      },
    ],
    rows,
    footnotes: [
      {
        zh: '原文：“要在1个月内完成相关线索核实确认；要将日常工作中发现未申报的和停产停业6个月以内但未注销的用人单位纳入‘数据库’；要在每个季度最后一个月30日前向省卫生健康委报告1次‘数据库’补充信息情况。”',
        en: 'Seed: leads are verified within one month; undeclared employers and those suspended six months or less but not deregistered enter the database; the supplements are reported by the 30th of each quarter’s last month.',
      },
      {
        zh: '原文未规定表式：本表各列按该条款要求报告的信息设置。',
        en: 'The seed prints no form: the columns follow what the clause asks to report.',
      },
    ],
    source: { doc: '豫卫职健〔2024〕7号', clause: '附件1 二(一)3' },
  });
}
