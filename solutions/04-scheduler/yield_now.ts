/**
 * `yieldNow()`: give up the rest of this turn. Waking yourself is not enough under a
 * policy that lets a task that stays ready run again at once; the future must also
 * tell the scheduler that it is yielding.
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
import { requestYield } from "./scheduler.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";

/** A future that is pending once, asking to go behind every other ready task. */
export function yieldNow(): Future<void> {
  let state: "fresh" | "yielded" | "done" = "fresh";
  return {
    poll(cx: Context): Poll<void> {
      if (state === "done") throw new PolledAfterCompletionError("yieldNow()");
      if (state === "fresh") {
        state = "yielded";
        // Say it is a yield before waking, because the wake is what queues the task.
        requestYield();
        cx.waker.wake();
        return PENDING;
      }
      state = "done";
      return ready(undefined);
    },
  };
}
