import assert from "node:assert/strict";
import {
  countingContext,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import type { Context, Future, Poll } from "../01-futures/future.ts";
import { type Runnable, Task } from "./task.ts";
import { TaskError } from "../contract/errors.ts";

/** A task whose schedule function records every time it is put in the queue. */
function recordedTask<T>(
  future: Future<T>,
): { task: Task<T>; queued: Runnable[] } {
  const queued: Runnable[] = [];
  return { task: new Task(future, (task) => queued.push(task)), queued };
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
