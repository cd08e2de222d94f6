import assert from "node:assert/strict";
import {
  all,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import type { Context, Future } from "../01-futures/future.ts";
import { Executor } from "./executor.ts";
import { DeadlockError, TaskError } from "../contract/errors.ts";

/** A future that is pending `times` times, waking itself, then ready; it logs each poll. */
function yielding(
  name: string,
  times: number,
  log: string[] = [],
): Future<string> {
  let polls = 0;
  return futureFrom<string>((cx) => {
    log.push(`${name}${polls}`);
    if (polls++ < times) {
      cx.waker.wake();
      return { ready: false };
    }
    return { ready: true, value: name };
  });
}

/** A future that, on its first poll, spawns what `start` returns and then waits for all of it. */
function spawnThenJoin<T>(
  executor: Executor,
  start: () => Future<T>[],
): Future<T[]> {
  let joined: Future<T[]> | undefined;
  return futureFrom((cx) => {
    joined ??= all(start().map((future) => executor.spawn(future)));
    return joined.poll(cx);
  });
}

Deno.test("run() returns the value of the main future", timeLimit, () => {
  assert.equal(new Executor().run(readyProbe(42)), 42);
});

Deno.test(
  "tasks run in the order they were spawned, and take turns when they yield",
  timeLimit,
  () => {
    const executor = new Executor();
    const log: string[] = [];
    executor.spawn(yielding("a", 1, log));
    executor.spawn(yielding("b", 1, log));
    executor.runUntilIdle();
    assert.deepEqual(log, ["a0", "b0", "a1", "b1"]);
  },
);

Deno.test(
  "a task can spawn tasks and wait for their results through their handles",
  timeLimit,
  () => {
    const executor = new Executor();
    const log: string[] = [];
    const main = spawnThenJoin(
      executor,
      () => [yielding("x", 2, log), yielding("y", 0, log)],
    );
    assert.deepEqual(executor.run(main), ["x", "y"]);
    assert.equal(executor.liveTasks, 0, "every task has ended");
  },
);

Deno.test(
  "a pending task that nobody wakes is not polled again",
  timeLimit,
  () => {
    const executor = new Executor();
    const future = new Probe<number>();
    executor.spawn(future);
    executor.runUntilIdle();
    executor.runUntilIdle();
    assert.equal(
      future.polls,
      1,
      "the executor polled a task that had not been woken",
    );
    future.complete(1);
    assert.equal(executor.runUntilIdle(), 1, "one wake should mean one poll");
    assert.equal(future.polls, 2);
  },
);

Deno.test(
  "a task woken many times before it runs is polled once",
  timeLimit,
  () => {
    const executor = new Executor();
    let waker: Context["waker"] | undefined;
    let polls = 0;
    executor.spawn(futureFrom<never>((cx) => {
      polls++;
      waker = cx.waker;
      return { ready: false };
    }));
    executor.runUntilIdle();
    assert.ok(waker);
    waker.wake();
    waker.wake();
    waker.wake();
    executor.runUntilIdle();
    assert.equal(
      polls,
      2,
      `three wakes should cause one poll; saw ${polls - 1}`,
    );
  },
);

Deno.test(
  "a task that throws fails only itself: the others still finish",
  timeLimit,
  () => {
    const executor = new Executor();
    const log: string[] = [];
    const failing = futureFrom<string>(() => {
      throw new Error("this task broke");
    });
    const sibling = executor.spawn(yielding("sibling", 2, log));
    const broken = executor.spawn(failing);
    executor.runUntilIdle();
    assert.deepEqual(sibling.outcome, { ok: true, value: "sibling" });
    assert.equal(broken.outcome?.ok, false);
  },
);

Deno.test(
  "waiting on the handle of a failed task throws a TaskError with the original cause",
  timeLimit,
  () => {
    const executor = new Executor();
    const cause = new TypeError("bad input");
    const main = spawnThenJoin(executor, () => [futureFrom<number>(() => {
      throw cause;
    })]);
    assert.throws(
      () => executor.run(main),
      (error: unknown) => error instanceof TaskError && error.cause === cause,
      "expected run() to throw the TaskError that the handle threw in main",
    );
  },
);

Deno.test(
  "run() throws the error that the main future throws",
  timeLimit,
  () => {
    const executor = new Executor();
    assert.throws(
      () =>
        executor.run(futureFrom(() => {
          throw new RangeError("main broke");
        })),
      RangeError,
    );
  },
);

Deno.test(
  "run() reports a deadlock when main waits and nothing can wake it",
  timeLimit,
  () => {
    const executor = new Executor();
    const neverResolved = new Probe<number>();
    const main = spawnThenJoin(executor, () => [neverResolved]);
    assert.throws(
      () => executor.run(main),
      (error: unknown) => error instanceof DeadlockError && error.waiting === 2,
      "expected a DeadlockError counting 2 waiting tasks (main and the one it waits for)",
    );
  },
);

Deno.test("runUntilIdle() returns how many polls it made", timeLimit, () => {
  const executor = new Executor();
  executor.spawn(yielding("a", 2));
  executor.spawn(yielding("b", 0));
  assert.equal(executor.runUntilIdle(), 4, "a is polled 3 times and b once");
  assert.equal(executor.runUntilIdle(), 0, "nothing is ready any more");
});

/**
 * The one test with a longer limit: a queue taken with `shift()` needs about 20 s
 * for it on a busy machine, an array and a head index well under one, and the
 * margin keeps a slow machine (or a mutation tool's instrumented run) from failing
 * good code.
 */
const bigQueueLimit = { timeout: 10_000 };

Deno.test(
  "fifty thousand tasks each yielding ten times all finish",
  bigQueueLimit,
  () => {
    const executor = new Executor();
    const handles = Array.from(
      { length: 50_000 },
      (_, i) => executor.spawn(yielding(`${i}`, 10)),
    );
    assert.equal(executor.runUntilIdle(), 550_000);
    assert.equal(executor.liveTasks, 0);
    assert.deepEqual(handles[49_999].outcome, { ok: true, value: "49999" });
  },
);

Deno.test(
  "a task that wakes itself and then finishes in the same poll is polled and counted once",
  timeLimit,
  () => {
    const executor = new Executor();
    executor.spawn(futureFrom<string>((cx) => {
      cx.waker.wake();
      return { ready: true, value: "done" };
    }));
    assert.equal(
      executor.runUntilIdle(),
      1,
      "a finished task left in the queue is not polled",
    );
    assert.equal(executor.liveTasks, 0);
  },
);

Deno.test(
  "tasks get ids 1, 2, 3… in spawn order, counted by each executor on its own",
  timeLimit,
  () => {
    const one = new Executor();
    const two = new Executor();
    const ids = [
      one.spawn(readyProbe(0)).id,
      one.spawn(readyProbe(0)).id,
      two.spawn(readyProbe(0)).id,
      one.spawn(readyProbe(0)).id,
    ];
    assert.deepEqual(
      ids,
      [1, 2, 1, 3],
      "each executor keeps its own count: no state shared between executors",
    );
  },
);

Deno.test(
  "two tasks waiting on one task's handle both wake and both get its value",
  timeLimit,
  () => {
    const executor = new Executor();
    const slow = new Probe<string>();
    const handle = executor.spawn(slow);
    const first = executor.spawn(handle);
    const second = executor.spawn(
      futureFrom((cx) => handle.poll(cx)),
    );
    executor.runUntilIdle();
    slow.complete("shared");
    executor.runUntilIdle();
    assert.deepEqual(first.outcome, { ok: true, value: "shared" });
    assert.deepEqual(
      second.outcome,
      { ok: true, value: "shared" },
      "the second joiner was never woken, or did not get the value",
    );
    assert.equal(executor.liveTasks, 0);
  },
);

Deno.test(
  "a task that throws an object with no prototype hands its joiner a TaskError, not a TypeError",
  timeLimit,
  () => {
    const executor = new Executor();
    const odd: unknown = Object.create(null);
    const main = spawnThenJoin(executor, () => [futureFrom<number>(() => {
      throw odd;
    })]);
    assert.throws(
      () => executor.run(main),
      (error: unknown) => error instanceof TaskError && error.cause === odd,
      "expected a TaskError whose cause is the thrown object",
    );
  },
);

Deno.test(
  "a chain of 10,000 tasks, each joining the one before, fails with a short TaskError",
  timeLimit,
  () => {
    const executor = new Executor();
    const root = new RangeError("the first task broke");
    let previous: Future<number> = executor.spawn(futureFrom<number>(() => {
      throw root;
    }));
    for (let i = 1; i < 10_000; i++) previous = executor.spawn(previous);
    let caught: unknown;
    try {
      executor.run(previous);
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof TaskError, "expected a TaskError");
    assert.ok(
      caught.message.length < 1_000,
      `the message is ${caught.message.length} characters long: each level copied the one below`,
    );
    let depth = 0;
    let cause: unknown = caught;
    while (cause instanceof TaskError) {
      cause = cause.cause;
      depth++;
    }
    assert.equal(depth, 10_000, "each join should wrap the failure once");
    assert.equal(
      cause,
      root,
      "the first task's error is at the end of the chain",
    );
  },
);
