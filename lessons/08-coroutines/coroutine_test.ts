import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { yieldNow } from "../04-scheduler/yield_now.ts";
import { channel } from "../07-channels/channel.ts";
import { coroutine, wait } from "./coroutine.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";

Deno.test(
  "a coroutine does nothing until it is first polled",
  timeLimit,
  () => {
    let started = false;
    // deno-lint-ignore require-yield
    const lazy = coroutine(function* () {
      started = true;
      return 1;
    });
    assert.equal(started, false);
    assert.deepEqual(lazy.poll(countingContext()), { ready: true, value: 1 });
    assert.equal(started, true);
  },
);

Deno.test(
  "each yielded future is awaited, and its value comes back out of the yield",
  timeLimit,
  () => {
    const first = new Probe<number>();
    const second = new Probe<string>();
    const cx = countingContext();
    const both = coroutine(function* () {
      const n = yield* wait(first);
      const s = yield* wait(second);
      return `${s}${n}`;
    });
    assert.equal(both.poll(cx).ready, false);
    assert.equal(second.polls, 0, "it waits for the first before the second");
    first.complete(7);
    assert.equal(both.poll(cx).ready, false);
    second.complete("n=");
    assert.deepEqual(both.poll(cx), { ready: true, value: "n=7" });
    assert.throws(() => both.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "futures that are ready already do not cost a poll of the coroutine each",
  timeLimit,
  () => {
    const quick = coroutine(function* () {
      let sum = 0;
      for (let i = 0; i < 100; i++) sum += yield* wait(readyProbe(i));
      return sum;
    });
    assert.deepEqual(quick.poll(countingContext()), {
      ready: true,
      value: 4950,
    });
  },
);

Deno.test(
  "an error from an awaited future is thrown at the yield, where try/catch sees it",
  timeLimit,
  () => {
    const failing = futureFrom<number>(() => {
      throw new Error("the read failed");
    });
    const caught = coroutine(function* () {
      try {
        return yield* wait(failing);
      } catch (error) {
        return error instanceof Error ? `caught: ${error.message}` : "?";
      }
    });
    assert.deepEqual(caught.poll(countingContext()), {
      ready: true,
      value: "caught: the read failed",
    });
    const uncaught = coroutine(function* () {
      yield* wait(failing);
    });
    assert.throws(() => uncaught.poll(countingContext()), /the read failed/);
  },
);

Deno.test(
  "cancelling runs the coroutine's finally blocks and cancels what it waits for",
  timeLimit,
  () => {
    const log: string[] = [];
    const waitingFor = Object.assign(new Probe<number>(), {
      cancel: () => void log.push("awaited future cancelled"),
    });
    const job = coroutine(function* () {
      try {
        yield* wait(waitingFor);
        log.push("never");
      } finally {
        log.push("finally ran");
      }
    });
    assert.equal(job.poll(countingContext()).ready, false);
    job.cancel();
    assert.deepEqual(log, ["awaited future cancelled", "finally ran"]);
    assert.throws(
      () => job.poll(countingContext()),
      PolledAfterCompletionError,
    );
  },
);

Deno.test(
  "coroutines run as tasks: a producer and a consumer through a channel, written like async functions",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(2);
    const scheduler = new Scheduler();
    scheduler.spawn(coroutine(function* () {
      for (let i = 1; i <= 10; i++) {
        yield* wait(sender.send(i));
        if (i % 3 === 0) yield* wait(yieldNow());
      }
      sender.close();
    }));
    const total = scheduler.run(coroutine(function* () {
      let sum = 0;
      for (;;) {
        const n = yield* wait(receiver.recv());
        if (n === undefined) return sum;
        sum += n;
      }
    }));
    assert.equal(total, 55);
  },
);

Deno.test(
  "cancelling cancels a wait in a finally block too, and the outer finally blocks still run",
  timeLimit,
  () => {
    const log: string[] = [];
    const first = new CancellableProbe<void>();
    const cleanup = new CancellableProbe<void>();
    const job = coroutine(function* () {
      try {
        try {
          yield* wait(first);
        } finally {
          log.push("inner finally");
          yield* wait(cleanup);
          log.push("never: its wait was cancelled");
        }
      } finally {
        log.push("outer finally");
      }
    });
    assert.equal(job.poll(countingContext()).ready, false);
    job.cancel();
    assert.equal(first.cancelled, true);
    assert.equal(
      cleanup.cancelled,
      true,
      "the future the finally block waits for must be cancelled too",
    );
    assert.deepEqual(log, ["inner finally", "outer finally"]);
  },
);
