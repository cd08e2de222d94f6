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
import type { Reactor } from "../../lessons/06-io/reactor.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import { type Outcome } from "../../lessons/contract/outcome.ts";

/**
 * A promise of `future`'s result. The future is polled in a microtask at first and
 * again in a microtask after each wake, so a wake never polls it in the middle of
 * whatever called `wake()`.
 *
 * Those polls happen outside the event loop, maybe while it is parked, waiting for IO
 * or a deadline it knew of before the poll. If the poll set a new, earlier timer, or
 * woke one of the loop's tasks (a send to a task waiting on a channel), the loop would
 * sleep through it. So after every poll a `reactor` (if given) is nudged: a settled
 * operation ends the park, and the loop looks at its tasks and timers again.
 */
export function toPromise<T>(future: Future<T>, reactor?: Reactor): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let queued = false;
    const poll = () => {
      queued = false;
      if (settled) return;
      try {
        const polled = future.poll(cx);
        if (reactor !== undefined) nudge(reactor);
        if (!polled.ready) return;
        settled = true;
        resolve(polled.value);
      } catch (error) {
        settled = true;
        reject(error);
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

/** End the loop's park, if it is parked: the reactor ends a park when anything settles. */
function nudge(reactor: Reactor): void {
  reactor.watch(Promise.resolve(), () => {});
}

/**
 * A future of `promise`'s outcome. The reactor watches the promise, so an event loop
 * with nothing else to do waits for it rather than reporting a deadlock.
 */
export function fromPromise<T>(
  promise: PromiseLike<T>,
  reactor: Reactor,
): Future<T> {
  return new PromiseFuture(Promise.resolve(promise), reactor);
}

/** The future {@linkcode fromPromise} returns. */
class PromiseFuture<T> implements Future<T> {
  #outcome: Outcome<T> | undefined;
  #waker: Context["waker"] | undefined;
  #taken = false;

  constructor(promise: Promise<T>, reactor: Reactor) {
    // Watch at once, not on the first poll: a promise runs and may reject whether or
    // not anyone polls, and a rejection nobody handles would be reported by Deno.
    reactor.watch(promise, (outcome) => {
      this.#outcome = outcome;
      const waker = this.#waker;
      this.#waker = undefined;
      waker?.wake();
    });
  }

  poll(cx: Context): Poll<T> {
    if (this.#taken) throw new PolledAfterCompletionError("fromPromise()");
    const outcome = this.#outcome;
    if (outcome === undefined) {
      this.#waker = cx.waker;
      return PENDING;
    }
    this.#taken = true;
    if (!outcome.ok) throw outcome.error;
    return ready(outcome.value);
  }
}
