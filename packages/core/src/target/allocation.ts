/**
 * @module target/allocation
 * Allocations (task tables): totals, the per-unit rule ("at least 20 per county per year"), the
 * stated totals, and the region-scoped targets an allocation implies.
 */
import { Decimal } from 'decimal.js';
import { parseWith } from '../errors/index.js';
import type { Allocation, AllocationInput, Target } from '../indicator/schema.js';
import { allocationSchema } from '../indicator/schema.js';
import type { RegionTree } from '../region/index.js';

/**
 * Validate an allocation.
 * @example defineAllocation(yunnanSmeAssistance.allocations[0]!).rows.length // 16
 */
export function defineAllocation(input: AllocationInput): Allocation {
  return parseWith(allocationSchema, input);
}

/** The check of one allocation row. */
export interface AllocationRowCheck {
  /** Code of the region the row allocates to. */
  readonly region: string;
  /** Units of the allocation's level (e.g. counties) the row says the region has. */
  readonly units: number;
  /** The quota allocated to the region. */
  readonly quota: number;
  /** perUnit × units × years (undefined without a rule). */
  readonly required?: Decimal;
  /** quota − required. */
  readonly surplus?: Decimal;
  /** Does the quota meet the rule? */
  readonly ok: boolean;
  /** Units of `unitLevel` the region tree holds under the region, when a tree was given. */
  readonly unitsInTree?: number;
  /** Does `units` equal the tree's count (true without a tree)? */
  readonly unitsMatchTree: boolean;
}

/** The check of an allocation. */
export interface AllocationCheck {
  /** Id of the allocation checked. */
  readonly allocationId: string;
  /** Sum of the rows' units. */
  readonly totalUnits: number;
  /** Sum of the rows' quotas. */
  readonly totalQuota: number;
  /** perUnit × totalUnits × years. */
  readonly minimum?: Decimal;
  /** totalQuota − minimum. */
  readonly surplus?: Decimal;
  /** The check of each row, in the allocation's order. */
  readonly rows: readonly AllocationRowCheck[];
  /** Do the rows add up to the totals printed in the source (true when none are stated)? */
  readonly statedTotalMatches: boolean;
  /** Every row meets the rule, totals match, and units match the tree. */
  readonly ok: boolean;
}

/**
 * Check an allocation: totals, each row against `quota >= perUnit × units × years`, the stated
 * totals and (given a region tree) each row's unit count against the tree.
 * @example checkAllocation(yunnanSmeAssistance.allocations[0]!).totalQuota.toString() // '2782'
 */
export function checkAllocation(allocation: Allocation, tree?: RegionTree): AllocationCheck {
  const per = allocation.rule
    ? new Decimal(allocation.rule.perUnit).times(allocation.rule.years)
    : undefined;
  const rows = allocation.rows.map((r): AllocationRowCheck => {
    const required = per?.times(r.units);
    const unitsInTree = tree?.has(r.region)
      ? tree.atLevel(allocation.unitLevel, r.region).length
      : undefined;
    return {
      region: r.region,
      units: r.units,
      quota: r.quota,
      ...(required ? { required, surplus: new Decimal(r.quota).minus(required) } : {}),
      ok: required ? new Decimal(r.quota).gte(required) : true,
      ...(unitsInTree !== undefined ? { unitsInTree } : {}),
      unitsMatchTree: unitsInTree === undefined || unitsInTree === r.units,
    };
  });
  const totalUnits = allocation.rows.reduce((s, r) => s + r.units, 0);
  const totalQuota = allocation.rows.reduce((s, r) => s + r.quota, 0);
  const minimum = per?.times(totalUnits);
  const statedTotalMatches =
    allocation.statedTotal === undefined ||
    (allocation.statedTotal.units === totalUnits && allocation.statedTotal.quota === totalQuota);
  return {
    allocationId: allocation.id,
    totalUnits,
    totalQuota,
    ...(minimum ? { minimum, surplus: new Decimal(totalQuota).minus(minimum) } : {}),
    rows,
    statedTotalMatches,
    ok: statedTotalMatches && rows.every((r) => r.ok && r.unitsMatchTree),
  };
}

/**
 * The targets an allocation implies: for each row, `indicator >= quota` in the row's region for the
 * allocation's period (none when the allocation names no indicator).
 * @internal
 */
export function allocationTargets(allocation: Allocation): Target[] {
  if (allocation.indicator === undefined) return [];
  const indicator = allocation.indicator;
  return allocation.rows.map((r) => ({
    id: `${allocation.id}.${r.region}`,
    indicator,
    comparator: '>=' as const,
    value: String(r.quota),
    period: allocation.period,
    scope: { region: r.region },
    milestone: false,
    compareOn: 'unrounded' as const,
    source: allocation.source,
  }));
}
