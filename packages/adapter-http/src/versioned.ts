/**
 * @module versioned
 * The steps every `PUT` of a keyed record shares (employers, institutions, departments,
 * contacts): the body must name the path's key, and a write against a version other than the
 * `If-Match` one is a 412 — whether the app sees it before writing or the store refuses it.
 */
import { ConflictError, isOccHealthError, type WriteBatch } from '@occhealth/core';
import type { Principal } from './auth.js';
import type { Deps } from './context.js';
import { HttpError } from './problem.js';
import { writeScoped } from './scoped-store.js';

/**
 * Refuse (400) a body whose key field differs from the path's.
 * @throws HttpError `http.path-body-match` on `body.<field>`.
 */
export function assertPathMatchesBody(field: string, body: string, path: string): void {
  if (body === path) return;
  throw new HttpError(
    'BAD_REQUEST',
    `the body names another ${field} than the path`,
    `请求体中的 ${field} 与路径不一致`,
    {
      issues: [
        {
          path: `body.${field}`,
          value: body,
          rule: 'http.path-body-match',
          message: `must equal the path's ${path}`,
          messageZh: `须与路径中的 ${path} 一致`,
        },
      ],
    },
  );
}

/** The noun of a record in messages: `{ en: 'employer', zh: '用人单位' }`. */
export interface Noun {
  readonly en: string;
  readonly zh: string;
}

/**
 * Write `batch` (its rows carrying `expectedVersion: expected`) for the principal when the stored
 * record is still at version `expected`; a stale `If-Match` — seen here or by the store — is a 412.
 * @throws HttpError 412 (`PRECONDITION_FAILED`).
 */
export async function writeIfMatch(
  deps: Pick<Deps, 'store' | 'tree'>,
  principal: Principal,
  target: { readonly noun: Noun; readonly key: string; readonly stored: number },
  expected: number,
  batch: WriteBatch,
): Promise<void> {
  const stale = () =>
    new HttpError(
      'PRECONDITION_FAILED',
      `${target.noun.en} ${target.key} changed since you read it (If-Match v${expected}, stored v${target.stored})`,
      `${target.noun.zh} ${target.key} 在您读取后已被修改（If-Match v${expected}，当前 v${target.stored}）`,
    );
  if (target.stored !== expected) throw stale();
  try {
    await writeScoped(deps, principal, batch);
  } catch (error) {
    if (error instanceof ConflictError || isOccHealthError(error, 'CONFLICT')) throw stale();
    throw error;
  }
}
