import assert from "node:assert/strict";
import { clearImmediate, setImmediate } from "node:timers";
import {
  drainMicrotasks,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import type { Future, Poll } from "../01-futures/future.ts";
import { map } from "../01-futures/combinators.ts";
import { RoundRobinPolicy } from "../04-scheduler/policy.ts";
import { type Clock, VirtualClock } from "./clock.ts";
import { EventLoop, type IoDriver, yieldToHost } from "./event_loop.ts";
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

Deno.test(
  "an event loop refuses a budget below 1, and takes 1",
  timeLimit,
  async () => {
    assert.throws(() => new EventLoop({ budget: 0 }), RangeError);
    const loop = new EventLoop({ clock: new VirtualClock(), budget: 1 });
    assert.equal(await loop.run(readyProbe(1)), 1);
  },
);

Deno.test(
  "sleep(Infinity) alone is a deadlock, reported at once, and the clock stays put",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    await assert.rejects(loop.run(loop.timers.sleep(Infinity)), DeadlockError);
    assert.equal(loop.clock.now(), 0);
  },
);

Deno.test(
  "a sleep past 2^31 - 1 ms ends at its deadline, like any other",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    await loop.run(loop.timers.sleep(2 ** 31 + 5));
    assert.equal(loop.clock.now(), 2 ** 31 + 5);
  },
);

/** IO that is always in flight and never completes: a park on it ends only otherwise. */
const silentIo: IoDriver = {
  inFlight: 1,
  wait: () => new Promise<void>(() => {}),
};

/**
 * A clock the test sets by hand, whose `waitUntil` never reaches its deadline by
 * itself: it ends only when the loop aborts it. It notes each wait's signal.
 */
class HeldClock implements Clock {
  time = 0;
  signals: AbortSignal[] = [];

  now(): number {
    return this.time;
  }

  waitUntil(_deadline: number, signal?: AbortSignal): Promise<void> {
    if (signal !== undefined) this.signals.push(signal);
    return new Promise((resolve) =>
      signal?.addEventListener("abort", () => resolve(), { once: true })
    );
  }
}

/**
 * What `running` settled with, or "still parked" if it has not by the next macrotask:
 * a wake from outside reaches a parked loop through promise callbacks alone.
 */
async function settledSoon<T>(
  running: Promise<T>,
): Promise<T | "still parked"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"still parked">((resolve) => {
    timer = setTimeout(() => resolve("still parked"), 0);
  });
  try {
    return await Promise.race([running, late]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test(
  "a waker called from outside the loop while it is parked on IO is seen at once",
  timeLimit,
  async () => {
    const loop = new EventLoop({ clock: new VirtualClock(), io: silentIo });
    const answer = new Probe<number>();
    const running = loop.run(answer);
    // The loop is parked now. A turn of the host later, a native callback completes
    // the task's wait:
    await drainMicrotasks();
    answer.complete(7);
    assert.equal(
      await settledSoon(running),
      7,
      "the woken task must end the park, not wait for IO that never comes",
    );
  },
);

Deno.test(
  "a waker called from outside the loop while it is parked on a timer is seen before the timer",
  timeLimit,
  async () => {
    const clock = new HeldClock();
    const loop = new EventLoop({ clock });
    const answer = new Probe<number>();
    loop.spawn(loop.timers.sleep(3_600_000));
    const running = loop.run(answer);
    answer.complete(8);
    assert.equal(
      await settledSoon(running),
      8,
      "the woken task must not wait an hour for the timer",
    );
    assert.ok(
      clock.signals.every((signal) => signal.aborted),
      "the clock's wait must be aborted once the park ends",
    );
  },
);

Deno.test(
  "notify() ends a park, and the loop looks at its timers again",
  timeLimit,
  async () => {
    const clock = new HeldClock();
    const loop = new EventLoop({ clock });
    const running = loop.run(map(loop.timers.sleep(100), () => "woke"));
    clock.time = 100; // time passed, but the clock's wait does not end by itself
    loop.notify();
    assert.equal(await settledSoon(running), "woke");
  },
);

Deno.test(
  "a notify() while the loop is not parked makes its next park return at once, not report a deadlock",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    const answer = new Probe<number>();
    // A task tells the loop that an answer is on its way from outside, then it comes.
    loop.spawn(futureFrom((): Poll<void> => {
      loop.notify();
      queueMicrotask(() => answer.complete(9));
      return { ready: true, value: undefined };
    }));
    assert.equal(await loop.run(answer), 9);
  },
);

Deno.test(
  "when IO ends a park before the next deadline, the clock's wait is aborted",
  timeLimit,
  async () => {
    const clock = new HeldClock();
    const answer = new Probe<number>();
    let inFlight = 1;
    const io: IoDriver = {
      get inFlight() {
        return inFlight;
      },
      wait() {
        inFlight = 0;
        answer.complete(3);
        return Promise.resolve();
      },
    };
    const loop = new EventLoop({ clock, io });
    loop.spawn(loop.timers.sleep(3_600_000));
    assert.equal(await loop.run(answer), 3);
    assert.equal(
      clock.signals.length,
      1,
      "the park raced IO against the clock",
    );
    assert.equal(
      clock.signals[0].aborted,
      true,
      "a system clock's hour-long timer would be left behind",
    );
  },
);

Deno.test(
  "yieldToHost lets a macrotask queued before it run first",
  timeLimit,
  async () => {
    let ran = false;
    setImmediate(() => ran = true);
    await yieldToHost();
    assert.equal(ran, true, "an await of a resolved promise would not do that");
  },
);

Deno.test(
  "while tasks stay ready and IO is in flight, the loop lets the host turn so completions come in",
  timeLimit,
  async () => {
    const answer = new Probe<string>();
    let inFlight = 1;
    const io: IoDriver = {
      get inFlight() {
        return inFlight;
      },
      wait: () => new Promise<void>(() => {}),
    };
    // The completion comes from the host's event loop, as Deno's IO does.
    setImmediate(() => {
      inFlight = 0;
      answer.complete("seen");
    });
    const loop = new EventLoop({ clock: new VirtualClock(), io });
    let polls = 0;
    loop.spawn(futureFrom<void>((cx) => {
      if (answer.polls > 1 || ++polls > 10_000) {
        return { ready: true, value: undefined };
      }
      cx.waker.wake();
      return { ready: false };
    }));
    const result = await loop.run(
      map(answer, (value) => polls > 10_000 ? "starved" : value),
    );
    assert.equal(
      result,
      "seen",
      "a busy task kept the loop from ever awaiting a macrotask: the IO completion never came in",
    );
  },
);

/** A task that stays ready for `polls` polls (waking itself each time), then ends. */
function busy(polls: number): Future<void> {
  let left = polls;
  return futureFrom<void>((cx) => {
    if (--left <= 0) return { ready: true, value: undefined };
    cx.waker.wake();
    return { ready: false };
  });
}

Deno.test(
  "a task that stays ready for many budgets, with no timer and no IO, is not mistaken for a deadlock",
  timeLimit,
  async () => {
    const loop = new EventLoop({ clock: new VirtualClock(), budget: 5 });
    assert.equal(await loop.run(map(busy(200), () => "done")), "done");
  },
);

Deno.test(
  "with no IO in flight, a busy loop does not hand the host turns it does not need",
  timeLimit,
  async () => {
    const idle: IoDriver = { inFlight: 0, wait: () => new Promise(() => {}) };
    const loop = new EventLoop({
      clock: new VirtualClock(),
      budget: 5,
      io: idle,
    });
    let hostTurned = false;
    const immediate = setImmediate(() => hostTurned = true);
    await loop.run(busy(200));
    assert.equal(
      hostTurned,
      false,
      "yieldToHost is for IO in flight; without it, each turn costs time for nothing",
    );
    clearImmediate(immediate);
  },
);

Deno.test(
  "IO with nothing in flight is not waited for: main pending is a deadlock",
  timeLimit,
  async () => {
    const idle: IoDriver = { inFlight: 0, wait: () => new Promise(() => {}) };
    const loop = new EventLoop({ clock: new VirtualClock(), io: idle });
    await assert.rejects(loop.run(new Probe<void>()), DeadlockError);
  },
);

Deno.test(
  "a deadlock is reported at the first park with nothing to wait for, not after a turn for luck",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    const answer = new Probe<number>();
    loop.spawn(readyProbe(undefined)); // a spawn is a wake too, made while not parked
    // An answer nobody announced: it comes too late, the loop has given up.
    queueMicrotask(() => answer.complete(1));
    await assert.rejects(loop.run(answer), DeadlockError);
  },
);

Deno.test(
  "a notify() with nothing else to wait for buys one more turn, then the deadlock",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    loop.notify();
    await assert.rejects(loop.run(new Probe<void>()), DeadlockError);
  },
);

Deno.test(
  "when main ends, the tasks it left behind are cancelled: their timers leave the heap",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    const sleeper = loop.spawn(loop.timers.sleep(3_600_000));
    const ticking = loop.timers.interval(10);
    loop.spawn(ticking.tick());
    assert.equal(await loop.run(readyProbe("main done")), "main done");
    assert.equal(
      loop.timers.pending,
      0,
      "a timer of a task nobody will run again would hold the heap (and a real clock) for nothing",
    );
    assert.equal(loop.scheduler.liveTasks, 0);
    assert.equal(
      sleeper.outcome?.ok,
      false,
      "the left-behind task ended, cancelled",
    );
  },
);
