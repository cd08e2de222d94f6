/**
 * A leaf future: one that does not wait on other futures but on the outside world,
 * here a call to {@linkcode Signal.resolve}. Leaf futures are where wakers are stored
 * and called; every other future only passes `cx` down to them.
 *
 * @module
 */

import type { Context, Poll } from "../01-futures/future.ts";
// You will want these too: PENDING, ready and Waker, and PolledAfterCompletionError
// from "../contract/errors.ts".
import type { CancellableFuture } from "../contract/cancel.ts";

/**
 * A future that completes when someone calls {@linkcode Signal.resolve}. While it
 * waits it keeps a waker, so it can be cancelled: `cancel()` lets go of the waker.
 */
export class Signal<T> implements CancellableFuture<T> {
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

  /**
   * Stop waiting: forget the waker (a resolve then wakes nobody) and refuse any later
   * poll. A value that comes later is still recorded, for `resolved`.
   */
  cancel(): void {
    throw new Error("not implemented: Signal.cancel");
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** Complete the future and wake the task waiting on it. Only the first call counts. */
  resolve(value: T): void {
    void value;
    throw new Error("not implemented: Signal.resolve");
  }
}
