/**
 * @module node
 * `serve()`: start an app on Node with `@hono/node-server`.
 */
import { serve as nodeServe, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

/** Options of {@link serve}. */
export interface ServeOptions {
  /** The app from `createApp()`. */
  // biome-ignore lint/suspicious/noExplicitAny: any app's env and schema
  readonly app: Hono<any, any, any>;
  /** TCP port (0: any free port). */
  readonly port: number;
  /** Interface to listen on (default `127.0.0.1`: loopback only). */
  readonly host?: string;
}

/** A running server. */
export interface RunningServer {
  /** The port listened on. */
  readonly port: number;
  /** The base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stop accepting connections and close the open ones. */
  close(): Promise<void>;
}

/**
 * Start `app` on Node; resolves once it listens.
 * @example
 * ```ts
 * const app = createApp({ store: new MemoryStore(), auth: () => undefined });
 * const server = await serve({ app, port: 0 }); // 0: any free port; host 127.0.0.1 by default
 * const res = await fetch(`${server.url}/health`);
 * console.log(res.status, await res.text());
 * // → 200 {"status":"ok"}
 * await server.close();
 * ```
 */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    const onError = (error: Error) => reject(error);
    server = nodeServe({ fetch: options.app.fetch, port: options.port, hostname: host }, (info) => {
      server!.off('error', onError);
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      resolve({
        port: info.port,
        url,
        close: () =>
          new Promise<void>((done, fail) => {
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            server!.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.on('error', onError);
  });
}
