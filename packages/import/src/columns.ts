/**
 * @module columns
 * The CSV column spec of each record kind: which header (English id or Chinese name) fills which
 * field, and how a cell's text becomes a value. `docs/import/README.md` documents the same table.
 */
import {
  FACT_KIND_LABELS,
  type ImportKind,
  INSTITUTION_TYPE_LABELS,
  REGION_LEVEL_LABELS,
  SIZE_CLASS_LABELS,
  type ValidationIssue,
} from '@occhealth/core';

/** How a cell's text becomes a field value. */
/** How a CSV cell is read: as text, a number, a boolean, a list, JSON, … */
export type CellType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'list'
  | 'json'
  | 'nullable'
  | 'status-history'
  | { readonly labels: Readonly<Record<string, string>> }
  /** A list (as `list`) whose items are labels (as `labels`). */
  | { readonly listOf: Readonly<Record<string, string>> };

/** One CSV column: the field path it fills, its accepted headers and its cell type. */
export interface ColumnSpec {
  /** Dotted field path, e.g. `creditCode`, `name.zh`, `dispositions.onSpot`. */
  readonly field: string;
  /** Accepted headers besides `field` itself (Chinese names, short forms). */
  readonly aliases: readonly string[];
  /** How the cell's text is read (text, number, boolean, list, JSON…). */
  readonly type: CellType;
}

const col = (field: string, aliases: string[], type: CellType = 'string'): ColumnSpec => ({
  field,
  aliases,
  type,
});

const invert = (labels: Record<string, { zh: string }>, extra: Record<string, string> = {}) => ({
  labels: {
    ...Object.fromEntries(Object.entries(labels).map(([id, l]) => [l.zh, id])),
    ...extra,
  },
});

const SOURCE = [
  col('source.system', ['sourceSystem', '来源系统']),
  col('source.ref', ['sourceRef', '来源编号']),
];

/** The columns of each kind, in template order. */
export const COLUMNS: Readonly<Record<ImportKind, readonly ColumnSpec[]>> = {
  regions: [
    col('code', ['区划代码', '代码']),
    col('name.zh', ['name', '名称', '区划名称']),
    col('name.en', ['nameEn', '英文名称']),
    col(
      'level',
      ['级别', '层级'],
      invert(REGION_LEVEL_LABELS, {
        国家: 'national',
        省: 'province',
        市: 'prefecture',
        地市: 'prefecture',
        县: 'county',
        县区: 'county',
        乡镇: 'township',
        街道: 'township',
        园区: 'park',
      }),
    ),
    col('parent', ['上级区划代码', '上级代码'], 'nullable'),
  ],
  employers: [
    col('creditCode', ['统一社会信用代码', '信用代码']),
    col('name', ['单位名称', '用人单位名称', '名称']),
    col('region', ['区划代码', '所属区划']),
    col('industry', ['行业代码', '行业']),
    col(
      'size',
      ['企业规模', '规模'],
      invert(SIZE_CLASS_LABELS, { 大: 'large', 中: 'medium', 小: 'small', 微: 'micro' }),
    ),
    col('employees', ['职工人数', '从业人数'], 'number'),
    col('hazardFactors', ['职业病危害因素', '危害因素'], 'list'),
    col('hazardLevel', ['危害风险等级', '风险等级'], {
      labels: { 严重: 'severe', 一般: 'general', 无: 'none' },
    }),
    col('statusHistory', ['状态变更', '经营状态'], 'status-history'),
    col('registeredOn', ['成立日期', '登记日期']),
  ],
  facts: [
    col('id', ['编号', '记录编号']),
    col('kind', ['类型', '记录类型'], invert(FACT_KIND_LABELS)),
    col('region', ['区划代码', '所属区划']),
    col('date', ['日期']),
    col('employer', ['统一社会信用代码', '用人单位']),
    col('institution', ['机构', '机构编号']),
    col('note', ['备注']),
    ...SOURCE,
    col('declarationType', ['申报类型']),
    col('programme', ['项目', '帮扶项目', '检测类型']),
    col('postsTested', ['检测岗位数'], 'number'),
    col('postsCompliant', ['合格岗位数'], 'number'),
    col('workersDue', ['应检人数'], 'number'),
    col('workersExamined', ['实检人数'], 'number'),
    col('suspectedCases', ['疑似职业病人数'], 'number'),
    col('contraindications', ['职业禁忌证人数'], 'number'),
    col('principalsTrained', ['主要负责人培训人数'], 'number'),
    col('managersTrained', ['管理人员培训人数'], 'number'),
    col('workersTrained', ['劳动者培训人数'], 'number'),
    col('project', ['项目名称']),
    col('stage', ['阶段']),
    col('totalInvestment', ['总投资（万元）', '总投资']),
    col('evaluationType', ['评价类型']),
    col('items', ['帮扶事项'], 'json'),
    col('hasExceedingPosts', ['存在超标岗位'], 'boolean'),
    col('problemsFound', ['发现问题数'], 'number'),
    col('problemsRectified', ['整改问题数'], 'number'),
    col('dispositions', ['处置情况'], 'json'),
    col('dispositions.onSpot', ['当场整改数'], 'number'),
    col('dispositions.withinDeadline', ['限期整改数'], 'number'),
    col('dispositions.penalty', ['行政处罚数'], 'number'),
    col('category', ['案件类别']),
    col('concludedOn', ['结案日期']),
    col('penalty', ['罚款金额（元）', '罚款金额']),
    col('submittedOn', ['报送日期']),
    col('reportType', ['报告类型']),
    col('casesRequired', ['应报告例数'], 'number'),
    col('casesReported', ['已报告例数'], 'number'),
    col('institutionType', ['机构类型']),
    col('level', ['级别']),
    col('result', ['结果']),
    col('investigated', ['是否调查'], 'boolean'),
    col('repliedOn', ['答复日期']),
    col('leadSource', ['线索来源']),
    col('verifiedOn', ['核实日期']),
    col('awardType', ['奖项类型']),
    col('person', ['人员', '姓名']),
  ],
  institutions: [
    col('id', ['机构编号', '编号']),
    col('name.zh', ['name', '机构名称', '名称']),
    col('name.en', ['nameEn', '英文名称']),
    col('types', ['机构类型'], {
      listOf: invert(INSTITUTION_TYPE_LABELS, {
        疾控中心: 'cdc',
        职防院所: 'od-institute',
        职业病防治院: 'od-institute',
        职业病防治所: 'od-institute',
        职业健康检查: 'health-exam',
        职业病诊断: 'diagnosis',
        卫生监督所: 'supervision',
      }).labels,
    }),
    col('public', ['是否公立', '公立'], 'boolean'),
    col('region', ['区划代码', '所属区划']),
    col('licence.number', ['资质证书编号']),
    col('licence.grantedOn', ['资质发证日期']),
    col('licence.validUntil', ['资质有效期至']),
    col('filing.number', ['备案编号']),
    col('filing.grantedOn', ['备案日期']),
    col('filing.validUntil', ['备案有效期至']),
    col('monitoringConfirmation', ['监测能力确认'], {
      labels: { 直接确认: 'direct', 达标确认: 'by-standard', 未确认: 'none' },
    }),
    col('monitoringConfirmedOn', ['监测能力确认日期']),
    col('outOfProvince', ['是否外省机构', '外省机构'], 'boolean'),
  ],
  departments: [
    col('id', ['部门编号', '编号']),
    col('name.zh', ['name', '部门名称', '名称']),
    col('name.en', ['nameEn', '英文名称']),
    col('region', ['区划代码', '所属区划']),
    col('kind', ['部门类型'], {
      labels: {
        联席会议成员单位: 'joint-meeting-member',
        成员单位: 'joint-meeting-member',
        政府部门: 'government-department',
        其他: 'other',
      },
    }),
  ],
  contacts: [
    col('id', ['联系人编号', '编号']),
    col('region', ['区划代码', '所属区划']),
    col('role', ['角色', '职责'], {
      labels: {
        联络员: 'liaison',
        联系人: 'liaison',
        填表人: 'form-filler',
        负责人: 'head',
        其他: 'other',
      },
    }),
    col('unitKind', ['单位类型'], {
      labels: { 部门: 'department', 机构: 'institution', 区划: 'region' },
    }),
    col('unit', ['单位编号']),
    col('name', ['姓名']),
    col('phone', ['联系电话', '电话', '手机']),
    col('email', ['电子邮箱', '邮箱']),
  ],
  dataValues: [
    col('dataElement', ['数据元', '指标代码']),
    col('region', ['区划代码']),
    col('period', ['期间', '统计期间']),
    col('value', ['数值', '值']),
    ...SOURCE,
  ],
};

/** Columns a file of each kind must have. */
export const REQUIRED_COLUMNS: Readonly<Record<ImportKind, readonly string[]>> = {
  regions: ['code', 'name.zh', 'level'],
  employers: ['creditCode', 'name', 'region', 'size'],
  institutions: ['id', 'name.zh', 'types', 'public', 'region'],
  departments: ['id', 'name.zh', 'name.en', 'region', 'kind'],
  contacts: ['id', 'region', 'role', 'unitKind', 'unit', 'name'],
  facts: ['id', 'kind', 'region', 'date'],
  dataValues: ['dataElement', 'region', 'period', 'value'],
};

/** `items.<id>` columns of assistance facts (one boolean per checklist item). */
const ITEMS_PREFIX = /^(items|帮扶事项)\.(.+)$/;

/** A header resolved to its column. */
export interface HeaderColumn {
  readonly header: string;
  readonly field: string;
  readonly type: CellType;
}

/**
 * Resolve a header row. English ids match case-insensitively; Chinese names exactly (after trim).
 * @returns the columns, or issues (on line 1) for unknown, duplicate or missing columns.
 */
export function resolveHeader(
  kind: ImportKind,
  header: readonly string[],
  line = 1,
): { columns: HeaderColumn[]; issues: ValidationIssue[] } {
  const byName = new Map<string, ColumnSpec>();
  for (const spec of COLUMNS[kind]) {
    byName.set(spec.field.toLowerCase(), spec);
    for (const a of spec.aliases) byName.set(a.toLowerCase(), spec);
  }
  const columns: HeaderColumn[] = [];
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const raw of header) {
    const name = raw.trim();
    let column: HeaderColumn | undefined;
    const spec = byName.get(name.toLowerCase());
    const item = kind === 'facts' ? ITEMS_PREFIX.exec(name) : null;
    if (spec) column = { header: name, field: spec.field, type: spec.type };
    else if (item) column = { header: name, field: `items.${item[2]}`, type: 'boolean' };
    if (!column) {
      issues.push({
        path: `${kind}.(header)`,
        value: name,
        rule: 'csv.unknown-column',
        message: `unknown column "${name}" for ${kind} (see docs/import/README.md)`,
        messageZh: `${KIND_ZH[kind]}文件中有未知列“${name}”（参见 docs/import/README.md）`,
        row: line,
      });
      continue;
    }
    if (seen.has(column.field)) {
      issues.push({
        path: `${kind}.(header)`,
        value: name,
        rule: 'csv.duplicate-column',
        message: `column "${name}" fills ${column.field}, which an earlier column already fills`,
        messageZh: `列“${name}”对应的字段 ${column.field} 已由前面的列填写`,
        row: line,
      });
    }
    seen.add(column.field);
    columns.push(column);
  }
  const unknown = issues.filter((i) => i.rule === 'csv.unknown-column').length;
  if (unknown > 0 && unknown >= header.length / 2) {
    const hint = headerHint(kind, header);
    const first = issues[0]!;
    issues[0] = {
      ...first,
      message: `${first.message}; ${hint.message}`,
      messageZh: `${first.messageZh}；${hint.messageZh}`,
    };
  }
  for (const field of REQUIRED_COLUMNS[kind]) {
    if (!seen.has(field)) {
      issues.push({
        path: `${kind}.(header)`,
        value: field,
        rule: 'csv.missing-column',
        message: `missing required column ${field}`,
        messageZh: `缺少必需列 ${field}${zhAlias(kind, field)}`,
        row: line,
      });
    }
  }
  return { columns, issues };
}

const KIND_ZH: Record<ImportKind, string> = {
  regions: '行政区划',
  employers: '用人单位',
  institutions: '机构',
  departments: '部门',
  contacts: '联系人',
  facts: '业务记录',
  dataValues: '数据值',
};

/** Why no column of a header was known: another separator, another kind, or another encoding. */
function headerHint(
  kind: ImportKind,
  header: readonly string[],
): { message: string; messageZh: string } {
  const joined = header.join(',');
  const separator = [';', '\t', '|'].find((s) => joined.includes(s));
  if (separator !== undefined) {
    const name = separator === '\t' ? 'tabs' : `"${separator}"`;
    const nameZh = separator === '\t' ? '制表符' : `“${separator}”`;
    return {
      message: `the file seems separated by ${name}: save it comma-separated (Excel: "CSV UTF-8 (comma delimited)")`,
      messageZh: `文件似乎以${nameZh}分隔：请另存为逗号分隔的 CSV（Excel：“CSV UTF-8（逗号分隔）”）`,
    };
  }
  for (const other of Object.keys(COLUMNS) as ImportKind[]) {
    if (other === kind) continue;
    const names = new Set(
      COLUMNS[other].flatMap((c) => [c.field, ...c.aliases]).map((n) => n.toLowerCase()),
    );
    const known = header.filter((h) => names.has(h.trim().toLowerCase())).length;
    if (known >= Math.max(2, header.length / 2)) {
      return {
        message: `the header looks like a ${other} file: pass kind: '${other}'`,
        messageZh: `表头看起来是${KIND_ZH[other]}文件：请指定 kind: '${other}'`,
      };
    }
  }
  return {
    message:
      "no column of the header is known: if the file was saved as GBK pass encoding: 'gbk', if it is UTF-8 leave encoding out, and check that it is comma-separated CSV",
    messageZh:
      "表头中没有可识别的列：如文件为 GBK 编码请指定 encoding: 'gbk'，如为 UTF-8 请不要指定 encoding，并确认文件为逗号分隔的 CSV",
  };
}

/** ` (中文列名)` of a field, for Chinese messages. */
function zhAlias(kind: ImportKind, field: string): string {
  const zh = COLUMNS[kind]
    .find((c) => c.field === field)
    ?.aliases.find((a) => /[\u4e00-\u9fff]/.test(a));
  return zh === undefined ? '' : `（${zh}）`;
}

const TRUE = new Set(['true', '1', 'yes', 'y', '是', '有']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '无']);
const LIST_SEPARATOR = /[;；、|]/;

/**
 * Turn one CSV record into a plain object for the core schemas. Empty cells are left out. Cells
 * that cannot be converted (bad JSON, a bad status list) give issues; numbers and booleans that do
 * not parse are passed on as text so the schema names the rule.
 */
export function recordFromCells(
  kind: ImportKind,
  columns: readonly HeaderColumn[],
  cells: readonly string[],
  line: number,
): { record: Record<string, unknown>; issues: ValidationIssue[] } {
  const record: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  columns.forEach((column, i) => {
    const text = (cells[i] ?? '').trim();
    if (text === '') {
      if (column.type === 'nullable') setPath(record, column.field, null);
      return;
    }
    const converted = convert(column.type, text);
    if ('problem' in converted) {
      issues.push({
        path: `${kind}.${column.field}`,
        value: text,
        rule: converted.problem.rule,
        message: `column "${column.header}": ${converted.problem.message}`,
        messageZh: `列“${column.header}”：${converted.problem.messageZh}`,
        row: line,
      });
      return;
    }
    setPath(record, column.field, converted.value);
  });
  return { record, issues };
}

type Converted =
  | { value: unknown }
  | { problem: { rule: string; message: string; messageZh: string } };

function convert(type: CellType, text: string): Converted {
  if (typeof type === 'object' && 'listOf' in type) {
    if (text.startsWith('[')) return json(text);
    const out: unknown[] = [];
    for (const item of text.split(LIST_SEPARATOR).map((s) => s.trim())) {
      if (item === '') continue;
      const one = convert({ labels: type.listOf }, item);
      if ('problem' in one) return one;
      out.push(one.value);
    }
    return { value: out };
  }
  if (typeof type === 'object') {
    const id = type.labels[text];
    if (id !== undefined) return { value: id };
    const ids = [...new Set(Object.values(type.labels))];
    if (ids.includes(text)) return { value: text };
    const choices = ids.map((v) => {
      const zh = Object.keys(type.labels).find((k) => type.labels[k] === v);
      return zh === undefined ? v : `${v}（${zh}）`;
    });
    return {
      problem: {
        rule: 'csv.unknown-label',
        message: `is none of the accepted values: ${choices.join(', ')}`,
        messageZh: `不是可接受的取值之一：${choices.join('、')}`,
      },
    };
  }
  switch (type) {
    case 'string':
    case 'nullable':
      return { value: text };
    case 'number': {
      const n = Number(text.replaceAll(',', ''));
      return { value: /^-?[\d,]*\.?\d+(e[+-]?\d+)?$/i.test(text) && Number.isFinite(n) ? n : text };
    }
    case 'boolean': {
      const t = text.toLowerCase();
      return { value: TRUE.has(t) ? true : FALSE.has(t) ? false : text };
    }
    case 'list':
      if (text.startsWith('[')) return json(text);
      return {
        value: text
          .split(LIST_SEPARATOR)
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    case 'json':
      return json(text);
    case 'status-history': {
      if (text.startsWith('[')) return json(text);
      const entries = text
        .split(LIST_SEPARATOR)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const out: Array<{ status: string; from: string }> = [];
      for (const entry of entries) {
        const m = /^([^@＠]+)[@＠](.+)$/.exec(entry);
        if (!m) {
          return {
            problem: {
              rule: 'csv.status-history',
              message: 'write status changes as status@YYYY-MM-DD separated by ";", or as JSON',
              messageZh: '状态变更应写作 状态@YYYY-MM-DD，多个用“;”分隔，或写作 JSON',
            },
          };
        }
        out.push({ status: STATUS_LABELS[m[1]!.trim()] ?? m[1]!.trim(), from: m[2]!.trim() });
      }
      return { value: out };
    }
  }
}

const STATUS_LABELS: Record<string, string> = {
  在营: 'active',
  存续: 'active',
  停产停业: 'suspended',
  停产: 'suspended',
  注销: 'deregistered',
};

function json(text: string): Converted {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return {
      problem: {
        rule: 'csv.json',
        message: 'is not valid JSON',
        messageZh: '不是有效的 JSON',
      },
    };
  }
}

/** Dotted paths split once per path, not once per cell. */
const PATH_PARTS = new Map<string, readonly string[]>();

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  let parts = PATH_PARTS.get(path);
  if (parts === undefined) {
    // An assistance checklist item id may itself hold dots: `items.<id>` splits only once.
    parts = path.startsWith('items.') ? ['items', path.slice(6)] : path.split('.');
    if (PATH_PARTS.size < 4096) PATH_PARTS.set(path, parts);
  }
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}
