/**
 * The `@example`s of every published package's doc comments (what typedoc renders) are type-checked
 * against the sources and run: `@occhealth/core`'s, the renderers of `@occhealth/reports`, the
 * importers of `@occhealth/import` reading strings, the CLI's command functions, SQLite stores in
 * memory, the HTTP app answering `app.request()` in process or on a loopback port, and PostgreSQL
 * stores in a fresh database of `OCCHEALTH_PG_URL` (an example reads it as `process.env.DATABASE_URL`;
 * see release/postgres.ts — skipped without a server locally, never in CI). An example that needs a
 * user's file or a remote server says ` ```ts check ` (typed, not run). An example may leave out the imports of the packages' exports (they are added, from the
 * example's own package first); a one-line `@example expr // value` is compared with its comment
 * when the comment starts with a literal (`// '2025-03-01'`, `// true (a make-up day)`), and
 * `// throws…` expects a throw; a block's `// → text` lines are what its `console.log`s print.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { assertPostgresAvailable, PG_URL, usesPostgres, withDatabase } from './postgres.js';
import { jsdocSnippets, type Snippet, sourceFiles } from './snippets.js';
import { entryPoints, publishedPackages, ROOT, workspacePackages } from './workspace.js';

assertPostgresAvailable();

const DIR = join(ROOT, 'release', '.examples');
/** Packages whose examples this runs: every published one. */
const CHECKED = publishedPackages().map((p) => p.dir);

const examples = sourceFiles()
  .filter((f) => CHECKED.some((dir) => f.startsWith(join(ROOT, 'packages', dir, 'src/'))))
  .flatMap(jsdocSnippets)
  .filter((s) => s.mode !== 'fragment');

/** Names exported as types only (imported with `import type`, as `verbatimModuleSyntax` wants). */
const TYPES = new Set<string>();
const VALUES = new Set<string>();

/** Every name exported by each `@occhealth/*` entry point, read from its source, with its specifiers. */
function exportedNames(): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const add = (name: string, specifier: string) =>
    names.set(name, [...new Set([...(names.get(name) ?? []), specifier])]);
  // core first: a name re-exported by another package (`Decimal`) comes from core.
  const packages = workspacePackages().sort(
    (a, b) => Number(b.dir === 'core') - Number(a.dir === 'core'),
  );
  for (const p of packages) {
    for (const e of entryPoints(p)) {
      if (!e.source) continue;
      const text = readFileSync(e.source, 'utf8');
      for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
        for (const part of m[2]!.split(',')) {
          const name = part
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .replace(/^type\s+/, '');
          if (!name) continue;
          add(name, e.specifier);
          if (m[1] || /^\s*type\s/.test(part)) TYPES.add(name);
          else VALUES.add(name);
        }
      }
      for (const m of text.matchAll(
        /export\s+(?:declare\s+)?(?:async\s+)?(function\*?|class|const|let|interface|type|enum)\s+(\w+)/g,
      )) {
        add(m[2]!, e.specifier);
        (m[1] === 'interface' || m[1] === 'type' ? TYPES : VALUES).add(m[2]!);
      }
    }
  }
  return names;
}

const NAMES = exportedNames();

/** The package name of a source file (`packages/reports/src/csv.ts` → `@occhealth/reports`). */
function packageOf(file: string): string | undefined {
  const dir = /^packages\/([^/]+)\//.exec(file)?.[1];
  return workspacePackages().find((p) => p.dir === dir)?.manifest.name;
}

/** The specifier to import a name from: the example's own package when it exports it. */
function specifierFor(name: string, file: string): string {
  const specs = NAMES.get(name)!;
  const own = packageOf(file);
  return (
    specs.find((s) => own !== undefined && (s === own || s.startsWith(`${own}/`))) ?? specs[0]!
  );
}

/** The comment of a one-line example split off its code (the last ` // `). */
function splitInline(code: string): { expr: string; comment?: string } {
  const line = code.trim();
  const at = line.lastIndexOf(' // ');
  return at < 0 ? { expr: line } : { expr: line.slice(0, at).trim(), comment: line.slice(at + 4) };
}

/** The literal a comment starts with, if any (`'small' (employees reach…)` → `'small'`). */
function literalOf(comment: string): { value: unknown } | undefined {
  const candidates = [
    comment,
    comment.split(' (')[0]!,
    comment.split(' — ')[0]!,
    comment.split(', ')[0]!,
  ];
  for (const c of candidates) {
    if (!/^(['"`[{\d-]|true|false|null|undefined)/.test(c.trim())) continue;
    try {
      return { value: new Function(`return (${c});`)() };
    } catch {}
  }
  return undefined;
}

/** The names a source file exports itself (`export function x`, `export const x`…). */
function ownExports(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found = [
    ...text.matchAll(
      /export\s+(?:declare\s+)?(?:async\s+)?(function\*?|class|const|let|interface|type|enum)\s+(\w+)/g,
    ),
  ];
  for (const m of found)
    if ((m[1] === 'interface' || m[1] === 'type') && !NAMES.has(m[2]!)) TYPES.add(m[2]!);
  return new Set(found.map((m) => m[2]!));
}

function sourceOf(s: Snippet): string {
  const body = s.inline ? splitInline(s.code).expr : s.code;
  const words = [...new Set(body.match(/\b[A-Za-z_$][\w$]*\b/g) ?? [])];
  const used = words.filter((n) => NAMES.has(n));
  // A helper the packages do not export (a store helper of the conformance suite) comes from its file.
  const own = ownExports(s.file);
  const local = words.filter((n) => !NAMES.has(n) && own.has(n));
  const declared = new Set(
    [...s.code.matchAll(/^\s*import\s+(?:type\s+)?\{([^}]*)\}/gm)].flatMap((m) =>
      m[1]!.split(',').map((x) =>
        x
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .replace(/^type\s+/, ''),
      ),
    ),
  );
  const bySpecifier = new Map<string, string[]>();
  for (const n of used) {
    if (declared.has(n)) continue;
    const spec = specifierFor(n, s.file);
    bySpecifier.set(spec, [...(bySpecifier.get(spec) ?? []), n]);
  }
  const fromFile = local.filter((n) => !declared.has(n));
  if (fromFile.length > 0) {
    const path = relative(DIR, join(ROOT, s.file)).replace(/\.ts$/, '.js');
    bySpecifier.set(path, fromFile);
  }
  const imports = [...bySpecifier]
    .map(([spec, ns]) => {
      const named = ns.map((n) => (TYPES.has(n) && !VALUES.has(n) ? `type ${n}` : n));
      return `import { ${named.join(', ')} } from '${spec}';`;
    })
    .join('\n');
  if (!s.inline) return `${imports}\n${s.code}`;
  // Statements, not an expression: a `;` between two (outside string literals) or a declaration.
  const bare = body.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
  const statements = /;\s*\S/.test(bare) || /^(const|let|await\s+\w+\s*\()/.test(bare);
  return statements
    ? `${imports}\nexport async function example(): Promise<unknown> {\n${body}\n  return undefined;\n}\n`
    : `${imports}\nexport async function example(): Promise<unknown> {\n  return ${body};\n}\n`;
}

let diagnostics = '';
const fileOf = (s: Snippet) => `${s.id}.ts`;

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  for (const s of examples) writeFileSync(join(DIR, fileOf(s)), sourceOf(s));
  const paths: Record<string, string[]> = {};
  for (const p of workspacePackages()) {
    for (const e of entryPoints(p)) if (e.source) paths[e.specifier] = [relative(DIR, e.source)];
  }
  writeFileSync(
    join(DIR, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true, moduleDetection: 'force', paths },
      include: ['*.ts'],
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

describe('@example blocks of the published packages', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(40);
    for (const dir of CHECKED) {
      expect(
        examples.some((e) => e.file.startsWith(`packages/${dir}/`)),
        dir,
      ).toBe(true);
    }
  });

  // Without a server (locally) the PostgreSQL examples are type-checked, and their runs skipped.
  const runs = (s: Snippet) => s.mode === 'run' && (PG_URL !== undefined || !usesPostgres(s));
  it.each(examples.map((s) => [`${s.file}:${s.line}`, s] as const))('%s', (_, s) =>
    usesPostgres(s) && runs(s) ? withDatabase(() => check(s, true)) : check(s, runs(s)),
  );
  for (const s of examples.filter((e) => e.mode === 'run' && !runs(e))) {
    it.skip(`${s.file}:${s.line} runs (needs PostgreSQL: set OCCHEALTH_PG_URL)`, () => {});
  }
});

/** Type-check an example, and run it when `run`, asserting what it prints and returns. */
async function check(s: Snippet, run: boolean): Promise<void> {
  const mine = diagnostics
    .split('\n')
    .filter((l) => l.includes(fileOf(s)))
    .join('\n');
  expect(mine, splitInline(s.code).expr).toBe('');
  if (!run) return;
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(...args.map(String).join(' ').split('\n'));
  });
  let mod: { example?: () => Promise<unknown> };
  try {
    mod = (await import(/* @vite-ignore */ join(DIR, fileOf(s)))) as typeof mod;
  } finally {
    log.mockRestore();
  }
  // A block's `// → text` lines are what it prints, in that order.
  let at = 0;
  for (const line of s.expected) {
    const found = printed.indexOf(line, at);
    expect(found, `expected "${line}" in\n${printed.join('\n')}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
  if (!s.inline || !mod.example) return;
  const { comment } = splitInline(s.code);
  if (comment?.startsWith('throws')) {
    await expect(mod.example()).rejects.toThrow();
    return;
  }
  const value = await mod.example();
  const literal = comment === undefined ? undefined : literalOf(comment);
  if (literal) expect(value).toEqual(literal.value);
}
