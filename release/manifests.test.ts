/**
 * Every published package's manifest carries what a registry user needs (repository, homepage,
 * bugs, keywords, license, files, engines), its own README and LICENSE, and the dependency policy:
 * `@occhealth/core` is a peer (plus a `workspace:*` dev dependency) of every other package, so an
 * integrator gets one core and one `Decimal`; private workspace code is never a runtime dependency.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, ROOT, workspacePackages } from './workspace.js';

const packages = publishedPackages();
const privateNames = new Set(
  workspacePackages()
    .filter((p) => p.manifest.private)
    .map((p) => p.manifest.name),
);
const publicNames = new Set(
  packages.map((p) => p.manifest.name).filter((n) => n !== '@occhealth/core'),
);

describe('release manifests', () => {
  it('finds the published packages under packages/*', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual(
      expect.arrayContaining([
        '@occhealth/core',
        '@occhealth/import',
        '@occhealth/reports',
        '@occhealth/adapter-sqlite',
      ]),
    );
  });

  describe.each(packages.map((p) => [p.manifest.name, p] as const))('%s', (_, p) => {
    const m = p.manifest;

    it('names a repository folder, homepage, issue tracker and keywords', () => {
      expect(m.repository?.type).toBe('git');
      expect(m.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
      expect(m.repository?.directory).toBe(`packages/${p.dir}`);
      expect(m.homepage).toMatch(new RegExp(`^https://.+/packages/${p.dir}#readme$`));
      const bugs = typeof m.bugs === 'string' ? m.bugs : m.bugs?.url;
      expect(bugs).toMatch(/^https:\/\/.+\/issues$/);
      expect(m.keywords).toEqual(expect.arrayContaining(['occhealth', 'occupational-health']));
      expect(m.description?.length ?? 0).toBeGreaterThan(20);
    });

    it('is MIT-licensed with a LICENSE file and its own README', () => {
      expect(m.license).toBe('MIT');
      expect(readFileSync(join(p.path, 'LICENSE'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
      );
      const readme = readFileSync(join(p.path, 'README.md'), 'utf8');
      expect(readme.startsWith(`# ${m.name}`)).toBe(true);
      expect(readme).toMatch(/```(ts|js)/);
    });

    it('publishes dist (and nothing of the tests) and runs on Node 20', () => {
      expect(m.files).toContain('dist');
      expect(m.files).toContain('!src/**/*.test.ts');
      expect(m.engines?.node).toBe('>=20');
      for (const file of [m.bin].flatMap((b) =>
        typeof b === 'string' ? [b] : Object.values(b ?? {}),
      )) {
        expect(file.startsWith('./dist/') || file.startsWith('dist/')).toBe(true);
      }
    });

    it('has every export built as ESM and CJS with types for each', () => {
      for (const [key, value] of Object.entries(m.exports ?? {})) {
        if (key.endsWith('.json')) continue;
        expect(value, key).toMatchObject({
          import: { types: expect.stringMatching(/\.d\.ts$/), default: expect.any(String) },
          require: { types: expect.stringMatching(/\.d\.cts$/), default: expect.any(String) },
        });
      }
    });

    it.skipIf(m.name === '@occhealth/core')(
      'takes @occhealth/core as a peer within 0.x and as a workspace:* dev dependency',
      () => {
        expect(m.peerDependencies?.['@occhealth/core']).toBe('workspace:0.x');
        expect(m.devDependencies?.['@occhealth/core']).toBe('workspace:*');
        expect(m.dependencies?.['@occhealth/core']).toBeUndefined();
      },
    );

    it('never depends at run time on a private workspace package (it must be bundled)', () => {
      const runtime = { ...m.dependencies, ...m.peerDependencies };
      const leaked = Object.keys(runtime).filter((d) => privateNames.has(d));
      expect(leaked).toEqual([]);
      // A published workspace package (the CLI's adapters) may be a regular dependency; core never is.
      for (const [dep, range] of Object.entries(m.dependencies ?? {})) {
        if (range.startsWith('workspace:'))
          expect(publicNames.has(dep), `${dep}: ${range}`).toBe(true);
      }
    });

    it('ships the type packages its .d.ts files import', () => {
      const dts = join(p.path, 'dist', 'index.d.ts');
      if (!existsSync(dts)) return;
      // Imports of the declarations, not of the doc comments' examples.
      const code = readFileSync(dts, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const imported = [...code.matchAll(/from '([^'.][^']*)'/g)].map((x) => x[1]!);
      const runtime = { ...m.dependencies, ...m.peerDependencies };
      for (const spec of imported) {
        if (spec.startsWith('node:')) continue;
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : spec.split('/')[0]!;
        expect(Object.keys(runtime), `${spec} is imported by dist/index.d.ts`).toContain(name);
        // A package without its own types needs its @types package where consumers get it.
        const own = join(p.path, 'node_modules', name, 'package.json');
        const pkg = JSON.parse(readFileSync(own, 'utf8')) as {
          types?: string;
          typings?: string;
          exports?: unknown;
        };
        const typed =
          Boolean(pkg.types ?? pkg.typings) || JSON.stringify(pkg.exports ?? {}).includes('types');
        if (!typed) {
          const types = `@types/${name.replace('@', '').replace('/', '__')}`;
          expect(Object.keys(m.dependencies ?? {}), `${types} for ${name}`).toContain(types);
        }
      }
    });
  });

  it('the workspace root README lists every published package', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const p of packages) expect(readme).toContain(`\`${p.manifest.name}\``);
  });
});
