/**
 * @module errors/shape
 * A guard run before any schema: zod and every walker in the library recurse over user data, so a
 * self-referencing object or a 200,000-deep JSON value would end in a `RangeError`. The walk here
 * is iterative (an explicit stack), so it cannot overflow itself.
 */
import { ValidationError } from './errors.js';
import { issue } from './issue.js';

/** Deepest nesting of objects and arrays accepted in any input (plans nest about 10 deep). */
export const MAX_INPUT_DEPTH = 64;

/**
 * Throw a {@link ValidationError} when `input` refers to itself (rule `input.cycle`) or nests
 * objects and arrays deeper than {@link MAX_INPUT_DEPTH} (rule `input.too-deep`), naming the path
 * of the offending entry under `root`.
 */
export function assertAcyclicAndShallow(input: unknown, root: string, row?: number): void {
  if (input === null || typeof input !== 'object') return;
  // Depth-first with an explicit stack; `onPath` holds the objects of the current path only, so
  // a value shared by two siblings (a DAG) is accepted and only a true cycle is refused.
  const onPath = new Set<object>();
  const stack: Array<{ value: object; path: string; depth: number; exit?: true }> = [
    { value: input, path: root, depth: 1 },
  ];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.exit) {
      onPath.delete(top.value);
      continue;
    }
    if (onPath.has(top.value)) {
      throw ValidationError.of(
        issue(
          top.path,
          '[circular]',
          'input.cycle',
          'refers to itself (a circular structure)',
          '引用了自身（循环结构）',
          row,
        ),
      );
    }
    if (top.depth > MAX_INPUT_DEPTH) {
      throw ValidationError.of(
        issue(
          top.path,
          '[too deep]',
          'input.too-deep',
          `nests deeper than ${MAX_INPUT_DEPTH} levels`,
          `嵌套层级超过 ${MAX_INPUT_DEPTH} 层`,
          row,
        ),
      );
    }
    onPath.add(top.value);
    stack.push({ value: top.value, path: top.path, depth: top.depth, exit: true });
    const entries = Array.isArray(top.value)
      ? top.value.map((v, i) => [String(i), v] as const)
      : Object.entries(top.value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, path: `${top.path}.${key}`, depth: top.depth + 1 });
    }
  }
}
