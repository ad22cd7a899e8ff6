import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { reconcilePlan, reconcileScenario } from '@occhealth/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcileCommand } from '../src/commands/reconcile.js';
import { EXIT } from '../src/context.js';
import { reportError } from '../src/failure.js';
import { run } from '../src/program.js';
import { makeContext, scratch } from './helpers.js';

const dir = scratch('occh-recon-');
const db = join(dir, 'recon.db');
const planFile = join(dir, 'recon-plan.json');

async function call(options: Parameters<typeof reconcileCommand>[1]) {
  const ctx = makeContext(dir);
  let code: number;
  try {
    code = await reconcileCommand(ctx, options);
  } catch (error) {
    code = reportError(ctx, error, options);
  }
  return { code, out: ctx.stdout.text, err: ctx.stderr.text };
}

beforeAll(async () => {
  const store = openSqliteStore(db);
  await store.write(reconcileScenario().batch);
  await store.close();
  writeFileSync(planFile, JSON.stringify(reconcilePlan()));
});

describe('occhealth reconcile', () => {
  const base = { db, plan: planFile, region: '530000', period: '2025' };

  it('prints every difference of the fixture province as JSON, and exits 3 with --check', async () => {
    const r = await call({ ...base, format: 'json', onlyDifferences: true, check: true });
    expect(r.code, r.err).toBe(EXIT.invalid);
    const body = JSON.parse(r.out) as {
      rows: { region: string; differences: { class: string }[] }[];
    };
    expect(
      body.rows.flatMap((row) => row.differences.map((d) => `${row.region} ${d.class}`)).sort(),
    ).toEqual([
      '530100 children-not-in-sum',
      '530100 children-not-in-sum',
      '530102 excluded-by-rule',
      '530102 excluded-by-rule',
      '530102 excluded-by-rule',
      '530102 missing-from-store',
      '530102 rounding-only',
      '530103 numerator-changed',
      '530103 value-inconsistent',
      '530111 missing-from-store',
    ]);
  });

  it('exits 0 without --check, and 0 with it where nothing differs', async () => {
    expect((await call({ ...base, format: 'json' })).code).toBe(EXIT.ok);
    const qujing = await call({ ...base, region: '530300', format: 'json', check: true });
    expect(qujing.code, qujing.err).toBe(EXIT.ok);
  });

  it('writes HTML with the differing rows highlighted', async () => {
    const out = join(dir, 'recon.html');
    const r = await call({ ...base, format: 'html', out });
    expect(r.code, r.err).toBe(EXIT.ok);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8').match(/<tr class="highlight">/g)).toHaveLength(7);
  });

  it('prints a text table', async () => {
    const r = await call({ ...base, region: '530111' });
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain('records missing from the store');
  });

  it('refuses a missing --period (2) and an unknown region (4)', async () => {
    expect((await call({ db, plan: planFile, region: '530000' })).code).toBe(EXIT.usage);
    expect((await call({ ...base, region: '990000' })).code).toBe(EXIT.notFound);
  });

  it('is a command of the program, with help and examples', async () => {
    const ctx = makeContext(dir);
    const code = await run(['reconcile', '--help'], ctx);
    expect(code).toBe(EXIT.ok);
    expect(ctx.stdout.text).toContain(
      'occhealth reconcile occhealth.db --plan yongqing-final-evaluation',
    );
    expect(ctx.stdout.text).toContain('--only-differences');
  });
});
