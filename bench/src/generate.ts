/**
 * @module bench/generate
 * The benchmark's CSV files of the one demo generator (`@occhealth/core/demo`) over the national
 * tree, calibrated to a fact target. Writes, streaming,
 * `regions.csv`, `employers.csv`, `facts.csv` (columns of `docs/import/README.md`, English ids,
 * no quoting needed) and `meta.json` (options, counts and the generated rates) to
 * `bench/.data/<size>/`.
 *
 * CLI: `tsx --conditions=source src/generate.ts [--size tiny|default|national]
 * [--employers N] [--facts N] [--seed N] [--out DIR]`.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Employer, isActiveOn } from '@occhealth/core';
import {
  calibrate,
  demoDataset,
  FIRST_YEAR,
  type GenEmployer,
  LAST_YEAR,
  makeEmployer,
  makeFacts,
  statusHistoryCell,
} from '@occhealth/core/demo';
import { chinaRegions } from '@occhealth/core/regions-cn';
import { LineWriter } from './csv-writer.js';

/** Bumped whenever the model changes, so the runner regenerates stale data. */
export const GENERATOR_VERSION = 1;

/** Named sizes. */
export const SIZES = {
  tiny: { employers: 2_000, facts: 10_000 },
  default: { employers: 200_000, facts: 1_000_000 },
  national: { employers: 1_000_000, facts: 5_000_000 },
} as const;

/** Options of {@link generate}. */
export interface GenerateOptions {
  readonly employers: number;
  /** Target number of facts (met within about 1 % by calibrating the hazard share). */
  readonly facts: number;
  readonly seed: number;
  readonly outDir: string;
  /** Print progress to stderr. */
  readonly verbose?: boolean;
}

/** Column order of the files. */
export const REGION_COLUMNS = ['code', 'name.zh', 'level', 'parent'] as const;
/** Employer columns. */
export const EMPLOYER_COLUMNS = [
  'creditCode',
  'name',
  'region',
  'industry',
  'size',
  'employees',
  'hazardFactors',
  'hazardLevel',
  'statusHistory',
  'registeredOn',
] as const;
/** Fact columns (one wide file; a fact fills the columns of its kind). */
export const FACT_COLUMNS = [
  'id',
  'kind',
  'region',
  'date',
  'employer',
  'declarationType',
  'programme',
  'postsTested',
  'postsCompliant',
  'workersDue',
  'workersExamined',
  'suspectedCases',
  'contraindications',
  'principalsTrained',
  'managersTrained',
  'workersTrained',
  'evaluationType',
  'hasExceedingPosts',
  'problemsFound',
  'problemsRectified',
  'dispositions.onSpot',
  'dispositions.withinDeadline',
  'dispositions.penalty',
  'category',
  'concludedOn',
  'penalty',
] as const;

const FACT_INDEX = new Map<string, number>(FACT_COLUMNS.map((c, i) => [c, i]));

/** A rate as numerator / denominator with its percentage. */
export interface RateFigure {
  readonly numerator: number;
  readonly denominator: number;
  readonly percent: string;
}

/** What {@link generate} wrote. */
export interface GenerateSummary {
  readonly options: { employers: number; facts: number; seed: number; version: number };
  readonly calibration: { factorScale: number; extraSessions: number };
  readonly counts: {
    readonly regions: number;
    readonly counties: number;
    readonly employers: number;
    readonly facts: number;
    readonly factsByKind: Record<string, number>;
  };
  /** Rates of the last year (reference date its Dec 31), as the bench plan defines them. */
  readonly rates: Record<string, RateFigure | number>;
}

const rate = (numerator: number, denominator: number): RateFigure => ({
  numerator,
  denominator,
  percent: denominator === 0 ? '-' : ((100 * numerator) / denominator).toFixed(1),
});

export { calibrate };

/** Generate the dataset into `options.outDir` (files are written to temporaries, then renamed). */
export function generate(options: GenerateOptions): GenerateSummary {
  const { employers, facts: factTarget, seed, outDir } = options;
  mkdirSync(outDir, { recursive: true });
  // The one demo generator over the whole national tree, calibrated to the fact target.
  const dataset = demoDataset({
    scale: 'national',
    regions: chinaRegions(),
    employers,
    facts: factTarget,
    seed,
  });
  const { regions, model, calibration } = dataset;
  const counties = model.counties;
  const log = (msg: string) => {
    if (options.verbose) process.stderr.write(`${msg}\n`);
  };
  log(
    `calibrated: factorScale ${calibration.factorScale}, extraSessions ${calibration.extraSessions}`,
  );

  const regionsOut = new LineWriter(join(outDir, 'regions.csv.tmp'), REGION_COLUMNS);
  for (const r of regions) regionsOut.line(`${r.code},${r.name.zh},${r.level},${r.parent ?? ''}`);
  regionsOut.close();

  const employersOut = new LineWriter(join(outDir, 'employers.csv.tmp'), EMPLOYER_COLUMNS);
  const factsOut = new LineWriter(join(outDir, 'facts.csv.tmp'), FACT_COLUMNS);
  const byKind: Record<string, number> = {};
  const yearStartDay = `${LAST_YEAR}-01-01`;
  const reference = `${LAST_YEAR}-12-31`;
  const acc = {
    hazardActive: 0,
    declared: 0,
    tested: 0,
    examined: 0,
    trained: 0,
    postsTested: 0,
    postsCompliant: 0,
    workersDue: 0,
    workersExamined: 0,
    problemsFound: 0,
    problemsRectified: 0,
    inspectedHazard: 0,
    assisted: 0,
    assistedDeclared: 0,
    assistedTested: 0,
    assistedExamined: 0,
    assistedTrained: 0,
  };
  const assistedPerCounty = new Uint32Array(counties.length);
  let seq = 0;
  let current: GenEmployer | undefined;
  let inspectedThisYear = false;
  const cells: string[] = new Array(FACT_COLUMNS.length).fill('');
  const sink = (
    kind: string,
    day: number,
    fields: Readonly<Record<string, string | number | boolean>>,
  ) => {
    const e = current!;
    const date = model.days[day]!;
    seq++;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    cells.fill('');
    cells[0] = `F${seq}`;
    cells[1] = kind;
    cells[2] = e.region;
    cells[3] = date;
    cells[4] = e.creditCode;
    for (const key in fields) cells[FACT_INDEX.get(key)!] = String(fields[key]);
    factsOut.line(cells.join(','));
    if (date >= yearStartDay) {
      if (kind === 'hazard-testing' && fields.programme === 'periodic') {
        acc.postsTested += fields.postsTested as number;
        acc.postsCompliant += fields.postsCompliant as number;
      } else if (kind === 'health-exam') {
        acc.workersDue += fields.workersDue as number;
        acc.workersExamined += fields.workersExamined as number;
      } else if (kind === 'inspection') {
        acc.problemsFound += fields.problemsFound as number;
        acc.problemsRectified += fields.problemsRectified as number;
        inspectedThisYear = true;
      }
    }
  };
  for (let i = 0; i < employers; i++) {
    const e = makeEmployer(model, i);
    const history = statusHistoryCell(model, e);
    const registeredOn = model.days[e.registered]!;
    employersOut.line(
      [
        e.creditCode,
        e.name,
        e.region,
        e.industry.code,
        e.size,
        e.employees,
        e.hazardFactors.join(';'),
        e.industry.hazardLevel,
        history,
        registeredOn,
      ].join(','),
    );
    current = e;
    inspectedThisYear = false;
    const flags = makeFacts(model, e, sink);
    if (flags.assisted) {
      // The cohort counts whatever the status on the reference date (activeOn: 'any').
      acc.assisted++;
      assistedPerCounty[e.countyIndex]!++;
      if (flags.declaredToDate) acc.assistedDeclared++;
      if (flags.tested) acc.assistedTested++;
      if (flags.examined) acc.assistedExamined++;
      if (flags.trained) acc.assistedTrained++;
    }
    if (e.hazardFactors.length > 0) {
      const asEmployer = {
        registeredOn,
        statusHistory:
          history === ''
            ? []
            : history.split(';').map((s) => {
                const [status, from] = s.split('@') as [
                  Employer['statusHistory'][number]['status'],
                  string,
                ];
                return { status, from };
              }),
      } as unknown as Employer;
      if (isActiveOn(asEmployer, reference)) {
        acc.hazardActive++;
        if (flags.declaredToDate) acc.declared++;
        if (flags.tested) acc.tested++;
        if (flags.examined) acc.examined++;
        if (flags.trained) acc.trained++;
        if (inspectedThisYear) acc.inspectedHazard++;
      }
    }
    if (options.verbose && (i + 1) % 100_000 === 0) log(`  ${i + 1} employers, ${seq} facts`);
  }
  employersOut.close();
  factsOut.close();
  for (const f of ['regions', 'employers', 'facts']) {
    renameSync(join(outDir, `${f}.csv.tmp`), join(outDir, `${f}.csv`));
  }
  const withTwenty = assistedPerCounty.filter((n) => n >= 20).length;
  const summary: GenerateSummary = {
    options: { employers, facts: factTarget, seed, version: GENERATOR_VERSION },
    calibration,
    counts: {
      regions: regions.length,
      counties: counties.length,
      employers,
      facts: seq,
      factsByKind: byKind,
    },
    rates: {
      declarationRate: rate(acc.declared, acc.hazardActive),
      testingRate: rate(acc.tested, acc.hazardActive),
      healthExamRate: rate(acc.examined, acc.hazardActive),
      trainingRate: rate(acc.trained, acc.hazardActive),
      postPassRate: rate(acc.postsCompliant, acc.postsTested),
      examCoverage: rate(acc.workersExamined, acc.workersDue),
      rectificationRate: rate(acc.problemsRectified, acc.problemsFound),
      inspectionCoverage: rate(acc.inspectedHazard, acc.hazardActive),
      smesAssisted: acc.assisted,
      smesAssistedPerCounty: Number((acc.assisted / counties.length).toFixed(2)),
      countiesWithTwentyAssisted: withTwenty,
      assistedDeclarationRate: rate(acc.assistedDeclared, acc.assisted),
      assistedTestingRate: rate(acc.assistedTested, acc.assisted),
      assistedHealthExamRate: rate(acc.assistedExamined, acc.assisted),
      assistedTrainingRate: rate(acc.assistedTrained, acc.assisted),
    },
  };
  writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** Reference figures of DOMAIN.md §2.5 / §3 to print beside the generated rates. */
export const DOMAIN_REFERENCE: Readonly<Record<string, string>> = {
  declarationRate: '87.2 % Jiangsu, 95.3 % Heilongjiang (002)',
  testingRate: '81.6 % monitoring rate Heilongjiang, 77.1 % Jiangsu (002)',
  healthExamRate: '61.5 % Heilongjiang (002)',
  trainingRate: '89.6 % leaders & managers Jiangsu (002)',
  postPassRate: '95.2 % monitoring pass Heilongjiang (002)',
  rectificationRate: '86.5 % (1953/2257) Heilongjiang (002)',
  inspectionCoverage: '27.8 % of inspected ordered to rectify Jiangsu (002) — coverage not given',
  smesAssistedPerCounty: '≥ 20 per county per year; 附表1 averages 21.6 (004)',
  assistedDeclarationRate: '≥ 90 % 2024, 100 % 2025 (004)',
};

/** Print the generated rates beside DOMAIN.md's figures. */
export function printRates(summary: GenerateSummary): void {
  console.log(
    `Generated rates, ${LAST_YEAR} (reference ${LAST_YEAR}-12-31; facts ${FIRST_YEAR}–${LAST_YEAR}):`,
  );
  for (const [id, figure] of Object.entries(summary.rates)) {
    const value =
      typeof figure === 'number'
        ? String(figure)
        : `${figure.percent} % (${figure.numerator}/${figure.denominator})`;
    const ref = DOMAIN_REFERENCE[id];
    console.log(`  ${id.padEnd(26)} ${value.padEnd(30)}${ref ? ` cf. ${ref}` : ''}`);
  }
}

/** Parse `--name value` arguments. */
export function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out[a.slice(2)] = argv[++i]!;
      else out[a.slice(2)] = 'true';
    }
  }
  return out;
}

/** Root of the generated data: `bench/.data`. */
export const DATA_ROOT = resolve(fileURLToPath(new URL('../.data', import.meta.url)));

/** Resolve size arguments to generator options (named size, then explicit overrides). */
export function resolveSize(
  args: Record<string, string>,
): Omit<GenerateOptions, 'verbose'> & { label: string } {
  const name = (args.size ?? 'default') as keyof typeof SIZES;
  const base = SIZES[name];
  if (!base)
    throw new RangeError(`unknown size ${args.size}: use ${Object.keys(SIZES).join(', ')}`);
  const employers = args.employers ? Number(args.employers) : base.employers;
  const facts = args.facts ? Number(args.facts) : base.facts;
  const seed = args.seed ? Number(args.seed) : 1;
  if (![employers, facts, seed].every((n) => Number.isInteger(n) && n >= 0) || employers < 1) {
    throw new RangeError('--employers, --facts and --seed must be non-negative integers');
  }
  const custom = args.employers || args.facts || (args.seed && args.seed !== '1');
  const label = custom ? `e${employers}-f${facts}-s${seed}` : name;
  return { employers, facts, seed, outDir: args.out ?? join(DATA_ROOT, label), label };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = resolveSize(parseArgs(process.argv.slice(2)));
  const t0 = performance.now();
  const summary = generate({ ...options, verbose: true });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `Wrote ${options.outDir}: ${summary.counts.regions} regions (${summary.counts.counties} counties), ${summary.counts.employers} employers, ${summary.counts.facts} facts in ${seconds.toFixed(1)} s`,
  );
  console.log(`Facts by kind: ${JSON.stringify(summary.counts.factsByKind)}`);
  printRates(summary);
}
