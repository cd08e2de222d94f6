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

import type { Future } from "../01-futures/future.ts";
import type { JoinHandle } from "../03-executor/task.ts";
import type { Policy } from "../04-scheduler/policy.ts";
import { Scheduler, type SpawnOptions } from "../04-scheduler/scheduler.ts";
import type { Clock } from "./clock.ts";
import { Timers } from "./timers.ts";
// You will want these too: DeadlockError from lesson 03, SystemClock, and
// setImmediate from "node:timers" (see yieldToHost below).

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

  /** @param options the clock, policy, budget and IO driver; each has a default. */
  constructor(options: EventLoopOptions = {}) {
    // TODO: fill the three fields (a SystemClock, Timers on that clock, a Scheduler
    // with the policy), keep the budget (61 if not given; below 1 is a RangeError)
    // and the IO driver.
    void options;
    throw new Error("not implemented: EventLoop");
  }

  /** Start running `future` as a task. */
  spawn<T>(future: Future<T>, options?: SpawnOptions): JoinHandle<T> {
    void future, options;
    throw new Error("not implemented: EventLoop.spawn");
  }

  /**
   * Spawn `main` and run the loop until it is done; resolve with its value. Rejects
   * with what main threw, or with a `DeadlockError` when main is pending, no task is
   * ready, no timer is set and no IO is in flight. When main is done, the tasks still
   * alive are cancelled (`scheduler.shutdown()`).
   */
  run<T>(main: Future<T>): Promise<T> {
    // TODO: loop until main's handle has an outcome: tick(budget), fireDue(); if a
    // task is still ready, go round again (first letting the host turn with
    // yieldToHost() if IO is in flight); otherwise park. (An `async` method helps.)
    // Then shut the scheduler down.
    void main;
    throw new Error("not implemented: EventLoop.run");
  }
}

/**
 * Let the host (Deno's event loop) run once, so completed IO can be delivered. A
 * `setTimeout(0)` would do too, but Deno, like browsers, stretches nested zero
 * timers to a few milliseconds; `setImmediate` is not stretched.
 */
export function yieldToHost(): Promise<void> {
  // TODO: a promise resolved by setImmediate.
  throw new Error("not implemented: yieldToHost");
}
