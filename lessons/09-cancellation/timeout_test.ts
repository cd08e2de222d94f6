import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  Probe,
  timeLimit,
} from "../_support/testing.ts";
import { VirtualClock } from "../05-timers/clock.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { Timers } from "../05-timers/timers.ts";
import { Reactor } from "../06-io/reactor.ts";
import { listen } from "../06-io/tcp.ts";
import { channel } from "../07-channels/channel.ts";
import { coroutine, wait } from "../08-coroutines/coroutine.ts";
import { withTimeout } from "./timeout.ts";
import { TimeoutError } from "../contract/errors.ts";

Deno.test(
  "a future that finishes in time wins, and its timer is cancelled",
  timeLimit,
  () => {
    const timers = new Timers(new VirtualClock());
    const probe = new Probe<string>();
    const cx = countingContext();
    const limited = withTimeout(timers, probe, 100);
    assert.equal(limited.poll(cx).ready, false);
    assert.equal(timers.pending, 1);
    probe.complete("in time");
    assert.deepEqual(limited.poll(cx), { ready: true, value: "in time" });
    assert.equal(timers.pending, 0, "the timer left the heap");
  },
);

Deno.test(
  "when time runs out the future is cancelled: a receive gives up its place in the queue",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    const loop = new EventLoop({ clock });
    const [sender, receiver] = channel<string>(1);
    const outcome = await loop.run(coroutine(function* () {
      try {
        yield* wait(withTimeout(loop.timers, receiver.recv(), 100));
        return "received";
      } catch (error) {
        return error instanceof TimeoutError
          ? `timed out at ${clock.now()}`
          : "?";
      }
    }));
    assert.equal(outcome, "timed out at 100");
    sender.trySend("not lost");
    assert.equal(
      receiver.tryRecv(),
      "not lost",
      "no abandoned receive took the message",
    );
  },
);

Deno.test(
  "cancelling the timeout cancels both the future and the timer",
  timeLimit,
  () => {
    const timers = new Timers(new VirtualClock());
    const probe = new CancellableProbe<number>();
    const limited = withTimeout(timers, probe, 100);
    limited.poll(countingContext());
    limited.cancel();
    assert.equal(probe.cancelled, true);
    assert.equal(timers.pending, 0);
  },
);

Deno.test(
  "a sleep held with `using` is cancelled when the block ends",
  timeLimit,
  () => {
    const timers = new Timers(new VirtualClock());
    {
      using sleep = timers.sleep(1_000);
      sleep.poll(countingContext());
      assert.equal(timers.pending, 1);
    }
    assert.equal(timers.pending, 0);
  },
);

Deno.test(
  "an accept that times out leaves nothing behind once `using` closes its listener (op sanitizer)",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const loop = new EventLoop({ clock: new VirtualClock(), io: reactor });
    const outcome = await loop.run(coroutine(function* () {
      using listener = listen(reactor, { port: 0 });
      try {
        yield* wait(withTimeout(loop.timers, listener.accept(), 50));
        return "a connection came";
      } catch (error) {
        return error instanceof TimeoutError ? "timed out" : String(error);
      }
    }));
    assert.equal(outcome, "timed out");
    // The listener's pending accept ended when `using` closed it; the reactor has
    // seen it settle by the next turn of Deno's loop.
    await reactor.wait();
    assert.equal(reactor.inFlight, 0);
  },
);

Deno.test(
  "a value ready at the deadline wins over the timeout, however many polls came before",
  timeLimit,
  () => {
    for (const pendingPolls of [1, 2, 3]) {
      const clock = new VirtualClock();
      const timers = new Timers(clock);
      const probe = new Probe<string>();
      const cx = countingContext();
      const limited = withTimeout(timers, probe, 100);
      for (let i = 0; i < pendingPolls; i++) {
        assert.equal(limited.poll(cx).ready, false);
      }
      clock.advance(100);
      timers.fireDue();
      probe.complete("just in time");
      assert.deepEqual(
        limited.poll(cx),
        { ready: true, value: "just in time" },
        `after ${pendingPolls} pending polls: a tie goes to the value (a biased race)`,
      );
    }
  },
);
