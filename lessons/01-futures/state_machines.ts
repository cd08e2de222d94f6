/**
 * Futures written by hand. Each is a small state machine: the fields remember where it
 * got to, and every `poll` moves it forward as far as it can go without waiting.
 *
 * @module
 */

import type { Context, Future, Poll } from "./future.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
// You will want these too: PENDING and ready, PolledAfterCompletionError from
// "../contract/errors.ts", and the function cancel from "../contract/cancel.ts".

/** A future that is ready the first time it is polled (Rust's `std::future::ready`). */
export class Ready<T> implements Future<T> {
  /** @param value what the first poll returns. */
  constructor(value: T) {
    // TODO: remember the value, and that it has not been handed out yet.
    void value;
  }

  /** Ready at once; polling again is a bug in the caller. */
  poll(_cx: Context): Poll<T> {
    // TODO: the first poll answers ready(value); a later one throws
    // PolledAfterCompletionError.
    throw new Error("not implemented: Ready.poll");
  }
}

/**
 * A future that is pending once, then ready: it gives whoever polls it a chance to
 * run something else. Before returning pending it wakes itself, so it is polled again.
 */
export class YieldNow implements Future<void> {
  /** Pending (having woken itself) the first time, ready the second. */
  poll(_cx: Context): Poll<void> {
    // TODO: first poll: wake cx.waker, answer PENDING. Second: ready(undefined).
    // A third poll throws PolledAfterCompletionError.
    throw new Error("not implemented: YieldNow.poll");
  }
}

/**
 * A future that needs `steps` polls before it is ready, waking itself each time, and
 * answers with how many polls it took (`steps + 1`).
 */
export class Countdown implements Future<number> {
  /** @param steps how many times to answer pending first. */
  constructor(steps: number) {
    // TODO: remember how many steps remain and how many polls there have been.
    void steps;
  }

  /** Count one poll; pending while steps remain, then the total. */
  poll(_cx: Context): Poll<number> {
    throw new Error("not implemented: Countdown.poll");
  }
}

/**
 * The state machine a compiler makes of
 *
 * ```ts
 * async function addBoth(a, b) {
 *   const x = await a;
 *   const y = await b;
 *   return x + y;
 * }
 * ```
 *
 * Each `await` becomes a state; what lives across an `await` (here `x`) becomes a
 * field of the state, because the stack frame is gone between polls.
 *
 * It waits on other futures, so it passes `cancel()` on to the one it is awaiting.
 */
export class AddBoth implements CancellableFuture<number> {
  /** @param first awaited first; @param second awaited only once `first` is done. */
  constructor(first: Future<number>, second: Future<number>) {
    // TODO: keep both futures and a state: "awaiting first", "awaiting second" (with
    // the first value), or "done". A union type of objects describes it well.
    void first, second;
  }

  /** Advance through as many states as are ready in this one poll. */
  poll(_cx: Context): Poll<number> {
    throw new Error("not implemented: AddBoth.poll");
  }
  /** Give up: cancel the future being awaited, and refuse any later poll. */
  cancel(): void {
    // TODO: cancel whichever inner future is being awaited (none once done), and
    // make a later poll throw PolledAfterCompletionError.
    throw new Error("not implemented: AddBoth.cancel");
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
