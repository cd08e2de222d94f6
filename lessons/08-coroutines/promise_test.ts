import assert from "node:assert/strict";
import { timeLimit } from "../_support/testing.ts";
import { JobQueue } from "./job_queue.ts";
import { BouncePromise } from "./promise.ts";

/** A job queue that runs only when the test says, so every ordering is visible. */
function manualJobs(): JobQueue {
  return new JobQueue(() => {});
}

Deno.test(
  "then never calls back at once, even on a settled promise",
  timeLimit,
  () => {
    const jobs = manualJobs();
    const { promise, resolve } = BouncePromise.withResolvers<number>(jobs);
    resolve(1);
    const log: string[] = [];
    promise.then((value) => log.push(`then ${value}`));
    log.push("after then");
    jobs.runAll();
    assert.deepEqual(log, ["after then", "then 1"]);
  },
);

Deno.test(
  "callbacks run in the order then was called, once each",
  timeLimit,
  () => {
    const jobs = manualJobs();
    const { promise, resolve } = BouncePromise.withResolvers<string>(jobs);
    const log: string[] = [];
    promise.then((v) => log.push(`a:${v}`));
    promise.then((v) => log.push(`b:${v}`));
    resolve("x");
    resolve("y");
    jobs.runAll();
    assert.deepEqual(log, ["a:x", "b:x"]);
  },
);

Deno.test(
  "a callback's return value fulfils the next promise, and its throw rejects it",
  timeLimit,
  () => {
    const jobs = manualJobs();
    const { promise, resolve } = BouncePromise.withResolvers<number>(jobs);
    const seen: unknown[] = [];
    promise
      .then((n) => n * 2)
      .then((n) => {
        seen.push(n);
        throw new Error("stop");
      })
      .then(() => seen.push("skipped"))
      .catch((error) => seen.push(error instanceof Error && error.message));
    resolve(21);
    jobs.runAll();
    assert.deepEqual(seen, [42, "stop"]);
  },
);

Deno.test(
  "a callback that returns a thenable makes the chain wait for it",
  timeLimit,
  () => {
    const jobs = manualJobs();
    const inner = BouncePromise.withResolvers<string>(jobs);
    const seen: string[] = [];
    const outer = BouncePromise.withResolvers<number>(jobs);
    outer.promise.then(() => inner.promise).then((v) => seen.push(v));
    outer.resolve(0);
    jobs.runAll();
    assert.deepEqual(seen, [], "still waiting for the inner promise");
    inner.resolve("inner");
    jobs.runAll();
    assert.deepEqual(seen, ["inner"]);
  },
);

Deno.test(
  "a promise resolved with itself is rejected with a TypeError",
  timeLimit,
  () => {
    const jobs = manualJobs();
    const { promise, resolve } = BouncePromise.withResolvers<unknown>(jobs);
    let reason: unknown;
    promise.then(undefined, (r) => reason = r);
    resolve(promise);
    jobs.runAll();
    assert.ok(reason instanceof TypeError);
  },
);

Deno.test(
  "an executor that throws rejects the promise",
  timeLimit,
  () => {
    const jobs = manualJobs();
    let reason: unknown;
    new BouncePromise(() => {
      throw new Error("bad start");
    }, jobs).catch((r) => reason = r);
    jobs.runAll();
    assert.match(String(reason), /bad start/);
  },
);

Deno.test(
  "native await works on a BouncePromise: it is a thenable",
  timeLimit,
  async () => {
    assert.equal(await BouncePromise.resolve(5), 5);
    await assert.rejects(async () => {
      await BouncePromise.reject(new Error("no"));
    }, /no/);
  },
);

/** A thenable whose `then` calls back at once, with the next of `depth` such thenables. */
function nestedThenable(depth: number, value: number): PromiseLike<number> {
  let current: unknown = value;
  for (let i = 0; i < depth; i++) {
    const inner = current;
    current = {
      then(onFulfilled: (value: unknown) => void) {
        onFulfilled(inner);
      },
    };
  }
  return current as PromiseLike<number>;
}

Deno.test(
  "a thenable's then is called in a job of its own, not inside resolve",
  timeLimit,
  () => {
    const jobs = manualJobs();
    let called = false;
    const { promise, resolve } = BouncePromise.withResolvers<number>(jobs);
    const thenable = {
      then(onFulfilled: (value: number) => void) {
        called = true;
        onFulfilled(1);
      },
    };
    resolve(thenable as unknown as PromiseLike<number>);
    assert.equal(called, false, "resolve() must not call the thenable's then");
    let seen: number | undefined;
    promise.then((value) => seen = value);
    jobs.runAll();
    assert.equal(called, true);
    assert.equal(seen, 1);
  },
);

Deno.test(
  "thenables that resolve at once, nested 10,000 deep, fulfil (as native promises do)",
  timeLimit,
  async () => {
    const jobs = manualJobs();
    const { promise, resolve } = BouncePromise.withResolvers<number>(jobs);
    resolve(nestedThenable(10_000, 42));
    let outcome = "still pending";
    promise.then(
      (value) => outcome = `fulfilled with ${value}`,
      (reason) => outcome = `rejected: ${String(reason)}`,
    );
    jobs.runAll();
    assert.equal(
      outcome,
      "fulfilled with 42",
      "each level's then must run in its own job, so the stack never grows with depth",
    );
    assert.equal(
      await Promise.resolve(nestedThenable(10_000, 42)),
      42,
      "native promises agree",
    );
  },
);
