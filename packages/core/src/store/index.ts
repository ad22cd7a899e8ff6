/**
 * @module store
 */

export {
  assertMayReadPersonal,
  mayReadPersonal,
  PERSONAL_READ_ROLES,
  personalFields,
  personalHash,
  REDACTED_VALUE,
  readableRecord,
  redactIssue,
} from './access.js';
export type { Actor, Role } from './actor.js';
export { actorSchema, ROLE_LABELS, ROLES, SYSTEM_ACTOR } from './actor.js';
export type {
  AuditDraft,
  AuditEntry,
  AuditOp,
  AuditQuery,
  AuditReader,
  AuditVerification,
  ChainHead,
} from './audit.js';
export {
  auditChainOf,
  auditedRecord,
  auditHash,
  GENESIS_HASH,
  personalAuditValue,
  sealAudit,
  verifyAuditChain,
  verifyAuditEntries,
} from './audit.js';
export type { CopyProgress, CopyStoreOptions, CopyStoreResult } from './copy.js';
export { copyStore } from './copy.js';
export type {
  HeldIdempotencyClaim,
  IdempotencyClaim,
  IdempotencyClaimRequest,
  IdempotencyClaimResult,
  IdempotencyRecord,
  IdempotencyResponse,
  IdempotencyStore,
} from './idempotency.js';
export {
  checkHeldIdempotencyClaim,
  checkIdempotencyClaimRequest,
  checkIdempotencyRecord,
  claimExpiry,
  MAX_IDEMPOTENCY_BODY_LENGTH,
  MAX_IDEMPOTENCY_CLAIM_MS,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  newIdempotencyClaimToken,
} from './idempotency.js';
export type {
  BatchKind,
  ImportKind,
  KindColumn,
  KindReference,
  KindSpec,
  LockScope,
  RecordOf,
  RecordOfKind,
  ReferencedKind,
} from './kinds.js';
export {
  assertBatchKind,
  BATCH_KINDS,
  IMPORT_KINDS,
  isBatchKind,
  kindSpec,
  RECORD_KINDS,
  REFERENCE_NOUNS,
} from './kinds.js';
export { MemoryStore } from './memory.js';
export type { Page, PageRequest } from './page.js';
export {
  compareTuples,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageLimit,
  pageOf,
} from './page.js';
export type {
  BatchLookups,
  ChildScope,
  ExistingRecords,
  ParsedBatch,
  ParsedRow,
  ParsedWriteOptions,
  PlanContext,
  PlannedRow,
  ReportScope,
  WritePlan,
} from './plan.js';
export {
  batchLookups,
  canonicalJson,
  emptyWriteResult,
  parseBatch,
  parseWriteContext,
  parseWriteOptions,
  planWrite,
} from './plan.js';
export type {
  BulkSession,
  DataValueQuery,
  EmployerQuery,
  EmployerSearch,
  FactQuery,
  KindCounts,
  RecordQuery,
  Store,
  StoreClockOptions,
  Stored,
  WriteAuditOptions,
  WriteBatch,
  WriteMode,
  WriteOptions,
  WriteResult,
} from './port.js';
export type { RestoreSession } from './restore.js';
export {
  checkAuditSecret,
  checkRestoredAudit,
  restorePlan,
  restoreRows,
  targetNotEmpty,
} from './restore.js';
export { hmacSha256Hex, newAuditSecret, sha256Hex } from './sha256.js';
export type {
  DeadlineStatus,
  OpenReportInput,
  RegionDeadlineStatus,
  ReportActionContext,
} from './workflow.js';
export {
  actOnReport,
  deadlineStatuses,
  grantException,
  openReport,
  pageAll,
  regionsDeadlineStatuses,
  storedReportingRates,
} from './workflow.js';
