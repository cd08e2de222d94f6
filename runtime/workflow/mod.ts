/**
 * Durable workflows: programs that pause, are saved, are scheduled for later, and
 * finish after a crash with every step's effect on their own state applied once.
 *
 * How the engine is laid out, in the order a reader needs it:
 *
 * - `lessons/15-durable-store/store.ts` — the store: one SQLite file in WAL mode;
 *   each durable point is one transaction that first checks the worker still owns
 *   the workflow (lesson 15).
 * - `activation.ts` — the contract every kind of workflow keeps with the worker.
 * - `lessons/16-replay/replay.ts` — TypeScript workflows, made durable by replaying
 *   a journal of step results (lesson 16).
 * - `lessons/17-snapshot-workflows/snapshot.ts` — Lox workflows, made durable by
 *   saving the fiber whole at each durable point (lesson 17), with its journal,
 *   natives and Lox prelude beside it.
 * - `worker.ts` — claims due work and runs it on the runtime, renewing leases.
 * - `faults.ts` — where the crash tests kill a worker; `clock.ts` — wall-clock time.
 * - `main.ts` — `deno task workflow`: start, worker, list, show, signal, cancel.
 *
 * @example
 * ```ts
 * import { defineWorkflow } from "./mod.ts";
 *
 * export const workflow = defineWorkflow(function* (ctx) {
 *   const n = yield* ctx.step("count", ({ get, put }) => {
 *     const next = Number(get("n") ?? 0) + 1;
 *     put("n", next); // committed with the step's record: exactly once
 *     return next;
 *   });
 *   yield* ctx.sleep(60_000); // durable: a restart does not start it again
 *   return n;
 * });
 * ```
 *
 * @module
 */

export {
  type Claim,
  type Commit,
  isFinished,
  type Json,
  LostLeaseError,
  type StepRecord,
  StoreError,
  UnknownWorkflowError,
  type WorkflowKind,
  type WorkflowRecord,
  type WorkflowStatus,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";
export {
  NonDeterminismError,
  NotDurableError,
  StepFailedError,
} from "../../lessons/16-replay/errors.ts";
export {
  activateReplay,
  defineWorkflow,
  type Durable,
  type StepScope,
  type WorkflowContext,
  type WorkflowDefinition,
} from "../../lessons/16-replay/replay.ts";
export {
  decodeSnapshot,
  encodeSnapshot,
  type LoxIo,
  snapshotWorkflows,
} from "../../lessons/17-snapshot-workflows/snapshot.ts";
export { type Activate, type Activation } from "./activation.ts";
export { WallClock } from "./clock.ts";
export { type FaultPoint, Faults, SimulatedCrash } from "./faults.ts";
export { Worker, type WorkerOptions, type WorkerReport } from "./worker.ts";
