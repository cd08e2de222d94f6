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

import type { Runnable } from "../../lessons/03-executor/task.ts";
import { TaskQueue } from "./task_queue.ts";

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
  #queue = new TaskQueue();
  // The task that stayed ready: it runs next, ahead of the queue.
  #again: Runnable | undefined;

  /** How many tasks are waiting to run. */
  get size(): number {
    return this.#queue.length + (this.#again === undefined ? 0 : 1);
  }

  /** A task that stayed ready runs next; any other goes to the back. */
  push(task: Runnable, arrival: Arrival, _priority: number): void {
    if (arrival === "stayed") this.#again = task;
    else this.#queue.push(task);
  }

  /** The task that stayed ready, else the oldest waiting one. */
  pop(): Runnable | undefined {
    const again = this.#again;
    if (again === undefined) return this.#queue.shift();
    this.#again = undefined;
    return again;
  }
}

/**
 * Round robin with a poll budget: like {@linkcode FifoPolicy}, a task that stays ready
 * is polled again at once, but only `budget` times in a row (its time slice); then it
 * goes to the back of the queue. With one task that is always ready and `n` others,
 * no task waits more than `n - 1 + budget` polls for its turn.
 */
export class RoundRobinPolicy implements Policy {
  #queue = new TaskQueue();
  #again: Runnable | undefined;
  #budget: number;
  // How many times in a row the task polled last has run.
  #streak = 0;

  /** @param budget how many polls in a row a task may have; at least 1. */
  constructor(budget: number) {
    if (!(budget >= 1)) {
      throw new RangeError(`a poll budget must be at least 1, not ${budget}`);
    }
    this.#budget = budget;
  }

  /** How many tasks are waiting to run. */
  get size(): number {
    return this.#queue.length + (this.#again === undefined ? 0 : 1);
  }

  /** A task that stayed ready runs again while its budget lasts; others go to the back. */
  push(task: Runnable, arrival: Arrival, _priority: number): void {
    if (arrival === "stayed" && this.#streak < this.#budget) this.#again = task;
    else this.#queue.push(task);
  }

  /** The task continuing its time slice, else the oldest waiting one. */
  pop(): Runnable | undefined {
    const again = this.#again;
    if (again !== undefined) {
      this.#again = undefined;
      this.#streak++;
      return again;
    }
    this.#streak = 1;
    return this.#queue.shift();
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
  #queues = new Map<number, TaskQueue>();
  // The priorities that have a queue, highest (smallest number) first.
  #levels: number[] = [];
  #size = 0;
  #boostEvery: number;
  #sinceBoost = 0;

  /** @param boostEvery how many polls between two boosts; at least 1. */
  constructor(boostEvery: number) {
    if (!(boostEvery >= 1)) {
      throw new RangeError(`boostEvery must be at least 1, not ${boostEvery}`);
    }
    this.#boostEvery = boostEvery;
  }

  /** How many tasks are waiting to run. */
  get size(): number {
    return this.#size;
  }

  /** Queue `task` at the back of its priority's queue, whatever its arrival. */
  push(task: Runnable, _arrival: Arrival, priority: number): void {
    this.#queueOf(priority).push(task);
    this.#size++;
  }

  /** Boost if it is time, then take from the highest-priority queue that has a task. */
  pop(): Runnable | undefined {
    if (this.#size === 0) return undefined;
    this.#sinceBoost++;
    if (this.#sinceBoost >= this.#boostEvery) {
      this.#sinceBoost = 0;
      this.#boost();
    }
    // A queue is removed as soon as it empties, so the first level has a task.
    const level = this.#levels[0];
    const queue = this.#queueOf(level);
    const task = queue.shift();
    if (queue.length === 0) this.#remove(level);
    this.#size--;
    return task;
  }

  /** Move every waiting task to the top queue, in priority order. */
  #boost(): void {
    const top = this.#queueOf(0);
    for (const level of this.#levels.slice(1)) {
      const queue = this.#queues.get(level);
      if (queue !== undefined) top.takeAll(queue);
      this.#remove(level);
    }
  }

  /** The queue of `priority`, made (and its level put in order) if it has none. */
  #queueOf(priority: number): TaskQueue {
    let queue = this.#queues.get(priority);
    if (queue === undefined) {
      queue = new TaskQueue();
      this.#queues.set(priority, queue);
      // Few levels are in use at once, so a sorted insert is cheap.
      let at = this.#levels.length;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: levels are distinct, and below index 0 the comparison with undefined stops the loop anyway
      while (at > 0 && this.#levels[at - 1] > priority) at--;
      this.#levels.splice(at, 0, priority);
    }
    return queue;
  }

  #remove(level: number): void {
    this.#queues.delete(level);
    this.#levels.splice(this.#levels.indexOf(level), 1);
  }
}
