/**
 * Lessons 05–06 through the runtime: timers and TCP futures that are cancelled
 * release what they registered, and a loop parked on IO or a timer sees a wake from
 * outside. Written with `EventLoop` and the reactor directly (not `run()`), so each
 * test owns its loop.
 */

import assert from "node:assert/strict";
import {
  andThen,
  ClosedError,
  DeadlockError,
  EventLoop,
  type Future,
  join,
  map,
  Signal,
  SystemClock,
  TimeoutError,
} from "./mod.ts";
import { Reactor } from "../lessons/06-io/reactor.ts";
import { connect, listen } from "../lessons/06-io/tcp.ts";
import { inSequence, timeLimit } from "../lessons/_support/testing.ts";

/** A loop on the system clock with a reactor: the runtime as a program gets it. */
function ioLoop(): { loop: EventLoop; reactor: Reactor } {
  const reactor = new Reactor();
  return {
    loop: new EventLoop({ clock: new SystemClock(), io: reactor }),
    reactor,
  };
}

/** `future`, or the error it threw. */
function settled<T>(future: Future<T>): Future<T | unknown> {
  return {
    poll(cx) {
      try {
        return future.poll(cx);
      } catch (error) {
        return { ready: true, value: error };
      }
    },
  };
}

Deno.test(
  "100 connects that lose their timeout leave no connection open (resource sanitizer)",
  timeLimit,
  async () => {
    const { loop, reactor } = ioLoop();
    using listener = listen(reactor, { port: 0 });
    const attempts: Promise<Deno.TcpConn>[] = [];
    const dial = (options: Deno.ConnectOptions) => {
      const attempt = Deno.connect(options);
      attempts.push(attempt);
      return attempt;
    };
    let timedOut = 0;
    await loop.run(inSequence((i) =>
      i < 100
        ? map(
          // A 0 ms limit is up at the first poll: the connect always loses.
          settled(
            loop.timers.timeout(
              connect(reactor, { port: listener.port }, dial),
              0,
            ),
          ),
          (outcome) => void (outcome instanceof TimeoutError && timedOut++),
        )
        : undefined
    ));
    assert.equal(timedOut, 100);
    // Let every attempt end. A connection left open would fail this test's sanitizer.
    await Promise.allSettled(attempts);
    assert.equal(reactor.inFlight, 0);
  },
);

Deno.test(
  "a read that loses its timeout keeps the bytes that come later for the next read",
  timeLimit,
  async () => {
    const { loop, reactor } = ioLoop();
    using listener = listen(reactor, { port: 0 });
    const buffer = new Uint8Array(16);
    let lost: unknown;
    let got: number | null = null;
    await loop.run(andThen(
      join(listener.accept(), connect(reactor, { port: listener.port })),
      ([server, client]) =>
        inSequence((step) => {
          switch (step) {
            case 0: // nothing was sent: a 0 ms limit is up at once, the read cancelled
              return map(
                settled(loop.timers.timeout(server.read(buffer), 0)),
                (outcome) => void (lost = outcome),
              );
            case 1:
              return client.write(new TextEncoder().encode("late"));
            case 2:
              return map(server.read(buffer), (n) => void (got = n));
            default:
              server.close();
              client.close();
              return undefined;
          }
        }),
    ));
    assert.ok(lost instanceof TimeoutError);
    assert.equal(got, 4, "the bytes sent after the cancel reach the next read");
    assert.equal(new TextDecoder().decode(buffer.subarray(0, 4)), "late");
  },
);

Deno.test(
  "a waker called by a native callback while the loop is parked on IO is seen at once",
  timeLimit,
  async () => {
    const { loop, reactor } = ioLoop();
    using listener = listen(reactor, { port: 0 });
    // An accept nobody answers: the loop parks on IO that never completes.
    loop.spawn(settled(listener.accept()));
    const signal = new Signal<string>();
    setTimeout(() => signal.resolve("woken"), 0); // a native callback wakes the main task
    let late = false;
    const lateTimer = setTimeout(() => late = true, 0);
    assert.equal(await loop.run(signal), "woken");
    clearTimeout(lateTimer);
    assert.equal(
      late,
      false,
      "the wake must end the park, not wait for the accept",
    );
    listener.close();
    await reactor.wait(); // the accept ends with the close
  },
);

Deno.test(
  "sleep(Infinity) on the system clock with nothing else to wait for is a deadlock, at once",
  timeLimit,
  async () => {
    const { loop } = ioLoop();
    await assert.rejects(loop.run(loop.timers.sleep(Infinity)), DeadlockError);
  },
);

Deno.test(
  "a listener closed by close() and then by `using` does not throw; accept then throws ClosedError",
  timeLimit,
  () => {
    const reactor = new Reactor();
    const closedTwice = (() => {
      using listener = listen(reactor, { port: 0 });
      listener.close();
      return listener; // `using` closes it again here
    })();
    assert.throws(
      () => closedTwice.accept().poll({ waker: { wake() {} } }),
      ClosedError,
    );
  },
);
