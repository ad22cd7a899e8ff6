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
  external: ['@occhealth/core'],
  // string-width and its dependencies are ESM-only: bundle them so the CJS build loads with
  // `require` on Node 20 before 20.19 (which cannot `require` an ES module).
  noExternal: ['string-width', 'strip-ansi', 'ansi-regex', 'get-east-asian-width'],
});
