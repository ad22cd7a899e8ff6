/**
 * @module bench/postgres
 * `pnpm bench --store postgres [--pg-url postgres://…] [--size …] [--reps 5] [--year 2025]`: the
 * PostgreSQL phase, beside SQLite, in one run on the same generated files:
 *
 * 1. import: `@occhealth/import` into a fresh schema (the store's bulk session, rows by
 *    `COPY … FROM STDIN`) vs a bare `COPY … (FORMAT csv, HEADER)` of the same files into plain text
 *    tables on the same server; beside it, the importer into a fresh SQLite file vs the `sqlite3`
 *    shell's `.import --csv` (when installed);
 * 2. evaluation of the bench plan for every region: the PostgreSQL pushdown (`evaluate()` over the
 *    store's `aggregate()`) vs a hand-written SQL `GROUP BY` on the same server (the SQLite
 *    baseline's query in PostgreSQL's SQL), and the same pair on SQLite, reps interleaved (each
 *    rep runs the four in turn); every numerator and denominator of the four is compared;
 * 3. the partition question: the hand SQL over the facts as stored vs over a copy of them
 *    partitioned by year (declarative `PARTITION BY RANGE (date)`, the same indexes), interleaved.
 *
 * Exit code 1 if any figure differs. The server is `--pg-url` or `OCCHEALTH_PG_URL`; the schemas
 * `bench_pg`, `bench_raw` and `bench_part` are dropped and recreated.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openPostgresStore } from '@occhealth/adapter-postgres';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import {
  addDays,
  addMonths,
  Decimal,
  type Evaluation,
  evaluate,
  type Store,
} from '@occhealth/core';
import { ASSISTANCE_PROGRAMME } from '@occhealth/core/demo';
import { importFile } from '@occhealth/import';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EMPLOYER_COLUMNS, FACT_COLUMNS, REGION_COLUMNS } from './generate.js';
import { HAND_COLUMNS, handFigures } from './hand-sql.js';
import { benchPlan } from './plan.js';

const KINDS = ['regions', 'employers', 'facts'] as const;
const COLUMNS = { regions: REGION_COLUMNS, employers: EMPLOYER_COLUMNS, facts: FACT_COLUMNS };

/** Per indicator id, per region: [numerator, denominator] as exact decimal text. */
type Figures = Record<string, Record<string, [string | null, string | null]>>;

/** The earliest suspension start still counted as active on `date` (six months' grace). */
function suspensionCutoff(date: string): string {
  let d = addMonths(date, -6);
  while (date < addMonths(d, 6)) d = addDays(d, -1);
  while (!(date < addMonths(d, 6))) d = addDays(d, 1);
  return d;
}

/**
 * The hand-written baseline in PostgreSQL: the same query as `hand-sql.ts` (the SQLite one), with
 * jsonb operators, `FILTER` counts and numeric sums. $1 the reference day, $2 the year's first
 * day, $3 the suspension cut-off, $4 the assistance programme.
 */
const HAND_SQL = `
WITH
emp AS MATERIALIZED (
  SELECT e.credit_code, e.region,
    jsonb_array_length(e.record->'hazardFactors') > 0 AS haz,
    coalesce(e.record->>'registeredOn' <= $1 COLLATE "C", true) AND coalesce((
      SELECT CASE h.value->>'status'
               WHEN 'active' THEN true
               WHEN 'suspended' THEN h.value->>'from' >= $3 COLLATE "C"
               ELSE false END
      FROM jsonb_array_elements(e.record->'statusHistory') WITH ORDINALITY AS h(value, n)
      WHERE h.value->>'from' <= $1 COLLATE "C"
      ORDER BY h.n DESC LIMIT 1),
      jsonb_array_length(e.record->'statusHistory') = 0) AS active
  FROM employers e),
flags AS MATERIALIZED (
  SELECT employer, max(d) AS d, max(t) AS t, max(x) AS x, max(tr) AS tr, max(a) AS a FROM (
    SELECT employer, 1 AS d, 0 AS t, 0 AS x, 0 AS tr, 0 AS a FROM facts
      WHERE kind = 'declaration' AND date <= $1::date
    UNION ALL SELECT employer, 0, 1, 0, 0, 0 FROM facts
      WHERE kind = 'hazard-testing' AND date BETWEEN $2::date AND $1::date
        AND record->>'programme' = 'periodic'
    UNION ALL SELECT employer, 0, 0, 1, 0, 0 FROM facts
      WHERE kind = 'health-exam' AND date BETWEEN $2::date AND $1::date
        AND (record->>'workersExamined')::numeric > 0
    UNION ALL SELECT employer, 0, 0, 0, 1, 0 FROM facts
      WHERE kind = 'training' AND date BETWEEN $2::date AND $1::date
    UNION ALL SELECT employer, 0, 0, 0, 0, 1 FROM facts
      WHERE kind = 'assistance' AND date BETWEEN $2::date AND $1::date
        AND record->>'programme' = $4) u
  WHERE employer IS NOT NULL GROUP BY employer),
by_employer AS (
  SELECT e.region,
    count(*) FILTER (WHERE e.haz AND e.active) AS h,
    count(*) FILTER (WHERE e.haz AND e.active AND f.d = 1) AS hd,
    count(*) FILTER (WHERE e.haz AND e.active AND f.t = 1) AS ht,
    count(*) FILTER (WHERE e.haz AND e.active AND f.x = 1) AS hx,
    count(*) FILTER (WHERE e.haz AND e.active AND f.tr = 1) AS htr,
    count(*) FILTER (WHERE f.a = 1) AS a,
    count(*) FILTER (WHERE f.a = 1 AND f.d = 1) AS ad,
    count(*) FILTER (WHERE f.a = 1 AND f.t = 1) AS at,
    count(*) FILTER (WHERE f.a = 1 AND f.x = 1) AS ax,
    count(*) FILTER (WHERE f.a = 1 AND f.tr = 1) AS atr
  FROM emp e LEFT JOIN flags f ON f.employer = e.credit_code
  GROUP BY e.region),
by_fact AS (
  SELECT region,
    sum((record->>'postsCompliant')::numeric) FILTER (WHERE kind = 'hazard-testing' AND record->>'programme' = 'periodic') AS pc,
    sum((record->>'postsTested')::numeric) FILTER (WHERE kind = 'hazard-testing' AND record->>'programme' = 'periodic') AS pt,
    sum((record->>'workersExamined')::numeric) FILTER (WHERE kind = 'health-exam') AS we,
    sum((record->>'workersDue')::numeric) FILTER (WHERE kind = 'health-exam') AS wd,
    sum((record->>'problemsRectified')::numeric) FILTER (WHERE kind = 'inspection') AS pr,
    sum((record->>'problemsFound')::numeric) FILTER (WHERE kind = 'inspection') AS pf,
    count(*) FILTER (WHERE kind = 'enforcement-case') AS cf,
    count(*) FILTER (WHERE kind = 'enforcement-case' AND record ? 'concludedOn') AS cc,
    sum((record->>'penalty')::numeric) FILTER (WHERE kind = 'enforcement-case') AS pen
  FROM facts
  WHERE kind IN ('hazard-testing', 'health-exam', 'inspection', 'enforcement-case')
    AND date BETWEEN $2::date AND $1::date
  GROUP BY region),
per_region AS (
  SELECT region, h, hd, ht, hx, htr, a, ad, at, ax, atr,
    0 AS pc, 0 AS pt, 0 AS we, 0 AS wd, 0 AS pr, 0 AS pf, 0 AS cf, 0 AS cc, 0 AS pen FROM by_employer
  UNION ALL
  SELECT region, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, pc, pt, we, wd, pr, pf, cf, cc, pen FROM by_fact),
rolled AS (
  SELECT c.ancestor AS region,
    sum(h) AS h, sum(hd) AS hd, sum(ht) AS ht, sum(hx) AS hx, sum(htr) AS htr,
    sum(a) AS a, sum(ad) AS ad, sum(at) AS at, sum(ax) AS ax, sum(atr) AS atr,
    sum(pc) AS pc, sum(pt) AS pt, sum(we) AS we, sum(wd) AS wd, sum(pr) AS pr, sum(pf) AS pf,
    sum(cf) AS cf, sum(cc) AS cc, sum(pen) AS pen
  FROM per_region p JOIN region_closure c ON c.descendant = p.region
  GROUP BY c.ancestor),
inspected AS (
  SELECT c.ancestor AS region, count(DISTINCT f.employer) AS n
  FROM facts f
  JOIN emp e ON e.credit_code = f.employer AND e.haz AND e.active
  JOIN region_closure c ON c.descendant = f.region
  WHERE f.kind = 'inspection' AND f.date BETWEEN $2::date AND $1::date
  GROUP BY c.ancestor)
SELECT r.code AS region, ${[
  'h',
  'hd',
  'ht',
  'hx',
  'htr',
  'a',
  'ad',
  'at',
  'ax',
  'atr',
  'pc',
  'pt',
  'we',
  'wd',
  'pr',
  'pf',
  'cf',
  'cc',
  'pen',
]
  .map((c) => `coalesce(ro.${c}, 0)::text AS ${c}`)
  .join(', ')}, coalesce(i.n, 0)::text AS ins
FROM regions r LEFT JOIN rolled ro ON ro.region = r.code LEFT JOIN inspected i ON i.region = r.code
`;

const exact = (v: unknown) => new Decimal(String(v)).toFixed();

/** The hand-written baseline on `schema` for `year`. */
export async function handPostgres(
  client: pg.PoolClient,
  schema: string,
  year: string,
): Promise<Figures> {
  const ref = `${year}-12-31`;
  await client.query(`SET search_path TO ${schema}`);
  const { rows } = await client.query(HAND_SQL, [
    ref,
    `${year}-01-01`,
    suspensionCutoff(ref),
    ASSISTANCE_PROGRAMME,
  ]);
  const out: Figures = {};
  for (const [id, [num, den]] of Object.entries(HAND_COLUMNS)) {
    out[id] = {};
    for (const row of rows) {
      out[id]![row.region as string] = [exact(row[num]), den === null ? null : exact(row[den])];
    }
  }
  return out;
}

function handSqlite(path: string, year: string): Figures {
  const store = openSqliteStore(path);
  try {
    const out: Figures = {};
    for (const [id, byRegion] of handFigures(store.database, Number(year))) {
      out[id] = {};
      for (const [region, f] of byRegion) {
        out[id]![region] = [
          exact(f.numerator),
          f.denominator === null ? null : exact(f.denominator),
        ];
      }
    }
    return out;
  } finally {
    void store.close();
  }
}

function figuresOf(e: Evaluation): Figures {
  const out: Figures = {};
  for (const r of e.results) {
    const byRegion = out[r.indicator] ?? {};
    out[r.indicator] = byRegion;
    byRegion[r.region] = [r.numerator?.toFixed() ?? null, r.denominator?.toFixed() ?? null];
  }
  return out;
}

/** Differences between two figure sets; a missing region or a null figure counts as zero. */
function differences(a: Figures, b: Figures): { compared: number; differing: string[] } {
  const z = (x: string | null | undefined) => x ?? '0';
  let compared = 0;
  const differing: string[] = [];
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    for (const region of new Set([...Object.keys(a[id] ?? {}), ...Object.keys(b[id] ?? {})])) {
      compared++;
      const [na, da] = a[id]?.[region] ?? [null, null];
      const [nb, db] = b[id]?.[region] ?? [null, null];
      if (z(na) !== z(nb) || z(da) !== z(db)) {
        differing.push(`${id} @ ${region}: ${z(na)}/${z(da)} vs ${z(nb)}/${z(db)}`);
      }
    }
  }
  return { compared, differing };
}

const seconds = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
};
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, d = 2) => n.toFixed(d);

/** Options of {@link postgresBench}. */
export interface PostgresBenchOptions {
  /** The generated dataset's directory (regions.csv, employers.csv, facts.csv). */
  readonly dataDir: string;
  /** Connection string of the server. */
  readonly url: string;
  readonly reps: number;
  readonly year: string;
  /** Rows per file, for rates. */
  readonly rows: Readonly<Record<(typeof KINDS)[number], number>>;
}

/** Run the PostgreSQL phase and print its table; returns false when a figure differs. */
export async function postgresBench(options: PostgresBenchOptions): Promise<boolean> {
  const { dataDir, url, reps, year, rows } = options;
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  const total = rows.regions + rows.employers + rows.facts;
  const line = (...cells: string[]) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(14))).join(''));
  try {
    const server = (await pool.query('SHOW server_version')).rows[0].server_version as string;
    console.log(`\n== PostgreSQL ${server} (${url.replace(/:[^:@/]*@/, ':***@')}) beside SQLite`);
    await pool.query(
      'DROP SCHEMA IF EXISTS bench_pg CASCADE; DROP SCHEMA IF EXISTS bench_raw CASCADE; DROP SCHEMA IF EXISTS bench_part CASCADE',
    );

    // 1. Import.
    const store = await openPostgresStore({ pool, schema: 'bench_pg' });
    const [, pgImport] = await seconds(async () => {
      for (const kind of KINDS) {
        await importFile(store as Store, {
          kind,
          path: join(dataDir, `${kind}.csv`),
          batchSize: 5000,
        });
      }
    });
    await pool.query(
      'ANALYZE bench_pg.facts, bench_pg.employers, bench_pg.region_closure, bench_pg.regions',
    );
    await pool.query('CREATE SCHEMA bench_raw');
    const [, rawCopy] = await seconds(async () => {
      for (const kind of KINDS) {
        const cols = COLUMNS[kind].map((c) => `"${c}" text`).join(', ');
        await pool.query(`CREATE TABLE bench_raw.${kind} (${cols})`);
        const client = await pool.connect();
        try {
          await pipeline(
            createReadStream(join(dataDir, `${kind}.csv`)),
            client.query(
              copyFrom(`COPY bench_raw.${kind} FROM STDIN WITH (FORMAT csv, HEADER true)`),
            ),
          );
        } finally {
          client.release();
        }
      }
    });
    const sqlitePath = join(dataDir, 'postgres-bench.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqlitePath + suffix, { force: true });
    const sqlite = openSqliteStore(sqlitePath);
    const [, sqliteImport] = await seconds(async () => {
      for (const kind of KINDS) {
        await importFile(sqlite, { kind, path: join(dataDir, `${kind}.csv`), batchSize: 5000 });
      }
    });
    let shellImport: number | undefined;
    const sqlite3 = spawnSync('sh', ['-c', 'command -v sqlite3'], { encoding: 'utf8' });
    if (sqlite3.status === 0) {
      const shellDb = join(dataDir, 'postgres-bench-shell.db');
      rmSync(shellDb, { force: true });
      const script = [
        ...KINDS.map(
          (k) => `CREATE TABLE ${k} (${COLUMNS[k].map((c) => `"${c}" TEXT`).join(', ')});`,
        ),
        ...KINDS.map((k) => `.import --csv --skip 1 ${join(dataDir, `${k}.csv`)} ${k}`),
      ].join('\n');
      [, shellImport] = await seconds(() =>
        spawnSync(sqlite3.stdout.trim(), [shellDb], { input: `${script}\n`, encoding: 'utf8' }),
      );
      rmSync(shellDb, { force: true });
    }
    const perSecond = (s: number) => Math.round(total / s).toLocaleString('en-US');
    line('import (all files)', 'rows/s', 'baseline', 'ratio');
    line(
      '  PostgreSQL: importFile (COPY) vs bare COPY',
      perSecond(pgImport),
      perSecond(rawCopy),
      `${fmt(pgImport / rawCopy)}×`,
    );
    line(
      '  SQLite: importFile vs sqlite3 .import',
      perSecond(sqliteImport),
      shellImport === undefined ? '-' : perSecond(shellImport),
      shellImport === undefined ? '-' : `${fmt(sqliteImport / shellImport)}×`,
    );

    // 2 and 3. Evaluation, and the facts partitioned by year (a copy; the store's own tables
    // are read through views).
    await pool.query(`
      CREATE SCHEMA bench_part;
      CREATE TABLE bench_part.facts (LIKE bench_pg.facts) PARTITION BY RANGE (date);
      CREATE TABLE bench_part.facts_old PARTITION OF bench_part.facts FOR VALUES FROM (MINVALUE) TO ('2021-01-01');
      ${[2021, 2022, 2023, 2024, 2025, 2026]
        .map(
          (y) =>
            `CREATE TABLE bench_part.facts_${y} PARTITION OF bench_part.facts FOR VALUES FROM ('${y}-01-01') TO ('${y + 1}-01-01');`,
        )
        .join('\n')}
      CREATE TABLE bench_part.facts_new PARTITION OF bench_part.facts FOR VALUES FROM ('2027-01-01') TO (MAXVALUE);
      INSERT INTO bench_part.facts SELECT * FROM bench_pg.facts;
      CREATE INDEX ON bench_part.facts(date, id);
      CREATE INDEX ON bench_part.facts(region, date);
      CREATE INDEX ON bench_part.facts(kind, date);
      CREATE INDEX ON bench_part.facts(employer, kind, date);
      CREATE VIEW bench_part.employers AS SELECT * FROM bench_pg.employers;
      CREATE VIEW bench_part.regions AS SELECT * FROM bench_pg.regions;
      CREATE VIEW bench_part.region_closure AS SELECT * FROM bench_pg.region_closure;
      ANALYZE bench_part.facts;`);
    const client = await pool.connect();
    const times = { pg: [], pgHand: [], part: [], sqlite: [], sqliteHand: [] } as Record<
      'pg' | 'pgHand' | 'part' | 'sqlite' | 'sqliteHand',
      number[]
    >;
    const run = (s: Store) =>
      evaluate({ plan: benchPlan, region: '000000', period: year, store: s });
    let figures: Record<keyof typeof times, Figures> | undefined;
    try {
      // One warm-up of each, then reps interleaved, the order rotating every rep.
      const steps: [keyof typeof times, () => Promise<Figures>][] = [
        ['pg', async () => figuresOf(await run(store))],
        ['pgHand', () => handPostgres(client, 'bench_pg', year)],
        ['part', () => handPostgres(client, 'bench_part', year)],
        ['sqlite', async () => figuresOf(await run(sqlite))],
        ['sqliteHand', async () => handSqlite(sqlitePath, year)],
      ];
      const warm = {} as Record<keyof typeof times, Figures>;
      for (const [name, fn] of steps) warm[name] = await fn();
      figures = warm;
      for (let rep = 0; rep < reps; rep++) {
        for (let i = 0; i < steps.length; i++) {
          const [name, fn] = steps[(i + rep) % steps.length]!;
          const [, s] = await seconds(fn);
          times[name].push(s);
        }
      }
    } finally {
      client.release();
      await sqlite.close();
      await store.close();
    }
    const m = (k: keyof typeof times) => median(times[k]);
    console.log(`\n  evaluation of ${year}, every region (median of ${reps} interleaved reps, s)`);
    line('', 'pushdown', 'hand SQL', 'ratio');
    line('  PostgreSQL', fmt(m('pg'), 3), fmt(m('pgHand'), 3), `${fmt(m('pg') / m('pgHand'))}×`);
    line(
      '  SQLite',
      fmt(m('sqlite'), 3),
      fmt(m('sqliteHand'), 3),
      `${fmt(m('sqlite') / m('sqliteHand'))}×`,
    );
    line(
      '  PostgreSQL hand SQL, facts by year',
      fmt(m('part'), 3),
      fmt(m('pgHand'), 3),
      `${fmt(m('part') / m('pgHand'))}×`,
    );
    let ok = true;
    for (const [name, other] of [
      ['PostgreSQL hand SQL', figures.pgHand],
      ['partitioned hand SQL', figures.part],
      ['SQLite pushdown', figures.sqlite],
      ['SQLite hand SQL', figures.sqliteHand],
    ] as const) {
      const { compared, differing } = differences(figures.pg, other);
      console.log(
        `  PostgreSQL pushdown vs ${name}: ${compared} figures, ${differing.length} differ${differing.length ? `: ${differing.slice(0, 3).join('; ')}` : ''}`,
      );
      if (differing.length > 0) ok = false;
    }
    return ok;
  } finally {
    await pool.end();
  }
}

/** Whether the SQLite side of the PostgreSQL phase can find its files. */
export function postgresBenchReady(dataDir: string): boolean {
  return KINDS.every((k) => existsSync(join(dataDir, `${k}.csv`)));
}
