/**
 * @packageDocumentation
 * `@occhealth/reports`: the source documents' forms and tables as files officials open. One
 * headless {@link Table} model, pure renderers (CSV, plain text, Markdown, XLSX) and templates that
 * build tables from `@occhealth/core` results. No storage access: the caller fetches.
 */
export type {
  ChartOptions,
  CompletenessGrid,
  CompletenessOptions,
  RankingBar,
  TrendOptions,
  TrendPoint,
} from './charts.js';
export { completenessChart, rankingChart, STATUS_COLOURS, trendChart } from './charts.js';
export type { CsvOptions } from './csv.js';
export { renderCsv } from './csv.js';
export type { DocumentOptions, DocumentSection, ReportDocument } from './document.js';
export { renderDocumentHtml, renderDocumentMarkdown } from './document.js';
export { displayCell, neutraliseFormula, numericCell, plainCell } from './format.js';
export type { HtmlChart, HtmlOptions, ProgressBar, ProgressChartOptions } from './html.js';
export { escapeHtml, progressChart, renderHtml } from './html.js';
export type {
  CellScalar,
  CellValue,
  ColumnGroup,
  ColumnNode,
  ColumnType,
  HeaderCell,
  Lang,
  LeafColumn,
  Row,
  SourceCitation,
  Table,
  TableInput,
  Text,
  TypedCell,
} from './model.js';
export { cellOf, defineTable, isGroup, joinedHeaders, ROW_KIND_LABELS, textIn } from './model.js';
export type { ObligationsTableOptions, SubmissionStatus } from './templates/calendar.js';
export {
  obligationKey,
  obligationsTable,
  SUBMISSION_STATUS_TEXT,
  submissionStatus,
} from './templates/calendar.js';
export type {
  DashboardDeadline,
  DashboardInput,
  DashboardPlan,
  DashboardReport,
} from './templates/dashboard.js';
export { dashboardPage } from './templates/dashboard.js';
export type { EvaluationTableOptions } from './templates/evaluation.js';
export { evaluationTable, STATUS_TEXT, VERDICT_TEXT } from './templates/evaluation.js';
export type { FormTableOptions } from './templates/form.js';
export { formTable } from './templates/form.js';
export type { RankingTableOptions } from './templates/ranking.js';
export { rankingTable } from './templates/ranking.js';
export type { ReconciliationTableOptions } from './templates/reconciliation.js';
export { reconciliationTable } from './templates/reconciliation.js';
export type {
  AssistanceFormOptions,
  DatabaseSupplementOptions,
  FormRecords,
} from './templates/records.js';
export {
  databaseSupplementTable,
  enterpriseListTable,
  LEAD_SOURCE_TEXT,
  PROGRESS_UNSOURCED,
  progressTable,
} from './templates/records.js';
export type { SelfEvaluationOptions } from './templates/self-evaluation.js';
export { selfEvaluationReport } from './templates/self-evaluation.js';
export type { SurveyTableOptions } from './templates/survey-table.js';
export { surveyTable } from './templates/survey-table.js';
export { allocationTable } from './templates/task-table.js';
export type { TextOptions } from './text.js';
export { renderMarkdown, renderText } from './text.js';
export type { XlsxOptions } from './xlsx.js';
export { numberFormat, renderXlsx, writeXlsx } from './xlsx.js';
