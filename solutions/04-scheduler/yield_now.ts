/**
 * `yieldNow()`: give up the rest of this turn. Waking yourself is not enough under a
 * policy that lets a task that stays ready run again at once; the future must also
 * tell the scheduler that it is yielding. It has only its `cx`, so it tells it
 * through the waker: a scheduler's task is a `YieldingWaker`.
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
import { canYield } from "./scheduler.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";

/**
 * A future that is pending once, asking to go behind every other ready task. Polled
 * by a waker that cannot yield (outside a scheduler), it just wakes it.
 */
export function yieldNow(): Future<void> {
  let state: "fresh" | "yielded" | "done" = "fresh";
  return {
    poll(cx: Context): Poll<void> {
      if (state === "done") throw new PolledAfterCompletionError("yieldNow()");
      if (state === "fresh") {
        state = "yielded";
        if (canYield(cx.waker)) cx.waker.wakeYielding();
        else cx.waker.wake();
        return PENDING;
      }
      state = "done";
      return ready(undefined);
    },
  };
}
