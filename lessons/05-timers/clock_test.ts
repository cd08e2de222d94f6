import assert from "node:assert/strict";
import { timeLimit } from "../_support/testing.ts";
import { SystemClock, VirtualClock } from "./clock.ts";

Deno.test(
  "a virtual clock stands still until it is advanced",
  timeLimit,
  () => {
    const clock = new VirtualClock(100);
    assert.equal(clock.now(), 100);
    assert.equal(clock.now(), 100);
    clock.advance(25);
    assert.equal(clock.now(), 125);
  },
);

Deno.test("a virtual clock never moves backwards", timeLimit, () => {
  const clock = new VirtualClock();
  assert.throws(() => clock.advance(-1), RangeError);
  assert.equal(clock.now(), 0);
});

Deno.test(
  "a virtual clock's waitUntil jumps straight to the deadline, and never back",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    await clock.waitUntil(5_000);
    assert.equal(clock.now(), 5_000, "no need to wait: jump to the deadline");
    await clock.waitUntil(1_000);
    assert.equal(
      clock.now(),
      5_000,
      "a deadline in the past leaves the clock alone",
    );
  },
);

Deno.test("the system clock reads performance.now()", timeLimit, () => {
  const before = performance.now();
  const now = new SystemClock().now();
  const after = performance.now();
  assert.ok(
    before <= now && now <= after,
    `${now} is not between ${before} and ${after}`,
  );
});

Deno.test(
  "the system clock's waitUntil stops early, leaving no timer, when its signal aborts",
  timeLimit,
  async () => {
    const clock = new SystemClock();
    const stop = new AbortController();
    // An hour away: if the abort did not end the wait, the test would time out, and
    // if it left the timer running, Deno's op sanitizer would fail the test.
    const waiting = clock.waitUntil(clock.now() + 3_600_000, stop.signal);
    stop.abort();
    await waiting;
  },
);
