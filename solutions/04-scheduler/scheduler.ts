/**
 * A scheduler is lesson 03's executor with the run queue handed to a
 * {@linkcode Policy}, and with a way to stop after a number of polls so that whoever
 * drives it (lesson 05's event loop) can look at the world outside between turns.
 *
 * @module
 */

import type { Future } from "../../lessons/01-futures/future.ts";
import {
  type JoinHandle,
  type Runnable,
  Task,
} from "../../lessons/03-executor/task.ts";
import { type Arrival, type Policy, RoundRobinPolicy } from "./policy.ts";
import { DeadlockError } from "../../lessons/contract/errors.ts";

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
  #policy: Policy;
  #live = 0;
  // The task being polled right now, to tell a self-wake from any other.
  #running: Runnable | undefined;
  // Most tasks have the default priority, 0; only the others are noted here.
  #priorities = new WeakMap<Runnable, number>();
  // One schedule function for every task: a closure per task would cost memory.
  #schedule = (task: Runnable): void =>
    this.#policy.push(
      task,
      this.#arrival(task),
      this.#priorities.get(task) ?? 0,
    );

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

  /** Start running `future` as a task; the handle is a future of its result. */
  spawn<T>(future: Future<T>, options: SpawnOptions = {}): JoinHandle<T> {
    const priority = options.priority ?? 0;
    if (!Number.isInteger(priority) || priority < 0) {
      throw new RangeError(
        `a priority is a whole number from 0 (the highest) up, not ${priority}`,
      );
    }
    const task = new Task(future, this.#schedule);
    if (priority !== 0) this.#priorities.set(task, priority);
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
      yieldRequested = false;
      try {
        task.run();
      } finally {
        this.#running = undefined;
      }
      polls++;
      if (task.done) this.#live--;
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
    if (outcome === undefined) throw new DeadlockError(this.#live);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  #arrival(task: Runnable): Arrival {
    if (task !== this.#running) return "woken";
    return yieldRequested ? "yielded" : "stayed";
  }
}
