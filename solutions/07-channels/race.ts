/**
 * `race`: wait for whichever of several futures is ready first, as tokio's `select!`
 * and smol's `race` do. Lesson 01's `select` did this for two; this one takes any
 * number, and cancels the losers, so a receive that lost gives its place back (and a
 * message it had been handed goes back to the channel).
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "../../lessons/01-futures/future.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";

/**
 * Where races start polling. Share one between races (a runtime keeps one) and even
 * races that finish in their first poll, a loop of `race([a, b])` where both are
 * always ready, take turns. It is an object, not a module variable, so two runtimes
 * in one process never shift each other's choices. tokio and Go start at a random
 * index instead; a counter keeps runs repeatable.
 */
export class Rotation {
  #next = 0;

  /** The index to start at among `count` futures; the next call starts one further on. */
  start(count: number): number {
    return this.#next++ % count;
  }
}

/** How a {@linkcode race} chooses where each poll starts. */
export interface RaceOptions {
  /** Poll in the order given, every time, so the first future wins a tie. */
  readonly biased?: boolean;
  /** The rotation to start from; by default the race has one of its own. */
  readonly rotation?: Rotation;
}

/** Which future won a {@linkcode race}, by its index, and its value. */
export interface Winner<T> {
  /** The winner's index in the array given to `race`. */
  readonly index: number;
  /** What it was ready with. */
  readonly value: T;
}

/**
 * A future of the first of `futures` to be ready. Each poll starts one further along
 * the rotation than the last, so a future that is always ready cannot starve the ones
 * after it. When one wins (or throws), every other is cancelled.
 *
 * `biased: true` polls in the order given instead, every time, so the first future
 * wins a tie: a timeout uses it so that a value ready at the deadline is not lost.
 */
export function race<T>(
  futures: readonly Future<T>[],
  options: RaceOptions = {},
): CancellableFuture<Winner<T>> {
  if (futures.length === 0) throw new RangeError("race() needs a future");
  const rotation = options.rotation ?? new Rotation();
  let done = false;
  const cancelAllBut = (winner: number) => {
    done = true;
    futures.forEach((future, i) => {
      if (i !== winner) cancel(future);
    });
  };
  const cancelAll = () => {
    if (!done) cancelAllBut(-1);
  };
  return {
    poll(cx: Context): Poll<Winner<T>> {
      if (done) throw new PolledAfterCompletionError("race()");
      const first = options.biased ? 0 : rotation.start(futures.length);
      for (let n = 0; n < futures.length; n++) {
        const index = (first + n) % futures.length;
        let polled: Poll<T>;
        try {
          polled = futures[index].poll(cx);
        } catch (error) {
          cancelAllBut(index);
          throw error;
        }
        if (polled.ready) {
          cancelAllBut(index);
          return ready({ index, value: polled.value });
        }
      }
      return PENDING;
    },
    cancel: cancelAll,
    [Symbol.dispose]: cancelAll,
  };
}
