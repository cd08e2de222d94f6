/**
 * A scheduler is lesson 03's executor with the run queue handed to a
 * {@linkcode Policy}, with a way to stop after a number of polls so that whoever
 * drives it (lesson 05's event loop) can look at the world outside between turns, and
 * with a way to end every task still alive when the program is over.
 *
 * @module
 */

import type { Future, Waker } from "../01-futures/future.ts";
import { type JoinHandle, type Runnable, Task } from "../03-executor/task.ts";
import type { Arrival, Policy } from "./policy.ts";
// You will want these too: DeadlockError from "../contract/errors.ts", and
// RoundRobinPolicy from ./policy.ts.

/** How to spawn a task. */
export interface SpawnOptions {
  /**
   * 0 is the highest, and the default; any whole number up to
   * `Number.MAX_SAFE_INTEGER`. Only priority policies look at it.
   */
  readonly priority?: number;
}

/**
 * A waker that can also say "I am yielding": wake my task, but let the other ready
 * tasks go first. A scheduler's tasks are such wakers; `yieldNow()` looks for one.
 * (Tokio's `yield_now` reaches its scheduler through a thread-local instead; a
 * module-level flag would do the same here, shared by every scheduler in the process.)
 */
export interface YieldingWaker extends Waker {
  /** Wake the task as a yield: the policy queues it behind the other ready tasks. */
  wakeYielding(): void;
}

/** True if `waker` can yield: it is the waker of a scheduler's task. */
export function canYield(waker: Waker): waker is YieldingWaker {
  return typeof (waker as Partial<YieldingWaker>).wakeYielding === "function";
}

/** Lesson 03's task, made a waker that can tell its scheduler it is yielding. */
class ScheduledTask<T> extends Task<T> implements YieldingWaker {
  #noteYield: () => void;

  constructor(
    future: Future<T>,
    schedule: (task: Runnable) => void,
    id: number,
    noteYield: () => void,
  ) {
    super(future, schedule, id);
    this.#noteYield = noteYield;
  }

  wakeYielding(): void {
    // TODO: tell the scheduler (#noteYield) first, then wake: the wake is what
    // queues the task, and the scheduler must know by then that it is a yield.
    void this.#noteYield;
    throw new Error("not implemented: ScheduledTask.wakeYielding");
  }
}

/** An executor whose run order is chosen by a {@linkcode Policy}. */
export class Scheduler {
  // TODO: the policy, the tasks still alive, the last id given, the task being
  // polled right now and whether it asked to yield. Spawn ScheduledTasks (above).

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

  /**
   * Start running `future` as a task; the handle is a future of its result, and its
   * `id` is this scheduler's count of tasks so far (1 for the first).
   */
  spawn<T>(future: Future<T>, options: SpawnOptions = {}): JoinHandle<T> {
    // TODO: check the priority (a safe whole number, 0 or more, else RangeError).
    // Make a ScheduledTask whose schedule function pushes it to the policy with its
    // arrival and priority, note it as alive, wake it, return its handle.
    void future, options, ScheduledTask;
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

  /**
   * Cancel every task still alive (tokio drops them when its runtime shuts down):
   * each task's future lets go of what it holds, and each joiner gets a `TaskError`
   * whose `cancelled` is true. Call it between ticks, when the program is over.
   * Returns how many tasks were cancelled. If a future's `cancel()` throws, the others
   * are still cancelled and the first such error is thrown at the end.
   */
  shutdown(): number {
    throw new Error("not implemented: Scheduler.shutdown");
  }

  /** Why `task` is being queued; your schedule function passes this to the policy. */
  #arrival(task: Runnable): Arrival {
    // TODO: "woken" unless `task` is the one being polled right now; if it is,
    // "yielded" when it asked to yield during this poll, else "stayed".
    void task;
    throw new Error("not implemented: Scheduler.#arrival");
  }
}
