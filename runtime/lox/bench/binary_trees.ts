/**
 * The plain-JavaScript twin of `binary_trees.lox`: many short-lived trees of several
 * depths, one long-lived tree.
 *
 * @module
 */

class Node {
  constructor(readonly left: Node | null, readonly right: Node | null) {}

  count(): number {
    if (this.left === null || this.right === null) return 1;
    return 1 + this.left.count() + this.right.count();
  }
}

function build(depth: number): Node {
  if (depth === 0) return new Node(null, null);
  return new Node(build(depth - 1), build(depth - 1));
}

/** The checksums `binary_trees.lox` prints for `size`: nodes walked, keeper's size. */
export function binaryTreesChecksum(size: number): number[] {
  const keeper = build(size);
  let total = 0;
  for (let depth = 4; depth <= size; depth += 2) {
    const rounds = 2 ** (size - depth);
    for (let round = 0; round < rounds; round++) {
      total += build(depth).count();
    }
  }
  return [total, keeper.count()];
}
