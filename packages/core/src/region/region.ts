/**
 * @module region
 * The region tree: GB/T 2260 division codes (or local codes for parks and streets), levels and
 * parents, with subtree, ancestor and level queries.
 */
import { z } from 'zod';
import {
  boundedText,
  MAX_NAME_LENGTH,
  parseWith,
  ValidationError,
  type ValidationIssue,
} from '../errors/index.js';

/** Levels of the administrative hierarchy, from the top. */
export const REGION_LEVELS = [
  'national',
  'province',
  'prefecture',
  'county',
  'township',
  'park',
] as const;
/** A region level. */
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Rank of each level; a child's rank must be greater than its parent's. Parks sit at township rank. */
const LEVEL_RANK: Record<RegionLevel, number> = {
  national: 0,
  province: 1,
  prefecture: 2,
  county: 3,
  township: 4,
  park: 4,
};

/** Chinese and English labels of each level. */
export const REGION_LEVEL_LABELS: Record<RegionLevel, { zh: string; en: string }> = {
  national: { zh: '国家', en: 'National' },
  province: { zh: '省级', en: 'Province' },
  prefecture: { zh: '地市级', en: 'Prefecture' },
  county: { zh: '县区级', en: 'County' },
  township: { zh: '乡镇（街道）', en: 'Township' },
  park: { zh: '园区', en: 'Park / zone' },
};

/** A bilingual label. */
export const labelSchema = z.object({
  zh: boundedText(MAX_NAME_LENGTH),
  en: boundedText(MAX_NAME_LENGTH).optional(),
});
/** A bilingual label `{ zh, en? }`. */
export type Label = z.infer<typeof labelSchema>;

/** zod schema of a region code: six GB/T 2260 digits or a local code (letters, digits, `-`, `_`). */
export const regionCodeSchema = z
  .string()
  .refine((s) => /^[0-9A-Za-z][0-9A-Za-z_-]{1,31}$/.test(s), {
    message: 'must be a GB/T 2260 code or a local code of 2–32 letters, digits, "-" or "_"',
    params: {
      rule: 'region.code-format',
      messageZh: '区划代码须为 GB/T 2260 代码或 2–32 位字母、数字、“-”、“_”',
    },
  });

/** zod schema of a region record. */
export const regionSchema = z.object({
  code: regionCodeSchema,
  name: labelSchema,
  level: z.enum(REGION_LEVELS),
  parent: regionCodeSchema.nullable(),
});
/** A region record. */
export type Region = z.infer<typeof regionSchema>;

/**
 * Validate one region record.
 * @example parseRegion({ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }).level // 'province'
 * @example parseRegion({ code: '530000', name: { zh: '云南省' }, level: 'city', parent: null }) // throws ValidationError
 */
export function parseRegion(input: unknown, row?: number): Region {
  return parseWith(regionSchema, input, row === undefined ? {} : { row });
}

interface Node {
  readonly region: Region;
  readonly children: string[];
  depth: number;
  enter: number;
  exit: number;
}

/**
 * An immutable, validated region tree. Subtree membership is O(1) (Euler-tour intervals);
 * subtree listing is O(size of the subtree).
 * @example
 * ```ts
 * const tree = RegionTree.build(buildStoreFixture().regions); // Yunnan, two prefectures, three counties
 * console.log(tree.children('530100').map((r) => r.name.zh).join('、'), tree.isWithin('530302', '530300'));
 * // → 五华区、盘龙区 true
 * console.log(tree.atLevel('county').length, tree.ancestors('530102').map((r) => r.code).join());
 * // → 3 530100,530000
 * ```
 */
export class RegionTree {
  readonly #nodes: Map<string, Node>;
  readonly #order: string[];
  /** The root region. */
  readonly root: Region;

  private constructor(nodes: Map<string, Node>, order: string[], root: Region) {
    this.#nodes = nodes;
    this.#order = order;
    this.root = root;
  }

  /**
   * Build a tree from a flat list, rejecting a second root, an unknown parent, a cycle, a duplicate
   * code and a level out of order. Every problem is reported, each with its 1-based row.
   * @example RegionTree.build([{ code: '530000', name: { zh: '云南省' }, level: 'province', parent: null }])
   */
  static build(input: readonly unknown[]): RegionTree {
    const issues: ValidationIssue[] = [];
    const regions: Array<{ region: Region; row: number }> = [];
    const rows = new Map<string, number>();
    input.forEach((raw, i) => {
      try {
        regions.push({ region: parseRegion(raw, i + 1), row: i + 1 });
      } catch (error) {
        if (error instanceof ValidationError) issues.push(...error.issues);
        else throw error;
      }
    });
    const nodes = new Map<string, Node>();
    let root: Region | undefined;
    for (const { region, row } of regions) {
      if (nodes.has(region.code)) {
        issues.push({
          path: 'code',
          value: region.code,
          rule: 'region.duplicate-code',
          row,
          message: `duplicate region code (first seen on row ${rows.get(region.code)})`,
          messageZh: `区划代码重复（首次出现在第 ${rows.get(region.code)} 行）`,
        });
        continue;
      }
      rows.set(region.code, row);
      nodes.set(region.code, { region, children: [], depth: 0, enter: 0, exit: 0 });
      if (region.parent === null) {
        if (root) {
          issues.push({
            path: 'parent',
            value: null,
            rule: 'region.single-root',
            row,
            message: `a second root region (the root is ${root.code})`,
            messageZh: `出现第二个根区划（根区划为 ${root.code}）`,
          });
        } else root = region;
      }
    }
    for (const node of nodes.values()) {
      const { parent, code, level } = node.region;
      if (parent === null) continue;
      const row = rows.get(code);
      const parentNode = nodes.get(parent);
      if (!parentNode) {
        issues.push({
          path: 'parent',
          value: parent,
          rule: 'region.unknown-parent',
          row,
          message: `unknown parent region ${parent}`,
          messageZh: `上级区划 ${parent} 不存在`,
        });
        continue;
      }
      if (parent === code) {
        issues.push({
          path: 'parent',
          value: parent,
          rule: 'region.cycle',
          row,
          message: 'a region cannot be its own parent',
          messageZh: '区划不能以自身为上级',
        });
        continue;
      }
      if (LEVEL_RANK[level] <= LEVEL_RANK[parentNode.region.level]) {
        issues.push({
          path: 'level',
          value: level,
          rule: 'region.level-order',
          row,
          message: `level ${level} cannot sit under ${parentNode.region.level} ${parent}`,
          messageZh: `${REGION_LEVEL_LABELS[level].zh}不能隶属于${REGION_LEVEL_LABELS[parentNode.region.level].zh} ${parent}`,
        });
      }
      parentNode.children.push(code);
    }
    if (!root && regions.length > 0) {
      issues.push({
        path: 'parent',
        value: null,
        rule: 'region.single-root',
        row: 1,
        message: 'the tree has no root (no region has parent null)',
        messageZh: '区划树没有根（没有上级为空的区划）',
      });
    }
    if (regions.length === 0 && issues.length === 0) {
      issues.push({
        path: '(root)',
        value: [],
        rule: 'region.empty',
        message: 'a region tree needs at least one region',
        messageZh: '区划树至少需要一个区划',
      });
    }
    // Walk from the root. A region the walk does not reach and whose parent chain never ends (at a
    // root or an unknown parent) sits on a cycle or hangs under one. Cycles are reported even when
    // other rules (a cycle always breaks level order) also fail.
    const order: string[] = [];
    if (root) {
      const stack: Array<{ code: string; next: number }> = [{ code: root.code, next: 0 }];
      nodes.get(root.code)!.enter = 0;
      order.push(root.code);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const node = nodes.get(top.code)!;
        const childCode = node.children[top.next++];
        if (childCode === undefined) {
          node.exit = order.length;
          stack.pop();
          continue;
        }
        const child = nodes.get(childCode)!;
        child.depth = node.depth + 1;
        child.enter = order.length;
        order.push(childCode);
        stack.push({ code: childCode, next: 0 });
      }
    }
    if (order.length !== nodes.size) {
      const reached = new Set(order);
      for (const [code, node] of nodes) {
        if (reached.has(code) || node.region.parent === code) continue; // self-parent reported above
        const seen = new Set<string>();
        let cur: string | null | undefined = code;
        while (cur != null && !seen.has(cur)) {
          seen.add(cur);
          cur = nodes.get(cur)?.region.parent;
        }
        if (cur == null) continue; // ends at a (second) root or an unknown parent
        issues.push({
          path: 'parent',
          value: node.region.parent,
          rule: 'region.cycle',
          row: rows.get(code),
          message: `region ${code} is on or under a cycle (not reachable from a root)`,
          messageZh: `区划 ${code} 处于循环中或隶属于循环（无法从根区划到达）`,
        });
      }
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return new RegionTree(nodes, order, root!);
  }

  /** Number of regions. */
  get size(): number {
    return this.#order.length;
  }

  /** Does the tree hold `code`? */
  has(code: string): boolean {
    return this.#nodes.has(code);
  }

  /** The region with `code`, or undefined. */
  get(code: string): Region | undefined {
    return this.#nodes.get(code)?.region;
  }

  /** Every region, parents before children (pre-order). */
  all(): Region[] {
    return this.#order.map((c) => this.#nodes.get(c)!.region);
  }

  /** Direct children of `code`, in input order. */
  children(code: string): Region[] {
    return (this.#nodes.get(code)?.children ?? []).map((c) => this.#nodes.get(c)!.region);
  }

  /** Ancestors of `code`, nearest first (excluding `code`). */
  ancestors(code: string): Region[] {
    const out: Region[] = [];
    let parent = this.#nodes.get(code)?.region.parent ?? null;
    while (parent !== null) {
      const node = this.#nodes.get(parent)!;
      out.push(node.region);
      parent = node.region.parent;
    }
    return out;
  }

  /** `code` and every region below it, pre-order. Empty when `code` is unknown. */
  subtree(code: string): Region[] {
    const node = this.#nodes.get(code);
    if (!node) return [];
    return this.#order.slice(node.enter, node.exit).map((c) => this.#nodes.get(c)!.region);
  }

  /** Codes of `code` and every region below it. */
  subtreeCodes(code: string): string[] {
    const node = this.#nodes.get(code);
    return node ? this.#order.slice(node.enter, node.exit) : [];
  }

  /** Is `code` equal to or below `ancestor`? O(1). */
  isWithin(code: string, ancestor: string): boolean {
    const a = this.#nodes.get(ancestor);
    const n = this.#nodes.get(code);
    return a !== undefined && n !== undefined && a.enter <= n.enter && n.enter < a.exit;
  }

  /** Regions of `level` in the subtree of `within` (default: the whole tree). */
  atLevel(level: RegionLevel, within: string = this.root.code): Region[] {
    return this.subtree(within).filter((r) => r.level === level);
  }

  /** Depth of `code` (root is 0), or -1 when unknown. */
  depth(code: string): number {
    return this.#nodes.get(code)?.depth ?? -1;
  }

  /** The nearest ancestor-or-self of `code` at `level`, if any. */
  ancestorAt(code: string, level: RegionLevel): Region | undefined {
    const self = this.get(code);
    if (self?.level === level) return self;
    return this.ancestors(code).find((r) => r.level === level);
  }
}

/**
 * The rank of a level (for ordering levels top-down).
 * @example levelRank('province') < levelRank('county') // true
 */
export function levelRank(level: RegionLevel): number {
  return LEVEL_RANK[level];
}
