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

import type { Context, Future, Poll } from "../01-futures/future.ts";
import type { Reactor } from "../06-io/reactor.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want PENDING and ready from "../01-futures/future.ts", and
// PolledAfterCompletionError from "../contract/errors.ts", and the Outcome type from
// "../contract/outcome.ts".

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
  // TODO: a promise whose executor makes a waker and polls the future as described
  // above; it settles once, with the future's value or what its poll threw.
  void future, loop;
  throw new Error("not implemented: toPromise");
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
  // TODO: the outcome once the promise settles, the waker of the latest poll, and
  // whether it is waiting, done or cancelled.

  constructor(promise: Promise<T>, reactor: Reactor) {
    // TODO: handle the promise at once, not on the first poll: it runs, and may
    // reject, whether or not anyone polls. The reactor must stop counting it as in
    // flight when this future is cancelled, though Deno cannot forget a promise.
    void promise, reactor;
    throw new Error("not implemented: PromiseFuture");
  }

  poll(cx: Context): Poll<T> {
    void cx;
    throw new Error("not implemented: PromiseFuture.poll");
  }

  /** Stop waiting: forget the waker, and end the reactor's watch now. */
  cancel(): void {
    throw new Error("not implemented: PromiseFuture.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
