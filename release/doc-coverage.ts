/**
 * @module release/doc-coverage
 * How much of the API reference integrators can use: per package, the exported functions and
 * classes with an `@example`, and the interface members with a description. It reads typedoc's JSON
 * output, so it counts what the rendered docs show (after `@internal` is hidden).
 *
 * ```sh
 * pnpm exec typedoc --json /tmp/api.json --out /tmp/api-html
 * pnpm exec tsx release/doc-coverage.ts /tmp/api.json
 * ```
 */
import { readFileSync } from 'node:fs';

/** The parts of typedoc's JSON reflections this count reads. */
interface Reflection {
  readonly name: string;
  readonly kind: number;
  readonly children?: readonly Reflection[];
  readonly signatures?: readonly Reflection[];
  readonly comment?: {
    readonly summary?: readonly { readonly text: string }[];
    readonly blockTags?: readonly { readonly tag: string }[];
  };
  readonly inheritedFrom?: unknown;
}

const KIND = {
  module: 2,
  function: 64,
  class: 128,
  interface: 256,
  property: 1024,
  method: 2048,
  accessor: 262144,
} as const;

const comments = (r: Reflection) => [r.comment, ...(r.signatures ?? []).map((s) => s.comment)];
const hasExample = (r: Reflection) =>
  comments(r).some((c) => c?.blockTags?.some((t) => t.tag === '@example'));
const described = (r: Reflection) =>
  comments(r).some((c) => (c?.summary ?? []).some((p) => p.text.trim() !== ''));

/** Declarations of a package, through its entry-point modules. */
function declarations(pkg: Reflection): Reflection[] {
  return (pkg.children ?? []).flatMap((c) => (c.kind === KIND.module ? declarations(c) : [c]));
}

const project = JSON.parse(readFileSync(process.argv[2] ?? '/tmp/api.json', 'utf8')) as Reflection;
const rows: string[][] = [
  ['package', 'fn+class', 'with @example', 'interface members', 'described'],
];
const missing: string[] = [];
for (const pkg of project.children ?? []) {
  const decls = declarations(pkg);
  const callable = decls.filter((d) => d.kind === KIND.function || d.kind === KIND.class);
  const members = decls
    .filter((d) => d.kind === KIND.interface)
    .flatMap((i) =>
      (i.children ?? [])
        .filter((m) => [KIND.property, KIND.method, KIND.accessor].includes(m.kind as 1024))
        .filter((m) => !m.inheritedFrom)
        .map((m) => ({ owner: i.name, member: m })),
    );
  for (const d of callable)
    if (!hasExample(d)) missing.push(`${pkg.name}: ${d.name} (no @example)`);
  for (const { owner, member } of members) {
    if (!described(member)) missing.push(`${pkg.name}: ${owner}.${member.name} (no description)`);
  }
  rows.push([
    pkg.name,
    String(callable.length),
    String(callable.filter(hasExample).length),
    String(members.length),
    String(members.filter((m) => described(m.member)).length),
  ]);
}
if (process.argv.includes('--missing')) for (const m of missing) console.log(m);
for (const r of rows)
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(18))).join(''));
