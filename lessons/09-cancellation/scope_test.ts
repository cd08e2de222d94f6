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
import { coroutine, wait } from "../08-coroutines/coroutine.ts";
import { scope } from "./scope.ts";
import { CancelledError } from "../contract/errors.ts";

/** A scheduler and its spawn function. */
function setUp(): { scheduler: Scheduler; spawn: Scheduler["spawn"] } {
  const scheduler = new Scheduler();
  return { scheduler, spawn: scheduler.spawn.bind(scheduler) };
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

Deno.test("cancelling a scope aborts its children", timeLimit, () => {
  const { scheduler, spawn } = setUp();
  const child = new CancellableProbe<void>();
  const outer = scope(spawn, (s) => {
    s.spawn(child);
    return new Probe<void>();
  });
  spawn(futureFrom((cx) => outer.poll(cx)));
  scheduler.tick();
  outer.cancel();
  scheduler.tick();
  assert.equal(child.cancelled, true);
  assert.throws(() => outer.poll(countingContext()), /scope/);
});
