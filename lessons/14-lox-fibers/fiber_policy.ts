/**
 * The scheduling policy Lox programs run under: round robin, one slice at a time,
 * except that a task that was woken (its timer fired, its socket or channel is
 * ready) runs before one that merely used up its slice. Without that, a fiber whose
 * timer fired would also wait for the slice of the spinning fiber queued just ahead
 * of it; with it, a tick is late by less than one slice. Linux's scheduler gives
 * woken tasks the same head start ("wakeup preemption").
 *
 * It never serves two woken tasks in a row while a busy one waits, so a stream of
 * wake-ups cannot starve a fiber that computes, and busy fibers cannot starve woken
 * ones either: each side gets at least every other slice.
 *
 * @module
 */

import type { Runnable } from "../03-executor/task.ts";
import type { Arrival, Policy } from "../04-scheduler/policy.ts";
import { TaskQueue } from "../04-scheduler/task_queue.ts";

/** Round robin where woken tasks go ahead of tasks that used up their slice. */
export class WokenFirstPolicy implements Policy {
  #woken = new TaskQueue();
  #busy = new TaskQueue();
  #lastWasWoken = false;

  /** How many tasks are waiting to run. */
  get size(): number {
    return this.#woken.length + this.#busy.length;
  }

  /** A task woken from outside joins the woken queue; one that stayed ready, the busy one. */
  push(task: Runnable, arrival: Arrival, _priority: number): void {
    if (arrival === "woken") this.#woken.push(task);
    else this.#busy.push(task);
  }

  /** A woken task, unless the last one was woken too and a busy task waits. */
  pop(): Runnable | undefined {
    const wokenTurn = !this.#lastWasWoken || this.#busy.length === 0;
    if (wokenTurn && this.#woken.length > 0) {
      this.#lastWasWoken = true;
      return this.#woken.shift();
    }
    this.#lastWasWoken = false;
    return this.#busy.shift() ?? this.#woken.shift();
  }
}
