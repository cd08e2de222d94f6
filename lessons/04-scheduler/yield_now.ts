/**
 * `yieldNow()`: give up the rest of this turn. Waking yourself is not enough under a
 * policy that lets a task that stays ready run again at once; the future must also
 * tell the scheduler that it is yielding. It has only its `cx`, so it tells it
 * through the waker: a scheduler's task is a `YieldingWaker`.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
// You will want these too: Context, PENDING, Poll and ready from lesson 01,
// PolledAfterCompletionError from "../contract/errors.ts", and canYield from
// ./scheduler.ts.

/**
 * A future that is pending once, asking to go behind every other ready task. Polled
 * by a waker that cannot yield (outside a scheduler), it just wakes it.
 */
export function yieldNow(): Future<void> {
  // TODO: first poll: wake as a yield if the waker can, else plainly; answer
  // PENDING. Second: ready. A third poll throws PolledAfterCompletionError.
  throw new Error("not implemented: yieldNow");
}
