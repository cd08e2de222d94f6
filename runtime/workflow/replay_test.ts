import assert from "node:assert/strict";
import {
  activateReplay,
  defineWorkflow,
  type WorkflowDefinition,
} from "./replay.ts";
import { Faults } from "./faults.ts";
import { EPOCH, memoryStore, runUntilIdle, virtualRuntime } from "./testing.ts";
import type { WorkflowStore } from "./store.ts";

function start(store: WorkflowStore, id: string, startAt = EPOCH): void {
  store.create(
    { id, kind: "replay", file: `/${id}.ts`, source: "", startAt },
    EPOCH,
  );
}

function runner(definition: WorkflowDefinition) {
  return {
    replay: (a: Parameters<typeof activateReplay>[1]) =>
      activateReplay(definition, a),
  };
}

Deno.test("replay: a recorded step returns its result without running again", async () => {
  using store = memoryStore();
  start(store, "w");
  let runs = 0;
  const workflow = defineWorkflow(function* (ctx) {
    const a = yield* ctx.step("a", () => ++runs);
    yield* ctx.sleep(1000);
    const b = yield* ctx.step("b", () => ++runs);
    return a * 10 + b;
  });
  await runUntilIdle(store, runner(workflow));
  const done = store.get("w");
  assert.equal(done.status, "completed");
  assert.equal(done.result, 12);
  assert.equal(runs, 2);
  assert.deepEqual(store.steps("w").map((s) => [s.name, s.result]), [
    ["a", 1],
    ["sleep", EPOCH + 1000],
    ["b", 2],
  ]);
  assert.equal(done.attempts, 2, "the sleep parked it once");
});

Deno.test("replay: puts commit with their step, once", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    for (let i = 0; i < 3; i++) {
      yield* ctx.step("inc", ({ get, put }) => {
        const n = Number(get("n") ?? 0) + 1;
        put("n", n);
        return n;
      });
      yield* ctx.sleep(10);
    }
    return "done";
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(store.get("w").status, "completed");
  assert.deepEqual(Object.fromEntries(store.state("w")), { n: 3 });
});

Deno.test("replay: a renamed step stops the workflow with a non-determinism error", async () => {
  using store = memoryStore();
  start(store, "w");
  const v1 = defineWorkflow(function* (ctx) {
    yield* ctx.step("charge", () => 1);
    yield* ctx.sleep(1000);
    return 1;
  });
  const runtime = virtualRuntime();
  // Run until the sleep parks it, with the old code.
  store.claim("old", EPOCH, EPOCH + 5000);
  await runtime.run(activateReplay(v1, {
    store,
    runtime,
    owner: "old",
    claim: { workflow: store.get("w"), steps: [], snapshot: null },
    faults: new Faults(),
  }));
  assert.equal(store.get("w").status, "sleeping");
  const v2 = defineWorkflow(function* (ctx) {
    yield* ctx.step("ship", () => 2);
    return 2;
  });
  await runUntilIdle(store, runner(v2), {
    runtime: virtualRuntime(EPOCH + 1000),
  });
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /step 0 is "ship" in the code, but "charge" in its journal/,
  );
});

Deno.test("replay: waitSignal parks until the signal, which is consumed once", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    const v = yield* ctx.waitSignal("go");
    return v;
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(store.get("w").status, "sleeping");
  assert.equal(store.get("w").waitingFor, "go");
  assert.deepEqual(store.signal("w", "go", 7, "k1", EPOCH), {
    delivered: true,
  });
  assert.deepEqual(store.signal("w", "go", 8, "k1", EPOCH), {
    delivered: false,
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(store.get("w").status, "completed");
  assert.equal(store.get("w").result, 7);
  assert.equal(store.nextSignal("w", "go"), undefined);
});
