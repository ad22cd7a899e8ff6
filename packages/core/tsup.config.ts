import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'regions-cn': 'src/regions-cn.ts',
    demo: 'src/demo.ts',
    testing: 'src/testing.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Keep class and function names: error classes set `name` from `new.target.name`, which a
  // bundler would otherwise rename (`_ValidationError`).
  keepNames: true,
  external: ['vitest'],
});
