/**
 * @module @occhealth/core
 * The pure core of occhealth: domain model, schemas, indicators, targets, rollups, reporting
 * calendars and the storage port. No I/O.
 */

// errors
export {
  ConflictError,
  ForbiddenError,
  fail,
  fromZodIssues,
  isOccHealthError,
  issue,
  NotFoundError,
  OccHealthError,
  PeriodLockedError,
  parseWith,
  StoreError,
  ValidationError,
} from './errors/index.js';
export type { ErrorCode, ErrorDetails, ValidationIssue } from './errors/index.js';

// date
export {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dateParts,
  daysBetween,
  daysInMonth,
  endOfMonth,
  isCalendarDate,
  isoDateSchema,
  isoWeekday,
  MAX_DATE,
  MIN_DATE,
  makeDate,
  maxDate,
  minDate,
  parseIsoDate,
  todayInChina,
} from './date/index.js';
export type { IsoDate } from './date/index.js';

// period
export {
  FOURTEENTH_FIVE_YEAR_PLAN,
  formatPeriod,
  isoWeeksInYear,
  isPeriodId,
  nextPeriod,
  parentPeriod,
  parsePeriod,
  periodChildren,
  periodContains,
  periodIdSchema,
  periodOfDate,
  periodsOverlap,
  planSpan,
  previousPeriod,
  shiftPeriod,
} from './period/index.js';
export type { Period, PeriodType } from './period/index.js';

// region
export {
  labelSchema,
  levelRank,
  parseRegion,
  REGION_LEVEL_LABELS,
  REGION_LEVELS,
  RegionTree,
  regionCodeSchema,
  regionSchema,
} from './region/index.js';
export type { Label, Region, RegionLevel } from './region/index.js';

// employer
export {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
  creditCodeProblem,
  creditCodeSchema,
  EMPLOYER_STATUSES,
  employerSchema,
  HAZARD_LEVELS,
  hasSevereHazard,
  INDUSTRY_SECTIONS,
  industrialSizeClass,
  industryCodeSchema,
  isActiveOn,
  isIndustrial,
  isIndustrialIndustry,
  isSme,
  isValidCreditCode,
  parseCreditCode,
  parseEmployer,
  parseIndustryCode,
  REGISTRATION_AUTHORITIES,
  SIZE_CLASS_LABELS,
  SIZE_CLASSES,
  statusChangeSchema,
  statusOn,
  SUSPENSION_GRACE_MONTHS,
} from './employer/index.js';
export type {
  CreditCodeParts,
  Employer,
  EmployerInput,
  EmployerStatus,
  HazardLevel,
  IndustryCode,
  SizeClass,
} from './employer/index.js';

// facts
export {
  assistanceFactSchema,
  awardFactSchema,
  caseReportFactSchema,
  complaintFactSchema,
  declarationFactSchema,
  enforcementCaseFactSchema,
  FACT_KIND_LABELS,
  FACT_KINDS,
  factSchema,
  factSourceSchema,
  guidanceFactSchema,
  hazardEvaluationFactSchema,
  hazardTestingFactSchema,
  healthExamFactSchema,
  inspectionFactSchema,
  leadFactSchema,
  parseFact,
  qcActivityFactSchema,
  techServiceReportFactSchema,
  threeSimultaneitiesFactSchema,
  trainingFactSchema,
} from './facts/index.js';
export type { Fact, FactInput, FactKind, FactOf } from './facts/index.js';

// data values
export {
  dataElementIdSchema,
  dataElementSchema,
  dataValueKey,
  dataValueSchema,
  decimalValueSchema,
  parseDataValue,
} from './data/index.js';
export type { DataElement, DataValue, DataValueInput } from './data/index.js';

// store
export {
  BATCH_KINDS,
  batchLookups,
  canonicalJson,
  MemoryStore,
  parseBatch,
  planWrite,
} from './store/index.js';
export type {
  BatchKind,
  BatchLookups,
  DataValueQuery,
  EmployerQuery,
  ExistingRecords,
  FactQuery,
  KindCounts,
  ParsedBatch,
  ParsedRow,
  PlannedRow,
  Store,
  Stored,
  WriteBatch,
  WriteMode,
  WriteOptions,
  WritePlan,
  WriteResult,
} from './store/index.js';
