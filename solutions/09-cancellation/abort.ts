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

import {
  type Context,
  type Future,
  type Poll,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { type JoinHandle } from "../../lessons/03-executor/task.ts";
import { cancel, type Cancellable } from "../../lessons/contract/cancel.ts";
import { TaskError } from "../../lessons/contract/errors.ts";
import { CancelledError } from "../../lessons/contract/errors.ts";

/** Something that starts a future as a task: a scheduler's or event loop's `spawn`. */
export type Spawn = <T>(future: Future<T>) => JoinHandle<T>;

/** Start `future` as a task that can be aborted through the handle returned. */
export function spawnAbortable<T>(
  spawn: Spawn,
  future: Future<T>,
): TaskHandle<T> {
  const abortable = new Abortable(future);
  return new TaskHandle(spawn(abortable), abortable);
}

/** The future a task runs in place of `future`: the same, until it is aborted. */
class Abortable<T> implements Future<T> {
  #future: Future<T>;
  #waker: Waker | undefined;
  #aborted = false;

  constructor(future: Future<T>) {
    this.#future = future;
  }

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    // Wake the task so its next poll sees the flag. Never polled yet? It is already
    // queued, since spawning queues it.
    this.#waker?.wake();
  }

  poll(cx: Context): Poll<T> {
    if (this.#aborted) {
      cancel(this.#future);
      throw new CancelledError();
    }
    this.#waker = cx.waker;
    return this.#future.poll(cx);
  }
}

/**
 * A handle to an abortable task: a future of its result, like a `JoinHandle`, plus
 * `abort()`. Disposing of it aborts the task, so a task held with `using` ends with
 * the block that started it (tokio's `AbortOnDropHandle`).
 */
export class TaskHandle<T> implements Future<T>, Cancellable, Disposable {
  #join: JoinHandle<T>;
  #task: Abortable<T>;

  /** Made by {@linkcode spawnAbortable}. */
  constructor(join: JoinHandle<T>, task: Abortable<T>) {
    this.#join = join;
    this.#task = task;
  }

  /** True once the task has ended, however it ended. */
  get finished(): boolean {
    return this.#join.outcome !== undefined;
  }

  /** Ask the task to stop. It stops at its next poll; a finished task is left as it is. */
  abort(): void {
    if (!this.finished) this.#task.abort();
  }

  /**
   * The task's value once it ends. Throws a `CancelledError` if it was aborted, or a
   * `TaskError` if it failed.
   */
  poll(cx: Context): Poll<T> {
    try {
      return this.#join.poll(cx);
    } catch (error) {
      if (error instanceof TaskError && error.cause instanceof CancelledError) {
        throw error.cause;
      }
      throw error;
    }
  }

  /** Stop waiting for the task, and abort it: nobody will see its result. */
  cancel(): void {
    this.abort();
  }

  /** Abort, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.abort();
  }
}
