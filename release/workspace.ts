/**
 * @module release/workspace
 * The published packages of the workspace, read from `packages/*` so that a new package is covered
 * by every release check without editing them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository. */
export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The subset of a package.json the release checks read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string } | string;
  readonly repository?: {
    readonly type?: string;
    readonly url?: string;
    readonly directory?: string;
  };
  readonly license?: string;
  readonly files?: readonly string[];
  readonly engines?: { readonly node?: string };
  readonly bin?: string | Record<string, string>;
  readonly exports?: Record<string, unknown>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly devDependencies?: Record<string, string>;
  readonly scripts?: Record<string, string>;
}

/** One package under `packages/`. */
export interface WorkspacePackage {
  /** Folder name under `packages/`, e.g. `adapter-sqlite`. */
  readonly dir: string;
  /** Absolute path of the folder. */
  readonly path: string;
  readonly manifest: Manifest;
}

/** Every package under `packages/` that has a package.json, in folder order. */
export function workspacePackages(): WorkspacePackage[] {
  const base = join(ROOT, 'packages');
  return readdirSync(base)
    .filter((dir) => existsSync(join(base, dir, 'package.json')))
    .sort()
    .map((dir) => ({
      dir,
      path: join(base, dir),
      manifest: JSON.parse(readFileSync(join(base, dir, 'package.json'), 'utf8')) as Manifest,
    }));
}

/** The packages that are published (not `private`). */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((p) => !p.manifest.private);
}

/**
 * The subpath exports of a package that point at code, as `[specifier, sourceFile, distEsm, distCjs]`
 * (`@occhealth/core/testing` → `src/testing.ts`, `dist/testing.js`, `dist/testing.cjs`).
 */
export function entryPoints(
  p: WorkspacePackage,
): { specifier: string; source?: string; esm?: string; cjs?: string }[] {
  const out: { specifier: string; source?: string; esm?: string; cjs?: string }[] = [];
  for (const [key, value] of Object.entries(p.manifest.exports ?? {})) {
    if (key.endsWith('.json') || typeof value !== 'object' || value === null) continue;
    const v = value as {
      source?: string;
      import?: { default?: string } | string;
      require?: { default?: string } | string;
    };
    const pick = (c: { default?: string } | string | undefined) =>
      typeof c === 'string' ? c : c?.default;
    const esm = pick(v.import);
    const cjs = pick(v.require);
    out.push({
      specifier: key === '.' ? p.manifest.name : `${p.manifest.name}/${key.slice(2)}`,
      ...(v.source ? { source: join(p.path, v.source) } : {}),
      ...(esm ? { esm: join(p.path, esm) } : {}),
      ...(cjs ? { cjs: join(p.path, cjs) } : {}),
    });
  }
  return out;
}

/** Newest modification time (ms) of any file under `dir` (0 if it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  const st = statSync(dir);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(dir).map((f) => newest(join(dir, f))));
}

/** Oldest modification time (ms) of the files of `dir` (0 if it is missing or empty). */
function oldest(dir: string): number {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir);
  if (files.length === 0) return 0;
  return Math.min(...files.map((f) => statSync(join(dir, f)).mtimeMs));
}

/**
 * Builds the packages whose `dist/` is missing or older than their sources, so the checks of the
 * built output and the pack test run on what the sources say (in CI `pnpm build` ran before and this
 * does nothing).
 */
export function ensureBuilt(): void {
  // Only packages that build: the private SQL layer is read from its sources and has no dist/.
  const stale = workspacePackages().filter((p) => {
    if (!p.manifest.scripts?.build) return false;
    const built = oldest(join(p.path, 'dist'));
    const source = Math.max(
      newest(join(p.path, 'src')),
      newest(join(p.path, 'package.json')),
      newest(join(p.path, 'tsup.config.ts')),
    );
    return built === 0 || built < source;
  });
  if (stale.length === 0) return;
  // A stale core means every dependent's .d.ts may be stale too: rebuild all, in dependency order.
  execFileSync('pnpm', ['-r', '--filter', './packages/*', 'build'], { cwd: ROOT, stdio: 'pipe' });
}
