import assert from "node:assert/strict";
import { timeLimit } from "../_support/testing.ts";
import { JobQueue } from "./job_queue.ts";

/** A job queue whose flushes the test runs by hand. */
function manualQueue(): { jobs: JobQueue; flushes: (() => void)[] } {
  const flushes: (() => void)[] = [];
  return { jobs: new JobQueue((flush) => flushes.push(flush)), flushes };
}

Deno.test("jobs run later, in order, all in one flush", timeLimit, () => {
  const { jobs, flushes } = manualQueue();
  const log: number[] = [];
  jobs.enqueue(() => log.push(1));
  jobs.enqueue(() => log.push(2));
  assert.deepEqual(log, [], "enqueue runs nothing");
  assert.equal(flushes.length, 1, "one flush is asked for, for the batch");
  assert.equal(jobs.length, 2);
  flushes[0]();
  assert.deepEqual(log, [1, 2]);
  assert.equal(jobs.length, 0);
});

Deno.test(
  "jobs enqueued by a job run in the same flush, after those already queued",
  timeLimit,
  () => {
    const { jobs, flushes } = manualQueue();
    const log: string[] = [];
    jobs.enqueue(() => {
      log.push("a");
      jobs.enqueue(() => log.push("c"));
    });
    jobs.enqueue(() => log.push("b"));
    assert.equal(jobs.runAll(), 3);
    assert.deepEqual(log, ["a", "b", "c"]);
    assert.equal(flushes.length, 1);
  },
);

Deno.test(
  "after a flush, the next job asks for a new one",
  timeLimit,
  () => {
    const { jobs, flushes } = manualQueue();
    jobs.enqueue(() => {});
    flushes[0]();
    jobs.enqueue(() => {});
    assert.equal(flushes.length, 2);
  },
);

Deno.test(
  "by default a flush is a microtask: before any timer, after the current code",
  timeLimit,
  async () => {
    const jobs = new JobQueue();
    const log: string[] = [];
    jobs.enqueue(() => log.push("job"));
    log.push("sync");
    await Promise.resolve();
    assert.deepEqual(log, ["sync", "job"]);
  },
);

Deno.test(
  "a job that throws does not stop the jobs after it, and its error is reported",
  timeLimit,
  () => {
    const { jobs } = manualQueue();
    const reported: unknown[] = [];
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      reported.push(event.error);
    };
    globalThis.addEventListener("error", onError);
    try {
      const log: string[] = [];
      jobs.enqueue(() => {
        throw new Error("job failed");
      });
      jobs.enqueue(() => log.push("ran after"));
      assert.equal(jobs.runAll(), 2);
      assert.deepEqual(log, ["ran after"]);
      assert.equal(jobs.length, 0);
      assert.equal(reported.length, 1, "the error went to reportError()");
      assert.ok(reported[0] instanceof Error);
    } finally {
      globalThis.removeEventListener("error", onError);
    }
  },
);

Deno.test(
  "length counts the jobs still waiting, also while a flush runs",
  timeLimit,
  () => {
    const { jobs } = manualQueue();
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) jobs.enqueue(() => seen.push(jobs.length));
    assert.equal(jobs.length, 3);
    jobs.runAll();
    assert.deepEqual(seen, [2, 1, 0], "each job sees only those after it");
  },
);
