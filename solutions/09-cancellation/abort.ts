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
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";
import {
  CancelledError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";

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
    // Checked before the poll: an abort wins even over a future that would be ready
    // now, and that future's cancel() gives back what it had been handed.
    if (this.#aborted) {
      cancel(this.#future);
      throw new CancelledError("the task was aborted");
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
export class TaskHandle<T> implements CancellableFuture<T> {
  #join: JoinHandle<T>;
  #task: Abortable<T>;
  #cancelled = false;

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
   * The task's value once it ends. Throws a `TaskError` if it did not end with a
   * value, as every join does: `error.cancelled` is true if it was aborted.
   */
  poll(cx: Context): Poll<T> {
    if (this.#cancelled) {
      throw new PolledAfterCompletionError("a cancelled TaskHandle");
    }
    return this.#join.poll(cx);
  }

  /** Stop waiting for the task, and abort it: nobody will see its result. */
  cancel(): void {
    this.#cancelled = true;
    this.abort();
  }

  /** Cancel, at the end of a `using` scope: the task is aborted. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
