import assert from "node:assert/strict";
import {
  countingContext,
  futureFrom,
  inSequence,
  now,
  timeLimit,
  whenReady,
} from "../_support/testing.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { yieldNow } from "../04-scheduler/yield_now.ts";
import { type Permit, Semaphore } from "./semaphore.ts";
import { ClosedError, PolledAfterCompletionError } from "../contract/errors.ts";

Deno.test(
  "permits are taken while free and come back on release",
  timeLimit,
  () => {
    const semaphore = new Semaphore(3);
    const two = semaphore.tryAcquire(2);
    assert.equal(two?.permits, 2);
    assert.equal(semaphore.available, 1);
    assert.equal(semaphore.tryAcquire(2), undefined, "only one is free");
    two?.release();
    two?.release();
    assert.equal(semaphore.available, 3, "a second release gives nothing back");
  },
);

Deno.test(
  "an acquire waits while no permit is free, and is woken by a release",
  timeLimit,
  () => {
    const semaphore = new Semaphore(1);
    const held = semaphore.tryAcquire();
    const cx = countingContext();
    const acquire = semaphore.acquire();
    assert.equal(acquire.poll(cx).ready, false);
    assert.equal(semaphore.waiting, 1);
    held?.release();
    assert.equal(cx.wakes, 1, "the release wakes the waiter");
    assert.equal(semaphore.available, 0, "the permit is handed to the waiter");
    assert.equal(
      semaphore.tryAcquire(),
      undefined,
      "nobody can take it meanwhile",
    );
    const polled = acquire.poll(cx);
    assert.ok(polled.ready);
    assert.equal(polled.value.permits, 1);
  },
);

Deno.test(
  "waiters are served in the order they came (fairness)",
  timeLimit,
  () => {
    const semaphore = new Semaphore(0);
    const order: string[] = [];
    const scheduler = new Scheduler();
    for (const name of ["a", "b", "c", "d"]) {
      let acquire: ReturnType<Semaphore["acquire"]> | undefined;
      scheduler.spawn(futureFrom((cx) => {
        acquire ??= semaphore.acquire();
        const polled = acquire.poll(cx);
        if (!polled.ready) return polled;
        order.push(name);
        polled.value.release();
        return polled;
      }));
    }
    scheduler.tick();
    assert.equal(semaphore.waiting, 4);
    semaphore.release(1);
    scheduler.tick();
    assert.deepEqual(order, ["a", "b", "c", "d"]);
  },
);

Deno.test(
  "a big request at the front holds back smaller ones behind it",
  timeLimit,
  () => {
    const semaphore = new Semaphore(1);
    const cx = countingContext();
    const big = semaphore.acquire(2);
    const small = semaphore.acquire(1);
    assert.equal(big.poll(cx).ready, false);
    assert.equal(
      small.poll(cx).ready,
      false,
      "one permit is free, but the waiter for two came first",
    );
    semaphore.release(1);
    assert.ok(big.poll(cx).ready, "two are free now, and they go to big");
    assert.equal(small.poll(cx).ready, false);
  },
);

Deno.test(
  "a cancelled waiter leaves the queue, and one cancelled after its grant passes the permits on",
  timeLimit,
  () => {
    const semaphore = new Semaphore(1);
    const held = semaphore.tryAcquire();
    const cx = countingContext();
    const [first, second, third] = [1, 2, 3].map(() => semaphore.acquire());
    for (const acquire of [first, second, third]) acquire.poll(cx);
    first.cancel();
    assert.equal(semaphore.waiting, 2);
    held?.release();
    // Granted to `second`, which gives up before it looks.
    second.cancel();
    assert.ok(third.poll(cx).ready, "the permit went on to the next waiter");
    assert.equal(semaphore.available, 0);
  },
);

Deno.test(
  "closing wakes every waiter, and they throw a ClosedError",
  timeLimit,
  () => {
    const semaphore = new Semaphore(0);
    const cx = countingContext();
    const acquire = semaphore.acquire();
    acquire.poll(cx);
    semaphore.close();
    assert.equal(cx.wakes, 1);
    assert.throws(() => acquire.poll(cx), ClosedError);
    assert.throws(() => semaphore.tryAcquire(), ClosedError);
  },
);

Deno.test(
  "a permit held with `using` is released when its block ends, even by a throw",
  timeLimit,
  () => {
    const semaphore = new Semaphore(1);
    assert.throws(() => {
      using _permit = semaphore.tryAcquire() as Permit;
      assert.equal(semaphore.available, 0);
      throw new Error("the work failed");
    }, /the work failed/);
    assert.equal(semaphore.available, 1);
  },
);

Deno.test(
  "at most N tasks hold a permit at once, and all of them get a turn",
  timeLimit,
  () => {
    const semaphore = new Semaphore(3);
    const scheduler = new Scheduler();
    let inside = 0;
    let most = 0;
    let finished = 0;
    for (let t = 0; t < 20; t++) {
      let permit: Permit | undefined;
      scheduler.spawn(inSequence((step) => {
        switch (step) {
          case 0:
            return whenReady(semaphore.acquire(), (got) => permit = got);
          case 1:
            return now(() => most = Math.max(most, ++inside));
          case 2:
            return yieldNow();
          case 3:
            return now(() => {
              inside--;
              finished++;
              permit?.release();
            });
        }
      }));
    }
    scheduler.tick();
    assert.equal(finished, 20);
    assert.equal(most, 3);
    assert.equal(semaphore.available, 3);
  },
);

Deno.test(
  "a release too small for the waiter at the front serves nobody, not even a smaller waiter behind it",
  timeLimit,
  () => {
    const semaphore = new Semaphore(0);
    const bigCx = countingContext();
    const smallCx = countingContext();
    const big = semaphore.acquire(2);
    const small = semaphore.acquire(1);
    assert.equal(big.poll(bigCx).ready, false);
    assert.equal(small.poll(smallCx).ready, false);
    semaphore.release(1);
    assert.equal(
      smallCx.wakes,
      0,
      "the small waiter was served past the big one at the front: it must wait its turn",
    );
    assert.equal(semaphore.available, 1, "the permit stays free for big");
    assert.equal(small.poll(smallCx).ready, false);
    semaphore.release(1);
    assert.equal(bigCx.wakes, 1, "two free now: big is served");
    assert.ok(big.poll(bigCx).ready);
  },
);

Deno.test(
  "when a big waiter at the front gives up, the smaller ones behind it that fit are served and woken",
  timeLimit,
  () => {
    const semaphore = new Semaphore(1);
    const cx = countingContext();
    const smallCx = countingContext();
    const big = semaphore.acquire(2);
    const small = semaphore.acquire(1);
    assert.equal(big.poll(cx).ready, false);
    assert.equal(small.poll(smallCx).ready, false);
    big.cancel();
    assert.equal(
      smallCx.wakes,
      1,
      "the one free permit fits the small waiter now: it must be woken, or it waits forever",
    );
    assert.ok(small.poll(smallCx).ready);
  },
);

Deno.test(
  "an acquire polled again by another waker is woken through the latest one",
  timeLimit,
  () => {
    const semaphore = new Semaphore(0);
    const first = countingContext();
    const latest = countingContext();
    const acquire = semaphore.acquire();
    assert.equal(acquire.poll(first).ready, false);
    assert.equal(acquire.poll(latest).ready, false);
    semaphore.release(1);
    assert.deepEqual(
      [first.wakes, latest.wakes],
      [0, 1],
      "the release must wake the waker of the latest poll (the task may have moved on from the first)",
    );
  },
);

Deno.test(
  "a number of permits is a whole number from 0 up",
  timeLimit,
  () => {
    assert.throws(() => new Semaphore(-1), RangeError);
    assert.throws(() => new Semaphore(1.5), RangeError);
    const semaphore = new Semaphore(1);
    assert.throws(() => semaphore.acquire(-1), RangeError);
    assert.throws(() => semaphore.tryAcquire(0.5), RangeError);
    assert.throws(() => semaphore.release(-2), RangeError);
    assert.equal(semaphore.available, 1, "a refused release changed nothing");
  },
);

Deno.test(
  "a forgotten permit is never given back",
  timeLimit,
  () => {
    const semaphore = new Semaphore(2);
    const permit = semaphore.tryAcquire(2);
    permit?.forget();
    permit?.release();
    assert.equal(semaphore.available, 0);
  },
);

Deno.test(
  "an acquire answers once, whichever way: a poll after its permit, or after a ClosedError, throws PolledAfterCompletionError",
  timeLimit,
  () => {
    const cx = countingContext();
    const semaphore = new Semaphore(1);
    const fast = semaphore.acquire();
    assert.ok(fast.poll(cx).ready, "a free permit is taken at once");
    assert.throws(() => fast.poll(cx), PolledAfterCompletionError);

    const granted = semaphore.acquire();
    assert.equal(granted.poll(cx).ready, false);
    semaphore.release(1);
    assert.ok(granted.poll(cx).ready);
    assert.throws(() => granted.poll(cx), PolledAfterCompletionError);
    granted.cancel();
    assert.equal(
      semaphore.available,
      0,
      "cancelling an acquire that already answered gives nothing back: its permit is the caller's",
    );

    const refused = new Semaphore(0);
    const waiting = refused.acquire();
    waiting.poll(cx);
    refused.close();
    assert.throws(() => waiting.poll(cx), ClosedError);
    assert.throws(() => waiting.poll(cx), PolledAfterCompletionError);
  },
);
