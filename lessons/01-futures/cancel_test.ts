import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import type { Future } from "./future.ts";
import { andThen, join, map, select } from "./combinators.ts";
import { AddBoth } from "./state_machines.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";

/** A cancellable probe that counts its cancels, to catch a second, stray one. */
class CountedProbe<T> extends CancellableProbe<T> {
  cancels = 0;

  override cancel(): void {
    super.cancel();
    this.cancels++;
  }
}

/** A future that throws `error` when polled. */
function throwing<T>(error: Error): Future<T> {
  return futureFrom<T>(() => {
    throw error;
  });
}

Deno.test(
  "map passes cancel() on to the future it is waiting for, once, however often it is cancelled",
  timeLimit,
  () => {
    const inner = new CountedProbe<number>();
    const future = map(inner, (n) => n + 1);
    assert.deepEqual(future.poll(countingContext()), { ready: false });
    future.cancel();
    future.cancel();
    assert.equal(
      inner.cancels,
      1,
      `the inner future should be cancelled exactly once; it was cancelled ${inner.cancels} times`,
    );
  },
);

Deno.test(
  "a combinator polled after cancel() throws PolledAfterCompletionError and leaves its futures alone",
  timeLimit,
  () => {
    const cx = countingContext();
    const made = [
      (p: Probe<number>) => map(p, (n) => n),
      (p: Probe<number>) => andThen(p, (n) => readyProbe(n)),
      (p: Probe<number>) => join(p, new Probe<number>()),
      (p: Probe<number>) => select(p, new Probe<number>()),
    ];
    for (const make of made) {
      const inner = new CancellableProbe<number>();
      const future = make(inner);
      future.poll(cx);
      future.cancel();
      inner.complete(1);
      assert.throws(
        () => future.poll(cx),
        PolledAfterCompletionError,
        "a cancelled combinator must refuse to be polled",
      );
      assert.equal(
        inner.polls,
        1,
        "a cancelled combinator polled its inner future again",
      );
    }
  },
);

Deno.test(
  "a combinator that has finished does not pass cancel() on: its futures are done",
  timeLimit,
  () => {
    const cx = countingContext();
    const inner = new CancellableProbe<number>();
    inner.complete(1);
    const mapped = map(inner, (n) => n);
    mapped.poll(cx);
    mapped.cancel();
    assert.equal(inner.cancelled, false, "map cancelled a finished future");

    const a = new CancellableProbe<string>();
    const b = new CancellableProbe<string>();
    a.complete("a");
    b.complete("b");
    const both = join(a, b);
    both.poll(cx);
    both.cancel();
    assert.equal(
      a.cancelled || b.cancelled,
      false,
      "join cancelled a finished future",
    );

    const first = new CancellableProbe<number>();
    first.complete(1);
    const second = new CancellableProbe<number>();
    second.complete(2);
    const sequenced = andThen(first, () => second);
    sequenced.poll(cx);
    sequenced.cancel();
    assert.equal(
      first.cancelled || second.cancelled,
      false,
      "andThen cancelled a finished future",
    );
  },
);

Deno.test(
  "cancelling a combinator over futures that cannot be cancelled is harmless",
  timeLimit,
  () => {
    const future = join(
      map(new Probe<number>(), (n) => n),
      new Probe<number>(),
    );
    future.poll(countingContext());
    future.cancel();
    assert.throws(
      () => future.poll(countingContext()),
      PolledAfterCompletionError,
    );
  },
);

Deno.test(
  "andThen never polls its first future again once it has its value",
  timeLimit,
  () => {
    const cx = countingContext();
    const first = readyProbe(1);
    let made = 0;
    const second = new Probe<number>();
    const future = andThen(first, () => {
      made++;
      return second;
    });
    future.poll(cx);
    future.poll(cx);
    second.complete(2);
    assert.deepEqual(future.poll(cx), { ready: true, value: 2 });
    assert.equal(first.polls, 1, "the finished first future was polled again");
    assert.equal(made, 1, "next() was called more than once");
  },
);

Deno.test(
  "andThen cancels its first future while it waits for it, and never starts the second",
  timeLimit,
  () => {
    const first = new CountedProbe<number>();
    let started = 0;
    const future = andThen(first, () => {
      started++;
      return readyProbe(0);
    });
    future.poll(countingContext());
    future.cancel();
    assert.equal(first.cancels, 1, "the first future was not cancelled");
    assert.equal(started, 0, "next() was called for a cancelled andThen");
  },
);

Deno.test(
  "andThen in its second phase cancels the second future, not the finished first",
  timeLimit,
  () => {
    const first = new CountedProbe<number>();
    first.complete(1);
    const second = new CountedProbe<number>();
    const future = andThen(first, () => second);
    assert.deepEqual(future.poll(countingContext()), { ready: false });
    future.cancel();
    assert.equal(second.cancels, 1, "the live second future was not cancelled");
    assert.equal(
      first.cancels,
      0,
      "the first future had finished; cancelling it is wrong",
    );
  },
);

Deno.test(
  "join cancels both futures while both are unfinished",
  timeLimit,
  () => {
    const a = new CountedProbe<number>();
    const b = new CountedProbe<number>();
    const future = join(a, b);
    future.poll(countingContext());
    future.cancel();
    assert.deepEqual([a.cancels, b.cancels], [1, 1]);
  },
);

Deno.test(
  "join cancels only the side that has not finished",
  timeLimit,
  () => {
    const cx = countingContext();
    for (const fastFirst of [true, false]) {
      const fast = new CountedProbe<string>();
      const slow = new CountedProbe<string>();
      fast.complete("fast");
      const future = fastFirst ? join(fast, slow) : join(slow, fast);
      assert.deepEqual(future.poll(cx), { ready: false });
      future.cancel();
      const where = fastFirst ? "first" : "second";
      assert.equal(
        fast.cancels,
        0,
        `the finished ${where} future was cancelled`,
      );
      assert.equal(slow.cancels, 1, "the unfinished future was not cancelled");
    }
  },
);

Deno.test(
  "join: when one side throws, the other is cancelled and the error passes on",
  timeLimit,
  () => {
    const cx = countingContext();
    const boom = new RangeError("boom");
    const waiting = new CountedProbe<number>();
    const second = join(waiting, throwing<number>(boom));
    assert.throws(() => second.poll(cx), (error) => error === boom);
    assert.equal(waiting.cancels, 1, "the other side was left waiting");
    assert.throws(() => second.poll(cx), PolledAfterCompletionError);

    const other = new CountedProbe<number>();
    const first = join(throwing<number>(boom), other);
    assert.throws(() => first.poll(cx), (error) => error === boom);
    assert.equal(other.cancels, 1, "the other side was left waiting");
    first.cancel();
    assert.equal(
      other.cancels,
      1,
      "a join that ended by a throw cancelled its other side again",
    );
    assert.equal(
      other.polls,
      0,
      "after the first side threw, the second was polled",
    );
  },
);

Deno.test(
  "join: a side that throws after the other finished leaves the finished side alone",
  timeLimit,
  () => {
    const cx = countingContext();
    const boom = new RangeError("boom");
    for (const finishedFirst of [true, false]) {
      const finished = new CountedProbe<number>();
      finished.complete(1);
      let polls = 0;
      const throwsLater = futureFrom<number>(() => {
        if (polls++ === 0) return { ready: false };
        throw boom;
      });
      const future = finishedFirst
        ? join(finished, throwsLater)
        : join(throwsLater, finished);
      assert.deepEqual(future.poll(cx), { ready: false });
      assert.throws(() => future.poll(cx), (error) => error === boom);
      assert.equal(
        finished.cancels,
        0,
        "a side that had finished was cancelled when the other threw",
      );
    }
  },
);

Deno.test(
  "select cancels the loser the moment there is a winner",
  timeLimit,
  () => {
    const cx = countingContext();
    const first = new CountedProbe<string>();
    const second = new CountedProbe<string>();
    const future = select(first, second);
    assert.deepEqual(future.poll(cx), { ready: false });
    second.complete("second");
    assert.deepEqual(future.poll(cx), {
      ready: true,
      value: { which: "second", value: "second" },
    });
    assert.equal(first.cancels, 1, "the losing first future was not cancelled");
    assert.equal(second.cancels, 0, "the winner was cancelled");
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);

    const winner = new CountedProbe<string>();
    winner.complete("first");
    const loser = new CountedProbe<string>();
    select(winner, loser).poll(cx);
    assert.equal(
      loser.cancels,
      1,
      "the losing second future was not cancelled",
    );
    assert.equal(winner.cancels, 0, "the winner was cancelled");
  },
);

Deno.test(
  "select.cancel() cancels both futures, and nothing once it has a winner",
  timeLimit,
  () => {
    const cx = countingContext();
    const a = new CountedProbe<number>();
    const b = new CountedProbe<number>();
    const waiting = select(a, b);
    waiting.poll(cx);
    waiting.cancel();
    assert.deepEqual([a.cancels, b.cancels], [1, 1]);

    const won = new CountedProbe<number>();
    won.complete(1);
    const lost = new CountedProbe<number>();
    const finished = select(won, lost);
    finished.poll(cx);
    finished.cancel();
    assert.equal(lost.cancels, 1, "the loser is cancelled once, when it lost");
    assert.equal(
      won.cancels,
      0,
      "the winner had finished; cancelling it is wrong",
    );
  },
);

Deno.test(
  "select: when one side throws, the other is cancelled and the error passes on",
  timeLimit,
  () => {
    const cx = countingContext();
    const boom = new RangeError("boom");
    const second = new CountedProbe<number>();
    const future = select(throwing<number>(boom), second);
    assert.throws(() => future.poll(cx), (error) => error === boom);
    assert.equal(second.cancels, 1, "the second future was left waiting");
    assert.throws(() => future.poll(cx), PolledAfterCompletionError);

    const first = new CountedProbe<number>();
    const secondThrows = select(first, throwing<number>(boom));
    assert.throws(() => secondThrows.poll(cx), (error) => error === boom);
    assert.equal(first.cancels, 1, "the first future was left waiting");
    assert.throws(
      () => secondThrows.poll(cx),
      PolledAfterCompletionError,
      "a select that threw has ended",
    );
    assert.equal(first.polls, 1, "an ended select polled its first future");
  },
);

Deno.test(
  "cancelling the top of a tree reaches every leaf still waiting, and only those",
  timeLimit,
  () => {
    const cx = countingContext();
    const slow = new CountedProbe<number>();
    const done = new CountedProbe<number>();
    done.complete(1);
    const racer = new CountedProbe<number>();
    const future = map(
      join(
        andThen(readyProbe(2), (n) => map(slow, (m) => m * n)),
        select(racer, done),
      ),
      ([product, either]) => product + either.value,
    );
    assert.deepEqual(future.poll(cx), { ready: false });
    assert.equal(racer.cancels, 1, "select's loser is cancelled when it loses");
    future.cancel();
    assert.equal(slow.cancels, 1, "the deepest waiting leaf was not cancelled");
    assert.equal(done.cancels, 0, "a finished leaf was cancelled");
    assert.equal(racer.cancels, 1, "a leaf was cancelled twice");
  },
);

Deno.test(
  "leaving a `using` block cancels a combinator",
  timeLimit,
  () => {
    const made = {
      map: (p: Probe<number>) => map(p, (n) => n),
      andThen: (p: Probe<number>) => andThen(p, (n) => readyProbe(n)),
      join: (p: Probe<number>) => join(p, new Probe<number>()),
      select: (p: Probe<number>) => select(p, new Probe<number>()),
    };
    for (const [name, make] of Object.entries(made)) {
      const inner = new CountedProbe<number>();
      {
        using future = make(inner);
        future.poll(countingContext());
      }
      assert.equal(
        inner.cancels,
        1,
        `${name}: [Symbol.dispose]() should cancel`,
      );
    }
  },
);

Deno.test(
  "AddBoth cancels the future it is awaiting, and refuses a poll afterwards",
  timeLimit,
  () => {
    const cx = countingContext();
    const first = new CountedProbe<number>();
    const second = new CountedProbe<number>();
    const early = new AddBoth(first, second);
    early.poll(cx);
    early.cancel();
    early.cancel();
    assert.deepEqual([first.cancels, second.cancels], [1, 0]);
    assert.throws(() => early.poll(cx), PolledAfterCompletionError);

    const a = new CountedProbe<number>();
    a.complete(1);
    const b = new CountedProbe<number>();
    {
      using late = new AddBoth(a, b);
      late.poll(cx);
    }
    assert.deepEqual(
      [a.cancels, b.cancels],
      [0, 1],
      "awaiting the second, AddBoth must cancel the second and leave the finished first",
    );
  },
);
