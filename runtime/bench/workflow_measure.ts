/**
 * The workflow engine's figures (issue 13), measured on a real store file in WAL
 * mode, as a worker uses it:
 *
 * - **steps per second**: one workflow doing many steps (each step one commit),
 *   beside bare SQLite transactions of one small insert each, the floor;
 * - **recovery time**: 100 workflows left "running" by a worker that died (as after
 *   kill -9), each with a journal of L steps, until a new worker has brought each one
 *   back to where it was (parked, waiting for a signal). Replay must run L steps'
 *   worth of code again; a snapshot is restored whole.
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-sys=hostname \
 *   --import-map=.bounce/import-maps/runtime.reference.json runtime/bench/workflow_measure.ts
 * ```
 *
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { scriptRuntime } from "../../lessons/14-lox-fibers/script.ts";
import { WallClock } from "../workflow/clock.ts";
import { Faults } from "../workflow/faults.ts";
import {
  activateReplay,
  defineWorkflow,
  type WorkflowDefinition,
} from "../../lessons/16-replay/replay.ts";
import {
  type WorkflowKind,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";
import { Worker } from "../workflow/worker.ts";
import type { Activate } from "../workflow/activation.ts";

/** Steps in the steps-per-second run. */
export const STEPS = 2000;
/** Workflows in a recovery run. */
export const WORKFLOWS = 100;

/** A workflow of `steps` steps, each adding to a counter, then a wait for "go". */
function counting(steps: number): WorkflowDefinition {
  return defineWorkflow(function* (ctx) {
    let total = 0;
    for (let i = 0; i < steps; i++) {
      total = yield* ctx.step("add", ({ put }) => {
        put("total", total + i);
        return total + i;
      });
    }
    yield* ctx.waitSignal("go");
    return total;
  });
}

/** Run `body` on a fresh store file in a temporary folder, removed after. */
export async function withStore<T>(
  body: (store: WorkflowStore, path: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "bounce-wf-measure-" });
  const path = join(dir, "workflows.db");
  try {
    using store = WorkflowStore.open(path);
    return await body(store, path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Run a worker on `store` until idle; its wall time in ms. */
export async function work(
  store: WorkflowStore,
  activate: Partial<Record<WorkflowKind, Activate>>,
): Promise<number> {
  const runtime = scriptRuntime(new WallClock());
  const refuse: Activate = () => {
    throw new Error("this measurement runs no workflow of this kind");
  };
  const worker = new Worker(store, runtime, {
    activate: {
      replay: activate.replay ?? refuse,
      snapshot: activate.snapshot ?? refuse,
    },
    untilIdle: true,
    concurrency: WORKFLOWS,
    faults: new Faults(),
  });
  const start = performance.now();
  await runtime.run(worker.run());
  return performance.now() - start;
}

/** Leave every workflow in the store "running" for a dead worker, as kill -9 does. */
export function killTheirWorker(path: string): void {
  const db = new DatabaseSync(path);
  db.exec(
    "UPDATE workflows SET status = 'running', owner = 'dead', lease_until = 0",
  );
  db.close();
}

function bareTransactions(path: string, n: number): number {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    db.exec("BEGIN IMMEDIATE");
    insert.run(`{"n":${i}}`);
    db.exec("COMMIT");
  }
  const ms = performance.now() - start;
  db.close();
  return ms;
}

export async function stepsPerSecond(): Promise<void> {
  await withStore(async (store, path) => {
    const bare = bareTransactions(`${path}.bare`, STEPS);
    const definition = counting(STEPS);
    store.create(
      { id: "steps", kind: "replay", file: "-", source: "", startAt: 0 },
      Date.now(),
    );
    const ms = await work(store, {
      replay: (a) => activateReplay(definition, a),
    });
    const steps = store.steps("steps").length;
    if (steps !== STEPS) {
      throw new Error(`${steps} steps recorded, not ${STEPS}`);
    }
    console.log(
      `bare SQLite transactions: ${rate(STEPS, bare)}/s (${
        (bare / STEPS * 1000).toFixed(0)
      } µs each)`,
    );
    console.log(
      `replay steps, one workflow: ${rate(STEPS, ms)}/s (${
        (ms / STEPS * 1000).toFixed(0)
      } µs each, ${(ms / bare).toFixed(2)}× a bare transaction)`,
    );
  });
}

async function recovery(journal: number): Promise<void> {
  await withStore(async (store, path) => {
    const definition = counting(journal);
    const replay: Activate = (a) => activateReplay(definition, a);
    for (let i = 0; i < WORKFLOWS; i++) {
      store.create(
        { id: `w${i}`, kind: "replay", file: "-", source: "", startAt: 0 },
        Date.now(),
      );
    }
    await work(store, { replay });
    // As if their worker died with every one of them running: kill -9 leaves this.
    killTheirWorker(path);
    let replayedSteps = 0;
    const counted: Activate = (a) => {
      replayedSteps += a.claim.steps.length;
      return activateReplay(definition, a);
    };
    const ms = await work(store, { replay: counted });
    const parked = store.list().filter((w) => w.status === "sleeping").length;
    if (parked !== WORKFLOWS || replayedSteps !== WORKFLOWS * journal) {
      throw new Error(
        `recovered ${parked} of ${WORKFLOWS}, ${replayedSteps} steps`,
      );
    }
    console.log(
      `recovery, replay, ${WORKFLOWS} workflows × ${journal} steps: ${
        ms.toFixed(0)
      } ms (${(ms / WORKFLOWS).toFixed(2)} ms each)`,
    );
  });
}

/** `n` things in `ms` milliseconds, per second, for a person to read. */
export function rate(n: number, ms: number): string {
  return Math.round(n / ms * 1000).toLocaleString("en");
}

if (import.meta.main) {
  await stepsPerSecond();
  await recovery(10);
  await recovery(1000);
}
