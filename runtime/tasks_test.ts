/**
 * Lessons 01–04 through the runtime's API: cancellation passed down through
 * combinators, several joiners on one task, shutdown when main ends, far-apart
 * priorities, and two loops that share nothing.
 */

import assert from "node:assert/strict";
import {
  andThen,
  CancelledError,
  EventLoop,
  type Future,
  join,
  type JoinHandle,
  map,
  PolledAfterCompletionError,
  PriorityPolicy,
  ready,
  select,
  Signal,
  TaskError,
  VirtualClock,
  yieldNow,
} from "./mod.ts";
import { timeLimit } from "../lessons/_support/testing.ts";

/** A future that is ready at once with what `action` returns. */
function now<T>(action: () => T): Future<T> {
  return { poll: () => ready(action()) };
}

/** An event loop on a virtual clock. */
function virtualLoop(policy?: PriorityPolicy): EventLoop {
  return new EventLoop({ clock: new VirtualClock(), policy });
}

Deno.test(
  "a race lost inside map releases the loser's timer the moment the race is won",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    const { timers } = loop;
    const timersLeft = await loop.run(andThen(
      select(map(timers.sleep(60_000), () => "slow"), timers.sleep(5)),
      () => now(() => timers.pending),
    ));
    assert.equal(timersLeft, 0, "the losing sleep's timer is still set");
    assert.equal(loop.clock.now(), 5);
  },
);

Deno.test(
  "three tasks joining one task are all woken and all get its value",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    const main = andThen(
      now(() => {
        const target = loop.spawn(map(loop.timers.sleep(10), () => "shared"));
        return [0, 1, 2].map(() => loop.spawn(target));
      }),
      (joiners: JoinHandle<string>[]) =>
        andThen(
          loop.timers.sleep(20),
          () => now(() => joiners.map((joiner) => joiner.outcome)),
        ),
    );
    const outcomes = await loop.run(main);
    assert.deepEqual(outcomes, [
      { ok: true, value: "shared" },
      { ok: true, value: "shared" },
      { ok: true, value: "shared" },
    ]);
  },
);

Deno.test(
  "when main ends, every task still alive is cancelled and its joiners are told so",
  timeLimit,
  async () => {
    const loop = virtualLoop();
    let leftBehind: JoinHandle<void> | undefined;
    await loop.run(now(() => {
      leftBehind = loop.spawn(loop.timers.sleep(60_000));
    }));
    assert.equal(loop.scheduler.liveTasks, 0);
    assert.equal(loop.timers.pending, 0, "the sleeping task kept its timer");
    const outcome = leftBehind?.outcome;
    assert.ok(outcome !== undefined && !outcome.ok);
    assert.ok(outcome.error instanceof CancelledError);
    assert.ok(new TaskError(outcome.error).cancelled);
  },
);

Deno.test(
  "a task spawned with priority 1e8 under PriorityPolicy runs, after the others",
  timeLimit,
  async () => {
    const loop = virtualLoop(new PriorityPolicy(100));
    const order: string[] = [];
    await loop.run(andThen(
      now(() => {
        loop.spawn(now(() => order.push("far")), { priority: 1e8 });
        loop.spawn(now(() => order.push("near")), { priority: 1 });
      }),
      () => andThen(yieldNow(), () => yieldNow()),
    ));
    assert.deepEqual(order, ["near", "far"]);
  },
);

Deno.test(
  "two loops in one process share nothing: each counts its own task ids",
  timeLimit,
  async () => {
    const first = virtualLoop();
    const second = virtualLoop();
    const ids = await first.run(now(() => [
      first.spawn(yieldNow()).id,
      second.spawn(yieldNow()).id,
      first.spawn(yieldNow()).id,
    ]));
    assert.deepEqual(ids, [2, 1, 3], "main is task 1 of the first loop");
  },
);

Deno.test(
  "the cancellable futures of lessons 01–04 cancel on dispose and refuse a poll afterwards",
  timeLimit,
  () => {
    const loop = virtualLoop();
    const cx = { waker: { wake() {} } };
    const futures = [
      map(new Signal<number>(), (n) => n),
      andThen(new Signal<number>(), () => new Signal<number>()),
      join(new Signal<number>(), new Signal<number>()),
      select(new Signal<number>(), new Signal<number>()),
      new Signal<number>(),
      loop.spawn(new Signal<number>()),
    ];
    for (const future of futures) {
      assert.deepEqual(future.poll(cx), { ready: false });
      future[Symbol.dispose]();
      assert.throws(() => future.poll(cx), PolledAfterCompletionError);
    }
    loop.scheduler.shutdown();
  },
);
