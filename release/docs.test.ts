/**
 * Every code snippet of README.md, docs/**\/*.md and the package READMEs is type-checked (strict,
 * against the packages' sources) and, unless marked, run — with the import templates of
 * docs/import/templates in its working directory — and its `// → text` lines asserted. New
 * documentation files are picked up automatically; release/snippets.ts says how to mark a snippet
 * that cannot run (` ```ts check `, ` ```ts fragment `; `sh`, `text`, `json`… are never run).
 * A ` ```ts suite ` block is a vitest test file: it is imported while this file collects its
 * tests, so its `describe`s run here (the conformance suite of a store adapter's guide).
 * A snippet that reads `process.env.DATABASE_URL` runs against a fresh database of
 * `OCCHEALTH_PG_URL` (release/postgres.ts): skipped without a server locally, never in CI.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { assertPostgresAvailable, PG_URL, usesPostgres, withDatabase } from './postgres.js';
import { documentationFiles, markdownSnippets, type Snippet } from './snippets.js';
import { entryPoints, ROOT, workspacePackages } from './workspace.js';

assertPostgresAvailable();

const DIR = join(ROOT, 'release', '.snippets');
const snippets = documentationFiles()
  .flatMap(markdownSnippets)
  .filter((s) => s.mode !== 'fragment');
const fileOf = (s: Snippet) => `${s.id}.${s.commonjs ? 'cjs' : s.lang === 'ts' ? 'ts' : 'js'}`;

let diagnostics = '';

// Suites register their tests when imported, so they are written and imported during collection
// (beforeAll is too late), from a directory of their own (beforeAll empties DIR).
const SUITES = join(ROOT, 'release', '.snippets', 'suites');
rmSync(SUITES, { recursive: true, force: true });
mkdirSync(SUITES, { recursive: true });
for (const s of snippets.filter((x) => x.mode === 'suite')) {
  writeFileSync(join(SUITES, fileOf(s)), s.code);
  describe(`${s.file}:${s.line} (a vitest suite, run)`, async () => {
    await import(/* @vite-ignore */ join(SUITES, fileOf(s)));
  });
}

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  for (const s of snippets) writeFileSync(join(DIR, fileOf(s)), s.code);
  const paths: Record<string, string[]> = {};
  for (const p of workspacePackages()) {
    for (const e of entryPoints(p)) if (e.source) paths[e.specifier] = [relative(DIR, e.source)];
  }
  writeFileSync(
    join(DIR, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: {
        noEmit: true,
        moduleDetection: 'force',
        allowJs: true,
        checkJs: true,
        paths,
      },
      include: ['*.ts', '*.cjs', '*.js'],
    }),
  );
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', DIR], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    diagnostics = String((e as { stdout?: string }).stdout ?? e);
  }
});

describe('documentation snippets', () => {
  it('finds the snippets of README.md, docs/ and every package README', () => {
    const files = new Set(snippets.map((s) => s.file));
    expect(files).toContain('README.md');
    for (const p of workspacePackages().filter((w) => !w.manifest.private)) {
      expect(files).toContain(`packages/${p.dir}/README.md`);
    }
  });

  it.each(snippets.map((s) => [`${s.file}:${s.line}`, s] as const))('%s type-checks', (_, s) => {
    const mine = diagnostics
      .split('\n')
      .filter((l) => l.includes(fileOf(s)))
      .join('\n');
    expect(mine).toBe('');
  });

  const runnable = snippets.filter((s) => s.mode === 'run' && !s.commonjs);
  for (const s of runnable.filter((r) => usesPostgres(r) && !PG_URL)) {
    it.skip(`${s.file}:${s.line} runs (needs PostgreSQL: set OCCHEALTH_PG_URL)`, () => {});
  }
  const run = runnable.filter((s) => PG_URL || !usesPostgres(s));
  it.each(run.map((s) => [`${s.file}:${s.line}`, s] as const))('%s runs', (_, s) =>
    usesPostgres(s) ? withDatabase(() => runSnippet(s)) : runSnippet(s),
  );
});

/** Run a snippet in a scratch directory holding the import templates; assert what it prints. */
async function runSnippet(s: Snippet): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'occhealth-snippet-'));
  for (const f of readdirSync(join(ROOT, 'docs/import/templates'))) {
    cpSync(join(ROOT, 'docs/import/templates', f), join(cwd, f));
  }
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(...args.map(String).join(' ').split('\n'));
  });
  const before = process.cwd();
  process.chdir(cwd);
  try {
    await import(/* @vite-ignore */ join(DIR, fileOf(s)));
  } finally {
    process.chdir(before);
    log.mockRestore();
    rmSync(cwd, { recursive: true, force: true });
  }
  let at = 0;
  for (const line of s.expected) {
    const found = printed.indexOf(line, at);
    expect(found, `expected "${line}" in\n${printed.join('\n')}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}
