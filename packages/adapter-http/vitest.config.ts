import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineProject({
  test: { name: 'adapter-http', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  resolve: {
    alias: {
      '@occhealth/core/testing': src('../core/src/testing.ts'),
      '@occhealth/core': src('../core/src/index.ts'),
      '@occhealth/import': src('../import/src/index.ts'),
      '@occhealth/reports': src('../reports/src/index.ts'),
      '@occhealth/adapter-sqlite': src('../adapter-sqlite/src/index.ts'),
      '@occhealth/adapter-postgres': src('../adapter-postgres/src/index.ts'),
      '@occhealth/sql': src('../sql/src/index.ts'),
    },
  },
});
