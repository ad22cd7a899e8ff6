/**
 * @module release/doc-coverage
 * How much of the API reference integrators can use: per package, the exported functions and
 * classes with an `@example`, and the interface members with a description. It reads typedoc's JSON
 * output, so it counts what the rendered docs show (after `@internal` is hidden). A library's
 * declaration that a package re-exports (decimal.js's `Decimal`) is documented upstream and not
 * counted: typedoc flags it external, and its symbol belongs to a package outside `@occhealth/`.
 *
 * ```sh
 * pnpm exec typedoc --json /tmp/api.json --out /tmp/api-html
 * pnpm exec tsx release/doc-coverage.ts /tmp/api.json
 * ```
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The parts of typedoc's JSON reflections this count reads. */
export interface Reflection {
  readonly id?: number;
  readonly name: string;
  readonly kind: number;
  readonly flags?: { readonly isExternal?: boolean };
  /** On a project (the root or a package): where each reflection's symbol is declared. */
  readonly symbolIdMap?: Readonly<Record<string, { readonly packageName?: string }>>;
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

/** Declarations of a package, through its entry-point modules, without third-party re-exports. */
function declarations(pkg: Reflection, owners: (id: number) => string | undefined): Reflection[] {
  return (pkg.children ?? []).flatMap((c) => {
    if (c.kind === KIND.module) return declarations(c, owners);
    return thirdParty(c, owners) ? [] : [c];
  });
}

/** A library's declaration re-exported by a package (decimal.js's `Decimal`), not ours. */
function thirdParty(r: Reflection, owners: (id: number) => string | undefined): boolean {
  if (r.flags?.isExternal) return true;
  const owner = r.id === undefined ? undefined : owners(r.id);
  return owner !== undefined && !owner.startsWith('@occhealth/');
}

/** Per package: the counted functions and classes, interface members, and what lacks docs. */
export interface Coverage {
  /** A header row, then one row per package: name, fn+class, with @example, members, described. */
  readonly rows: string[][];
  /** `<package>: <name> (no @example)` and `<package>: <Owner>.<member> (no description)`. */
  readonly missing: string[];
}

/** Count the documentation of typedoc's JSON `project` (see the module comment). */
export function coverage(project: Reflection): Coverage {
  const rows: string[][] = [
    ['package', 'fn+class', 'with @example', 'interface members', 'described'],
  ];
  const missing: string[] = [];
  for (const pkg of project.children ?? []) {
    // typedoc's packages mode keeps a symbol map per package project or one at the root.
    const owners = (id: number) =>
      (pkg.symbolIdMap ?? project.symbolIdMap)?.[String(id)]?.packageName;
    const decls = declarations(pkg, owners);
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
  return { rows, missing };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const project = JSON.parse(
    readFileSync(process.argv[2] ?? '/tmp/api.json', 'utf8'),
  ) as Reflection;
  const { rows, missing } = coverage(project);
  if (process.argv.includes('--missing')) for (const m of missing) console.log(m);
  for (const r of rows)
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(18))).join(''));
}
