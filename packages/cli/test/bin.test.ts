import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_KINDS } from '@occhealth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './helpers.js';

// The BUILT binary, as an installed user runs it (`pnpm build` comes before `pnpm test`).
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const dir = scratch('occh-bin-');

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function occhealth(args: readonly string[], lang: 'en' | 'zh' = 'en'): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      LANG: lang === 'zh' ? 'zh_CN.UTF-8' : 'en_US.UTF-8',
      TZ: 'America/Los_Angeles', // a far-off machine zone must not change any date
    },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const db = join(dir, 'occhealth-demo', 'county-s1-e300.db');
const plan = 'yunnan-sme-assistance';

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`);
  const r = occhealth(['demo', '--scale', 'county', '--employers', '300', '--no-serve', '--json']);
  expect(r.code, r.err).toBe(0);
}, 180_000);

describe('occhealth (built binary, child process)', () => {
  it('--help is quick, lists every command and documents the exit codes', () => {
    const times: number[] = [];
    let help: Run | undefined;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      help = occhealth(['--help']);
      times.push(performance.now() - t0);
    }
    expect(help!.code).toBe(0);
    for (const name of [
      'init',
      'backup',
      'import',
      'evaluate',
      'explain',
      'calendar',
      'report',
      'plans',
      'check',
      'serve',
      'demo',
    ]) {
      expect(help!.out).toContain(`  ${name} `);
    }
    expect(help!.out).toContain('4  not found');
    const best = Math.min(...times);
    console.log(`occhealth --help: best of 3 ${best.toFixed(0)} ms (node start-up included)`);
    // Generous for a loaded 2-core machine; the figure is what the report quotes.
    expect(best).toBeLessThan(3_000);
  });

  it('every command has --help with examples, in both languages', () => {
    for (const name of [
      'init',
      'backup',
      'import',
      'evaluate',
      'explain',
      'calendar',
      'report',
      'plans',
      'check',
      'serve',
      'demo',
    ]) {
      const en = occhealth([name, '--help']);
      expect(en.code, name).toBe(0);
      expect(en.out, name).toContain(`$ occhealth ${name}`);
      const zh = occhealth([name, '--help'], 'zh');
      expect(zh.out, name).toContain('示例');
    }
  });

  it('import --help lists every importable kind of the registry, in both languages', () => {
    const en = occhealth(['import', '--help']);
    expect(en.code).toBe(0);
    const unwrapped = (text: string) => text.replace(/\s*\n\s*/g, ' '); // commander wraps lines
    expect(unwrapped(en.out)).toContain(`kind: ${IMPORT_KINDS.join(', ')})`);
    const zh = occhealth(['import', '--help'], 'zh');
    expect(unwrapped(zh.out).replaceAll(' ', '')).toContain(`kind：${IMPORT_KINDS.join('、')}）`);
    // Every kind the help names is one the command accepts: the help and the check share the list.
    for (const kind of IMPORT_KINDS) {
      expect(occhealth(['import', 'import-kinds.db', kind, 'missing.csv']).code, kind).toBe(4);
    }
  });

  it('demo: a second run reuses the file and prints the dashboard path', () => {
    const r = occhealth(['demo', '--scale', 'county', '--employers', '300', '--no-serve']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('reused');
    const path = /dashboard: (.+)$/m.exec(r.out)![1]!;
    expect(readFileSync(path, 'utf8')).toContain('<section id="r-530381"');
  });

  it('init, backup', () => {
    expect(occhealth(['init', 'fresh.db']).code).toBe(0);
    expect(existsSync(join(dir, 'fresh.db'))).toBe(true);
    const b = occhealth(['backup', db, 'copy.db', '--json']);
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out).pages).toBeGreaterThan(1);
    const missing = occhealth(['backup', 'missing.db', 'x.db'], 'zh');
    expect(missing.code).toBe(4);
    expect(missing.err).toContain('未找到数据库文件 missing.db');
  });

  it('import: good file 0, bad rows 3 with <file>.rejected.csv, missing 4, wrong kind 2', () => {
    occhealth(['init', 'import.db']);
    writeFileSync(join(dir, 'regions.csv'), 'code,name.zh,level,parent\n530000,云南省,province,\n');
    expect(occhealth(['import', 'import.db', 'regions', 'regions.csv']).code).toBe(0);
    writeFileSync(join(dir, 'bad.csv'), 'code,name.zh,level,parent\n530300,曲靖市,city,530000\n');
    const bad = occhealth(['import', 'import.db', 'regions', 'bad.csv']);
    expect(bad.code).toBe(3);
    expect(bad.err).toContain('line 2 regions.level = "city"');
    expect(readFileSync(join(dir, 'bad.csv.rejected.csv'), 'utf8')).toContain(
      '530300,曲靖市,city,530000',
    );
    const zh = occhealth(['import', 'import.db', 'regions', 'bad.csv'], 'zh');
    expect(zh.err).toContain('第 2 行');
    expect(occhealth(['import', 'import.db', 'regions', 'nope.csv']).code).toBe(4);
    const kind = occhealth(['import', 'import.db', 'people', 'regions.csv']);
    expect(kind.code).toBe(2);
    expect(kind.err).toContain(
      '<kind> must be one of regions, employers, institutions, departments, contacts, facts, dataValues',
    );
    // A spreadsheet saved under a CSV name is a wrong format: a validation error.
    writeFileSync(join(dir, 'sheet.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    expect(occhealth(['import', 'import.db', 'regions', 'sheet.csv']).code).toBe(3);
  });

  it('evaluate: table, json, csv; unknown plan / region 4; bad format 2', () => {
    const table = occhealth([
      'evaluate',
      db,
      '--plan',
      plan,
      '--region',
      '530000',
      '--period',
      '2025',
    ]);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toContain('Occupational-hazard declaration rate');
    const json = occhealth([
      'evaluate',
      db,
      '--plan',
      plan,
      '--region',
      '530000',
      '--period',
      '2025',
      '--json',
    ]);
    expect(JSON.parse(json.out).results.length).toBeGreaterThan(5);
    const unknownPlan = occhealth(
      ['evaluate', db, '--plan', 'nope', '--region', '530000', '--period', '2025'],
      'zh',
    );
    expect(unknownPlan.code).toBe(4);
    expect(unknownPlan.err).toContain('未找到方案 nope');
    const region = occhealth([
      'evaluate',
      db,
      '--plan',
      plan,
      '--region',
      '999999',
      '--period',
      '2025',
    ]);
    expect(region.code).toBe(4);
    expect(region.err).toContain('region 999999 was not found');
    expect(
      occhealth([
        'evaluate',
        db,
        '--plan',
        plan,
        '--region',
        '530000',
        '--period',
        '2025',
        '--format',
        'pdf',
      ]).code,
    ).toBe(2);
    expect(
      occhealth([
        'evaluate',
        db,
        '--plan',
        plan,
        '--region',
        '530000',
        '--period',
        '2025',
        '--bogus',
      ]).code,
    ).toBe(2);
  });

  it('explain, calendar, report, plans, check', () => {
    const explain = occhealth(
      [
        'explain',
        db,
        '--plan',
        plan,
        '--indicator',
        'declarationRate',
        '--region',
        '530381',
        '--period',
        '2025',
      ],
      'zh',
    );
    expect(explain.code, explain.err).toBe(0);
    expect(explain.out).toContain('公式');
    const calendar = occhealth([
      'calendar',
      db,
      '--region',
      '530300',
      '--from',
      '2025-01-01',
      '--to',
      '2025-12-31',
    ]);
    expect(calendar.code, calendar.err).toBe(0);
    expect(calendar.out).toContain('2025-12-15');
    const report = occhealth([
      'report',
      db,
      'ranking',
      '--plan',
      plan,
      '--region',
      '530000',
      '--period',
      '2025',
      '--out',
      'ranking.xlsx',
    ]);
    expect(report.code, report.err).toBe(0);
    expect(readFileSync(join(dir, 'ranking.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    const plans = occhealth(['plans', 'henan-three-actions']);
    expect(plans.code).toBe(0);
    expect(plans.out).toContain('豫卫职健〔2024〕7号');
    expect(occhealth(['plans', 'no-such-pack']).code).toBe(4);
    const check = occhealth([
      'check',
      '--numerator',
      '1953',
      '--denominator',
      '2257',
      '--target',
      '>=90',
    ]);
    expect(check.code).toBe(0);
    expect(check.out).toContain('→ 86.5');
    expect(check.out).toContain('gap: +79');
    expect(occhealth(['check', '--numerator', 'x']).code).toBe(2);
  });

  it('usage errors are 2 in both languages; no arguments prints help and is 2', () => {
    const en = occhealth(['frobnicate']);
    expect(en.code).toBe(2);
    expect(en.err).toContain("unknown command 'frobnicate'");
    const zh = occhealth(['frobnicate'], 'zh');
    expect(zh.err).toContain("未知命令 'frobnicate'");
    const none = occhealth([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: occhealth');
    expect(occhealth(['plans', '--lang', 'zh']).out).toContain('政策方案包');
  });
});
