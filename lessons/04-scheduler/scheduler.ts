/**
 * A scheduler is lesson 03's executor with the run queue handed to a
 * {@linkcode Policy}, and with a way to stop after a number of polls so that whoever
 * drives it (lesson 05's event loop) can look at the world outside between turns.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
import type { JoinHandle, Runnable } from "../03-executor/task.ts";
import type { Arrival, Policy } from "./policy.ts";
// You will want these too: DeadlockError from lesson 03's executor.ts, Task from its
// task.ts, and RoundRobinPolicy from ./policy.ts.

/** How to spawn a task. */
export interface SpawnOptions {
  /** 0 is the highest, and the default. Only priority policies look at it. */
  readonly priority?: number;
}

// A future has only its `cx`, so `yieldNow()` reaches the running scheduler through
// this flag, as tokio's `yield_now` reaches its scheduler through a thread-local.
let yieldRequested = false;

/**
 * Ask the scheduler that is polling the current task to treat its next self-wake as a
 * yield: the policy then puts the task behind the other ready tasks (of its own
 * priority, under a priority policy). Outside a scheduler it does nothing.
 */
export function requestYield(): void {
  yieldRequested = true;
}

/** An executor whose run order is chosen by a {@linkcode Policy}. */
export class Scheduler {
  // TODO: the policy, a count of live tasks, and the task being polled right now.

  /**
   * @param policy decides which ready task runs next. By default, round robin with a
   * budget of 3 polls in a row, the cap tokio puts on its "run next" slot.
   */
  constructor(policy?: Policy) {
    void policy;
  }

  /** How many spawned tasks have not ended yet. */
  get liveTasks(): number {
    throw new Error("not implemented: Scheduler.liveTasks");
  }

  /** How many tasks are ready to be polled. */
  get readyTasks(): number {
    throw new Error("not implemented: Scheduler.readyTasks");
  }

  /** Start running `future` as a task; the handle is a future of its result. */
  spawn<T>(future: Future<T>, options: SpawnOptions = {}): JoinHandle<T> {
    // TODO: check the priority (a whole number, 0 or more, else RangeError). Make a
    // Task whose schedule function pushes it to the policy with its arrival and
    // priority, count it, wake it, return its handle.
    void future, options;
    throw new Error("not implemented: Scheduler.spawn");
  }

  /**
   * Poll ready tasks, in the order the policy chooses, until none is ready or
   * `maxPolls` polls have been made. Returns how many polls that took.
   */
  tick(maxPolls: number = Infinity): number {
    void maxPolls;
    throw new Error("not implemented: Scheduler.tick");
  }

  /**
   * Spawn `main`, run until no task is ready, and return main's value. Throws what
   * main threw, or a `DeadlockError` if main is still pending.
   */
  run<T>(main: Future<T>): T {
    void main;
    throw new Error("not implemented: Scheduler.run");
  }

  /** Why `task` is being queued; your schedule function passes this to the policy. */
  #arrival(task: Runnable): Arrival {
    // TODO: "woken" unless `task` is the one being polled right now; if it is,
    // "yielded" when yieldRequested is set, else "stayed".
    void task, yieldRequested;
    throw new Error("not implemented: Scheduler.#arrival");
  }
}
