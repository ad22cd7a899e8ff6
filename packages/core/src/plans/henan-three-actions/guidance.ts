/**
 * @module plans/henan-three-actions/guidance
 * 001 附件3 二(三)1 "省三院、市级疾控中心或职业病防治院所……每年要到50家以上用人单位开展技术指导、帮扶"
 * judged per institution (DOMAIN §9): each provincial or prefecture-level CDC / OD-prevention
 * institute, and the employers its `guidance` facts of the year name. "50家以上" is read as ≥ 50
 * (DOMAIN §7.3 flags the inclusive/exclusive ambiguity).
 */
import type { IsoDate } from '../../date/index.js';
import type { SourceRef } from '../../indicator/schema.js';
import type { Label } from '../../region/index.js';
import type { Store } from '../../store/port.js';
import { pageAll } from '../../store/workflow.js';
import { henanSource } from './indicators.js';

/** Employers each institution must guide per year (“50家以上”, read as ≥ 50). */
export const HENAN_GUIDANCE_QUOTA = 50;

/** One institution's guidance in a year. */
export interface InstitutionGuidance {
  /** The institution id. */
  readonly institution: string;
  /** The institution's name. */
  readonly name: Label;
  /** The region the institution belongs to. */
  readonly region: string;
  /** `province` (省三院 and other provincial institutes) or `prefecture` (市级). */
  readonly level: 'province' | 'prefecture';
  /** Distinct employers its guidance facts dated in the year (up to `asOf`) name. */
  readonly employersGuided: number;
  /** Employers it must guide in the year (the quota, 50). */
  readonly required: number;
  /** Whether `employersGuided` reaches `required`. */
  readonly met: boolean;
  /** How many more employers it must guide by the year's end (0 when met). */
  readonly shortfall: number;
}

/**
 * The per-institution quota of 001 附件3 二(三)1 for `year`: every CDC or OD-prevention institute
 * (`cdc`, `od-institute`) whose region is the province 410000 or one of its prefectures, with the
 * distinct employers its guidance facts of that year name (up to `asOf`, default the year's end),
 * ordered by region then id. County-level institutions are not addressed by the clause (they take
 * part, 全程参与) and are not listed.
 * @internal
 */
export async function henanGuidanceByInstitution(
  store: Store,
  year: number,
  asOf: IsoDate = `${year}-12-31`,
): Promise<InstitutionGuidance[]> {
  const tree = await store.regionTree();
  if (!tree || !tree.has('410000')) return [];
  const institutions = await pageAll(store, 'institutions', { region: '410000' });
  const facts = await store.listFacts({
    kinds: ['guidance'],
    from: `${year}-01-01`,
    to: asOf < `${year}-12-31` ? asOf : `${year}-12-31`,
  });
  const guided = new Map<string, Set<string>>();
  for (const f of facts) {
    if (f.kind !== 'guidance') continue;
    const set = guided.get(f.institution) ?? new Set<string>();
    set.add(f.employer);
    guided.set(f.institution, set);
  }
  const out: InstitutionGuidance[] = [];
  for (const i of institutions) {
    if (!i.types.some((t) => t === 'cdc' || t === 'od-institute')) continue;
    const level = tree.get(i.region)?.level;
    if (level !== 'province' && level !== 'prefecture') continue;
    const employersGuided = guided.get(i.id)?.size ?? 0;
    out.push({
      institution: i.id,
      name: i.name,
      region: i.region,
      level,
      employersGuided,
      required: HENAN_GUIDANCE_QUOTA,
      met: employersGuided >= HENAN_GUIDANCE_QUOTA,
      shortfall: Math.max(0, HENAN_GUIDANCE_QUOTA - employersGuided),
    });
  }
  return out.sort((a, b) =>
    a.region < b.region ? -1 : a.region > b.region ? 1 : a.institution < b.institution ? -1 : 1,
  );
}

/** The clause the per-institution quota cites. */
export const HENAN_GUIDANCE_SOURCE: SourceRef = henanSource(
  '附件3 二(三)1',
  '省三院、市级疾控中心或职业病防治院所除完成国家职业病防治监测任务外，每年要到50家以上用人单位开展技术指导、帮扶等工作',
);
