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
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want PENDING and ready, TimeoutError from "../contract/errors.ts",
// cancel and Cancellable from "../contract/cancel.ts" and race from
// "../07-channels/race.ts".

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
  // TODO: whichever side loses, the future or the timer, is cancelled; a value
  // ready at the deadline wins; a timeout throws TimeoutError(ms). The result keeps
  // the contract: cancel() (and `using`) cancel both sides.
  void timers, future, ms;
  throw new Error("not implemented: withTimeout");
}
