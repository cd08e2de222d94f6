import assert from "node:assert/strict";
import type { Runnable } from "../../lessons/03-executor/task.ts";
import { WokenFirstPolicy } from "../../lessons/14-lox-fibers/fiber_policy.ts";

function task(name: string): Runnable & { name: string } {
  return { name, done: false, run() {}, cancel() {} };
}

function drain(policy: WokenFirstPolicy): string[] {
  const order: string[] = [];
  for (let next = policy.pop(); next !== undefined; next = policy.pop()) {
    order.push((next as Runnable & { name: string }).name);
  }
  return order;
}

Deno.test("a woken task runs before tasks that used up their slice", () => {
  const policy = new WokenFirstPolicy();
  policy.push(task("spinner"), "stayed", 0);
  policy.push(task("ticker"), "woken", 0);
  assert.equal(policy.size, 2);
  assert.deepEqual(drain(policy), ["ticker", "spinner"]);
});

Deno.test("woken tasks never run twice in a row while a busy task waits", () => {
  const policy = new WokenFirstPolicy();
  policy.push(task("busy 1"), "stayed", 0);
  policy.push(task("busy 2"), "yielded", 0);
  for (const name of ["woken 1", "woken 2", "woken 3"]) {
    policy.push(task(name), "woken", 0);
  }
  assert.deepEqual(drain(policy), [
    "woken 1",
    "busy 1",
    "woken 2",
    "busy 2",
    "woken 3",
  ]);
  assert.equal(policy.size, 0);
});
