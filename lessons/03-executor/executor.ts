/**
 * An executor runs many tasks on one thread. It keeps a queue of tasks that are ready
 * to make progress and polls them one by one; a task that returns pending leaves the
 * queue until its waker puts it back.
 *
 * ```
 *  spawn ──► [ run queue ] ──► run() ──► poll ──► ready: settle the JoinHandle
 *                 ▲                        │
 *                 └──── wake() ◄── later ◄─┘ pending: the future kept the waker
 * ```
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
import type { JoinHandle } from "./task.ts";
// TODO: you will want DeadlockError from "../contract/errors.ts".
// You will want these too: Runnable, Task.

/** A single-threaded executor with a first-in, first-out run queue. */
export class Executor {
  // TODO: a run queue of Runnables, a count of live tasks, and the last id given.

  /** How many spawned tasks have not ended yet. */
  get liveTasks(): number {
    throw new Error("not implemented: Executor.liveTasks");
  }

  /**
   * Start running `future` as a task; the handle is a future of its result, and its
   * `id` is this executor's count of tasks so far (1 for the first).
   */
  spawn<T>(future: Future<T>): JoinHandle<T> {
    // TODO: make a Task whose schedule function pushes onto the run queue, with the
    // next id; count it as live, wake it (a new task is ready to be polled) and
    // return its handle.
    void future;
    throw new Error("not implemented: Executor.spawn");
  }

  /** Run tasks until none is ready. Returns how many polls that took. */
  runUntilIdle(): number {
    // TODO: take tasks from the front of the queue and run() them until it is
    // empty. Tasks woken meanwhile join the back. A task can be in the queue and
    // already done (it woke itself, then finished): skip it, it costs no poll.
    throw new Error("not implemented: Executor.runUntilIdle");
  }

  /**
   * Spawn `main`, run until no task is ready, and return main's value. Throws what
   * main threw, or a {@linkcode DeadlockError} if main is still pending: nothing in
   * this executor can wake it any more. Tasks still pending when main ends are left
   * as they are.
   */
  run<T>(main: Future<T>): T {
    void main;
    throw new Error("not implemented: Executor.run");
  }
}
