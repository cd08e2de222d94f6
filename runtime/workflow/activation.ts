/**
 * What a worker hands a workflow it has claimed, whatever its kind: the store, the
 * runtime to run on, the claim itself. Both kinds keep the same contract:
 *
 * - An activation is a future. It ends when the workflow parks (sleeps, waits for a
 *   signal), finishes (its end is committed), or finds it no longer owns the
 *   workflow ({@linkcode LostLeaseError}: it stops and writes nothing more).
 * - Everything the workflow has seen is committed before it sees more: a step's
 *   result reaches the workflow only after the commit that records it.
 * - It never writes for a workflow it does not own: each commit checks (store.ts).
 *
 * @module
 */

import type { Future } from "../../lessons/01-futures/future.ts";
import type { Runtime } from "../run.ts";
import type { Faults } from "./faults.ts";
import type {
  Claim,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";

/** A claimed workflow, and what running it needs. */
export interface Activation {
  /** Where its journal, state and snapshot are. */
  readonly store: WorkflowStore;
  /** The runtime it runs on; its clock is wall-clock time (or virtual, in tests). */
  readonly runtime: Runtime;
  /** The worker that owns it now. */
  readonly owner: string;
  /** The workflow as claimed, its journal and its snapshot. */
  readonly claim: Claim;
  /** Where the crash tests make the worker die. */
  readonly faults: Faults;
}

/** Runs one kind of workflow: replay.ts for TypeScript, snapshot.ts for Lox. */
export type Activate = (activation: Activation) => Future<void>;
