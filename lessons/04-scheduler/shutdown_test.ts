import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { FifoPolicy, PriorityPolicy } from "./policy.ts";
import { Scheduler } from "./scheduler.ts";
import { TaskError } from "../contract/errors.ts";
import type { Cancellable } from "../contract/cancel.ts";
import type { Future } from "../01-futures/future.ts";

/** True if `error` is the TaskError of a cancelled task. */
function isCancelled(error: unknown): boolean {
  return error instanceof TaskError && error.cancelled;
}

Deno.test(
  "shutdown() cancels the future of every task still alive, and returns how many",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const waiting = new CancellableProbe<number>();
    const alsoWaiting = new CancellableProbe<number>();
    const finished = new CancellableProbe<number>();
    finished.complete(1);
    scheduler.spawn(waiting);
    scheduler.spawn(finished);
    scheduler.spawn(alsoWaiting);
    scheduler.tick();
    assert.equal(scheduler.shutdown(), 2, "two tasks were still alive");
    assert.equal(
      waiting.cancelled,
      true,
      "a waiting task's future was not cancelled",
    );
    assert.equal(
      alsoWaiting.cancelled,
      true,
      "a waiting task's future was not cancelled",
    );
    assert.equal(
      finished.cancelled,
      false,
      "a finished task's future was cancelled",
    );
    assert.equal(scheduler.liveTasks, 0);
  },
);

Deno.test(
  "after shutdown() no task is ready and none is ever polled again",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new FifoPolicy());
    const queued = new CancellableProbe<number>();
    const waiting = new CancellableProbe<number>();
    scheduler.spawn(waiting);
    scheduler.tick();
    scheduler.spawn(queued);
    assert.equal(scheduler.readyTasks, 1);
    scheduler.shutdown();
    assert.equal(
      scheduler.readyTasks,
      0,
      "a cancelled task is still counted ready",
    );
    waiting.complete(1);
    assert.equal(scheduler.tick(), 0, "a cancelled task was polled");
    assert.equal(queued.polls, 0);
    assert.equal(waiting.polls, 1);
  },
);

Deno.test(
  "the joiners of a task cancelled by shutdown() get a TaskError that says cancelled",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const handle = scheduler.spawn(new Probe<string>());
    scheduler.tick();
    const cx = countingContext();
    assert.deepEqual(handle.poll(cx), { ready: false });
    scheduler.shutdown();
    assert.equal(cx.wakes, 1, "the joiner must be woken when the task ends");
    assert.throws(
      () => handle.poll(cx),
      isCancelled,
      "expected a TaskError whose .cancelled is true",
    );
  },
);

Deno.test(
  "shutdown() leaves the outcome of tasks that had ended as it was",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const done = scheduler.spawn(readyProbe("kept"));
    const failed = scheduler.spawn(futureFrom<string>(() => {
      throw new RangeError("broke on its own");
    }));
    scheduler.tick();
    assert.equal(scheduler.shutdown(), 0);
    assert.deepEqual(done.outcome, { ok: true, value: "kept" });
    const outcome = failed.outcome;
    assert.ok(outcome !== undefined && !outcome.ok);
    assert.ok(outcome.error instanceof RangeError, "a failure became a cancel");
  },
);

Deno.test(
  "a task cancelled while it waits on another task's handle does not keep that task from being cancelled",
  timeLimit,
  () => {
    const scheduler = new Scheduler(new PriorityPolicy(10));
    const leaf = new CancellableProbe<number>();
    const inner = scheduler.spawn(leaf, { priority: 1e8 });
    const outer = scheduler.spawn(inner);
    scheduler.tick();
    assert.equal(scheduler.shutdown(), 2);
    assert.equal(leaf.cancelled, true);
    assert.ok(
      [inner.outcome, outer.outcome].every((outcome) =>
        outcome !== undefined && !outcome.ok
      ),
      "both tasks ended as cancelled",
    );
  },
);

Deno.test(
  "a future whose cancel() throws does not stop shutdown(): the rest are cancelled, then the error is thrown",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const broken = new RangeError("cancel broke");
    const first = new CancellableProbe<number>();
    const last = new CancellableProbe<number>();
    scheduler.spawn(first);
    const cannotCancel: Future<number> & Cancellable = {
      poll: () => ({ ready: false }),
      cancel() {
        throw broken;
      },
    };
    const failing = scheduler.spawn(cannotCancel);
    scheduler.spawn(last);
    scheduler.tick();
    assert.throws(() => scheduler.shutdown(), (error) => error === broken);
    assert.equal(
      first.cancelled && last.cancelled,
      true,
      "every other task must be cancelled",
    );
    assert.equal(scheduler.liveTasks, 0);
    assert.throws(() => failing.poll(countingContext()), isCancelled);
  },
);

Deno.test(
  "a task spawned by a future's cancel() during shutdown() is cancelled too",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const cleanup = new CancellableProbe<number>();
    const spawnsOnCancel: Future<number> & Cancellable = {
      poll: () => ({ ready: false }),
      cancel() {
        scheduler.spawn(cleanup);
      },
    };
    scheduler.spawn(spawnsOnCancel);
    scheduler.tick();
    assert.equal(scheduler.shutdown(), 2);
    assert.equal(cleanup.cancelled, true, "a task was left alive");
    assert.equal(scheduler.liveTasks, 0);
  },
);

Deno.test(
  "a scheduler can spawn and run tasks again after shutdown()",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    scheduler.spawn(new Probe<number>());
    scheduler.tick();
    scheduler.shutdown();
    assert.equal(scheduler.run(readyProbe("again")), "again");
  },
);
