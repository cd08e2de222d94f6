/**
 * Notify: wake a task without sending it anything. The hard part is the race it exists
 * to close: a task checks a condition, finds it false, and is about to wait, when the
 * notification comes. If the notification found nobody waiting and vanished, the task
 * would then wait forever: a lost wake-up. So a `notifyOne` that finds nobody waiting
 * leaves a permit behind, and the next `notified()` takes it and does not wait.
 *
 * @module
 */

import {
  type Context,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { WaitQueue } from "./wait_queue.ts";
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";

/** A task waiting to be notified, and how it was, once it has been. */
interface NotifyWaiter {
  waker: Waker;
  notified: "no" | "one" | "all";
}

/** Wakes waiting tasks, one at a time in order, or all at once. */
export class Notify {
  #waiters = new WaitQueue<NotifyWaiter>();
  #permit = false;

  /** How many tasks are waiting. */
  get waiting(): number {
    return this.#waiters.size;
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
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#permit = true;
      return;
    }
    waiter.notified = "one";
    waiter.waker.wake();
  }

  /** Wake every task waiting right now. Stores no permit: later waiters still wait. */
  notifyWaiters(): void {
    for (const waiter of this.#waiters.drain()) {
      waiter.notified = "all";
      waiter.waker.wake();
    }
  }

  /** Take the stored permit, if there is one. For {@linkcode Notified} only. */
  takePermit(): boolean {
    const had = this.#permit;
    this.#permit = false;
    return had;
  }

  /** Queue a waiter. For {@linkcode Notified} only. */
  wait(waiter: NotifyWaiter): void {
    this.#waiters.push(waiter);
  }

  /** Take a waiter out of the queue, if it is there. For {@linkcode Notified} only. */
  leave(waiter: NotifyWaiter): void {
    this.#waiters.remove(waiter);
  }
}

/** The future {@linkcode Notify.notified} returns. */
export class Notified implements CancellableFuture<void> {
  #notify: Notify;
  #waiter: NotifyWaiter | undefined;
  #done = false;

  /** Made by {@linkcode Notify.notified}. */
  constructor(notify: Notify) {
    this.#notify = notify;
  }

  /** Ready once notified; the first poll takes a stored permit if there is one. */
  poll(cx: Context): Poll<void> {
    if (this.#done) throw new PolledAfterCompletionError("a notified()");
    const waiter = this.#waiter;
    if (waiter === undefined) {
      if (this.#notify.takePermit()) return this.#finish();
      this.#waiter = { waker: cx.waker, notified: "no" };
      this.#notify.wait(this.#waiter);
      return PENDING;
    }
    if (waiter.notified !== "no") return this.#finish();
    waiter.waker = cx.waker;
    return PENDING;
  }

  /**
   * Stop waiting. A `notifyOne` this waiter received but never saw is passed on to the
   * next waiter: it was meant to wake somebody, and dropping it would lose a wake-up.
   */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    if (waiter.notified === "no") this.#notify.leave(waiter);
    else if (waiter.notified === "one") this.#notify.notifyOne();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  #finish(): Poll<void> {
    this.#done = true;
    return ready(undefined);
  }
}
