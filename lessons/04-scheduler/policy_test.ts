import assert from "node:assert/strict";
import { timeLimit } from "../_support/testing.ts";
import type { Runnable } from "../03-executor/task.ts";
import {
  FifoPolicy,
  type Policy,
  PriorityPolicy,
  RoundRobinPolicy,
} from "./policy.ts";

/** A runnable that does nothing; the policy tests only look at the order. */
function named(name: string): Runnable & { readonly name: string } {
  return { name, done: false, run() {}, cancel() {} };
}

/** Pop until the policy is empty and list the names, in order. */
function drain(policy: Policy): string[] {
  const names: string[] = [];
  for (let task = policy.pop(); task !== undefined; task = policy.pop()) {
    names.push((task as ReturnType<typeof named>).name);
  }
  return names;
}

Deno.test(
  "FIFO runs woken tasks in the order they became ready",
  timeLimit,
  () => {
    const policy = new FifoPolicy();
    for (const name of ["a", "b", "c"]) policy.push(named(name), "woken", 0);
    assert.equal(policy.size, 3);
    assert.deepEqual(drain(policy), ["a", "b", "c"]);
    assert.equal(policy.size, 0);
  },
);

Deno.test(
  "FIFO polls a task that stayed ready again before anyone else",
  timeLimit,
  () => {
    const policy = new FifoPolicy();
    const a = named("a");
    policy.push(a, "woken", 0);
    policy.push(named("b"), "woken", 0);
    assert.equal(policy.pop(), a);
    policy.push(a, "stayed", 0);
    assert.equal(policy.size, 2, "the task that stayed counts as waiting");
    assert.deepEqual(drain(policy), ["a", "b"]);
  },
);

Deno.test(
  "FIFO sends a task that yielded to the back of the queue",
  timeLimit,
  () => {
    const policy = new FifoPolicy();
    const a = named("a");
    policy.push(a, "woken", 0);
    policy.push(named("b"), "woken", 0);
    assert.equal(policy.pop(), a);
    policy.push(a, "yielded", 0);
    assert.deepEqual(drain(policy), ["b", "a"]);
  },
);

Deno.test(
  "round robin lets a task that stays ready run `budget` polls in a row, then sends it to the back",
  timeLimit,
  () => {
    const policy = new RoundRobinPolicy(3);
    const a = named("a");
    policy.push(a, "woken", 0);
    policy.push(named("b"), "woken", 0);
    const order: string[] = [];
    for (let polls = 0; polls < 4; polls++) {
      const task = policy.pop();
      assert.ok(task !== undefined, "a task was waiting");
      order.push((task as ReturnType<typeof named>).name);
      if (task === a) policy.push(a, "stayed", 0);
    }
    assert.deepEqual(order, ["a", "a", "a", "b"]);
    policy.push(named("c"), "woken", 0);
    const next = policy.pop();
    assert.equal(next, a, "a went to the back before c came");
    policy.push(a, "stayed", 0);
    assert.equal(
      policy.size,
      2,
      "c waits, and so does a, which stayed ready: size counts both",
    );
  },
);

Deno.test(
  "round robin with a budget of 1 sends a task that stayed ready to the back at once",
  timeLimit,
  () => {
    const policy = new RoundRobinPolicy(1);
    const a = named("a");
    policy.push(a, "woken", 0);
    policy.push(named("b"), "woken", 0);
    assert.equal(policy.pop(), a);
    policy.push(a, "stayed", 0);
    assert.deepEqual(drain(policy), ["b", "a"]);
  },
);

Deno.test("round robin refuses a budget below 1", timeLimit, () => {
  assert.throws(() => new RoundRobinPolicy(0), RangeError);
});

Deno.test(
  "priorities: a higher-priority task runs first, ties in arrival order",
  timeLimit,
  () => {
    const policy = new PriorityPolicy(1_000);
    policy.push(named("low"), "woken", 2);
    policy.push(named("high"), "woken", 0);
    policy.push(named("middle"), "woken", 1);
    policy.push(named("high too"), "woken", 0);
    assert.equal(policy.size, 4);
    assert.deepEqual(drain(policy), ["high", "high too", "middle", "low"]);
  },
);

Deno.test(
  "priorities: every `boostEvery` polls, waiting low-priority tasks move to the top",
  timeLimit,
  () => {
    const policy = new PriorityPolicy(3);
    const busy = named("busy");
    policy.push(busy, "woken", 0);
    policy.push(named("low"), "woken", 5);
    const order: string[] = [];
    for (let polls = 0; polls < 4; polls++) {
      const task = policy.pop();
      assert.ok(task !== undefined, "a task was waiting");
      order.push((task as ReturnType<typeof named>).name);
      if (task === busy) policy.push(busy, "stayed", 0);
    }
    // Poll 3 is a boost: `low` joins the top queue behind `busy` and runs next.
    assert.deepEqual(order, ["busy", "busy", "busy", "low"]);
  },
);

Deno.test("priorities refuse a boost interval below 1", timeLimit, () => {
  assert.throws(() => new PriorityPolicy(0), RangeError);
  assert.throws(() => new PriorityPolicy(NaN), RangeError);
  const everyPop = new PriorityPolicy(1);
  everyPop.push(named("low"), "woken", 3);
  everyPop.push(named("high"), "woken", 0);
  assert.deepEqual(
    drain(everyPop),
    ["high", "low"],
    "a boost at every pop is allowed, and keeps priority order",
  );
});

Deno.test(
  "priorities far apart (0, 7, 10^8, 2^52) are served in order, with no queue for the numbers between",
  timeLimit,
  () => {
    // A queue for every number up to 2^52 would never fit in memory: only the
    // priorities in use may have one.
    const policy = new PriorityPolicy(1_000);
    policy.push(named("huge"), "woken", 2 ** 52);
    policy.push(named("far"), "woken", 1e8);
    policy.push(named("top"), "woken", 0);
    policy.push(named("seven"), "woken", 7);
    policy.push(named("far too"), "woken", 1e8);
    assert.deepEqual(drain(policy), ["top", "seven", "far", "far too", "huge"]);
    policy.push(named("again"), "woken", 1e8);
    policy.push(named("first"), "woken", 3);
    assert.deepEqual(
      drain(policy),
      ["first", "again"],
      "a priority whose queue emptied must work when used again",
    );
  },
);

Deno.test(
  "priorities: a boost lifts tasks of far-apart priorities to the top, keeping their order",
  timeLimit,
  () => {
    const policy = new PriorityPolicy(2);
    const busy = named("busy");
    policy.push(busy, "woken", 0);
    policy.push(named("far"), "woken", 1e8);
    policy.push(named("near"), "woken", 4);
    const order: string[] = [];
    for (let polls = 0; polls < 5; polls++) {
      const task = policy.pop();
      assert.ok(task !== undefined, "a task was waiting");
      order.push((task as ReturnType<typeof named>).name);
      if (task === busy) policy.push(busy, "stayed", 0);
    }
    // Poll 2 boosts: `near` then `far` join the top queue behind `busy`.
    assert.deepEqual(order, ["busy", "busy", "near", "far", "busy"]);
    assert.equal(policy.size, 1);
  },
);

Deno.test(
  "priorities: the boost comes every `boostEvery` pops, again and again, and lasts one turn",
  timeLimit,
  () => {
    // The table in the README: busy always ready at 0, low always ready at 2.
    const policy = new PriorityPolicy(3);
    const busy = named("busy");
    const low = named("low");
    policy.push(busy, "woken", 0);
    policy.push(low, "woken", 2);
    const order: string[] = [];
    for (let polls = 0; polls < 10; polls++) {
      const task = policy.pop();
      assert.ok(task !== undefined, "a task was waiting");
      order.push((task as ReturnType<typeof named>).name);
      policy.push(task, "stayed", task === busy ? 0 : 2);
    }
    assert.deepEqual(order, [
      "busy",
      "busy",
      "busy",
      "low",
      "busy",
      "busy",
      "low",
      "busy",
      "busy",
      "low",
    ]);
  },
);

Deno.test(
  "priorities: after a boost, tasks of new priorities are still served",
  timeLimit,
  () => {
    const policy = new PriorityPolicy(2);
    policy.push(named("a"), "woken", 4);
    policy.push(named("b"), "woken", 1e8);
    assert.deepEqual(drain(policy), ["a", "b"], "the second pop boosts b");
    policy.push(named("later"), "woken", 2 ** 40);
    assert.equal(policy.size, 1);
    assert.deepEqual(
      drain(policy),
      ["later"],
      "a task was lost: a queue the boost emptied must not stay in the way",
    );
    policy.push(named("sooner"), "woken", 9);
    policy.push(named("last"), "woken", 2 ** 41);
    assert.deepEqual(drain(policy), ["sooner", "last"]);
  },
);
