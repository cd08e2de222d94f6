/**
 * A leaf future: one that does not wait on other futures but on the outside world,
 * here a call to {@linkcode Signal.resolve}. Leaf futures are where wakers are stored
 * and called; every other future only passes `cx` down to them.
 *
 * @module
 */

import {
  type Context,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import type { CancellableFuture } from "../../lessons/contract/cancel.ts";

/**
 * A future that completes when someone calls {@linkcode Signal.resolve}. While it
 * waits it keeps a waker, so it can be cancelled: `cancel()` lets go of the waker.
 */
export class Signal<T> implements CancellableFuture<T> {
  #result: { readonly value: T } | undefined;
  #waker: Waker | undefined;
  #taken = false;

  /** Whether `resolve` has been called. */
  get resolved(): boolean {
    return this.#result !== undefined;
  }

  /**
   * The value once resolved. While pending, keep the waker of *this* poll, replacing
   * any earlier one: the future may have moved to another task since.
   */
  poll(cx: Context): Poll<T> {
    if (this.#taken) throw new PolledAfterCompletionError("Signal");
    if (this.#result === undefined) {
      this.#waker = cx.waker;
      return PENDING;
    }
    this.#taken = true;
    this.#waker = undefined;
    return ready(this.#result.value);
  }

  /**
   * Stop waiting: forget the waker (a resolve then wakes nobody) and refuse any later
   * poll. A value that comes later is still recorded, for `resolved`.
   */
  cancel(): void {
    this.#taken = true;
    this.#waker = undefined;
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** Complete the future and wake the task waiting on it. Only the first call counts. */
  resolve(value: T): void {
    if (this.#result !== undefined) return;
    this.#result = { value };
    const waker = this.#waker;
    // Drop the waker before calling it: it will not be needed again.
    this.#waker = undefined;
    waker?.wake();
  }
}
