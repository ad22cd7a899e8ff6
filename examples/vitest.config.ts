import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineProject({
  test: { name: 'examples', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
  resolve: {
    alias: {
      '@occhealth/core/testing': src('../packages/core/src/testing.ts'),
      '@occhealth/core/demo': src('../packages/core/src/demo.ts'),
      '@occhealth/core/regions-cn': src('../packages/core/src/regions-cn.ts'),
      '@occhealth/core': src('../packages/core/src/index.ts'),
      '@occhealth/adapter-sqlite': src('../packages/adapter-sqlite/src/index.ts'),
      '@occhealth/import': src('../packages/import/src/index.ts'),
      '@occhealth/reports': src('../packages/reports/src/index.ts'),
      '@occhealth/adapter-http/client': src('../packages/adapter-http/src/client.ts'),
      '@occhealth/adapter-http': src('../packages/adapter-http/src/index.ts'),
    },
  },
});
