/**
 * Aborting a task from outside. A future cannot be stopped while it runs, only between
 * polls, so aborting is a message: set a flag, wake the task, and on its next poll the
 * task cancels the future it runs (which cancels what that future waits for: a timer
 * leaves the heap, a waiter leaves its queue) and ends with a {@linkcode CancelledError}.
 *
 * ```
 *  handle.abort() ─► aborted = true, wake the task
 *  task polled    ─► cancel(future) ─► the task ends: CancelledError
 * ```
 *
 * Tasks the aborted task spawned are their own tasks and go on running, as in tokio:
 * tying their lifetime to their parent's is what a scope is for (scope.ts).
 *
 * @module
 */

import type { Context, Future, Poll } from "../01-futures/future.ts";
import type { JoinHandle } from "../03-executor/task.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want the Waker type, CancelledError and PolledAfterCompletionError
// from "../contract/errors.ts", and cancel from "../contract/cancel.ts".

/** Something that starts a future as a task: a scheduler's or event loop's `spawn`. */
export type Spawn = <T>(future: Future<T>) => JoinHandle<T>;

/** Start `future` as a task that can be aborted through the handle returned. */
export function spawnAbortable<T>(
  spawn: Spawn,
  future: Future<T>,
): TaskHandle<T> {
  // TODO: spawn an Abortable of the future; a TaskHandle of the two.
  void spawn, future, Abortable;
  throw new Error("not implemented: spawnAbortable");
}

/** The future a task runs in place of `future`: the same, until it is aborted. */
class Abortable<T> implements Future<T> {
  // TODO: the future, the waker of the latest poll, and whether it was aborted.

  constructor(future: Future<T>) {
    void future;
  }

  abort(): void {
    // TODO: set the flag and wake the task, so its next poll sees it.
    throw new Error("not implemented: Abortable.abort");
  }

  poll(cx: Context): Poll<T> {
    // TODO: once aborted, the future is cancelled, never polled again, and the
    // task ends with a CancelledError, even if the future would have been ready.
    void cx;
    throw new Error("not implemented: Abortable.poll");
  }
}

/**
 * A handle to an abortable task: a future of its result, like a `JoinHandle`, plus
 * `abort()`. Disposing of it aborts the task, so a task held with `using` ends with
 * the block that started it (tokio's `AbortOnDropHandle`).
 */
export class TaskHandle<T> implements CancellableFuture<T> {
  #join: JoinHandle<T>;
  #task: Abortable<T>;

  /** Made by {@linkcode spawnAbortable}. */
  constructor(join: JoinHandle<T>, task: Abortable<T>) {
    this.#join = join;
    this.#task = task;
  }

  /** True once the task has ended, however it ended. */
  get finished(): boolean {
    void this.#join, this.#task;
    throw new Error("not implemented: TaskHandle.finished");
  }

  /** Ask the task to stop. It stops at its next poll; a finished task is left as it is. */
  abort(): void {
    throw new Error("not implemented: TaskHandle.abort");
  }

  /**
   * The task's value once it ends. Throws a `TaskError` if it did not end with a
   * value, as every join does: `error.cancelled` is true if it was aborted. After
   * `cancel()`, throws a `PolledAfterCompletionError`.
   */
  poll(cx: Context): Poll<T> {
    // TODO: the join handle already reports a failure the contract's way.
    void cx;
    throw new Error("not implemented: TaskHandle.poll");
  }

  /** Stop waiting for the task, and abort it: nobody will see its result. */
  cancel(): void {
    throw new Error("not implemented: TaskHandle.cancel");
  }

  /** Cancel, at the end of a `using` scope: the task is aborted (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
