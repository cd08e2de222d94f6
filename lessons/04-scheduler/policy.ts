/**
 * A scheduling policy decides which ready task runs next. The scheduler tells it when
 * a task becomes ready and why; the policy answers "this one" each time the scheduler
 * is free to poll.
 *
 * ```
 *  wake ─► push(task, arrival, priority) ─► [ policy's queues ] ─► pop() ─► poll
 * ```
 *
 * @module
 */

import type { Runnable } from "../03-executor/task.ts";
// You will want this too: TaskQueue from ./task_queue.ts.

/**
 * Why a task became ready:
 * - `"woken"`: it was just spawned, or something else woke it;
 * - `"stayed"`: it woke itself during its own poll, so it is still ready to go on;
 * - `"yielded"`: it called `yieldNow()`, asking to let every other ready task go first.
 */
export type Arrival = "woken" | "stayed" | "yielded";

/** Chooses the order in which ready tasks run. */
export interface Policy {
  /** How many tasks are waiting to run. */
  readonly size: number;
  /**
   * A task is ready to run. `priority` is the one it was spawned with; 0 is the
   * highest, and policies without priorities ignore it.
   */
  push(task: Runnable, arrival: Arrival, priority: number): void;
  /** The task to poll next, or `undefined` when none is ready. */
  pop(): Runnable | undefined;
}

/**
 * First come, first served, and a task keeps the thread for as long as it stays ready
 * (OSTEP's FIFO: a job runs until it blocks). A task that wakes itself is polled again
 * at once, before anyone else; only one that waits or yields lets the next one in.
 */
export class FifoPolicy implements Policy {
  // TODO: a TaskQueue, and a slot for the task that stayed ready.

  /** How many tasks are waiting to run. */
  get size(): number {
    throw new Error("not implemented: FifoPolicy.size");
  }

  /** A task that stayed ready runs next; any other goes to the back. */
  push(task: Runnable, arrival: Arrival, _priority: number): void {
    void task, arrival;
    throw new Error("not implemented: FifoPolicy.push");
  }

  /** The task that stayed ready, else the oldest waiting one. */
  pop(): Runnable | undefined {
    throw new Error("not implemented: FifoPolicy.pop");
  }
}

/**
 * Round robin with a poll budget: like {@linkcode FifoPolicy}, a task that stays ready
 * is polled again at once, but only `budget` times in a row (its time slice); then it
 * goes to the back of the queue. With one task that is always ready and `n` others,
 * no task waits more than `n - 1 + budget` polls for its turn.
 */
export class RoundRobinPolicy implements Policy {
  // TODO: what FifoPolicy keeps, plus the budget and how many polls in a row the
  // task popped last has had.

  /** @param budget how many polls in a row a task may have; at least 1. */
  constructor(budget: number) {
    // TODO: a budget below 1 (or NaN) is a RangeError.
    void budget;
  }

  /** How many tasks are waiting to run. */
  get size(): number {
    throw new Error("not implemented: RoundRobinPolicy.size");
  }

  /** A task that stayed ready runs again while its budget lasts; others go to the back. */
  push(task: Runnable, arrival: Arrival, _priority: number): void {
    void task, arrival;
    throw new Error("not implemented: RoundRobinPolicy.push");
  }

  /** The task continuing its time slice, else the oldest waiting one. */
  pop(): Runnable | undefined {
    throw new Error("not implemented: RoundRobinPolicy.pop");
  }
}

/**
 * Strict priorities with a boost. Tasks wait in one queue per priority, and the
 * highest non-empty queue (priority 0 first) is served, first in, first out. Alone,
 * that starves: a high-priority task that is always ready keeps every lower one
 * waiting forever. So every `boostEvery` polls, every waiting task moves up to the top
 * queue (OSTEP's MLFQ rule 5, the priority boost), and each gets its turn.
 *
 * Priorities may be far apart (0, 7 and 10 ** 12): a queue exists only for a
 * priority that has tasks waiting, so memory follows the tasks, not the numbers.
 */
export class PriorityPolicy implements Policy {
  // TODO: a TaskQueue for each priority that has tasks waiting (not one for every
  // number up to the largest), the priorities in use in order, a count of waiting
  // tasks, and how many polls since the last boost.

  /** @param boostEvery how many polls between two boosts; at least 1. */
  constructor(boostEvery: number) {
    // TODO: a boostEvery below 1 (or NaN) is a RangeError.
    void boostEvery;
  }

  /** How many tasks are waiting to run. */
  get size(): number {
    throw new Error("not implemented: PriorityPolicy.size");
  }

  /** Queue `task` at the back of its priority's queue, whatever its arrival. */
  push(task: Runnable, _arrival: Arrival, priority: number): void {
    void task, priority;
    throw new Error("not implemented: PriorityPolicy.push");
  }

  /** Boost if it is time, then take from the highest-priority queue that has a task. */
  pop(): Runnable | undefined {
    throw new Error("not implemented: PriorityPolicy.pop");
  }
}
