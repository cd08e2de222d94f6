import assert from "node:assert/strict";
import { Probe, timeLimit } from "../_support/testing.ts";
import { futureFrom } from "../_support/testing.ts";
import { VirtualClock } from "../05-timers/clock.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { Reactor } from "../06-io/reactor.ts";
import { fromPromise, toPromise } from "./bridge.ts";
import { coroutine, wait } from "./coroutine.ts";

Deno.test(
  "toPromise resolves with the future's value once it wakes and is ready",
  timeLimit,
  async () => {
    const probe = new Probe<string>();
    const promise = toPromise(probe);
    await Promise.resolve();
    assert.equal(probe.polls, 1, "polled once, in a microtask");
    probe.complete("done");
    assert.equal(await promise, "done");
    assert.equal(probe.polls, 2, "and once more after its wake");
  },
);

Deno.test(
  "toPromise rejects with what the future throws",
  timeLimit,
  async () => {
    const failing = futureFrom<number>(() => {
      throw new Error("broken future");
    });
    await assert.rejects(toPromise(failing), /broken future/);
  },
);

Deno.test(
  "fromPromise is pending until the promise settles, then wakes and answers",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const settled = Promise.withResolvers<number>();
    const future = fromPromise(settled.promise, reactor);
    let wakes = 0;
    const cx = { waker: { wake: () => void wakes++ } };
    assert.equal(future.poll(cx).ready, false);
    assert.equal(reactor.inFlight, 1, "the reactor is watching the promise");
    settled.resolve(3);
    await reactor.wait();
    assert.equal(wakes, 1);
    assert.deepEqual(future.poll(cx), { ready: true, value: 3 });

    const rejected = fromPromise(Promise.reject(new Error("nope")), reactor);
    await reactor.wait();
    assert.throws(() => rejected.poll(cx), /nope/);
  },
);

Deno.test(
  "both ways in one loop: a task awaits an async function that awaits a runtime sleep, set while the loop is parked",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    const reactor = new Reactor();
    const loop = new EventLoop({ clock, io: reactor });
    const log: string[] = [];
    async function nativeWork(): Promise<string> {
      log.push("async function starts");
      await toPromise(loop.timers.sleep(1_000), reactor);
      log.push(`async function wakes at ${clock.now()}`);
      return "native result";
    }
    const result = await loop.run(coroutine(function* () {
      const value = yield* wait(fromPromise(nativeWork(), reactor));
      log.push(`task gets ${value}`);
      return value;
    }));
    assert.equal(result, "native result");
    assert.deepEqual(log, [
      "async function starts",
      "async function wakes at 1000",
      "task gets native result",
    ]);
  },
);
