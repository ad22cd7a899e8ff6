import { defineProject } from 'vitest/config';

/**
 * The release checks: manifests, the built output, the changesets policy, the packed tarballs
 * installed into a project outside the workspace (`pack.test.ts`, ~1–2 min; CI runs it as part of
 * `pnpm test`), and every code snippet of README.md and docs/*.md.
 */
export default defineProject({
  test: {
    name: 'release',
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
