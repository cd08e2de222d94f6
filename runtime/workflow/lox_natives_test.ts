// The given parts of Lox workflows (lesson 17's natives, prelude and compile step):
// these behave the same whether or not the lesson's snapshot driver is written.
import assert from "node:assert/strict";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import { Gate } from "../../lessons/17-snapshot-workflows/lox_journal.ts";
import {
  activateLoxOnce,
  LoxOutput,
  memoryStore,
  startLox,
  workLox,
} from "./testing.ts";

Deno.test("lox workflow: a compile error fails the workflow with clox's messages", async () => {
  using store = memoryStore();
  startLox(store, "w", "print ;\nvar = 1;\n");
  const out = new LoxOutput();
  await workLox(store, out);
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.equal(
    failed.error,
    "[line 1] Error at ';': Expect expression.\n" +
      "[line 2] Error at '=': Expect variable name.",
  );
  assert.deepEqual(out.lines, []);
});

Deno.test("lox workflow: put refuses what the state cannot keep, naming put", async () => {
  using store = memoryStore();
  startLox(store, "w", `fun f() {}\nput("f", f);\n`);
  await workLox(store, new LoxOutput());
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(failed.error ?? "", /^put: .* not <fn f>\./);
});

Deno.test("lox workflow: idempotencyKey outside a step is a runtime error", async () => {
  using store = memoryStore();
  startLox(store, "w", "print idempotencyKey();\n");
  await workLox(store, new LoxOutput());
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /^idempotencyKey: there is no key outside a step/,
  );
});

Deno.test("lox workflow: a workflow stuck on a channel nobody else can use fails as a deadlock", async () => {
  using store = memoryStore();
  startLox(
    store,
    "w",
    `
fun drain(ch) { return recv(ch); }
var jobs = channel(1);
print "waiting";
drain(jobs);
`,
  );
  const out = new LoxOutput();
  // One activation on its own runtime: if the deadlock went unseen, that runtime
  // would reject (nothing left to run) rather than hang the test.
  await activateLoxOnce(store, out);
  assert.deepEqual(out.lines, ["waiting"]);
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.equal(
    failed.error,
    "Deadlock: the workflow waits on a channel, and no other fiber is left to use it.\n[line 2] in drain()\n[line 5] in script",
  );
});

Deno.test("lox workflow: a durable native in a spawned task is a runtime error", async () => {
  using store = memoryStore();
  startLox(
    store,
    "w",
    `
fun nap() { sleep(5); }
join(spawn(nap));
`,
  );
  await workLox(store, new LoxOutput());
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /sleep: only the workflow's main fiber can do this/,
  );
});

Deno.test("lox workflow: a durable point's gate keeps the rules every future keeps", () => {
  let wakes = 0;
  const cx = { waker: { wake: () => wakes++ } };
  const gate = new Gate();
  assert.equal(gate.poll(cx).ready, false);
  gate.open();
  assert.equal(wakes, 1, "opening wakes the waiter");
  assert.equal(gate.poll(cx).ready, true);
  assert.throws(() => gate.poll(cx), PolledAfterCompletionError);
  const cancelled = new Gate();
  cancelled.poll(cx);
  cancelled.cancel();
  cancelled.open();
  assert.equal(wakes, 1, "a cancelled gate wakes nobody");
  assert.throws(() => cancelled.poll(cx), PolledAfterCompletionError);
});
