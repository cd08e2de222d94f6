/**
 * Helpers for the workflow engine's tests: a store in memory, a runtime on a virtual
 * clock that starts at a real-looking date, and a worker run until idle.
 *
 * @module
 */

import { VirtualClock } from "../../lessons/05-timers/clock.ts";
import { scriptRuntime } from "../../lessons/14-lox-fibers/script.ts";
import type { Runtime } from "../run.ts";
import type { Activate } from "./activation.ts";
import type { Faults } from "./faults.ts";
import {
  type StoreOptions,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";
import { Worker, type WorkerReport } from "./worker.ts";
import type { WorkflowKind } from "../../lessons/15-durable-store/store.ts";

/** 2026-01-01T00:00:00Z: where test clocks start, so times look like times. */
export const EPOCH = Date.UTC(2026, 0, 1);

/** A runtime on a virtual clock at {@linkcode EPOCH} (or `start`). */
export function virtualRuntime(start = EPOCH): Runtime {
  return scriptRuntime(new VirtualClock(start));
}

/** Run a worker on `store` until it is idle; its report. */
export function runUntilIdle(
  store: WorkflowStore,
  activate: Partial<Record<WorkflowKind, Activate>>,
  options: { runtime?: Runtime; owner?: string; faults?: Faults } = {},
): Promise<WorkerReport> {
  const runtime = options.runtime ?? virtualRuntime();
  const refuse: Activate = () => {
    throw new Error("this test runs no workflow of this kind");
  };
  const worker = new Worker(store, runtime, {
    activate: {
      replay: activate.replay ?? refuse,
      snapshot: activate.snapshot ?? refuse,
    },
    untilIdle: true,
    owner: options.owner ?? "test-worker",
    faults: options.faults,
  });
  return runtime.run(worker.run());
}

/** A fresh store in memory. */
export function memoryStore(options: StoreOptions = {}): WorkflowStore {
  return WorkflowStore.open(":memory:", options);
}
