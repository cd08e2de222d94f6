import assert from "node:assert/strict";
import {
  activateReplay,
  defineWorkflow,
  type WorkflowDefinition,
} from "./replay.ts";
import { Faults, SimulatedCrash } from "../../runtime/workflow/faults.ts";
import {
  EPOCH,
  memoryStore,
  runUntilIdle,
  virtualRuntime,
} from "../../runtime/workflow/testing.ts";
import type { WorkflowStore } from "../15-durable-store/store.ts";

function start(store: WorkflowStore, id: string, startAt = EPOCH): void {
  store.create(
    { id, kind: "replay", file: `/${id}.ts`, source: "", startAt },
    EPOCH,
  );
}

/** Claim the one workflow due at `now` and run one activation of it. */
async function activateOnce(
  store: WorkflowStore,
  definition: WorkflowDefinition,
  now: number,
): Promise<void> {
  const claim = store.claim("once", now, now + 1000);
  assert.ok(claim !== undefined, "a workflow is due");
  const runtime = virtualRuntime(now);
  await runtime.run(activateReplay(definition, {
    store,
    runtime,
    owner: "once",
    claim,
    faults: new Faults(),
  }));
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
    claim: {
      workflow: store.get("w"),
      steps: [],
      journalLength: 0,
      snapshot: null,
    },
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

Deno.test("replay: a step that threw throws again on replay, so the workflow takes the same path", async () => {
  using store = memoryStore();
  start(store, "w");
  let runs = 0;
  const workflow = defineWorkflow(function* (ctx) {
    let outcome: string;
    try {
      yield* ctx.step("flaky", () => {
        runs++;
        throw new Error("card declined");
      });
      outcome = "paid";
    } catch (error) {
      outcome = `refused: ${(error as Error).message}`;
    }
    yield* ctx.sleep(10);
    return outcome;
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(store.get("w").status, "completed");
  assert.equal(store.get("w").result, "refused: card declined");
  assert.equal(runs, 1);
  assert.deepEqual(store.steps("w")[0], {
    seq: 0,
    name: "flaky",
    result: null,
    error: "card declined",
  });
});

Deno.test("replay: a result that is not JSON fails the workflow with a message naming the step", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    // deno-lint-ignore no-explicit-any
    yield* ctx.step("when", () => new Date() as any);
    return null;
  });
  await runUntilIdle(store, runner(workflow));
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /step "when"'s result cannot be saved: it holds a Date/,
  );
});

Deno.test("replay: code that ends before its journal does is a non-determinism error", async () => {
  using store = memoryStore();
  start(store, "w");
  const v1 = defineWorkflow(function* (ctx) {
    yield* ctx.step("a", () => 1);
    yield* ctx.sleep(100);
    yield* ctx.step("b", () => 2);
    return 0;
  });
  await activateOnce(store, v1, EPOCH);
  assert.equal(store.get("w").status, "sleeping");
  // Parked in the sleep with a and the sleep journaled; then the code loses its steps.
  const claim = store.claim("x", EPOCH + 100, EPOCH + 200);
  assert.ok(claim !== undefined);
  const v2 = defineWorkflow(function* (ctx) {
    yield* ctx.step("a", () => 1);
    return 0;
  });
  const runtime = virtualRuntime(EPOCH + 100);
  await runtime.run(activateReplay(v2, {
    store,
    runtime,
    owner: "x",
    claim,
    faults: new Faults(),
  }));
  assert.equal(store.get("w").status, "failed");
  assert.match(
    store.get("w").error ?? "",
    /ended after 1 steps, but its journal has step 1 "sleep" next/,
  );
});

Deno.test("replay: now() and random() are journaled, so replay sees the first values", async () => {
  using store = memoryStore();
  start(store, "w");
  const seen: number[][] = [];
  const workflow = defineWorkflow(function* (ctx) {
    const t = yield* ctx.now();
    const r = yield* ctx.random();
    seen.push([t, r]);
    yield* ctx.sleep(1000);
    return [t, r];
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(seen.length, 2, "ran once live, once replayed");
  assert.deepEqual(seen[0], seen[1]);
  assert.equal(seen[0][0], EPOCH);
  assert.deepEqual(store.get("w").result, seen[0]);
});

Deno.test("replay: a crash between a step's effect and its record runs the effect again with the same key, and its puts apply once", async () => {
  using store = memoryStore();
  start(store, "w");
  const effects: string[] = [];
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.step("charge", ({ key, get, put }) => {
      effects.push(key);
      put("charged", Number(get("charged") ?? 0) + 10);
      return "ok";
    });
  });
  let kills = 1;
  const faults = new Faults(
    new Map([["after-effect", 1]]),
    () => 0,
    (point) => {
      if (kills-- > 0) throw new SimulatedCrash(point);
    },
  );
  store.claim("dies", EPOCH, EPOCH + 1000);
  const runtime = virtualRuntime();
  await assert.rejects(
    runtime.run(activateReplay(workflow, {
      store,
      runtime,
      owner: "dies",
      claim: {
        workflow: store.get("w"),
        steps: [],
        journalLength: 0,
        snapshot: null,
      },
      faults,
    })),
    SimulatedCrash,
  );
  assert.equal(
    store.get("w").status,
    "running",
    "the dead worker still holds it",
  );
  await runUntilIdle(store, runner(workflow), {
    runtime: virtualRuntime(EPOCH + 1001),
  });
  assert.equal(store.get("w").status, "completed");
  assert.deepEqual(effects, ["w:0", "w:0"], "at least once, with one key");
  assert.deepEqual(
    store.state("w"),
    new Map([["charged", 10]]),
    "exactly once",
  );
  assert.equal(store.get("w").attempts, 2);
});

Deno.test("replay: a step may answer a promise", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.step(
      "later",
      () => Promise.resolve(41).then((n) => n + 1),
    );
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(store.get("w").result, 42);
});

Deno.test("replay: a step inside a step's function is refused", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.step("outer", () => {
      // A generator starts nothing until iterated: iterate it as `yield*` would.
      ctx.step("inner", () => 1).next();
      return 1;
    });
  });
  await runUntilIdle(store, runner(workflow));
  const message =
    '"inner" was called inside a step\'s function; steps, sleeps and signals belong to the workflow itself.';
  assert.deepEqual(store.steps("w").map((s) => [s.name, s.error]), [[
    "outer",
    message,
  ]]);
  assert.equal(store.get("w").status, "failed");
  assert.equal(store.get("w").error, `StepFailedError: ${message}`);
});

Deno.test("replay: each step's key is the workflow's id and the step's number", async () => {
  using store = memoryStore();
  start(store, "order-7");
  const keys: string[] = [];
  const workflow = defineWorkflow(function* (ctx) {
    yield* ctx.step("a", ({ key }) => keys.push(key));
    yield* ctx.sleep(5);
    yield* ctx.step("b", ({ key }) => keys.push(key));
    return null;
  });
  await runUntilIdle(store, runner(workflow));
  assert.deepEqual(keys, ["order-7:0", "order-7:2"], "the sleep is step 1");
});

Deno.test("replay: a sleep of 0 ms is journaled but does not park", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    yield* ctx.sleep(0);
    return "awake";
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(store.get("w").result, "awake");
  assert.equal(store.get("w").attempts, 1);
  assert.deepEqual(store.steps("w").map((s) => [s.name, s.result]), [[
    "sleep",
    EPOCH,
  ]]);
});

Deno.test("replay: a sleep of a negative or endless time fails the workflow", async () => {
  for (const ms of [-1, Infinity, NaN]) {
    using store = memoryStore();
    start(store, "w");
    const workflow = defineWorkflow(function* (ctx) {
      yield* ctx.sleep(ms);
      return null;
    });
    await runUntilIdle(store, runner(workflow));
    assert.equal(store.get("w").status, "failed", `sleep(${ms})`);
    assert.match(
      store.get("w").error ?? "",
      /RangeError: sleep takes a finite number of ms/,
    );
    assert.deepEqual(store.steps("w"), []);
  }
});

Deno.test("replay: a signal sent before the wait is consumed without parking", async () => {
  using store = memoryStore();
  start(store, "w");
  store.signal("w", "approve", { by: "ann" }, "k", EPOCH);
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.waitSignal("approve");
  });
  await runUntilIdle(store, runner(workflow));
  assert.deepEqual(store.get("w").result, { by: "ann" });
  assert.equal(store.get("w").attempts, 1);
  assert.deepEqual(store.steps("w").map((s) => [s.name, s.result]), [[
    "signal:approve",
    { by: "ann" },
  ]]);
  assert.equal(store.nextSignal("w", "approve"), undefined);
});

Deno.test("replay: a replayed signal answers its recorded value, and consumes no other", async () => {
  using store = memoryStore();
  start(store, "w");
  store.signal("w", "go", 1, "k1", EPOCH);
  const seen: unknown[] = [];
  const workflow = defineWorkflow(function* (ctx) {
    const value = yield* ctx.waitSignal("go");
    seen.push(value);
    yield* ctx.sleep(100);
    return value;
  });
  await activateOnce(store, workflow, EPOCH);
  store.signal("w", "go", 2, "k2", EPOCH + 1);
  await runUntilIdle(store, runner(workflow), {
    runtime: virtualRuntime(EPOCH + 100),
  });
  assert.deepEqual(seen, [1, 1]);
  assert.equal(store.get("w").result, 1);
  assert.equal(
    store.nextSignal("w", "go")?.value,
    2,
    "the second signal is left",
  );
});

Deno.test("replay: a sleep where the journal has a step is a non-determinism error naming both", async () => {
  using store = memoryStore();
  start(store, "w");
  const v1 = defineWorkflow(function* (ctx) {
    yield* ctx.step("email", () => "sent");
    yield* ctx.sleep(1000);
    return 1;
  });
  await activateOnce(store, v1, EPOCH);
  const v2 = defineWorkflow(function* (ctx) {
    yield* ctx.sleep(1000);
    yield* ctx.step("email", () => "sent");
    return 1;
  });
  await activateOnce(store, v2, EPOCH + 1000);
  assert.equal(store.get("w").status, "failed");
  assert.equal(
    store.get("w").error,
    'NonDeterminismError: The workflow\'s code changed under it: step 0 is "sleep" in the code, but "email" in its journal. It stops here, failed; its journal is kept.',
  );
});

Deno.test("replay: a live step answers a copy, as replay would", async () => {
  using store = memoryStore();
  start(store, "w");
  const made = { items: [1, 2] };
  let answered: unknown;
  const workflow = defineWorkflow(function* (ctx) {
    answered = yield* ctx.step("make", () => made);
    return null;
  });
  await runUntilIdle(store, runner(workflow));
  assert.deepEqual(answered, made);
  assert.notEqual(
    answered,
    made,
    "not the very object: replay could not give that",
  );
});

Deno.test("replay: a workflow that catches its own parking cannot go on", async () => {
  using store = memoryStore();
  start(store, "w");
  let ran = 0;
  const workflow = defineWorkflow(function* (ctx) {
    try {
      yield* ctx.sleep(1000);
    } catch {
      // Swallowing the park, and carrying on as if it had slept.
    }
    yield* ctx.step("after", () => ++ran);
    return "too soon";
  });
  await activateOnce(store, workflow, EPOCH);
  assert.equal(ran, 0, "no step runs once parked");
  assert.equal(store.get("w").status, "sleeping");
  assert.equal(store.steps("w").length, 1);
});

Deno.test("replay: a worker whose clock is behind the recorded wake time parks again until it", async () => {
  using store = memoryStore();
  start(store, "w");
  let after = 0;
  const workflow = defineWorkflow(function* (ctx) {
    yield* ctx.sleep(1000);
    yield* ctx.step("after", () => ++after);
    return null;
  });
  await activateOnce(store, workflow, EPOCH);
  // Claimed when due by the store's reckoning, run by a worker whose clock says
  // EPOCH + 400: the sleep is not over for it.
  const claim = store.claim("slow-clock", EPOCH + 1000, EPOCH + 2000);
  assert.ok(claim !== undefined);
  const runtime = virtualRuntime(EPOCH + 400);
  await runtime.run(activateReplay(workflow, {
    store,
    runtime,
    owner: "slow-clock",
    claim,
    faults: new Faults(),
  }));
  assert.equal(after, 0);
  assert.equal(store.get("w").status, "sleeping");
  assert.equal(
    store.get("w").wakeAt,
    EPOCH + 1000,
    "the recorded time, not a new one",
  );
  assert.equal(store.steps("w").length, 1, "no second sleep recorded");
});

Deno.test("replay: an error thrown after parking ends the activation quietly", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    try {
      yield* ctx.sleep(1000);
    } catch {
      throw new Error("cleaning up went wrong");
    }
    return null;
  });
  await activateOnce(store, workflow, EPOCH);
  assert.equal(store.get("w").status, "sleeping", "not failed: it had parked");
});

Deno.test("replay: inside a step, get sees the step's own puts", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.step("twice", ({ get, put }) => {
      put("n", 1);
      put("n", Number(get("n")) + 1);
      return get("n") ?? null;
    });
  });
  await runUntilIdle(store, runner(workflow));
  assert.equal(store.get("w").result, 2);
  assert.deepEqual(store.state("w"), new Map([["n", 2]]));
});
