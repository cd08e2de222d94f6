import assert from "node:assert/strict";
import { countingContext, timeLimit } from "../_support/testing.ts";
import type { Context } from "../01-futures/future.ts";
import { Signal } from "./signal.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";

Deno.test("a Signal is pending until it is resolved", timeLimit, () => {
  const signal = new Signal<number>();
  assert.deepEqual(signal.poll(countingContext()), { ready: false });
  assert.equal(signal.resolved, false);
});

Deno.test(
  "resolve() wakes the waker from the latest poll, and only that one",
  timeLimit,
  () => {
    const signal = new Signal<string>();
    const earlier = countingContext();
    const latest = countingContext();
    signal.poll(earlier);
    signal.poll(latest);
    signal.resolve("go");
    assert.equal(
      latest.wakes,
      1,
      "the waker of the most recent poll must be woken",
    );
    assert.equal(
      earlier.wakes,
      0,
      "an old waker may belong to a task that moved on",
    );
    assert.deepEqual(signal.poll(latest), { ready: true, value: "go" });
  },
);

Deno.test(
  "a Signal resolved before its first poll is ready on that poll",
  timeLimit,
  () => {
    const signal = new Signal<number>();
    signal.resolve(3);
    assert.equal(signal.resolved, true);
    assert.deepEqual(signal.poll(countingContext()), { ready: true, value: 3 });
  },
);

Deno.test(
  "only the first resolve() counts, and it wakes only once",
  timeLimit,
  () => {
    const cx = countingContext();
    const signal = new Signal<number>();
    signal.poll(cx);
    signal.resolve(1);
    signal.resolve(2);
    assert.equal(cx.wakes, 1);
    assert.deepEqual(signal.poll(cx), { ready: true, value: 1 });
  },
);

Deno.test(
  "a Signal that has handed out its value throws if polled again",
  timeLimit,
  () => {
    const cx = countingContext();
    const signal = new Signal<number>();
    signal.resolve(1);
    signal.poll(cx);
    assert.throws(() => signal.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "a cancelled Signal forgets its waker: resolving it later wakes nobody",
  timeLimit,
  () => {
    const cx = countingContext();
    const signal = new Signal<number>();
    signal.poll(cx);
    signal.cancel();
    signal.cancel();
    signal.resolve(1);
    assert.equal(
      cx.wakes,
      0,
      "a cancelled future was woken: its waker should have been dropped",
    );
    assert.equal(signal.resolved, true, "the value is still recorded");
  },
);

Deno.test(
  "a cancelled Signal throws PolledAfterCompletionError if polled, even once resolved",
  timeLimit,
  () => {
    const cx = countingContext();
    const signal = new Signal<number>();
    signal.poll(cx);
    signal.cancel();
    assert.throws(() => signal.poll(cx), PolledAfterCompletionError);
    signal.resolve(2);
    assert.throws(() => signal.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test("leaving a `using` block cancels a Signal", timeLimit, () => {
  const cx = countingContext();
  const signal = new Signal<string>();
  {
    using waiting = signal;
    waiting.poll(cx);
  }
  signal.resolve("late");
  assert.equal(cx.wakes, 0, "[Symbol.dispose]() should cancel");
});

Deno.test(
  "a Signal resolved with undefined is ready with undefined",
  timeLimit,
  () => {
    const cx = countingContext();
    const signal = new Signal<undefined>();
    assert.deepEqual(signal.poll(cx), { ready: false });
    signal.resolve(undefined);
    assert.equal(cx.wakes, 1);
    assert.deepEqual(
      signal.poll(cx),
      { ready: true, value: undefined },
      "undefined is a value like any other: keep 'resolved' apart from the value",
    );
  },
);

Deno.test(
  "resolve() stores the value before it wakes: a waker that polls at once finds it",
  timeLimit,
  () => {
    const signal = new Signal<string>();
    const seen: unknown[] = [];
    const cx: Context = {
      waker: { wake: () => seen.push(signal.poll(cx)) },
    };
    signal.poll(cx);
    signal.resolve("here");
    assert.deepEqual(seen, [{ ready: true, value: "here" }]);
  },
);

Deno.test(
  "a Signal resolved and then cancelled before anyone took the value throws if polled",
  timeLimit,
  () => {
    const signal = new Signal<number>();
    signal.resolve(1);
    signal.cancel();
    assert.throws(
      () => signal.poll(countingContext()),
      PolledAfterCompletionError,
      "a poll after cancel throws, whatever happened before",
    );
  },
);
