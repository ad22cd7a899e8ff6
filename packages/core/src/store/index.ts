/**
 * @module store
 */
export { MemoryStore } from './memory.js';
export type {
  BatchLookups,
  ExistingRecords,
  ParsedBatch,
  ParsedRow,
  PlannedRow,
  WritePlan,
} from './plan.js';
export {
  batchLookups,
  canonicalJson,
  parseBatch,
  parseWriteOptions,
  planWrite,
} from './plan.js';
export type {
  BatchKind,
  BulkSession,
  DataValueQuery,
  EmployerQuery,
  FactQuery,
  KindCounts,
  Store,
  Stored,
  WriteBatch,
  WriteMode,
  WriteOptions,
  WriteResult,
} from './port.js';
export { BATCH_KINDS } from './port.js';
