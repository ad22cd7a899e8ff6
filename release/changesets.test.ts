/**
 * The changesets policy, tried on a scratch copy of the workspace's manifests: a core minor release
 * does not force a release (let alone a major one) of the packages that take core as a peer, while a
 * core major — which leaves their `0.x` peer range — does bump them.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishedPackages, ROOT, workspacePackages } from './workspace.js';

interface Status {
  releases: { name: string; type: string; newVersion: string }[];
}

const scratch = mkdtempSync(join(tmpdir(), 'occhealth-changesets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `changeset status` of one changeset `bump`ing core, in a scratch git repository. */
function statusAfterCore(bump: 'minor' | 'major'): Status {
  const dir = join(scratch, bump);
  mkdirSync(join(dir, '.changeset'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'pnpm-workspace.yaml'), join(dir, 'pnpm-workspace.yaml'));
  cpSync(join(ROOT, '.changeset', 'config.json'), join(dir, '.changeset', 'config.json'));
  for (const p of workspacePackages()) {
    mkdirSync(join(dir, 'packages', p.dir), { recursive: true });
    cpSync(join(p.path, 'package.json'), join(dir, 'packages', p.dir, 'package.json'));
  }
  for (const other of ['examples', 'bench']) {
    mkdirSync(join(dir, other));
    cpSync(join(ROOT, other, 'package.json'), join(dir, other, 'package.json'));
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      cwd: dir,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'base');
  writeFileSync(
    join(dir, '.changeset', 'core-change.md'),
    `---\n"@occhealth/core": ${bump}\n---\n\nA ${bump} change of core.\n`,
  );
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'changeset'),
    ['status', '--output', 'status.json'],
    {
      cwd: dir,
      stdio: 'pipe',
    },
  );
  const status = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as Status;
  // Private packages (examples, bench) are listed with type `none`: they are never released.
  return { releases: status.releases.filter((r) => r.type !== 'none') };
}

const dependents = publishedPackages()
  .filter((p) => p.manifest.peerDependencies?.['@occhealth/core'])
  .map((p) => p.manifest.name);

describe('changesets: core as a peer of its dependents', () => {
  it('has dependents to check', () => {
    expect(dependents.length).toBeGreaterThanOrEqual(3);
  });

  it('a core minor release bumps core alone', () => {
    const { releases } = statusAfterCore('minor');
    const core = readFileSync(join(ROOT, 'packages/core/package.json'), 'utf8');
    const [major, minor] = (JSON.parse(core) as { version: string }).version.split('.').map(Number);
    expect(releases).toEqual([
      {
        name: '@occhealth/core',
        type: 'minor',
        newVersion: `${major}.${minor! + 1}.0`,
        changesets: expect.any(Array),
        oldVersion: expect.any(String),
      },
    ]);
  });

  it('a core major release (leaving the 0.x peer range) bumps every dependent', () => {
    const { releases } = statusAfterCore('major');
    const bumped = releases.filter((r) => r.name !== '@occhealth/core');
    expect(bumped.map((r) => r.name).sort()).toEqual([...dependents].sort());
    expect(new Set(bumped.map((r) => r.type))).toEqual(new Set(['major']));
  });
});
