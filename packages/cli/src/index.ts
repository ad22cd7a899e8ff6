/**
 * @packageDocumentation
 * `@occhealth/cli`: the `occhealth` command line. Every command is also a function of a
 * {@link CommandContext} (`{ cwd, stdout, stderr, env }`) and its options that returns an exit
 * code, so scripts and tests run commands without spawning a process; {@link run} parses an argv.
 */
export type { BackupOptions } from './commands/backup.js';
export { backup } from './commands/backup.js';
export type { CalendarCommandOptions, DeadlineRow } from './commands/calendar.js';
export { calendarCommand, plansCovering } from './commands/calendar.js';
export type { CheckCommandOptions } from './commands/check.js';
export { checkCommand } from './commands/check.js';
export type { CopyCommandOptions } from './commands/copy.js';
export { copyCommand } from './commands/copy.js';
export type { DashboardFiles, DemoCommandOptions } from './commands/demo.js';
export { demoCommand } from './commands/demo.js';
export type { EvaluateCommandOptions } from './commands/evaluate.js';
export { evaluateCommand, parseLevels } from './commands/evaluate.js';
export type { ExplainCommandOptions } from './commands/explain.js';
export { explainCommand } from './commands/explain.js';
export type { ImportCommandOptions } from './commands/import.js';
export { importCommand } from './commands/import.js';
export type { InitOptions } from './commands/init.js';
export { init } from './commands/init.js';
export type { PlansCommandOptions } from './commands/plans.js';
export { plansCommand } from './commands/plans.js';
export type { ReconcileCommandOptions } from './commands/reconcile.js';
export { reconcileCommand } from './commands/reconcile.js';
export type { ReportCommandOptions } from './commands/report.js';
export { REPORT_TEMPLATES, reportCommand } from './commands/report.js';
export type { ServeCommandOptions } from './commands/serve.js';
export { serveCommand } from './commands/serve.js';
export type {
  CliLang,
  CommandContext,
  ExitCode,
  GlobalOptions,
  Output,
} from './context.js';
export { EXIT, langOf, say } from './context.js';
export { exitCodeOf, reportError, todayOf, UsageError } from './failure.js';
export { run } from './program.js';
export type { TableFormat } from './render.js';
export { TABLE_FORMATS } from './render.js';
