/**
 * The plain-JavaScript twin of `fib.lox`: recursive Fibonacci.
 *
 * @module
 */

function fib(n: number): number {
  if (n < 2) return n;
  return fib(n - 2) + fib(n - 1);
}

/** The checksum `fib.lox` prints for `size`: fib(size). */
export function fibChecksum(size: number): number[] {
  return [fib(size)];
}
