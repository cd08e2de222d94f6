import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import type { Future } from "../01-futures/future.ts";
import { join } from "../01-futures/combinators.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import type { JoinHandle } from "../03-executor/task.ts";
import type { Outcome } from "../contract/outcome.ts";
import { coroutine, wait } from "../08-coroutines/coroutine.ts";
import { scope } from "./scope.ts";
import {
  CancelledError,
  ClosedError,
  PolledAfterCompletionError,
  TaskError,
} from "../contract/errors.ts";
import { type Scope } from "./scope.ts";
import type { TaskHandle } from "./abort.ts";

/** A scheduler and its spawn function. */
function setUp(): { scheduler: Scheduler; spawn: Scheduler["spawn"] } {
  const scheduler = new Scheduler();
  return { scheduler, spawn: scheduler.spawn.bind(scheduler) };
}

/** How a task ended so far (a call, so an earlier assertion cannot narrow it). */
function outcomeOf<T>(handle: JoinHandle<T>): Outcome<T> | undefined {
  return handle.outcome;
}

function failing(message: string): Future<never> {
  return futureFrom(() => {
    throw new Error(message);
  });
}

Deno.test(
  "a scope does not end before its children, even once its body has returned",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    const child = new Probe<void>();
    const handle = spawn(scope(spawn, (s) => {
      s.spawn(child);
      return readyProbe("body done");
    }));
    scheduler.tick();
    assert.equal(handle.outcome, undefined, "the child is still running");
    child.complete();
    scheduler.tick();
    assert.deepEqual(handle.outcome, { ok: true, value: "body done" });
  },
);

Deno.test(
  "children that all succeed: the body joins them and the scope gives its value",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    const result = scheduler.run(scope(spawn, (s) => {
      return join(s.spawn(readyProbe(20)), s.spawn(readyProbe(22)));
    }));
    assert.deepEqual(result, [20, 22]);
  },
);

Deno.test(
  "a child's failure aborts its siblings and surfaces once, from the scope",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    const sibling = new CancellableProbe<number>();
    const body = new CancellableProbe<number>();
    const handle = spawn(scope(spawn, (s) => {
      s.spawn(sibling);
      s.spawn(failing("child failed"));
      return body;
    }));
    scheduler.tick();
    assert.equal(sibling.cancelled, true, "the sibling was aborted");
    assert.equal(body.cancelled, true, "the body was cancelled");
    assert.equal(body.polls, 1, "a cancelled body is never polled again");
    const outcome = handle.outcome;
    assert.ok(outcome !== undefined && !outcome.ok);
    assert.match(String(outcome.error), /child failed/);
    assert.ok(!(outcome.error instanceof CancelledError));
  },
);

Deno.test(
  "two failing children: only the first failure is thrown",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    assert.throws(
      () =>
        scheduler.run(scope(spawn, (s) => {
          s.spawn(failing("first"));
          s.spawn(failing("second"));
          return new Probe<void>();
        })),
      /first/,
    );
  },
);

Deno.test("the body's failure aborts the children", timeLimit, () => {
  const { scheduler, spawn } = setUp();
  const child = new CancellableProbe<void>();
  assert.throws(
    () =>
      scheduler.run(scope(spawn, (s) =>
        coroutine(function* () {
          s.spawn(child);
          yield* wait(readyProbe(undefined));
          throw new Error("body failed");
        }))),
    /body failed/,
  );
  assert.equal(child.cancelled, true);
  assert.equal(scheduler.liveTasks, 0, "no task outlived the scope");
});

Deno.test(
  "cancelling a scope aborts its children and cancels its body",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    const child = new CancellableProbe<void>();
    const body = new CancellableProbe<void>();
    const outer = scope(spawn, (s) => {
      s.spawn(child);
      return body;
    });
    spawn(futureFrom((cx) => outer.poll(cx)));
    scheduler.tick();
    outer.cancel();
    scheduler.tick();
    assert.equal(child.cancelled, true);
    assert.equal(
      body.cancelled,
      true,
      "the body still waited: it is cancelled",
    );
    assert.throws(
      () => outer.poll(countingContext()),
      PolledAfterCompletionError,
    );
  },
);

Deno.test(
  "a child whose cleanup throws while the scope aborts it still counts as ended, and the first failure is the one thrown",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    let cleaning: TaskHandle<void> | undefined;
    const result = (() => {
      try {
        return scheduler.run(scope(spawn, (s) => {
          cleaning = s.spawn(coroutine(function* () {
            try {
              yield* wait(new Probe<void>());
            } finally {
              // deno-lint-ignore no-unsafe-finally
              throw new Error("cleanup failed");
            }
          }));
          s.spawn(failing("first failure"));
          return new Probe<void>();
        }));
      } catch (error) {
        return error;
      }
    })();
    assert.ok(
      result instanceof Error,
      `the scope must end with the first failure; it ended with ${
        String(result)
      }`,
    );
    assert.equal(
      result.message,
      "first failure",
      "a failure while winding down must not replace the first",
    );
    assert.throws(
      () => cleaning?.poll(countingContext()),
      (error) =>
        error instanceof TaskError && !error.cancelled &&
        error.cause instanceof Error &&
        error.cause.message === "cleanup failed",
      "the child's own join reports its cleanup's error: it is not swallowed",
    );
  },
);

Deno.test(
  "a scope throws only once the children it aborted have ended",
  timeLimit,
  () => {
    // The children run on a scheduler of their own, so the test decides when.
    const parent = new Scheduler();
    const children = new Scheduler();
    const sibling = new CancellableProbe<number>();
    const handle = parent.spawn(
      scope(children.spawn.bind(children), (s) => {
        s.spawn(sibling);
        s.spawn(failing("child failed"));
        return new Probe<void>();
      }),
    );
    parent.tick();
    children.tick(2); // the sibling waits; the other child fails, aborting it
    assert.equal(sibling.cancelled, false, "the sibling has not run since");
    parent.tick();
    assert.ok(
      handle.outcome === undefined,
      "the scope ended while an aborted child was still running",
    );
    children.tick();
    assert.equal(sibling.cancelled, true);
    parent.tick();
    const outcome = outcomeOf(handle);
    assert.ok(outcome !== undefined && !outcome.ok);
    assert.match(String(outcome.error), /child failed/);
  },
);

Deno.test(
  "a child spawned after a failure is aborted before its first poll",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    const late = new CancellableProbe<void>();
    assert.throws(
      () =>
        scheduler.run(scope(spawn, (s) => {
          s.spawn(coroutine(function* () {
            try {
              yield* wait(new Probe<void>());
            } finally {
              s.spawn(late); // while the scope winds down
            }
          }));
          s.spawn(failing("child failed"));
          return new Probe<void>();
        })),
      /child failed/,
    );
    assert.equal(late.polls, 0, "the late child never ran");
    assert.equal(late.cancelled, true);
    assert.equal(scheduler.liveTasks, 0);
  },
);

Deno.test(
  "spawning in a scope that has ended throws a ClosedError",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    let kept: Scope | undefined;
    scheduler.run(scope(spawn, (s) => {
      kept = s;
      return readyProbe("done");
    }));
    assert.throws(() => kept?.spawn(readyProbe(1)), ClosedError);
  },
);

Deno.test(
  "a body that has answered is not polled again while its children run, and a scope that threw throws PolledAfterCompletionError when polled again",
  timeLimit,
  () => {
    const { scheduler, spawn } = setUp();
    const body = readyProbe("done");
    const child = new Probe<void>();
    const handle = spawn(scope(spawn, (s) => {
      s.spawn(child);
      return body;
    }));
    scheduler.tick();
    child.complete();
    scheduler.tick();
    assert.deepEqual(handle.outcome, { ok: true, value: "done" });
    assert.equal(
      body.polls,
      1,
      "the body's value was kept, not asked for again",
    );

    const failed = scope(spawn, () => failing("body failed"));
    const cx = countingContext();
    assert.throws(() => failed.poll(cx), /body failed/);
    assert.throws(() => failed.poll(cx), PolledAfterCompletionError);
  },
);
