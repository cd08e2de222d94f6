/**
 * The plain-JavaScript twin of `instantiation.lox`: many objects made, the last of
 * each round kept in a long-lived object.
 *
 * @module
 */

class Empty {}

class Pair {
  constructor(readonly first: number, readonly second: number) {}
}

class Shelf {
  last: Pair | null = null;
}

/** The checksums `instantiation.lox` prints for `size`. */
export function instantiationChecksum(size: number): number[] {
  const shelf = new Shelf();
  let sum = 0;
  for (let i = 0; i < size; i++) {
    new Empty();
    new Empty();
    const p = new Pair(i, 1);
    const q = new Pair(p.second, 2);
    const r = new Pair(q.first, p.first);
    shelf.last = r;
    sum += r.first + q.second;
    if (sum >= 1_000_000) sum -= 1_000_000;
  }
  return [sum, shelf.last?.second ?? 0];
}
