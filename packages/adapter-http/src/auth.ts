/**
 * @module auth
 * Bearer tokens → principals. The embedding system supplies an {@link AuthCallback}; the built-in
 * {@link staticTokens} provider checks tokens against SHA-256 hashes from a config file, in
 * constant time, for demos and small deployments.
 */
import {
  ForbiddenError,
  ROLES,
  type Role,
  regionCodeSchema,
  ValidationError,
} from '@occhealth/core';
import { z } from 'zod';

/**
 * The core's one role type, least to most powerful: `viewer` reads; `reporter` also writes
 * employers, facts and data values; `approver` also signs off; `admin` may do everything.
 */
export { ROLES, type Role };

/** zod schema of a {@link Principal}. */
export const principalSchema = z
  .object({
    id: z.string().min(1).max(128),
    region: regionCodeSchema,
    role: z.enum(ROLES),
  })
  .strict();

/** Who is calling: an id (the audit actor), the root of the region subtree it may see, a role. */
export type Principal = z.infer<typeof principalSchema>;

/**
 * Resolve a bearer token to a principal, or `undefined` when the token is unknown (a 401).
 * The request is given for callers that check more than the token.
 */
export type AuthCallback = (
  token: string,
  request: Request,
) => Principal | undefined | Promise<Principal | undefined>;

/**
 * Whether `role` has at least the rights of `least` (viewer < reporter < approver < admin).
 * @example hasRole('approver', 'reporter') // true (an approver may do what a reporter may)
 */
export function hasRole(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** Refuse (403) unless the principal has at least role `least`. */
export function requireRole(principal: Principal, least: Role): void {
  if (!hasRole(principal.role, least)) {
    throw new ForbiddenError(
      `role ${principal.role} may not do this (needs ${least} or above)`,
      `角色 ${principal.role} 无权执行此操作（需要 ${least} 或更高）`,
      { path: 'role', value: principal.role, rule: 'auth.role' },
    );
  }
}

/** One entry of a static-token config file. */
export const staticTokenEntrySchema = z
  .object({
    id: z.string().min(1).max(128),
    /** Lower-case hex SHA-256 of the token (see {@link hashToken}); the token itself is never stored. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    region: regionCodeSchema,
    role: z.enum(ROLES),
  })
  .strict();

/** zod schema of a static-token config file: `{ "tokens": [{ id, sha256, region, role }] }`. */
export const staticTokenConfigSchema = z
  .object({ tokens: z.array(staticTokenEntrySchema).min(1).max(10_000) })
  .strict();

/** A static-token config (see {@link staticTokenConfigSchema}). */
export type StaticTokenConfig = z.infer<typeof staticTokenConfigSchema>;

const encoder = new TextEncoder();

type NodeHash = (text: string) => Uint8Array;

/**
 * On Node, `node:crypto`'s synchronous hash (a few µs; Web Crypto's async digest costs ≈ 30 µs a
 * request); elsewhere Web Crypto. Loaded once, lazily, so other runtimes never import it.
 */
let nodeHash: Promise<NodeHash | undefined> | undefined;
function loadNodeHash(): Promise<NodeHash | undefined> {
  nodeHash ??= (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node
    ? import('node:crypto').then(
        (m) => (text: string) =>
          new Uint8Array(m.createHash('sha256').update(text, 'utf8').digest()),
        () => undefined,
      )
    : Promise.resolve(undefined);
  return nodeHash;
}

async function sha256(text: string): Promise<Uint8Array> {
  const hash = await loadNodeHash();
  if (hash) return hash(text);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The hash a static-token config stores for a token: lower-case hex SHA-256 of its UTF-8 bytes.
 * @example hashToken('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' (FIPS 180-2's test vector)
 */
export async function hashToken(token: string): Promise<string> {
  return hex(await sha256(token));
}

/**
 * The principals {@link staticTokens} returns: built from its validated config and frozen, so the
 * app need not validate them again on every request.
 * @internal
 */
export const checkedPrincipals = new WeakSet<Principal>();

function checked(principal: Principal): Principal {
  const frozen = Object.freeze(principal);
  checkedPrincipals.add(frozen);
  return frozen;
}

/** How many matching tokens' digests {@link staticTokens} keeps (oldest forgotten first). */
const DIGEST_CACHE_SIZE = 1024;

/** Equal byte arrays, in time that depends only on the length. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i % b.length] ?? 0);
  return diff === 0;
}

/**
 * The built-in provider: tokens checked against the config's SHA-256 hashes. Every entry is
 * compared, in constant time, whatever matches, so timing tells nothing about the hashes.
 * @throws ValidationError when the config is malformed (naming the entry and field).
 * @example
 * ```ts
 * // Usually read from a file: staticTokens(JSON.parse(readFileSync('tokens.json', 'utf8')))
 * const auth = staticTokens({
 *   tokens: [{ id: 'km-reporter', sha256: await hashToken('km-token-0123456789'), region: '530100', role: 'reporter' }],
 * });
 * const request = new Request('http://localhost/regions');
 * console.log((await auth('km-token-0123456789', request))?.region);
 * // → 530100
 * console.log(await auth('a-guessed-token', request));
 * // → undefined
 * ```
 */
export function staticTokens(config: unknown): AuthCallback {
  const parsed = staticTokenConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({
        path: ['tokens', ...i.path].slice(i.path[0] === 'tokens' ? 1 : 0).join('.'),
        value: undefined,
        rule: 'auth.static-token',
        message: i.message,
        messageZh: '令牌配置格式错误：每项须有 id、sha256（64 位十六进制）、region 与 role',
      })),
    );
  }
  const entries = parsed.data.tokens.map((e) => ({
    principal: checked({ id: e.id, region: e.region, role: e.role }),
    hash: Uint8Array.from(e.sha256.match(/../g)!.map((h) => Number.parseInt(h, 16))),
  }));
  // The digests of recently presented tokens that matched an entry, so a client's token is hashed
  // once, not on every request. Only matches are kept (a flood of guesses cannot evict them, and a
  // guess is always hashed); the digest is still compared with every entry in constant time.
  const digests = new Map<string, Uint8Array>();
  const match = (presented: Uint8Array) => {
    let found: Principal | undefined;
    for (const entry of entries) {
      if (constantTimeEqual(presented, entry.hash)) found = entry.principal;
    }
    return found;
  };
  // A known token is answered synchronously: the read path awaits nothing for it.
  return (token) => {
    const cached = digests.get(token);
    if (cached) return match(cached);
    return sha256(token).then((presented) => {
      const found = match(presented);
      if (found) {
        if (digests.size >= DIGEST_CACHE_SIZE) digests.delete(digests.keys().next().value!);
        digests.set(token, presented);
      }
      return found;
    });
  };
}
