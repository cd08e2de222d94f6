/**
 * Cancelling a future. Rust cancels a future by dropping it, and its `Drop` undoes
 * whatever the future had set up. TypeScript has no drop, so a future that sets
 * something up while it waits (a timer, a place in a wait queue) offers `cancel()`,
 * and whoever stops polling it early calls that.
 *
 * @module
 */

import type { Future } from "../../lessons/01-futures/future.ts";

/** Something that can be told "you will not be polled again: undo your waiting". */
export interface Cancellable {
  /** Undo what waiting set up. Safe to call more than once, and after completion. */
  cancel(): void;
}

/** True if `future` offers `cancel()`. */
export function isCancellable<T>(
  future: Future<T>,
): future is Future<T> & Cancellable {
  return typeof (future as Partial<Cancellable>).cancel === "function";
}

/** Cancel `future` if it can be cancelled; a future that set nothing up needs nothing. */
export function cancel<T>(future: Future<T>): void {
  if (isCancellable(future)) future.cancel();
}
