/**
 * A worker: one task on the runtime that claims what is due and runs it, each
 * claimed workflow as a task of its own. It finds work in the store, so any number
 * of workers (in any number of processes) can share one store: a claim is atomic,
 * and a worker that dies leaves its claims to run out (their lease), after which
 * another worker recovers them from their last durable point.
 *
 * The worker waits with the runtime's own timers: until the next workflow or
 * schedule is due, or at most `pollMs`, since other processes (`start`, `signal`)
 * add work it cannot hear about.
 *
 * @module
 */

import type { Future } from "../../lessons/01-futures/future.ts";
import { Notify } from "../../lessons/07-channels/notify.ts";
import {
  coroutine,
  type CoroutineBody,
  wait,
} from "../../lessons/08-coroutines/coroutine.ts";
import type { Runtime } from "../run.ts";
import type { Activate, Activation } from "./activation.ts";
import { Faults, SimulatedCrash } from "./faults.ts";
import { describe } from "../../lessons/16-replay/replay.ts";
import {
  type Claim,
  LostLeaseError,
  StoreError,
  type WorkflowKind,
  type WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";

/** How a worker works. Every field but `activate` has a default. */
export interface WorkerOptions {
  /** How to run each kind of workflow. */
  readonly activate: Readonly<Record<WorkflowKind, Activate>>;
  /** Who this worker is, in the store's `owner` column: host, pid and a random tag. */
  readonly owner?: string;
  /** How long a claim lasts without renewal, in ms: 5000. */
  readonly leaseMs?: number;
  /** The longest the worker waits before looking at the store again, in ms: 250. */
  readonly pollMs?: number;
  /** How many workflows it runs at once: 32. */
  readonly concurrency?: number;
  /** Stop once nothing is running, due or asleep on a timer (signal waits do not count). */
  readonly untilIdle?: boolean;
  /** Where the crash tests make it die. None by default. */
  readonly faults?: Faults;
  /** Where it says what it did, a line at a time. Nowhere by default. */
  readonly log?: (line: string) => void;
}

/** What a worker did, once it stops. */
export interface WorkerReport {
  /** How many activations it ran (a workflow that slept twice counts three). */
  readonly activations: number;
}

/** Runs due workflows from `store` on `runtime`. See the module's comment. */
export class Worker {
  readonly owner: string;
  readonly #store: WorkflowStore;
  readonly #runtime: Runtime;
  readonly #activate: Readonly<Record<WorkflowKind, Activate>>;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #concurrency: number;
  readonly #untilIdle: boolean;
  readonly #faults: Faults;
  readonly #log: (line: string) => void;
  /** Workflows being run now, by id. */
  readonly #running = new Set<string>();
  /** Workflows whose activation ended, still to let go of (the store refused once). */
  readonly #unreleased = new Set<string>();
  /** Rung when an activation ends: a slot is free, and the worker looks again. */
  readonly #ended = new Notify();
  #activations = 0;

  /**
   * @param store where the workflows are.
   * @param runtime what they run on; its clock must be wall-clock time (clock.ts)
   *   unless every workflow in the store was made on the same virtual clock.
   * @param options how to work.
   */
  constructor(store: WorkflowStore, runtime: Runtime, options: WorkerOptions) {
    this.#store = store;
    this.#runtime = runtime;
    this.#activate = options.activate;
    this.owner = options.owner ??
      `${Deno.hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
    this.#leaseMs = options.leaseMs ?? 5000;
    this.#pollMs = Math.min(options.pollMs ?? 250, this.#leaseMs / 3);
    this.#concurrency = options.concurrency ?? 32;
    this.#untilIdle = options.untilIdle ?? false;
    this.#faults = options.faults ?? new Faults();
    this.#log = options.log ?? (() => {});
  }

  /**
   * The worker's main task: claim, run, wait, again. With `untilIdle`, it ends once
   * idle; otherwise it runs until cancelled (its running workflows are cancelled
   * with it, and recovered later from their last durable point).
   */
  run(): Future<WorkerReport> {
    return coroutine(() => this.#main());
  }

  *#main(): CoroutineBody<WorkerReport> {
    const clock = this.#runtime.loop.clock;
    for (;;) {
      const now = clock.now();
      this.#releaseAll();
      this.#store.startDueSchedules(now);
      this.#store.renew(this.owner, this.#running, now + this.#leaseMs);
      while (this.#running.size < this.#concurrency) {
        const claim = this.#store.claim(this.owner, now, now + this.#leaseMs);
        if (claim === undefined) break;
        this.#start(claim);
      }
      if (this.#untilIdle && this.#idle(now)) {
        return { activations: this.#activations };
      }
      // What is due now was claimed above, unless every slot is taken: then an
      // ending activation notifies `#ended`. Waiting at least 1 ms keeps this loop from
      // spinning (a virtual clock would never move).
      const due = this.#running.size < this.#concurrency
        ? this.#store.nextDueAt() ?? Infinity
        : Infinity;
      const until = Math.max(now + 1, Math.min(due, now + this.#pollMs));
      yield* wait(
        this.#runtime.race<unknown>([
          this.#runtime.loop.timers.sleepUntil(until),
          this.#ended.notified(),
        ]),
      );
    }
  }

  /** Run `claim` as a task of its own. */
  #start(claim: Claim): void {
    const id = claim.workflow.id;
    this.#running.add(id);
    this.#activations++;
    const activation: Activation = {
      store: this.#store,
      runtime: this.#runtime,
      owner: this.owner,
      claim,
      faults: this.#faults,
    };
    const run = this.#activate[claim.workflow.kind];
    this.#runtime.spawn(coroutine(() => this.#supervise(activation, run)));
  }

  /** Run one activation; whatever happens, it ends with the workflow let go. */
  *#supervise(activation: Activation, run: Activate): CoroutineBody<void> {
    const id = activation.claim.workflow.id;
    try {
      yield* wait(run(activation));
    } catch (error) {
      // A staged kill ends the worker's task as a real one would end the process.
      if (error instanceof SimulatedCrash) throw error;
      if (error instanceof LostLeaseError) {
        this.#log(`${id}: stopped: ${error.message}`);
      } else if (error instanceof StoreError) {
        // Not the workflow's fault (the file was locked too long, say): it is not
        // failed, and goes on from its last durable point when claimed again.
        this.#log(`${id}: stopped: ${error.message}`);
      } else {
        this.#fail(id, error);
      }
    } finally {
      // If it ended without letting go (a commit refused as a step recorded twice,
      // a store that failed), let another claim recover it rather than renew a
      // lease nobody uses.
      this.#unreleased.add(id);
      this.#releaseAll();
      this.#running.delete(id);
      this.#ended.notifyOne();
    }
    try {
      const after = this.#store.find(id);
      if (after !== undefined) {
        this.#log(
          `${id}: ${after.status}${
            after.error === null ? "" : `: ${after.error}`
          }`,
        );
      }
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
  }

  /** Record that `id` failed with `error`, if this worker still owns it. */
  #fail(id: string, error: unknown): void {
    try {
      this.#store.commit(id, this.owner, this.#runtime.loop.clock.now(), {
        finish: { status: "failed", error: describe(error) },
      });
    } catch (problem) {
      if (problem instanceof StoreError) {
        this.#log(
          `${id}: its failure could not be recorded: ${problem.message}`,
        );
      } else if (!(problem instanceof LostLeaseError)) throw problem;
    }
  }

  /** Let go of every ended activation's workflow; what the store refuses, later. */
  #releaseAll(): void {
    for (const id of this.#unreleased) {
      try {
        this.#store.release(id, this.owner);
        this.#unreleased.delete(id);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        return;
      }
    }
  }

  /**
   * Nothing running anywhere, nothing due, and no workflow asleep on a timer: a
   * worker restarted after a crash finishes what was sleeping. A workflow waiting
   * for a signal, a start set for later and a schedule do not hold it.
   */
  #idle(now: number): boolean {
    if (this.#running.size > 0) return false;
    const due = this.#store.nextDueAt();
    if (due !== undefined && due <= now) return false;
    return !this.#store.list().some((w) =>
      w.status === "running" || (w.status === "sleeping" && w.wakeAt !== null)
    );
  }
}
