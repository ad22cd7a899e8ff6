/**
 * @module store/actor
 * Who writes: the one role type of occhealth (submissions, audit and the HTTP layer share it) and
 * the actor every store write carries.
 */
import { z } from 'zod';
import { boundedText, MAX_CODE_LENGTH } from '../errors/index.js';
import { regionCodeSchema } from '../region/index.js';

/**
 * Roles, weakest first: `viewer` reads; `reporter` writes data and submits reports; `approver`
 * approves or returns reports at its level; `admin` also reopens reports and grants lock
 * exceptions.
 */
export const ROLES = ['viewer', 'reporter', 'approver', 'admin'] as const;
/** A role. */
export type Role = (typeof ROLES)[number];

/** Chinese and English labels of each role. */
export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = {
  viewer: { zh: '查看人', en: 'Viewer' },
  reporter: { zh: '报送人', en: 'Reporter' },
  approver: { zh: '审核人', en: 'Approver' },
  admin: { zh: '管理员', en: 'Administrator' },
};

/** Who performs a write: an id, a role, the region whose subtree they act for, a request id. */
export interface Actor {
  /** The person's or program's id (recorded in the audit trail). */
  readonly id: string;
  /** What they may do: view, report, approve, or administer. */
  readonly role: Role;
  /** Region code of the actor's subtree (the national root for the `system` actor). */
  readonly region: string;
  /** Id of the request that caused the write (set by the HTTP layer), for tracing. */
  readonly requestId?: string;
}

/** The actor of writes that name none (library use, scripts): id `system`, role `admin`. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ id: 'system', role: 'admin', region: '000000' });

/** zod schema of an {@link Actor}. */
export const actorSchema = z
  .object({
    id: boundedText(MAX_CODE_LENGTH),
    role: z.enum(ROLES),
    region: regionCodeSchema,
    requestId: boundedText(MAX_CODE_LENGTH).optional(),
  })
  .strict();
