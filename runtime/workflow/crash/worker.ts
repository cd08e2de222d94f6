/**
 * The worker process the crash tests start, kill and start again. It wires what
 * `deno task workflow worker --until-idle` wires (a store whose commits can be
 * killed half-way, faults from `BOUNCE_WORKFLOW_FAULTS`, a lease from
 * `BOUNCE_WORKFLOW_LEASE_MS`, a `Worker` on a wall-clock runtime) and runs the
 * crash workflows of both kinds (workflow.ts), saying what it does on stdout
 * (protocol.ts).
 *
 * ```sh
 * deno run --allow-read=DIR --allow-write=DIR \
 *   --allow-env=BOUNCE_WORKFLOW_FAULTS,BOUNCE_WORKFLOW_LEASE_MS \
 *   runtime/workflow/crash/worker.ts --db DIR/workflows.db \
 *   --effects DIR/effects.log --owner w1 --seed 7 --fingerprint "…"
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { scriptRuntime } from "../../../lessons/14-lox-fibers/script.ts";
import type { Activate } from "../activation.ts";
import { WallClock } from "../clock.ts";
import { type FaultPoint, Faults } from "../faults.ts";
import { activateReplay } from "../../../lessons/16-replay/replay.ts";
import { snapshotWorkflows } from "../../../lessons/17-snapshot-workflows/snapshot.ts";
import { WorkflowStore } from "../../../lessons/15-durable-store/store.ts";
import { Worker } from "../worker.ts";
import {
  codeFingerprint,
  FAULTS_VARIABLE,
  LEASE_VARIABLE,
  say,
} from "./protocol.ts";
import { seeded } from "./random.ts";
import { crashWorkflow, fileSink } from "./workflow.ts";

/** Bad arguments or environment: said in one line, exit 2. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Say the point, then die as `Faults` would. */
function crash(point: FaultPoint): void {
  say(`fault ${point}`);
  Deno.kill(Deno.pid, "SIGKILL");
}

async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: "string" },
      effects: { type: "string" },
      owner: { type: "string" },
      seed: { type: "string", default: "0" },
      fingerprint: { type: "string" },
    },
  });
  const { db, effects, owner, fingerprint } = values;
  if (db === undefined || effects === undefined || owner === undefined) {
    throw new UsageError("give --db, --effects and --owner");
  }
  const mine = codeFingerprint();
  if (fingerprint !== undefined && fingerprint !== mine) {
    throw new UsageError(
      `this worker runs ${mine}, but its harness runs ${fingerprint}: pass the harness's import map`,
    );
  }
  const leaseMs = Number(Deno.env.get(LEASE_VARIABLE) ?? 5000);
  if (!(leaseMs > 0)) {
    throw new UsageError(`${LEASE_VARIABLE} must be a number of ms above 0`);
  }
  const faults = Faults.parse(
    Deno.env.get(FAULTS_VARIABLE) ?? "",
    seeded(Number(values.seed)),
    crash,
  );
  using store = WorkflowStore.open(db, {
    beforeCommit: () => faults.at("mid-commit"),
  });
  say("ready");
  const sink = fileSink(effects);
  const definition = crashWorkflow(sink);
  // A Lox workflow's effect is a print: each line of its output goes to the file.
  const lox = snapshotWorkflows({
    stdout: (text) => text.split("\n").filter(Boolean).forEach(sink.append),
    stderr: (text) => console.error(text.trimEnd()),
  });
  const announced = (run: Activate): Activate => (activation) => {
    const { id, attempts } = activation.claim.workflow;
    say(`claim ${id} ${attempts}`);
    return run(activation);
  };
  const replay = announced((a) => activateReplay(definition, a));
  const snapshot = announced(lox);
  const runtime = scriptRuntime(new WallClock());
  const worker = new Worker(store, runtime, {
    activate: { replay, snapshot },
    owner,
    leaseMs,
    untilIdle: true,
    faults,
    log: (line) => say(`log ${line}`),
  });
  const report = await runtime.run(worker.run());
  say(`done ${report.activations}`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    const message = error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
    console.error(`crash worker: ${message}`);
    // parseArgs says an unknown or malformed option with a TypeError of this code.
    const usage = error instanceof UsageError || error instanceof RangeError ||
      String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
    Deno.exit(usage ? 2 : 1);
  }
}
