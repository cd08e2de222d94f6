/**
 * Cancelling a future. Rust cancels a future by dropping it, and its `Drop` undoes
 * whatever the future had set up. TypeScript has no drop, so a future that sets
 * something up while it waits (a waker kept, a timer, a place in a queue, a socket
 * operation, a watched promise) offers `cancel()`, and whoever stops polling it early
 * calls that. `using` calls it too, through `Symbol.dispose`.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";

/** Something that can be told "you will not be polled again: undo your waiting". */
export interface Cancellable {
  /** Undo what waiting set up. Safe to call more than once, and after completion. */
  cancel(): void;
}

/**
 * A future that registers something while it waits, kept to the rules in
 * `lessons/contract/README.md`: `cancel()` releases all of it, is idempotent, and a
 * poll after ready or cancel throws `PolledAfterCompletionError`. Disposing it
 * (`using`) cancels it.
 */
export interface CancellableFuture<T>
  extends Future<T>, Cancellable, Disposable {}

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
