/**
 * Generates the bundled sample dataset (`data/yunnan-sample/*.json`) with the one demo generator
 * of `@occhealth/core/demo`: a slice of Yunnan — seven counties of three prefectures — with its
 * employers and their 2021–2025 records (declarations, testing, exams, training, inspections and
 * the 2024–2025 "five ones" assistance of SMEs). Deterministic: the same seed gives the same files.
 *
 * Run: pnpm --filter @occhealth/examples sample:generate
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoDataset } from '@occhealth/core/demo';
import { chinaRegions } from '@occhealth/core/regions-cn';

const out = fileURLToPath(new URL('../data/yunnan-sample/', import.meta.url));

/** 五华区, 官渡区, 安宁市 (昆明市); 麒麟区, 宣威市 (曲靖市); 楚雄市, 禄丰市 (楚雄彝族自治州). */
const SAMPLE_COUNTIES = ['530102', '530111', '530181', '530302', '530381', '532301', '532302'];

const data = demoDataset({
  scale: 'province',
  seed: 2025,
  employers: 700,
  counties: SAMPLE_COUNTIES,
  regions: chinaRegions(),
});
const employers: unknown[] = [];
const facts: unknown[] = [];
for (const batch of data.batches()) {
  employers.push(...batch.employers);
  facts.push(...batch.facts);
}

/** One record per line: small diffs when the generator changes. */
const write = (name: string, rows: readonly unknown[]) =>
  writeFileSync(`${out}${name}.json`, `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
write('regions', data.regions);
write('employers', employers);
write('facts', facts);
console.log(
  `sample: ${data.regions.length} regions, ${employers.length} employers, ${facts.length} facts → ${out}`,
);
