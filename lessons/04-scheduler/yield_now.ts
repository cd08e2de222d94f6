/**
 * `yieldNow()`: give up the rest of this turn. Waking yourself is not enough under a
 * policy that lets a task that stays ready run again at once; the future must also
 * tell the scheduler that it is yielding.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
// You will want these too: Context, PENDING, Poll and ready from lesson 01,
// PolledAfterCompletionError from "../contract/errors.ts", and requestYield from
// ./scheduler.ts.

/** A future that is pending once, asking to go behind every other ready task. */
export function yieldNow(): Future<void> {
  // TODO: first poll: requestYield(), wake cx.waker, answer PENDING. Second: ready.
  // A third poll throws PolledAfterCompletionError.
  throw new Error("not implemented: yieldNow");
}
