/**
 * A runnable occhealth REST server over the bundled Yunnan sample: a SQLite file (created and
 * loaded on first start), the demo tokens of `data/http-tokens.json` (stored hashed; the plain demo
 * tokens are `demo-yunnan-admin`, `demo-qujing-reporter` and `demo-kunming-viewer`), loopback only.
 *
 * Run: pnpm --filter @occhealth/examples server   (then see docs/http.md)
 * Env: PORT (default 8787), OCCHEALTH_DB (default ./occhealth-demo.db), TODAY (YYYY-MM-DD, China time;
 * default: today in China).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp, type RunningServer, serve, staticTokens } from '@occhealth/adapter-http';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { type IsoDate, todayInChina } from '@occhealth/core';
import { loadSample } from './demo.js';

const tokensFile = fileURLToPath(new URL('../data/http-tokens.json', import.meta.url));

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** SQLite file; loaded with the sample when new. */
  readonly file: string;
  /** TCP port (0: any free port). */
  readonly port: number;
  /** Today in China time (default: the real today). */
  readonly today?: IsoDate;
}

/** Start the demo server; `close()` stops it and closes the store. */
export async function startDemoServer(options: DemoServerOptions): Promise<RunningServer> {
  const fresh = !existsSync(options.file);
  const store = await openSqliteStore(options.file);
  if (fresh) await loadSample(store);
  const today = options.today;
  const app = createApp({
    store,
    auth: staticTokens(JSON.parse(readFileSync(tokensFile, 'utf8'))),
    clock: today ? () => today : () => todayInChina(),
  });
  const server = await serve({ app, port: options.port, host: '127.0.0.1' });
  return {
    ...server,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startDemoServer({
    file: process.env.OCCHEALTH_DB ?? 'occhealth-demo.db',
    port: Number(process.env.PORT ?? 8787),
    ...(process.env.TODAY ? { today: process.env.TODAY } : {}),
  });
  console.log(
    `occhealth API on ${server.url} — reference ${server.url}/docs, OpenAPI ${server.url}/openapi.json`,
  );
  console.log(
    'demo tokens: demo-yunnan-admin (530000 admin), demo-qujing-reporter (530300), demo-kunming-viewer (530100)',
  );
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
