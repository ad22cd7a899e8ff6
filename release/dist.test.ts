/**
 * Checks of the BUILT output (`dist/`), not the sources: the error classes keep their real names
 * after bundling (esbuild renames a class it has to hoist, e.g. `_ValidationError`, and `name` comes
 * from `new.target.name`), and every CJS entry point loads with `require` on a Node 20 that cannot
 * `require` an ES module (before 20.19), so ESM-only dependencies must be bundled into it.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryPoints, publishedPackages } from './workspace.js';

const require = createRequire(import.meta.url);

/** The exported classes of a module that derive from `Error`, by export name. */
function errorClasses(mod: Record<string, unknown>): [string, new (...a: never[]) => Error][] {
  return Object.entries(mod).filter(
    (e): e is [string, new (...a: never[]) => Error] =>
      typeof e[1] === 'function' && e[1].prototype instanceof Error,
  );
}

const core = entryPoints(publishedPackages().find((p) => p.manifest.name === '@occhealth/core')!);
const coreMain = core.find((e) => e.specifier === '@occhealth/core')!;

describe('error class names in the built @occhealth/core', () => {
  it.each([
    ['ESM', () => import(pathToFileURL(coreMain.esm!).href) as Promise<Record<string, unknown>>],
    ['CJS', async () => require(coreMain.cjs!) as Record<string, unknown>],
  ])('%s: every error class and instance keeps its exported name', async (_, load) => {
    const mod = await load();
    const classes = errorClasses(mod);
    expect(classes.map(([n]) => n).sort()).toEqual(
      expect.arrayContaining([
        'ConflictError',
        'ForbiddenError',
        'NotFoundError',
        'OccHealthError',
        'PeriodLockedError',
        'StoreError',
        'ValidationError',
      ]),
    );
    for (const [exported, cls] of classes) expect(cls.name).toBe(exported);

    const parseEmployer = mod.parseEmployer as (x: unknown) => unknown;
    let thrown: unknown;
    try {
      parseEmployer({ creditCode: 'not-a-code' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(mod.ValidationError as typeof Error);
    expect((thrown as Error).name).toBe('ValidationError');
    expect(JSON.parse(JSON.stringify(thrown))).toMatchObject({
      name: 'ValidationError',
      code: 'VALIDATION_FAILED',
    });
  });
});

describe.each(publishedPackages().map((p) => [p.manifest.name, p] as const))(
  '%s built output',
  (_, p) => {
    const entries = entryPoints(p);

    it.each(entries.map((e) => [e.specifier, e] as const))(
      '%s: ESM and CJS export the same names, with error classes named as exported',
      async (_, e) => {
        // `@occhealth/core/testing` wraps vitest, which is ESM-only by design: it is used from
        // test files, which vitest loads as ES modules.
        const esm = (await import(pathToFileURL(e.esm!).href)) as Record<string, unknown>;
        for (const [exported, cls] of errorClasses(esm)) expect(cls.name).toBe(exported);
        if (e.specifier.endsWith('/testing')) return;
        const cjs = require(e.cjs!) as Record<string, unknown>;
        expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
        for (const [exported, cls] of errorClasses(cjs)) expect(cls.name).toBe(exported);
      },
    );

    it('every CJS entry point loads without require(esm) (Node 20 before 20.19)', () => {
      for (const e of entries) {
        if (!e.cjs || e.specifier.endsWith('/testing')) continue;
        const out = execFileSync(
          process.execPath,
          [
            '--no-experimental-require-module',
            '-e',
            `process.stdout.write(String(Object.keys(require(${JSON.stringify(e.cjs)})).length))`,
          ],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        );
        expect(Number(out), e.specifier).toBeGreaterThan(0);
      }
    });
  },
);
