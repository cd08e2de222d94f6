/**
 * Lessons 07–09 through the runtime's API: tasks written as coroutines, talking over
 * channels, in scopes, with timeouts that cancel, and bridged to async functions.
 */

import assert from "node:assert/strict";
import {
  channel,
  coroutine,
  Mutex,
  run,
  TaskError,
  TimeoutError,
  VirtualClock,
  wait,
} from "./mod.ts";
import { timeLimit } from "../lessons/_support/testing.ts";

Deno.test(
  "a pipeline of coroutine tasks over bounded channels",
  timeLimit,
  async () => {
    const total = await run((rt) =>
      coroutine(function* () {
        const [toDouble, doubling] = channel<number>(2);
        const [toSum, summing] = channel<number>(2);
        rt.spawn(coroutine(function* () {
          for (let i = 1; i <= 100; i++) yield* wait(toDouble.send(i));
          toDouble.close();
        }));
        rt.spawn(coroutine(function* () {
          for (;;) {
            const n = yield* wait(doubling.recv());
            if (n === undefined) break;
            yield* wait(toSum.send(n * 2));
          }
          toSum.close();
        }));
        let sum = 0;
        for (;;) {
          const n = yield* wait(summing.recv());
          if (n === undefined) return sum;
          sum += n;
        }
      })
    );
    assert.equal(total, 10_100);
  },
);

Deno.test(
  "a mutex held across sleeps keeps a read-modify-write whole",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    const counter = new Mutex(0);
    await run(
      (rt) =>
        coroutine(function* () {
          const workers = Array.from(
            { length: 5 },
            () =>
              rt.spawn(coroutine(function* () {
                using guard = yield* wait(counter.lock());
                const read = guard.value;
                yield* wait(rt.sleep(10));
                guard.value = read + 1;
              })),
          );
          for (const worker of workers) yield* wait(worker);
        }),
      { clock },
    );
    assert.equal(counter.tryLock()?.value, 5);
    assert.equal(clock.now(), 50, "the five held the lock one after another");
  },
);

Deno.test(
  "a scope aborts a sleeping sibling when a child fails, and the timeout cancels its loser",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    await assert.rejects(
      run(
        (rt) =>
          rt.scope((s) => {
            s.spawn(coroutine(function* () {
              try {
                yield* wait(rt.sleep(60_000));
              } finally {
                log.push(`sibling stopped at ${clock.now()}`);
              }
            }));
            return coroutine(function* () {
              const [, never] = channel<string>(1);
              try {
                yield* wait(rt.timeout(never.recv(), 100));
              } catch (error) {
                if (error instanceof TimeoutError) log.push("timed out");
                throw error;
              }
            });
          }),
        { clock },
      ),
      TimeoutError,
    );
    assert.deepEqual(log, ["timed out", "sibling stopped at 100"]);
  },
);

Deno.test(
  "an abortable task, and bridges both ways between tasks and async functions",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    const result = await run(
      (rt) =>
        coroutine(function* () {
          const forever = rt.spawnAbortable(rt.sleep(3_600_000));
          forever.abort();
          let aborted = false;
          try {
            yield* wait(forever);
          } catch (error) {
            aborted = error instanceof TaskError && error.cancelled;
          }
          const fromAsync = yield* wait(rt.fromPromise((async () => {
            await rt.toPromise(rt.sleep(250));
            return clock.now();
          })()));
          return { aborted, fromAsync };
        }),
      { clock },
    );
    assert.deepEqual(result, { aborted: true, fromAsync: 250 });
  },
);
