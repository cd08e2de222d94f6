import assert from "node:assert/strict";
import {
  countingContext,
  futureFrom,
  inSequence,
  now,
  timeLimit,
} from "../_support/testing.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { yieldNow } from "../04-scheduler/yield_now.ts";
import { type Notified, Notify } from "./notify.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";

Deno.test(
  "a notifyOne that finds nobody waiting is kept, so the next waiter does not wait (no lost wake-up)",
  timeLimit,
  () => {
    const notify = new Notify();
    notify.notifyOne();
    assert.ok(notify.notified().poll(countingContext()).ready);
    assert.equal(
      notify.notified().poll(countingContext()).ready,
      false,
      "the permit was used up",
    );
  },
);

Deno.test("at most one notification is kept", timeLimit, () => {
  const notify = new Notify();
  notify.notifyOne();
  notify.notifyOne();
  assert.ok(notify.notified().poll(countingContext()).ready);
  assert.equal(notify.notified().poll(countingContext()).ready, false);
});

Deno.test(
  "notifyOne wakes one waiter at a time, the one that waited longest",
  timeLimit,
  () => {
    const notify = new Notify();
    const contexts = [1, 2, 3].map(() => countingContext());
    const waits = contexts.map((cx) => {
      const notified = notify.notified();
      assert.equal(notified.poll(cx).ready, false);
      return notified;
    });
    notify.notifyOne();
    assert.deepEqual(contexts.map((cx) => cx.wakes), [1, 0, 0]);
    notify.notifyOne();
    assert.deepEqual(contexts.map((cx) => cx.wakes), [1, 1, 0]);
    assert.ok(waits[0].poll(contexts[0]).ready);
    assert.equal(waits[2].poll(contexts[2]).ready, false);
  },
);

Deno.test(
  "notifyWaiters wakes everyone waiting now and keeps nothing for later",
  timeLimit,
  () => {
    const notify = new Notify();
    const cx = countingContext();
    const waits = [notify.notified(), notify.notified()];
    for (const notified of waits) notified.poll(cx);
    notify.notifyWaiters();
    assert.equal(cx.wakes, 2);
    assert.ok(waits.every((notified) => notified.poll(cx).ready));
    assert.equal(notify.notified().poll(cx).ready, false);
  },
);

Deno.test(
  "a waiter cancelled after a notifyOne reached it passes the notification on",
  timeLimit,
  () => {
    const notify = new Notify();
    const cx = countingContext();
    const [first, second] = [notify.notified(), notify.notified()];
    first.poll(cx);
    second.poll(cx);
    notify.notifyOne();
    first.cancel();
    assert.ok(second.poll(cx).ready);
    assert.equal(notify.waiting, 0);
  },
);

Deno.test(
  "no lost wake-ups: a consumer waiting on a condition sees all 30 producers, whether they notify before or after it waits",
  timeLimit,
  () => {
    const notify = new Notify();
    const scheduler = new Scheduler();
    let available = 0;
    let consumed = 0;
    let nobodyWaiting = 0;
    let waiting: Notified | undefined;
    // The pattern Notify exists for: check the condition, and wait only if it is false.
    scheduler.spawn(futureFrom((cx) => {
      for (;;) {
        if (waiting !== undefined) {
          if (!waiting.poll(cx).ready) return { ready: false };
          waiting = undefined;
        }
        consumed += available;
        available = 0;
        if (consumed === 30) return { ready: true, value: undefined };
        waiting = notify.notified();
      }
    }));
    for (let i = 0; i < 30; i++) {
      scheduler.spawn(inSequence((step) => {
        if (step < i % 5) return yieldNow();
        if (step === i % 5) {
          return now(() => {
            available++;
            if (notify.waiting === 0) nobodyWaiting++;
            notify.notifyOne();
          });
        }
      }));
    }
    scheduler.tick();
    assert.equal(consumed, 30);
    assert.equal(scheduler.liveTasks, 0, "the consumer was never left waiting");
    assert.ok(
      nobodyWaiting > 0,
      "some notifications came while the consumer was not waiting",
    );
  },
);

Deno.test(
  "a notified() polled again by another waker is woken through the latest one",
  timeLimit,
  () => {
    const notify = new Notify();
    const first = countingContext();
    const latest = countingContext();
    const notified = notify.notified();
    assert.equal(notified.poll(first).ready, false);
    assert.equal(notified.poll(latest).ready, false);
    notify.notifyOne();
    assert.deepEqual([first.wakes, latest.wakes], [0, 1]);
  },
);

Deno.test(
  "a waiter cancelled before any notification leaves the queue: the next notifyOne wakes the one behind it",
  timeLimit,
  () => {
    const notify = new Notify();
    const leaving = countingContext();
    const staying = countingContext();
    const first = notify.notified();
    const second = notify.notified();
    first.poll(leaving);
    second.poll(staying);
    first.cancel();
    assert.equal(notify.waiting, 1);
    notify.notifyOne();
    assert.equal(staying.wakes, 1, "the notification went to a live waiter");
  },
);

Deno.test(
  "only a notifyOne is passed on: cancelling after notifyWaiters, or after answering, stores no permit",
  timeLimit,
  () => {
    const notify = new Notify();
    const cx = countingContext();
    const all = notify.notified();
    all.poll(cx);
    notify.notifyWaiters();
    all.cancel();
    const answered = notify.notified();
    answered.poll(cx);
    notify.notifyOne();
    assert.ok(answered.poll(cx).ready);
    assert.throws(() => answered.poll(cx), PolledAfterCompletionError);
    answered.cancel();
    assert.equal(
      notify.notified().poll(cx).ready,
      false,
      "no permit was left behind by either cancel",
    );
  },
);
