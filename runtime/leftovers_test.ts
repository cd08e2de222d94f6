/**
 * What giving up leaves behind, through the runtime's API: a timed-out receive or
 * lock, a promise that lost a race, a child whose cleanup throws, a wake from an
 * async function while the loop is parked. Each case here once lost data or hung.
 */

import assert from "node:assert/strict";
import {
  BouncePromise,
  channel,
  coroutine,
  DeadlockError,
  map,
  Mutex,
  Ready,
  run,
  TaskError,
  TimeoutError,
  VirtualClock,
  wait,
} from "./mod.ts";
import { Probe, timeLimit } from "../lessons/_support/testing.ts";

Deno.test(
  "a fromPromise that lost a race does not keep the loop from reporting a later deadlock",
  timeLimit,
  async () => {
    const never = new Promise<string>(() => {});
    await assert.rejects(
      run((rt) =>
        coroutine(function* () {
          yield* wait(rt.race([rt.fromPromise(never), new Ready("now")]));
          yield* wait(new Probe<void>()); // nothing will ever wake this
        })
      ),
      DeadlockError,
    );
  },
);

Deno.test(
  "a scope whose aborted child's cleanup throws still ends, with the first failure, while a promise is in flight elsewhere",
  timeLimit,
  async () => {
    const elsewhere = Promise.withResolvers<void>();
    const outcome = await run((rt) =>
      coroutine(function* () {
        const watching = rt.fromPromise(elsewhere.promise); // IO-like, in flight
        try {
          yield* wait(rt.scope((s) => {
            s.spawn(coroutine(function* () {
              try {
                yield* wait(rt.sleep(60_000));
              } finally {
                // deno-lint-ignore no-unsafe-finally
                throw new Error("cleanup failed");
              }
            }));
            s.spawn(coroutine(function* () {
              yield* wait(rt.sleep(10));
              throw new Error("first failure");
            }));
            return new Probe<void>();
          }));
          return "no failure?";
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        } finally {
          watching.cancel();
        }
      }), { clock: new VirtualClock() });
    assert.equal(outcome, "first failure");
  },
);

Deno.test(
  "an aborted task reaches every joiner as a TaskError that says it was cancelled",
  timeLimit,
  async () => {
    const seen = await run((rt) =>
      coroutine(function* () {
        const task = rt.spawnAbortable(rt.sleep(60_000));
        const watcher = rt.spawn(coroutine(function* () {
          return yield* wait(task);
        }));
        task.abort();
        try {
          yield* wait(watcher);
          return "the watcher got a value?";
        } catch (error) {
          // The watcher rethrew the join's TaskError; its own join wraps it again.
          const inner = error instanceof TaskError ? error.cause : undefined;
          return inner instanceof TaskError && inner.cancelled
            ? "cancelled, as a TaskError"
            : String(error);
        }
      }), { clock: new VirtualClock() });
    assert.equal(seen, "cancelled, as a TaskError");
  },
);

Deno.test(
  "an async function's send wakes a task while the loop is parked (notify, not a watched promise)",
  timeLimit,
  async () => {
    const [sender, receiver] = channel<string>(1);
    const gotIt = Promise.withResolvers<void>();
    const message = await run((rt) =>
      coroutine(function* () {
        const native = rt.fromPromise((async () => {
          await rt.toPromise(sender.send("from outside"));
          await gotIt.promise; // settles only once the task has the message
        })());
        const received = yield* wait(receiver.recv());
        gotIt.resolve();
        yield* wait(native);
        return received;
      })
    );
    assert.equal(message, "from outside");
  },
);

Deno.test(
  "BouncePromise fulfils through thenables nested 10,000 deep",
  timeLimit,
  async () => {
    let nested: unknown = "deep";
    for (let i = 0; i < 10_000; i++) {
      const inner = nested;
      nested = {
        then: (onFulfilled: (v: unknown) => void) => onFulfilled(inner),
      };
    }
    assert.equal(
      await BouncePromise.resolve(nested as PromiseLike<string>),
      "deep",
    );
  },
);

// A map() forwards the timeout's cancel() to the receive or lock it wraps (lesson
// 01's combinators keep the contract), so nothing is left queued behind.
Deno.test({
  name:
    "timeout(map(rx.recv(), f), 5) that times out leaves no receive queued: the next message reaches the next receiver",
  ...timeLimit,
  async fn() {
    const [sender, receiver] = channel<string>(1);
    const result = await run((rt) =>
      coroutine(function* () {
        try {
          yield* wait(rt.timeout(map(receiver.recv(), (m) => m), 5));
        } catch (error) {
          assert.ok(error instanceof TimeoutError);
        }
        sender.trySend("not swallowed");
        return receiver.tryRecv();
      }), { clock: new VirtualClock() });
    assert.equal(result, "not swallowed");
  },
});

Deno.test({
  name: "timeout(map(mutex.lock(), f), 5) that times out leaves the mutex free",
  ...timeLimit,
  async fn() {
    const mutex = new Mutex(0);
    const held = mutex.tryLock();
    const locked = await run((rt) =>
      coroutine(function* () {
        try {
          yield* wait(rt.timeout(map(mutex.lock(), (guard) => guard), 5));
        } catch (error) {
          assert.ok(error instanceof TimeoutError);
        }
        held?.unlock();
        return mutex.locked;
      }), { clock: new VirtualClock() });
    assert.equal(locked, false, "no abandoned lock() took the mutex");
  },
});
