import assert from "node:assert/strict";
import { join, map } from "../../lessons/01-futures/combinators.ts";
import {
  activateReplay,
  defineWorkflow,
  type WorkflowDefinition,
} from "../../lessons/16-replay/replay.ts";
import type { Activate } from "./activation.ts";
import { EPOCH, memoryStore, runUntilIdle, virtualRuntime } from "./testing.ts";
import {
  StoreError,
  type WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";
import { Worker } from "./worker.ts";
import { Faults } from "./faults.ts";

function start(store: WorkflowStore, id: string, startAt = EPOCH): void {
  store.create(
    { id, kind: "replay", file: `/${id}.ts`, source: "", startAt },
    EPOCH,
  );
}

function replaying(definition: WorkflowDefinition): { replay: Activate } {
  return { replay: (a) => activateReplay(definition, a) };
}

const refuse: Activate = () => {
  throw new Error("no Lox here");
};

Deno.test("worker: --until-idle waits for a sleep that began in its run", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    yield* ctx.sleep(60_000);
    return yield* ctx.now();
  });
  const runtime = virtualRuntime();
  await runUntilIdle(store, replaying(workflow), { runtime });
  assert.equal(store.get("w").status, "completed");
  assert.equal(store.get("w").result, EPOCH + 60_000);
  assert.ok(runtime.loop.clock.now() >= EPOCH + 60_000);
});

Deno.test("worker: --until-idle does not wait for a signal, nor for a start later on", async () => {
  using store = memoryStore();
  start(store, "waits");
  start(store, "later", EPOCH + 3_600_000);
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.waitSignal("go");
  });
  const runtime = virtualRuntime();
  await runUntilIdle(store, replaying(workflow), { runtime });
  assert.equal(store.get("waits").status, "sleeping");
  assert.equal(store.get("later").status, "pending");
  assert.equal(runtime.loop.clock.now(), EPOCH, "it did not wait an hour");
});

Deno.test("worker: a schedule's runs are started on its beat by the runtime's timers", async () => {
  using store = memoryStore();
  store.createSchedule({
    id: "tick",
    kind: "replay",
    file: "/tick.ts",
    source: "",
    everyMs: 100,
    startAt: EPOCH,
  });
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.now();
  });
  const runtime = virtualRuntime();
  const worker = new Worker(store, runtime, {
    activate: { ...replaying(workflow), snapshot: refuse },
    owner: "w",
  });
  await runtime.run(runtime.race<unknown>([worker.run(), runtime.sleep(350)]));
  assert.deepEqual(
    store.list().map((w) => [w.id, w.status, w.result]),
    [0, 1, 2, 3].map((i) => [`tick-${i + 1}`, "completed", EPOCH + i * 100]),
  );
});

Deno.test("worker: two workers on one store run each workflow once", async () => {
  using store = memoryStore();
  for (let i = 0; i < 20; i++) start(store, `w${i}`);
  const ran = new Map<string, number>();
  const workflow = defineWorkflow(function* (ctx) {
    yield* ctx.step("work", ({ key }) => {
      ran.set(key, (ran.get(key) ?? 0) + 1);
      return key;
    });
    yield* ctx.sleep(10);
    return ctx.id;
  });
  const runtime = virtualRuntime();
  const workers = ["a", "b"].map((owner) =>
    new Worker(store, runtime, {
      activate: { ...replaying(workflow), snapshot: refuse },
      owner,
      untilIdle: true,
      concurrency: 3,
    })
  );
  const reports = await runtime.run(join(workers[0].run(), workers[1].run()));
  assert.equal(reports.length, 2);
  assert.ok(reports.every((r) => r.activations > 0), "both took a share");
  for (const w of store.list()) {
    assert.equal(w.status, "completed", w.id);
    assert.equal(w.result, w.id);
  }
  assert.equal(ran.size, 20);
  assert.ok([...ran.values()].every((n) => n === 1), "no step ran twice");
});

Deno.test("worker: a step longer than the lease keeps its workflow, since the lease is renewed", async () => {
  using store = memoryStore();
  start(store, "long");
  let runs = 0;
  const runtime = virtualRuntime();
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.step("slow", () => {
      runs++;
      return map(runtime.sleep(10_000), () => "slept");
    });
  });
  const workers = ["a", "b"].map((owner) =>
    new Worker(store, runtime, {
      activate: { ...replaying(workflow), snapshot: refuse },
      owner,
      untilIdle: true,
      leaseMs: 1000,
    })
  );
  await runtime.run(join(workers[0].run(), workers[1].run()));
  assert.equal(store.get("long").status, "completed");
  assert.equal(store.get("long").attempts, 1, "never taken over");
  assert.equal(runs, 1);
});

Deno.test("worker: a workflow that throws is failed with its message", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    yield* ctx.step("ok", () => 1);
    throw new TypeError("no such customer");
  });
  await runUntilIdle(store, replaying(workflow));
  assert.equal(store.get("w").status, "failed");
  assert.equal(store.get("w").error, "TypeError: no such customer");
});

Deno.test("worker: --until-idle finishes a workflow that an earlier worker left asleep", async () => {
  using store = memoryStore();
  start(store, "w");
  const workflow = defineWorkflow(function* (ctx) {
    yield* ctx.sleep(5_000);
    return "woke";
  });
  // The first worker parks it, then dies (its activation is run alone).
  const claim = store.claim("dead", EPOCH, EPOCH + 1000);
  assert.ok(claim !== undefined);
  const first = virtualRuntime();
  await first.run(activateReplay(workflow, {
    store,
    runtime: first,
    owner: "dead",
    claim,
    faults: new Faults(),
  }));
  assert.equal(store.get("w").status, "sleeping");
  const runtime = virtualRuntime(EPOCH + 1_000);
  await runUntilIdle(store, replaying(workflow), { runtime });
  assert.equal(store.get("w").status, "completed");
  assert.equal(
    runtime.loop.clock.now(),
    EPOCH + 5_000,
    "it waited only what was left",
  );
});

Deno.test("worker: a store error in an activation is not the workflow's failure; it is let go for a later claim", async () => {
  using store = memoryStore();
  start(store, "w");
  let activations = 0;
  const flaky: Activate = (activation) => {
    if (++activations === 1) {
      throw new StoreError("the store was locked too long (staged)");
    }
    return activateReplay(
      defineWorkflow(function* (ctx) {
        return yield* ctx.step("done", () => "done");
      }),
      activation,
    );
  };
  const lines: string[] = [];
  const runtime = virtualRuntime();
  const worker = new Worker(store, runtime, {
    activate: { replay: flaky, snapshot: refuse },
    owner: "w1",
    untilIdle: true,
    log: (line) => lines.push(line),
  });
  await runtime.run(worker.run());
  assert.equal(store.get("w").status, "completed");
  assert.equal(
    store.get("w").attempts,
    2,
    "claimed again at once, not after a lease",
  );
  assert.ok(
    lines.some((l) => l.startsWith("w: stopped: the store was locked")),
    lines.join("\n"),
  );
});
