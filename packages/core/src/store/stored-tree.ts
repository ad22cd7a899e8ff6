/**
 * @module store/stored-tree
 * The region tree of a store that must hold a given region: the first step of every operation
 * over a subtree (reconciliation, rule checks, reporting rates).
 */
import { fail } from '../errors/index.js';
import type { RegionTree } from '../region/index.js';
import type { Store } from './port.js';

/**
 * The store's region tree, which holds `region`.
 * @throws ValidationError (`region.unknown`) when the store has no tree or the region is not in it.
 */
export async function storedTreeWith(store: Store, region: string): Promise<RegionTree> {
  const tree = await store.regionTree();
  if (!tree || !tree.has(region)) {
    fail(
      'region',
      region,
      'region.unknown',
      `region ${region} is not in the store`,
      `区划 ${region} 不在存储中`,
    );
  }
  return tree;
}
