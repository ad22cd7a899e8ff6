import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'adapter-postgres',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One PostgreSQL server for the whole project; files run one after another.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
  resolve: {
    alias: {
      '@occhealth/core/testing': fileURLToPath(new URL('../core/src/testing.ts', import.meta.url)),
      '@occhealth/sql': fileURLToPath(new URL('../sql/src/index.ts', import.meta.url)),
      '@occhealth/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
    },
  },
});
