/**
 * @module calendar
 * Reporting calendars: obligation rules as data, deadlines, phases, the official holiday calendar,
 * report status, completeness/timeliness rates, and the submission sign-off state machine.
 */

export type { HolidayBlock, HolidayTable, HolidayYear } from './holidays.js';
export {
  CHINA_HOLIDAYS,
  holidayYear,
  holidayYears,
  isPublicHoliday,
  isWorkingDay,
  shiftToWorkingDay,
} from './holidays.js';
export type {
  CalendarOptions,
  ObligationEvent,
  ObligationInstance,
  ObligationSource,
} from './obligations.js';
export { deadlineOf, obligationsDue, phasesOn, phaseWindows } from './obligations.js';
export type { DateWindow, Deadline, RuleContext } from './rules.js';
export { resolveBound, resolveWindow, ruleDeadline } from './rules.js';
export type {
  CalendarLabel,
  CalendarNote,
  CalendarSource,
  Obligation,
  ObligationInput,
  ObligationPeriodType,
  Party,
  Phase,
  PhaseBound,
  Rule,
  RulePeriodType,
  RuleType,
  WorkingDayShift,
} from './schema.js';
export {
  calendarLabelSchema,
  calendarNoteSchema,
  calendarSourceSchema,
  endOfMonthRuleSchema,
  everyNYearsRuleSchema,
  fixedDateRuleSchema,
  midMonthRuleSchema,
  OBLIGATION_PERIOD_TYPES,
  obligationSchema,
  parseObligation,
  parsePhase,
  parseRule,
  partySchema,
  periodEndDayRuleSchema,
  perPeriodRuleSchema,
  phaseBoundSchema,
  phaseRuleSchema,
  phaseSchema,
  RULE_PERIOD_TYPES,
  relativeRuleSchema,
  ruleSchema,
  SHORTEST_LAST_MONTH,
  WORKING_DAY_SHIFTS,
  yearlyRuleSchema,
} from './schema.js';
export type {
  ExpectedReport,
  RateValue,
  ReceivedReport,
  ReportingRate,
  ReportStatus,
  StatusOptions,
} from './status.js';
export {
  DEFAULT_DUE_SOON_DAYS,
  REPORT_STATUS_LABELS,
  REPORT_STATUSES,
  reportingRates,
  statusForDeadline,
  statusOf,
} from './status.js';
export type {
  LockException,
  LockTarget,
  Submission,
  SubmissionAction,
  SubmissionActor,
  SubmissionEvent,
  SubmissionRole,
  SubmissionState,
  TransitionContext,
} from './submission.js';
export {
  assertWritable,
  canTransition,
  createSubmission,
  grantLockException,
  isLocked,
  SUBMISSION_ACTIONS,
  SUBMISSION_STATES,
  SUBMISSION_TRANSITIONS,
  transition,
} from './submission.js';
export type { ReportContent, SubmissionRecord } from './workflow.js';
export {
  lockExceptionSchema,
  lockedElements,
  obligationIdSchema,
  reportContentSchema,
  reportKey,
  submissionRecordSchema,
} from './workflow.js';
