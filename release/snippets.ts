/**
 * @module release/snippets
 * Code snippets of the documentation, extracted so tests can type-check and run them.
 *
 * In Markdown, a fenced block whose info string starts with `ts` (or `typescript`) or `js` is a
 * snippet; every other language (`sh`, `text`, `json`, `csv`, …) is not code to run. A word after the
 * language says how far it is checked:
 *
 * - ` ```ts ` — type-checked (strict) and run;
 * - ` ```ts check ` — type-checked only (it needs a server, a browser, a user's file…);
 * - ` ```ts suite ` — a vitest test file (it registers `describe`s): type-checked, and imported by
 *   the docs test while it collects its tests, so the suite runs there;
 * - ` ```ts fragment ` — neither: a piece of a larger program, shown for its shape.
 *
 * A line `// → text` after a `console.log` asserts that the run printed the line `text`, in that order.
 * JSDoc `@example` blocks of the packages' sources follow the same rules (an `@example` without a
 * fence is TypeScript to run, as typedoc renders it), and may leave out the
 * imports of their own package's exports (the test adds them); a one-line `@example expr // value`
 * is checked against its comment (see {@link Snippet.inline}).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, workspacePackages } from './workspace.js';

/** How far a snippet is checked. */
export type SnippetMode = 'run' | 'check' | 'suite' | 'fragment';

/** One code snippet of a documentation file or a doc comment. */
export interface Snippet {
  /** The file it comes from, relative to the repository root. */
  readonly file: string;
  /** 1-based line of its opening fence (or of the `@example` tag). */
  readonly line: number;
  readonly lang: 'ts' | 'js';
  readonly mode: SnippetMode;
  /** CommonJS (`require`) rather than an ES module. */
  readonly commonjs: boolean;
  readonly code: string;
  /** The lines it must print, from its `// → text` comments. */
  readonly expected: readonly string[];
  /** A file-name-safe id, unique within the repository. */
  readonly id: string;
  /**
   * A one-line `@example` written after the tag (`@example addDays('2025-02-28', 1) // '2025-03-01'`):
   * its expression's value is compared with the comment when the comment is a literal, and a comment
   * `// throws…` expects it to throw.
   */
  readonly inline?: boolean;
}

function slug(file: string, line: number): string {
  return `${file.replace(/\.[a-z]+$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-L${line}`;
}

function makeSnippet(file: string, line: number, info: string, code: string): Snippet | undefined {
  const [lang = '', word] = info.trim().split(/\s+/);
  const l = lang === 'typescript' ? 'ts' : lang === 'javascript' ? 'js' : lang;
  if (l !== 'ts' && l !== 'js') return undefined;
  const mode: SnippetMode =
    word === 'check' || word === 'suite' || word === 'fragment' ? word : 'run';
  const expected = [...code.matchAll(/^\s*\/\/ → (.*)$/gm)].map((m) => m[1]!.trimEnd());
  return {
    file,
    line,
    lang: l,
    mode,
    commonjs: /\brequire\(/.test(code) && !/^\s*import\s/m.test(code),
    code,
    expected,
    id: slug(file, line),
  };
}

/** The snippets of one Markdown file. */
export function markdownSnippets(path: string): Snippet[] {
  const file = relative(ROOT, path);
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trimStart().startsWith(fence!)) {
      body.push(lines[j]!.slice(indent!.length));
      j++;
    }
    const s = makeSnippet(file, i + 1, info!, `${body.join('\n')}\n`);
    if (s) out.push(s);
    i = j;
  }
  return out;
}

/** The `@example` snippets of the doc comments of one source file. */
export function jsdocSnippets(path: string): Snippet[] {
  const file = relative(ROOT, path);
  const text = readFileSync(path, 'utf8');
  const out: Snippet[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const start = text.slice(0, comment.index).split('\n').length;
    const lines = comment[0].split('\n').map((l) => l.replace(/^\s*\*? ?/, ''));
    for (let i = 0; i < lines.length; i++) {
      const at = lines[i]!.indexOf('@example');
      if (at < 0 || (at > 0 && !/\s/.test(lines[i]![at - 1]!))) continue;
      const inline = lines[i]!.slice(at + '@example'.length)
        .replace(/\*\/\s*$/, '')
        .trim();
      if (inline) {
        const s = makeSnippet(file, start + i, 'ts', `${inline}\n`);
        if (s) out.push({ ...s, inline: true });
        continue;
      }
      let j = i + 1;
      while (j < lines.length && !/^(`{3,})(.*)$/.test(lines[j]!) && !/^@\w/.test(lines[j]!)) j++;
      const open = /^(`{3,})(.*)$/.exec(lines[j] ?? '');
      if (!open) {
        // No fence before the next tag: typedoc renders the whole text as TypeScript, so it is code.
        const body = lines
          .slice(i + 1, j)
          .filter((l, n, all) => !(n === all.length - 1 && l.trim() === '/'));
        const s = makeSnippet(file, start + i, 'ts', `${body.join('\n').trim()}\n`);
        if (s && body.some((l) => l.trim() !== '')) out.push(s);
        i = j - 1;
        continue;
      }
      const body: string[] = [];
      let k = j + 1;
      while (k < lines.length && !lines[k]!.startsWith(open[1]!)) body.push(lines[k++]!);
      const s = makeSnippet(file, start + i, open[2]!, `${body.join('\n')}\n`);
      if (s) out.push(s);
      i = k;
    }
  }
  return out;
}

function walk(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => {
      const path = join(dir, d.name);
      if (d.isDirectory())
        return d.name === 'node_modules' || d.name === 'api' ? [] : walk(path, keep);
      return keep(path) ? [path] : [];
    });
}

/** README.md, every Markdown file under docs/ (but the generated API reference) and every package README. */
export function documentationFiles(): string[] {
  return [
    join(ROOT, 'README.md'),
    ...walk(join(ROOT, 'docs'), (p) => p.endsWith('.md')),
    ...workspacePackages()
      .map((p) => join(p.path, 'README.md'))
      .filter((p) => existsSync(p)),
  ];
}

/** Every source file of the published packages that may carry `@example`s. */
export function sourceFiles(): string[] {
  return workspacePackages()
    .filter((p) => !p.manifest.private)
    .flatMap((p) =>
      walk(
        join(p.path, 'src'),
        (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.generated.ts'),
      ),
    );
}
