/**
 * The plain-JavaScript twin of `invocation.lox`: many calls of small functions.
 *
 * @module
 */

function zero(): number {
  return 1;
}
function one(a: number): number {
  return a + 1;
}
function two(a: number, b: number): number {
  return a - b;
}
function three(a: number, b: number, c: number): number {
  return a + b - c;
}

/** The checksum `invocation.lox` prints for `size`. */
export function invocationChecksum(size: number): number[] {
  let sum = 0;
  for (let i = 0; i < size; i++) {
    sum = sum + zero() + one(i) + two(i, 3) + three(1, 2, i);
    sum = two(sum, one(zero()));
    if (sum >= 1_000_000) sum -= 1_000_000;
  }
  return [sum];
}
