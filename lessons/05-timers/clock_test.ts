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

Deno.test(
  "a virtual clock refuses to start at a time that is not finite (NaN would stop every timer)",
  timeLimit,
  () => {
    for (const start of [NaN, Infinity, -Infinity]) {
      assert.throws(
        () => new VirtualClock(start),
        RangeError,
        `new VirtualClock(${start}) should throw a RangeError`,
      );
    }
  },
);

Deno.test(
  "a virtual clock refuses to advance by Infinity, and stays where it is",
  timeLimit,
  () => {
    const clock = new VirtualClock(10);
    assert.throws(() => clock.advance(Infinity), RangeError);
    assert.throws(() => clock.advance(NaN), RangeError);
    assert.equal(clock.now(), 10);
  },
);

Deno.test(
  "a virtual clock's waitUntil refuses a deadline that is not finite, and stays where it is",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    await assert.rejects(clock.waitUntil(Infinity), RangeError);
    await assert.rejects(clock.waitUntil(NaN), RangeError);
    assert.equal(
      clock.now(),
      0,
      "a clock at Infinity would make every timer due",
    );
  },
);

/** Replace the global timer functions while `body` runs, noting each delay asked for. */
async function withFakeTimers(
  body: (timers: {
    delays: number[];
    fire: () => void;
    cleared: number;
  }) => Promise<void>,
): Promise<void> {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const pending: (() => void)[] = [];
  const fake = {
    delays: [] as number[],
    cleared: 0,
    /** Run the latest timer's callback, as the host would when it fires. */
    fire: () => pending.pop()?.(),
  };
  // Reflect.set: the fakes take only what SystemClock passes, not every overload.
  Reflect.set(globalThis, "setTimeout", (callback: () => void, delay = 0) => {
    fake.delays.push(delay);
    pending.push(callback);
    return pending.length;
  });
  Reflect.set(globalThis, "clearTimeout", () => {
    fake.cleared++;
  });
  try {
    await body(fake);
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
}

Deno.test(
  "the system clock waits for a deadline past 2^31 - 1 ms in steps a host timer can take, not in a busy loop",
  timeLimit,
  async () => {
    const clock = new SystemClock();
    const stop = new AbortController();
    let ended = false;
    await withFakeTimers(async (timers) => {
      const waiting = clock.waitUntil(clock.now() + 3 * 2 ** 31, stop.signal)
        .then(() => ended = true);
      assert.equal(timers.delays.length, 1, "one host timer at a time");
      assert.ok(
        timers.delays[0] <= 2 ** 31 - 1,
        `setTimeout takes at most 2^31 - 1 ms (a longer delay fires at once), but was asked for ${
          timers.delays[0]
        }`,
      );
      timers.fire(); // the first step ends, long before the deadline
      await Promise.resolve();
      assert.equal(ended, false, "the deadline is still far off: wait again");
      assert.equal(timers.delays.length, 2, "a second step, not a resolve");
      stop.abort();
      await waiting;
      assert.equal(timers.cleared, 1, "the abort clears the timer of the step");
    });
  },
);

Deno.test(
  "a virtual clock may advance by 0",
  timeLimit,
  () => {
    const clock = new VirtualClock(5);
    clock.advance(0);
    assert.equal(clock.now(), 5);
  },
);

Deno.test(
  "the system clock refuses to wait until NaN",
  timeLimit,
  async () => {
    await assert.rejects(new SystemClock().waitUntil(NaN), RangeError);
  },
);

Deno.test(
  "the system clock sets a host timer for the time left, and none at all when nothing is left to wait for",
  timeLimit,
  async () => {
    const clock = new SystemClock();
    await withFakeTimers(async (timers) => {
      const stop = new AbortController();
      const waiting = clock.waitUntil(clock.now() + 100, stop.signal);
      assert.equal(timers.delays.length, 1);
      assert.ok(
        timers.delays[0] > 50 && timers.delays[0] <= 100,
        `a deadline 100 ms away needs a timer of about 100 ms, not ${
          timers.delays[0]
        }`,
      );
      stop.abort();
      await waiting;
      await clock.waitUntil(clock.now() - 1);
      const aborted = new AbortController();
      aborted.abort();
      await clock.waitUntil(clock.now() + 3_600_000, aborted.signal);
      assert.equal(
        timers.delays.length,
        1,
        "a deadline already past, or a signal already aborted, needs no timer",
      );
    });
  },
);
