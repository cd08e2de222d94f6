/**
 * A first-in, first-out queue of runnable tasks: an array and a read index, as in
 * lesson 03's executor, so taking from the front never copies the array. Every policy
 * in this lesson keeps its waiting tasks in one or more of these.
 *
 * @module
 */

import type { Runnable } from "../03-executor/task.ts";

/** A first-in, first-out queue of tasks. */
export class TaskQueue {
  #items: Runnable[] = [];
  #head = 0;

  /** How many tasks are waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Add `task` at the back. */
  push(task: Runnable): void {
    this.#items.push(task);
  }

  /** Take the task at the front, or `undefined` if the queue is empty. */
  shift(): Runnable | undefined {
    if (this.#head === this.#items.length) return undefined;
    const task = this.#items[this.#head];
    this.#head++;
    // Stryker disable next-line ConditionalExpression,BlockStatement: when to start over changes memory use only, never the order
    if (this.#head === this.#items.length) {
      // Empty again: start over rather than keep a long dead prefix.
      this.#items = [];
      this.#head = 0;
      return task;
    }
    // Stryker disable next-line all: when to compact changes memory use only, never the order
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return task;
  }

  /** Move every task of `other` to the back of this queue, in order. */
  takeAll(other: TaskQueue): void {
    for (let task = other.shift(); task !== undefined; task = other.shift()) {
      this.push(task);
    }
  }
}
