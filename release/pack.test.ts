/**
 * PACK TEST (CI runs it as part of `pnpm test`; about 1–2 minutes): every published package is packed
 * with `pnpm pack`, the tarballs are installed into a scratch project outside the workspace — as a new
 * user would, from the tarballs, with better-sqlite3's build allowed the pnpm ≥ 10 way — and then:
 *
 * - every entry point is imported as ESM, required as CJS and type-checked by a strict TypeScript
 *   consumer with `skipLibCheck: false`;
 * - every package README's snippets are type-checked by that consumer and run (ESM from the compiled
 *   TypeScript, CJS as written), their `// → text` lines asserted (the PostgreSQL ones against a
 *   fresh database of `OCCHEALTH_PG_URL`, see release/postgres.ts).
 *
 * Third-party dependencies come from the local pnpm store (`--prefer-offline`); only what the store
 * lacks is fetched from the registry.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPostgresAvailable, PG_URL, usesPostgres, withDatabase } from './postgres.js';
import { markdownSnippets, type Snippet } from './snippets.js';
import { entryPoints, publishedPackages, ROOT } from './workspace.js';

assertPostgresAvailable();

const packages = publishedPackages();
const scratch = mkdtempSync(join(tmpdir(), 'occhealth-pack-'));
const app = join(scratch, 'app');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment of a new user's shell: none of the workspace's pnpm/npm settings leak in. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|VITEST|NODE_OPTIONS$|INIT_CWD$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' };
}

function run(cmd: string, args: string[], cwd: string): string {
  if (process.env.OCCHEALTH_PACK_DEBUG)
    process.stderr.write(`${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  try {
    return execFileSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout}\n${err.stderr}`);
  }
}

/** The version the workspace resolved for a dependency (so the scratch project gets the same). */
function workspaceVersion(name: string, from = ROOT): string {
  const require = createRequire(join(from, 'package.json'));
  const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
  return (pkg as { version: string }).version;
}

/** Package README snippets that are run or type-checked, each with the file the consumer gets. */
const readmeSnippets: { pkg: string; snippet: Snippet; file: string }[] = packages.flatMap((p) =>
  markdownSnippets(join(p.path, 'README.md'))
    .filter((s) => s.mode !== 'fragment')
    .map((snippet) => ({
      pkg: p.manifest.name,
      snippet,
      file: `${snippet.id}.${snippet.commonjs ? 'cjs' : snippet.lang === 'ts' ? 'ts' : 'js'}`,
    })),
);

const specifiers = packages.flatMap((p) => entryPoints(p).map((e) => e.specifier));
const loadable = specifiers.filter((s) => !s.endsWith('/testing'));

beforeAll(() => {
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  mkdirSync(join(app, 'src'), { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const p of packages) {
    run('pnpm', ['pack', '--pack-destination', tarballs], p.path);
  }
  for (const p of packages) {
    const base = `${p.manifest.name.replace('@', '').replace('/', '-')}-${p.manifest.version}.tgz`;
    expect(readdirSync(tarballs)).toContain(base);
    dependencies[p.manifest.name] = `file:${join(tarballs, base)}`;
  }
  // The drivers the adapters take as peers, at the versions the workspace tests with.
  for (const p of packages) {
    for (const peer of Object.keys(p.manifest.peerDependencies ?? {})) {
      if (peer.startsWith('@occhealth/') || p.manifest.peerDependenciesMeta?.[peer]?.optional)
        continue;
      dependencies[peer] = workspaceVersion(peer, p.path);
    }
  }
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify(
      {
        name: 'occhealth-consumer',
        private: true,
        type: 'module',
        dependencies,
        // Packages that depend on other @occhealth packages (the CLI, the HTTP adapter) resolve
        // them to these tarballs too, as they would resolve to the registry's releases.
        pnpm: {
          overrides: Object.fromEntries(
            Object.entries(dependencies).filter(([name]) => name.startsWith('@occhealth/')),
          ),
        },
        devDependencies: {
          typescript: workspaceVersion('typescript'),
          '@types/node': workspaceVersion('@types/node'),
          // The PostgreSQL README's example imports the driver itself, as a TypeScript user would.
          '@types/pg': workspaceVersion('@types/pg'),
        },
      },
      null,
      2,
    )}\n`,
  );
  // What the package READMEs tell pnpm ≥ 10 users to add, so better-sqlite3's build runs.
  writeFileSync(join(app, 'pnpm-workspace.yaml'), 'onlyBuiltDependencies:\n  - better-sqlite3\n');
  writeFileSync(
    join(app, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          types: ['node'],
          outDir: 'out',
          rootDir: 'src',
        },
        include: ['src/**/*.ts'],
      },
      null,
      2,
    )}\n`,
  );
  run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--reporter=silent'], app);

  // The README examples read the import templates from the working directory.
  for (const f of readdirSync(join(ROOT, 'docs/import/templates'))) {
    cpSync(join(ROOT, 'docs/import/templates', f), join(app, f));
  }
  for (const { snippet, file } of readmeSnippets) {
    writeFileSync(join(app, 'src', file), snippet.code);
  }
  // Type-checked: every entry point. Loaded outside vitest: all but /testing, whose suites only run
  // inside vitest (an optional peer, ESM-only).
  writeFileSync(
    join(app, 'src', 'entry-points.ts'),
    `${specifiers.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}\nexport const all = [${specifiers.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  writeFileSync(
    join(app, 'src', 'entry-points-esm.ts'),
    `${loadable.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}\nexport const loaded: number[] = [${loadable.map((_, i) => `Object.keys(m${i}).length`).join(', ')}];\n`,
  );
  writeFileSync(
    join(app, 'src', 'entry-points.cjs'),
    `const loaded = [${loadable
      .map((s) => `Object.keys(require('${s}')).length`)
      .join(', ')}];\nconsole.log(JSON.stringify(loaded));\n`,
  );
});

describe('packed tarballs installed outside the workspace', () => {
  it('a strict TypeScript consumer (skipLibCheck: false) compiles every entry point and README example', () => {
    expect(run(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app)).toBe('');
  });

  it('every entry point but /testing (its suites run inside vitest) loads as ESM', () => {
    const out = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { loaded } from './out/entry-points-esm.js'; console.log(JSON.stringify(loaded));`,
      ],
      app,
    );
    const counts = JSON.parse(out) as number[];
    expect(counts).toHaveLength(loadable.length);
    for (const n of counts) expect(n).toBeGreaterThan(0);
  });

  it('every entry point but /testing loads as CJS', () => {
    const counts = JSON.parse(run(process.execPath, ['src/entry-points.cjs'], app)) as number[];
    expect(counts).toHaveLength(loadable.length);
    for (const n of counts) expect(n).toBeGreaterThan(0);
  });

  it('installs one @occhealth/core and one decimal.js for every package', () => {
    const list = run('pnpm', ['list', '--depth', 'Infinity', '--json'], app);
    const versions = new Map<string, Set<string>>();
    const visit = (deps: Record<string, { version: string; dependencies?: never }> = {}) => {
      for (const [name, d] of Object.entries(deps)) {
        if (!versions.has(name)) versions.set(name, new Set());
        versions.get(name)!.add(d.version);
        visit(d.dependencies);
      }
    };
    for (const root of JSON.parse(list) as { dependencies?: never }[]) visit(root.dependencies);
    expect([...(versions.get('@occhealth/core') ?? [])]).toHaveLength(1);
    expect([...(versions.get('decimal.js') ?? [])]).toHaveLength(1);
  });

  // The PostgreSQL README's examples read DATABASE_URL: a fresh database of OCCHEALTH_PG_URL.
  const runs = readmeSnippets.filter((r) => r.snippet.mode === 'run');
  for (const r of runs.filter((x) => usesPostgres(x.snippet) && !PG_URL)) {
    it.skip(`README example ${r.pkg}: ${r.snippet.file} runs (needs PostgreSQL: set OCCHEALTH_PG_URL)`, () => {});
  }
  it.each(
    runs
      .filter((r) => PG_URL || !usesPostgres(r.snippet))
      .map((r) => [`${r.pkg}: ${r.snippet.file}`, r] as const),
  )('README example %s runs', async (_, { snippet, file }) => {
    const path = snippet.commonjs ? join('src', file) : join('out', file.replace(/\.ts$/, '.js'));
    const exec = async () => run(process.execPath, [path], app);
    const printed = (await (usesPostgres(snippet) ? withDatabase(exec) : exec())).split('\n');
    let at = 0;
    for (const line of snippet.expected) {
      const found = printed.indexOf(line, at);
      expect(
        found,
        `${snippet.file}:${snippet.line} printed\n${printed.join('\n')}`,
      ).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});
