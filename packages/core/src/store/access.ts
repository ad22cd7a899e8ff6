/**
 * @module store/access
 * Who may read personal information, and how records and issues look to everyone else. A kind's
 * personal fields (the registry's `personal`, e.g. a contact's name, phone and email) are stored in
 * clear, hashed in audit entries (keyed by the store's audit secret), and shown in clear only to a
 * role of {@link PERSONAL_READ_ROLES}.
 * Every layer that hands records to a person (the HTTP API, exports, the CLI) passes them through
 * {@link readableRecord} with the reader's role; validation issues about personal fields never
 * carry the value ({@link redactIssue}, applied by the write planner).
 */
import { ForbiddenError, type ValidationIssue } from '../errors/index.js';
import { ROLE_LABELS, type Role } from './actor.js';
import { personalAuditValue } from './audit.js';
import { type BatchKind, RECORD_KINDS, type RecordOf } from './kinds.js';

/**
 * Roles that may read personal fields in clear: `approver` and `admin`, who answer for the
 * contacts of their level. A `viewer` or `reporter` sees each personal field as a hash.
 */
export const PERSONAL_READ_ROLES: readonly Role[] = ['approver', 'admin'];

/** What an issue says instead of the value of a personal field. */
export const REDACTED_VALUE = '[personal information redacted / 个人信息已隐去]';

/**
 * May `role` read personal fields in clear?
 * @example mayReadPersonal('reporter') // false (approvers and admins may)
 */
export function mayReadPersonal(role: Role): boolean {
  return PERSONAL_READ_ROLES.includes(role);
}

/**
 * The personal fields of a kind (empty for kinds without personal information).
 * @example personalFields('contacts') // ['name', 'phone', 'email']
 */
export function personalFields(kind: BatchKind): readonly string[] {
  return RECORD_KINDS[kind].personal;
}

/**
 * The hash a personal value is shown as to a reader who may not see it: the value the audit trail
 * holds for it. Pass the store's audit secret (`Store.auditSecret`): then it is
 * `hmac-sha256:<hex>`, which cannot be reversed by hashing every 11-digit phone number without the
 * secret. Without one it is the unkeyed `sha256:<hex>`, for pure use only.
 * @example personalHash('abc') // 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' (FIPS 180-2's vector)
 * @example personalHash('what do ya want for nothing?', '4a656665') // 'hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' (RFC 4231 case 2)
 */
export function personalHash(value: unknown, secret?: string): string {
  return personalAuditValue(value, secret);
}

/**
 * A record as `role` may read it: unchanged for a role that may read personal fields, otherwise
 * with every personal field replaced by {@link personalHash} under `secret`, the store's audit
 * secret (the same hash the audit trail holds, so equal values stay recognisable without being
 * disclosed). Every layer that serves a store's records passes the secret. Returns a copy; the
 * input is not changed.
 * @example
 * ```ts fragment
 * readableRecord('contacts', contact, 'viewer').phone // 'sha256:…'
 * ```
 */
export function readableRecord<K extends BatchKind, T extends RecordOf<K>>(
  kind: K,
  record: T,
  role: Role,
  secret?: string,
): T {
  const fields = personalFields(kind);
  if (fields.length === 0 || mayReadPersonal(role)) return record;
  const out = { ...record } as Record<string, unknown>;
  for (const field of fields) {
    const value = out[field];
    if (value !== undefined && value !== null) out[field] = personalHash(value, secret);
  }
  return out as T;
}

/**
 * Refuse a reader who may not see personal fields in clear, for a route or export that must
 * return them unredacted (e.g. a contact-list export).
 * @throws ForbiddenError naming the role and the rule `personal.read`.
 * @example assertMayReadPersonal('contacts', 'viewer') // throws ForbiddenError (a viewer sees contacts' names, phones and emails only hashed)
 */
export function assertMayReadPersonal(kind: BatchKind, role: Role): void {
  if (personalFields(kind).length === 0 || mayReadPersonal(role)) return;
  throw new ForbiddenError(
    `a ${ROLE_LABELS[role].en.toLowerCase()} may not read the personal fields (${personalFields(kind).join(', ')}) of ${RECORD_KINDS[kind].label.en}`,
    `${ROLE_LABELS[role].zh}无权查看${RECORD_KINDS[kind].label.zh}的个人信息（${personalFields(kind).join('、')}）`,
    { path: 'actor.role', value: role, rule: 'personal.read' },
  );
}

/**
 * An issue of a row of `kind` without the value when it is (or may be) personal: the value of a
 * personal field, and of an unknown field of a kind that holds personal fields (an unknown
 * `mobile` column is as personal as `phone`). Path, rule, row and message are kept.
 * @example redactIssue('contacts', { path: 'contacts.phone', value: '13800000000', rule: 'contact.phone', message: 'not a phone number', messageZh: '不是电话号码' }).value // '[personal information redacted / 个人信息已隐去]'
 */
export function redactIssue(kind: BatchKind, issue: ValidationIssue): ValidationIssue {
  const fields = personalFields(kind);
  if (fields.length === 0) return issue;
  const field = issue.path.split('.')[1];
  const personal =
    (field !== undefined && fields.includes(field)) || issue.rule === 'schema.unrecognized_keys';
  // A root-level issue (a row that is not an object) carries the whole row.
  return personal || field === undefined ? { ...issue, value: REDACTED_VALUE } : issue;
}
