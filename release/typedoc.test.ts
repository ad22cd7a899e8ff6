/**
 * What the API reference (`pnpm run docs`, root typedoc.json with `entryPointStrategy: packages`)
 * is built from, checked without running typedoc: every code entry point of every published
 * package's `exports` is one of the package's typedoc entry points (a new subpath export cannot be
 * left out of the reference), each of those files opens with its module's comment, and the error helpers
 * other stores and importers build their own errors with (`issue`, `fail`, `fromZodIssues`) are
 * public: exported from the core's main entry, documented with an example, not `@internal` (which
 * `excludeInternal` would hide from the reference).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryPoints, publishedPackages, ROOT } from './workspace.js';

interface TypedocOptions {
  readonly entryPoints?: readonly string[];
  readonly packageOptions?: { readonly entryPoints?: readonly string[] };
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as TypedocOptions;
const root = read(join(ROOT, 'typedoc.json'));

/** The typedoc entry points of a package: its own typedoc.json, else the root's packageOptions. */
function typedocEntries(path: string): string[] {
  const own = join(path, 'typedoc.json');
  const entries =
    (existsSync(own) ? read(own).entryPoints : undefined) ?? root.packageOptions?.entryPoints ?? [];
  return entries.map((e) => join(path, e));
}

describe('API reference', () => {
  it('reads every package under packages/ but the private ones', () => {
    expect(root.entryPoints).toEqual(['packages/*']);
    expect(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')).toContain(
      '"exclude": ["packages/sql"]',
    );
  });

  it.each(publishedPackages().map((p) => [p.manifest.name, p] as const))(
    '%s: every code entry point is documented, under its module name',
    (_, p) => {
      const documented = typedocEntries(p.path);
      const exported = entryPoints(p)
        .map((e) => e.source)
        .filter((s): s is string => s !== undefined);
      expect(exported.length).toBeGreaterThan(0);
      for (const source of exported) {
        expect(documented, relative(ROOT, source)).toContain(source);
      }
      for (const file of documented) {
        expect(readFileSync(file, 'utf8'), relative(ROOT, file)).toMatch(
          /^\/\*\*\s*\n\s*\* @(module |packageDocumentation)/,
        );
      }
    },
  );

  it.each(['issue', 'fail', 'fromZodIssues'])(
    'core: %s is public, exported and documented with an example',
    (name) => {
      const text = readFileSync(join(ROOT, 'packages/core/src/errors/issue.ts'), 'utf8');
      const at = text.indexOf(`export function ${name}(`);
      expect(at).toBeGreaterThan(0);
      const comment = text.slice(text.lastIndexOf('/**', at), at);
      expect(comment).not.toContain('*/\n\n');
      expect(comment).not.toMatch(/@internal\b/);
      expect(comment).toMatch(/@example\b/);
      const index = readFileSync(join(ROOT, 'packages/core/src/index.ts'), 'utf8');
      expect(index).toMatch(new RegExp(`^\\s+${name},$`, 'm'));
    },
  );
});
