/**
 * The tasks waiting on one kind of readiness of one source: readers of a stream,
 * writers past its high-water mark, accepters of a listener. Given, not written by
 * the learner.
 *
 * A single waker slot loses a waiter: a second task's poll overwrites the first's
 * waker, and the first is never woken. So each waiting future keeps its own entry,
 * and readiness wakes them all; each then polls again, the first to poll takes what
 * came, and the others wait again. Tokio's `ScheduledIo` does the same: it keeps a
 * list of waiters and wakes every one whose interest the event matches.
 *
 * @module
 */

import type { Waker } from "../01-futures/future.ts";

/** Wakers of the futures waiting on one source, one entry per future. */
export class Waiters {
  #wakers = new Map<object, Waker>();

  /** How many futures are waiting. */
  get size(): number {
    return this.#wakers.size;
  }

  /** `future` waits, to be woken through `waker` (the waker of its latest poll). */
  add(future: object, waker: Waker): void {
    this.#wakers.set(future, waker);
  }

  /** `future` no longer waits: it was cancelled or is done. */
  remove(future: object): void {
    this.#wakers.delete(future);
  }

  /** Wake every waiting future, and forget them: each registers again if it must wait. */
  wakeAll(): void {
    const wakers = [...this.#wakers.values()];
    this.#wakers.clear();
    for (const waker of wakers) waker.wake();
  }
}
