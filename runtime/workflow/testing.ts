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
import { Faults } from "./faults.ts";
import {
  type StoreOptions,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";
import { Worker, type WorkerReport } from "./worker.ts";
import { snapshotWorkflows } from "../../lessons/17-snapshot-workflows/snapshot.ts";
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

/** Start Lox workflow `id` running `source`, due at {@linkcode EPOCH}. */
export function startLox(
  store: WorkflowStore,
  id: string,
  source: string,
): void {
  store.create(
    { id, kind: "snapshot", file: `/${id}.lox`, source, startAt: EPOCH },
    EPOCH,
  );
}

/** Where a Lox workflow's `print`s go: one string per line printed. */
export class LoxOutput {
  readonly lines: string[] = [];
  readonly io = {
    stdout: (text: string) => this.lines.push(...text.split("\n").slice(0, -1)),
    stderr: (text: string) => this.lines.push(`stderr: ${text}`),
  };
}

/** Virtual time after which a worker that is not idle yet is taken to loop. */
const TIME_LIMIT_MS = 10 * 60_000;
/** Activations after which a worker is taken to loop. */
const ACTIVATION_LIMIT = 50;

/**
 * Run a worker until idle, starting at `at` on a virtual clock. A bug that makes a
 * workflow loop (recovered again and again, restarted from the top at each wake-up,
 * or held by a worker forever) fails the test rather than hanging it: the worker
 * stops after {@linkcode ACTIVATION_LIMIT} activations or
 * {@linkcode TIME_LIMIT_MS} of virtual time, which runs on whenever every task
 * waits.
 */
export async function workLox(
  store: WorkflowStore,
  out: LoxOutput,
  at = EPOCH,
): Promise<void> {
  const runtime = virtualRuntime(at);
  const activate = snapshotWorkflows(out.io);
  let activations = 0;
  const worker = new Worker(store, runtime, {
    activate: {
      replay: () => {
        throw new Error("these tests run no replay workflow");
      },
      snapshot: (activation) => {
        if (++activations > ACTIVATION_LIMIT) {
          throw new Error(`more than ${ACTIVATION_LIMIT} activations`);
        }
        return activate(activation);
      },
    },
    untilIdle: true,
    owner: "test-worker",
  });
  const winner = await runtime.run(
    runtime.race<unknown>([worker.run(), runtime.sleep(TIME_LIMIT_MS)]),
  );
  if (winner.index !== 0) {
    throw new Error(
      `the worker was not idle after ${TIME_LIMIT_MS} virtual ms: a workflow loops`,
    );
  }
}

/**
 * One activation by a worker `owner` that then dies: claimed at `at` with a lease of
 * 5 s, and never renewed. Resolves once the activation ends (parks, finishes, or
 * crashes at a fault).
 */
export async function activateLoxOnce(
  store: WorkflowStore,
  out: LoxOutput,
  options: { owner?: string; at?: number; faults?: Faults } = {},
): Promise<void> {
  const owner = options.owner ?? "doomed";
  const at = options.at ?? EPOCH;
  const claim = store.claim(owner, at, at + 5000);
  if (claim === undefined) throw new Error("nothing to claim");
  const runtime = virtualRuntime(at);
  await runtime.run(
    snapshotWorkflows(out.io)({
      store,
      runtime,
      owner,
      claim,
      faults: options.faults ?? new Faults(),
    }),
  );
}
