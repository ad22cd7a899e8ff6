import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library entry: the command functions, for scripts and tests.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    // The binary: ESM with code splitting, so each command's heavy modules load only when run.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    splitting: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
