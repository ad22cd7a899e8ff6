import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidCreditCode, parseEmployer, parseFact } from '@occhealth/core';
import { organisationCode } from '@occhealth/core/demo';
import { chinaRegions } from '@occhealth/core/regions-cn';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';

const dirs: string[] = [];
function run(seed: number) {
  const outDir = mkdtempSync(join(tmpdir(), 'occh-bench-'));
  dirs.push(outDir);
  const summary = generate({ employers: 300, facts: 1500, seed, outDir });
  const read = (f: string) => readFileSync(join(outDir, f), 'utf8');
  return {
    summary,
    regions: read('regions.csv'),
    employers: read('employers.csv'),
    facts: read('facts.csv'),
  };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Parse a header + rows CSV without quoting (the generator never needs quotes) into records. */
function rows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const cols = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(cols.length);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]!]));
  });
}

describe('bench generator', () => {
  const a = run(7);

  it('is deterministic: the same seed gives the same bytes', () => {
    const b = run(7);
    expect(b.regions).toBe(a.regions);
    expect(b.employers).toBe(a.employers);
    expect(b.facts).toBe(a.facts);
  });

  it('gives different data for another seed', () => {
    expect(run(8).employers).not.toBe(a.employers);
  });

  it('writes only valid, unique credit codes of counties of the national tree', () => {
    const counties = new Set(
      chinaRegions()
        .filter((r) => r.level === 'county')
        .map((r) => r.code),
    );
    const employers = rows(a.employers);
    expect(employers).toHaveLength(300);
    const codes = new Set<string>();
    for (const e of employers) {
      expect(isValidCreditCode(e.creditCode), e.creditCode).toBe(true);
      expect(counties.has(e.region!), e.region).toBe(true);
      expect(e.creditCode!.slice(2, 8)).toBe(e.region);
      codes.add(e.creditCode!);
    }
    expect(codes.size).toBe(employers.length);
  });

  it('gives distinct organisation codes to distinct employers', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(organisationCode(i * 499));
    expect(seen.size).toBe(20_000);
  });

  it('writes employers and facts that pass the core schemas and refer to known employers', () => {
    const employers = rows(a.employers);
    const known = new Set(employers.map((e) => e.creditCode));
    for (const [i, e] of employers.entries()) {
      parseEmployer(
        {
          creditCode: e.creditCode,
          name: e.name,
          region: e.region,
          industry: e.industry,
          size: e.size,
          employees: Number(e.employees),
          hazardFactors: e.hazardFactors === '' ? [] : e.hazardFactors!.split(';'),
          hazardLevel: e.hazardLevel,
          statusHistory:
            e.statusHistory === ''
              ? []
              : e
                  .statusHistory!.split(';')
                  .map((s) => ({ status: s.split('@')[0], from: s.split('@')[1] })),
          registeredOn: e.registeredOn,
        },
        i + 2,
      );
    }
    const numeric = new Set([
      'postsTested',
      'postsCompliant',
      'workersDue',
      'workersExamined',
      'suspectedCases',
      'contraindications',
      'principalsTrained',
      'managersTrained',
      'workersTrained',
      'problemsFound',
      'problemsRectified',
    ]);
    const facts = rows(a.facts);
    expect(facts.length).toBe(a.summary.counts.facts);
    for (const [i, f] of facts.entries()) {
      expect(known.has(f.employer!)).toBe(true);
      expect(f.date! >= '2021-01-01' && f.date! <= '2025-12-31').toBe(true);
      const record: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(f)) {
        if (v === '') continue;
        if (k.startsWith('dispositions.')) {
          record.dispositions = { ...(record.dispositions as object), [k.slice(13)]: Number(v) };
        } else if (numeric.has(k)) record[k] = Number(v);
        else if (k === 'hasExceedingPosts') record[k] = v === 'true';
        else record[k] = v;
      }
      parseFact(record, i + 2);
    }
  });
});
