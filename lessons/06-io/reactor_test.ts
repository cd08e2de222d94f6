import assert from "node:assert/strict";
import { drainMicrotasks, timeLimit } from "../_support/testing.ts";
import { Reactor } from "./reactor.ts";
import { type Outcome } from "../contract/outcome.ts";

/** A promise and the functions that settle it, for the test to call. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

Deno.test(
  "an operation is in flight from watch() until it settles",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const operation = deferred<number>();
    reactor.watch(operation.promise, () => {});
    assert.equal(reactor.inFlight, 1);
    operation.resolve(1);
    await drainMicrotasks();
    assert.equal(reactor.inFlight, 0);
  },
);

Deno.test(
  "complete() receives the value of an operation that succeeded",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const operation = deferred<string>();
    const seen: Outcome<string>[] = [];
    reactor.watch(operation.promise, (outcome) => seen.push(outcome));
    assert.deepEqual(seen, [], "nothing arrives before the operation settles");
    operation.resolve("bytes");
    await drainMicrotasks();
    assert.deepEqual(seen, [{ ok: true, value: "bytes" }]);
  },
);

Deno.test(
  "complete() receives the error of an operation that failed",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const operation = deferred<string>();
    const seen: Outcome<string>[] = [];
    reactor.watch(operation.promise, (outcome) => seen.push(outcome));
    const failure = new Error("connection reset");
    operation.reject(failure);
    await drainMicrotasks();
    assert.deepEqual(seen, [{ ok: false, error: failure }]);
    assert.equal(reactor.inFlight, 0);
  },
);

Deno.test(
  "wait() resolves after a completion has been handed to its source",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const operation = deferred<number>();
    let completed = false;
    reactor.watch(operation.promise, () => completed = true);
    const waiting = reactor.wait();
    assert.equal(reactor.wait(), waiting, "waiters share one promise");
    operation.resolve(1);
    await waiting;
    assert.equal(
      completed,
      true,
      "the source hears first, then the event loop",
    );
  },
);

Deno.test(
  "each wait() is for the next completion, not one already past",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const first = deferred<number>();
    reactor.watch(first.promise, () => {});
    const firstWait = reactor.wait();
    first.resolve(1);
    await firstWait;
    const second = deferred<number>();
    reactor.watch(second.promise, () => {});
    const secondWait = reactor.wait();
    assert.notEqual(secondWait, firstWait);
    let ended = false;
    secondWait.then(() => ended = true);
    await drainMicrotasks();
    assert.equal(
      ended,
      false,
      "no operation has completed since this wait began",
    );
    second.resolve(2);
    await secondWait;
  },
);

Deno.test(
  "a detached operation no longer counts as in flight, yet its completion still reaches its source",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const operation = deferred<number>();
    const seen: Outcome<number>[] = [];
    const watched = reactor.watch(
      operation.promise,
      (outcome) => seen.push(outcome),
    );
    watched.attach();
    assert.equal(
      reactor.inFlight,
      1,
      "attaching a counted operation counts it once",
    );
    watched.detach();
    assert.equal(
      reactor.inFlight,
      0,
      "nobody waits for it: the loop must not either",
    );
    watched.detach();
    assert.equal(reactor.inFlight, 0, "detaching twice counts it out once");
    watched.attach();
    assert.equal(reactor.inFlight, 1, "someone waits for it again");
    watched.detach();
    operation.resolve(5);
    await drainMicrotasks();
    assert.deepEqual(seen, [{ ok: true, value: 5 }], "its result is not lost");
    assert.equal(
      reactor.inFlight,
      0,
      "a detached operation is not counted out twice",
    );
  },
);

Deno.test(
  "attach and detach after an operation settled change nothing",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const operation = deferred<number>();
    const watched = reactor.watch(operation.promise, () => {});
    operation.resolve(1);
    await drainMicrotasks();
    watched.attach();
    assert.equal(reactor.inFlight, 0);
    watched.detach();
    assert.equal(reactor.inFlight, 0);
  },
);
