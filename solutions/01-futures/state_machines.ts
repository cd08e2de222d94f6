/**
 * Futures written by hand. Each is a small state machine: the fields remember where it
 * got to, and every `poll` moves it forward as far as it can go without waiting.
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "./future.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";

/** A future that is ready the first time it is polled (Rust's `std::future::ready`). */
export class Ready<T> implements Future<T> {
  #value: T;
  #done = false;

  /** @param value what the first poll returns. */
  constructor(value: T) {
    this.#value = value;
  }

  /** Ready at once; polling again is a bug in the caller. */
  poll(_cx: Context): Poll<T> {
    if (this.#done) throw new PolledAfterCompletionError("Ready");
    this.#done = true;
    return ready(this.#value);
  }
}

/**
 * A future that is pending once, then ready: it gives whoever polls it a chance to
 * run something else. Before returning pending it wakes itself, so it is polled again.
 */
export class YieldNow implements Future<void> {
  #yielded = false;
  #done = false;

  /** Pending (having woken itself) the first time, ready the second. */
  poll(cx: Context): Poll<void> {
    if (this.#done) throw new PolledAfterCompletionError("YieldNow");
    if (!this.#yielded) {
      this.#yielded = true;
      // Wake before returning pending: nobody else will.
      cx.waker.wake();
      return PENDING;
    }
    this.#done = true;
    return ready(undefined);
  }
}

/**
 * A future that needs `steps` polls before it is ready, waking itself each time, and
 * answers with how many polls it took (`steps + 1`).
 */
export class Countdown implements Future<number> {
  #remaining: number;
  #polls = 0;
  #done = false;

  /** @param steps how many times to answer pending first. */
  constructor(steps: number) {
    this.#remaining = steps;
  }

  /** Count one poll; pending while steps remain, then the total. */
  poll(cx: Context): Poll<number> {
    if (this.#done) throw new PolledAfterCompletionError("Countdown");
    this.#polls++;
    if (this.#remaining > 0) {
      this.#remaining--;
      cx.waker.wake();
      return PENDING;
    }
    this.#done = true;
    return ready(this.#polls);
  }
}

/** Where {@linkcode AddBoth} has got to: the states of `async (a, b) => await a + await b`. */
type AddBothState =
  | { readonly step: "awaiting first" }
  | { readonly step: "awaiting second"; readonly first: number }
  | { readonly step: "done" };

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
  #first: Future<number>;
  #second: Future<number>;
  #state: AddBothState = { step: "awaiting first" };

  /** @param first awaited first; @param second awaited only once `first` is done. */
  constructor(first: Future<number>, second: Future<number>) {
    this.#first = first;
    this.#second = second;
  }

  /** Advance through as many states as are ready in this one poll. */
  poll(cx: Context): Poll<number> {
    if (this.#state.step === "awaiting first") {
      const polled = this.#first.poll(cx);
      // The inner future stored the waker; we just pass its "not yet" on.
      if (!polled.ready) return PENDING;
      this.#state = { step: "awaiting second", first: polled.value };
    }
    if (this.#state.step === "awaiting second") {
      const polled = this.#second.poll(cx);
      if (!polled.ready) return PENDING;
      const sum = this.#state.first + polled.value;
      this.#state = { step: "done" };
      return ready(sum);
    }
    throw new PolledAfterCompletionError("AddBoth");
  }

  /** Give up: cancel the future being awaited, and refuse any later poll. */
  cancel(): void {
    const state = this.#state;
    this.#state = { step: "done" };
    if (state.step === "awaiting first") cancel(this.#first);
    else if (state.step === "awaiting second") cancel(this.#second);
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
