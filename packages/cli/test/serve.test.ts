import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './helpers.js';

// The BUILT binary, as an installed user runs it (`pnpm build` comes before `pnpm test`).
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const dir = scratch('occh-serve-');
const db = join(dir, 'occhealth-demo', 'county-s1-e300.db');
const env = (lang: 'en' | 'zh') => ({
  PATH: process.env.PATH ?? '',
  LANG: lang === 'zh' ? 'zh_CN.UTF-8' : 'en_US.UTF-8',
  TZ: 'America/Los_Angeles', // a far-off machine zone must not change any date
});

function occhealth(args: readonly string[], lang: 'en' | 'zh' = 'en') {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: env(lang),
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A running `occhealth …` that serves: its child, and its output so far. */
interface Running {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly err: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

/** Start a serving command and wait until it prints a line matching `ready`. */
async function start(
  args: readonly string[],
  ready: RegExp,
  extraEnv: Record<string, string> = {},
): Promise<Running & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...env('en'), ...extraEnv },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    const match = ready.exec(out);
    if (match) return { child, out: () => out, err: () => err, exited, match };
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`not ready: ${out} ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const LOGIN =
  /^dashboard \(a one-time admin token for this run, region (\d+)\): (http:\/\/127\.0\.0\.1:(\d+))\/login\?token=([\w-]+)$/m;

/** Log in through the printed link; returns the session's Cookie header. */
async function login(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  return cookie.split(';')[0]!;
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`);
  const r = occhealth(['demo', '--scale', 'county', '--employers', '300', '--no-serve', '--json']);
  expect(r.code, r.err).toBe(0);
  // --no-serve: the files are written and the command ends; nothing listens.
  expect(JSON.parse(r.out).db).toBe(db);
  expect(r.out).not.toContain('http://');
}, 180_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('occhealth serve (built binary, child process)', () => {
  it('serves the API and the dashboard, logs in by the printed link, stops on SIGTERM with 0', async () => {
    const run = await start(['serve', db, '--port', '0', '--period', '2025'], LOGIN);
    const [, root, base, port, token] = run.match;
    expect(root).toBe('530000');
    expect(Number(port)).toBeGreaterThan(0);
    expect(run.out()).toContain(`serving ${db} at ${base}`);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    // Without the session the dashboard is refused; with it, rendered from the store.
    expect((await fetch(`${base}/`)).status).toBe(401);
    const cookie = await login(`${base}/login?token=${token}`);
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<section id="r-530000"');
    expect(html).toContain('<a href="dashboard?region=530300">曲靖市</a>');
    // A report download linked from the page.
    const href = /<a href="(reports\/evaluation\?format=xlsx[^"]*)" download>/.exec(html)![1]!;
    const file = await fetch(`${base}/${href.replaceAll('&amp;', '&')}`, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="evaluation-/);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // an xlsx is a zip
    // The same token is a bearer token of the API; the cookie is not accepted for a write.
    const regions = await fetch(`${base}/regions/530381`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(regions.status).toBe(200);
    const write = await fetch(`${base}/employers`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(write.status).toBe(401);
    run.child.kill('SIGTERM');
    const { code, signal } = await run.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(run.err()).toContain('stopping');
  });

  it('demo ends by serving its file (a second run reuses it) and stops on SIGINT with 0', async () => {
    const run = await start(
      ['demo', '--scale', 'county', '--employers', '300', '--port', '0'],
      LOGIN,
    );
    expect(run.out()).toContain('reused');
    const cookie = await login(`${run.match[2]}/login?token=${run.match[4]}`);
    const html = await (await fetch(`${run.match[2]}/`, { headers: { cookie } })).text();
    // The demo serves its year (2025), whatever today is.
    expect(html).toContain('period=2025');
    expect(html).toContain('<a href="dashboard?region=530300">曲靖市</a>');
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('with a tokens file: no token is made, a token of the file logs in', async () => {
    const tokens = join(dir, 'tokens.json');
    writeFileSync(
      tokens,
      JSON.stringify({
        tokens: [
          {
            id: 'qj',
            sha256: createHash('sha256').update('qujing-token-123').digest('hex'),
            region: '530300',
            role: 'viewer',
          },
        ],
      }),
    );
    const run = await start(
      ['serve', db, '--port', '0', '--tokens', tokens],
      /^dashboard: (http:\/\/127\.0\.0\.1:\d+)\/login\?token=<a token of the tokens file>$/m,
    );
    const base = run.match[1]!;
    expect(run.out()).not.toContain('one-time');
    expect((await fetch(`${base}/login?token=not-a-token`, { redirect: 'manual' })).status).toBe(
      401,
    );
    const cookie = await login(`${base}/login?token=qujing-token-123`);
    const html = await (await fetch(`${base}/`, { headers: { cookie } })).text();
    expect(html).toContain('<section id="r-530300"');
    expect(html).not.toContain('<section id="r-530000"');
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('a session secret (--session-secret-file or OCCHEALTH_SESSION_SECRET) keeps logins across a restart; without one a restart ends them; the secret is never printed', async () => {
    const tokens = join(dir, 'tokens-secret.json');
    writeFileSync(
      tokens,
      JSON.stringify({
        tokens: [
          {
            id: 'qj',
            sha256: createHash('sha256').update('qujing-token-456').digest('hex'),
            region: '530300',
            role: 'viewer',
          },
        ],
      }),
    );
    const secret = 'a-session-secret-of-forty-characters-xyz';
    const secretFile = join(dir, 'session-secret.txt');
    writeFileSync(secretFile, `${secret}\n`);
    const READY = /^dashboard: (http:\/\/127\.0\.0\.1:\d+)\/login/m;
    const serveWith = async (args: readonly string[], extraEnv: Record<string, string> = {}) => {
      const run = await start(
        ['serve', db, '--port', '0', '--tokens', tokens, ...args],
        READY,
        extraEnv,
      );
      return { run, base: run.match[1]! };
    };
    const stop = async (run: Running) => {
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      expect(run.out() + run.err()).not.toContain(secret);
    };
    // Logged in under the file's secret, the cookie opens the next run's dashboard too.
    const first = await serveWith(['--session-secret-file', secretFile]);
    const cookie = await login(`${first.base}/login?token=qujing-token-456`);
    await stop(first.run);
    const second = await serveWith(['--session-secret-file', secretFile]);
    expect((await fetch(`${second.base}/`, { headers: { cookie } })).status).toBe(200);
    await stop(second.run);
    // The same secret from the environment opens it as well.
    const third = await serveWith([], { OCCHEALTH_SESSION_SECRET: secret });
    expect((await fetch(`${third.base}/`, { headers: { cookie } })).status).toBe(200);
    await stop(third.run);
    // Without a secret each run seals under a random one: the old cookie is refused.
    const fourth = await serveWith([]);
    expect((await fetch(`${fourth.base}/`, { headers: { cookie } })).status).toBe(401);
    await stop(fourth.run);
    // A short secret is a usage error naming its source and length, never its text.
    writeFileSync(join(dir, 'short-secret.txt'), 'too-short-secret');
    const short = occhealth([
      'serve',
      db,
      '--tokens',
      tokens,
      '--session-secret-file',
      'short-secret.txt',
    ]);
    expect(short.code).toBe(2);
    expect(short.err).toContain('16 characters');
    expect(short.err).not.toContain('too-short-secret');
    expect(occhealth(['serve', db, '--session-secret-file', 'no-such-secret.txt']).code).toBe(4);
  });

  it('refuses a non-loopback host without a tokens file (2), in both languages', () => {
    const en = occhealth(['serve', db, '--host', '0.0.0.0']);
    expect(en.code).toBe(2);
    expect(en.err).toContain('refusing to listen on 0.0.0.0 without --tokens');
    const zh = occhealth(['serve', db, '--host', '0.0.0.0'], 'zh');
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('未提供 --tokens 时拒绝监听 0.0.0.0');
    // demo refuses before generating anything.
    const demo = occhealth(['demo', '--scale', 'county', '--host', '192.168.1.10', '--dir', 'x']);
    expect(demo.code).toBe(2);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('bad input: missing db or tokens file 4, malformed tokens 3, bad port or period 2', () => {
    const missing = occhealth(['serve', 'missing.db'], 'zh');
    expect(missing.code).toBe(4);
    expect(missing.err).toContain('missing.db');
    expect(occhealth(['serve', db, '--tokens', 'nope.json']).code).toBe(4);
    writeFileSync(join(dir, 'bad-tokens.json'), '{"tokens": [{"id": "x"}]}');
    const bad = occhealth(['serve', db, '--tokens', 'bad-tokens.json']);
    expect(bad.code).toBe(3);
    expect(bad.err).toContain('sha256');
    writeFileSync(join(dir, 'not-json.json'), '{');
    expect(occhealth(['serve', db, '--tokens', 'not-json.json']).code).toBe(3);
    const port = occhealth(['serve', db, '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.err).toContain('--port must be a whole number from 0 to 65535');
    expect(occhealth(['serve', db, '--period', '2025X']).code).toBe(2);
  });
});
