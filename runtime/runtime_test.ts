/**
 * The runtime as a user sees it: one program that uses every piece built so far.
 * `deno task check` runs this on the reference; `deno test` runs it on yours.
 */

import assert from "node:assert/strict";
import {
  andThen,
  Countdown,
  DeadlockError,
  join,
  map,
  Ready,
  run,
  select,
  Signal,
  spawn,
  TaskError,
  YieldNow,
} from "./mod.ts";
import { timeLimit } from "../lessons/_support/testing.ts";

Deno.test(
  "run() drives a tree of combinators over spawned tasks",
  timeLimit,
  () => {
    const result = run(andThen(new Ready(3), (n) => {
      const handles = Array.from(
        { length: n },
        (_, i) => spawn(map(new Countdown(i), (polls) => polls * 10)),
      );
      return join(join(handles[0], handles[1]), handles[2]);
    }));
    assert.deepEqual(result, [[10, 20], 30]);
  },
);

Deno.test("tasks hand values to each other through a Signal", timeLimit, () => {
  const signal = new Signal<string>();
  const result = run(andThen(new YieldNow(), () => {
    const consumer = spawn(map(signal, (s) => s.toUpperCase()));
    spawn(map(new YieldNow(), () => signal.resolve("hello")));
    return consumer;
  }));
  assert.equal(result, "HELLO");
});

Deno.test("select picks the task that finishes first", timeLimit, () => {
  const result = run(
    andThen(
      new Ready(null),
      () => select(spawn(new Countdown(5)), spawn(new Countdown(1))),
    ),
  );
  assert.deepEqual(result, { which: "second", value: 2 });
});

Deno.test(
  "a failing task surfaces as a TaskError where it is joined",
  timeLimit,
  () => {
    assert.throws(
      () =>
        run(andThen(new Ready(null), () =>
          spawn(map(new YieldNow(), () => {
            throw new Error("inner failure");
          })))),
      TaskError,
    );
  },
);

Deno.test(
  "waiting on a Signal nobody resolves is reported as a deadlock",
  timeLimit,
  () => {
    assert.throws(() => run(new Signal<number>()), DeadlockError);
  },
);

Deno.test("spawn() outside run() says why it cannot work", timeLimit, () => {
  assert.throws(() => spawn(new Ready(1)), /outside run\(\)/);
});
