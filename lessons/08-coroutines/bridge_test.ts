import assert from "node:assert/strict";
import {
  drainMicrotasks,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { VirtualClock } from "../05-timers/clock.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { Reactor } from "../06-io/reactor.ts";
import { race } from "../07-channels/race.ts";
import { fromPromise, type Notifiable, toPromise } from "./bridge.ts";
import { coroutine, wait } from "./coroutine.ts";
import { DeadlockError } from "../contract/errors.ts";

/** A notifiable that counts its notifications. */
function countingNotifier(): Notifiable & { readonly count: number } {
  let count = 0;
  return {
    notify: () => void count++,
    get count() {
      return count;
    },
  };
}

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
      await toPromise(loop.timers.sleep(1_000), loop);
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

Deno.test(
  "toPromise polls in a microtask: never during the call, never inside wake()",
  timeLimit,
  async () => {
    const probe = new Probe<string>();
    const promise = toPromise(probe);
    assert.equal(probe.polls, 0, "toPromise() must not poll before it returns");
    await Promise.resolve();
    assert.equal(probe.polls, 1);
    probe.complete("done"); // calls wake() on toPromise's waker
    assert.equal(
      probe.polls,
      1,
      "wake() must queue the poll, not poll in the middle of whoever woke it",
    );
    assert.equal(await promise, "done");
    assert.equal(probe.polls, 2);
  },
);

Deno.test(
  "toPromise notifies the loop after every poll, so a parked loop looks again",
  timeLimit,
  async () => {
    const probe = new Probe<number>();
    const loop = countingNotifier();
    const promise = toPromise(probe, loop);
    await drainMicrotasks();
    assert.equal(loop.count, 1, "one poll, one notify");
    probe.complete(1);
    await promise;
    assert.equal(loop.count, 2, "the poll that finished notified too");
  },
);

Deno.test(
  "a cancelled fromPromise stops counting as in flight at once",
  timeLimit,
  () => {
    const reactor = new Reactor();
    const never = new Promise<number>(() => {});
    const future = fromPromise(never, reactor);
    assert.equal(reactor.inFlight, 1);
    future.cancel();
    assert.equal(
      reactor.inFlight,
      0,
      "a promise nobody waits for must not keep the reactor busy: detach its watch",
    );
  },
);

Deno.test(
  "a fromPromise that lost a race does not keep the loop from reporting a later deadlock",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const loop = new EventLoop({ clock: new VirtualClock(), io: reactor });
    const never = new Promise<string>(() => {});
    await assert.rejects(
      loop.run(coroutine(function* () {
        const winner = yield* wait(
          race([fromPromise(never, reactor), readyProbe("now")]),
        );
        assert.equal(winner.value, "now");
        yield* wait(new Probe<void>()); // nothing will ever wake this
      })),
      DeadlockError,
    );
  },
);

Deno.test(
  "toPromise polls once for many wakes, and not at all once it has settled",
  timeLimit,
  async () => {
    let polls = 0;
    const result: { value?: string } = {};
    let waker: { wake(): void } = { wake() {} };
    const future = futureFrom<string>((cx) => {
      polls++;
      waker = cx.waker;
      const value = result.value;
      return value === undefined ? { ready: false } : { ready: true, value };
    });
    const promise = toPromise(future);
    await drainMicrotasks();
    assert.equal(polls, 1);
    waker.wake();
    waker.wake();
    await drainMicrotasks();
    assert.equal(polls, 2, "two wakes before the poll ran are one poll");
    result.value = "done";
    waker.wake();
    assert.equal(await promise, "done");
    waker.wake();
    await drainMicrotasks();
    assert.equal(polls, 3, "a wake after the promise settled polls nothing");
  },
);
