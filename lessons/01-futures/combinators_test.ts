import assert from "node:assert/strict";
import {
  countingContext,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { andThen, join, map, select } from "./combinators.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";

Deno.test(
  "map applies the function to the value once the inner future is ready",
  timeLimit,
  () => {
    const future = map(readyProbe(20), (n) => `${n * 2}!`);
    assert.deepEqual(future.poll(countingContext()), {
      ready: true,
      value: "40!",
    });
  },
);

Deno.test(
  "map is pending while the inner future is, and hands it the same waker",
  timeLimit,
  () => {
    const cx = countingContext();
    const inner = new Probe<number>();
    const future = map(inner, (n) => n + 1);
    assert.deepEqual(future.poll(cx), { ready: false });
    inner.complete(1);
    assert.equal(
      cx.wakes,
      1,
      "completing the inner future should wake the outer's waker",
    );
    assert.deepEqual(future.poll(cx), { ready: true, value: 2 });
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "andThen starts the second future only after the first one finishes",
  timeLimit,
  () => {
    const cx = countingContext();
    const first = new Probe<number>();
    let started = 0;
    const future = andThen(first, (n) => {
      started++;
      return readyProbe(n * 10);
    });
    assert.deepEqual(future.poll(cx), { ready: false });
    assert.equal(
      started,
      0,
      "the second future was made before the first was ready",
    );
    first.complete(4);
    assert.deepEqual(future.poll(cx), { ready: true, value: 40 });
    assert.equal(started, 1);
  },
);

Deno.test(
  "andThen polls the second future in the same poll that finishes the first",
  timeLimit,
  () => {
    const cx = countingContext();
    const second = new Probe<string>();
    const future = andThen(readyProbe(1), () => second);
    assert.deepEqual(future.poll(cx), { ready: false });
    assert.equal(
      second.polls,
      1,
      "the new future must be polled at once, to store the waker",
    );
    assert.deepEqual(future.poll(cx), { ready: false });
    second.complete("done");
    assert.equal(cx.wakes, 1);
    assert.deepEqual(future.poll(cx), { ready: true, value: "done" });
    assert.equal(second.polls, 3);
  },
);

Deno.test("join answers with both values, in argument order", timeLimit, () => {
  const future = join(readyProbe("a"), readyProbe(1));
  assert.deepEqual(future.poll(countingContext()), {
    ready: true,
    value: ["a", 1],
  });
});

Deno.test(
  "join polls both futures on its first poll: they run at once",
  timeLimit,
  () => {
    const first = new Probe<number>();
    const second = new Probe<number>();
    assert.deepEqual(join(first, second).poll(countingContext()), {
      ready: false,
    });
    assert.equal(first.polls, 1);
    assert.equal(
      second.polls,
      1,
      "join waited for the first future before starting the second",
    );
  },
);

Deno.test(
  "join keeps polling the unfinished future but never polls a finished one again",
  timeLimit,
  () => {
    const cx = countingContext();
    const fast = readyProbe("fast");
    const slow = new Probe<string>();
    const future = join(fast, slow);
    assert.deepEqual(future.poll(cx), { ready: false });
    assert.deepEqual(future.poll(cx), { ready: false });
    slow.complete("slow");
    assert.deepEqual(future.poll(cx), { ready: true, value: ["fast", "slow"] });
    assert.equal(fast.polls, 1, "the finished future was polled again");
    assert.equal(slow.polls, 3);

    const early = readyProbe("early");
    const late = new Probe<string>();
    const mirrored = join(late, early);
    assert.deepEqual(mirrored.poll(cx), { ready: false });
    late.complete("late");
    assert.deepEqual(mirrored.poll(cx), {
      ready: true,
      value: ["late", "early"],
    });
    assert.equal(early.polls, 1, "the finished second future was polled again");
  },
);

Deno.test(
  "select answers with whichever future finishes first",
  timeLimit,
  () => {
    const cx = countingContext();
    const first = new Probe<number>();
    const second = new Probe<string>();
    const future = select(first, second);
    assert.deepEqual(future.poll(cx), { ready: false });
    second.complete("second wins");
    assert.deepEqual(future.poll(cx), {
      ready: true,
      value: { which: "second", value: "second wins" },
    });
  },
);

Deno.test(
  "select prefers the first future when both are ready",
  timeLimit,
  () => {
    const future = select(readyProbe(1), readyProbe(2));
    assert.deepEqual(future.poll(countingContext()), {
      ready: true,
      value: { which: "first", value: 1 },
    });
  },
);

Deno.test(
  "select stops polling the loser once there is a winner",
  timeLimit,
  () => {
    const cx = countingContext();
    const loser = new Probe<number>();
    const future = select(readyProbe(7), loser);
    future.poll(cx);
    assert.equal(
      loser.polls,
      0,
      "the second future was polled although the first had won",
    );
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);
    assert.equal(loser.polls, 0);
  },
);

Deno.test("combinators nest: map over join over andThen", timeLimit, () => {
  const cx = countingContext();
  const slow = new Probe<number>();
  const future = map(
    join(andThen(readyProbe(2), (n) => map(slow, (m) => m * n)), readyProbe(1)),
    ([product, one]) => product + one,
  );
  assert.deepEqual(future.poll(cx), { ready: false });
  slow.complete(20);
  assert.equal(
    cx.wakes,
    1,
    "the wake from deep inside should reach the outer waker",
  );
  assert.deepEqual(future.poll(cx), { ready: true, value: 41 });
});
