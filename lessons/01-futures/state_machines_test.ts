import assert from "node:assert/strict";
import {
  countingContext,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { AddBoth, Countdown, Ready, YieldNow } from "./state_machines.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";

Deno.test("Ready answers with its value on the first poll", timeLimit, () => {
  const cx = countingContext();
  assert.deepEqual(new Ready("hello").poll(cx), {
    ready: true,
    value: "hello",
  });
  assert.equal(
    cx.wakes,
    0,
    "a future that is ready has no reason to wake anyone",
  );
});

Deno.test(
  "Ready throws PolledAfterCompletionError when polled after completing",
  timeLimit,
  () => {
    const cx = countingContext();
    const future = new Ready(1);
    future.poll(cx);
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "YieldNow is pending once, and wakes itself before returning pending",
  timeLimit,
  () => {
    const cx = countingContext();
    assert.deepEqual(new YieldNow().poll(cx), { ready: false });
    assert.equal(
      cx.wakes,
      1,
      "pending without a wake means nobody polls it again",
    );
  },
);

Deno.test("YieldNow is ready on its second poll", timeLimit, () => {
  const cx = countingContext();
  const future = new YieldNow();
  future.poll(cx);
  assert.deepEqual(future.poll(cx), { ready: true, value: undefined });
  assert.throws(() => future.poll(cx), PolledAfterCompletionError);
});

Deno.test(
  "Countdown(3) is pending three times, waking itself each time, then ready with 4",
  timeLimit,
  () => {
    const cx = countingContext();
    const future = new Countdown(3);
    for (let i = 1; i <= 3; i++) {
      assert.deepEqual(
        future.poll(cx),
        { ready: false },
        `poll ${i} should be pending`,
      );
      assert.equal(
        cx.wakes,
        i,
        `after poll ${i}, the waker should have been woken ${i} times`,
      );
    }
    assert.deepEqual(future.poll(cx), { ready: true, value: 4 });
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "AddBoth does not poll its second future before the first is done",
  timeLimit,
  () => {
    const cx = countingContext();
    const first = new Probe<number>();
    const second = readyProbe(2);
    const future = new AddBoth(first, second);
    assert.deepEqual(future.poll(cx), { ready: false });
    assert.equal(first.polls, 1);
    assert.equal(
      second.polls,
      0,
      "the second await must not start before the first ends",
    );
  },
);

Deno.test(
  "AddBoth answers in one poll when both futures are ready",
  timeLimit,
  () => {
    const future = new AddBoth(readyProbe(40), readyProbe(2));
    assert.deepEqual(future.poll(countingContext()), {
      ready: true,
      value: 42,
    });
  },
);

Deno.test(
  "AddBoth remembers the first value while it waits for the second",
  timeLimit,
  () => {
    const cx = countingContext();
    const first = readyProbe(40);
    const second = new Probe<number>();
    const future = new AddBoth(first, second);
    assert.deepEqual(future.poll(cx), { ready: false });
    assert.deepEqual(future.poll(cx), { ready: false });
    second.complete(2);
    assert.deepEqual(future.poll(cx), { ready: true, value: 42 });
    assert.equal(
      first.polls,
      1,
      "a finished future must never be polled again",
    );
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);
  },
);
