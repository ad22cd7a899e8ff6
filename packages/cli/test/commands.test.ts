import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { creditCodeCheckCharacter, yunnanSmeAssistance } from '@occhealth/core';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { backup } from '../src/commands/backup.js';
import { calendarCommand } from '../src/commands/calendar.js';
import { checkCommand } from '../src/commands/check.js';
import { demoCommand } from '../src/commands/demo.js';
import { evaluateCommand } from '../src/commands/evaluate.js';
import { explainCommand } from '../src/commands/explain.js';
import { importCommand } from '../src/commands/import.js';
import { init } from '../src/commands/init.js';
import { plansCommand } from '../src/commands/plans.js';
import { reconcileCommand } from '../src/commands/reconcile.js';
import { reportCommand } from '../src/commands/report.js';
import { EXIT } from '../src/context.js';
import { reportError } from '../src/failure.js';
import { run } from '../src/program.js';
import { handDeclarationRate, makeContext, scratch } from './helpers.js';

const dir = scratch();
const demoDir = join(dir, 'demo');
const db = join(demoDir, 'county-s1-e400.db');
const plan = 'yunnan-sme-assistance';

/** Run a command function, turning a thrown error into its exit code and stderr text as the CLI does. */
async function call<O>(
  fn: (ctx: ReturnType<typeof makeContext>, o: O) => Promise<number>,
  options: O,
  ctxOptions: Parameters<typeof makeContext>[1] = {},
) {
  const ctx = makeContext(dir, ctxOptions);
  let code: number;
  try {
    code = await fn(ctx, options);
  } catch (error) {
    code = reportError(ctx, error, options as { json?: boolean });
  }
  return { code, out: ctx.stdout.text, err: ctx.stderr.text };
}

beforeAll(async () => {
  const r = await call(demoCommand, {
    scale: 'county',
    employers: '400',
    dir: demoDir,
    serve: false,
  });
  expect(r.code, r.err).toBe(EXIT.ok);
}, 120_000);

describe('demo', () => {
  it('a second run reuses the file: same bytes, no regeneration', async () => {
    const before = statSync(db).mtimeMs;
    const r = await call(demoCommand, {
      scale: 'county',
      employers: '400',
      dir: demoDir,
      json: true,
      serve: false,
    });
    expect(r.code).toBe(EXIT.ok);
    const out = JSON.parse(r.out);
    expect(out.reused).toBe(true);
    expect(out.employers).toBe(400);
    expect(statSync(db).mtimeMs).toBe(before);
  });

  it('writes a dashboard whose every report link is a file beside it', () => {
    const html = readFileSync(join(demoDir, 'dashboard.html'), 'utf8');
    const links = [...html.matchAll(/href="([^"#][^"]*)" download/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(8);
    for (const href of links) expect(existsSync(join(demoDir, href)), href).toBe(true);
    // The injected clock is the page's today.
    expect(html).toContain('datetime="2025-07-05"');
  });

  it('refuses an unknown scale as bad usage (2), in both languages', async () => {
    const en = await call(demoCommand, { scale: 'city', dir: demoDir });
    expect(en.code).toBe(EXIT.usage);
    expect(en.err).toContain('--scale must be one of county, province, national');
    const zh = await call(demoCommand, { scale: 'city', dir: demoDir }, { lang: 'zh_CN.UTF-8' });
    expect(zh.err).toContain('--scale 应为 county、province、national 之一');
  });
});

describe('evaluate and explain', () => {
  it('gives the county declaration rate a hand SQL count gives', async () => {
    const r = await call(evaluateCommand, {
      db,
      plan,
      region: '530000',
      period: '2025',
      format: 'json',
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    const evaluation = JSON.parse(r.out);
    const fig = evaluation.results.find(
      (x: { indicator: string; region: string }) =>
        x.indicator === 'declarationRate' && x.region === '530381',
    );
    const hand = handDeclarationRate(db, '530381');
    expect(hand.denominator).toBeGreaterThan(10);
    expect(fig.numerator).toBe(String(hand.numerator));
    expect(fig.denominator).toBe(String(hand.denominator));
  });

  it('accepts a JSON plan file validated by definePlan() and gives the same figures', async () => {
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(yunnanSmeAssistance));
    const a = await call(evaluateCommand, {
      db,
      plan,
      region: '530300',
      period: '2025',
      format: 'csv',
    });
    const b = await call(evaluateCommand, {
      db,
      plan: file,
      region: '530300',
      period: '2025',
      format: 'csv',
    });
    expect(b.code, b.err).toBe(EXIT.ok);
    expect(b.out).toBe(a.out);
    expect(a.out).toContain('宣威市');
  });

  it('refuses an invalid plan file (3), a non-JSON file (3), an unknown plan or region (4)', async () => {
    const bad = join(dir, 'bad-plan.json');
    writeFileSync(bad, JSON.stringify({ ...yunnanSmeAssistance, indicators: [{ id: 'x' }] }));
    const invalid = await call(evaluateCommand, {
      db,
      plan: bad,
      region: '530000',
      period: '2025',
    });
    expect(invalid.code).toBe(EXIT.invalid);
    expect(invalid.err).toContain('indicators.0');
    const text = join(dir, 'not-json.json');
    writeFileSync(text, 'plan: yes');
    const notJson = await call(evaluateCommand, {
      db,
      plan: text,
      region: '530000',
      period: '2025',
    });
    expect(notJson.code).toBe(EXIT.invalid);
    expect(notJson.err).toContain('[plan.json]');
    const unknown = await call(evaluateCommand, {
      db,
      plan: 'nope',
      region: '530000',
      period: '2025',
    });
    expect(unknown.code).toBe(EXIT.notFound);
    expect(unknown.err).toContain('plan nope was not found');
    const region = await call(
      evaluateCommand,
      { db, plan, region: '110000', period: '2025' },
      { lang: 'zh_CN.UTF-8' },
    );
    expect(region.code).toBe(EXIT.notFound);
    expect(region.err).toContain('未找到区划 110000');
  });

  it('needs --out for xlsx (2) and refuses an unknown format (2) and level (2)', async () => {
    expect(
      (await call(evaluateCommand, { db, plan, region: '530000', period: '2025', format: 'xlsx' }))
        .code,
    ).toBe(EXIT.usage);
    expect(
      (await call(evaluateCommand, { db, plan, region: '530000', period: '2025', format: 'pdf' }))
        .code,
    ).toBe(EXIT.usage);
    expect(
      (await call(evaluateCommand, { db, plan, region: '530000', period: '2025', levels: 'city' }))
        .code,
    ).toBe(EXIT.usage);
  });

  it('writes an XLSX workbook (a zip) with --out', async () => {
    const out = join(dir, 'evaluation.xlsx');
    const r = await call(evaluateCommand, {
      db,
      plan,
      region: '530000',
      period: '2025',
      format: 'xlsx',
      out,
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('explains a figure with its counted records and the exclusions', async () => {
    const hand = handDeclarationRate(db, '530381');
    const r = await call(explainCommand, {
      db,
      plan,
      indicator: 'declarationRate',
      region: '530381',
      period: '2025',
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain(`numerator = ${hand.numerator}`);
    expect(r.out).toContain(`denominator = ${hand.denominator}`);
    expect(r.out).toMatch(/counted \d+/);
    const unknown = await call(explainCommand, {
      db,
      plan,
      indicator: 'nope',
      region: '530381',
      period: '2025',
    });
    expect(unknown.code).toBe(EXIT.notFound);
  });
});

describe('calendar and plans', () => {
  it("lists a prefecture's 2025 deadlines of 004 with statuses on the injected day", async () => {
    const r = await call(calendarCommand, {
      db,
      region: '530300',
      from: '2025-01-01',
      to: '2025-12-31',
      plan,
      json: true,
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    const { today, deadlines } = JSON.parse(r.out);
    expect(today).toBe('2025-07-05');
    // 004 三(四), 附表2/附表3 备注: 5月10日, 7月10日, 12月15日.
    expect(
      deadlines.map((d: { deadline: string; status: string }) => [d.deadline, d.status]),
    ).toEqual([
      ['2025-05-10', 'missing'],
      ['2025-07-10', 'due-soon'],
      ['2025-12-15', 'not-yet-due'],
    ]);
  });

  it('lists the five packs and shows one with citations; an unknown pack is 4', async () => {
    const list = await call(plansCommand, { json: true });
    expect(JSON.parse(list.out).map((p: { id: string }) => p.id)).toEqual([
      'national-14th-fyp',
      'henan-three-actions',
      'yunnan-sme-assistance',
      'yongqing-final-evaluation',
      'yaohai-2025',
    ]);
    const one = await call(plansCommand, { plan });
    expect(one.code).toBe(EXIT.ok);
    expect(one.out).toContain('declarationRate');
    expect(one.out).toContain('附表');
    expect((await call(plansCommand, { plan: 'nope' })).code).toBe(EXIT.notFound);
  });

  it('every table command refuses --format xlsx without --out alike: 2, both languages, nothing on stdout', async () => {
    const table = { region: '530300', period: '2025', plan, format: 'xlsx' };
    type Ctx = Parameters<typeof makeContext>[1];
    const refusals = {
      calendar: (c: Ctx) =>
        call(calendarCommand, { db, from: '2025-01-01', to: '2025-12-31', ...table }, c),
      plans: (c: Ctx) => call(plansCommand, { format: 'xlsx' }, c),
      'plans <id>': (c: Ctx) => call(plansCommand, { plan, format: 'xlsx' }, c),
      evaluate: (c: Ctx) => call(evaluateCommand, { db, ...table }, c),
      report: (c: Ctx) => call(reportCommand, { db, template: 'evaluation', ...table }, c),
      reconcile: (c: Ctx) => call(reconcileCommand, { db, ...table }, c),
    };
    for (const [name, refuse] of Object.entries(refusals)) {
      for (const [lang, message] of [
        ['en_US.UTF-8', '--format xlsx needs --out <file>'],
        ['zh_CN.UTF-8', '--format xlsx 需要 --out <文件>'],
      ] as const) {
        const r = await refuse({ lang });
        expect(r.code, name).toBe(EXIT.usage);
        expect(r.out, name).toBe('');
        expect(r.err, `${name} ${lang}`).toContain(message);
      }
    }
    // With --out the same calendar and plans write a workbook.
    for (const [name, run] of [
      [
        'calendar',
        (out: string) =>
          call(calendarCommand, { db, from: '2025-01-01', to: '2025-12-31', ...table, out }),
      ],
      ['plans', (out: string) => call(plansCommand, { plan, format: 'xlsx', out })],
    ] as const) {
      const out = join(dir, `${name}.xlsx`);
      const r = await run(out);
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    }
  });
});

describe('check (numbers)', () => {
  it('002 篇3: 1953 / 2257 = 86.5 %, not ≥ 90, 79 more rectified problems needed', async () => {
    const r = await call(checkCommand, {
      numerator: '1953',
      denominator: '2257',
      target: '>=90',
      json: true,
    });
    const out = JSON.parse(r.out);
    expect(out.formatted).toBe('86.5');
    expect(out.unrounded.startsWith('86.53079')).toBe(true);
    expect(out.status).toBe('not-met');
    // ceil(0.9 × 2257) = 2032 → 2032 − 1953.
    expect(out.gap).toEqual({ action: 'add', units: '79' });
  });

  it('judges on the unrounded value: 2374 / 2500 = 94.96 prints 95.0 but is not ≥ 95', async () => {
    const out = JSON.parse(
      (
        await call(checkCommand, {
          numerator: '2374',
          denominator: '2500',
          target: '>=95',
          json: true,
        })
      ).out,
    );
    expect(out.formatted).toBe('95.0');
    expect(out.status).toBe('not-met');
    expect(out.gap.units).toBe('1');
  });

  it('rounds 94.85 half-up to 94.9 and half-even to 94.8', async () => {
    const up = JSON.parse(
      (await call(checkCommand, { numerator: '1897', denominator: '2000', json: true })).out,
    );
    const even = JSON.parse(
      (
        await call(checkCommand, {
          numerator: '1897',
          denominator: '2000',
          rounding: 'half-even',
          json: true,
        })
      ).out,
    );
    expect([up.formatted, even.formatted]).toEqual(['94.9', '94.8']);
  });

  it("takes the factor, decimals and 2025 target (100 %) from the plan's indicator", async () => {
    const r = await call(checkCommand, {
      numerator: '19',
      denominator: '20',
      plan,
      indicator: 'declarationRate',
      period: '2025',
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain('19 ÷ 20 × 100 = 95');
    expect(r.out).toContain('target: >= 100');
    expect(r.out).toContain('status: not met');
    expect(r.out).toContain('gap: +1');
  });

  it('refuses a malformed number or target (2), in both languages', async () => {
    const en = await call(checkCommand, { numerator: 'abc', denominator: '3' });
    expect(en.code).toBe(EXIT.usage);
    expect(en.err).toContain('--numerator must be a decimal number');
    const zh = await call(checkCommand, { numerator: '1', target: '>>9' }, { lang: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(EXIT.usage);
    expect(zh.err).toContain('--target 应形如');
    expect((await call(checkCommand, {})).code).toBe(EXIT.usage);
  });
});

describe('check (records), import and backup', () => {
  const files = join(dir, 'records');
  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(files, { recursive: true });
    const raw = new Database(db, { readonly: true });
    const rows = (table: string, where = '') =>
      (raw.prepare(`SELECT record FROM ${table} ${where}`).all() as { record: string }[]).map((r) =>
        JSON.parse(r.record),
      );
    writeFileSync(join(files, 'regions.json'), JSON.stringify(rows('regions')));
    writeFileSync(join(files, 'employers.json'), JSON.stringify(rows('employers')));
    writeFileSync(join(files, 'facts.json'), JSON.stringify(rows('facts')));
    raw.close();
  });

  it('evaluates record files in memory to the hand count', async () => {
    const hand = handDeclarationRate(db, '530381');
    const r = await call(checkCommand, {
      plan,
      indicator: 'declarationRate',
      region: '530381',
      period: '2025',
      regions: join(files, 'regions.json'),
      employers: join(files, 'employers.json'),
      facts: join(files, 'facts.json'),
      json: true,
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    const fig = JSON.parse(r.out);
    expect([fig.numerator, fig.denominator]).toEqual([
      String(hand.numerator),
      String(hand.denominator),
    ]);
  });

  it('takes an institutions file, so facts naming an institution check (001 附件3 二(三)1)', async () => {
    const henan = join(files, 'henan');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(henan, { recursive: true });
    const cc = (n: number) => {
      const first17 = `91410102${String(n).padStart(9, '0')}`;
      return first17 + creditCodeCheckCharacter(first17)!;
    };
    writeFileSync(
      join(henan, 'regions.json'),
      JSON.stringify([
        { code: '410000', name: { zh: '河南省' }, level: 'province', parent: null },
        { code: '410100', name: { zh: '郑州市' }, level: 'prefecture', parent: '410000' },
        { code: '410102', name: { zh: '中原区' }, level: 'county', parent: '410100' },
      ]),
    );
    writeFileSync(
      join(henan, 'institutions.json'),
      JSON.stringify([
        {
          id: 'zz-cdc',
          name: { zh: '郑州市疾病预防控制中心' },
          types: ['cdc'],
          public: true,
          region: '410100',
        },
      ]),
    );
    writeFileSync(
      join(henan, 'employers.json'),
      JSON.stringify(
        [1, 2].map((n) => ({ creditCode: cc(n), name: `E${n}`, region: '410102', size: 'small' })),
      ),
    );
    // three visits of the CDC to two employers: 2 employers guided
    const visit = (id: string, n: number, date: string) => ({
      id,
      kind: 'guidance',
      region: '410102',
      date,
      employer: cc(n),
      institution: 'zz-cdc',
    });
    writeFileSync(
      join(henan, 'facts.json'),
      JSON.stringify([
        visit('g1', 1, '2025-03-01'),
        visit('g2', 1, '2025-05-01'),
        visit('g3', 2, '2025-06-01'),
      ]),
    );
    const options = {
      plan: 'henan-three-actions',
      indicator: 'employersGuidedPerYear',
      region: '410100',
      period: '2025',
      regions: join(henan, 'regions.json'),
      employers: join(henan, 'employers.json'),
      facts: join(henan, 'facts.json'),
      json: true,
    };
    // without the institutions, the facts' institution reference fails
    const without = await call(checkCommand, options);
    expect(without.code).not.toBe(EXIT.ok);
    expect(without.err).toContain('zz-cdc');
    const r = await call(checkCommand, {
      ...options,
      institutions: join(henan, 'institutions.json'),
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(JSON.parse(r.out).numerator).toBe('2');
  });

  it('imports all or nothing: a bad row rejects the file (3) and lists it beside the input', async () => {
    const store = join(dir, 'import.db');
    expect((await call(init, { db: store })).code).toBe(EXIT.ok);
    const csv = join(dir, 'regions.csv');
    writeFileSync(
      csv,
      'code,name.zh,level,parent\n530000,云南省,province,\n530300,曲靖市,prefecture,530000\n530381,宣威市,city,530300\n',
    );
    const r = await call(importCommand, { db: store, kind: 'regions', file: csv });
    expect(r.code).toBe(EXIT.invalid);
    const rejected = readFileSync(`${csv}.rejected.csv`, 'utf8');
    expect(rejected.startsWith('\uFEFF')).toBe(true);
    expect(rejected).toContain('4,regions.level,city,csv.unknown-label');
    expect(rejected).toContain('530381,宣威市,city,530300');
    const raw = new Database(store, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM regions').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('imports the valid rows with --valid-rows (still 3) and reports the counts', async () => {
    const store = join(dir, 'import.db');
    const csv = join(dir, 'regions.csv');
    const r = await call(importCommand, {
      db: store,
      kind: 'regions',
      file: csv,
      validRows: true,
      json: true,
    });
    expect(r.code).toBe(EXIT.invalid);
    const summary = JSON.parse(r.out);
    expect([summary.rowsRead, summary.inserted, summary.rejected]).toEqual([3, 2, 1]);
    const raw = new Database(store, { readonly: true });
    expect(raw.prepare('SELECT code FROM regions ORDER BY code').all()).toEqual([
      { code: '530000' },
      { code: '530300' },
    ]);
    raw.close();
    // A clean re-import: every row unchanged, exit 0, no rejected file left behind.
    writeFileSync(
      csv,
      'code,name.zh,level,parent\n530000,云南省,province,\n530300,曲靖市,prefecture,530000\n',
    );
    const again = await call(importCommand, { db: store, kind: 'regions', file: csv, json: true });
    expect(again.code).toBe(EXIT.ok);
    expect(JSON.parse(again.out).unchanged).toBe(2);
    expect(existsSync(`${csv}.rejected.csv`)).toBe(false);
  });

  it('refuses an unknown kind (2), a missing file or store (4)', async () => {
    const store = join(dir, 'import.db');
    expect((await call(importCommand, { db: store, kind: 'people', file: 'x.csv' })).code).toBe(
      EXIT.usage,
    );
    const missing = await call(
      importCommand,
      { db: store, kind: 'regions', file: 'missing.csv' },
      { lang: 'zh_CN.UTF-8' },
    );
    expect(missing.code).toBe(EXIT.notFound);
    expect(missing.err).toContain('未找到文件 missing.csv');
    expect(
      (
        await call(importCommand, {
          db: 'nope.db',
          kind: 'regions',
          file: join(dir, 'regions.csv'),
        })
      ).code,
    ).toBe(EXIT.notFound);
  });

  it('backs up a store page for page: the copy holds the same rows', async () => {
    const copy = join(dir, 'copy.db');
    const r = await call(backup, { db, file: copy, json: true });
    expect(r.code, r.err).toBe(EXIT.ok);
    const count = (path: string) => {
      const raw = new Database(path, { readonly: true });
      const n = raw
        .prepare('SELECT (SELECT count(*) FROM employers) AS e, (SELECT count(*) FROM facts) AS f')
        .get();
      raw.close();
      return n;
    };
    expect(count(copy)).toEqual(count(db));
    expect((await call(backup, { db: 'missing.db', file: copy })).code).toBe(EXIT.notFound);
  });
});

describe('report', () => {
  it('renders every template; the dashboard links its reports', async () => {
    for (const [template, format] of [
      ['evaluation', 'md'],
      ['ranking', 'csv'],
      ['deadlines', 'table'],
    ] as const) {
      const r = await call(reportCommand, {
        db,
        template,
        plan,
        region: '530000',
        period: '2025',
        format,
      });
      expect(r.code, `${template}: ${r.err}`).toBe(EXIT.ok);
      expect(r.out.length).toBeGreaterThan(50);
    }
    const out = join(dir, 'site', 'dashboard.html');
    const r = await call(reportCommand, {
      db,
      template: 'dashboard',
      plan,
      region: '530000',
      period: '2025',
      out,
    });
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8')).toContain('href="#r-530381"');
    expect(
      (await call(reportCommand, { db, template: 'pie', plan, region: '530000', period: '2025' }))
        .code,
    ).toBe(EXIT.usage);
  });
});

describe('run (argv)', () => {
  it('maps usage errors to 2 with messages in both languages', async () => {
    const en = makeContext(dir);
    expect(await run(['frobnicate'], en)).toBe(EXIT.usage);
    expect(en.stderr.text).toContain("unknown command 'frobnicate'");
    const zh = makeContext(dir, { lang: 'zh_CN.UTF-8' });
    expect(await run(['init'], zh)).toBe(EXIT.usage);
    expect(zh.stderr.text).toContain("缺少必需参数 'db'");
    const lang = makeContext(dir);
    expect(await run(['plans', '--lang', 'fr'], lang)).toBe(EXIT.usage);
  });

  it('prints help with examples and the exit codes (0)', async () => {
    const ctx = makeContext(dir, { lang: 'zh_CN.UTF-8' });
    expect(await run(['--help'], ctx)).toBe(EXIT.ok);
    expect(ctx.stdout.text).toContain('退出码');
    const sub = makeContext(dir);
    expect(await run(['evaluate', '--help'], sub)).toBe(EXIT.ok);
    expect(sub.stdout.text).toContain('$ occhealth evaluate occhealth.db --plan');
  });

  it('runs a command from argv with --json', async () => {
    const ctx = makeContext(dir);
    expect(
      await run(['check', '--numerator', '1953', '--denominator', '2257', '--json'], ctx),
    ).toBe(EXIT.ok);
    expect(JSON.parse(ctx.stdout.text).formatted).toBe('86.5');
  });
});
