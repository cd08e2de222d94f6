/**
 * The figures of Lox workflows (snapshot.ts), measured on a real store file in WAL
 * mode, as a worker uses it; the counterpart of workflow_measure.ts for replay.
 *
 * - **steps per second**: one Lox workflow doing many steps, each a durable point:
 *   the fiber captured, serialized and committed with the step's record;
 * - **snapshot size**: the bytes the store keeps for that workflow (its globals,
 *   stack and code: the journal is not in it, so it does not grow with the steps);
 * - **recovery time**: 100 workflows left "running" by a worker that died, each with
 *   a journal of L steps, until a new worker has brought each one back to where it
 *   was (parked, waiting for a signal). A snapshot is restored whole: nothing of the
 *   L steps runs again.
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-sys=hostname \
 *   --import-map=.bounce/import-maps/runtime.reference.json \
 *   runtime/bench/workflow_snapshot_measure.ts
 * ```
 *
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import type { Activate } from "../workflow/activation.ts";
import { snapshotWorkflows } from "../../lessons/17-snapshot-workflows/snapshot.ts";
import { WorkflowStore } from "../../lessons/15-durable-store/store.ts";
import {
  killTheirWorker,
  rate,
  STEPS,
  withStore,
  work,
  WORKFLOWS,
} from "./workflow_measure.ts";

/** A Lox workflow of `steps` steps, each adding to a counter, then a wait for "go". */
function counting(steps: number): string {
  return `
var total = 0;
fun add() {
  total = total + 1;
  put("total", total);
  return total;
}
for (var i = 0; i < ${steps}; i = i + 1) step("add", add);
waitSignal("go");
`;
}

const quiet = { stdout: () => {}, stderr: () => {} };

function start(store: WorkflowStore, id: string, source: string): void {
  store.create(
    { id, kind: "snapshot", file: "-", source, startAt: 0 },
    Date.now(),
  );
}

/** The size of each workflow's snapshot, in bytes, as the file keeps it. */
function snapshotSizes(path: string): number[] {
  const db = new DatabaseSync(path);
  try {
    const rows = db.prepare(
      "SELECT length(snapshot) AS bytes FROM workflows ORDER BY id",
    ).all() as unknown as { bytes: number }[];
    return rows.map((row) => row.bytes);
  } finally {
    db.close();
  }
}

export async function stepsPerSecond(): Promise<void> {
  await withStore(async (store, path) => {
    start(store, "steps", counting(STEPS));
    const ms = await work(store, { snapshot: snapshotWorkflows(quiet) });
    const steps = store.steps("steps").length;
    if (steps !== STEPS || store.read("steps", "total") !== STEPS) {
      throw new Error(`${steps} steps recorded, not ${STEPS}`);
    }
    console.log(
      `Lox snapshot steps, one workflow: ${rate(STEPS, ms)}/s (${
        (ms / STEPS * 1000).toFixed(0)
      } µs each); its snapshot: ${snapshotSizes(path)[0]} bytes`,
    );
  });
}

async function recovery(journal: number): Promise<void> {
  await withStore(async (store, path) => {
    for (let i = 0; i < WORKFLOWS; i++) {
      start(store, `w${i}`, counting(journal));
    }
    await work(store, { snapshot: snapshotWorkflows(quiet) });
    // As if their worker died with every one of them running: kill -9 leaves this.
    killTheirWorker(path);
    let restored = 0;
    const activate = snapshotWorkflows(quiet);
    const counted: Activate = (a) => {
      if (a.claim.snapshot !== null) restored++;
      return activate(a);
    };
    const ms = await work(store, { snapshot: counted });
    const parked = store.list().filter((w) => w.status === "sleeping").length;
    if (parked !== WORKFLOWS || restored !== WORKFLOWS) {
      throw new Error(
        `recovered ${parked} of ${WORKFLOWS}, ${restored} from snapshots`,
      );
    }
    const sizes = snapshotSizes(path);
    console.log(
      `recovery, snapshot, ${WORKFLOWS} workflows × ${journal} steps: ${
        ms.toFixed(0)
      } ms (${(ms / WORKFLOWS).toFixed(2)} ms each; snapshots of ${
        Math.min(...sizes)
      } to ${Math.max(...sizes)} bytes)`,
    );
  });
}

if (import.meta.main) {
  await stepsPerSecond();
  await recovery(10);
  await recovery(1000);
}
