/**
 * A task is a future the executor owns, plus the bookkeeping to run it: whether it is
 * already in the run queue, and how it ended. The task is also the waker handed to its
 * future, so "wake me" means "put this task back in the run queue".
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import type { Outcome } from "../../lessons/contract/outcome.ts";
import { TaskError } from "../../lessons/contract/errors.ts";

/** What the run queue holds: something to run once, that can say whether it has ended. */
export interface Runnable {
  /** Poll once. */
  run(): void;
  /** True once the task has ended, with a value or an error. */
  readonly done: boolean;
}

/**
 * A future for the result of a spawned task, so one task can wait for another.
 * Ready with the task's value, or throws a {@linkcode TaskError} if the task failed.
 */
export class JoinHandle<T> implements Future<T> {
  #outcome: Outcome<T> | undefined;
  #waker: Waker | undefined;
  #taken = false;

  /** How the task ended, or `undefined` while it runs. */
  get outcome(): Outcome<T> | undefined {
    return this.#outcome;
  }

  /** The task's value once it has ended; until then, keep the waiter's waker. */
  poll(cx: Context): Poll<T> {
    if (this.#taken) throw new PolledAfterCompletionError("JoinHandle");
    if (this.#outcome === undefined) {
      this.#waker = cx.waker;
      return PENDING;
    }
    this.#taken = true;
    if (!this.#outcome.ok) throw new TaskError(this.#outcome.error);
    return ready(this.#outcome.value);
  }

  /** Record how the task ended and wake whoever waits. Called by the task, once. */
  settle(outcome: Outcome<T>): void {
    this.#outcome = outcome;
    const waker = this.#waker;
    this.#waker = undefined;
    waker?.wake();
  }
}

/** A spawned future, ready to be put in a run queue. */
export class Task<T> implements Runnable, Waker {
  /** The handle that reports how this task ends. */
  readonly handle: JoinHandle<T> = new JoinHandle<T>();
  #future: Future<T>;
  #schedule: (task: Runnable) => void;
  #scheduled = false;
  #done = false;

  /**
   * @param future what the task runs.
   * @param schedule puts the task in the run queue; the task calls it at most once
   * per run, however often it is woken.
   */
  constructor(future: Future<T>, schedule: (task: Runnable) => void) {
    this.#future = future;
    this.#schedule = schedule;
  }

  /** True once the task has ended. */
  get done(): boolean {
    return this.#done;
  }

  /** Put the task in the run queue, unless it is there already or has ended. */
  wake(): void {
    if (this.#scheduled || this.#done) return;
    this.#scheduled = true;
    this.#schedule(this);
  }

  /** Poll the future once. An error thrown by `poll` ends this task, and only it. */
  run(): void {
    if (this.#done) return;
    // Clear the flag before polling: a wake during the poll must queue the task again.
    this.#scheduled = false;
    let polled: Poll<T>;
    try {
      polled = this.#future.poll({ waker: this });
    } catch (error) {
      this.#finish({ ok: false, error });
      return;
    }
    if (polled.ready) this.#finish({ ok: true, value: polled.value });
  }

  #finish(outcome: Outcome<T>): void {
    this.#done = true;
    this.handle.settle(outcome);
  }
}
