import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Keep class and function names: error classes set `name` from `new.target.name`, which a
  // bundler would otherwise rename (`_ValidationError`).
  keepNames: true,
  external: ['better-sqlite3', '@occhealth/core'],
  // The shared SQL layer is private: bundled in, never a runtime import.
  noExternal: ['@occhealth/sql'],
});
