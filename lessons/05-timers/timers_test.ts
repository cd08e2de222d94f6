import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  Probe,
  timeLimit,
} from "../_support/testing.ts";
import { VirtualClock } from "./clock.ts";
import { Timers } from "./timers.ts";
import {
  PolledAfterCompletionError,
  TimeoutError,
} from "../contract/errors.ts";

/** Timers on a virtual clock starting at 0. */
function virtualTimers(): { clock: VirtualClock; timers: Timers } {
  const clock = new VirtualClock();
  return { clock, timers: new Timers(clock) };
}

Deno.test(
  "a sleep is lazy: its timer is set on its first poll, not before",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const sleep = timers.sleep(50);
    assert.equal(timers.pending, 0, "a future does nothing until it is polled");
    assert.equal(sleep.poll(countingContext()).ready, false);
    assert.equal(timers.pending, 1);
    assert.equal(timers.nextDeadline(), 50);
  },
);

Deno.test(
  "sleep(ms) is woken by fireDue once the clock reaches its deadline, then ready",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const cx = countingContext();
    const sleep = timers.sleep(50);
    sleep.poll(cx);
    clock.advance(49);
    assert.equal(timers.fireDue(), 0, "not due yet at 49 ms");
    assert.equal(cx.wakes, 0);
    clock.advance(1);
    assert.equal(timers.fireDue(), 1);
    assert.equal(cx.wakes, 1, "firing the timer wakes the sleeper");
    assert.equal(timers.pending, 0);
    assert.deepEqual(sleep.poll(cx), { ready: true, value: undefined });
    assert.throws(() => sleep.poll(cx), /polled again/);
  },
);

Deno.test(
  "a sleep counts from the call to sleep(), not from its first poll",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const sleep = timers.sleep(50);
    clock.advance(30);
    sleep.poll(countingContext());
    assert.equal(timers.nextDeadline(), 50);
  },
);

Deno.test(
  "a sleep whose deadline has passed is ready on its first poll and sets no timer",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const sleep = timers.sleep(10);
    clock.advance(10);
    assert.deepEqual(sleep.poll(countingContext()), {
      ready: true,
      value: undefined,
    });
    assert.equal(timers.pending, 0);
  },
);

Deno.test("a sleep wakes the waker of its latest poll only", timeLimit, () => {
  const { clock, timers } = virtualTimers();
  const first = countingContext();
  const latest = countingContext();
  const sleep = timers.sleep(5);
  sleep.poll(first);
  sleep.poll(latest);
  assert.equal(timers.pending, 1, "polling again must not set a second timer");
  clock.advance(5);
  timers.fireDue();
  assert.deepEqual([first.wakes, latest.wakes], [0, 1]);
});

Deno.test(
  "fireDue fires every due timer, earliest first, and leaves the rest",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const order: number[] = [];
    for (const ms of [30, 10, 40, 20]) {
      timers.sleep(ms).poll({ waker: { wake: () => void order.push(ms) } });
    }
    clock.advance(30);
    assert.equal(timers.fireDue(), 3);
    assert.deepEqual(order, [10, 20, 30]);
    assert.equal(timers.nextDeadline(), 40);
  },
);

Deno.test(
  "a cancelled sleep never fires and leaves no timer behind",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const cx = countingContext();
    const sleep = timers.sleep(10);
    sleep.poll(cx);
    sleep.cancel();
    assert.equal(
      timers.pending,
      0,
      "cancel must take the timer out of the heap",
    );
    assert.equal(timers.nextDeadline(), undefined);
    clock.advance(10);
    assert.equal(timers.fireDue(), 0);
    assert.equal(cx.wakes, 0);
  },
);

Deno.test("sleep refuses a negative duration", timeLimit, () => {
  assert.throws(() => virtualTimers().timers.sleep(-1), RangeError);
});

Deno.test(
  "timeout answers with the future's value and cancels its own timer",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const inner = new Probe<string>();
    const cx = countingContext();
    const limited = timers.timeout(inner, 100);
    assert.equal(limited.poll(cx).ready, false);
    assert.equal(timers.pending, 1, "the time limit is a timer");
    inner.complete("in time");
    assert.deepEqual(limited.poll(cx), { ready: true, value: "in time" });
    assert.equal(
      timers.pending,
      0,
      "the future won, so its timer must be cancelled",
    );
  },
);

Deno.test(
  "timeout throws a TimeoutError once its time is up and the future is still pending",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const cx = countingContext();
    const limited = timers.timeout(new Probe<string>(), 100);
    limited.poll(cx);
    clock.advance(100);
    timers.fireDue();
    assert.equal(
      cx.wakes,
      1,
      "the timer wakes the task so it can see the time is up",
    );
    assert.throws(() => limited.poll(cx), TimeoutError);
  },
);

Deno.test(
  "timeout passes on what its future throws, and cancels its timer",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const failing = {
      poll(): never {
        throw new Error("inner failure");
      },
    };
    const limited = timers.timeout(failing, 100);
    assert.throws(() => limited.poll(countingContext()), /inner failure/);
    assert.equal(timers.pending, 0);
  },
);

Deno.test(
  "an interval ticks at start + k·period, without drift, even when its task is late",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const cx = countingContext();
    const interval = timers.interval(10);
    const seen: number[] = [];
    for (const lateBy of [0, 7, 3, 0]) {
      const tick = interval.tick();
      assert.equal(tick.poll(cx).ready, false);
      clock.advance((timers.nextDeadline() ?? 0) - clock.now() + lateBy);
      timers.fireDue();
      const polled = tick.poll(cx);
      assert.ok(polled.ready, "the tick is ready once its time has come");
      seen.push(polled.value);
    }
    assert.deepEqual(seen, [10, 20, 30, 40]);
  },
);

Deno.test(
  "cancelling an interval takes its pending tick out of the timers",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const interval = timers.interval(10);
    interval.tick().poll(countingContext());
    assert.equal(timers.pending, 1);
    interval.cancel();
    assert.equal(timers.pending, 0);
  },
);

Deno.test(
  "sleep(Infinity) never fires and sets no timer, so nothing waits on its account",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const cx = countingContext();
    const forever = timers.sleep(Infinity);
    assert.equal(forever.poll(cx).ready, false);
    assert.equal(
      timers.pending,
      0,
      "a timer at Infinity would make the loop wait for a deadline that never comes",
    );
    clock.advance(2 ** 53);
    timers.fireDue();
    assert.equal(forever.poll(cx).ready, false);
    assert.equal(cx.wakes, 0);
  },
);

Deno.test("sleepUntil refuses a NaN deadline", timeLimit, () => {
  assert.throws(() => virtualTimers().timers.sleepUntil(NaN), RangeError);
});

Deno.test(
  "a timeout whose time runs out cancels the future it wraps, which will never be polled again",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const inner = new CancellableProbe<string>();
    const cx = countingContext();
    const limited = timers.timeout(inner, 100);
    limited.poll(cx);
    clock.advance(100);
    timers.fireDue();
    assert.throws(() => limited.poll(cx), TimeoutError);
    assert.equal(
      inner.cancelled,
      true,
      "the inner future still holds its place (a queue, a lock): cancel it",
    );
  },
);

Deno.test(
  "cancelling a timeout cancels its future and its timer; again does nothing; a poll then throws",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const inner = new CancellableProbe<string>();
    const limited = timers.timeout(inner, 100);
    limited.poll(countingContext());
    limited.cancel();
    assert.equal(inner.cancelled, true, "the wrapped future is cancelled");
    assert.equal(timers.pending, 0, "the time limit's timer is taken out");
    inner.cancelled = false;
    limited.cancel();
    assert.equal(inner.cancelled, false, "a second cancel does nothing");
    assert.throws(
      () => limited.poll(countingContext()),
      PolledAfterCompletionError,
    );
  },
);

Deno.test(
  "a timeout is disposable: leaving its `using` scope cancels it",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const inner = new CancellableProbe<string>();
    {
      using limited = timers.timeout(inner, 100);
      limited.poll(countingContext());
    }
    assert.equal(inner.cancelled, true);
    assert.equal(timers.pending, 0);
  },
);

Deno.test(
  "a timeout polled again after it answered throws PolledAfterCompletionError",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const inner = new Probe<string>();
    inner.complete("done");
    const limited = timers.timeout(inner, 100);
    const cx = countingContext();
    assert.deepEqual(limited.poll(cx), { ready: true, value: "done" });
    assert.throws(() => limited.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "a cancelled tick leaves the timers, and its tick is handed out again by the next tick()",
  timeLimit,
  () => {
    const { clock, timers } = virtualTimers();
    const interval = timers.interval(10);
    const cx = countingContext();
    const lost = interval.tick();
    lost.poll(cx);
    lost.cancel();
    assert.equal(timers.pending, 0, "the cancelled tick's timer is gone");
    assert.throws(() => lost.poll(cx), PolledAfterCompletionError);
    const again = interval.tick();
    again.poll(cx);
    assert.equal(
      timers.nextDeadline(),
      10,
      "a tick that lost a race is not used up: the next tick() is due at 10, not 20",
    );
    clock.advance(10);
    timers.fireDue();
    assert.deepEqual(again.poll(cx), { ready: true, value: 10 });
    assert.throws(() => again.poll(cx), PolledAfterCompletionError);
    const next = interval.tick();
    next.poll(cx);
    assert.equal(timers.nextDeadline(), 20, "a tick that was ready is used up");
    next[Symbol.dispose]();
    assert.equal(timers.pending, 0, "disposing a tick cancels it");
  },
);

Deno.test(
  "sleep(0) is ready on its first poll; interval refuses a period that is not above 0",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    assert.deepEqual(timers.sleep(0).poll(countingContext()), {
      ready: true,
      value: undefined,
    });
    for (const period of [0, -5, NaN]) {
      assert.throws(
        () => timers.interval(period),
        RangeError,
        `interval(${period}) should throw a RangeError`,
      );
    }
  },
);

Deno.test(
  "cancelling a timeout after it answered leaves its finished future alone",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    const inner = new CancellableProbe<string>();
    inner.complete("done");
    const limited = timers.timeout(inner, 100);
    limited.poll(countingContext());
    limited.cancel();
    assert.equal(
      inner.cancelled,
      false,
      "a finished future has nothing to undo",
    );
  },
);

Deno.test(
  "a sleep and an interval are disposable: leaving their `using` scope cancels them",
  timeLimit,
  () => {
    const { timers } = virtualTimers();
    {
      using sleep = timers.sleep(10);
      sleep.poll(countingContext());
      using interval = timers.interval(10);
      interval.tick().poll(countingContext());
      assert.equal(timers.pending, 2);
    }
    assert.equal(timers.pending, 0);
  },
);
