/**
 * @module store/kinds
 * The one registry of record kinds. Each kind is declared once — schema, key and key field,
 * references to other kinds, write order, lock scope, personal fields, its table and indexed
 * columns — and batch parsing, the write planner, `MemoryStore`, the SQL adapters and the
 * importer are all driven by it. Adding a kind is one entry here, its schema and its table.
 */
import type { z } from 'zod';
import type { LockException } from '../calendar/submission.js';
import {
  lockExceptionSchema,
  reportKey,
  type SubmissionRecord,
  submissionRecordSchema,
} from '../calendar/workflow.js';
import { type DataValue, dataValueKey, dataValueSchema } from '../data/index.js';
import { type Employer, employerSchema } from '../employer/index.js';
import { fail } from '../errors/index.js';
import { type Fact, factSchema } from '../facts/index.js';
import {
  type Contact,
  contactSchema,
  type Department,
  departmentSchema,
  type Institution,
  institutionSchema,
} from '../parties/index.js';
import { type Region, regionSchema } from '../region/index.js';

/** The record kinds a batch holds, in the order they are applied (the registry's write order). */
export const BATCH_KINDS = [
  'regions',
  'employers',
  'institutions',
  'departments',
  'contacts',
  'facts',
  'dataValues',
  'submissions',
  'lockExceptions',
] as const;
/** A record kind of a batch. */
export type BatchKind = (typeof BATCH_KINDS)[number];

/** The kinds `@occhealth/import` reads from CSV/JSON files. */
export const IMPORT_KINDS = [
  'regions',
  'employers',
  'institutions',
  'departments',
  'contacts',
  'facts',
  'dataValues',
] as const;
/** A kind the importer reads. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The record type of each kind. */
export interface RecordOfKind {
  /** Regions of the tree. */
  regions: Region;
  /** Employers (用人单位). */
  employers: Employer;
  /** Technical-support and service institutions. */
  institutions: Institution;
  /** Departments that owe reports (联席会议成员单位, …). */
  departments: Department;
  /** People and their contacts (personal data). */
  contacts: Contact;
  /** Dated records about employers. */
  facts: Fact;
  /** Aggregate values reported for a region and period. */
  dataValues: DataValue;
  /** Reports in the sign-off workflow. */
  submissions: SubmissionRecord;
  /** Exceptions to a period lock. */
  lockExceptions: LockException;
}
/** The record type of kind `K`. */
export type RecordOf<K extends BatchKind> = RecordOfKind[K];

/** A reference from a field of one kind to the key of another (checked by the planner). */
export interface KindReference<T> {
  /** Field name, used in issue paths (`employers.region`). */
  readonly field: string;
  /** The kind referred to (written earlier in the write order). */
  readonly kind: ReferencedKind;
  /** The referenced key, or undefined when the field is absent. */
  readonly value: (record: T) => string | null | undefined;
}

/** The kinds other kinds refer to. */
export type ReferencedKind = 'regions' | 'employers' | 'institutions' | 'departments';

/** How a reference to each referenced kind is named in issues (`institution.exists`, …). */
export const REFERENCE_NOUNS: {
  readonly [K in ReferencedKind]: {
    readonly rule: string;
    readonly zh: string;
    readonly en: string;
  };
} = {
  regions: { rule: 'region', zh: '区划', en: 'region' },
  employers: { rule: 'employer', zh: '用人单位', en: 'employer' },
  institutions: { rule: 'institution', zh: '机构', en: 'institution' },
  departments: { rule: 'department', zh: '部门', en: 'department' },
};

/** An indexed column of a kind's table, besides its key, `version` and `record`. */
export interface KindColumn<T> {
  /** Column name (snake_case). */
  readonly column: string;
  /** The column's value for a record. */
  readonly value: (record: T) => string | number | null;
}

/**
 * How the planner checks period locks for a kind: `data` rows are locked by an approved or
 * expired report of their (region, period) that covers their data element; `report` rows are
 * the reports themselves; `exception` rows are lock exceptions (written by admins only).
 */
export type LockScope = 'data' | 'report' | 'exception';

/** One kind's declaration. */
export interface KindSpec<K extends BatchKind> {
  /** The kind's name, e.g. `employers`. */
  readonly kind: K;
  /** Chinese and English name of the kind, for messages. */
  readonly label: { readonly zh: string; readonly en: string };
  /** The core schema every row must pass. */
  readonly schema: z.ZodType<RecordOf<K>, unknown>;
  /** The key field(s), for issue paths (`dataElement|region|period` for composite keys). */
  readonly keyField: string;
  /** The record's key. */
  readonly keyOf: (record: RecordOf<K>) => string;
  /** References checked before the row is written. */
  readonly references: readonly KindReference<RecordOf<K>>[];
  /** Position in the write order (referenced kinds first). */
  readonly order: number;
  /** How period locks apply (none when absent). */
  readonly lockScope?: LockScope;
  /** The region a record belongs to (subtree filters, audit chains). */
  readonly regionOf: (record: RecordOf<K>) => string;
  /** Top-level fields stored in audit entries as a hash, never in clear. */
  readonly personal: readonly string[];
  /** SQL table. */
  readonly table: string;
  /** SQL key column. */
  readonly keyColumn: string;
  /** SQL column holding the region of {@link KindSpec.regionOf} (subtree filters). */
  readonly regionColumn: string;
  /** Indexed SQL columns derived from the record. */
  readonly columns: readonly KindColumn<RecordOf<K>>[];
  /** List order: the fields (SQL columns) rows are sorted by; the key breaks ties. */
  readonly sortColumns: readonly string[];
  /** The list-order tuple of a record (same order as `sortColumns`). */
  readonly sortOf: (record: RecordOf<K>) => readonly string[];
}

const region = <T extends { region: string }>(): KindReference<T> => ({
  field: 'region',
  kind: 'regions',
  value: (r) => r.region,
});

/** The registry: every kind, once. */
export const RECORD_KINDS: { readonly [K in BatchKind]: KindSpec<K> } = {
  regions: {
    kind: 'regions',
    label: { zh: '行政区划', en: 'regions' },
    schema: regionSchema,
    keyField: 'code',
    keyOf: (r) => r.code,
    references: [], // parents are checked with the whole tree
    order: 0,
    regionOf: (r) => r.code,
    personal: [],
    table: 'regions',
    keyColumn: 'code',
    regionColumn: 'code',
    columns: [
      { column: 'parent', value: (r) => r.parent },
      { column: 'level', value: (r) => r.level },
    ],
    sortColumns: [],
    sortOf: () => [],
  },
  employers: {
    kind: 'employers',
    label: { zh: '用人单位', en: 'employers' },
    schema: employerSchema,
    keyField: 'creditCode',
    keyOf: (r) => r.creditCode,
    references: [region<Employer>()],
    order: 1,
    regionOf: (r) => r.region,
    personal: [],
    table: 'employers',
    keyColumn: 'credit_code',
    regionColumn: 'region',
    columns: [{ column: 'region', value: (r) => r.region }],
    sortColumns: [],
    sortOf: () => [],
  },
  institutions: {
    kind: 'institutions',
    label: { zh: '机构', en: 'institutions' },
    schema: institutionSchema as unknown as z.ZodType<Institution, unknown>,
    keyField: 'id',
    keyOf: (r) => r.id,
    references: [region<Institution>()],
    order: 2,
    regionOf: (r) => r.region,
    personal: [],
    table: 'institutions',
    keyColumn: 'id',
    regionColumn: 'region',
    columns: [
      { column: 'region', value: (r) => r.region },
      { column: 'public', value: (r) => String(r.public) },
      { column: 'out_of_province', value: (r) => String(r.outOfProvince) },
      { column: 'monitoring_confirmation', value: (r) => r.monitoringConfirmation ?? 'none' },
    ],
    sortColumns: [],
    sortOf: () => [],
  },
  departments: {
    kind: 'departments',
    label: { zh: '部门', en: 'departments' },
    schema: departmentSchema,
    keyField: 'id',
    keyOf: (r) => r.id,
    references: [region<Department>()],
    order: 3,
    regionOf: (r) => r.region,
    personal: [],
    table: 'departments',
    keyColumn: 'id',
    regionColumn: 'region',
    columns: [
      { column: 'region', value: (r) => r.region },
      { column: 'kind', value: (r) => r.kind },
    ],
    sortColumns: [],
    sortOf: () => [],
  },
  contacts: {
    kind: 'contacts',
    label: { zh: '联系人', en: 'contacts' },
    schema: contactSchema as unknown as z.ZodType<Contact, unknown>,
    keyField: 'id',
    keyOf: (r) => r.id,
    references: [
      region<Contact>(),
      {
        field: 'unit',
        kind: 'departments',
        value: (r) => (r.unitKind === 'department' ? r.unit : undefined),
      },
      {
        field: 'unit',
        kind: 'institutions',
        value: (r) => (r.unitKind === 'institution' ? r.unit : undefined),
      },
    ],
    order: 4,
    regionOf: (r) => r.region,
    personal: ['name', 'phone', 'email'],
    table: 'contacts',
    keyColumn: 'id',
    regionColumn: 'region',
    columns: [
      { column: 'region', value: (r) => r.region },
      { column: 'unit_kind', value: (r) => r.unitKind },
      { column: 'unit', value: (r) => r.unit },
      { column: 'role', value: (r) => r.role },
    ],
    sortColumns: [],
    sortOf: () => [],
  },
  facts: {
    kind: 'facts',
    label: { zh: '业务记录', en: 'facts' },
    schema: factSchema,
    keyField: 'id',
    keyOf: (r) => r.id,
    references: [
      region<Fact>(),
      {
        field: 'employer',
        kind: 'employers',
        value: (r) => ('employer' in r ? r.employer : undefined),
      },
      {
        field: 'institution',
        kind: 'institutions',
        value: (r) => ('institution' in r ? r.institution : undefined),
      },
    ],
    order: 5,
    regionOf: (r) => r.region,
    personal: ['person'],
    table: 'facts',
    keyColumn: 'id',
    regionColumn: 'region',
    columns: [
      { column: 'kind', value: (r) => r.kind },
      { column: 'region', value: (r) => r.region },
      { column: 'employer', value: (r) => ('employer' in r ? (r.employer ?? null) : null) },
      { column: 'date', value: (r) => r.date },
    ],
    sortColumns: ['date'],
    sortOf: (r) => [r.date],
  },
  dataValues: {
    kind: 'dataValues',
    label: { zh: '数据值', en: 'data values' },
    schema: dataValueSchema,
    keyField: 'dataElement|region|period',
    keyOf: (r) => dataValueKey(r),
    references: [region<DataValue>()],
    order: 6,
    lockScope: 'data',
    regionOf: (r) => r.region,
    personal: [],
    table: 'data_values',
    keyColumn: 'key',
    regionColumn: 'region',
    columns: [
      { column: 'data_element', value: (r) => r.dataElement },
      { column: 'region', value: (r) => r.region },
      { column: 'period', value: (r) => r.period },
    ],
    sortColumns: ['data_element', 'region', 'period'],
    sortOf: (r) => [r.dataElement, r.region, r.period],
  },
  submissions: {
    kind: 'submissions',
    label: { zh: '报送', en: 'submissions' },
    schema: submissionRecordSchema as unknown as z.ZodType<SubmissionRecord, unknown>,
    keyField: 'obligationId|region|period',
    keyOf: reportKey,
    references: [region<SubmissionRecord>()],
    order: 7,
    lockScope: 'report',
    regionOf: (r) => r.region,
    personal: [],
    table: 'submissions',
    keyColumn: 'key',
    regionColumn: 'region',
    columns: [
      { column: 'obligation', value: (r) => r.obligationId },
      { column: 'region', value: (r) => r.region },
      { column: 'period', value: (r) => r.period },
      { column: 'state', value: (r) => r.state },
    ],
    sortColumns: [],
    sortOf: () => [],
  },
  lockExceptions: {
    kind: 'lockExceptions',
    label: { zh: '锁定例外', en: 'lock exceptions' },
    schema: lockExceptionSchema,
    keyField: 'obligationId|region|period',
    keyOf: reportKey,
    references: [region<LockException>()],
    order: 8,
    lockScope: 'exception',
    regionOf: (r) => r.region,
    personal: [],
    table: 'lock_exceptions',
    keyColumn: 'key',
    regionColumn: 'region',
    columns: [
      { column: 'obligation', value: (r) => r.obligationId },
      { column: 'region', value: (r) => r.region },
      { column: 'period', value: (r) => r.period },
    ],
    sortColumns: [],
    sortOf: () => [],
  },
};

/**
 * The spec of one kind.
 * @example kindSpec('employers').table // 'employers'
 */
export function kindSpec<K extends BatchKind>(kind: K): KindSpec<K> {
  return RECORD_KINDS[kind] as KindSpec<K>;
}

/**
 * Is `value` the name of a record kind?
 * @example isBatchKind('users') // false (facts, employers, regions… are)
 */
export function isBatchKind(value: unknown): value is BatchKind {
  return typeof value === 'string' && (BATCH_KINDS as readonly string[]).includes(value);
}

/**
 * Refuse a value that is not the name of a record kind (the `kind` argument of a store's
 * kind-generic reads and of a restore).
 * @throws ValidationError `batch.unknown-kind`, naming the value and the kinds expected.
 * @example assertBatchKind('employers') // passes; assertBatchKind('users') throws
 */
export function assertBatchKind(kind: unknown): asserts kind is BatchKind {
  if (!isBatchKind(kind)) {
    fail(
      'kind',
      kind,
      'batch.unknown-kind',
      `unknown record kind ${String(kind)} (expected one of ${BATCH_KINDS.join(', ')})`,
      `未知的记录类型 ${String(kind)}（应为 ${BATCH_KINDS.join('、')} 之一）`,
    );
  }
}
