import assert from "node:assert/strict";
import {
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { map } from "../01-futures/combinators.ts";
import { RoundRobinPolicy } from "../04-scheduler/policy.ts";
import { VirtualClock } from "./clock.ts";
import { EventLoop, type IoDriver } from "./event_loop.ts";
import { DeadlockError } from "../contract/errors.ts";

/** An event loop on a virtual clock starting at 0. */
function virtualLoop(): EventLoop {
  return new EventLoop({ clock: new VirtualClock() });
}

Deno.test(
  "run() resolves with the main future's value",
  timeLimit,
  async () => {
    assert.equal(await virtualLoop().run(readyProbe(42)), 42);
  },
);

Deno.test(
  "run() rejects with what the main future threw",
  timeLimit,
  async () => {
    const failing = futureFrom<number>(() => {
      throw new Error("main failed");
    });
    await assert.rejects(virtualLoop().run(failing), /main failed/);
  },
);

Deno.test(
  "a sleeping main resumes when the virtual clock jumps to its deadline",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    const woke = await loop.run(
      map(loop.timers.sleep(60_000), () => loop.clock.now()),
    );
    assert.equal(woke, 60_000, "an hour-long test would take no time at all");
  },
);

Deno.test(
  "tasks sleeping for different times wake in deadline order",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    const woke: string[] = [];
    const sleeper = (name: string, ms: number) =>
      map(
        loop.timers.sleep(ms),
        () => void woke.push(`${name}@${loop.clock.now()}`),
      );
    loop.spawn(sleeper("c", 30));
    loop.spawn(sleeper("a", 10));
    loop.spawn(sleeper("b", 20));
    await loop.run(loop.timers.sleep(100));
    assert.deepEqual(woke, ["a@10", "b@20", "c@30"]);
  },
);

Deno.test(
  "a timed-out main rejects with a TimeoutError, in virtual time",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    await assert.rejects(
      loop.run(loop.timers.timeout(new Probe<void>(), 5_000)),
      /timed out after 5000 ms/,
    );
    assert.equal(loop.clock.now(), 5_000);
  },
);

Deno.test(
  "deadlock: main pending, no task ready, no timer and no IO",
  timeLimit,
  async () => {
    await assert.rejects(virtualLoop().run(new Probe<void>()), DeadlockError);
  },
);

Deno.test(
  "with no timer set, park waits for the IO driver",
  timeLimit,
  async () => {
    const answer = new Probe<number>();
    let inFlight = 1;
    const io: IoDriver = {
      get inFlight() {
        return inFlight;
      },
      wait() {
        // The completion arrives: wake the waiting task, as a reactor would.
        inFlight = 0;
        answer.complete(7);
        return Promise.resolve();
      },
    };
    const loop = new EventLoop({ clock: new VirtualClock(), io });
    assert.equal(await loop.run(answer), 7);
  },
);

Deno.test(
  "with IO in flight and a timer set, park ends at whichever comes first",
  timeLimit,
  async () => {
    const io: IoDriver = {
      inFlight: 1,
      // IO that never completes: only the timer can end the park.
      wait: () => new Promise<void>(() => {}),
    };
    const loop = new EventLoop({ clock: new VirtualClock(), io });
    await loop.run(loop.timers.sleep(250));
    assert.equal(loop.clock.now(), 250);
  },
);

Deno.test(
  "a task that is always ready cannot starve timers: they fire within `budget` polls",
  timeLimit,
  async () => {
    const budget = 5;
    const clock = new VirtualClock();
    const loop = new EventLoop({
      clock,
      budget,
      policy: new RoundRobinPolicy(1),
    });
    let sleeperDone = false;
    // Each poll of the busy task "takes" 1 ms, so its own work moves the clock on.
    const busy = futureFrom<void>((cx) => {
      clock.advance(1);
      if (sleeperDone) return { ready: true, value: undefined };
      cx.waker.wake();
      return { ready: false };
    });
    let wokeAt = -1;
    loop.spawn(busy);
    const sleeper = map(loop.timers.sleep(10), () => {
      wokeAt = clock.now();
      sleeperDone = true;
    });
    await loop.run(sleeper);
    assert.ok(
      wokeAt >= 10 && wokeAt <= 10 + budget + 1,
      `the sleeper was due at 10 ms but ran at ${wokeAt} ms`,
    );
  },
);

Deno.test("an event loop refuses a budget below 1", timeLimit, () => {
  assert.throws(() => new EventLoop({ budget: 0 }), RangeError);
});
