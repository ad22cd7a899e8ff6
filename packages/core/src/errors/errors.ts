/**
 * @module errors
 * One error hierarchy for occhealth. Callers switch on `code`, never on message text.
 */

/** Stable, machine-readable error codes. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'PERIOD_LOCKED'
  | 'RULE_VIOLATED'
  | 'STORE_FAILED';

/**
 * One problem found in input: which field, what value, which rule, and (for batches and files)
 * which row. `rule` is a stable id such as `credit-code.check-digit`.
 */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `employers.3.creditCode` or `creditCode`. */
  readonly path: string;
  /** The offending value (as given). */
  readonly value: unknown;
  /** Stable rule id, e.g. `period.format`, `region.cycle`, `count.non-negative`. */
  readonly rule: string;
  /** English description. */
  readonly message: string;
  /** Chinese description. */
  readonly messageZh: string;
  /** 1-based row of a batch or file (a file's line number when the importer knows it). */
  readonly row?: number;
}

/** Structured details carried by every {@link OccHealthError}. */
export interface ErrorDetails {
  /** The field at fault, as a path (`employers.3.creditCode`, `options.period`). */
  readonly path?: string;
  /** The value that was refused. */
  readonly value?: unknown;
  /** Stable id of the rule that refused it (`credit-code.check-character`). */
  readonly rule?: string;
  /** 1-based row of a batch or file, when the value came from one. */
  readonly row?: number;
  readonly [key: string]: unknown;
}

/**
 * Base class of every error occhealth throws on purpose. Switch on `code`, never on the message.
 * @example
 * ```ts
 * try {
 *   parseCreditCode('91350100M000100Y44'); // the check character of …Y4 is 3
 * } catch (error) {
 *   if (isOccHealthError(error)) console.log(error.code, error.details.rule);
 * }
 * // → VALIDATION_FAILED credit-code.check-digit
 * ```
 */
export class OccHealthError extends Error {
  /** Stable error code. */
  readonly code: ErrorCode;
  /** Chinese message (the English one is `message`). */
  readonly messageZh: string;
  /** Structured details: field path, value, rule, row and anything code-specific. */
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    messageZh: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.messageZh = messageZh;
    this.details = details;
  }

  /** Plain-data form for logs and HTTP problem documents. */
  toJSON(): {
    name: string;
    code: ErrorCode;
    message: string;
    messageZh: string;
    details: ErrorDetails;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      messageZh: this.messageZh,
      details: this.details,
    };
  }
}

/**
 * Input broke one or more rules. `issues` lists every problem found, not only the first.
 * @example
 * ```ts
 * const error = new ValidationError([
 *   { path: 'employees', value: -1, rule: 'employer.employees', message: 'must be 0 or more', messageZh: '须为非负整数', row: 3 },
 * ]);
 * console.log(error.message);
 * // → row 3: employees: must be 0 or more [employer.employees] (value: -1)
 * console.log(error.messageZh);
 * // → 第 3 行：employees：须为非负整数 [employer.employees]（值：-1）
 * ```
 */
export class ValidationError extends OccHealthError {
  /** Every problem found. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    if (!first) throw new TypeError('ValidationError needs at least one issue');
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    const moreZh = issues.length > 1 ? `（另有 ${issues.length - 1} 处）` : '';
    const where = `${first.row !== undefined ? `row ${first.row}: ` : ''}${first.path}`;
    const whereZh = `${first.row !== undefined ? `第 ${first.row} 行：` : ''}${first.path}`;
    super(
      'VALIDATION_FAILED',
      `${where}: ${first.message} [${first.rule}] (value: ${formatValue(first.value)})${more}`,
      `${whereZh}：${first.messageZh} [${first.rule}]（值：${formatValue(first.value)}）${moreZh}`,
      { path: first.path, value: first.value, rule: first.rule, row: first.row },
      options,
    );
    this.issues = issues;
  }

  /** Build a ValidationError for one issue. */
  static of(issue: ValidationIssue): ValidationError {
    return new ValidationError([issue]);
  }
}

/**
 * A record that was asked for does not exist.
 * @example new NotFoundError('region', '539999', '区划').messageZh // '未找到区划 539999'
 */
export class NotFoundError extends OccHealthError {
  constructor(entity: string, key: string, entityZh = entity) {
    super('NOT_FOUND', `${entity} ${key} was not found`, `未找到${entityZh} ${key}`, {
      path: entity,
      value: key,
      rule: 'exists',
    });
  }
}

/**
 * An optimistic-concurrency check failed: the record changed since the caller read it.
 * @example new ConflictError('employers', '91530102MA6K0Q1A2B', 2, 3).details.actualVersion // 3
 */
export class ConflictError extends OccHealthError {
  constructor(
    entity: string,
    key: string,
    expectedVersion: number,
    actualVersion: number,
    details: { row?: number } = {},
  ) {
    super(
      'CONFLICT',
      `${entity} ${key}: expected version ${expectedVersion} but the stored version is ${actualVersion}`,
      `${entity} ${key}：期望版本 ${expectedVersion}，但存储中的版本为 ${actualVersion}`,
      {
        path: entity,
        value: key,
        rule: 'version.match',
        expectedVersion,
        actualVersion,
        ...details,
      },
    );
  }
}

/**
 * The caller may not see or change the requested data (outside its region subtree or role).
 * @example new ForbiddenError('outside your region', '超出本级管辖范围', { path: 'region', value: '410100' }).code // 'FORBIDDEN'
 */
export class ForbiddenError extends OccHealthError {
  constructor(message: string, messageZh: string, details: ErrorDetails = {}) {
    super('FORBIDDEN', message, messageZh, details);
  }
}

/**
 * A reporting period is locked (approved or expired) for writing.
 * @example new PeriodLockedError('2025Q1 is approved', '2025Q1 已审核通过').code // 'PERIOD_LOCKED'
 */
export class PeriodLockedError extends OccHealthError {
  constructor(message: string, messageZh: string, details: ErrorDetails = {}) {
    super('PERIOD_LOCKED', message, messageZh, details);
  }
}

/**
 * A storage adapter failed for a reason that is not the caller's input.
 * @example new StoreError('sqlite', 'disk full', { messageZh: '磁盘已满' }).messageZh // '[sqlite] 磁盘已满'
 */
export class StoreError extends OccHealthError {
  constructor(store: string, message: string, options?: { cause?: unknown; messageZh?: string }) {
    super(
      'STORE_FAILED',
      `[${store}] ${message}`,
      `[${store}] ${options?.messageZh ?? message}`,
      { store },
      options,
    );
  }
}

/**
 * Type guard for any occhealth error, optionally of one code.
 * @example isOccHealthError(new NotFoundError('region', '539999'), 'NOT_FOUND') // true
 * @example isOccHealthError(new Error('boom')) // false
 */
export function isOccHealthError(error: unknown, code?: ErrorCode): error is OccHealthError {
  return error instanceof OccHealthError && (code === undefined || error.code === code);
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
