import assert from "node:assert/strict";
import {
  countingContext,
  inSequence,
  now,
  timeLimit,
  whenReady,
} from "../_support/testing.ts";
import type { Future } from "../01-futures/future.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { yieldNow } from "../04-scheduler/yield_now.ts";
import { Mutex, type MutexGuard } from "./mutex.ts";
import { ClosedError, PolledAfterCompletionError } from "../contract/errors.ts";

/** Ten tasks each add one to a counter by reading it, awaiting, and writing it back. */
function tenIncrements(
  increment: () => Future<unknown>,
): void {
  const scheduler = new Scheduler();
  for (let t = 0; t < 10; t++) scheduler.spawn(increment());
  scheduler.tick();
}

Deno.test(
  "a read-modify-write across an await loses updates without the lock, and keeps them with it",
  timeLimit,
  () => {
    let bare = 0;
    tenIncrements(() => {
      let read = 0;
      return inSequence((step) =>
        [
          now(() => read = bare),
          yieldNow(),
          now(() => bare = read + 1),
        ][step]
      );
    });
    assert.ok(bare < 10, `without a lock every task read 0; got ${bare}`);

    const mutex = new Mutex(0);
    tenIncrements(() => {
      let guard: MutexGuard<number> | undefined;
      let read = 0;
      return inSequence((step) =>
        [
          () => whenReady(mutex.lock(), (got) => guard = got),
          () => now(() => read = guard?.value ?? NaN),
          () => yieldNow(),
          () =>
            now(() => {
              if (guard === undefined) return;
              guard.value = read + 1;
              guard.unlock();
            }),
        ][step]?.()
      );
    });
    const guard = mutex.tryLock();
    assert.equal(guard?.value, 10, "every increment was kept");
  },
);

Deno.test("tasks get the lock in the order they asked", timeLimit, () => {
  const mutex = new Mutex<string[]>([]);
  const held = mutex.tryLock();
  const scheduler = new Scheduler();
  for (const name of ["a", "b", "c"]) {
    scheduler.spawn(whenReady(mutex.lock(), (guard) => {
      guard.value.push(name);
      guard.unlock();
    }));
  }
  scheduler.tick();
  assert.ok(mutex.locked);
  held?.unlock();
  scheduler.tick();
  assert.deepEqual(mutex.tryLock()?.value, ["a", "b", "c"]);
});

Deno.test(
  "tryLock fails while the lock is held, or while others wait for it",
  timeLimit,
  () => {
    const mutex = new Mutex(1);
    const first = mutex.tryLock();
    assert.notEqual(first, undefined);
    assert.equal(mutex.tryLock(), undefined);
    const cx = countingContext();
    const waiting = mutex.lock();
    assert.equal(waiting.poll(cx).ready, false);
    first?.unlock();
    assert.equal(
      mutex.tryLock(),
      undefined,
      "the lock went to the waiter, not to tryLock",
    );
    assert.ok(waiting.poll(cx).ready);
  },
);

Deno.test(
  "a guard unlocks once, refuses use afterwards, and `using` unlocks it at the end of a block",
  timeLimit,
  () => {
    const mutex = new Mutex({ visits: 0 });
    {
      using guard = mutex.tryLock() as MutexGuard<{ visits: number }>;
      guard.value.visits++;
      assert.ok(mutex.locked);
    }
    assert.equal(mutex.locked, false, "the block's end unlocked it");
    const guard = mutex.tryLock();
    assert.equal(guard?.value.visits, 1);
    guard?.unlock();
    guard?.unlock();
    assert.throws(
      () => guard?.value,
      ClosedError,
      "a guard that has unlocked refuses use with a ClosedError",
    );
    assert.equal(mutex.locked, false);
  },
);

Deno.test(
  "a lock cancelled after it was handed over passes it to the next waiter",
  timeLimit,
  () => {
    const mutex = new Mutex("value");
    const held = mutex.tryLock();
    const cx = countingContext();
    const [first, second] = [mutex.lock(), mutex.lock()];
    first.poll(cx);
    second.poll(cx);
    held?.unlock();
    first.cancel();
    assert.ok(second.poll(cx).ready);
  },
);

Deno.test(
  "a lock polled after it gave its guard, or after it was cancelled, throws PolledAfterCompletionError",
  timeLimit,
  () => {
    const mutex = new Mutex(0);
    const cx = countingContext();
    const taken = mutex.lock();
    const polled = taken.poll(cx);
    assert.ok(polled.ready);
    assert.throws(() => taken.poll(cx), PolledAfterCompletionError);
    const given = mutex.lock();
    assert.equal(given.poll(cx).ready, false);
    given.cancel();
    given.cancel();
    assert.throws(() => given.poll(cx), PolledAfterCompletionError);
    polled.value.unlock();
    assert.equal(mutex.locked, false, "the cancelled lock took no turn");
  },
);
