/**
 * A timeout that cancels the loser. Lesson 05's `timeout` cancels its timer when the
 * future wins, but when the timer wins it only stops polling the future, which is
 * left holding whatever it waits on: a place in a channel's queue, a lock it was about
 * to be handed. `withTimeout` is a `race` of the future and a sleep, and `race`
 * cancels whichever loses.
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
import { type Timers } from "../../lessons/05-timers/timers.ts";
import { race } from "../../lessons/07-channels/race.ts";
import {
  cancel,
  type Cancellable,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";
import { TimeoutError } from "../../lessons/contract/errors.ts";

/** Which side of the race finished: the future, with its value, or the timer. */
export type Finish<T> = { readonly kind: "value"; readonly value: T } | {
  readonly kind: "timeout";
};

/** `future`, unless `ms` milliseconds pass first: then it is cancelled, and this throws. */
export function withTimeout<T>(
  timers: Timers,
  future: Future<T>,
  ms: number,
): CancellableFuture<T> {
  const deadline = timers.sleep(ms);
  const value: Future<Finish<T>> & Cancellable = {
    poll(cx: Context): Poll<Finish<T>> {
      const polled = future.poll(cx);
      return polled.ready
        ? ready({ kind: "value", value: polled.value })
        : PENDING;
    },
    cancel: () => cancel(future),
  };
  const timer: Future<Finish<T>> & Cancellable = {
    poll(cx: Context): Poll<Finish<T>> {
      return deadline.poll(cx).ready ? ready({ kind: "timeout" }) : PENDING;
    },
    cancel: () => deadline.cancel(),
  };
  // Biased: a value that is ready at the deadline wins, as in tokio's timeout.
  const raced = race([value, timer], { biased: true });
  return {
    poll(cx: Context): Poll<T> {
      const polled = raced.poll(cx);
      if (!polled.ready) return PENDING;
      const finish = polled.value.value;
      if (finish.kind === "timeout") throw new TimeoutError(ms);
      return ready(finish.value);
    },
    cancel: () => raced.cancel(),
    [Symbol.dispose]: () => raced.cancel(),
  };
}
