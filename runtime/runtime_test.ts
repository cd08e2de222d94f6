/**
 * The runtime as a user sees it: one program that uses every piece built so far.
 * `deno task check` runs this on the reference; `deno test` runs it on yours.
 */

import assert from "node:assert/strict";
import {
  andThen,
  type Context,
  Countdown,
  DeadlockError,
  echoConnection,
  type Future,
  join,
  map,
  type Poll,
  Ready,
  run,
  type Runtime,
  select,
  Signal,
  TaskError,
  TimeoutError,
  VirtualClock,
  YieldNow,
} from "./mod.ts";
import { timeLimit } from "../lessons/_support/testing.ts";

Deno.test(
  "run() drives a tree of combinators over spawned tasks",
  timeLimit,
  async () => {
    const result = await run((rt) =>
      andThen(new Ready(3), (n) => {
        const handles = Array.from(
          { length: n },
          (_, i) => rt.spawn(map(new Countdown(i), (polls) => polls * 10)),
        );
        return join(join(handles[0], handles[1]), handles[2]);
      })
    );
    assert.deepEqual(result, [[10, 20], 30]);
  },
);

Deno.test(
  "tasks hand values to each other through a Signal",
  timeLimit,
  async () => {
    const signal = new Signal<string>();
    const result = await run((rt) =>
      andThen(new YieldNow(), () => {
        const consumer = rt.spawn(map(signal, (s) => s.toUpperCase()));
        rt.spawn(map(new YieldNow(), () => signal.resolve("hello")));
        return consumer;
      })
    );
    assert.equal(result, "HELLO");
  },
);

Deno.test("select picks the task that finishes first", timeLimit, async () => {
  const result = await run((rt) =>
    andThen(
      new Ready(null),
      () => select(rt.spawn(new Countdown(50)), rt.spawn(new Countdown(1))),
    )
  );
  assert.deepEqual(result, { which: "second", value: 2 });
});

Deno.test(
  "a failing task surfaces as a TaskError where it is joined",
  timeLimit,
  async () => {
    await assert.rejects(
      () =>
        run((rt) =>
          andThen(new Ready(null), () =>
            rt.spawn(map(new YieldNow(), () => {
              throw new Error("inner failure");
            })))
        ),
      TaskError,
    );
  },
);

Deno.test(
  "waiting on a Signal nobody resolves is reported as a deadlock",
  timeLimit,
  async () => {
    await assert.rejects(run(() => new Signal<number>()), DeadlockError);
  },
);

Deno.test(
  "sleeping tasks wake in deadline order, on a virtual clock",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    const woke: number[] = [];
    await run(
      (rt) => {
        const sleeper = (ms: number) =>
          map(rt.sleep(ms), () => void woke.push(clock.now()));
        return join(rt.spawn(sleeper(300)), rt.spawn(sleeper(100)));
      },
      { clock },
    );
    assert.deepEqual(woke, [100, 300]);
  },
);

Deno.test(
  "timeout() gives up on a future that takes too long",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    await assert.rejects(
      run((rt) => rt.timeout(rt.sleep(10_000), 50), { clock }),
      TimeoutError,
    );
    assert.equal(clock.now(), 50);
  },
);

/** A future that writes `message` to a fresh connection and reads the echo back. */
function roundTrip(
  rt: Runtime,
  port: number,
  message: string,
): Future<string> {
  const bytes = new TextEncoder().encode(message);
  return andThen(rt.connect({ port }), (stream) => {
    const back = new Uint8Array(bytes.length);
    let got = 0;
    let wrote = false;
    return {
      poll(cx: Context): Poll<string> {
        if (!wrote) {
          if (!stream.write(bytes).poll(cx).ready) return { ready: false };
          wrote = true;
        }
        while (got < back.length) {
          const read = stream.read(back.subarray(got)).poll(cx);
          if (!read.ready) return { ready: false };
          if (read.value === null) throw new Error("the server hung up early");
          got += read.value;
        }
        stream.close();
        return { ready: true, value: new TextDecoder().decode(back) };
      },
    };
  });
}

Deno.test(
  "listen and connect: clients talk to an echo server over loopback",
  timeLimit,
  async () => {
    const replies = await run((rt) => {
      const listener = rt.listen({ port: 0 });
      const served = [0, 1, 2].map(() =>
        andThen(listener.accept(), (stream) => rt.spawn(echoConnection(stream)))
      );
      const clients = ["one", "two", "three"].map((word) =>
        rt.spawn(roundTrip(rt, listener.port, word))
      );
      const all = join(
        join(join(clients[0], clients[1]), clients[2]),
        join(join(served[0], served[1]), served[2]),
      );
      return map(all, ([[[a, b], c]]) => {
        listener.close();
        return [a, b, c];
      });
    });
    assert.deepEqual(replies, ["one", "two", "three"]);
  },
);
