/**
 * Generates the bundled sample dataset (`data/yunnan-sample/*.json`): a slice of Yunnan with three
 * prefectures and seven counties, SMEs enrolled in the 2024–2025 "five ones" assistance action and
 * the facts the four core rates count. Deterministic: the same seed gives the same files.
 *
 * Run: pnpm --filter @occhealth/examples sample:generate
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { creditCodeCheckCharacter } from '@occhealth/core';

const out = fileURLToPath(new URL('../data/yunnan-sample/', import.meta.url));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20250101);
const chance = (p: number) => random() < p;

const regions = [
  { code: '530000', name: { zh: '云南省', en: 'Yunnan' }, level: 'province', parent: null },
  { code: '530100', name: { zh: '昆明市', en: 'Kunming' }, level: 'prefecture', parent: '530000' },
  { code: '530300', name: { zh: '曲靖市', en: 'Qujing' }, level: 'prefecture', parent: '530000' },
  {
    code: '532300',
    name: { zh: '楚雄彝族自治州', en: 'Chuxiong' },
    level: 'prefecture',
    parent: '530000',
  },
  { code: '530102', name: { zh: '五华区', en: 'Wuhua' }, level: 'county', parent: '530100' },
  { code: '530111', name: { zh: '官渡区', en: 'Guandu' }, level: 'county', parent: '530100' },
  { code: '530181', name: { zh: '安宁市', en: 'Anning' }, level: 'county', parent: '530100' },
  { code: '530302', name: { zh: '麒麟区', en: 'Qilin' }, level: 'county', parent: '530300' },
  { code: '530381', name: { zh: '宣威市', en: 'Xuanwei' }, level: 'county', parent: '530300' },
  {
    code: '532301',
    name: { zh: '楚雄市', en: 'Chuxiong City' },
    level: 'county',
    parent: '532300',
  },
  { code: '532302', name: { zh: '禄丰市', en: 'Lufeng' }, level: 'county', parent: '532300' },
];

// Per county: [SMEs assisted in 2025, probability each of the four duties is met].
const counties: Record<string, [number, number]> = {
  '530102': [22, 0.97],
  '530111': [24, 0.93],
  '530181': [21, 0.99],
  '530302': [20, 0.9],
  '530381': [19, 0.85],
  '532301': [21, 0.95],
  '532302': [20, 0.88],
};

const industries = [
  ['C3011', '水泥制造'],
  ['C3021', '水泥制品制造'],
  ['B1011', '石灰石、石膏开采'],
  ['C2614', '有机化学原料制造'],
  ['C3120', '炼钢'],
  ['C2110', '木质家具制造'],
  ['C3311', '金属结构制造'],
  ['C3039', '其他建筑材料制造'],
] as const;
const factors = ['粉尘', '噪声', '化学因素', '高温'];
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(region: string, n: number): string {
  let org = '';
  let x = n * 7919 + 104729;
  for (let i = 0; i < 9; i++) {
    org += CHARSET[x % 31];
    x = Math.floor(x / 31) + (i + 1) * 17;
  }
  const first17 = `91${region}${org}`;
  return first17 + creditCodeCheckCharacter(first17);
}

const employers: unknown[] = [];
const facts: unknown[] = [];
let serial = 0;
const pad = (n: number) => String(n).padStart(2, '0');

for (const [county, [assisted, p]] of Object.entries(counties)) {
  // Two more employers than assisted: one suspended for more than six months, one deregistered;
  // both are enrolled, and the denominator must leave them out.
  for (let i = 0; i < assisted + 2; i++) {
    serial++;
    const code = creditCode(county, serial);
    const [industry, industryName] = industries[serial % industries.length]!;
    const size = (['micro', 'small', 'small', 'medium'] as const)[serial % 4]!;
    const statusHistory =
      i === assisted
        ? [
            { status: 'active', from: '2019-03-01' },
            { status: 'suspended', from: '2024-11-15' },
          ]
        : i === assisted + 1
          ? [
              { status: 'active', from: '2018-06-01' },
              { status: 'deregistered', from: '2025-04-30' },
            ]
          : [{ status: 'active', from: '2016-01-01' }];
    employers.push({
      creditCode: code,
      name: `${regions.find((r) => r.code === county)!.name.zh}${industryName}示例企业${serial}号`,
      region: county,
      industry,
      size,
      employees: 8 + ((serial * 37) % 240),
      hazardFactors: [factors[serial % 4]!, factors[(serial + 1) % 4]!],
      hazardLevel: serial % 3 === 0 ? 'general' : 'severe',
      statusHistory,
    });
    const month = 3 + (serial % 6);
    facts.push({
      id: `assist-2025-${code}`,
      kind: 'assistance',
      region: county,
      employer: code,
      date: `2025-${pad(month)}-${pad(1 + (serial % 27))}`,
      programme: 'yunnan-five-ones',
      items: {
        hazardIdentification: true,
        managementSystem: chance(0.95),
        noticeAndPpeGuidance: chance(0.95),
        training: true,
        exceedingPostGovernance: chance(0.8),
      },
      problemsFound: 2 + (serial % 5),
      problemsRectified: 1 + (serial % 5),
    });
    if (chance(p)) {
      facts.push({
        id: `decl-${code}`,
        kind: 'declaration',
        region: county,
        employer: code,
        date: `2024-${pad(1 + (serial % 12))}-15`,
      });
    }
    if (chance(p)) {
      const tested = 4 + (serial % 9);
      facts.push({
        id: `test-2025-${code}`,
        kind: 'hazard-testing',
        region: county,
        employer: code,
        date: `2025-${pad(month + 1)}-10`,
        programme: 'periodic',
        postsTested: tested,
        postsCompliant: tested - (serial % 3 === 0 ? 1 : 0),
      });
    }
    if (chance(p)) {
      const due = 5 + (serial % 40);
      facts.push({
        id: `exam-2025-${code}`,
        kind: 'health-exam',
        region: county,
        employer: code,
        date: `2025-${pad(month + 2)}-20`,
        workersDue: due,
        workersExamined: due - (serial % 4 === 0 ? 1 : 0),
        suspectedCases: 0,
        contraindications: serial % 11 === 0 ? 1 : 0,
      });
    }
    if (chance(p)) {
      facts.push({
        id: `train-2025-${code}`,
        kind: 'training',
        region: county,
        employer: code,
        date: `2025-${pad(month + 1)}-25`,
        principalsTrained: 1,
        managersTrained: 1 + (serial % 3),
        workersTrained: 6 + (serial % 50),
      });
    }
  }
}

const write = (name: string, rows: unknown[]) =>
  writeFileSync(`${out}${name}.json`, `${JSON.stringify(rows, null, 1)}\n`);
write('regions', regions);
write('employers', employers);
write('facts', facts);
console.log(
  `sample: ${regions.length} regions, ${employers.length} employers, ${facts.length} facts → ${out}`,
);
