/**
 * A timeout that cancels the loser. Lesson 05's `timeout` cancels its timer when the
 * future wins, but when the timer wins it only stops polling the future, which is
 * left holding whatever it waits on: a place in a channel's queue, a lock it was about
 * to be handed. `withTimeout` is a `race` of the future and a sleep, and `race`
 * cancels whichever loses.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
import type { Timers } from "../05-timers/timers.ts";
import { type Cancellable } from "../contract/cancel.ts";
// TODO: you will want PENDING and ready, TimeoutError from "../contract/errors.ts",
// cancel from "../contract/cancel.ts" and race from "../07-channels/race.ts".

/** Which side of the race finished: the future, with its value, or the timer. */
export type Finish<T> = { readonly kind: "value"; readonly value: T } | {
  readonly kind: "timeout";
};

/** `future`, unless `ms` milliseconds pass first: then it is cancelled, and this throws. */
export function withTimeout<T>(
  timers: Timers,
  future: Future<T>,
  ms: number,
): Future<T> & Cancellable {
  // TODO: race the future against timers.sleep(ms), each side a Future<Finish<T>>
  // with a cancel; race cancels the loser. Make it biased, the future first, so a
  // value ready at the deadline wins. The timer's win throws TimeoutError(ms).
  void timers, future, ms;
  throw new Error("not implemented: withTimeout");
}
