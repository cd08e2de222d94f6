import assert from "node:assert/strict";
import {
  CancellableProbe,
  futureFrom,
  timeLimit,
} from "../_support/testing.ts";
import type { JoinHandle } from "../03-executor/task.ts";
import { VirtualClock } from "./clock.ts";
import { EventLoop } from "./event_loop.ts";
import { CancelledError } from "../contract/errors.ts";

Deno.test(
  "when main ends, the tasks it left behind are cancelled: their futures let go and their timers are cleared",
  timeLimit,
  async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const held = new CancellableProbe<number>();
    const left: JoinHandle<unknown>[] = [];
    const main = futureFrom<string>(() => {
      left.push(loop.spawn(held), loop.spawn(loop.timers.sleep(60_000)));
      return { ready: true, value: "main is done" };
    });
    assert.equal(await loop.run(main), "main is done");
    assert.equal(held.cancelled, true, "a task left waiting was not cancelled");
    assert.equal(
      loop.timers.nextDeadline(),
      undefined,
      "a sleeping task left behind still holds its timer",
    );
    assert.equal(loop.scheduler.liveTasks, 0);
    for (const handle of left) {
      const outcome = handle.outcome;
      assert.ok(
        outcome !== undefined && !outcome.ok &&
          outcome.error instanceof CancelledError,
        "each task left behind ends as cancelled",
      );
    }
  },
);
