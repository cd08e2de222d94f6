import assert from "node:assert/strict";
import { map } from "../../lessons/01-futures/combinators.ts";
import {
  activateReplay,
  defineWorkflow,
} from "../../lessons/16-replay/replay.ts";
import { EPOCH, memoryStore, virtualRuntime } from "./testing.ts";
import { Worker } from "./worker.ts";

Deno.test("worker: at its concurrency limit with more work due, it waits instead of spinning", async () => {
  using store = memoryStore();
  for (const id of ["a", "b", "c"]) {
    store.create(
      { id, kind: "replay", file: `/${id}.ts`, source: "", startAt: EPOCH },
      EPOCH,
    );
  }
  const runtime = virtualRuntime();
  // A step that waits on the runtime: it can only end if the worker waits too.
  const workflow = defineWorkflow(function* (ctx) {
    return yield* ctx.step("wait", () => map(runtime.sleep(1000), () => 1));
  });
  // Each turn of the worker's loop asks when work is next due: count the turns.
  let turns = 0;
  const nextDueAt = store.nextDueAt.bind(store);
  store.nextDueAt = () => {
    if (++turns > 1000) throw new Error("the worker is spinning");
    return nextDueAt();
  };
  const worker = new Worker(store, runtime, {
    activate: {
      replay: (a) => activateReplay(workflow, a),
      snapshot: () => {
        throw new Error("no Lox here");
      },
    },
    concurrency: 1,
    untilIdle: true,
    owner: "test-worker",
  });
  await runtime.run(worker.run());
  assert.deepEqual(store.list().map((w) => [w.status, w.result]), [
    ["completed", 1],
    ["completed", 1],
    ["completed", 1],
  ]);
  assert.ok(turns < 100, `${turns} turns for three one-second steps`);
});
