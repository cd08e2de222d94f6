/**
 * Notify: wake a task without sending it anything. The hard part is the race it exists
 * to close: a task checks a condition, finds it false, and is about to wait, when the
 * notification comes. If the notification found nobody waiting and vanished, the task
 * would then wait forever: a lost wake-up. So a `notifyOne` that finds nobody waiting
 * leaves a permit behind, and the next `notified()` takes it and does not wait.
 *
 * @module
 */

import type { Context, Poll, Waker } from "../01-futures/future.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want WaitQueue from "./wait_queue.ts", PENDING and ready from
// "../01-futures/future.ts", and PolledAfterCompletionError from
// "../contract/errors.ts".

/** A task waiting to be notified, and how it was, once it has been. */
interface NotifyWaiter {
  waker: Waker;
  notified: "no" | "one" | "all";
}

/** Wakes waiting tasks, one at a time in order, or all at once. */
export class Notify {
  // TODO: a WaitQueue<NotifyWaiter>, and the stored permit (a boolean).

  /** How many tasks are waiting. */
  get waiting(): number {
    throw new Error("not implemented: Notify.waiting");
  }

  /** A future that is ready once this task is notified (or a stored permit is there). */
  notified(): Notified {
    return new Notified(this);
  }

  /**
   * Wake the task that has waited longest. If none waits, store one permit (at most
   * one: two notifications with nobody waiting wake only one later waiter).
   */
  notifyOne(): void {
    throw new Error("not implemented: Notify.notifyOne");
  }

  /** Wake every task waiting right now. Stores no permit: later waiters still wait. */
  notifyWaiters(): void {
    throw new Error("not implemented: Notify.notifyWaiters");
  }

  /** Take the stored permit, if there is one. For {@linkcode Notified} only. */
  takePermit(): boolean {
    throw new Error("not implemented: Notify.takePermit");
  }

  /** Queue a waiter. For {@linkcode Notified} only. */
  wait(waiter: NotifyWaiter): void {
    void waiter;
    throw new Error("not implemented: Notify.wait");
  }

  /** Take a waiter out of the queue, if it is there. For {@linkcode Notified} only. */
  leave(waiter: NotifyWaiter): void {
    void waiter;
    throw new Error("not implemented: Notify.leave");
  }
}

/** The future {@linkcode Notify.notified} returns. */
export class Notified implements CancellableFuture<void> {
  #notify: Notify;
  // TODO: the waiter, once queued, and whether this future has finished.

  /** Made by {@linkcode Notify.notified}. */
  constructor(notify: Notify) {
    this.#notify = notify;
  }

  /** Ready once notified; the first poll takes a stored permit if there is one. */
  poll(cx: Context): Poll<void> {
    void cx, this.#notify;
    throw new Error("not implemented: Notified.poll");
  }

  /**
   * Stop waiting. A `notifyOne` this waiter received but never saw is passed on to the
   * next waiter: it was meant to wake somebody, and dropping it would lose a wake-up.
   */
  cancel(): void {
    throw new Error("not implemented: Notified.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
