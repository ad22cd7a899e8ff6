import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'adapter-sqlite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  resolve: {
    alias: {
      '@occhealth/core/testing': fileURLToPath(new URL('../core/src/testing.ts', import.meta.url)),
      '@occhealth/sql': fileURLToPath(new URL('../sql/src/index.ts', import.meta.url)),
      '@occhealth/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
    },
  },
});
