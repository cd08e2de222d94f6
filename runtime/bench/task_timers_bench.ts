/**
 * 1,000,000 tasks, each sleeping until a deadline of its own (1 ms, 2 ms, …,
 * 1,000,000 ms) on a virtual clock, joined by main. Every deadline is a separate
 * instant, so this measures what the loop does each time the clock has to move on.
 * Native Deno has no virtual clock, so there is no baseline: the goal is absolute,
 * at most 2 s.
 *
 * @module
 */

import {
  type Context,
  type Future,
  type Poll,
  run,
  type Runtime,
  VirtualClock,
} from "../mod.ts";
import { joinAll } from "./join_all.ts";
import { bench } from "./select.ts";

const TASKS = 1_000_000;

/** Main: on its first poll, spawn one sleeping task per deadline; then join them. */
function sleepers(rt: Runtime): Future<number> {
  let joined: Future<void[]> | undefined;
  return {
    poll(cx: Context): Poll<number> {
      if (joined === undefined) {
        const handles = new Array<Future<void>>(TASKS);
        for (let i = 0; i < TASKS; i++) handles[i] = rt.spawn(rt.sleep(i + 1));
        joined = joinAll(handles);
      }
      const polled = joined.poll(cx);
      if (!polled.ready) return polled;
      return { ready: true, value: rt.loop.clock.now() };
    },
  };
}

bench({
  name:
    "runtime: 1,000,000 tasks, each sleeping to its own deadline (virtual clock)",
  group: "task timers",
  n: 3,
  warmup: 1,
  async fn() {
    const end = await run(sleepers, { clock: new VirtualClock() });
    // The last task wakes at the last deadline, and the clock goes no further.
    if (end !== TASKS) {
      throw new Error(`the clock ended at ${end}, not ${TASKS}`);
    }
  },
});
