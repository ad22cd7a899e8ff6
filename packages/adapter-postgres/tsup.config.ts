import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['pg', 'pg-copy-streams', '@occhealth/core'],
  // The shared SQL layer is private: bundled in, never a runtime import.
  noExternal: ['@occhealth/sql'],
});
