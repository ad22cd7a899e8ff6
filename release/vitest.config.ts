import { defineProject } from 'vitest/config';
import { entryPoints, workspacePackages } from './workspace.js';

/** Every `@occhealth/*` entry point resolved to its source, for the documentation snippets. */
const alias = workspacePackages().flatMap((p) =>
  entryPoints(p)
    .filter((e) => e.source)
    .map((e) => ({
      find: new RegExp(`^${e.specifier.replace(/[/.]/g, '\\$&')}$`),
      replacement: e.source!,
    })),
);

/**
 * The release checks: manifests, the built output, the changesets policy, the packed tarballs
 * installed into a project outside the workspace (`pack.test.ts`, ~1–2 min; CI runs it as part of
 * `pnpm test`), and every code snippet of README.md and docs/*.md (`docs.test.ts`).
 */
export default defineProject({
  resolve: { alias },
  test: {
    name: 'release',
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
