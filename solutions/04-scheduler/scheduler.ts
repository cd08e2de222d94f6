/**
 * A scheduler is lesson 03's executor with the run queue handed to a
 * {@linkcode Policy}, with a way to stop after a number of polls so that whoever
 * drives it (lesson 05's event loop) can look at the world outside between turns, and
 * with a way to end every task still alive when the program is over.
 *
 * @module
 */

import type { Future, Waker } from "../../lessons/01-futures/future.ts";
import {
  type JoinHandle,
  type Runnable,
  Task,
} from "../../lessons/03-executor/task.ts";
import { type Arrival, type Policy, RoundRobinPolicy } from "./policy.ts";
import { DeadlockError } from "../../lessons/contract/errors.ts";

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
  /** The priority it was spawned with, handed to the policy at each wake. */
  readonly priority: number;
  #noteYield: () => void;

  constructor(
    future: Future<T>,
    schedule: (task: Runnable) => void,
    id: number,
    noteYield: () => void,
    priority: number,
  ) {
    super(future, schedule, id);
    this.#noteYield = noteYield;
    this.priority = priority;
  }

  wakeYielding(): void {
    // Note the yield before waking, because the wake is what queues the task.
    this.#noteYield();
    this.wake();
  }
}

/** An executor whose run order is chosen by a {@linkcode Policy}. */
export class Scheduler {
  #policy: Policy;
  // Every task spawned and not yet seen to end (shutdown() cancels them), and how
  // many of those have not ended. An array, not a Set: pushing is cheaper than
  // hashing, and the ended ones are swept out now and then (see #sweep).
  #tasks: Runnable[] = [];
  #live = 0;
  #lastId = 0;
  // The task being polled right now, to tell a self-wake from any other, and whether
  // it has asked to yield during this poll.
  #running: Runnable | undefined;
  // Stryker disable next-line BooleanLiteral: tick clears it before every poll, and only the running task's arrival reads it
  #yielding = false;
  // One function of each kind for every task: a closure per task would cost memory.
  // Only this scheduler's tasks call it, so each is a ScheduledTask with a priority.
  #schedule = (task: Runnable): void =>
    this.#policy.push(
      task,
      this.#arrival(task),
      (task as ScheduledTask<unknown>).priority,
    );
  #noteYield = (): void => {
    this.#yielding = true;
  };

  /**
   * @param policy decides which ready task runs next. By default, round robin with a
   * budget of 3 polls in a row, the cap tokio puts on its "run next" slot.
   */
  constructor(policy: Policy = new RoundRobinPolicy(3)) {
    this.#policy = policy;
  }

  /** How many spawned tasks have not ended yet. */
  get liveTasks(): number {
    return this.#live;
  }

  /** How many tasks are ready to be polled. */
  get readyTasks(): number {
    return this.#policy.size;
  }

  /**
   * Start running `future` as a task; the handle is a future of its result, and its
   * `id` is this scheduler's count of tasks so far (1 for the first).
   */
  spawn<T>(future: Future<T>, options: SpawnOptions = {}): JoinHandle<T> {
    const priority = options.priority ?? 0;
    if (!Number.isSafeInteger(priority) || priority < 0) {
      throw new RangeError(
        `a priority is a whole number from 0 (the highest) to ${Number.MAX_SAFE_INTEGER}, not ${priority}`,
      );
    }
    const task = new ScheduledTask(
      future,
      this.#schedule,
      ++this.#lastId,
      this.#noteYield,
      priority,
    );
    this.#tasks.push(task);
    this.#live++;
    task.wake();
    return task.handle;
  }

  /**
   * Poll ready tasks, in the order the policy chooses, until none is ready or
   * `maxPolls` polls have been made. Returns how many polls that took.
   */
  tick(maxPolls: number = Infinity): number {
    let polls = 0;
    while (polls < maxPolls) {
      const task = this.#policy.pop();
      if (task === undefined) break;
      if (task.done) continue;
      this.#running = task;
      this.#yielding = false;
      try {
        task.run();
      } finally {
        this.#running = undefined;
      }
      polls++;
      if (task.done) this.#ended();
    }
    return polls;
  }

  /**
   * Spawn `main`, run until no task is ready, and return main's value. Throws what
   * main threw, or a `DeadlockError` if main is still pending.
   */
  run<T>(main: Future<T>): T {
    const handle = this.spawn(main);
    this.tick();
    const outcome = handle.outcome;
    if (outcome === undefined) throw new DeadlockError(this.liveTasks);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * Cancel every task still alive (tokio drops them when its runtime shuts down):
   * each task's future lets go of what it holds, and each joiner gets a `TaskError`
   * whose `cancelled` is true. Call it between ticks, when the program is over.
   * Returns how many tasks were cancelled. If a future's `cancel()` throws, the others
   * are still cancelled and the first such error is thrown at the end.
   */
  shutdown(): number {
    let cancelled = 0;
    let failure: { readonly error: unknown } | undefined;
    // A future's cancel() may spawn a task: go on until none is left.
    while (this.#tasks.length > 0) {
      const alive = this.#tasks.filter((task) => !task.done);
      this.#tasks = [];
      this.#live = 0;
      for (const task of alive) {
        try {
          task.cancel();
        } catch (error) {
          failure ??= { error };
        }
        cancelled++;
      }
    }
    // The policy may still hold some of them: they have ended, so drop them.
    while (this.#policy.pop() !== undefined) continue;
    if (failure !== undefined) throw failure.error;
    return cancelled;
  }

  /** A task has ended: count it, and sweep the ended ones out once they are most. */
  #ended(): void {
    this.#live--;
    // Stryker disable next-line all: when to sweep changes memory use only
    if (this.#tasks.length > 1024 && this.#tasks.length > 2 * this.#live) {
      this.#tasks = this.#tasks.filter((task) => !task.done);
    }
  }

  #arrival(task: Runnable): Arrival {
    if (task !== this.#running) return "woken";
    return this.#yielding ? "yielded" : "stayed";
  }
}
