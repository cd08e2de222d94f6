/**
 * Bridges between the two worlds: a runtime future awaited from an `async` function,
 * and a native promise awaited from a task.
 *
 * A promise is eager and pushes its result to callbacks; a future is lazy and is
 * polled. Each bridge turns one model into the other: `toPromise` polls the future
 * every time it wakes, and settles the promise with the result; `fromPromise` hands the
 * promise to lesson 06's reactor, which tells the event loop that something outside it
 * is still coming, and wakes the task when the promise settles.
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "../../lessons/01-futures/future.ts";
import type { Reactor, Watch } from "../../lessons/06-io/reactor.ts";
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import { type Outcome } from "../../lessons/contract/outcome.ts";

/**
 * Something that can be told "look again": an event loop, whose `notify()` ends its
 * park at once, or makes its next park return at once if it is not parked (polling's
 * `Poller::notify`, tokio's unpark).
 */
export interface Notifiable {
  /** Wake the loop from outside it: it looks at its tasks and timers again. */
  notify(): void;
}

/**
 * A promise of `future`'s result. The future is polled in a microtask at first and
 * again in a microtask after each wake, so a wake never polls it in the middle of
 * whatever called `wake()`.
 *
 * Those polls happen outside the event loop, maybe while it is parked, waiting for IO
 * or a deadline it knew of before the poll. If the poll set a new, earlier timer, or
 * woke one of the loop's tasks (a send to a task waiting on a channel), the loop would
 * sleep through it. So after every poll the `loop` (if given) is notified.
 */
export function toPromise<T>(future: Future<T>, loop?: Notifiable): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let queued = false;
    const poll = () => {
      queued = false;
      if (settled) return;
      try {
        const polled = future.poll(cx);
        if (!polled.ready) return;
        settled = true;
        resolve(polled.value);
      } catch (error) {
        settled = true;
        reject(error);
      } finally {
        // Ready or not, the poll may have set a timer or woken one of the loop's tasks.
        loop?.notify();
      }
    };
    const cx: Context = {
      waker: {
        wake() {
          if (queued || settled) return;
          queued = true;
          queueMicrotask(poll);
        },
      },
    };
    cx.waker.wake();
  });
}

/**
 * A future of `promise`'s outcome. The reactor watches the promise, so an event loop
 * with nothing else to do waits for it rather than reporting a deadlock. Cancelled,
 * it stops counting as in flight: a promise nobody waits for any more must not keep
 * the loop from seeing a deadlock.
 */
export function fromPromise<T>(
  promise: PromiseLike<T>,
  reactor: Reactor,
): CancellableFuture<T> {
  return new PromiseFuture(Promise.resolve(promise), reactor);
}

/** The future {@linkcode fromPromise} returns. */
class PromiseFuture<T> implements CancellableFuture<T> {
  #outcome: Outcome<T> | undefined;
  #waker: Context["waker"] | undefined;
  #state: "waiting" | "done" | "cancelled" = "waiting";
  #watch: Watch;

  constructor(promise: Promise<T>, reactor: Reactor) {
    // Watch the promise at once, not on the first poll: a promise runs and may
    // reject whether or not anyone polls, and a rejection nobody handles would be
    // reported by Deno.
    this.#watch = reactor.watch(promise, (outcome) => {
      if (this.#state !== "waiting") return;
      this.#outcome = outcome;
      const waker = this.#waker;
      this.#waker = undefined;
      waker?.wake();
    });
  }

  poll(cx: Context): Poll<T> {
    if (this.#state !== "waiting") {
      throw new PolledAfterCompletionError("fromPromise()");
    }
    const outcome = this.#outcome;
    if (outcome === undefined) {
      this.#waker = cx.waker;
      return PENDING;
    }
    this.#state = "done";
    if (!outcome.ok) throw outcome.error;
    return ready(outcome.value);
  }

  /**
   * Stop waiting: forget the waker, and detach the reactor's watch so the loop stops
   * counting a promise nobody waits for (Deno cannot forget the promise itself).
   */
  cancel(): void {
    if (this.#state !== "waiting") return;
    this.#state = "cancelled";
    this.#waker = undefined;
    this.#watch.detach();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
