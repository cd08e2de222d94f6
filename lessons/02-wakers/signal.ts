/**
 * A leaf future: one that does not wait on other futures but on the outside world,
 * here a call to {@linkcode Signal.resolve}. Leaf futures are where wakers are stored
 * and called; every other future only passes `cx` down to them.
 *
 * @module
 */

import type { Context, Future, Poll } from "../01-futures/future.ts";
// You will want these too: PENDING, ready and Waker, and PolledAfterCompletionError
// from "../contract/errors.ts".

/** A future that completes when someone calls {@linkcode Signal.resolve}. */
export class Signal<T> implements Future<T> {
  // TODO: fields for the value (once resolved), the stored waker, and whether the
  // value has been handed out by a poll.

  /** Whether `resolve` has been called. */
  get resolved(): boolean {
    throw new Error("not implemented: Signal.resolved");
  }

  /**
   * The value once resolved. While pending, keep the waker of *this* poll, replacing
   * any earlier one: the future may have moved to another task since.
   */
  poll(_cx: Context): Poll<T> {
    throw new Error("not implemented: Signal.poll");
  }

  /** Complete the future and wake the task waiting on it. Only the first call counts. */
  resolve(value: T): void {
    void value;
    throw new Error("not implemented: Signal.resolve");
  }
}
