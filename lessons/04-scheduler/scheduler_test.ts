import assert from "node:assert/strict";
import {
  countingContext,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
  whenReady,
} from "../_support/testing.ts";
import type { Future } from "../01-futures/future.ts";
import {
  FifoPolicy,
  type Policy,
  PriorityPolicy,
  RoundRobinPolicy,
} from "./policy.ts";
import { Scheduler } from "./scheduler.ts";
import { yieldNow } from "./yield_now.ts";
import {
  DeadlockError,
  PolledAfterCompletionError,
} from "../contract/errors.ts";

/** Logs `name` on every poll and wakes itself (stays ready) until `stop()` says so. */
function staying(
  name: string,
  log: string[],
  stop: () => boolean,
): Future<void> {
  return futureFrom((cx) => {
    log.push(name);
    if (stop()) return { ready: true, value: undefined };
    cx.waker.wake();
    return { ready: false };
  });
}

/** Logs `name` on every poll and calls `yieldNow()` between polls, `times` times. */
function yieldingTask(
  name: string,
  log: string[],
  times: number,
): Future<void> {
  let yielded = 0;
  let pending: Future<void> | undefined;
  return futureFrom((cx) => {
    log.push(name);
    while (yielded < times) {
      pending ??= yieldNow();
      if (!pending.poll(cx).ready) return { ready: false };
      pending = undefined;
      yielded++;
    }
    return { ready: true, value: undefined };
  });
}

/** The longest run of polls in `log` between two polls of `name` (or before its first). */
function longestWait(log: string[], name: string): number {
  let longest = 0;
  let since = 0;
  for (const entry of log) {
    if (entry === name) {
      longest = Math.max(longest, since);
      since = 0;
    } else {
      since++;
    }
  }
  return longest;
}

/**
 * Run one task that stays ready (until the others finish) against `others` tasks that
 * each yield 20 times, and return the log of polls.
 */
function busyAgainstYielders(policy: Policy, others: number): string[] {
  const scheduler = new Scheduler(policy);
  const log: string[] = [];
  let finished = 0;
  scheduler.spawn(staying("busy", log, () => finished === others));
  for (let i = 0; i < others; i++) {
    const inner = yieldingTask(`t${i}`, log, 20);
    scheduler.spawn(futureFrom((cx) => {
      const polled = inner.poll(cx);
      if (polled.ready) finished++;
      return polled;
    }));
  }
  scheduler.tick(100_000);
  return log;
}

Deno.test(
  "tick polls at most `maxPolls` tasks and leaves the rest ready",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    for (let i = 0; i < 5; i++) scheduler.spawn(readyProbe(i));
    assert.equal(scheduler.readyTasks, 5);
    assert.equal(scheduler.tick(2), 2);
    assert.equal(scheduler.readyTasks, 3);
    assert.equal(scheduler.liveTasks, 3);
    assert.equal(scheduler.tick(), 3);
    assert.equal(scheduler.tick(), 0, "nothing is ready any more");
  },
);

Deno.test(
  "run() returns main's value, or reports deadlock when main can never be woken",
  timeLimit,
  () => {
    assert.equal(new Scheduler().run(readyProbe("done")), "done");
    assert.throws(
      () => new Scheduler().run(new Probe<number>()),
      DeadlockError,
    );
  },
);

Deno.test(
  "under FIFO, a task that stays ready holds the thread until it finishes",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new FifoPolicy());
    const log: string[] = [];
    let polls = 0;
    scheduler.spawn(staying("busy", log, () => ++polls === 4));
    scheduler.spawn(staying("other", log, () => true));
    scheduler.tick();
    assert.deepEqual(log, ["busy", "busy", "busy", "busy", "other"]);
  },
);

Deno.test(
  "a task woken by another task waits its turn: only a self-wake counts as staying",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new FifoPolicy());
    const log: string[] = [];
    const signal = new Probe<void>();
    scheduler.spawn(futureFrom((cx) => {
      log.push("waiter");
      return signal.poll(cx);
    }));
    scheduler.tick();
    scheduler.spawn(futureFrom(() => {
      log.push("waker");
      signal.complete();
      return { ready: true, value: undefined };
    }));
    scheduler.spawn(staying("third", log, () => true));
    scheduler.tick();
    assert.deepEqual(log, ["waiter", "waker", "third", "waiter"]);
  },
);

Deno.test(
  "yieldNow() is pending once, having woken its task, then ready",
  timeLimit,
  () => {
    const cx = countingContext();
    const future = yieldNow();
    assert.equal(future.poll(cx).ready, false);
    assert.equal(cx.wakes, 1, "it must wake itself, or nobody will");
    assert.deepEqual(future.poll(cx), { ready: true, value: undefined });
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "under FIFO, yieldNow() lets every other ready task run before the task goes on",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new FifoPolicy());
    const log: string[] = [];
    scheduler.spawn(yieldingTask("a", log, 1));
    scheduler.spawn(staying("b", log, () => true));
    scheduler.spawn(staying("c", log, () => true));
    scheduler.tick();
    assert.deepEqual(log, ["a", "b", "c", "a"]);
  },
);

Deno.test(
  "round robin: with one task always ready and 4 that yield, no task waits more than 4 - 1 + budget polls",
  timeLimit,
  () => {
    const budget = 3;
    const log = busyAgainstYielders(new RoundRobinPolicy(budget), 4);
    assert.ok(
      log.length > 80,
      `expected the yielding tasks to finish, saw ${log.length} polls`,
    );
    for (const name of ["busy", "t0", "t1", "t2", "t3"]) {
      const wait = longestWait(log, name);
      assert.ok(
        wait <= 4 - 1 + budget,
        `${name} waited ${wait} polls for a turn; the bound is ${
          4 - 1 + budget
        }`,
      );
    }
  },
);

Deno.test(
  "priorities: a higher-priority task runs before lower ones spawned earlier",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new PriorityPolicy(1_000));
    const log: string[] = [];
    scheduler.spawn(staying("low", log, () => true), { priority: 3 });
    scheduler.spawn(staying("high", log, () => true), { priority: 0 });
    scheduler.spawn(staying("middle", log, () => true), { priority: 1 });
    scheduler.tick();
    assert.deepEqual(log, ["high", "middle", "low"]);
  },
);

Deno.test(
  "priorities: a high-priority task that is always ready cannot starve a low one past the boost",
  timeLimit,
  () => {
    const boostEvery = 10;
    const scheduler = new Scheduler(new PriorityPolicy(boostEvery));
    const log: string[] = [];
    let lowPolls = 0;
    scheduler.spawn(staying("high", log, () => lowPolls === 5));
    scheduler.spawn(
      staying("low", log, () => ++lowPolls === 5),
      { priority: 2 },
    );
    scheduler.tick(10_000);
    assert.equal(lowPolls, 5, "the low-priority task ran to its end");
    const wait = longestWait(log, "low");
    assert.ok(
      wait <= boostEvery,
      `low waited ${wait} polls; every ${boostEvery} polls a boost must let it in`,
    );
  },
);

Deno.test(
  "spawn refuses a priority that is negative or not a whole number",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new PriorityPolicy(10));
    assert.throws(
      () => scheduler.spawn(readyProbe(1), { priority: -1 }),
      RangeError,
    );
    assert.throws(
      () => scheduler.spawn(readyProbe(1), { priority: 1.5 }),
      RangeError,
    );
    for (const priority of [NaN, Infinity, 2 ** 53]) {
      assert.throws(
        () => scheduler.spawn(readyProbe(1), { priority }),
        RangeError,
        `a priority of ${priority} should be refused with a RangeError`,
      );
    }
  },
);

Deno.test(
  "priorities: spawn(…, { priority: 1e8 }) runs the task after the higher ones, in little memory",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new PriorityPolicy(1_000));
    const log: string[] = [];
    scheduler.spawn(staying("last", log, () => true), { priority: 1e8 });
    scheduler.spawn(staying("first", log, () => true), { priority: 0 });
    scheduler.spawn(staying("second", log, () => true), { priority: 5 });
    scheduler.tick();
    assert.deepEqual(log, ["first", "second", "last"]);
  },
);

Deno.test(
  "a yield is the running scheduler's business: a scheduler polled inside another does not change how the outer one queues its task",
  timeLimit,
  () => {
    // An outer task runs an inner scheduler for one poll, in which a task yields;
    // then the outer task wakes itself, which under FIFO means "run me again now".
    // A yield noted anywhere but in the inner scheduler sends it to the back instead.
    const outer = new Scheduler(new FifoPolicy());
    const inner = new Scheduler(new FifoPolicy());
    const log: string[] = [];
    inner.spawn(yieldingTask("inner", log, 1));
    let polls = 0;
    outer.spawn(futureFrom<void>((cx) => {
      log.push("outer");
      if (polls++ > 0) return { ready: true, value: undefined };
      inner.tick(1);
      cx.waker.wake();
      return { ready: false };
    }));
    outer.spawn(staying("other", log, () => true));
    outer.tick();
    assert.deepEqual(
      log,
      ["outer", "inner", "outer", "other"],
      "the outer task stayed ready and should have run again at once",
    );
  },
);

Deno.test(
  "a task that yielded and later wakes itself stays ready: a yield counts for one poll",
  timeLimit,
  () => {
    // Under FIFO: a and b each yield once (a0, b0). Then a wakes itself: that is
    // staying, not yielding, however recently anyone yielded, so a2 runs at once.
    const scheduler = new Scheduler(new FifoPolicy());
    const log: string[] = [];
    const yielding = yieldNow();
    let polls = 0;
    scheduler.spawn(futureFrom<void>((cx) => {
      log.push(`a${polls}`);
      polls++;
      if (polls === 1) return yielding.poll(cx);
      if (polls === 2) {
        yielding.poll(cx);
        cx.waker.wake();
        return { ready: false };
      }
      return { ready: true, value: undefined };
    }));
    scheduler.spawn(yieldingTask("b", log, 1));
    scheduler.tick();
    assert.deepEqual(log, ["a0", "b", "a1", "a2", "b"]);
  },
);

Deno.test(
  "a wake from outside, between ticks, is a plain wake, even for the task polled last",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new FifoPolicy());
    const log: string[] = [];
    const first = new Probe<void>();
    const second = new Probe<void>();
    scheduler.spawn(whenReady(first, () => void log.push("first")));
    scheduler.spawn(whenReady(second, () => void log.push("second")));
    // `second` was polled last. Woken after `first`, from outside any poll, it is
    // plain "woken": it must not jump the queue as if it had stayed ready.
    scheduler.tick();
    first.complete();
    second.complete();
    scheduler.tick();
    assert.deepEqual(
      log,
      ["first", "second"],
      "woken in that order from outside, they run in that order",
    );
  },
);

Deno.test(
  "a scheduled task that wakes itself and then finishes in the same poll is polled and counted once",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new FifoPolicy());
    scheduler.spawn(futureFrom<string>((cx) => {
      cx.waker.wake();
      return { ready: true, value: "done" };
    }));
    assert.equal(scheduler.tick(), 1, "a finished task is not polled");
    assert.equal(scheduler.liveTasks, 0);
  },
);

Deno.test(
  "the default policy is round robin with a budget of 3",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    let busyPolls = 0;
    scheduler.spawn(staying("busy", log, () => ++busyPolls === 5));
    scheduler.spawn(staying("other", log, () => true));
    scheduler.tick();
    assert.deepEqual(log, ["busy", "busy", "busy", "other", "busy", "busy"]);
  },
);

Deno.test(
  "run() throws what main threw, as it is",
  timeLimit,
  () => {
    const broken = new RangeError("main broke");
    assert.throws(
      () =>
        new Scheduler().run(futureFrom(() => {
          throw broken;
        })),
      (error) => error === broken,
    );
  },
);

Deno.test(
  "tasks get ids 1, 2, 3… in spawn order, counted by each scheduler on its own",
  timeLimit,
  () => {
    const one = new Scheduler();
    const two = new Scheduler();
    const ids = [
      one.spawn(readyProbe(0)).id,
      two.spawn(readyProbe(0)).id,
      one.spawn(readyProbe(0)).id,
    ];
    assert.deepEqual(ids, [1, 1, 2]);
  },
);

Deno.test(
  "three thousand tasks taking turns are each polled exactly as often as they need, first in, first out",
  timeLimit,
  () => {
    // Enough tasks that the policy's queues grow past a thousand entries and
    // compact themselves: a compaction that loses or repeats a task shows here.
    const scheduler = new Scheduler(new FifoPolicy());
    const log: string[] = [];
    const tasks = 3_000;
    for (let i = 0; i < tasks; i++) {
      scheduler.spawn(yieldingTask(`t${i}`, log, 2));
    }
    assert.equal(scheduler.tick(), tasks * 3, "every task needs three polls");
    assert.equal(scheduler.liveTasks, 0);
    const expected: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < tasks; i++) expected.push(`t${i}`);
    }
    assert.deepEqual(log, expected, "tasks that yield take turns in order");
  },
);
