/**
 * @module @occhealth/import
 * The one importer of occhealth: CSV, JSON and NDJSON files of regions, employers, facts or data
 * values into any core `Store`, with file lines, fields, values and rules on every rejected row.
 * Stores with the port's optional `bulk` capability (the SQLite store) import files of any size
 * in one transaction and in memory bounded by the batch size.
 */

export type { CellType, ColumnSpec } from './columns.js';
export { COLUMNS, REQUIRED_COLUMNS } from './columns.js';
export type { ImportSource } from './decode.js';
export type {
  ImportFileOptions,
  ImportOptions,
  ImportProgress,
  ImportResult,
} from './import.js';
export { importFile, importText } from './import.js';
