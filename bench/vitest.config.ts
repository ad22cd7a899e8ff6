import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'bench', include: ['test/**/*.test.ts'] },
  resolve: {
    alias: {
      '@occhealth/core/regions-cn': fileURLToPath(
        new URL('../packages/core/src/regions-cn.ts', import.meta.url),
      ),
      '@occhealth/core/demo': fileURLToPath(
        new URL('../packages/core/src/demo.ts', import.meta.url),
      ),
      '@occhealth/core': fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url)),
    },
  },
});
