import assert from "node:assert/strict";
import {
  countingContext,
  inSequence,
  now,
  timeLimit,
} from "../_support/testing.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { yieldNow } from "../04-scheduler/yield_now.ts";
import { Notify } from "./notify.ts";

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
  "no lost wake-ups: 30 waiters and 30 notifiers in a shuffled order all finish",
  timeLimit,
  () => {
    const notify = new Notify();
    const scheduler = new Scheduler();
    let woken = 0;
    for (let i = 0; i < 30; i++) {
      // Waiters and notifiers interleave, some yielding first, so notifications
      // arrive both before and after their waiter starts waiting.
      const delay = i % 4;
      scheduler.spawn(inSequence((step) => {
        if (step < delay) return yieldNow();
        if (step === delay) return notify.notified();
        if (step === delay + 1) return now(() => woken++);
      }));
      scheduler.spawn(inSequence((step) => {
        if (step < 3 - delay) return yieldNow();
        if (step === 3 - delay) return now(() => notify.notifyOne());
      }));
    }
    scheduler.tick();
    assert.equal(woken, 30);
    assert.equal(scheduler.liveTasks, 0);
  },
);
