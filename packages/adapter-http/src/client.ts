/**
 * @module @occhealth/adapter-http/client
 * A typed client of the occhealth REST API for TypeScript integrators, from the same route
 * definitions as the server (Hono's `hc`): paths, query parameters, bodies and responses are typed.
 */
import { hc } from 'hono/client';
import type { AppType } from './app.js';

export type { AppType } from './app.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The bearer token. */
  readonly token?: string;
  /** Accept-Language of every request (`zh-CN` or `en`). */
  readonly lang?: string;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch;
}

/**
 * A typed client of a server at `baseUrl`.
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.write({ regions: [{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }] });
 * const token = 'yn-admin-token-0123456789';
 * const auth = staticTokens({ tokens: [{ id: 'yn-admin', sha256: await hashToken(token), region: '530000', role: 'admin' }] });
 * const app = createApp({ store, auth });
 * // Against a server: createClient('http://127.0.0.1:8080', { token }); here the app answers in process.
 * const api = createClient('http://localhost', { token, fetch: async (input, init) => app.request(input, init) });
 * const res = await api.regions[':code'].$get({ param: { code: '530000' }, query: {} });
 * if (res.status === 200) console.log((await res.json()).name.zh);
 * // → 云南省
 * ```
 */
export function createClient(baseUrl: string, options: ClientOptions = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.lang) headers['Accept-Language'] = options.lang;
  return encodingPathParams(
    hc<AppType>(baseUrl, { headers, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  );
}

/**
 * The client with every path parameter percent-encoded as one segment (`encodeURIComponent`):
 * Hono's `hc` puts `param` values into the path as they are, so an id such as `a/b` would name
 * another path. Wraps each `$get`, `$post`, `$put`, `$delete`, `$patch`, `$url` and `$path` call.
 */
function encodingPathParams<T>(node: T, key?: string): T {
  if (typeof node !== 'function' && (typeof node !== 'object' || node === null)) return node;
  return new Proxy(node as object, {
    get: (target, k, receiver) => {
      const value = Reflect.get(target, k, receiver);
      return typeof k === 'string' ? encodingPathParams(value, k) : value;
    },
    apply: (target, self, args: unknown[]) => {
      const [first, ...rest] = args;
      if (key?.startsWith('$') && isParamArg(first)) {
        const param = Object.fromEntries(
          Object.entries(first.param).map(([k, v]) => [k, encodeURIComponent(String(v))]),
        );
        return Reflect.apply(target as (...a: unknown[]) => unknown, self, [
          { ...first, param },
          ...rest,
        ]);
      }
      return Reflect.apply(target as (...a: unknown[]) => unknown, self, args);
    },
  }) as T;
}

const isParamArg = (arg: unknown): arg is { param: Record<string, unknown> } =>
  typeof arg === 'object' &&
  arg !== null &&
  typeof (arg as { param?: unknown }).param === 'object' &&
  (arg as { param?: unknown }).param !== null;
