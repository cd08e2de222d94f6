/**
 * The event loop: a scheduler, timers and (from lesson 06) IO, driven in turns.
 *
 * ```
 *        ┌──────────────────────────────────────────────┐
 *        ▼                                              │
 *  tick(budget) ─► fireDue() ─► any task ready? ── yes ─┤
 *                                   │ no                │
 *                                   ▼                   │
 *      park: wait for the next deadline or for IO ──────┘
 *      (nothing to wait for, and main not done: deadlock)
 * ```
 *
 * @module
 */

import { setImmediate } from "node:timers";
import type { Future } from "../../lessons/01-futures/future.ts";
import type { JoinHandle } from "../../lessons/03-executor/task.ts";
import type { Policy } from "../../lessons/04-scheduler/policy.ts";
import {
  Scheduler,
  type SpawnOptions,
} from "../../lessons/04-scheduler/scheduler.ts";
import { type Clock, SystemClock } from "./clock.ts";
import { Timers } from "./timers.ts";
import { DeadlockError } from "../../lessons/contract/errors.ts";

/** Something outside the loop that can wake tasks: lesson 06's reactor. */
export interface IoDriver {
  /** How many operations are in flight. While any is, a wake may still come. */
  readonly inFlight: number;
  /** Resolves once some operation has completed and woken its task. */
  wait(): Promise<void>;
}

/** How to build an {@linkcode EventLoop}. */
export interface EventLoopOptions {
  /** Where time comes from; the system clock by default. */
  readonly clock?: Clock;
  /** Which ready task runs next; the scheduler's default if not given. */
  readonly policy?: Policy;
  /**
   * How many polls between two looks at timers and IO, so that a task that is always
   * ready cannot starve them. 61 by default, as in tokio.
   */
  readonly budget?: number;
  /** Where IO completions come from, if anywhere. */
  readonly io?: IoDriver;
}

/** A scheduler, timers and IO, run in turns until the main future is done. */
export class EventLoop {
  /** The clock of every timer of this loop. */
  readonly clock: Clock;
  /** The timers; `sleep`, `timeout` and `interval` live here. */
  readonly timers: Timers;
  /** The tasks. */
  readonly scheduler: Scheduler;
  #budget: number;
  #io: IoDriver | undefined;

  /** @param options the clock, policy, budget and IO driver; each has a default. */
  constructor(options: EventLoopOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.timers = new Timers(this.clock);
    this.scheduler = new Scheduler(options.policy);
    this.#budget = options.budget ?? 61;
    if (!(this.#budget >= 1)) {
      throw new RangeError(`a budget must be at least 1, not ${this.#budget}`);
    }
    this.#io = options.io;
  }

  /** Start running `future` as a task. */
  spawn<T>(future: Future<T>, options?: SpawnOptions): JoinHandle<T> {
    return this.scheduler.spawn(future, options);
  }

  /**
   * Spawn `main` and run the loop until it is done; resolve with its value. Rejects
   * with what main threw, or with a `DeadlockError` when main is pending, no task is
   * ready, no timer is set and no IO is in flight. When main is done, the tasks still
   * alive are cancelled (`scheduler.shutdown()`).
   */
  async run<T>(main: Future<T>): Promise<T> {
    const handle = this.spawn(main);
    while (handle.outcome === undefined) {
      this.scheduler.tick(this.#budget);
      this.timers.fireDue();
      if (handle.outcome !== undefined) break;
      if (this.scheduler.readyTasks > 0) {
        // Still busy. Completed IO reaches us only through Deno's own event loop, so
        // let it turn once before the next tick, or IO would wait for the busy tasks.
        if (this.#io !== undefined && this.#io.inFlight > 0) {
          await yieldToHost();
        }
        continue;
      }
      await this.#park();
    }
    // Main is done: end the tasks it left behind, so they let go of what they hold.
    this.scheduler.shutdown();
    const outcome = handle.outcome;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Nothing is ready: wait for whichever comes first, the next deadline or IO. */
  async #park(): Promise<void> {
    const deadline = this.timers.nextDeadline();
    const io = this.#io !== undefined && this.#io.inFlight > 0
      ? this.#io
      : undefined;
    if (deadline === undefined) {
      if (io === undefined) throw new DeadlockError(this.scheduler.liveTasks);
      await io.wait();
      return;
    }
    if (io === undefined) {
      await this.clock.waitUntil(deadline);
    } else {
      // Whichever wins, the other must not outlive this park: abort the clock's wait.
      const stop = new AbortController();
      await Promise.race([
        io.wait(),
        this.clock.waitUntil(deadline, stop.signal),
      ]);
      stop.abort();
    }
    this.timers.fireDue();
  }
}

/**
 * Let the host (Deno's event loop) run once, so completed IO can be delivered. A
 * `setTimeout(0)` would do too, but Deno, like browsers, stretches nested zero
 * timers to a few milliseconds; `setImmediate` is not stretched.
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
