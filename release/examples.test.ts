/**
 * The `@example`s of `@occhealth/core`'s doc comments (what typedoc renders) are type-checked
 * against the sources and run. An example may leave out the imports of core's own exports (they are
 * added); a one-line `@example expr // value` is compared with its comment when the comment starts
 * with a literal (`// '2025-03-01'`, `// true (a make-up day)`), and `// throws…` expects a throw.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsdocSnippets, type Snippet, sourceFiles } from './snippets.js';
import { entryPoints, ROOT, workspacePackages } from './workspace.js';

/**
 * Files other work is rewriting at the moment: their examples join this check once it has landed
 * (remove a line here and fix what fails).
 */
const PENDING = [
  'packages/core/src/store/',
  'packages/core/src/evaluate/memory.ts',
  'packages/core/src/calendar/submission.ts',
];

const DIR = join(ROOT, 'release', '.examples');
const examples = sourceFiles()
  .filter((f) => f.startsWith(join(ROOT, 'packages/core/src/')))
  .filter((f) => !PENDING.some((p) => relative(ROOT, f).startsWith(p)))
  .flatMap(jsdocSnippets)
  .filter((s) => s.mode !== 'fragment');

/** Every name exported by each `@occhealth/*` entry point, read from its source. */
function exportedNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of workspacePackages()) {
    for (const e of entryPoints(p)) {
      if (!e.source) continue;
      const text = readFileSync(e.source, 'utf8');
      for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
        for (const part of m[1]!.split(',')) {
          const name = part
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .replace(/^type\s+/, '');
          if (name && !names.has(name)) names.set(name, e.specifier);
        }
      }
      for (const m of text.matchAll(
        /export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|class|const|let|interface|type|enum)\s+(\w+)/g,
      )) {
        if (!names.has(m[1]!)) names.set(m[1]!, e.specifier);
      }
    }
  }
  return names;
}

const NAMES = exportedNames();

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

function sourceOf(s: Snippet): string {
  const body = s.inline ? splitInline(s.code).expr : s.code;
  const used = [...new Set(body.match(/\b[A-Za-z_$][\w$]*\b/g) ?? [])].filter((n) => NAMES.has(n));
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
    const spec = NAMES.get(n)!;
    bySpecifier.set(spec, [...(bySpecifier.get(spec) ?? []), n]);
  }
  const imports = [...bySpecifier]
    .map(([spec, ns]) => `import { ${ns.join(', ')} } from '${spec}';`)
    .join('\n');
  if (!s.inline) return `${imports}\n${s.code}`;
  const statements = /;\s*\S/.test(body) || /^(const|let|await\s+\w+\s*\()/.test(body);
  return statements
    ? `${imports}\nexport async function example(): Promise<unknown> {\n${body}\n}\n`
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

describe('@example blocks of @occhealth/core', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(40);
  });

  it.each(examples.map((s) => [`${s.file}:${s.line}`, s] as const))('%s', async (_, s) => {
    const mine = diagnostics
      .split('\n')
      .filter((l) => l.includes(fileOf(s)))
      .join('\n');
    expect(mine, splitInline(s.code).expr).toBe('');
    if (s.mode !== 'run') return;
    const mod = (await import(/* @vite-ignore */ join(DIR, fileOf(s)))) as {
      example?: () => Promise<unknown>;
    };
    if (!s.inline || !mod.example) return;
    const { comment } = splitInline(s.code);
    if (comment?.startsWith('throws')) {
      await expect(mod.example()).rejects.toThrow();
      return;
    }
    const value = await mod.example();
    const literal = comment === undefined ? undefined : literalOf(comment);
    if (literal) expect(value).toEqual(literal.value);
  });
});
