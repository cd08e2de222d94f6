/**
 * A task is a future the executor owns, plus the bookkeeping to run it: whether it is
 * already in the run queue, and how it ended. The task is also the waker handed to its
 * future, so "wake me" means "put this task back in the run queue".
 *
 * @module
 */

import type { Context, Future, Poll, Waker } from "../01-futures/future.ts";
import type { Outcome } from "../contract/outcome.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
// You will want these too: PENDING and ready; CancelledError,
// PolledAfterCompletionError and TaskError from "../contract/errors.ts"; and the
// function cancel from "../contract/cancel.ts".

/**
 * What the run queue holds: something to run once, that can say whether it has ended,
 * and that can be ended early (when its scheduler shuts down).
 */
export interface Runnable {
  /** Poll once. */
  run(): void;
  /** True once the task has ended, with a value or an error. */
  readonly done: boolean;
  /** End it now, unless it has ended. */
  cancel(): void;
}

/**
 * A future for the result of a spawned task, so one task can wait for another.
 * Ready with the task's value, or throws a {@linkcode TaskError} if the task failed
 * or was cancelled.
 *
 * Several tasks may wait on one handle: it keeps every waiting task's waker and
 * wakes them all when the task ends, and each gets the outcome once. Tasks are told
 * apart by their wakers (every task is its own waker), so a second poll by a waker
 * that has had the outcome is the usual poll after completion.
 *
 * @example
 * ```ts
 * const handle = executor.spawn(work);
 * console.log(handle.id, handle.outcome); // 1 undefined: still running
 * ```
 */
export class JoinHandle<T> implements CancellableFuture<T> {
  /** The task's id, given by its executor: 1 for its first task, then 2, 3, … */
  readonly id: number;
  // TODO: fields for the outcome, the wakers of every task waiting, the wakers
  // already handed the outcome, and whether the handle was cancelled.

  /** @param id the task's id. */
  constructor(id: number) {
    this.id = id;
  }

  /** How the task ended, or `undefined` while it runs. */
  get outcome(): Outcome<T> | undefined {
    throw new Error("not implemented: JoinHandle.outcome");
  }

  /** The task's value once it has ended; until then, keep the waiter's waker. */
  poll(_cx: Context): Poll<T> {
    // TODO: like lesson 2's Signal, but for several waiters, and a failed outcome
    // throws new TaskError(error).
    throw new Error("not implemented: JoinHandle.poll");
  }

  /**
   * Stop waiting: forget every waiting waker and refuse later polls. It gives the
   * handle up for all its joiners, and leaves the task running.
   */
  cancel(): void {
    throw new Error("not implemented: JoinHandle.cancel");
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** Record how the task ended and wake whoever waits. Only the first call counts. */
  settle(outcome: Outcome<T>): void {
    void outcome;
    throw new Error("not implemented: JoinHandle.settle");
  }
}

/** A spawned future, ready to be put in a run queue. */
export class Task<T> implements Runnable, Waker {
  /** The handle that reports how this task ends. */
  readonly handle: JoinHandle<T>;

  /**
   * @param future what the task runs.
   * @param schedule puts the task in the run queue; the task calls it at most once
   * per run, however often it is woken.
   * @param id the task's id, which its handle reports.
   */
  constructor(
    future: Future<T>,
    schedule: (task: Runnable) => void,
    id: number,
  ) {
    this.handle = new JoinHandle<T>(id);
    // TODO: keep the future and schedule, plus two flags: "in the queue already"
    // and "ended".
    void future, schedule;
  }

  /** True once the task has ended. */
  get done(): boolean {
    throw new Error("not implemented: Task.done");
  }

  /** Put the task in the run queue, unless it is there already or has ended. */
  wake(): void {
    throw new Error("not implemented: Task.wake");
  }

  /** Poll the future once. An error thrown by `poll` ends this task, and only it. */
  run(): void {
    // TODO: clear the "in the queue" flag *before* polling (why? see the README),
    // poll with { waker: this }, and settle the handle if the future is ready or
    // if poll throws.
    throw new Error("not implemented: Task.run");
  }

  /**
   * End the task without waiting for its future: cancel the future (so it lets go of
   * whatever it holds), and hand every joiner a {@linkcode TaskError} whose
   * `cancelled` is true. A task that has ended already is left as it is.
   */
  cancel(): void {
    throw new Error("not implemented: Task.cancel");
  }
}
