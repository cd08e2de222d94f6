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
import { cancel, type Cancellable } from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";

// Where the next poll of any race starts. Shared, so that even races that finish in
// one poll (a loop of `race([a, b])` where both are always ready) take turns. It is
// not proof against every pattern: two tasks that alternate races of two futures
// each see the same parity every time. tokio and Go start at a random index instead;
// a counter keeps the tests deterministic.
let rotation = 0;

/** Which future won a {@linkcode race}, by its index, and its value. */
export interface Winner<T> {
  /** The winner's index in the array given to `race`. */
  readonly index: number;
  /** What it was ready with. */
  readonly value: T;
}

/**
 * A future of the first of `futures` to be ready. Each poll starts one further along
 * than the last, so a future that is always ready cannot starve the ones after it.
 * When one wins (or throws), every other is cancelled.
 *
 * `biased: true` polls in the order given instead, every time, so the first future
 * wins a tie: a timeout uses it so that a value ready at the deadline is not lost.
 */
export function race<T>(
  futures: readonly Future<T>[],
  options: { readonly biased?: boolean } = {},
): Future<Winner<T>> & Cancellable {
  if (futures.length === 0) throw new RangeError("race() needs a future");
  let done = false;
  const cancelAllBut = (winner: number) => {
    done = true;
    futures.forEach((future, i) => {
      if (i !== winner) cancel(future);
    });
  };
  return {
    poll(cx: Context): Poll<Winner<T>> {
      if (done) throw new PolledAfterCompletionError("race()");
      const first = options.biased ? 0 : rotation++ % futures.length;
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
    cancel(): void {
      if (!done) cancelAllBut(-1);
    },
  };
}
