/**
 * A task is a future the executor owns, plus the bookkeeping to run it: whether it is
 * already in the run queue, and how it ended. The task is also the waker handed to its
 * future, so "wake me" means "put this task back in the run queue".
 *
 * @module
 */

import type { Context, Future, Poll, Waker } from "../01-futures/future.ts";
import type { Outcome } from "../contract/outcome.ts";
// You will want these too: PENDING and ready, and PolledAfterCompletionError and
// TaskError from "../contract/errors.ts".

/** What the run queue holds: something to run once, that can say whether it has ended. */
export interface Runnable {
  /** Poll once. */
  run(): void;
  /** True once the task has ended, with a value or an error. */
  readonly done: boolean;
}

/**
 * A future for the result of a spawned task, so one task can wait for another.
 * Ready with the task's value, or throws a {@linkcode TaskError} if the task failed.
 */
export class JoinHandle<T> implements Future<T> {
  // TODO: fields for the outcome, the waiting task's waker, and whether the value
  // has been handed out.

  /** How the task ended, or `undefined` while it runs. */
  get outcome(): Outcome<T> | undefined {
    throw new Error("not implemented: JoinHandle.outcome");
  }

  /** The task's value once it has ended; until then, keep the waiter's waker. */
  poll(_cx: Context): Poll<T> {
    // TODO: like lesson 2's Signal, but a failed outcome throws new TaskError(error).
    throw new Error("not implemented: JoinHandle.poll");
  }

  /** Record how the task ended and wake whoever waits. Called by the task, once. */
  settle(outcome: Outcome<T>): void {
    void outcome;
    throw new Error("not implemented: JoinHandle.settle");
  }
}

/** A spawned future, ready to be put in a run queue. */
export class Task<T> implements Runnable, Waker {
  /** The handle that reports how this task ends. */
  readonly handle: JoinHandle<T> = new JoinHandle<T>();

  /**
   * @param future what the task runs.
   * @param schedule puts the task in the run queue; the task calls it at most once
   * per run, however often it is woken.
   */
  constructor(future: Future<T>, schedule: (task: Runnable) => void) {
    // TODO: keep both, plus two flags: "in the queue already" and "ended".
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
}
