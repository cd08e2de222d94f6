import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import type { Context, Future, Poll } from "../01-futures/future.ts";
import { type Runnable, Task } from "./task.ts";
import {
  CancelledError,
  PolledAfterCompletionError,
  TaskError,
} from "../contract/errors.ts";

/** A task whose schedule function records every time it is put in the queue. */
function recordedTask<T>(
  future: Future<T>,
): { task: Task<T>; queued: Runnable[] } {
  const queued: Runnable[] = [];
  return { task: new Task(future, (task) => queued.push(task), 7), queued };
}

Deno.test(
  "making a task neither polls its future nor queues it",
  timeLimit,
  () => {
    const future = new Probe<number>();
    const { task, queued } = recordedTask(future);
    assert.equal(future.polls, 0);
    assert.equal(queued.length, 0);
    assert.equal(task.done, false, "a task that has not run has not ended");
  },
);

Deno.test(
  "wake() queues the task once, however many times it is called",
  timeLimit,
  () => {
    const { task, queued } = recordedTask(new Probe<number>());
    task.wake();
    task.wake();
    task.wake();
    assert.equal(
      queued.length,
      1,
      `the task was queued ${queued.length} times`,
    );
    assert.equal(queued[0], task, "schedule should be given the task itself");
  },
);

Deno.test(
  "run() polls the future once, and the future's waker queues the task again",
  timeLimit,
  () => {
    const future = new Probe<number>();
    const { task, queued } = recordedTask(future);
    task.wake();
    task.run();
    assert.equal(future.polls, 1);
    future.complete(1);
    assert.equal(
      queued.length,
      2,
      "completing the future should wake, so queue, the task",
    );
  },
);

Deno.test(
  "a task woken while it is being polled is queued again, once",
  timeLimit,
  () => {
    let polls = 0;
    const wakesTwiceThenDone: Future<string> = {
      poll(cx: Context): Poll<string> {
        polls++;
        if (polls > 1) return { ready: true, value: "done" };
        cx.waker.wake();
        cx.waker.wake();
        return { ready: false };
      },
    };
    const { task, queued } = recordedTask(wakesTwiceThenDone);
    task.wake();
    task.run();
    assert.equal(
      queued.length,
      2,
      "one queueing from spawn, one for the wakes during poll",
    );
    task.run();
    assert.equal(task.done, true);
  },
);

Deno.test("a finished task is never queued again", timeLimit, () => {
  const { task, queued } = recordedTask(readyProbe(1));
  task.wake();
  task.run();
  assert.equal(task.done, true);
  task.wake();
  assert.equal(
    queued.length,
    1,
    "a woken finished task must not go back in the queue",
  );
});

Deno.test(
  "the JoinHandle is ready with the task's value once the task ends",
  timeLimit,
  () => {
    const { task } = recordedTask(readyProbe("value"));
    const cx = countingContext();
    assert.deepEqual(task.handle.poll(cx), { ready: false });
    task.wake();
    task.run();
    assert.equal(
      cx.wakes,
      1,
      "the task ending should wake whoever waits on the handle",
    );
    assert.deepEqual(task.handle.outcome, { ok: true, value: "value" });
    assert.deepEqual(task.handle.poll(cx), { ready: true, value: "value" });
  },
);

Deno.test(
  "a task whose poll throws ends, and its JoinHandle throws a TaskError with the cause",
  timeLimit,
  () => {
    const boom = new RangeError("boom");
    const { task } = recordedTask<number>({
      poll(): Poll<number> {
        throw boom;
      },
    });
    task.wake();
    task.run();
    assert.equal(task.done, true, "a task that threw has ended");
    assert.deepEqual(task.handle.outcome, { ok: false, error: boom });
    assert.throws(
      () => task.handle.poll(countingContext()),
      (error: unknown) => error instanceof TaskError && error.cause === boom,
      "expected a TaskError whose cause is the thrown RangeError",
    );
  },
);

Deno.test(
  "a task's handle reports the id it was made with, and no outcome while the task runs",
  timeLimit,
  () => {
    const { task } = recordedTask(new Probe<number>());
    task.wake();
    task.run();
    assert.equal(task.handle.id, 7);
    assert.equal(task.handle.outcome, undefined);
  },
);

Deno.test(
  "several joiners of one task are all woken when it ends, and each gets the value",
  timeLimit,
  () => {
    const { task } = recordedTask(readyProbe("shared"));
    const first = countingContext();
    const second = countingContext();
    const third = countingContext();
    for (const cx of [first, second, third]) {
      assert.deepEqual(task.handle.poll(cx), { ready: false });
    }
    task.wake();
    task.run();
    assert.deepEqual(
      [first.wakes, second.wakes, third.wakes],
      [1, 1, 1],
      "every joiner must be woken; one slot for a waker keeps only the last",
    );
    for (const cx of [first, second, third]) {
      assert.deepEqual(task.handle.poll(cx), { ready: true, value: "shared" });
    }
  },
);

Deno.test(
  "a joiner that polls the handle twice is woken once",
  timeLimit,
  () => {
    const { task } = recordedTask(readyProbe(1));
    const cx = countingContext();
    task.handle.poll(cx);
    task.handle.poll(cx);
    task.wake();
    task.run();
    assert.equal(cx.wakes, 1, `the joiner was woken ${cx.wakes} times`);
  },
);

Deno.test(
  "a joiner that has had the value throws PolledAfterCompletionError if it polls again",
  timeLimit,
  () => {
    const { task } = recordedTask(readyProbe("once"));
    const cx = countingContext();
    task.wake();
    task.run();
    assert.deepEqual(task.handle.poll(cx), { ready: true, value: "once" });
    assert.throws(() => task.handle.poll(cx), PolledAfterCompletionError);
    assert.deepEqual(
      task.handle.poll(countingContext()),
      { ready: true, value: "once" },
      "another joiner still gets the value",
    );
  },
);

Deno.test(
  "a joiner that has had the TaskError throws PolledAfterCompletionError if it polls again",
  timeLimit,
  () => {
    const { task } = recordedTask<number>({
      poll(): Poll<number> {
        throw new Error("broke");
      },
    });
    const cx = countingContext();
    task.wake();
    task.run();
    assert.throws(() => task.handle.poll(cx), TaskError);
    assert.throws(() => task.handle.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "a cancelled JoinHandle forgets its waiters and refuses a later poll",
  timeLimit,
  () => {
    const { task } = recordedTask(readyProbe(1));
    const cx = countingContext();
    task.handle.poll(cx);
    task.handle.cancel();
    task.wake();
    task.run();
    assert.equal(cx.wakes, 0, "a cancelled handle woke its joiner");
    assert.equal(
      task.done,
      true,
      "cancelling the handle must not stop the task",
    );
    assert.throws(() => task.handle.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "cancelling a task cancels its future and hands its joiners a TaskError that says cancelled",
  timeLimit,
  () => {
    const future = new CancellableProbe<number>();
    const { task } = recordedTask(future);
    const cx = countingContext();
    task.wake();
    task.run();
    task.handle.poll(cx);
    task.cancel();
    assert.equal(future.cancelled, true, "the task's future was not cancelled");
    assert.equal(task.done, true, "a cancelled task has ended");
    assert.equal(cx.wakes, 1, "the joiner must be woken");
    const outcome = task.handle.outcome;
    assert.ok(
      outcome !== undefined && !outcome.ok &&
        outcome.error instanceof CancelledError,
      "the task's outcome should be a failure with a CancelledError",
    );
    assert.throws(
      () => task.handle.poll(cx),
      (error: unknown) => error instanceof TaskError && error.cancelled,
      "expected a TaskError whose .cancelled is true",
    );
  },
);

Deno.test(
  "a cancelled task is never queued or polled again",
  timeLimit,
  () => {
    const future = new CancellableProbe<number>();
    const { task, queued } = recordedTask(future);
    task.wake();
    task.cancel();
    task.run();
    assert.equal(future.polls, 0, "run() polled a cancelled task");
    future.complete(1);
    task.wake();
    assert.equal(queued.length, 1, "a cancelled task went back in the queue");
  },
);

Deno.test(
  "cancelling a task that has ended changes nothing",
  timeLimit,
  () => {
    const future = new CancellableProbe<string>();
    future.complete("kept");
    const { task } = recordedTask(future);
    task.wake();
    task.run();
    task.cancel();
    assert.equal(future.cancelled, false, "a finished future was cancelled");
    assert.deepEqual(task.handle.outcome, { ok: true, value: "kept" });
  },
);

Deno.test(
  "a task cancelled during its own poll stays cancelled, whatever that poll answers",
  timeLimit,
  () => {
    const self: { task?: Task<string> } = {};
    const { task } = recordedTask<string>({
      poll(): Poll<string> {
        self.task?.cancel();
        return { ready: true, value: "too late" };
      },
    });
    self.task = task;
    const cx = countingContext();
    task.handle.poll(cx);
    task.wake();
    task.run();
    assert.equal(cx.wakes, 1, "the joiner should be woken once");
    assert.throws(
      () => task.handle.poll(cx),
      (error: unknown) => error instanceof TaskError && error.cancelled,
      "the first outcome, the cancel, is the one that counts",
    );
  },
);

Deno.test("leaving a `using` block cancels a JoinHandle", timeLimit, () => {
  const { task } = recordedTask(readyProbe(1));
  const cx = countingContext();
  {
    using handle = task.handle;
    handle.poll(cx);
  }
  task.wake();
  task.run();
  assert.equal(cx.wakes, 0, "[Symbol.dispose]() should cancel");
});
