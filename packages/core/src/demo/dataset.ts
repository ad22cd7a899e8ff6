/**
 * @module demo/dataset
 * The seeded demo dataset as plain store records, yielded in batches: regions of a real part of
 * the national tree, employers and their facts of 2021–2025. Pure: nothing is read or written,
 * the caller writes the batches into a store (or a file). The same options always give the same
 * records.
 */
import type { EmployerInput, EmployerStatus } from '../employer/index.js';
import { ValidationError } from '../errors/index.js';
import type { FactInput } from '../facts/index.js';
import type { Region } from '../region/index.js';
import { type Calibration, calibrate } from './calibrate.js';
import {
  buildModel,
  countiesOf,
  type FactFields,
  type GenEmployer,
  type Model,
  makeEmployer,
  makeFacts,
  statusHistoryCell,
} from './model.js';

/** The named sizes of the demo dataset. */
export const DEMO_SCALES = {
  /** One county (宣威市, Yunnan) with its prefecture and province: about 2,000 employers. */
  county: { region: '530381', employers: 2_000 },
  /** One province (云南省: 16 prefectures, 129 counties): about 100,000 employers. */
  province: { region: '530000', employers: 100_000 },
  /** The whole national tree (2,975 counties): 1,000,000 employers. */
  national: { region: '000000', employers: 1_000_000 },
} as const;

/** A demo scale: `county`, `province` or `national`. */
export type DemoScale = keyof typeof DEMO_SCALES;

/** Options of {@link demoDataset}. */
export interface DemoOptions {
  /** Named size (default `province`). */
  readonly scale?: DemoScale;
  /** Seed of every random draw (default 1). */
  readonly seed?: number;
  /** Employers to generate (default: the scale's). */
  readonly employers?: number;
  /**
   * Facts to aim at (met within about 1 % by calibrating the hazard share on a sample). Without
   * it the model's own shares are used (about 7 facts per employer over five years).
   */
  readonly facts?: number;
  /**
   * The region list to draw from, normally `chinaRegions()` of `@occhealth/core/regions-cn`
   * (passed in so this entry does not bundle the national tree).
   */
  readonly regions: readonly Region[];
  /**
   * Only these counties of the scale's region (with their prefectures): a slice of a province,
   * such as the examples' bundled sample.
   */
  readonly counties?: readonly string[];
}

/** One batch of generated records, ready for `store.write`. */
export interface DemoBatch {
  /** Employers of the batch. */
  readonly employers: EmployerInput[];
  /** The facts of those employers. */
  readonly facts: FactInput[];
}

/** A generated dataset: its regions, and its employers and facts on demand. */
export interface DemoDataset {
  /** The scale asked for. */
  readonly scale: DemoScale;
  /** The seed used. */
  readonly seed: number;
  /** Code of the root region of the dataset. */
  readonly root: string;
  /** The regions (root first, parents before children; the root's parent is null). */
  readonly regions: readonly Region[];
  /** Number of employers {@link DemoDataset.batches} yields. */
  readonly employers: number;
  /** The calibration used (scale 1 and no extra sessions when no fact target was given). */
  readonly calibration: Calibration;
  /** The model (for generators that serialise records themselves, such as the benchmark's CSV writer). */
  readonly model: Model;
  /** Employers and their facts, `batchSize` employers at a time (default 2,000). */
  batches(batchSize?: number): Generator<DemoBatch>;
}

function bad(path: string, value: unknown, rule: string, en: string, zh: string): never {
  throw ValidationError.of({ path, value, rule, message: en, messageZh: zh });
}

/** The regions of the subtree of `root` (its ancestors left out; the root's parent set to null). */
function subtree(regions: readonly Region[], root: string): Region[] {
  const keep = new Set([root]);
  const out: Region[] = [];
  for (const r of regions) {
    if (r.code === root) out.push({ ...r, parent: null });
    else if (r.parent !== null && keep.has(r.parent)) {
      keep.add(r.code);
      out.push(r);
    }
  }
  return out;
}

/** The ancestors path root → … → `code` (for a county-scale dataset), parents first. */
function pathTo(regions: readonly Region[], code: string): Region[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const path: Region[] = [];
  for (let r = byCode.get(code); r; r = r.parent === null ? undefined : byCode.get(r.parent)) {
    path.unshift(r);
  }
  // A county-scale dataset starts at the province: drop the national root.
  const start = path.findIndex((r) => r.level === 'province');
  const kept = start > 0 ? path.slice(start) : path;
  return kept.map((r, i) => (i === 0 ? { ...r, parent: null } : r));
}

/** The root, the given counties and their parents. @throws ValidationError for a county not in `regions`. */
function slice(regions: readonly Region[], counties: readonly string[]): Region[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const keep = new Set<string>([regions[0]!.code]);
  for (const code of counties) {
    const county = byCode.get(code);
    if (county?.level !== 'county') {
      bad(
        'counties',
        code,
        'demo.counties',
        `${code} is not a county of the dataset's region`,
        `${code} 不是该数据集区划下的县级区划`,
      );
    }
    for (
      let r: Region | undefined = county;
      r;
      r = r.parent === null ? undefined : byCode.get(r.parent)
    ) {
      keep.add(r.code);
    }
  }
  return regions.filter((r) => keep.has(r.code));
}

/**
 * The store record of a generated employer.
 * @internal
 */
export function employerRecord(model: Model, e: GenEmployer): EmployerInput {
  const history = statusHistoryCell(model, e);
  return {
    creditCode: e.creditCode,
    name: e.name,
    region: e.region,
    industry: e.industry.code,
    size: e.size,
    employees: e.employees,
    hazardFactors: [...e.hazardFactors],
    hazardLevel: e.industry.hazardLevel,
    statusHistory:
      history === ''
        ? []
        : history.split(';').map((s) => {
            const [status, from] = s.split('@') as [EmployerStatus, string];
            return { status, from };
          }),
    registeredOn: model.days[e.registered]!,
  };
}

/**
 * The store record of one generated fact (dotted field names become nested objects).
 * @internal
 */
export function factRecord(
  id: string,
  kind: string,
  date: string,
  e: GenEmployer,
  fields: FactFields,
): FactInput {
  const out: Record<string, unknown> = { id, kind, region: e.region, date, employer: e.creditCode };
  for (const key in fields) {
    const dot = key.indexOf('.');
    if (dot < 0) out[key] = fields[key];
    else {
      const head = key.slice(0, dot);
      const inner = (out[head] ?? {}) as Record<string, unknown>;
      inner[key.slice(dot + 1)] = fields[key];
      out[head] = inner;
    }
  }
  return out as FactInput;
}

/**
 * The seeded, deterministic demo dataset: the regions of one county, one province or the whole
 * nation, and employers with five years (2021–2025) of facts whose rates follow the seeds'
 * figures (declaration ≈ 88 %, testing ≈ 77 %, ≥ 20 assisted SMEs per county per year in
 * 2024–2025). Pure: batches are generated on demand, any number of times, always the same.
 * @throws ValidationError for an unknown scale, a bad seed or employer count, or a region list
 * without the scale's region.
 * @example
 * ```ts
 * import { MemoryStore } from '@occhealth/core';
 * import { demoDataset } from '@occhealth/core/demo';
 * import { chinaRegions } from '@occhealth/core/regions-cn';
 * const store = new MemoryStore();
 * const data = demoDataset({ scale: 'county', seed: 1, employers: 200, regions: chinaRegions() });
 * await store.write({ regions: [...data.regions] });
 * for (const batch of data.batches()) await store.write(batch);
 * console.log((await store.page('employers', { limit: 1000 })).items.length);
 * // → 200
 * ```
 */
export function demoDataset(options: DemoOptions): DemoDataset {
  const scale = options.scale ?? 'province';
  if (!Object.hasOwn(DEMO_SCALES, scale)) {
    bad(
      'scale',
      scale,
      'demo.scale',
      `unknown scale ${String(scale)}: use county, province or national`,
      `未知规模 ${String(scale)}：应为 county、province 或 national`,
    );
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    bad('seed', seed, 'demo.seed', 'seed must be a non-negative integer', 'seed 应为非负整数');
  }
  const employers = options.employers ?? DEMO_SCALES[scale].employers;
  if (!Number.isSafeInteger(employers) || employers < 1 || employers > 10_000_000) {
    bad(
      'employers',
      employers,
      'demo.employers',
      'employers must be an integer from 1 to 10,000,000',
      'employers 应为 1 至 10000000 的整数',
    );
  }
  const code = DEMO_SCALES[scale].region;
  if (!options.regions.some((r) => r.code === code)) {
    bad(
      'regions',
      code,
      'demo.regions',
      `the region list has no region ${code}`,
      `区划列表中没有区划 ${code}`,
    );
  }
  let regions = scale === 'county' ? pathTo(options.regions, code) : subtree(options.regions, code);
  if (options.counties !== undefined) regions = slice(regions, options.counties);
  const counties = countiesOf(regions, seed);
  const calibration: Calibration =
    options.facts === undefined
      ? { factorScale: 1, extraSessions: 0 }
      : calibrate(counties, { employers, facts: options.facts, seed });
  const model = buildModel(counties, { seed, employers, ...calibration });
  return {
    scale,
    seed,
    root: regions[0]!.code,
    regions,
    employers,
    calibration,
    model,
    *batches(batchSize = 2_000) {
      let seq = 0;
      for (let start = 0; start < employers; start += batchSize) {
        const batch: DemoBatch = { employers: [], facts: [] };
        const end = Math.min(employers, start + batchSize);
        for (let i = start; i < end; i++) {
          const e = makeEmployer(model, i);
          batch.employers.push(employerRecord(model, e));
          makeFacts(model, e, (kind, day, fields) => {
            seq++;
            batch.facts.push(factRecord(`F${seq}`, kind, model.days[day]!, e, fields));
          });
        }
        yield batch;
      }
    },
  };
}
