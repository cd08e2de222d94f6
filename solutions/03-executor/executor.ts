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

import type { Future } from "../../lessons/01-futures/future.ts";
import { type JoinHandle, type Runnable, Task } from "./task.ts";
import { DeadlockError } from "../../lessons/contract/errors.ts";

/** A single-threaded executor with a first-in, first-out run queue. */
export class Executor {
  // A queue as an array and a read index: `shift()` would copy the array each time.
  #queue: Runnable[] = [];
  #head = 0;
  #live = 0;
  #lastId = 0;

  /** How many spawned tasks have not ended yet. */
  get liveTasks(): number {
    return this.#live;
  }

  /**
   * Start running `future` as a task; the handle is a future of its result, and its
   * `id` is this executor's count of tasks so far (1 for the first).
   */
  spawn<T>(future: Future<T>): JoinHandle<T> {
    const task = new Task(
      future,
      (ready) => this.#queue.push(ready),
      ++this.#lastId,
    );
    this.#live++;
    // A new task has not been polled yet, so it is ready to be.
    task.wake();
    return task.handle;
  }

  /** Run tasks until none is ready. Returns how many polls that took. */
  runUntilIdle(): number {
    let polls = 0;
    while (this.#head < this.#queue.length) {
      const task = this.#queue[this.#head];
      this.#head++;
      // A task that woke itself and then finished in the same poll is still queued.
      if (task.done) continue;
      task.run();
      polls++;
      if (task.done) this.#live--;
      // Drop what has been run, now and then, so the array does not grow forever.
      // Stryker disable next-line all: when to compact changes memory use only, never the order
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
    }
    return polls;
  }

  /**
   * Spawn `main`, run until no task is ready, and return main's value. Throws what
   * main threw, or a {@linkcode DeadlockError} if main is still pending: nothing in
   * this executor can wake it any more. Tasks still pending when main ends are left
   * as they are.
   */
  run<T>(main: Future<T>): T {
    const handle = this.spawn(main);
    this.runUntilIdle();
    const outcome = handle.outcome;
    if (outcome === undefined) throw new DeadlockError(this.#live);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }
}
