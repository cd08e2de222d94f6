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
import {
  CancelledError,
  PolledAfterCompletionError,
  TaskError,
} from "../../lessons/contract/errors.ts";
import type { Outcome } from "../../lessons/contract/outcome.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";

/**
 * What the run queue holds: something to run once, that can say whether it has ended,
 * and that can be ended early (when its scheduler shuts down).
 */
export interface Runnable {
  /** Poll once. */
  run(): void;
  /** True once the task has ended, with a value or an error. */
  readonly done: boolean;
  /** End it now, unless it has ended. */
  cancel(): void;
}

/**
 * A future for the result of a spawned task, so one task can wait for another.
 * Ready with the task's value, or throws a {@linkcode TaskError} if the task failed
 * or was cancelled.
 *
 * Several tasks may wait on one handle: it keeps every waiting task's waker and
 * wakes them all when the task ends, and each gets the outcome once. Tasks are told
 * apart by their wakers (every task is its own waker), so a second poll by a waker
 * that has had the outcome is the usual poll after completion.
 *
 * @example
 * ```ts
 * const handle = executor.spawn(work);
 * console.log(handle.id, handle.outcome); // 1 undefined: still running
 * ```
 */
export class JoinHandle<T> implements CancellableFuture<T> {
  /** The task's id, given by its executor: 1 for its first task, then 2, 3, … */
  readonly id: number;
  #outcome: Outcome<T> | undefined;
  // A set, not one slot: with one slot, a second joiner's waker would push out the
  // first's, and the first would never be woken. Both sets are made when first
  // needed: most tasks are never joined, and a runtime has many tasks.
  #waiting: Set<Waker> | undefined;
  #served: WeakSet<Waker> | undefined;
  #cancelled = false;

  /** @param id the task's id. */
  constructor(id: number) {
    this.id = id;
  }

  /** How the task ended, or `undefined` while it runs. */
  get outcome(): Outcome<T> | undefined {
    return this.#outcome;
  }

  /** The task's value once it has ended; until then, keep the waiter's waker. */
  poll(cx: Context): Poll<T> {
    if (this.#cancelled || this.#served?.has(cx.waker)) {
      throw new PolledAfterCompletionError("JoinHandle");
    }
    const outcome = this.#outcome;
    if (outcome === undefined) {
      (this.#waiting ??= new Set()).add(cx.waker);
      return PENDING;
    }
    (this.#served ??= new WeakSet()).add(cx.waker);
    if (!outcome.ok) throw new TaskError(outcome.error);
    return ready(outcome.value);
  }

  /**
   * Stop waiting: forget every waiting waker and refuse later polls. It gives the
   * handle up for all its joiners, and leaves the task running.
   */
  cancel(): void {
    this.#cancelled = true;
    this.#waiting = undefined;
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** Record how the task ended and wake whoever waits. Only the first call counts. */
  settle(outcome: Outcome<T>): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    const waiting = this.#waiting;
    // Forget them before waking: a woken joiner may poll again at once.
    this.#waiting = undefined;
    for (const waker of waiting ?? []) waker.wake();
  }
}

/** A spawned future, ready to be put in a run queue. */
export class Task<T> implements Runnable, Waker {
  /** The handle that reports how this task ends. */
  readonly handle: JoinHandle<T>;
  #future: Future<T>;
  #schedule: (task: Runnable) => void;
  #scheduled = false;
  #done = false;

  /**
   * @param future what the task runs.
   * @param schedule puts the task in the run queue; the task calls it at most once
   * per run, however often it is woken.
   * @param id the task's id, which its handle reports.
   */
  constructor(
    future: Future<T>,
    schedule: (task: Runnable) => void,
    id: number,
  ) {
    this.#future = future;
    this.#schedule = schedule;
    this.handle = new JoinHandle<T>(id);
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

  /**
   * End the task without waiting for its future: cancel the future (so it lets go of
   * whatever it holds), and hand every joiner a {@linkcode TaskError} whose
   * `cancelled` is true. A task that has ended already is left as it is.
   */
  cancel(): void {
    if (this.#done) return;
    // Ended first: a wake from inside the future's cancel must not queue it again.
    this.#done = true;
    try {
      cancel(this.#future);
    } finally {
      this.handle.settle({ ok: false, error: new CancelledError() });
    }
  }

  #finish(outcome: Outcome<T>): void {
    this.#done = true;
    this.handle.settle(outcome);
  }
}
