/**
 * No state in modules: every runtime keeps its own loop, reactor and race rotation,
 * so two of them in one process, even interleaved, never see each other.
 */

import assert from "node:assert/strict";
import {
  coroutine,
  DeadlockError,
  type Future,
  Ready,
  run,
  Runtime,
  VirtualClock,
  wait,
  yieldNow,
} from "./mod.ts";
import { timeLimit } from "../lessons/_support/testing.ts";

/** Ten races of two always-ready futures on `rt`: the index of each winner. */
function winners(rt: Runtime): Future<number[]> {
  return coroutine(function* () {
    const won: number[] = [];
    for (let i = 0; i < 10; i++) {
      const winner = yield* wait(rt.race([new Ready("a"), new Ready("b")]));
      won.push(winner.index);
      yield* wait(yieldNow());
    }
    return won;
  });
}

Deno.test(
  "races on one runtime take turns, and two runtimes run side by side choose exactly as each does alone",
  timeLimit,
  async () => {
    const alone = await run(winners, { clock: new VirtualClock() });
    assert.deepEqual(alone, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const [first, second] = await Promise.all([
      run(winners, { clock: new VirtualClock() }),
      run(winners, { clock: new VirtualClock() }),
    ]);
    assert.deepEqual(first, alone, "the other runtime's races moved nothing");
    assert.deepEqual(second, alone);
  },
);

Deno.test(
  "two runtimes keep their own tasks, timers and clocks",
  timeLimit,
  async () => {
    const slowClock = new VirtualClock();
    const fastClock = new VirtualClock();
    const slow = new Runtime({ clock: slowClock });
    const fast = new Runtime({ clock: fastClock });
    const [a, b] = await Promise.all([
      slow.run(coroutine(function* () {
        yield* wait(slow.spawn(slow.sleep(1_000)));
        return slowClock.now();
      })),
      fast.run(coroutine(function* () {
        yield* wait(fast.spawn(fast.sleep(10)));
        return fastClock.now();
      })),
    ]);
    assert.deepEqual([a, b], [1_000, 10]);
    assert.equal(slow.loop.timers.pending, 0);
    assert.equal(fast.loop.scheduler.liveTasks, 0);
  },
);

Deno.test(
  "a deadlock in one runtime is reported there while the other finishes",
  timeLimit,
  async () => {
    const [stuck, fine] = await Promise.allSettled([
      run(() => ({ poll: () => ({ ready: false }) })),
      run((rt) => rt.spawn(new Ready("fine"))),
    ]);
    assert.ok(
      stuck.status === "rejected" && stuck.reason instanceof DeadlockError,
    );
    assert.deepEqual(fine, { status: "fulfilled", value: "fine" });
  },
);
